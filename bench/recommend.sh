#!/bin/sh
# bench/recommend.sh — `mlfit recommend` for one training workload over the whole shipped
# catalog: wall time end to end, the candidate counts and the time split (load, estimate,
# solve), and peak memory.  Target (issue 5): under 50 ms.
# Run by `make bench` with MLFIT set; by hand: MLFIT=./mlfit sh bench/recommend.sh
set -eu
: "${MLFIT:?MLFIT must name the mlfit binary}"
export LC_ALL=C XDG_DATA_HOME=/nonexistent
RUNS=${RUNS:-20}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/mlfit-bench.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
CMD="recommend --model resnet50 --train --epochs 90"

# shellcheck disable=SC2086
"$MLFIT" $CMD --format json >"$WORK/one.json"
: >"$WORK/runs"
i=0
while [ "$i" -lt "$RUNS" ]; do
	# shellcheck disable=SC2086
	/usr/bin/time -f '%e %M' -a -o "$WORK/runs" "$MLFIT" $CMD --format json >"$WORK/run.json"
	python3 -c "import json,sys; s=json.load(open(sys.argv[1]))['stats']; \
print(s['load_s'], s['estimate_s'], s['solve_s'])" "$WORK/run.json" >>"$WORK/split"
	i=$((i + 1))
done

python3 - "$WORK/one.json" "$WORK/runs" "$WORK/split" "$CMD" <<'PY'
import json, statistics, sys
j = json.load(open(sys.argv[1]))
runs = [l.split() for l in open(sys.argv[2]) if l.strip() and l[0].isdigit()]
split = [list(map(float, l.split())) for l in open(sys.argv[3]) if l.strip()]
wall = [float(r[0]) * 1e3 for r in runs]
rss = max(int(r[1]) for r in runs)
s, b = j["stats"], j["best"]
print("mlfit " + sys.argv[4])
print("best: %d x %s (%s) in %s, %.4g kg CO2e, %.2f USD" % (
    b["candidate"]["count"], b["candidate"]["device"], b["candidate"]["instance"],
    b["candidate"]["region"], b["co2e_kg"]["total"], b["cost_usd"]))
print("candidates: %d enumerated, %d in dominated regions skipped, %d estimated, %d fit, "
      "%d in the model" % (s["enumerated"], s["region_pruned"], s["estimated"], s["fit"],
                           s["model_items"]))
med = [statistics.median(c) * 1e3 for c in zip(*split)]
print("time split (median of %d): load %.1f ms, estimate %.1f ms, solve %.1f ms" % (
    len(split), med[0], med[1], med[2]))
print("end to end: median %.0f ms, min %.0f ms, max %.0f ms over %d runs (target 50 ms; "
      "/usr/bin/time has 10 ms resolution)" % (statistics.median(wall), min(wall), max(wall),
                                             len(wall)))
print("peak RSS: %d KiB" % rss)
PY
