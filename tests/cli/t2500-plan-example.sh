#!/bin/sh
# t2500-plan-example.sh — the shipped example portfolio plans, and the plan is no worse
# than running everything in the cloud or everything on-prem.
. "${srcdir:-.}/tests/cli/lib.sh"

EXAMPLE="$srcdir/data/examples/portfolio.xml"

for obj in co2e cost; do
	run plan "$EXAMPLE" --objective "$obj" --format json -q
	expect_ok "example, --objective $obj" || continue
	printf '%s' "$out" | python3 -c "
import json, sys
j = json.load(sys.stdin)
key = {'co2e': 'co2e_kg', 'cost': 'cost_usd'}['$obj']
p = j['plan']
if not p['feasible'] or len(j['assignments']) != 11:
    sys.exit('no plan for the 11 workloads')
for name, b in j['baselines'].items():
    if b['feasible'] and p[key] > b[key] * (1 + 1e-9):
        sys.exit('the plan (%g) is worse than %s (%g)' % (p[key], name, b[key]))
if p['cost_usd'] > j['budget_usd']:
    sys.exit('over budget')
for a in j['assignments']:
    if 'candidate' not in a['estimate']:
        sys.exit('an assignment has no estimate')
" || fail "example, --objective $obj"
done

run plan "$EXAMPLE"
expect_ok "example, table" && expect_out_match "^plan for 11 workloads over 3 y, least co2e, budget " "title" &&
	expect_out_match "^all-cloud " "all-cloud baseline" && expect_out_match "^all-on-prem " "all-on-prem baseline" &&
	expect_out_match "^resnet50-imagenet +train +24 " "an assignment"

run plan "$EXAMPLE" --format csv
expect_ok "example, CSV" && expect_out_match "^workload,task,runs,placement,co2e_kg,energy_kwh,cost_usd$" "CSV header"

finish
