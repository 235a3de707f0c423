#!/bin/sh
# bench/loaders.sh — every loader is linear in its input (issue 15, issue 8
# item 17).  For each, a generated input of n and of 4n entries is loaded;
# the ratio of the times (less the time of a tiny input, mlfit's fixed cost)
# is about 4 for a linear loader and 16 for a quadratic one, whatever the
# machine, so the check is the ratio measured in the same run, not a time.
# Also prints the time of 200,000 model XML layers (target: under 1 s).
set -eu
: "${MLFIT:?set MLFIT to the mlfit binary}"
: "${srcdir:=.}"
export LC_ALL=C XDG_DATA_HOME=/nonexistent
W=$(mktemp -d "${TMPDIR:-/tmp}/mlfit-bench.XXXXXX")
trap 'rm -rf "$W"' EXIT
MAX_RATIO=8

python3 - "$W" <<'PY'
import sys
d = sys.argv[1]
def layers(n, path):
    with open(path, "w") as f:
        f.write('<?xml version="1.0"?>\n<model name="l">\n<input shape="64"/>\n<layers>\n')
        f.write('<linear out="64"/>\n<relu/>\n' * (n // 2))
        f.write('</layers>\n</model>\n')
def catalog(n, path):
    with open(path, "w") as f:
        f.write('<?xml version="1.0"?>\n<catalog version="1">\n')
        for i in range(n):
            f.write('<source id="s%d">S</source>\n' % i)
        for i in range(n):
            f.write('<device id="d%d" kind="gpu" sources="s%d"><vendor>V</vendor><name>N</name><year>2024</year>'
                    '<tdp>300 W</tdp><peak precision="bf16">300 TFLOP/s</peak></device>\n'
                    % (i, n - 1 - i))
        f.write('</catalog>\n')
def workloads(n, path):
    with open(path, "w") as f:
        f.write('<?xml version="1.0"?>\n<workloads>\n')
        for i in range(n):
            f.write('<train id="w%d" model="resnet18" epochs="1"/>\n' % i)
        f.write('<train id="w0" model="resnet18" epochs="1"/>\n</workloads>\n')
for kind, small, n in (("layers", 2, 50000), ("catalog", 1, 10000), ("workloads", 1, 12500)):
    gen = globals()[kind]
    gen(small, "%s/%s-0.xml" % (d, kind))
    gen(n, "%s/%s-1.xml" % (d, kind))
    gen(4 * n, "%s/%s-4.xml" % (d, kind))
layers(200000, d + "/layers-200k.xml")
PY

# seconds of the best of three runs of mlfit ARGS (exit status ignored)
best() {
	python3 - "$MLFIT" "$@" <<'PY'
import subprocess, sys, time
best = None
for _ in range(3):
    t = time.perf_counter()
    subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    t = time.perf_counter() - t
    best = t if best is None or t < best else best
print("%.4f" % best)
PY
}

args_layers() { echo "profile $1 --format csv"; }
args_catalog() { echo "--catalog $1 catalog list devices --format csv"; }
args_workloads() { echo "plan $1 --time-limit 1s"; }

bad=0
for kind in layers catalog workloads; do
	# shellcheck disable=SC2046
	t0=$(best $(args_$kind "$W/$kind-0.xml"))
	# shellcheck disable=SC2046
	t1=$(best $(args_$kind "$W/$kind-1.xml"))
	# shellcheck disable=SC2046
	t4=$(best $(args_$kind "$W/$kind-4.xml"))
	verdict=$(python3 -c "
t0, t1, t4 = $t0, $t1, $t4
r = max(t4 - t0, 1e-4) / max(t1 - t0, 1e-4)
print('%.1f %s' % (r, 'ok' if r <= $MAX_RATIO else 'SUPERLINEAR'))")
	echo "$kind: n ${t1}s, 4n ${t4}s (fixed cost ${t0}s): ratio ${verdict% *} (linear 4, quadratic 16) ${verdict#* }"
	[ "${verdict#* }" = ok ] || bad=1
done
t=$(best profile "$W/layers-200k.xml" --format csv)
echo "200,000 model XML layers: ${t}s (target under 1 s)"
python3 -c "import sys; sys.exit(0 if $t < 1 else 1)" || bad=1
exit $bad
