#!/bin/sh
# bench/tui.sh — `mlfit tui` on the shipped catalog's ResNet-50 training
# comparison (resnet50 --train --epochs 90).  Targets (issue 11):
#   re-solve after a constraint change: median <= 16 ms, measured by driving
#     the state module without curses (bench/tui_resolve), and given as a
#     ratio to `mlfit recommend` end to end in the same run;
#   startup to first screen <= 2 x `mlfit recommend` end to end: the real
#     binary in a pseudo-terminal (80x24), timed from launch until the
#     screen shows the best plan.
# Run by `make bench` with MLFIT set; by hand: MLFIT=./mlfit sh bench/tui.sh
set -eu
: "${MLFIT:?MLFIT must name the mlfit binary}"
export LC_ALL=C XDG_DATA_HOME=/nonexistent TERM=xterm
DRIVER="$(dirname "$MLFIT")/bench/tui_resolve"
RUNS=${RUNS:-15}
PY=/usr/bin/python3
[ -x "$DRIVER" ] || { echo "bench/tui.sh: $DRIVER not built (make bench builds it)" >&2; exit 1; }

# the driver reads the catalog the build-tree binary reads: the source tree's
# shellcheck disable=SC2046
set -- $(MLFIT_DATADIR="${srcdir:-.}" "$DRIVER" "${ROUNDS:-10}")
[ $# -eq 7 ] || { echo "bench/tui.sh: the driver failed" >&2; exit 1; }
first_ms=$1 resolve_med=$2 resolve_min=$3 resolve_max=$4 resolves=$5 first_est=$6 new_est=$7

"$PY" - "$MLFIT" "$RUNS" "$first_ms" "$resolve_med" "$resolve_min" "$resolve_max" "$resolves" \
	"$first_est" "$new_est" <<'PY'
import os, pty, select, statistics, struct, subprocess, sys, time, fcntl, termios

mlfit, runs = sys.argv[1], int(sys.argv[2])
first_ms, med, lo, hi = map(float, sys.argv[3:7])
resolves, first_est, new_est = map(int, sys.argv[7:10])
work = ["resnet50", "--train", "--epochs", "90"]

def recommend_ms():
    t = time.perf_counter()
    subprocess.run([mlfit, "recommend", *work, "--format", "json"], check=True,
                   stdout=subprocess.DEVNULL)
    return (time.perf_counter() - t) * 1e3

def first_screen_ms():
    t = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:
        os.execv(mlfit, [mlfit, "tui", *work])
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    seen, ms = b"", None
    while ms is None:
        r, _, _ = select.select([fd], [], [], 10)
        if not r:
            raise SystemExit("tui: no first screen within 10 s")
        seen += os.read(fd, 65536)
        if b"best:" in seen:   # drawn only once solved
            ms = (time.perf_counter() - t) * 1e3
    os.write(fd, b"q")
    while True:
        try:
            if not os.read(fd, 65536):
                break
        except OSError:
            break
    _, status = os.waitpid(pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit("tui: exit status %d" % os.waitstatus_to_exitcode(status))
    return ms

rec, start = [], []
for _ in range(runs):          # interleaved, so both see the same machine load
    rec.append(recommend_ms())
    start.append(first_screen_ms())
r, s = statistics.median(rec), statistics.median(start)
print("mlfit tui resnet50 --train --epochs 90 (shipped catalog)")
print("first solve in the state module: %.1f ms, %d estimates" % (first_ms, first_est))
print("re-solve after a constraint change: median %.2f ms (min %.2f, max %.2f) over %d "
      "re-solves, %d new estimates in all (target 16 ms)" % (med, lo, hi, resolves, new_est))
print("mlfit recommend end to end: median %.1f ms over %d runs" % (r, runs))
print("re-solve / recommend: %.2f" % (med / r))
print("startup to first screen: median %.1f ms over %d runs; / recommend: %.2f (target 2)"
      % (s, runs, s / r))
ok = med <= 16 and s <= 2 * r
print("targets: %s" % ("met" if ok else "MISSED"))
sys.exit(0 if ok else 1)
PY
