#!/bin/sh
# t7040-hostile-values.sh — the defect classes of issue 15, one input each
# (tests/fuzz/regress/), with the message each must now get: exit status 3
# (2 for a command-line value), one "mlfit: " line naming the file, line or
# node and what is wrong.  Before the fixes these aborted (exit 134), hung,
# printed stack addresses, or accepted junk with exit 0.
. "${srcdir:-.}/tests/cli/lib.sh"

R="$srcdir/tests/fuzz/regress"

# run with a generous limit: before the fixes, nested repeats never ended
run() {
	timeout 120 "$MLFIT" "$@" >"$WORK/out" 2>"$WORK/err"
	status=$?
	out=$(cat "$WORK/out")
	err=$(cat "$WORK/err")
	count=$((count + 1))
}

# check STATUS REGEX ARGS...
check() {
	want=$1 regex=$2
	shift 2
	run "$@"
	expect_status "$want" "$*" || return
	expect_one_line_error "$*" || return
	expect_err_match "$regex" "$*"
}

catalog() { check 3 "^mlfit: $R/catalog/$1:$2: $3" --catalog "$R/catalog/$1" catalog list devices; }
model() { check 3 "^mlfit: $R/model_xml/$1:$2: $3" profile "$R/model_xml/$1"; }
onnx() {
	if [ -z "${PYTHON:-}" ]; then return; fi	# the files need no Python, but keep the ONNX family together
	check 3 "^mlfit: $R/onnx/$1: $2" profile "$R/onnx/$1"
}
workloads() { check 3 "^mlfit: $R/workloads/$1:$2: $3" plan "$R/workloads/$1" --time-limit 5s; }
power() { check 2 "^mlfit: --power.*$2" estimate --device nvidia-t4 --count 1 --hours 1 --power "$(cat "$R/units/$1")"; }

# 1. huge values: quoted as written, never converted back (that overflowed and aborted)
catalog huge-intensity.xml 4 "intensity: '1e308 Mg/kWh' is outside the plausible range 0 g/kWh to 2000 g/kWh"
catalog huge-hourly-price.xml 10 "price: '1e308 USD/s' is outside the plausible range 0 USD/h to"
catalog huge-access-energy.xml 8 "access-energy: '1e308 J/B' is outside the plausible range"
catalog huge-mac-energy.xml 8 "mac-energy: '1e308 J' is outside the plausible range"
catalog huge-param.xml 4 "param 'hostile.power-per-byte': '1e308 kW/GB' is too large to be a real value"
# 8. a count cast only after its range check
catalog huge-cpu-count.xml 7 "cpu: count must be a number above 0 and at most 1024, got '99999999999999999999999'"
catalog year-overflow.xml 5 "year: expected a whole number from 1950 to 2100, got '99999999999999999999999'"
# 9. over-long text is an error, not truncated into a valid figure
catalog tdp-trailing-junk.xml 6 "tdp: unknown unit in '700 W +is not really a power'"
model kernel-token-junk.xml 3 "conv2d: kernel must be N or NxM with whole numbers of at least 1, not '0+3garbage'"
model shape-token-junk.xml 3 "input: '0+3garbage' is not a dimension"
model huge-dimension.xml 3 "input: '9+' is not a dimension"
# 3. work in repeats is capped, whatever they emit
model nested-repeat-empty.xml 5 "repeat: the model takes more than [0-9]+ steps to expand"
model nested-repeat-keep.xml 5 "repeat: the model takes more than [0-9]+ steps to expand"
# 5-7. ONNX: wire types, buffers, checked shape arithmetic, messages without unset entries
onnx double-data-varint.onnx "not an ONNX model, or a corrupt one: a tensor is malformed"
onnx reshape-1e300.onnx "node '/Reshape_4' \(Reshape\): a target dimension 1e\+300 is not a whole number in the 64-bit range"
onnx reshape-nan.onnx "node '/Reshape_4' \(Reshape\): a target dimension is NaN"
onnx reshape-bad-first.onnx "node '/Reshape_3' \(Reshape\): cannot reshape 2x3 into -2…$"
onnx pad-overflow.onnx "node '/Pad_3' \(Pad\): a padded dimension overflows 64 bits"
onnx same-padding-overflow.onnx "node '/Conv_3' \(Conv\): the SAME padding overflows 64 bits"
onnx flatten-zero-overflow.onnx "node '/Flatten_5' \(Flatten\): the flattened shape overflows 64 bits"
onnx split-sum-overflow.onnx "node '/Split_4' \(Split\): the split sizes do not add up to 8"
onnx range-1e300.onnx "node '/Range_8' \(Range\): the length of the range 1e\+300 is not a whole number"
onnx tile-1e300.onnx "node '/Tile_4' \(Tile\): repeats must be positive"
workloads runs-huge.xml 3 "train 'a': runs must be a whole number from 1 to 100000"
workloads batch-huge.xml 3 "train 'a': batch must be a whole number from 1 to 16777216"
workloads duplicate-id.xml 4 "train 'a': the id is already used at line 3"
power huge-power "number out of range in '1e308 MW'"
power long-number "number too long"

# the ONNX files that are valid stay valid, with the right shapes
if [ -n "${PYTHON:-}" ]; then
	run profile "$R/onnx/expand-scalar.onnx" --format csv
	expect_ok "expand of a scalar"
	run profile "$R/onnx/empty-string-attr.onnx" --format csv
	expect_ok "an empty auto_pad"
fi

# validate lists the problem too, and does not abort formatting it
run --catalog "$R/catalog/huge-param.xml" catalog validate
expect_status 3 "catalog validate of a huge param"
expect_err_match "1e308 kW/GB' is too large" "catalog validate of a huge param"
finish
