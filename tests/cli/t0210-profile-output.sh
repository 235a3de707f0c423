#!/bin/sh
# t0210-profile-output.sh — formats, per-layer output, options, usage errors.
. "${srcdir:-.}/tests/cli/lib.sh"

# JSON has the fields the estimator and scripts rely on, per model and per layer
run profile resnet18 --layers --format json
expect_ok "json --layers"
for key in params macs flops other_flops bytes weights_bytes activations_bytes; do
	[ "$(json_get "'$key' in j and all('$key' in l for l in j['layers'])")" = True ] ||
		fail "json: no '$key' in the totals or a layer"
done
[ "$(json_get "round(sum(l['params'] for l in j['layers']))")" = 11689512 ] ||
	fail "json: the layers' parameters do not add up"
close_to "$(json_get "j['flops']")" "$(json_get "2 * j['macs'] + j['other_flops']")" 1e-12 ||
	fail "json: flops is not 2 x macs + other"
close_to "$(json_get "j['weights_bytes']")" "$(json_get "4 * j['params']")" 1e-12 ||
	fail "json: fp32 weights are not 4 bytes per parameter"

# precision and batch: weights are read once per batch
run profile resnet18 --precision bf16 --batch 8 --format json
expect_ok "bf16 batch 8" &&
close_to "$(json_get "j['bytes']")" "$(json_get "j['weights_bytes'] / 8 + j['activations_bytes']")" 1e-12 ||
	fail "bf16 batch 8: bytes are not weights / batch + activations"
[ "$(json_get "j['precision']")" = bf16 ] || fail "bf16: precision not reported"

# CSV: one row of totals, or the layers and a total
run profile alexnet --format csv
expect_ok "csv" && [ "$(printf '%s\n' "$out" | wc -l)" -eq 2 ] || fail "csv: expected a header and a row"
expect_out_match "^name,type,input,output,params,macs,other_flops,flops,weights_bytes,activations_bytes,bytes,counted$" "csv header"
run profile alexnet --format csv --layers
expect_ok "csv --layers" && expect_out_match "^total,zoo,3x224x224,,61100840," "csv total row"
expect_out_match "^features.0,conv2d,3x224x224,64x55x55,23296," "csv first layer"

# the table with --layers
run profile mobilenet_v2 --layers
expect_ok "table --layers" && expect_out_match "^features.1.dw +conv2d +32x112x112 +32x112x112 " "table layer row"

# usage errors: exit 2, one line
while IFS='|' read -r args regex; do
	[ -n "$args" ] || continue
	# shellcheck disable=SC2086
	run profile $args
	expect_status 2 "profile $args" && expect_one_line_error "profile $args" &&
		expect_err_match "$regex" "profile $args"
done <<'TABLE'
resnet5|unknown model 'resnet5'; did you mean 'resnet50'
bert|unknown model 'bert'; did you mean 'bert-base' or 'bert-large'
nothing-like-it|unknown model 'nothing-like-it': not a .xml or .onnx file, and the zoo has 'alexnet', 
|no model: give MODEL
resnet50 vgg16|one model at a time
resnet50 --params 1e9|give a model or a summary
resnet50 --precision fp12|unknown precision 'fp12'
resnet50 --batch 0|--batch: expected a number above 0
resnet50 --batch 2.5|--batch: expected a whole number
resnet50 --seq -3|--seq: expected a number above 0
resnet50 --flops-per-token 1e9|--flops-per-token is for summaries
--params 1e9 --n-layers 2|give --params or a transformer shape
--params lots|--params: expected a number above 0, got 'lots'
--params 1e9 --tokens 1 --samples 1|give --tokens or --samples
TABLE

# an unknown option is one line that points at the help
run profile resnet50 --frobnicate
expect_status 2 "unknown option" && expect_one_line_error "unknown option" &&
	expect_err_match "^mlfit: unknown option '--frobnicate' \(see 'mlfit profile --help'\)" "unknown option"

run profile --help
expect_ok "--help" && expect_out_match "^usage: mlfit profile MODEL" "--help"

# --model is the positional MODEL's long form (mlfit estimate takes the same options)
run profile --model resnet18 --format json
expect_ok "--model" && [ "$(json_get "round(j['params'])")" = 11689512 ] || fail "--model resnet18"

finish
