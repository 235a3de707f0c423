#!/bin/sh
# t0050-help.sh — --help says what mlfit does: estimate and recommend list
# every workload option, and the defaults they state for --batch and
# --precision are the ones used (issue 8, item 15).
. "${srcdir:-.}/tests/cli/lib.sh"

workload_options="--model --params --flops-per-token --n-layers --width --heads --context
--vocab --batch --seq --precision --tokens --samples --epochs --train --flops --infer
--requests --rate --duration --latency-slo"
for cmd in estimate recommend; do
	run "$cmd" --help
	expect_ok "$cmd --help" || continue
	for o in $workload_options; do
		printf '%s\n' "$out" | grep '^  [-M]' | grep -Eq -- "(^| )$o( |$)" ||
			fail "$cmd --help does not list $o"
	done
	# the defaults stated are the catalog's as shipped
	expect_out_match "--batch N +samples per step \\(default: 256 for training, 4e6 tokens" "$cmd --help: batch"
	expect_out_match "--precision P +bf16 \\(default" "$cmd --help: precision"
done
param() {
	run catalog show "$1" --format json
	json_get "j['fields']['value']['value']"
}
[ "$(param train.default-batch)" = 256.0 ] || fail "train.default-batch is not the 256 that --help says"
[ "$(param train.default-batch-tokens)" = 4000000.0 ] || fail "train.default-batch-tokens is not the 4e6 that --help says"
[ "$(param infer.default-batch)" = 1.0 ] || fail "infer.default-batch is not the 1 that --help says"

# and they are what an estimate uses when neither is given
run estimate resnet50 --device nvidia-k80 --count 1 --region aws:us-east-1 --format json
expect_status 0 "estimate on a K80"
json_get "[a['value'] for a in j['assumptions'] if a['name'] == 'batch']" | grep -q "'256 samples per step (the default)'" ||
	fail "the default training batch is not 256: $(json_get "[a for a in j['assumptions'] if a['name'] == 'batch']")"
json_get "[a['value'] for a in j['assumptions'] if a['name'] == 'precision']" | grep -q "has no bf16 peak" ||
	fail "the default precision is not bf16"

# profile's defaults are one sample at fp32, as its --help says
run profile --help
expect_out_match "--batch N +samples per batch \\(default 1" "profile --help: batch" &&
	expect_out_match "--precision P +fp32 \\(default\\)" "profile --help: precision"
run profile resnet50 --format json
[ "$(json_get "(j['batch'], j['precision'])")" = "(1, 'fp32')" ] || fail "profile defaults: $(json_get "(j['batch'], j['precision'])")"

finish
