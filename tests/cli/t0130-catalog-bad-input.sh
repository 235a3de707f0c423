#!/bin/sh
# t0130-catalog-bad-input.sh — malformed and hostile catalog files.
#
# Each file gets exactly one line on stderr, "mlfit: FILE:LINE: message"
# (or "mlfit: FILE: message" where no line applies), exit status 3, and
# nothing on stdout.
. "${srcdir:-.}/tests/cli/lib.sh"

BAD="$FIXTURES/bad"

# check FILE LINE REGEX
check() {
	run --catalog "$1" catalog list devices
	expect_status 3 "$1" || return
	expect_one_line_error "$1" || return
	[ -z "$out" ] || fail "$1: something was written to stdout"
	if [ -n "$2" ]; then
		expect_err_match "^mlfit: $1:$2: $3" "$1"
	else
		expect_err_match "^mlfit: $1: $3" "$1"
	fi
}

while IFS='|' read -r file line regex; do
	[ -n "$file" ] || continue
	check "$BAD/$file" "$line" "$regex"
done <<'TABLE'
truncated.xml|4|malformed XML: Premature end of data
not-xml.xml|1|malformed XML: Start tag expected
empty.xml||file is empty
utf16.xml|1|file is UTF-16
unclosed-comment.xml|5|malformed XML
wrong-root.xml|2|expected <catalog> here, not <devices>
xinclude.xml|3|<include> is not allowed here
external-entity.xml|2|DOCTYPE declarations are not allowed
billion-laughs.xml|2|DOCTYPE declarations are not allowed
wrong-unit.xml|7|tdp: expected a power such as '700 W', got '700 kg'
negative.xml|7|tdp: must not be negative, got '-700 W'
non-numeric.xml|7|tdp: expected a power such as '700 W', got 'lots W'
nan.xml|7|tdp: expected a power such as '700 W', got 'nan W'
comma-decimal.xml|7|tdp: expected a power such as '700 W', got '1,5 kW'
overflow.xml|7|tdp: number out of range in '1e400 W'
implausible-tdp.xml|7|tdp: '700 MW' is outside the plausible range
missing-peak.xml|3|a <peak> element is required here
unknown-precision.xml|5|peak: unknown precision 'fp12'
duplicate-id.xml|7|duplicate device id 'dup-gpu' \(first at line 3\)
idle-above-tdp.xml|8|device 'bad-idle': idle power 450 W is above its TDP 300 W
unknown-source.xml|3|device 'bad-src': unknown source 'no-such-source'
dangling-accelerator.xml|8|instance 'badcloud:i1': unknown device 'nvidia-a100-sxm4-80gbx' \(did you mean 'nvidia-a100-sxm4-80gb'\?\)
price-no-date.xml|9|instance 'badcloud:i1': price for 'r1' has no date
bad-date.xml|9|price: date must be YYYY, YYYY-MM or YYYY-MM-DD
region-no-intensity.xml|6|region 'badcloud:r1': unknown country 'QQ', so no carbon intensity
bad-count.xml|4|accelerator: count must be a number above 0
mix-not-100.xml|5|mix: shares add up to 60.0 %, not 100 %
pue-below-one.xml|5|pue: '0.9' is outside the plausible range 1 to 3
TABLE

# a 100 MB file is refused before it is read (sparse, so the test is quick)
truncate -s 100M "$WORK/huge.xml"
check "$WORK/huge.xml" "" "file is too large \(104857600 bytes; the limit is 16777216\)"

# a 100 MB file that arrives through a pipe is cut off at the limit
run --catalog /dev/zero catalog list devices
expect_status 3 "/dev/zero" && expect_err_match "/dev/zero: file is too large" "/dev/zero"

check "$WORK/does-not-exist.xml" "" "cannot open: No such file or directory"
mkdir "$WORK/dir.xml"
run --catalog "$WORK/dir.xml" catalog list devices
expect_ok "an empty directory of overlays is fine"

# numbers mean the same in a comma-decimal locale
if locale -a 2>/dev/null | grep -qi '^de_DE\.utf-\?8$'; then
	LC_ALL=de_DE.UTF-8 "$MLFIT" catalog list devices --format csv >"$WORK/de.csv" 2>&1
	LC_ALL=C "$MLFIT" catalog list devices --format csv >"$WORK/c.csv" 2>&1
	cmp -s "$WORK/de.csv" "$WORK/c.csv" || fail "output differs in the de_DE locale"
	count=$((count + 1))
fi

finish
