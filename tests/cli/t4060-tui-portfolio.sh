#!/bin/sh
# t4060-tui-portfolio.sh — mlfit tui --plan shows what `mlfit plan` prints (purchases
# per site, where each workload runs, totals against both baselines); editing the
# budget or the horizon re-solves, and a bad budget is refused with plan's message.
. "${srcdir:-.}/tests/cli/lib.sh"
. "${srcdir:-.}/tests/cli/tui-lib.sh"

PF="$srcdir/data/examples/portfolio.xml"
case "$PF" in /*) ;; *) PF="$PWD/$PF" ;; esac

# the plan/all-cloud/all-on-prem rows of `mlfit plan` with these options
totals() {
	"$MLFIT" plan "$PF" "$@" 2>/dev/null | grep -E '^(plan|all-cloud|all-on-prem) '
}

# the same rows on the screen
screen_totals() {
	tui_screen | grep -E '^(plan|all-cloud|all-on-prem) ' | sed 's/ *$//'
}

tui_start -- --plan "$PF" --horizon 3y
if tui_wait '^plan for 11 workloads over 3 y' "portfolio view"; then
	[ "$(screen_totals)" = "$(totals --horizon 3y)" ] || fail "totals differ from mlfit plan"
	tui_screen | grep -q '^SITE  *NODE  *OWNED  *BUY' || fail "no purchases per site"

	tui_keys Tab Down Enter -5 Enter
	tui_wait "^--budget must be greater than 0, not '-5'" "refused budget"
	tui_keys Escape Enter 60000 Enter
	if tui_wait 'budget 60,000.00 USD' "budget 60000"; then
		[ "$(screen_totals)" = "$(totals --horizon 3y --budget 60000)" ] ||
			fail "totals with the budget differ from mlfit plan"
	fi
	tui_keys Up Enter BSpace BSpace 1y Enter
	if tui_wait '^plan for 11 workloads over 365.2 d' "horizon 1y"; then
		[ "$(screen_totals)" = "$(totals --horizon 1y --budget 60000)" ] ||
			fail "totals over a year differ from mlfit plan"
	fi
	tui_keys Tab PgDn
	tui_wait '^WORKLOAD  *TASK' "the assignments after scrolling"
fi
tui_stop
[ "$status" = 0 ] || fail "q: exit status $status"
finish
