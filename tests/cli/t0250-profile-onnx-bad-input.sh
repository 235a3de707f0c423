#!/bin/sh
# t0250-profile-onnx-bad-input.sh — ONNX files that are cut short, are not
# ONNX, or describe impossible graphs: one line naming the node or input,
# exit status 3, never a crash.
. "${srcdir:-.}/tests/cli/lib.sh"

[ -n "${PYTHON:-}" ] || { echo "no python3 with onnx: skipped"; exit 77; }
BAD="$srcdir/tests/onnx/bad.py"

while IFS='|' read -r case regex; do
	[ -n "$case" ] || continue
	"$PYTHON" "$BAD" "$case" "$WORK/$case.onnx" || { fail "$case: the generator failed"; continue; }
	run profile "$WORK/$case.onnx"
	expect_status 3 "$case" && expect_one_line_error "$case" &&
		expect_err_match "^mlfit: $WORK/$case.onnx: $regex" "$case"
done <<'TABLE'
cycle|the graph has a cycle through node '(add_a|relu_b)'
zero-dim|input 'input': dimension 3 is 0: dimensions must be positive
negative-dim|input 'input': dimension 3 is -5: dimensions must be positive
conv-channels|node '/Conv_[0-9]+' \(Conv\): the input has 3 channels but the weights expect 4
overflow|input 'input': shape product overflows 64 bits
broadcast|node '/Add_[0-9]+' \(Add\): shapes 1x64x56x56 and 1x32x56x56 do not broadcast
dangling|node '/Add_[0-9]+' \(Add\): input 'nowhere' is neither a graph input
symbolic-seq|input 'input_ids': dimension 2 \('sequence'\) is symbolic
TABLE

# an operator without a rule: a warning naming it, and a profile
"$PYTHON" "$BAD" unsupported "$WORK/unsupported.onnx"
run profile "$WORK/unsupported.onnx" --format json
expect_status 0 "unsupported operator" &&
expect_err_match "^mlfit: warning: .*operator Resize \(node '/Resize_[0-9]+'\) is not supported: counted as 0 FLOPs, with its memory traffic" "unsupported operator"
[ "$(json_get "j['uncounted_layers']")" = 1 ] || fail "unsupported: not marked uncounted"
run -q profile "$WORK/unsupported.onnx"
[ -z "$err" ] || fail "-q: the warning was not silenced"

# not ONNX at all
printf 'just some text\n' >"$WORK/text.onnx"
run profile "$WORK/text.onnx"
expect_status 3 "text" && expect_err_match "not an ONNX model" "text"
: >"$WORK/empty.onnx"
run profile "$WORK/empty.onnx"
expect_status 3 "empty" && expect_err_match "empty file: not an ONNX model" "empty"
run profile "$WORK/no-such.onnx"
expect_status 3 "missing" && expect_err_match "cannot open" "missing"

# every cut of a real file with its weights (the unit test cuts at every byte)
"$PYTHON" "$srcdir/tests/onnx/zoo.py" tiny "$WORK/tiny.onnx" --raw
size=$(wc -c <"$WORK/tiny.onnx")
cut=0
while [ "$cut" -lt "$size" ]; do
	head -c "$cut" "$WORK/tiny.onnx" >"$WORK/cut.onnx"
	run profile "$WORK/cut.onnx"
	if [ "$status" -ne 3 ] || ! printf '%s' "$err" | grep -Eq "truncated|not an ONNX model|empty file"; then
		fail "cut to $cut of $size bytes: status $status, $err"
	fi
	cut=$((cut + 97))
done
run profile "$WORK/tiny.onnx"
expect_ok "the whole file"

finish
