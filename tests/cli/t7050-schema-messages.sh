#!/bin/sh
# t7050-schema-messages.sh — issue 8 item 12, the loaders' part: a schema
# violation is one message in the user's terms, at the right line.
#
# libxml2 reports a bad child of an interleave as "extra element cpu in
# interleave" with no line, then restates it at each enclosing element
# ("invalid sequence in interleave", "element node failed to validate
# content"): three lines for one mistake, in RELAX NG's vocabulary.
. "${srcdir:-.}/tests/cli/lib.sh"

S="$FIXTURES/schema"

# validate lists every problem: one line for one mistake
run --catalog "$S/cpu-count.xml" catalog validate
expect_status 3 "cpu-count.xml"
[ "$(printf '%s\n' "$err" | wc -l)" -eq 2 ] || fail "cpu-count.xml: expected one problem and the summary, got: $err"
expect_err_match "^$S/cpu-count.xml:7: <cpu> is not allowed here, is given twice, or has a value the schema does not allow$" "cpu-count.xml"
if printf '%s\n' "$err" | grep -q 'interleave\|failed to validate'; then
	fail "cpu-count.xml: RELAX NG's wording leaked out: $err"
fi

while IFS='|' read -r args regex; do
	[ -n "$args" ] || continue
	# shellcheck disable=SC2086
	run $args
	expect_status 3 "$args" || continue
	expect_one_line_error "$args" || continue
	expect_err_match "$regex" "$args"
done <<TABLE
--catalog $S/cpu-count.xml catalog list devices|^mlfit: $S/cpu-count.xml:7: <cpu> is not allowed here
--catalog $S/no-pue.xml catalog list devices|^mlfit: $S/no-pue.xml:4: a <pue> element is required here$
plan $S/bad-attribute.xml|^mlfit: $S/bad-attribute.xml:3: <train>: attribute runs is not allowed, or its value is not valid$
profile $FIXTURES/models/schema-violation.xml|^mlfit: $FIXTURES/models/schema-violation.xml:[0-9]+: <conv2d>: an attribute is missing, unknown, or has a value that is not valid$
TABLE
finish
