#!/bin/sh
# t4000-tui-terminal.sh — mlfit tui without a terminal, --help, bad starting values.
. "${srcdir:-.}/tests/cli/lib.sh"

msg="mlfit tui needs a terminal; use mlfit recommend for scripts"

run tui resnet50 --train </dev/null
expect_status 2 "stdin not a tty" && expect_err_match "^mlfit: $msg\$" "stdin not a tty"
[ -z "$out" ] || fail "no terminal: printed on stdout: $out"

run tui --help
expect_ok "tui --help" && expect_out_match '^usage: mlfit tui ' "tui --help" &&
	expect_out_match 'Needs a terminal of at least 80x24' "tui --help says the size"

run tui resnet50 --train --horizon 3y
expect_status 2 "--horizon without --plan" &&
	expect_err_match "^mlfit: --horizon and --budget belong to --plan" "--horizon without --plan"

run tui --plan "$srcdir/data/examples/portfolio.xml" resnet50
expect_status 2 "--plan with a model" &&
	expect_err_match "^mlfit: --plan takes its workloads from the file" "--plan with a model"

run tui resnet50 --train --no-such-option
expect_status 2 "unknown option"

finish
