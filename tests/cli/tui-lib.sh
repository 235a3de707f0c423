# tui-lib.sh — driving `mlfit tui` in a detached tmux (sourced after lib.sh).
#
# Each test gets its own tmux server (-L, a socket of its own), a
# 120x40 window, and polls capture-pane for the text it waits for with a
# bounded loop instead of sleeping a guessed time.  The pane stays after
# mlfit exits (remain-on-exit), so the restored screen can be read, and
# the exit status goes to $WORK/exit.  Skips (77) when tmux is absent.

command -v tmux >/dev/null 2>&1 || { echo "tmux not installed: skipped"; exit 77; }

TMUX_SOCKET="mlfit-test-$$-0"
TUI_TIMEOUT=${TUI_TIMEOUT:-300}	# tenths of a second (sanitizer builds are slow)
tui_runs=0
unset TMUX
# the servers' sockets live in the test's directory and go with it
export TMUX_TMPDIR="$WORK"
trap 'tmux -L "$TMUX_SOCKET" kill-server 2>/dev/null; rm -rf "$WORK"' EXIT
# remain-on-exit from the server's start, so a command that ends at once
# (TERM=dumb) still leaves its pane and the server
printf 'set -g remain-on-exit on\n' >"$WORK/tmux.conf"

# tui_start [ENV=VALUE...] -- ARGS...: runs mlfit tui ARGS in a new 120x40 session.
tui_start() {
	envs=
	while [ "$1" != -- ]; do
		envs="$envs $1"
		shift
	done
	shift
	args=
	for a in "$@"; do
		args="$args '$a'"
	done
	rm -f "$WORK/exit"
	cat >"$WORK/run.sh" <<EOS
cd '$WORK' || exit 1
stty -a >'$WORK/stty.before' 2>&1
env LC_ALL=C TZ=UTC XDG_DATA_HOME='$XDG_DATA_HOME' $envs '$MLFIT' tui $args 2>'$WORK/tui.err'
rc=\$?
stty -a >'$WORK/stty.after' 2>&1
echo \$rc >'$WORK/exit'
EOS
	# a server of its own per run: the last one may still be shutting down
	tui_runs=$((tui_runs + 1))
	TMUX_SOCKET="mlfit-test-$$-$tui_runs"
	tmux -L "$TMUX_SOCKET" -f "$WORK/tmux.conf" new-session -d -x 120 -y 40 "sh '$WORK/run.sh'"
	count=$((count + 1))
}

# tui_screen [-e]: the pane's text now (-e: with escape sequences).
tui_screen() {
	tmux -L "$TMUX_SOCKET" capture-pane -p "$@"
}

# tui_keys KEY...: tmux send-keys (names such as Enter, Tab, Escape, or text).
tui_keys() {
	tmux -L "$TMUX_SOCKET" send-keys "$@"
}

# tui_wait REGEX DESCRIPTION: waits until the screen matches the extended regex.
tui_wait() {
	i=0
	while [ "$i" -lt "$TUI_TIMEOUT" ]; do
		if tui_screen | grep -Eq -- "$1"; then
			return 0
		fi
		sleep 0.1
		i=$((i + 1))
	done
	fail "$2: the screen never showed /$1/:"
	tui_screen >&2
	[ -s "$WORK/tui.err" ] && cat "$WORK/tui.err" >&2
	return 1
}

# tui_wait_exit: waits for mlfit to end; sets $status.
tui_wait_exit() {
	i=0
	while [ ! -s "$WORK/exit" ] && [ "$i" -lt "$TUI_TIMEOUT" ]; do
		sleep 0.1
		i=$((i + 1))
	done
	status=$(cat "$WORK/exit" 2>/dev/null || echo timeout)
}

# tui_pid: the process id of mlfit in the pane (the child of the pane's shell).
tui_pid() {
	pgrep -P "$(tmux -L "$TMUX_SOCKET" display-message -p '#{pane_pid}')" | head -1
}

# tui_restored DESCRIPTION: after mlfit ended, the terminal modes are as before.
tui_restored() {
	cmp -s "$WORK/stty.before" "$WORK/stty.after" ||
		fail "$1: terminal modes not restored: $(diff "$WORK/stty.before" "$WORK/stty.after")"
}

# tui_stop: quits with q if still running and ends the tmux server.
tui_stop() {
	[ -s "$WORK/exit" ] || { tui_keys q; tui_wait_exit; }
	tmux -L "$TMUX_SOCKET" kill-server 2>/dev/null
	return 0
}

# tui_best_line: the placement the header names as best.
tui_best_line() {
	tui_screen | sed -n 's/^ best: //p' | sed 's/ *$//'
}

# recommend_best ARGS...: the best plan of `mlfit recommend --format json` by name.
recommend_best() {
	"$MLFIT" recommend "$@" --format json | "${PYTHON:-python3}" -c '
import json, sys
b = json.load(sys.stdin)["best"]["candidate"]
print("%d x %s (%s) in %s" % (b["count"], b["device"], b["instance"], b["region"]))'
}
