#!/bin/sh
# t0001-usage.sh — help, version, unknown commands and options, exit statuses.
. "${srcdir:-.}/tests/cli/lib.sh"

run --version
expect_ok "--version" && expect_out_match '^mlfit [0-9]+\.[0-9]+\.[0-9]+$' "--version"

run --help
expect_ok "--help" && expect_out_match '^usage: mlfit ' "--help" &&
	expect_out_match 'catalog +list, show and validate' "--help lists commands"

run
expect_status 2 "no command" && expect_err_match '^usage: mlfit' "no command"

run catalgo list
expect_status 2 "misspelt command" &&
	expect_err_match "unknown command 'catalgo'; did you mean 'catalog'\\?" "misspelt command"

run frobnicate
expect_status 2 "unknown command" && expect_err_match "unknown command 'frobnicate'" "unknown command"

run catalog --no-such-option list
expect_status 2 "unknown option"

run --format yaml catalog list
expect_status 2 "bad format" && expect_err_match "unknown format 'yaml'" "bad format"

run catalog --help
expect_ok "catalog --help" && expect_out_match '^usage: mlfit catalog list' "catalog --help"

run catalog
expect_status 2 "catalog without action" && expect_one_line_error "catalog without action"

run catalog frob
expect_status 2 "catalog unknown action" && expect_err_match "unknown action 'frob'" "catalog frob"

# every command's usage line appears in the man page's SYNOPSIS
man="$top_builddir/doc/mlfit.1"
for cmd in $("$MLFIT" --help | sed -n 's/^  \([a-z]*\)  .*/\1/p'); do
	grep -q "^\\.B mlfit $cmd\$" "$man" || fail "man page has no SYNOPSIS line for '$cmd'"
done

finish
