#!/bin/sh
# t2100-recommend-confidence.sh — limits against the range (issue 8, item 2): with the
# default --confidence central a plan that meets a limit at its central estimate but breaks
# it at the high end says so; with --confidence high the limit holds at the high end.
. "${srcdir:-.}/tests/cli/lib.sh"

TINY="$FIXTURES/optimize/tiny.xml"
REC="--catalog $TINY recommend resnet18 --epochs 10 --providers tp"

# The least-CO2e plan is 32 x opt-gpu-b (4 x tp:b8) in tp:clean: 14.37 s (13.61 to 27.59 s),
# 0.96 USD (0.91 to 1.84 USD); the estimate of that placement says so.
run --catalog "$TINY" estimate resnet18 --train --epochs 10 --instance tp:b8 --instances 4 \
	--region tp:clean
expect_ok "estimate of the best plan" &&
	expect_out_match "time +14.37 s \(13.61 to 27.59 s\)" "the 32-device plan's time range"

# central: a 20 s deadline is met at 14.37 s, but the slow end (27.59 s) breaks it
run $REC --deadline 20s --format json
expect_ok "--deadline 20s, central" || finish
[ "$(json_get "j['confidence']")" = central ] || fail "the default confidence is not central"
[ "$(json_get "j['best']['candidate']['count']")" = 32 ] || fail "central: not the 32-device plan"
[ "$(json_get "[b['constraint'] for b in j['high_end_breaks']]")" = "['deadline']" ] ||
	fail "central: the deadline's break at the high end is not reported: $(json_get "j['high_end_breaks']")"
close_to "$(json_get "j['high_end_breaks'][0]['high']")" 27.5858 1e-4 ||
	fail "central: the high end is $(json_get "j['high_end_breaks'][0]['high']") s, not 27.59 s"
run $REC --deadline 20s
expect_ok "--deadline 20s, text" &&
	expect_out_match "^caution: at the high end of its range the plan takes 27.59 s, beyond --deadline 20 s" \
		"the text says the high end breaks the deadline"

# high: 32 devices are too slow at the high end; 64 (communication-bound, 14.79 s with no
# spread) are the least-CO2e plan whose slow end meets 20 s
run $REC --deadline 20s --confidence high --format json
expect_ok "--deadline 20s, high" || finish
[ "$(json_get "j['best']['candidate']['count']")" = 64 ] ||
	fail "high: expected 64 devices, got $(json_get "j['best']['candidate']['count']")"
python3 -c "import sys; sys.exit(0 if $(json_get "j['best']['total']['time_high_s']") <= 20 else 1)" ||
	fail "high: the plan's high end breaks the deadline"
[ "$(json_get "j['high_end_breaks']")" = "[]" ] || fail "high: a break reported"
[ "$(json_get "j['binding']")" = "['deadline', 'providers']" ] ||
	fail "high: the deadline should bind: $(json_get "j['binding']")"

# a budget: 1.20 USD holds at the centre (0.96 USD) but not at the high end (1.84 USD) in
# tp:clean; with high the plan moves to tp:cheap, 0.575 USD (0.546 to 1.103 USD)
run $REC --max-cost 1.2
expect_ok "--max-cost, central" &&
	expect_out_match "^caution: at the high end of its range the plan costs 1.84 USD, beyond --max-cost 1.20 USD" \
		"the text says the high end breaks the budget"
run $REC --max-cost 1.2 --confidence high --format json
expect_ok "--max-cost, high" || finish
[ "$(json_get "j['best']['candidate']['region']")" = tp:cheap ] ||
	fail "high: expected tp:cheap, got $(json_get "j['best']['candidate']['region']")"
close_to "$(json_get "j['best']['total']['cost_high_usd']")" 1.10343 1e-4 ||
	fail "high: cost high end $(json_get "j['best']['total']['cost_high_usd']")"

# infeasible at the high end: what the limit would have to become is the high end
run $REC --deadline 10s --confidence high
expect_status 1 "--deadline 10s, high" &&
	expect_out_match "the fastest plan meeting --providers tp takes [0-9.]+ s at the high end of its range" \
		"why: at the high end"

run $REC --confidence medium
expect_status 2 "--confidence medium" && expect_one_line_error "--confidence medium"
expect_err_match "use central or high" "--confidence medium: the message"

finish
