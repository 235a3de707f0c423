#!/bin/sh
# t7180-plan-time-limit-message.sh — when the solver finds no plan within --time-limit,
# the one-line error names the limit the user set.  The large program's own search
# (optimize_portfolio.c, for programs of 1,000 columns or more) used to hand GLPK only
# the time left over and GLPK's message printed that: "(0.001 s)" for any short limit.
# 0.5 ms is below GLPK's millisecond, so it cannot be what is left over.
. "${srcdir:-.}/tests/cli/lib.sh"

python3 "$srcdir/bench/gen-portfolio.py" 1000 "$WORK/site.xml" >"$WORK/portfolio.xml" ||
	{ fail "gen-portfolio.py"; finish; }
run --catalog "$WORK/site.xml" plan "$WORK/portfolio.xml" --format json -q
expect_ok "1000 workloads" || finish
budget=$(python3 -c "print(round($(json_get "j['plan']['cost_usd']") * 0.5))")
cols=$(json_get "j['stats']['columns']")
[ "$cols" -ge 1000 ] || fail "the program has $cols columns: the large programs' search is not taken"

run --catalog "$WORK/site.xml" plan "$WORK/portfolio.xml" --budget "$budget" --time-limit 0.5ms
expect_status 4 "--time-limit 0.5ms" && expect_one_line_error "--time-limit 0.5ms" &&
	expect_err_match "^mlfit: the solver found no plan within its time limit \(0\.0005 s\); allow more with --time-limit$" \
		"--time-limit 0.5ms: the limit set"
finish
