#!/bin/sh
# t0230-profile-xml-bad-input.sh — model XML that cannot be read or makes no sense.
#
# Each file gets one line on stderr naming the file and line, exit status 3,
# and nothing on stdout.
. "${srcdir:-.}/tests/cli/lib.sh"

M="$FIXTURES/models"

while IFS='|' read -r file line regex; do
	[ -n "$file" ] || continue
	run profile "$M/$file"
	expect_status 3 "$file" || continue
	expect_one_line_error "$file" || continue
	[ -z "$out" ] || fail "$file: something was written to stdout"
	expect_err_match "^mlfit: $M/$file:$line: $regex" "$file"
done <<'TABLE'
unknown-layer.xml|6|unknown layer type 'conv3d'; did you mean 'conv2d'\?
malformed.xml|8|malformed XML
conv-channels.xml|6|conv2d: expects 4 input channels, got 3
zero-dim.xml|3|input: dimension 2 is 0 in '3x0x32': dimensions must be positive
negative-dim.xml|3|input: dimension 2 is -5
overflow.xml|3|input: shape product of '3000000000x3000000000x3' overflows 64 bits
overflow-layer.xml|5|linear: shape product overflows 64 bits
residual-mismatch.xml|5|residual: the branch gives 8x32x32 but the shortcut gives 3x32x32
missing-arg.xml|8|use: block 'b' needs the argument 'width'
recursive.xml|5|use: blocks nest more than 16 deep
window.xml|5|conv2d: a 7x7 window does not fit the 4x4 input
schema-violation.xml|5|
TABLE

run profile "$M/long-sequence.xml" --seq 32
expect_status 3 "long sequence" && expect_err_match ":6: embedding: a sequence of 32 is longer than the 16 positions" "long sequence"

run profile "$M/no-such-file.xml"
expect_status 3 "missing file" && expect_err_match "no-such-file.xml: cannot open" "missing file"

# the good fixtures load, with their hand counts
run profile "$M/features.xml" --format json
expect_ok "features.xml" && [ "$(json_get "round(j['params'])")" = 616 ] || fail "features.xml: params"
[ "$(json_get "round(j['macs'])")" = 27472 ] || fail "features.xml: MACs"

finish
