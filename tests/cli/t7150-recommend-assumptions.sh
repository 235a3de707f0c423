#!/bin/sh
# t7150-recommend-assumptions.sh — candidates are ranked without assumption text
# (issue 14 item 2), so whatever recommend prints is estimated again with it: every plan
# it shows (the best, the alternatives, the Pareto points, and each plan's parts) carries
# the assumptions, values and figures that `mlfit estimate` gives for the same placement.
. "${srcdir:-.}/tests/cli/lib.sh"

WL="--model llama-2-70b --train --tokens 2e12"

# shellcheck disable=SC2086
run recommend $WL --top 3 --pareto --format json
expect_ok "recommend 70B, --top 3 --pareto" || finish
printf '%s' "$out" >"$WORK/rec.json"

# every printed plan, once per placement: instance, instances, region
python3 - "$WORK/rec.json" >"$WORK/plans" <<'PY' || fail "a printed plan has no assumptions"
import json, sys
j = json.load(open(sys.argv[1]))
plans = [("best", j["best"])] + [("alternative", a) for a in j["alternatives"]] + \
        [("pareto", p) for p in j["pareto"]]
bad, seen = [], set()
for what, p in plans:
    for part in [p] + p["parts"]:
        if not part["assumptions"]:
            bad.append(what)
    c = p["candidate"]
    key = (c["instance"], c["instances"], c["region"])
    if c["instance"] and key not in seen:
        seen.add(key)
        print(*key)
if len(plans) < 5 or len(seen) < 3:
    bad.append("only %d plans at %d placements" % (len(plans), len(seen)))
if bad:
    sys.exit("; ".join(bad))
PY
count=$((count + 1))

# each placement's assumptions and figures are those of `mlfit estimate`
while read -r instance instances region; do
	# shellcheck disable=SC2086
	run estimate $WL --instance "$instance" --instances "$instances" --region "$region" \
		--format json
	expect_ok "estimate on $instances x $instance in $region" || continue
	printf '%s' "$out" | python3 -c '
import json, sys
rec = json.load(open(sys.argv[1]))
key = (sys.argv[2], int(sys.argv[3]), sys.argv[4])
est = json.load(sys.stdin)
plans = [rec["best"]] + rec["alternatives"] + rec["pareto"]
for p in plans:
    c = p["candidate"]
    if (c["instance"], c["instances"], c["region"]) != key:
        continue
    for k in ("assumptions", "time_s", "time_s_low", "time_s_high", "layout", "co2e_kg",
              "energy_kwh", "cost_usd", "memory_need_bytes"):
        if p["parts"][0][k] != est[k]:
            sys.exit("%s: %s in recommend, %s in estimate" % (k, p["parts"][0][k], est[k]))
' "$WORK/rec.json" "$instance" "$instances" "$region" ||
		fail "recommend and estimate differ on $instances x $instance in $region"
	count=$((count + 1))
done <"$WORK/plans"

# the text output prints the best plan's assumptions, with their sources
# shellcheck disable=SC2086
run recommend $WL
expect_ok "recommend 70B, text" &&
	expect_out_match "^  layout +TP [0-9]+ x PP [0-9]+ x DP [0-9]+.*\[narayanan-2021 korthikanti-2022\]$" \
		"the layout assumption in the text output"
finish
