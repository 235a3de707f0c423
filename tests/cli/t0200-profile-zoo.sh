#!/bin/sh
# t0200-profile-zoo.sh — the zoo against published counts.
#
# Parameters and multiply-accumulates of every zoo model against
# shared/validation/op-counts.csv and the papers' figures (torchvision's
# "GFLOPS" are MACs); training figures from the zoo's own training sets.
. "${srcdir:-.}/tests/cli/lib.sh"

# check MODEL PARAMS PARAMS_TOL MACS MACS_TOL
check() {
	run profile "$1" --format json
	expect_ok "$1" || return
	params=$(json_get "j['params']")
	close_to "$params" "$2" "$3" || fail "$1: $params parameters, expected $2 ± $3"
	if [ -n "$4" ]; then
		macs=$(json_get "j['macs']")
		close_to "$macs" "$4" "$5" || fail "$1: $macs MACs, expected $4 ± $5"
	fi
	[ "$(json_get "j['origin']")" = zoo ] || fail "$1: origin is not zoo"
}

while IFS='|' read -r model params ptol macs mtol; do
	[ -n "$model" ] || continue
	check "$model" "$params" "$ptol" "$macs" "$mtol"
done <<TABLE
$(grep -v '^#' "$FIXTURES/models/published-counts.txt")
TABLE

# ImageNet's 1,281,167 images are the CNNs' training set: --epochs is enough
run profile resnet50 --train --epochs 90 --format json
expect_ok "resnet50 --train" &&
[ "$(json_get "int(j['train']['samples_per_epoch'])")" = 1281167 ] ||
	fail "resnet50: ImageNet-1k is not its training set"
flops=$(json_get "j['train']['flops']")
expected=$(json_get "3 * j['flops'] * 1281167 * 90")
close_to "$flops" "$expected" 1e-9 || fail "resnet50: training FLOPs $flops, expected $expected"

# language models count tokens; a sample is a sequence
run profile bert-base --train --format json
expect_ok "bert-base --train" &&
close_to "$(json_get "j['train']['samples_per_epoch']")" "$(python3 -c 'print(3.3e9/128)')" 1e-9 ||
	fail "bert-base: 3.3e9 tokens should be 3.3e9/128 sequences"

# --seq changes the work, not the parameters
run profile bert-base --seq 512 --format json
expect_ok "bert-base --seq 512" &&
[ "$(json_get "j['input']")" = "seq 512" ] || fail "bert-base --seq 512: input is not seq 512"
run profile bert-base --seq 1024
expect_status 3 "bert-base --seq 1024" &&
expect_err_match "longer than the 512 positions" "bert-base --seq 1024"

# the table names the counting conventions
run profile resnet50
expect_ok "resnet50 table" &&
expect_out_match "^parameters +25,557,032" "resnet50 table" &&
expect_out_match "1 MAC = 2 FLOPs" "resnet50 table"

finish
