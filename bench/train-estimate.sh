#!/bin/sh
# bench/train-estimate.sh — the cost of the layout search (issue 9).  One `mlfit
# recommend` over the whole shipped catalog for a 70B transformer (every candidate
# searches its TP x PP x DP x ZeRO x micro-batch x interleaving x recompute layouts),
# against the same for ResNet-50 (data parallel, no search) measured in the same run:
# the time per estimate of each, their ratio, and the whole recommend.  Targets: a
# single prediction under 1 ms, recommend under 50 ms.
# Run by `make bench` with MLFIT set; by hand: MLFIT=./mlfit sh bench/train-estimate.sh
set -eu
: "${MLFIT:?MLFIT must name the mlfit binary}"
export LC_ALL=C XDG_DATA_HOME=/nonexistent
RUNS=${RUNS:-10}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/mlfit-bench.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

measure() {	# measure NAME ARGS...: RUNS recommends, the stats of each appended to $WORK/NAME
	name=$1
	shift
	i=0
	while [ "$i" -lt "$RUNS" ]; do
		/usr/bin/time -f '%e' -a -o "$WORK/$name.wall" "$MLFIT" recommend "$@" --format json \
			>"$WORK/run.json"
		python3 -c "import json,sys; s=json.load(open(sys.argv[1]))['stats']; \
print(s['estimate_s'], s['estimated'])" "$WORK/run.json" >>"$WORK/$name"
		i=$((i + 1))
	done
}

measure llm --params 70e9 --tokens 2e12 --train
measure cnn --model resnet50 --train --epochs 90

python3 - "$WORK" <<'PY'
import statistics, sys
w = sys.argv[1]
def per(name):
    rows = [list(map(float, l.split())) for l in open("%s/%s" % (w, name)) if l.strip()]
    walls = [float(l) * 1e3 for l in open("%s/%s.wall" % (w, name)) if l.strip()[:1].isdigit()]
    return statistics.median(r[0] / r[1] * 1e6 for r in rows), int(rows[0][1]), statistics.median(walls)
llm, n_llm, wall_llm = per("llm")
cnn, n_cnn, wall_cnn = per("cnn")
print("70B transformer: %d estimates, %.1f us each (median), recommend %.0f ms wall" % (n_llm, llm, wall_llm))
print("ResNet-50:       %d estimates, %.1f us each (median), recommend %.0f ms wall" % (n_cnn, cnn, wall_cnn))
print("layout search costs %.1f x a data-parallel estimate; one prediction %s 1 ms" %
      (llm / cnn, "under" if llm < 1000 else "OVER"))
PY
