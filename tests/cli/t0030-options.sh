#!/bin/sh
# t0030-options.sh — a mistyped option is one "mlfit:" line with a
# suggestion, as a mistyped command is; what the user typed is echoed with
# its control characters escaped (issue 8, item 12).
. "${srcdir:-.}/tests/cli/lib.sh"

# one_line STATUS REGEX ARGS...: exit STATUS, one "mlfit:" line matching REGEX
one_line() {
	st=$1 re=$2
	shift 2
	run "$@"
	expect_status "$st" "$*" && expect_one_line_error "$*" && expect_err_match "$re" "$*"
}

one_line 2 "^mlfit: unknown option '--devce'; did you mean '--device'\\?$" estimate resnet50 --devce nvidia-t4
one_line 2 "^mlfit: unknown option '--epohcs'; did you mean '--epochs'\\?$" profile resnet50 --epohcs 3
one_line 2 "^mlfit: unknown option '--regoins'; did you mean '--regions'\\?$" recommend resnet50 --regoins aws:us-east-1
one_line 2 "^mlfit: unknown option '--contry'; did you mean '--country'\\?$" catalog list regions --contry SE
one_line 2 "^mlfit: unknown option '--formt'; did you mean '--format'\\?$" --formt json catalog list
one_line 2 "^mlfit: unknown option '--zzzzzz' \\(see 'mlfit catalog --help'\\)$" catalog list --zzzzzz
one_line 2 "^mlfit: unknown option '--zzzzzz' \\(see 'mlfit --help'\\)$" --zzzzzz
one_line 2 "^mlfit: unknown option '-x' \\(see 'mlfit profile --help'\\)$" profile resnet50 -x
one_line 2 "^mlfit: option '--device' needs a value$" estimate resnet50 --device
one_line 2 "^mlfit: option '--catalog' needs a value$" --catalog
one_line 2 "^mlfit: option '--train' takes no value$" estimate resnet50 --train=yes
# a value after "=" is not part of the name that is looked up
one_line 2 "^mlfit: unknown option '--devce'; did you mean '--device'\\?$" estimate resnet50 --devce=nvidia-t4

# control characters typed (or pasted) by the user come back escaped, on one line
esc=$(printf 'a\033[31mb')
one_line 2 "^mlfit: unknown command 'a\\\\x1b\\[31mb' " "$esc"
nl=$(printf 'nvidia\nt4')
one_line 2 "unknown device 'nvidia\\\\nt4'" estimate resnet50 --device "$nl" --region aws:us-east-1
tab=$(printf 'x\ty')
one_line 2 "^mlfit: unknown option '--x\\\\ty' " "--$tab"
case "$err" in *"$(printf '\t')"*) fail "a tab reached the terminal: $err" ;; esac

finish
