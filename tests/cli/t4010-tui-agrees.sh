#!/bin/sh
# t4010-tui-agrees.sh — the TUI's best option is `mlfit recommend`'s for the same
# inputs: at the start, after the objective becomes cost and a deadline is set,
# after a budget, and when a deadline makes everything infeasible it says why.
. "${srcdir:-.}/tests/cli/lib.sh"
. "${srcdir:-.}/tests/cli/tui-lib.sh"

W="resnet50 --train --epochs 90"

# shellcheck disable=SC2086
tui_start -- $W
if tui_wait '^ best: ' "first screen"; then
	# shellcheck disable=SC2086
	want=$(recommend_best $W)
	got=$(tui_best_line)
	[ "$got" = "$want" ] || fail "best at start: '$got', recommend says '$want'"
	tui_screen | grep -q "^\\*  1  $want" || fail "rank 1 is not the best plan"
fi

# o twice: co2e -> energy -> cost
tui_keys o
tui_wait 'objective energy \| optimal' "objective energy"
tui_keys o
if tui_wait 'objective cost \| optimal' "objective cost"; then
	# shellcheck disable=SC2086
	want=$(recommend_best $W --objective cost)
	[ "$(tui_best_line)" = "$want" ] || fail "objective cost: '$(tui_best_line)', want '$want'"
fi

# Tab to the constraints, down to the deadline, Enter, 5min, Enter
tui_keys Tab Down Down Enter
tui_wait 'deadline \(--deadline\): co2e_|deadline \(--deadline\): _' "deadline prompt"
tui_keys 2h Enter
if tui_wait 'deadline +2h' "deadline set"; then
	tui_wait 'objective cost \| optimal' "re-solved"
	# shellcheck disable=SC2086
	want=$(recommend_best $W --objective cost --deadline 2h)
	[ "$(tui_best_line)" = "$want" ] ||
		fail "cost within 2h: '$(tui_best_line)', recommend says '$want'"
	case "$want" in 8\ x*) fail "the deadline should change the top row ($want)" ;; esac
	tui_screen | grep -Eq 'deadline +2h  \(binds\)' || fail "the deadline is not marked as binding"
fi

# a budget on top: Up to the budget, Enter, 40, Enter
tui_keys Up Enter 40 Enter
if tui_wait 'budget +40' "budget set"; then
	tui_wait 'objective cost \| optimal' "re-solved with the budget"
	# shellcheck disable=SC2086
	want=$(recommend_best $W --objective cost --deadline 2h --max-cost 40)
	[ "$(tui_best_line)" = "$want" ] || fail "with a budget: '$(tui_best_line)', want '$want'"
fi

# an impossible deadline: nothing feasible, and i shows why each option fails
tui_keys Down Enter BSpace BSpace BSpace BSpace BSpace BSpace 1s Enter
if tui_wait 'no placement meets the constraints' "impossible deadline"; then
	tui_screen | grep -q 'infeasible (' || fail "the header does not say infeasible"
	tui_keys i
	tui_wait '^ ! .*: misses the deadline by ' "the reason of the selected option" &&
		[ "$(tui_screen | grep -c '^[!>]  -  ')" -ge 20 ] ||
		fail "infeasible rows are not listed"
fi

tui_stop
[ "$status" = 0 ] || fail "q: exit status $status"
finish
