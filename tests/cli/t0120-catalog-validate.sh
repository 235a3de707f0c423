#!/bin/sh
# t0120-catalog-validate.sh — the shipped catalog is clean; problems are all listed.
. "${srcdir:-.}/tests/cli/lib.sh"

run catalog validate
expect_ok "shipped catalog validates" && expect_out_match 'no problems$' "validate summary"

# overlays given to validate are checked on top of the shipped catalog
run catalog validate "$FIXTURES/bad/idle-above-tdp.xml" "$FIXTURES/bad/dangling-accelerator.xml"
expect_status 3 "two bad overlays"
[ "$(printf '%s\n' "$err" | grep -c ':[0-9][0-9]*: ')" -ge 2 ] ||
	fail "validate should print every problem with file:line: $err"
expect_err_match 'idle-above-tdp\.xml:[0-9]+: device .*idle power' "idle above tdp"
expect_err_match 'dangling-accelerator\.xml:[0-9]+: instance .*unknown device' "dangling"

# estimation parameters are checked too: a load must be a plain fraction
run catalog validate "$FIXTURES/bad/param-wrong-unit.xml"
expect_status 3 "param with a unit" &&
	expect_err_match "param-wrong-unit\.xml:3: param 'host\.load' must be a plain number" "param unit"

# the same file through --catalog on another command stops at the first problem
run --catalog "$FIXTURES/bad/idle-above-tdp.xml" catalog list devices
expect_status 3 "bad overlay on list" && expect_one_line_error "bad overlay on list"

finish
