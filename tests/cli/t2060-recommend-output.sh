#!/bin/sh
# t2060-recommend-output.sh — the JSON contract, CSV, the table, --write-lp (glpsol solves
# the written model to the same optimum), and README's first command.
. "${srcdir:-.}/tests/cli/lib.sh"

TINY="$FIXTURES/optimize/tiny.xml"

run --catalog "$TINY" recommend resnet18 --epochs 10 --providers tp --top 2 --pareto --format json
expect_ok "JSON" || finish
printf '%s' "$out" | python3 -c "
import json, sys
j = json.load(sys.stdin)
for key in ('objective', 'best', 'alternatives', 'pareto', 'binding', 'confidence', 'high_end_breaks', 'infeasible', 'stats'):
    if key not in j:
        sys.exit('no ' + key)
b = j['best']
for key in ('candidate', 'time_s', 'energy_kwh', 'co2e_kg', 'cost_usd', 'assumptions', 'total', 'parts', 'status'):
    if key not in b:
        sys.exit('best has no ' + key)
c = b['candidate']
if (c['device'], c['count'], c['instance'], c['provider'], c['region']) != ('opt-gpu-a', 1, 'tp:a1', 'tp', 'tp:clean'):
    sys.exit('unexpected best: %s' % c)
if len(j['alternatives']) != 2 or not all('candidate' in a for a in j['alternatives']):
    sys.exit('alternatives')
if j['binding'] != ['providers']:
    sys.exit('binding: %s' % j['binding'])
s = j['stats']
if not (s['enumerated'] >= s['candidates'] >= s['fit'] >= s['feasible'] >= s['model_items'] >= 1):
    sys.exit('stats out of order: %s' % s)
" || fail "the JSON contract"

run --catalog "$TINY" recommend resnet18 --epochs 10 --providers tp --top 1 --format csv
expect_ok "CSV" && expect_out_match "^role,rank,part,units,rate_per_s,device,count,instance,region," "CSV header" &&
	expect_out_match "^best,1,1,1,0,opt-gpu-a,1,tp:a1,tp:clean," "CSV best" &&
	expect_out_match "^alternative,1,1," "CSV alternative"

run --catalog "$TINY" recommend resnet18 --epochs 10 --providers tp --on-prem opt-site --max-cost 0.8 --deadline 1h
expect_ok "table" && expect_out_match "^recommendation \\(least CO2e\\): " "table title" &&
	expect_out_match "^binding constraints: max-cost, providers$" "table binding line"

# the model as written is the unpruned one; glpsol finds the same optimum in it
if command -v glpsol >/dev/null 2>&1; then
	run --catalog "$TINY" recommend resnet18 --epochs 10 --providers tp --max-cost 2 \
		--write-lp "$WORK/model.lp" --format json
	expect_ok "--write-lp" || finish
	best=$(json_get "j['best']['co2e_kg']['total']")
	glpsol --lp "$WORK/model.lp" -o "$WORK/model.out" >/dev/null 2>&1 || fail "glpsol failed"
	grep -q "INTEGER OPTIMAL" "$WORK/model.out" || fail "glpsol: not optimal"
	lp=$(sed -n 's/^Objective: *obj = \([0-9.e+-]*\).*/\1/p' "$WORK/model.out")
	close_to "$lp" "$best" 1e-6 || fail "glpsol's optimum $lp kg differs from recommend's $best kg"
	grep -q "^ max_cost: " "$WORK/model.lp" || fail "the LP file has no max_cost row"
	[ "$(grep -c ' x_tp_' "$WORK/model.lp")" -ge 40 ] || fail "the LP file is pruned"
fi

# a model that cannot be written leaves nothing behind and says why
run --catalog "$TINY" recommend resnet18 --epochs 10 --providers tp --write-lp "$WORK/no/such/dir/model.lp"
expect_status 3 "--write-lp into a missing directory" && expect_one_line_error "--write-lp into a missing directory" &&
	expect_err_match "cannot write the model to '.*/no/such/dir/model.lp'" "--write-lp error"
# the written file appears whole, under its name only: no temporary is left beside it
[ "$(ls "$WORK" | grep -c '^model\.lp\.')" -eq 0 ] || fail "--write-lp left a temporary file"

# README's first command
run recommend --model resnet50 --train --epochs 90
expect_ok "README command" && expect_out_match "^recommendation \\(least CO2e\\): [0-9]+ x " "README command"

finish
