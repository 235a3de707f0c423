#!/bin/sh
# t2620-plan-baselines-why.sh — an infeasible baseline says why (issue 8, item 6): the
# workload it cannot place and what keeps it out, or what the cheapest such plan costs
# against the budget.
. "${srcdir:-.}/tests/cli/lib.sh"

TINY="$FIXTURES/optimize/tiny.xml"
W="$FIXTURES/optimize/workloads"

# ResNet-50 for 2 epochs in batches of 4096 within 125 s: 32 x opt-gpu-b or more in the cloud
# (122.5 s on 32); the site's owned 8 x opt-gpu-a (327.9 s) and buyable 24 x opt-gpu-b
# (129.8 s) take longer (two epochs of estimate_cnn.c's eager overhead and evaluation each)
run --catalog "$TINY" plan "$W/deadline-cloud.xml" --providers tp --format json
expect_ok "a job only the cloud can do" || finish
[ "$(json_get "j['baselines']['all_on_prem']['feasible']")" = False ] || fail "all-on-prem should not be possible"
json_get "j['baselines']['all_on_prem']['why']" |
	grep -q "^'rush' has no on-prem option (no node type the sites own or may buy fits it and meets its deadline" ||
	fail "all-on-prem: why is '$(json_get "j['baselines']['all_on_prem'].get('why')")'"
[ "$(json_get "j['baselines']['all_cloud'].get('why')")" = None ] || fail "all-cloud is feasible, yet a why"
run --catalog "$TINY" plan "$W/deadline-cloud.xml" --providers tp
expect_ok "text" &&
	expect_out_match "^all-on-prem is not possible: 'rush' has no on-prem option" "the text says why"

# within 135 s the site can do it with its three buyable opt-node-b8 (129.8 s; two take 144.2 s) (3 x 250,000 USD):
# with a budget of 1,000 USD the plan stays in the cloud and the all-on-prem baseline says
# what it would cost: 750,000 USD and the electricity of both jobs
run --catalog "$TINY" plan "$W/deadline-buy.xml" --providers tp --format json
expect_ok "no budget" || finish
onprem_cost=$(json_get "j['baselines']['all_on_prem']['cost_usd']")
python3 -c "import sys; sys.exit(0 if 750000 < $onprem_cost < 750001 else 1)" ||
	fail "the all-on-prem plan costs $onprem_cost USD, expected 750,000 USD and a little electricity"
run --catalog "$TINY" plan "$W/deadline-buy.xml" --providers tp --budget 1000
expect_ok "a budget of 1,000 USD" &&
	expect_out_match "^all-on-prem is infeasible: the cheapest all-on-prem plan costs 750,000\.[0-9]+ USD, more than the budget of 1,000\.00 USD" \
		"the budget is why"

finish
