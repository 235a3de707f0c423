#!/bin/sh
# t2020-recommend-infeasible.sh — when nothing is feasible: exit 1, and for each constraint
# the best value achievable while meeting the others, checked against recommend itself.
. "${srcdir:-.}/tests/cli/lib.sh"

TINY="$FIXTURES/optimize/tiny.xml"

# the cheapest plan within 40 s, and the fastest within 0.50 USD, asked directly
run --catalog "$TINY" recommend --flops 2e17 --train --providers tp --objective cost \
	--deadline 40s --format json
expect_ok "cheapest within 40 s" || finish
cheapest=$(json_get "j['best']['cost_usd']")
run --catalog "$TINY" recommend --flops 2e17 --train --providers tp --objective time \
	--max-cost 0.7 --format json
expect_ok "fastest within 0.70 USD" || finish
fastest=$(json_get "j['best']['time_s']")

# both at once cannot be had
run --catalog "$TINY" recommend --flops 2e17 --train --providers tp --max-cost 0.5 --deadline 40s
expect_status 1 "--max-cost 0.5 --deadline 40s" && expect_one_line_error "infeasible" &&
	expect_err_match "no placement meets the constraints" "infeasible message"
expect_out_match "the cheapest plan meeting --deadline 40 s and --providers tp costs 0.54 USD \\(--max-cost 0.50 USD\\)" \
	"the cheapest plan meeting the deadline"
expect_out_match "even without --deadline 40 s, no plan meeting --max-cost 0.50 USD and --providers tp exists" \
	"no plan within the budget"
# dropping a filter is tried too: the real clouds bill at least 60 s per instance (AWS, GCP),
# so none runs this 40 s job for 0.50 USD either
expect_out_match "even without --providers tp, no plan meeting --max-cost 0.50 USD and --deadline 40 s exists" \
	"a filter dropped"

run --catalog "$TINY" recommend --flops 2e17 --train --providers tp --max-cost 0.1 --deadline 40s \
	--format json
expect_status 1 "JSON, infeasible" || finish
[ "$(json_get "j['best']")" = None ] || fail "JSON: best is not null"
close_to "$(json_get "[w['best_value'] for w in j['infeasible'] if w['constraint'] == 'max-cost'][0]")" \
	"$cheapest" 1e-9 || fail "JSON: the cheapest plan within 40 s is not $cheapest"
[ "$(json_get "[w['feasible_without'] for w in j['infeasible'] if w['constraint'] == 'deadline'][0]")" = False ] ||
	fail "JSON: nothing is within 0.10 USD, even without the deadline"

run --catalog "$TINY" recommend --flops 2e17 --train --providers tp --max-cost 0.7 --deadline 1s \
	--format json
expect_status 1 "infeasible deadline" || finish
close_to "$(json_get "[w['best_value'] for w in j['infeasible'] if w['constraint'] == 'deadline'][0]")" \
	"$fastest" 1e-9 || fail "JSON: the fastest plan within 0.70 USD is not $fastest s"

# a model that fits nowhere, contradictory filters, a country without offerings
# 2e12 parameters need 16 B each even with ZeRO-3 over all 256 GPUs (125 GB): GPT-3
# itself fits there with pipeline parallelism
run --catalog "$TINY" recommend --params 2e12 --tokens 1e12 --providers tp
expect_status 1 "fits nowhere" && expect_out_match "the model fits on no candidate: 256 x opt-gpu-b" "fits nowhere"
run --catalog "$TINY" recommend resnet18 --providers tp --kind tpu
expect_status 1 "--providers tp --kind tpu" &&
	expect_out_match "without --kind tpu, the best plan meeting --providers tp is 1 x opt-gpu-a" "contradiction"
run recommend resnet18 --countries IS
expect_status 1 "--countries IS" && expect_out_match "without --countries IS, the best plan is" "no offering in IS"

finish
