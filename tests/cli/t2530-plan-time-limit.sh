#!/bin/sh
# t2530-plan-time-limit.sh — a solver that runs out of time returns the best plan found,
# marked as not proven optimal, with a warning, and still within the budget.
. "${srcdir:-.}/tests/cli/lib.sh"

python3 "$srcdir/bench/gen-portfolio.py" 1000 "$WORK/site.xml" >"$WORK/portfolio.xml" ||
	{ fail "gen-portfolio.py"; finish; }

run --catalog "$WORK/site.xml" plan "$WORK/portfolio.xml" --format json -q
expect_ok "1000 workloads" || finish
budget=$(python3 -c "print(round($(json_get "j['plan']['cost_usd']") * 0.5))")

# proving a 1,000-workload knapsack optimal (gap 0) takes GLPK far longer than a second
run --catalog "$WORK/site.xml" plan "$WORK/portfolio.xml" --budget "$budget" --gap 0 \
	--time-limit 1 --format json
expect_status 0 "time limit" && expect_err_match "stopped at its time limit: the plan is the best found, not proven optimal" \
	"time limit warning"
[ "$(json_get "j['plan']['status']")" = "time limit" ] || fail "status: $(json_get "j['plan']['status']")"
python3 -c "import sys; sys.exit(0 if $(json_get "j['plan']['cost_usd']") <= $budget * (1 + 1e-9) else 1)" ||
	fail "the plan found in time is over the budget"
[ "$(json_get "len(j['assignments'])")" = 1000 ] || fail "not every workload is placed"

run --catalog "$WORK/site.xml" plan "$WORK/portfolio.xml" --budget "$budget" --gap 0 --time-limit 1
expect_status 0 "time limit, table" && expect_out_match "^not proven optimal: the solver stopped at its time limit" \
	"the table says so"

finish
