#!/bin/sh
# t3010-report-plan.sh — `mlfit report plan` on the example portfolio, in every
# format: the numbers of the text, tables and charts are the JSON's; the HTML is
# XHTML-compatible, self-contained and has every chart; buy vs rent, the break-even
# utilisation and the discounting follow the formulas of the Method section
# (recomputed here from the JSON's inputs); the sensitivity re-solves, on the
# country and on the provider grid basis, and says in words what each end chose.
. "${srcdir:-.}/tests/cli/lib.sh"
PORTFOLIO="$srcdir/data/examples/portfolio.xml"

for f in json md tex html; do
	run report plan "$PORTFOLIO" -o "$WORK/plan.$f"
	expect_ok "plan report, $f" || finish
	[ -s "$WORK/plan.$f" ] || fail "plan.$f is empty"
done
python3 "$srcdir/tests/cli/check_report.py" plan "$WORK/plan.json" "$WORK/plan.md" \
	"$WORK/plan.tex" "$WORK/plan.html" || fail "plan report: numbers, markup or charts"
count=$((count + 1))

# the report's result is what `mlfit plan` prints for the same input
run plan "$PORTFOLIO" --format json
expect_ok "plan JSON" && printf '%s' "$out" >"$WORK/plain.json"
python3 - "$WORK/plan.json" "$WORK/plain.json" <<'PY' || fail "the report's result is not plan's JSON"
import json, sys
r = json.load(open(sys.argv[1]))["result"]
p = json.load(open(sys.argv[2]))
for k in ("co2e_kg", "energy_kwh", "cost_usd", "capex_usd"):
    assert abs(r["plan"][k] - p["plan"][k]) <= 1e-9 * max(1, abs(p["plan"][k])), k
assert [a["workload"] for a in r["assignments"]] == [a["workload"] for a in p["assignments"]]
PY
count=$((count + 1))

# buy vs rent and the break-even utilisation, recomputed from their inputs
python3 - "$WORK/plan.json" <<'PY' || fail "buy vs rent or break-even"
import json, sys
j = json.load(open(sys.argv[1]))
d, r = j["derived"], j["result"]
bv = d["buy_vs_rent"]
M = bv["months"]
assert M == 36, M
rent, buy = bv["series"][0]["cumulative_usd"], bv["series"][1]["cumulative_usd"]
cloud, prem = r["baselines"]["all_cloud"], r["baselines"]["all_on_prem"]
# undiscounted: month 0 is the purchases, month M the whole cost
assert rent[0] == 0 and abs(rent[M] - cloud["cost_usd"]) < 1e-6 * cloud["cost_usd"]
assert buy[0] == prem["capex_usd"] and abs(buy[M] - prem["cost_usd"]) < 1e-6 * prem["cost_usd"]
# the crossover: the first month from which buying costs no more than renting, or none
# (the example site's owned servers hold its services, so it buys nothing and the
# crossover is the first month; the check holds for any series)
first = next((m for m in range(1, M + 1) if buy[m] <= rent[m] and all(
    buy[k] <= rent[k] for k in range(m, M + 1))), None)
assert bv["crossover_month"] == first, (bv["crossover_month"], first)
b = d["breakeven"]
H = r["horizon_s"] / 3600
A = b["discount_factor"]
price = b["electricity_usd_per_kwh"] / 1000            # USD per Wh
I = b["idle_power_w"] * b["pue"] * price
B = b["busy_power_w"] * b["pue"] * price
R = b["rent_usd_per_device_hour"] * 8                   # a DGX H100 holds 8 devices
u = (b["capex_usd"] / H + A * I) / (A * (R - B + I))
assert abs(u - b["breakeven_utilisation"]) < 1e-9, (u, b["breakeven_utilisation"])
assert b["node"] == "nvidia-dgx-h100" and b["capex_usd"] == 269000 and A == 1
# at the break-even the owned curve crosses the rent line
curve = b["curve"]
below = [c["utilisation"] for c in curve if c["owned_usd_per_device_hour"] <= c["rent_usd_per_device_hour"]]
assert below and min(below) >= u - 1e-9 and min(below) - 0.05 < u, (below[:2], u)
# the plan is on its own front among the options compared
assert d["options"][0]["on_front"]
PY
count=$((count + 1))

# with a discount rate, month m's flow is divided by (1 + r)^(m/12)
run report plan "$PORTFOLIO" --discount-rate 5% --no-sensitivity -o "$WORK/npv.json"
expect_ok "discounted"
python3 - "$WORK/npv.json" <<'PY' || fail "discounting"
import json, sys
j = json.load(open(sys.argv[1]))
bv, r = j["derived"]["buy_vs_rent"], j["result"]
cost = r["baselines"]["all_cloud"]["cost_usd"]
want = sum(cost / 36 * 1.05 ** (-k / 12) for k in range(1, 37))
got = bv["series"][0]["cumulative_usd"][36]
assert abs(got - want) < 1e-6 * want, (got, want)
assert bv["discount_rate"] == 0.05 and j["derived"]["sensitivity"] is None
assert abs(j["derived"]["breakeven"]["discount_factor"] - want / cost) < 1e-9
PY
count=$((count + 1))

