#!/bin/sh
# t0240-profile-onnx.sh — ONNX graphs of the zoo's architectures.
#
# tests/onnx/zoo.py writes each architecture as torch.onnx.export lays it
# out; mlfit must find the published counts in them, and the same counts
# as in the zoo's XML.
. "${srcdir:-.}/tests/cli/lib.sh"

[ -n "${PYTHON:-}" ] || { echo "no python3 with onnx: skipped"; exit 77; }
GEN="$srcdir/tests/onnx/zoo.py"

while IFS='|' read -r model params ptol macs mtol; do
	[ -n "$model" ] || continue
	"$PYTHON" "$GEN" "$model" "$WORK/$model.onnx" || { fail "$model: the generator failed"; continue; }
	# --seq is for sequence models only (a CNN refuses it)
	seq=
	case $model in bert*|gpt*|transformer*) seq="--seq 128" ;; esac
	run profile "$WORK/$model.onnx" $seq --format json
	expect_ok "$model.onnx" || continue
	close_to "$(json_get "j['params']")" "$params" "$ptol" || fail "$model.onnx: $(json_get "j['params']") parameters, expected $params"
	if [ -n "$macs" ]; then
		close_to "$(json_get "j['macs']")" "$macs" "$mtol" || fail "$model.onnx: $(json_get "j['macs']") MACs, expected $macs"
	fi
	[ "$(json_get "j['uncounted_layers']")" = 0 ] || fail "$model.onnx: operators left uncounted"
	onnx_params=$(json_get "j['params']")
	onnx_macs=$(json_get "j['macs']")
	run profile "$model" $seq --format json
	close_to "$onnx_params" "$(json_get "j['params']")" 0 || fail "$model: ONNX and XML parameters differ"
	close_to "$onnx_macs" "$(json_get "j['macs']")" 1e-9 || fail "$model: ONNX and XML MACs differ"
done <<TABLE
$(grep -v '^#' "$FIXTURES/models/published-counts.txt" | head -n 7)
TABLE

# the batch is symbolic: counts stay per sample
run profile "$WORK/resnet50.onnx" --batch 32 --format json
expect_ok "resnet50.onnx --batch 32" && close_to "$(json_get "j['macs']")" 4.089e9 0.01 ||
	fail "resnet50.onnx --batch 32: MACs are not per sample"

# a symbolic sequence axis needs --seq
run profile "$WORK/bert-base.onnx"
expect_status 3 "bert-base.onnx without --seq" &&
expect_err_match "input 'input_ids': dimension 2 \('sequence'\) is symbolic: give the sequence length with --seq" "no --seq"

# per-layer rows name the ONNX nodes
run profile "$WORK/resnet18.onnx" --layers --format csv
expect_ok "resnet18.onnx --layers" && expect_out_match "^/Conv_[0-9]+,conv2d,3x224x224,64x112x112,9408," "first conv row"

finish
