#!/bin/sh
# t2030-recommend-pareto.sh — the Pareto front is non-dominated and runs from the least
# CO2e to the least cost (or time); alternatives come in order.
. "${srcdir:-.}/tests/cli/lib.sh"

TINY="$FIXTURES/optimize/tiny.xml"

# check_front AXIS_KEY: no point dominates another; ends are the two optima
check_front() {
	printf '%s' "$out" | python3 -c "
import json, sys
j = json.load(sys.stdin)
key = '$1'
pts = [(p['co2e_kg']['total'], p['total'][key]) for p in j['pareto']]
if len(pts) < 2:
    sys.exit('front has %d points' % len(pts))
for i, a in enumerate(pts):
    for k, b in enumerate(pts):
        if i != k and b[0] <= a[0] and b[1] <= a[1] and (b[0] < a[0] * (1 - 1e-9) or b[1] < a[1] * (1 - 1e-9)):
            sys.exit('point %d %s is dominated by point %d %s' % (i, a, k, b))
if abs(pts[0][0] - j['best']['co2e_kg']['total']) > 1e-9 * pts[0][0]:
    sys.exit('the front does not start at the best plan')
if sorted(pts) != pts:
    sys.exit('the front is not ordered by CO2e')
print(pts[-1][1])
"
}

run --catalog "$TINY" recommend resnet18 --epochs 10 --providers tp --max-devices 16 --pareto --format json
expect_ok "--pareto" || finish
last=$(check_front cost_usd) || fail "cost front: $last"
run --catalog "$TINY" recommend resnet18 --epochs 10 --providers tp --max-devices 16 --objective cost --format json
close_to "$last" "$(json_get "j['best']['cost_usd']")" 1e-6 || fail "the front does not end at the cheapest plan"

run --catalog "$TINY" recommend bert-base --tokens 5e9 --batch 256 --providers tp --pareto=time --format json
expect_ok "--pareto=time" || finish
last=$(check_front time_s) || fail "time front: $last"
run --catalog "$TINY" recommend bert-base --tokens 5e9 --batch 256 --providers tp --objective time --format json
close_to "$last" "$(json_get "j['best']['time_s']")" 1e-6 || fail "the time front does not end at the fastest plan"

# the front on the whole catalog, as a table
run recommend resnet50 --epochs 90 --pareto
expect_ok "--pareto, whole catalog" && expect_out_match "^Pareto front \\(co2e against cost\\)" "front title"

# alternatives: the next best, in order, none better than the best
run --catalog "$TINY" recommend resnet18 --epochs 10 --providers tp --top 5 --format json
expect_ok "--top 5" || finish
[ "$(json_get "len(j['alternatives'])")" = 5 ] || fail "--top 5 gave $(json_get "len(j['alternatives'])")"
json_get "[a['co2e_kg']['total'] for a in j['alternatives']]" | python3 -c "
import sys, ast
v = ast.literal_eval(sys.stdin.read())
sys.exit(0 if v == sorted(v) else 1)" || fail "alternatives are not in order of CO2e"
python3 -c "import sys; sys.exit(0 if $(json_get "j['alternatives'][0]['co2e_kg']['total']") >= $(json_get "j['best']['co2e_kg']['total']") else 1)" ||
	fail "an alternative is better than the best"

finish
