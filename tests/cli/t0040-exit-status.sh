#!/bin/sh
# t0040-exit-status.sh — the exit statuses of mlfit(1) everywhere: a full
# disk is one message and status 3, a reader that stops reading ends mlfit
# quietly, usage mistakes in every command are 2 (issue 8, item 11).
. "${srcdir:-.}/tests/cli/lib.sh"

# a full disk: one line, status 3, for results and for --help alike
if [ -w /dev/full ]; then
	for args in "catalog list devices" "--help" "profile resnet50" "catalog validate --format json"; do
		# shellcheck disable=SC2086
		"$MLFIT" $args >/dev/full 2>"$WORK/err"
		status=$? err=$(cat "$WORK/err") count=$((count + 1))
		expect_status 3 "$args >/dev/full" && expect_one_line_error "$args >/dev/full" &&
			expect_err_match "^mlfit: cannot write the output: No space left on device$" "$args >/dev/full"
	done
fi

# a closed pipe: no message, status 0, whether SIGPIPE is ignored or not
# (the reader is closed before mlfit writes, so the write always fails)
"${PYTHON:-/usr/bin/python3}" - "$MLFIT" >"$WORK/pipe" 2>&1 <<'PY'
import os, signal, subprocess, sys
for sigpipe in (signal.SIG_IGN, signal.SIG_DFL):
    r, w = os.pipe()
    os.close(r)
    p = subprocess.run([sys.argv[1], "catalog", "list", "devices"], stdout=w,
                       stderr=subprocess.PIPE, preexec_fn=lambda: signal.signal(signal.SIGPIPE, sigpipe))
    os.close(w)
    print("status", p.returncode, "stderr", repr(p.stderr.decode()))
PY
count=$((count + 1))
[ "$(cat "$WORK/pipe")" = "status 0 stderr ''
status 0 stderr ''" ] || fail "a closed pipe is not quiet: $(cat "$WORK/pipe")"
"$MLFIT" catalog list devices | head -1 >/dev/null 2>"$WORK/err" || fail "| head -1"
[ -s "$WORK/err" ] && fail "| head -1 printed: $(cat "$WORK/err")"

# usage mistakes are 2 in every command
for args in "profile resnet50 --batch 0" "profile resnet50 --layers --layers=x" \
	"profile --params 2e15" "profile --n-layers 2 --width 64 --heads 5 --context 8" \
	"profile resnet50 resnet18" "estimate resnet50 --epochs 1e30 --device nvidia-t4 --region aws:us-east-1" \
	"estimate --flops 1e40 --device nvidia-t4" "recommend resnet50 --max-devices 0" "plan"; do
	# shellcheck disable=SC2086
	run $args
	expect_status 2 "$args" && expect_one_line_error "$args"
done

finish
