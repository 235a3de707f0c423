#!/bin/sh
# t4050-tui-signals.sh — the terminal is restored on q, on SIGINT, SIGTERM and SIGHUP,
# and on a fatal signal, which is then raised again (the exit status says which).
. "${srcdir:-.}/tests/cli/lib.sh"
. "${srcdir:-.}/tests/cli/tui-lib.sh"

tui_start -- resnet50 --train --epochs 90
if tui_wait '^ best: ' "first screen"; then
	tui_keys q
	tui_wait_exit
	[ "$status" = 0 ] || fail "q: exit status $status"
	tui_restored "q"
fi
tui_stop

for sig in INT:2 TERM:15 HUP:1 SEGV:11; do
	name=${sig%:*} num=${sig#*:}
	tui_start -- resnet50 --train --epochs 90
	if tui_wait '^ best: ' "first screen ($name)"; then
		pid=$(tui_pid)
		if [ -z "$pid" ]; then
			fail "SIG$name: no mlfit process"
		else
			kill -s "$name" "$pid"
			tui_wait_exit
			[ "$status" = $((128 + num)) ] || fail "SIG$name: exit status $status"
			tui_restored "SIG$name"
			tui_screen | grep -q 'mlfit tui |' && fail "SIG$name: the TUI's screen stayed"
		fi
	fi
	tui_stop
done
finish
