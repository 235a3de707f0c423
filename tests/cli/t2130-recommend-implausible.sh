#!/bin/sh
# t2130-recommend-implausible.sh — implausible answers come with a word (issue 8, item 10):
# a run beyond a year is cautioned about, and clouds bill as they publish: whole billing
# increments, at least the minimum per instance (AWS and GCP: per second, 60 s minimum).
. "${srcdir:-.}/tests/cli/lib.sh"

TINY="$FIXTURES/optimize/tiny.xml"
BILL="$FIXTURES/optimize/billing.xml"

# a tiny job on 8 x H200 is not free: a 1.5 ms run on aws:p5en.48xlarge in us-east-1 is
# billed the 60 s minimum, 63.296 USD/h / 60 = 1.0549 USD
run estimate resnet18 --infer --requests 1000 --instance aws:p5en.48xlarge --region aws:us-east-1 \
	--format json
expect_ok "a 1.5 ms run on AWS" || finish
close_to "$(json_get "j['cost_usd']")" "$(python3 -c "print(63.296 / 60)")" 1e-9 ||
	fail "AWS minimum: $(json_get "j['cost_usd']") USD, expected 1.0549 USD"
python3 -c "import sys; sys.exit(0 if $(json_get "j['time_s']") < 0.01 else 1)" || fail "the premise: a run of ms"
json_get "[a['value'] for a in j['assumptions'] if a['name'] == 'billing'][0]" |
	grep -q "^60 s per instance billed (aws bills at least 60 s, in increments of 1 s)" ||
	fail "the billing assumption: $(json_get "[a for a in j['assumptions'] if a['name'] == 'billing']")"

# per started minute, 10 minutes at least, 60 USD/h (billing.xml), jobs given by their FLOPs
# on 8 x opt-gpu-b (time = FLOPs / (8 x 800 TFLOP/s x 0.604 x 0.95 goodput)): 54.46 s is
# billed 600 s (10 USD); 680.8 s is billed 720 s (12 USD); the high end 605.6 s of a 408.5 s
# run 660 s (11 USD)
est() { run --catalog "$TINY" --catalog "$BILL" estimate --flops "$1" --train \
	--instance bp:b8 --region bp:only --format json; }
est 2e17
expect_ok "54.46 s" && close_to "$(json_get "j['cost_usd']")" 10 1e-9 ||
	fail "the minimum: $(json_get "j['cost_usd']") USD, expected 10"
est 2.5e18
expect_ok "680.8 s" && close_to "$(json_get "j['time_s']")" 680.7685605 1e-5 &&
	close_to "$(json_get "j['cost_usd']")" 12 1e-9 || fail "increments: $(json_get "j['cost_usd']") USD, expected 12"
est 1.5e18
expect_ok "408.5 s" && close_to "$(json_get "j['cost_usd_high']")" 11 1e-9 ||
	fail "the high end: $(json_get "j['cost_usd_high']") USD, expected 11"

# recommend sees the billed cost: the cheapest plan for the 54.46 s job in bp is 1 instance,
# not 8 of them at the same instance-seconds (each would be billed its own 10 minutes)
run --catalog "$TINY" --catalog "$BILL" recommend --flops 2e17 --train --providers bp \
	--objective cost --format json
expect_ok "recommend in bp" &&
	[ "$(json_get "j['best']['candidate']['instances']")" = 1 ] &&
	close_to "$(json_get "j['best']['cost_usd']")" 10 1e-9 ||
	fail "recommend in bp: $(json_get "j['best']['candidate']['instances']") instances for $(json_get "j['best']['cost_usd']") USD"

# 1e14 tokens of GPT-2 small on at most 8 devices take 673 days: recommend says so
run --catalog "$TINY" recommend gpt2-small --tokens 1e14 --providers tp --max-devices 8 --format json
expect_ok "a run of 673 days" || finish
python3 -c "import sys; sys.exit(0 if $(json_get "j['best']['time_s']") > 365.25 * 86400 else 1)" ||
	fail "the premise: more than a year"
[ "$(json_get "j['cautions']")" = "['the plan runs for 672.7 d, more than a year: give a --deadline, or check the size of the workload']" ] ||
	fail "the caution: $(json_get "j['cautions']")"
run --catalog "$TINY" recommend gpt2-small --tokens 1e14 --providers tp --max-devices 8
expect_ok "text" && expect_out_match "^caution: the plan runs for 672.7 d, more than a year" "the text cautions"
# and a short run does not
run --catalog "$TINY" recommend resnet18 --epochs 10 --providers tp --format json
expect_ok "a short run" && [ "$(json_get "j['cautions']")" = "[]" ] || fail "a short run: cautions $(json_get "j['cautions']")"

finish