# sensitivity: every input re-solved at both ends, and the words say for each end
# whether the re-solved choice differs from the central one
python3 - "$WORK/plan.json" "$WORK/plan.md" <<'PY' || fail "sensitivity"
import json, sys
j = json.load(open(sys.argv[1]))
s = {x["input"]: x for x in j["derived"]["sensitivity"]}
assert set(s) == {"efficiency", "load", "grid_intensity", "pue", "electricity_price",
                  "utilisation", "device_lifetime"}
assert not s["electricity_price"]["varied"] and s["electricity_price"]["why_not"]
for k in ("efficiency", "load", "grid_intensity", "pue", "device_lifetime"):
    assert s[k]["varied"] and s[k]["at_low"]["status"] == 0 and s[k]["at_high"]["status"] == 0, k
central = j["result"]["plan"]["co2e_kg"]
# a longer life spreads embodied CO2e thinner: less CO2e
assert s["device_lifetime"]["at_high"]["co2e_kg"] < central < s["device_lifetime"]["at_low"]["co2e_kg"]
# on the default (country) basis the re-solves read each region's own figure, at the
# lower/higher of it and its country's: aws:eu-north-1 publishes 8.8 g/kWh (CCF) against
# Sweden's 35.8 (OWID), so the low end emits less and leaves gcp:europe-west6; the central
# plan's regions publish less than their countries, so at the high end it stays optimal
g = s["grid_intensity"]
assert g["low"] == "the lower of each region's figure and its country's", g
assert g["at_low"]["co2e_kg"] < central - 1, (g, central)
assert abs(g["at_high"]["co2e_kg"] - central) < 1e-6 * central, (g, central)
assert g["at_low"]["choice_changes"] and "gcp:europe-west6" not in g["at_low"]["choice"], g
PY
count=$((count + 1))
python3 "$srcdir/tests/cli/check_sensitivity.py" "$WORK/plan.json" "$WORK/plan.md" ||
	fail "the sensitivity's words are not the re-solved choices"
count=$((count + 1))

# on the provider basis the central run is plan's on that basis (the basis reaches the
# catalog the report loads) and the grid varies each region's own figure up to its
# country's: gcp:northamerica-northeast1 (Quebec's hydro) is then no longer the cleanest.
# On either basis no placement's figure rises at the low end or falls at the high end,
# so neither does the least CO2e.
run report plan "$PORTFOLIO" --grid-basis provider -o "$WORK/provider.json"
expect_ok "provider basis" && run report plan "$PORTFOLIO" --grid-basis provider -o "$WORK/provider.md"
expect_ok "provider basis, md"
run plan "$PORTFOLIO" --grid-basis provider --format json
expect_ok "plan, provider basis" && printf '%s' "$out" >"$WORK/provider-plain.json"
python3 - "$WORK/provider.json" "$WORK/provider-plain.json" "$WORK/plan.json" <<'PY' || fail "provider"
import json, sys
j = json.load(open(sys.argv[1]))
p = json.load(open(sys.argv[2]))
central = j["result"]["plan"]["co2e_kg"]
assert abs(central - p["plan"]["co2e_kg"]) <= 1e-9 * central, (central, p["plan"]["co2e_kg"])
g = {x["input"]: x for x in j["derived"]["sensitivity"]}["grid_intensity"]
country = json.load(open(sys.argv[3]))
c_central = country["result"]["plan"]["co2e_kg"]
c_g = {x["input"]: x for x in country["derived"]["sensitivity"]}["grid_intensity"]
for ends, mid in ((g, central), (c_g, c_central)):
    assert ends["at_low"]["co2e_kg"] <= mid * (1 + 1e-9) <= ends["at_high"]["co2e_kg"] * (1 + 2e-9), \
        (ends, mid)
assert g["low"] == "the lower of each region's figure and its country's", g
assert g["at_high"]["co2e_kg"] > central + 1, (g, central)
assert g["at_high"]["choice_changes"], g
assert "gcp:northamerica-northeast1" not in g["at_high"]["choice"], g
PY
count=$((count + 1))
python3 "$srcdir/tests/cli/check_sensitivity.py" "$WORK/provider.json" "$WORK/provider.md" ||
	fail "the sensitivity's words are not the re-solved choices (provider basis)"
count=$((count + 1))
finish
