#!/bin/sh
# t4020-tui-screen.sh — what a person sees: the help lists every key of the
# table, a too-small terminal says so and recovers, a bad field is refused in
# place with the CLI's message, NO_COLOR gives no colour, q restores the
# terminal and exits 0, TERM=dumb is refused, a bad starting value exits 2.
. "${srcdir:-.}/tests/cli/lib.sh"
. "${srcdir:-.}/tests/cli/tui-lib.sh"

# every key of the key table (src/tui_state.c, tui_keys), as labelled
# a colour SGR: 30-37/40-47 (39 and 49 only reset to the default), 90-107, 38;…/48;…
ESC=$(printf '\033')
COLOUR_SGR="$ESC\\[([0-9]+;)*([34][0-7]|9[0-7]|10[0-7]|[34]8;[0-9;]*)m"
KEYS='?/F1 q/F10 Tab Shift-Tab Up/k Down/j PgUp PgDn Home End Enter o s < > / \ i p e r'

tui_start -- resnet50 --train --epochs 90
if tui_wait '^ best: ' "first screen"; then
	# colour is on without NO_COLOR (so the check below can fail)
	tui_screen -e | grep -Eq "$COLOUR_SGR" ||
		fail "no colour escape sequences without NO_COLOR"
	tui_keys '?'
	if tui_wait 'mlfit tui: keys' "help screen"; then
		for k in $KEYS; do
			tui_screen | grep -Fq "  $k " || fail "help does not list the key '$k'"
		done
	fi
	tui_keys x
	tui_wait '^ best: ' "any key leaves the help"

	# a negative budget: the CLI's message, the field still open, the solve kept
	best=$(tui_best_line)
	tui_keys Tab Down Enter -5 Enter
	if tui_wait "max-cost must be greater than 0, not '-5'" "refused budget"; then
		cli=$("$MLFIT" recommend resnet50 --train --epochs 90 --max-cost -5 2>&1 >/dev/null)
		[ "$cli" = "mlfit: --max-cost must be greater than 0, not '-5'" ] ||
			fail "the CLI says '$cli'"
		tui_screen | grep -q 'budget (--max-cost): -5_' || fail "the field was closed"
		[ "$(tui_best_line)" = "$best" ] || fail "the last good solve was not kept"
	fi
	tui_keys Escape
	tui_keys Enter tomorrow Enter
	tui_wait "^--max-cost: " "a word as a budget"
	tui_keys Escape Down Enter tomorrow Enter
	tui_wait "^--deadline: " "tomorrow as a deadline"
	tui_keys Escape

	# too small, then back
	tmux -L "$TMUX_SOCKET" resize-window -x 60 -y 15
	tui_wait 'terminal too small: 60x15, needs 80x24' "60x15"
	tmux -L "$TMUX_SOCKET" resize-window -x 120 -y 40
	tui_wait '^ best: ' "redrawn at 120x40" &&
		tui_screen | grep -q 'terminal too small' && fail "the message stayed"

	tui_keys q
	tui_wait_exit
	[ "$status" = 0 ] || fail "q: exit status $status"
	# the alternate screen is gone: nothing of the TUI is left on the pane
	tui_screen | grep -q 'mlfit tui |' && fail "the terminal was not restored"
fi
tui_stop

tui_start NO_COLOR=1 -- resnet50 --train --epochs 90
if tui_wait '^ best: ' "NO_COLOR first screen"; then
	if tui_screen -e | grep -Eq "$COLOUR_SGR"; then
		fail "NO_COLOR=1: colour escape sequences on screen"
	fi
	tui_screen -e | grep -Eq "$ESC\\[([0-9]+;)*7m" || fail "NO_COLOR=1: no reverse video"
fi
tui_stop

tui_start TERM=dumb -- resnet50 --train
tui_wait_exit
[ "$status" = 2 ] || fail "TERM=dumb: exit status $status"
grep -qx 'mlfit: mlfit tui needs a terminal; use mlfit recommend for scripts' "$WORK/tui.err" ||
	fail "TERM=dumb: $(cat "$WORK/tui.err")"
tui_stop

tui_start -- resnet50 --train --deadline tomorrow
tui_wait_exit
[ "$status" = 2 ] || fail "--deadline tomorrow: exit status $status"
grep -q "^mlfit: --deadline: " "$WORK/tui.err" || fail "--deadline tomorrow: $(cat "$WORK/tui.err")"
tui_stop

finish
