#!/bin/sh
# t2520-plan-bad-input.sh — a bad workloads file says file:line and exits 3; a plan that
# cannot be made says why and exits 1; bad options exit 2.
. "${srcdir:-.}/tests/cli/lib.sh"

T="$FIXTURES/optimize"
W="$T/workloads"

# bad FILE LINE REGEX: exit 3, one line, "FILE:LINE: ..."
bad() {
	run --catalog "$T/tiny.xml" plan "$W/$1"
	expect_status 3 "$1" && expect_one_line_error "$1" && expect_err_match "$1:$2: .*$3" "$1"
	[ -z "$out" ] || fail "$1: printed a result"
}

bad malformed.xml 5 "malformed XML"
bad schema.xml 4 "cook"
bad empty.xml 2 "no workloads"
bad bad-unit.xml 4 "deadline: expected a time"
bad zero-deadline.xml 3 "deadline must be positive"
bad duplicate-id.xml 4 "already used at line 3"
bad unknown-precision.xml 3 "unknown precision 'fp12'"
bad no-model.xml 3 "give a model or its training flops"
bad unknown-model.xml 4 "unknown model 'resnet51'"
bad unknown-site.xml 3 "unknown site 'opt-sight'; did you mean 'opt-site'"

run plan "$W/nosuch.xml"
expect_status 3 "a file that is not there" && expect_one_line_error "a file that is not there"

# workloads no placement can take, and a budget no plan meets
run --catalog "$T/tiny.xml" plan "$W/impossible.xml" --providers tp
expect_status 1 "impossible deadline" &&
	expect_out_match "impossible.xml:3: quick: no candidate meets its deadline of 60 s" "impossible deadline" &&
	expect_err_match "1 workload cannot be placed" "impossible deadline"
run --catalog "$T/tiny.xml" plan "$W/tiny.xml" --providers tp --budget 100
expect_status 1 "budget too small" && expect_out_match "no plan: the cheapest plan costs" "budget too small" &&
	expect_one_line_error "budget too small"
run --catalog "$T/tiny.xml" plan "$W/tiny.xml" --providers tp --budget 100 --format json
expect_status 1 "budget too small, JSON" && [ "$(json_get "j['plan']['feasible']")" = False ] ||
	fail "budget too small, JSON: a plan"

# options
run plan
expect_status 2 "no file" && expect_err_match "which workloads" "no file"
run plan "$W/tiny.xml" --objective time
expect_status 2 "--objective time" && expect_one_line_error "--objective time"
run plan "$W/tiny.xml" --horizon 0
expect_status 2 "--horizon 0" && expect_one_line_error "--horizon 0"
run plan "$W/tiny.xml" --gap 2
expect_status 2 "--gap 2" && expect_one_line_error "--gap 2"
run plan "$W/tiny.xml" --budget 3kg
expect_status 2 "--budget 3kg" && expect_one_line_error "--budget 3kg"
run --catalog "$T/tiny.xml" plan "$W/tiny.xml" --on-prem nosuch
expect_status 2 "--on-prem nosuch" && expect_err_match "unknown site 'nosuch'" "--on-prem nosuch"
run plan --help
expect_ok "--help" && expect_out_match "^usage: mlfit plan WORKLOADS.xml" "--help"

finish
