#!/bin/sh
# t1050-estimate-conflicts.sh — options that do not apply, or contradict each
# other, are refused with status 2 (3 in a file) and a message naming the
# conflict, instead of being silently ignored (issue 8, item 9).
. "${srcdir:-.}/tests/cli/lib.sh"

# refused ARGS... -- REGEX: exit 2, one "mlfit:" line matching REGEX
refused() {
	args=
	while [ "$1" != -- ]; do args="$args $1"; shift; done
	shift
	# shellcheck disable=SC2086
	run $args
	expect_status 2 "$args" && expect_one_line_error "$args" && expect_err_match "$1" "$args"
}

T4="--device nvidia-t4 --region aws:us-east-1"
refused estimate resnet50 --train --tokens 1e9 $T4 -- "--tokens is for language models; 'resnet50' takes 3x224x224"
refused estimate resnet50 --train --seq 128 $T4 -- "--seq is for sequence models; 'resnet50' takes 3x224x224"
refused profile resnet50 --seq 128 -- "--seq is for sequence models"
refused profile resnet50 --train --tokens 1e9 -- "--tokens is for language models"
refused estimate gpt2-small --train --tokens 1e9 --epochs 3 $T4 -- "--tokens counts every token of the run"
refused estimate resnet50 --train --flops 1e18 $T4 -- "--flops is the training job's total instead of a model"
refused estimate --train --flops 1e18 --epochs 3 $T4 -- "--flops is the whole training job"
refused estimate resnet50 --train --latency-slo 10ms $T4 -- "--latency-slo is for serving"
refused estimate resnet50 --infer --requests 1e6 --epochs 3 $T4 -- "--epochs, --samples and --tokens size a training job; not with --infer"
refused estimate resnet50 --epochs 1e-300 $T4 -- "--epochs 1e-300 is less than one sample of the training set \\(1.28117e\\+06 samples"
refused profile --params 1e-3 -- "--params counts parameters: expected at least 1, got '1e-3'"
refused estimate --params 0.5 --tokens 1e9 $T4 -- "--params counts parameters"
refused estimate gpt2-small --tokens 0.2 $T4 -- "--tokens counts tokens: expected at least 1"
refused catalog list devices --provider aws -- "--provider does not apply to 'catalog list devices'"
refused catalog list sites --kind gpu -- "--kind does not apply to 'catalog list sites'"
refused catalog show nvidia-t4 --country SE -- "not with 'catalog show'"

# what still works: a fraction of an epoch, tokens for a language model, --seq for BERT
run estimate resnet50 --epochs 0.5 $T4 --format json
expect_status 0 "half an epoch"
run estimate gpt2-small --tokens 1e9 --device nvidia-a100-sxm4-80gb --region aws:us-east-1 --format json
expect_status 0 "gpt2-small --tokens"
run profile bert-base --seq 256 --format json
expect_ok "bert-base --seq 256" && [ "$(json_get "j['seq']")" = 256 ] || fail "bert-base --seq 256: seq not 256"

# a value beyond any real workload is a usage error (2), not a data error
refused profile --params 2e15 -- "at most 1e15"

# in a plan file the same conflicts are data errors (3) with file:line
cat >"$WORK/both.xml" <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<workloads version="1" horizon="1 y" objective="co2e">
  <train id="lm" flops="1e21" tokens="1e10"/>
</workloads>
XML
run plan "$WORK/both.xml"
expect_status 3 "plan: tokens and flops" && expect_one_line_error "plan: tokens and flops" &&
	expect_err_match "both\\.xml:3: .*flops is the whole job; tokens, samples and epochs" "plan: tokens and flops"
cat >"$WORK/model-flops.xml" <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<workloads version="1" horizon="1 y" objective="co2e">
  <train id="cnn" model="resnet50" epochs="90" flops="1e18"/>
</workloads>
XML
run plan "$WORK/model-flops.xml"
expect_status 3 "plan: model and flops" &&
	expect_err_match "model-flops\\.xml:3: .*give model or flops, not both" "plan: model and flops"

finish
