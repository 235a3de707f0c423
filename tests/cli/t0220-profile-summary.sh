#!/bin/sh
# t0220-profile-summary.sh — models known from papers: parameters and tokens, or a shape.
. "${srcdir:-.}/tests/cli/lib.sh"

# GPT-3: 6 N D = 6 x 175e9 x 300e9 = 3.15e23 (Kaplan et al. 2020; Patterson et al. 2021)
run profile --params 175e9 --tokens 300e9 --train --format json
expect_ok "gpt-3 summary"
close_to "$(json_get "j['train']['flops']")" 3.15e23 1e-9 || fail "gpt-3: training FLOPs are not 3.15e23"
close_to "$(json_get "j['flops']")" 350e9 1e-12 || fail "gpt-3: forward FLOPs per token are not 2N"
close_to "$(json_get "j['train']['state_bytes']")" 2.8e12 1e-12 || fail "gpt-3: state is not 16 B per parameter"
[ "$(json_get "j['train']['flops_multiplier']")" = 3.0 ] || fail "gpt-3: the multiplier is not the catalog's 3"

run profile --params 175e9 --tokens 300e9 --train
expect_ok "gpt-3 table" && expect_out_match "^training FLOPs +3\\.15e\\+23 " "gpt-3 table"

# a summary with its own FLOPs per token
run profile --params 1e9 --flops-per-token 3e9 --format json
expect_ok "flops per token" && close_to "$(json_get "j['flops']")" 3e9 1e-12 || fail "--flops-per-token ignored"

# a transformer shape: GPT-3's, per sequence of 2048 tokens
run profile --n-layers 96 --width 12288 --heads 96 --context 2048 --vocab 50257 --format json
expect_ok "gpt-3 shape"
close_to "$(json_get "j['params']")" 175e9 0.01 || fail "gpt-3 shape: parameters"
close_to "$(json_get "j['flops'] / 2048")" "$(json_get "2 * j['params'] + 2 * 96 * 2048 * 12288")" 1e-9 ||
	fail "gpt-3 shape: FLOPs per token are not 2N + 2 n_layer n_ctx d"
run profile --n-layers 96 --width 12288 --heads 96 --context 2048 --vocab 50257 --tokens 300e9 --train --format json
expect_ok "gpt-3 shape, trained" &&
close_to "$(json_get "j['train']['samples_per_epoch']")" "$(python3 -c 'print(300e9/2048)')" 1e-12 ||
	fail "gpt-3 shape: 300e9 tokens are not 300e9/2048 sequences"
run profile --n-layers 2 --width 64 --heads 4 --context 8 --flops-per-token 1e6 --format json
expect_ok "shape with flops per token" && close_to "$(json_get "j['flops']")" 8e6 1e-9 ||
	fail "shape --flops-per-token: FLOPs per sequence are not 8 x 1e6"

# absurd summaries are data errors
run profile --params 2e15
expect_status 2 "2e15 parameters" && expect_err_match "at most 1e15" "2e15 parameters"
run profile --n-layers 2 --width 64 --heads 5 --context 8
expect_status 2 "5 heads of 64" && expect_err_match "not a multiple of the 5 heads" "5 heads"

# the training assumptions come from the catalog: an overlay changes them
cat >"$WORK/train.xml" <<'XML'
<catalog version="1">
  <source id="test">a test overlay</source>
  <param id="train.flops-multiplier" sources="test">4</param>
  <param id="train.optimizer-bytes-per-param" sources="test" note="plain SGD">8 B</param>
</catalog>
XML
run profile --params 1e9 --tokens 1e9 --train --catalog "$WORK/train.xml" --format json
expect_ok "overlay" && close_to "$(json_get "j['train']['flops']")" 8e18 1e-12 ||
	fail "overlay: the multiplier 4 was not used"
[ "$(json_get "j['train']['optimizer']")" = "plain SGD" ] || fail "overlay: optimizer note not used"

finish
