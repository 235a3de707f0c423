#!/bin/sh
# t2510-plan-baselines.sh — plan on the tiny cloud and site: never worse than either
# baseline, within the budget when it binds, buying servers when that pays, and never
# beyond the sites' node-hours or power.
. "${srcdir:-.}/tests/cli/lib.sh"

T="$FIXTURES/optimize"
W="$T/workloads"

# check KEY [BUDGET]: plan <= each feasible baseline; capacity and budget respected
check() {
	printf '%s' "$out" | python3 -c "
import json, sys
j = json.load(sys.stdin)
key, budget = '$1', float('${2:-0}')
p = j['plan']
if not p['feasible']:
    sys.exit('no plan')
for name, b in j['baselines'].items():
    if b['feasible'] and p[key] > b[key] * (1 + 1e-9):
        sys.exit('the plan (%g) is worse than %s (%g)' % (p[key], name, b[key]))
for s in p['sites']:
    if s['node_hours'] > s['node_hours_available'] * (1 + 1e-9):
        sys.exit('%s: %g node-hours used of %g' % (s['node'], s['node_hours'], s['node_hours_available']))
if budget > 0 and p['cost_usd'] > budget * (1 + 1e-9):
    sys.exit('%g USD over the budget of %g' % (p['cost_usd'], budget))
print(p[key])
"
}

for obj in co2e energy cost; do
	run --catalog "$T/tiny.xml" plan "$W/tiny.xml" --providers tp --objective "$obj" --format json
	expect_ok "tiny, --objective $obj" || continue
	key=$(case $obj in co2e) echo co2e_kg ;; energy) echo energy_kwh ;; *) echo cost_usd ;; esac)
	check "$key" >/dev/null || fail "tiny, --objective $obj: $(check "$key" 2>&1)"
done

# a budget that binds: within it, and more CO2e than without it
run --catalog "$T/tiny.xml" plan "$W/tiny.xml" --providers tp --format json
free=$(json_get "j['plan']['co2e_kg']")
run --catalog "$T/tiny.xml" plan "$W/tiny.xml" --providers tp --budget 5000 --format json
expect_ok "budget 5000" && co2e=$(check co2e_kg 5000) || fail "budget 5000: $(check co2e_kg 5000 2>&1)"
python3 -c "import sys; sys.exit(0 if ${co2e:-0} > $free else 1)" || fail "the budget did not bind"
[ "$(json_get "j['baselines']['all_cloud']['feasible']")" = False ] ||
	fail "all-cloud fits a budget of 5000 USD"

# more work than the owned servers can do: buying pays
run --catalog "$T/tiny.xml" --catalog "$T/cheap-servers.xml" plan "$W/heavy.xml" --providers tp --format json
expect_ok "heavy" && check cost_usd >/dev/null || fail "heavy: $(check cost_usd 2>&1)"
[ "$(json_get "sum(s['buy'] for s in j['plan']['sites'])")" -ge 1 ] || fail "heavy: nothing bought"
python3 -c "import sys; sys.exit(0 if $(json_get "j['plan']['capex_usd']") > 0 and $(json_get "j['plan']['cost_usd']") < $(json_get "j['baselines']['all_cloud']['cost_usd']") else 1)" ||
	fail "heavy: buying did not beat the cloud"

# ... unless the site has no power for another server
run --catalog "$T/tiny.xml" --catalog "$T/cheap-servers.xml" --catalog "$T/low-power.xml" \
	plan "$W/heavy.xml" --providers tp --format json
expect_ok "low power" && check cost_usd >/dev/null || fail "low power: $(check cost_usd 2>&1)"
[ "$(json_get "sum(s['buy'] for s in j['plan']['sites'])")" -eq 0 ] || fail "low power: bought beyond the power cap"

# a mix under a budget for CO2e: every baseline is out of budget or dirtier
run --catalog "$T/tiny.xml" --catalog "$T/cheap-servers.xml" plan "$W/heavy.xml" --providers tp \
	--objective co2e --budget 50000 --format json
expect_ok "heavy, CO2e within 50,000 USD" && check co2e_kg 50000 >/dev/null ||
	fail "heavy, CO2e within 50,000 USD: $(check co2e_kg 50000 2>&1)"

finish
