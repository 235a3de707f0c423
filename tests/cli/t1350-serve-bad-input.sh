#!/bin/sh
# t1350-serve-bad-input.sh — serving options: one clear message and exit status 2.
. "${srcdir:-.}/tests/cli/lib.sh"

H100="--device nvidia-h100-sxm5-80gb"
bad() {	# bad REGEX ARGS...: exit 2, one line matching REGEX
	want=$1; shift
	run -q estimate "$@"
	expect_status 2 "$*" && expect_one_line_error "$*" && expect_err_match "$want" "$*"
}

bad "--runtime: expected optimized or eager, got 'fast'" \
	llama-3-8b --infer --requests 10 $H100 --runtime fast
bad "--prompt-tokens must be a whole number" llama-3-8b --infer --requests 10 $H100 --prompt-tokens 0
bad "--output-tokens must be a whole number" llama-3-8b --infer --requests 10 $H100 --output-tokens 2.5
bad "--kv-heads must be a whole number" llama-3-8b --infer --requests 10 $H100 --kv-heads -1
bad "cannot share it evenly" llama-3-8b --infer --requests 10 $H100 --kv-heads 5
bad "--kv-heads is for language models" resnet50 --infer --requests 10 $H100 --kv-heads 2
bad "need --infer" llama-3-8b $H100 --prompt-tokens 100
bad "--tpot-slo must be greater than 0" llama-3-8b --infer --requests 10 $H100 --tpot-slo 0
bad "--power-cap .* is not above" llama-3-8b --infer --requests 10 $H100 --power-cap 10W
bad "8000 prompt \+ 400 output tokens are beyond llama-3-8b's context of 8192 tokens" \
	llama-3-8b --infer --requests 10 $H100 --prompt-tokens 8000 --output-tokens 400
bad "--tensor-parallel must be a whole number" llama-3-8b --infer --requests 10 $H100 --tensor-parallel 0

# model files: grouped-query attention and SwiGLU that cannot be, with file:line
run profile "$FIXTURES/serve/bad-kv-heads.xml"
expect_status 3 "bad kv_heads" && expect_one_line_error "bad kv_heads" &&
	expect_err_match "bad-kv-heads.xml:7: attention: 12 heads cannot share 5 key/value heads evenly" \
		"bad kv_heads"
run profile "$FIXTURES/serve/bad-swiglu.xml"
expect_status 3 "bad swiglu" && expect_one_line_error "bad swiglu" &&
	expect_err_match "bad-swiglu.xml:8: swiglu: the last axis \(33\) must hold gate and value halves" \
		"bad swiglu"

# a tensor-parallel size beyond the node is not a crash: the model does not fit
run -q estimate llama-3-8b --infer --requests 10 $H100 --count 2 --tensor-parallel 4 --format json
expect_ok "--tensor-parallel 4 on 2 devices" &&
	[ "$(json_get "j['fits']")" = False ] || fail "TP 4 on 2 devices should not fit"

finish
