#!/bin/sh
# t0060-readme-examples.sh — every command in README.md's sh blocks runs as
# written (./mlfit being the built binary, data/ the source tree's) and succeeds
# with output: on stdout, or for `-o FILE` a whole report in FILE; `mlfit tui`
# runs in a tmux terminal and shows what recommend and plan say for the same
# input.  The shipped examples are what their recipe makes (issue 8, item 18).
. "${srcdir:-.}/tests/cli/lib.sh"

# one command per line: continuations joined, "./bootstrap && " dropped
python3 - "$srcdir/README.md" >"$WORK/commands" <<'PY'
import sys
cmds, cur, in_sh = [], "", False
for line in open(sys.argv[1], encoding="utf-8"):
    line = line.rstrip("\n")
    if line.startswith("```"):
        in_sh = not in_sh and line.strip() == "```sh"
        continue
    if not in_sh:
        continue
    if not cur:
        if line.startswith("./bootstrap && ./mlfit "):
            line = line[len("./bootstrap && "):]
        if not line.startswith("./mlfit "):
            continue
    cur = (cur + " " + line.strip()) if cur else line
    if cur.endswith("\\"):
        cur = cur[:-1].rstrip()
        continue
    cmds.append(cur)
    cur = ""
print("\n".join(cmds))
PY
n=$(wc -l <"$WORK/commands")
[ "$n" -ge 15 ] || fail "README.md: only $n example commands found"

mkdir "$WORK/bin" "$WORK/run"
ln -s "$MLFIT" "$WORK/bin/mlfit"
# the examples run in a scratch directory (the source tree may be read-only, and
# the reports they write must not land in it) that sees the source tree's data/
SRC=$(cd "$srcdir" && pwd)
ln -s "$SRC/data" "$WORK/run/data"
ln -s "$SRC/data" "$WORK/data"		# tui-lib.sh runs mlfit tui in $WORK

# report_written FILE: FILE is a whole report in the format its name says
report_written() {
	[ -s "$1" ] || return 1
	case "$1" in
	*.html) grep -q '^</html>$' "$1" ;;
	*.md) grep -q '^# mlfit [a-z]* report$' "$1" ;;
	*.tex) grep -q '^\\end{document}$' "$1" ;;
	*.json) "${PYTHON:-python3}" -c 'import json, sys; json.load(open(sys.argv[1]))' "$1" ;;
	*) return 1 ;;
	esac
}

: >"$WORK/tui-commands"
while IFS= read -r cmd; do
	case "$cmd" in
	"./mlfit tui "*)	# needs a terminal: run below, in tmux
		printf '%s\n' "$cmd" >>"$WORK/tui-commands"
		continue ;;
	esac
	count=$((count + 1))
	file=$(printf '%s\n' "$cmd" | sed -n 's/.* \(-o\|--output\)[ =]\([^ ]*\).*/\2/p')
	[ -z "$file" ] || rm -f "$WORK/run/$file"
	(cd "$WORK/run" && PATH="$WORK/bin:$PATH" sh -c "${cmd#./}") >"$WORK/out" 2>"$WORK/err"
	status=$?
	if [ "$status" -ne 0 ]; then
		fail "README example exits $status: $cmd: $(head -3 "$WORK/err")"
	elif [ -n "$file" ] && [ "$file" != - ]; then
		report_written "$WORK/run/$file" ||
			fail "README example does not write a whole report to $file: $cmd"
	elif [ ! -s "$WORK/out" ]; then
		fail "README example prints nothing: $cmd"
	fi
	if [ "$status" -eq 0 ] && grep -v '^mlfit: warning: ' "$WORK/err" | grep -q .; then
		fail "README example prints more than warnings on stderr: $cmd: $(head -3 "$WORK/err")"
	fi
done <"$WORK/commands"

# mlfit tui: in a 120x40 tmux terminal; the model view's best is recommend's best, the
# portfolio view's totals are plan's, and q ends it with status 0
ntui=$(wc -l <"$WORK/tui-commands")
[ "$ntui" -ge 2 ] || fail "README.md: only $ntui mlfit tui examples found"
if [ "$ntui" -gt 0 ] && ! command -v tmux >/dev/null 2>&1; then
	echo "tmux not installed: the README's mlfit tui examples are not run"
elif [ "$ntui" -gt 0 ]; then
	. "$srcdir/tests/cli/tui-lib.sh"
	while IFS= read -r cmd; do
		# shellcheck disable=SC2086
		set -- ${cmd#./mlfit tui }
		tui_start -- "$@"
		case " $* " in
		*" --plan "*)
			# the same options to mlfit plan, the file as its argument
			for a in "$@"; do
				shift
				[ "$a" = --plan ] || set -- "$@" "$a"
			done
			if tui_wait '^plan for [0-9]+ workloads over ' "README example: $cmd"; then
				want=$(cd "$WORK" && "$MLFIT" plan "$@" 2>/dev/null |
					grep -E '^(plan|all-cloud|all-on-prem) ')
				got=$(tui_screen | grep -E '^(plan|all-cloud|all-on-prem) ' | sed 's/ *$//')
				[ -n "$want" ] && [ "$got" = "$want" ] ||
					fail "README example: $cmd: totals differ from mlfit plan"
			fi ;;
		*)
			if tui_wait '^ best: ' "README example: $cmd"; then
				want=$(recommend_best "$@")
				[ -n "$want" ] && [ "$(tui_best_line)" = "$want" ] ||
					fail "README example: $cmd: best '$(tui_best_line)', recommend says '$want'"
			fi ;;
		esac
		tui_stop
		status=$(cat "$WORK/exit" 2>/dev/null || echo "none (still running)")
		[ "$status" = 0 ] || fail "README example: $cmd: q ends with status $status"
	done <"$WORK/tui-commands"
fi

# the shipped ONNX example is what its recipe (README.md) writes, and profiles
# to the counts of its layers: conv 3->8 (216), BN (16), a basic block 8->16
# with a downsample (1152 + 32 + 2304 + 32 + 128 + 32), the head 16->10 (170)
if [ -n "${PYTHON:-}" ]; then
	"$PYTHON" "$srcdir/tests/onnx/zoo.py" tiny "$WORK/tiny.onnx" --raw &&
		cmp -s "$WORK/tiny.onnx" "$srcdir/data/examples/tiny-cnn.onnx" ||
		fail "data/examples/tiny-cnn.onnx is not what 'zoo.py tiny --raw' writes"
fi
run profile "$srcdir/data/examples/tiny-cnn.onnx" --format json
expect_ok "profile tiny-cnn.onnx" && [ "$(json_get "int(j['params'])")" = 4082 ] ||
	fail "tiny-cnn.onnx: $(json_get "j['params']") parameters, expected 4082"
run catalog validate "$srcdir/data/examples/overlay.xml"
expect_ok "the sample overlay validates"

finish
