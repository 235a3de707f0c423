#!/bin/sh
# bench/plan.sh — `mlfit plan` at 100, 1,000 and 10,000 workloads over the whole catalog,
# two on-prem sites (one owning six DGX A100 on a clean grid and able to buy twelve DGX
# H100), and a budget that binds; every figure also as a ratio against a reference run
# in the same benchmark: glpsol (and CBC, where installed) on the same program, written
# by mlfit's --write-lp.
#
# Instances (bench/gen-portfolio.py, seeded): N is the repetitive portfolio of N
# workloads (recipes from short lists: 105 distinct among 10,000), Nr the realistic one
# (tuned sizes, run counts, deadlines, rates: thousands of distinct workloads).
# SIZES picks them (default "100 1000 10000 10000r").  Targets (issue 14): the realistic
# 10,000 within 0.1 % of optimal in 10 s and 300 MB; the repetitive 10,000 in 3 s.
#
# The budget is set between the cheapest plan (to 1 %) and the CO2e-optimal plan's cost,
# so that it binds and is feasible.  The plan's objective is compared with the
# reference's: glpsol --mipgap 0.001 with GLPSOL_LIMIT seconds (default 300; the run is
# killed at twice that), CBC with ratioGap 0.001 and the same limit.  Peak RSS is
# /usr/bin/time's (whose clock counts in 10 ms: a shorter reference counts as 10 ms).
# mlfit's time is its whole run: the plan and both baselines.  Run by `make bench` with MLFIT and srcdir set.
set -eu
: "${MLFIT:?MLFIT must name the mlfit binary}"
: "${srcdir:=.}"
export LC_ALL=C XDG_DATA_HOME=/nonexistent
WORK=$(mktemp -d "${TMPDIR:-/tmp}/mlfit-bench.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
SIZES=${SIZES:-100 1000 10000 10000r}
LIMIT=${GLPSOL_LIMIT:-300}
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3

plan() {	# plan DIR OUT ARGS...: mlfit plan on DIR's instance, JSON to OUT, time and RSS to OUT.time
	dir=$1 out=$2
	shift 2
	/usr/bin/time -f '%e %M' -o "$out.time" "$MLFIT" --catalog "$dir/site.xml" -q plan \
		"$dir/portfolio.xml" --format json "$@" >"$out" 2>"$out.err" || true
}
get() {	# get FILE EXPR
	"$PY" -c "import json,sys; j=json.load(open(sys.argv[1])); print($2)" "$1"
}

for size in $SIZES; do
	dir="$WORK/$size"
	mkdir -p "$dir"
	n=${size%r}
	kind=
	[ "$n" = "$size" ] || kind=--realistic
	"$PY" "$srcdir/bench/gen-portfolio.py" $kind "$n" "$dir/site.xml" >"$dir/portfolio.xml"
	plan "$dir" "$dir/free.json"
	plan "$dir" "$dir/cheap.json" --objective cost --gap 0.01 --time-limit 20
	free_cost=$(get "$dir/free.json" "j['plan']['cost_usd']")
	cheap_cost=$(get "$dir/cheap.json" "j['plan']['cost_usd']")
	budget=$("$PY" -c "print(round($cheap_cost + 0.4 * ($free_cost - $cheap_cost)))")
	echo "$budget" >"$dir/budget"
	plan "$dir" "$dir/plan.json" --budget "$budget"
	plan "$dir" "$dir/lp.json" --budget "$budget" --write-lp "$dir/model.lp"
	if command -v glpsol >/dev/null 2>&1; then
		# glpsol checks its limit only while branching: reading and the LP come first
		/usr/bin/time -f '%e %M' -o "$dir/glpsol.time" timeout "$((LIMIT * 2))" glpsol \
			--lp "$dir/model.lp" --mipgap 0.001 --tmlim "$LIMIT" -o "$dir/glpsol.out" \
			>"$dir/glpsol.log" 2>&1 || true
	fi
	if command -v cbc >/dev/null 2>&1; then
		/usr/bin/time -f '%e %M' -o "$dir/cbc.time" timeout "$((LIMIT * 2))" cbc \
			"$dir/model.lp" ratioGap 0.001 seconds "$LIMIT" solve >"$dir/cbc.log" 2>&1 || true
	fi
done

"$PY" - "$WORK" $SIZES <<'PY'
import json, os, re, sys
work, sizes = sys.argv[1], sys.argv[2:]

def timed(path):
    try:
        t = open(path).read().split()
        return float(t[-2]), int(t[-1]) / 1024
    except (OSError, ValueError, IndexError):
        return None, None

def glpsol(d):
    wall, rss = timed(os.path.join(d, "glpsol.time"))
    if wall is None:
        return None
    out = open(os.path.join(d, "glpsol.out")).read() if os.path.exists(
        os.path.join(d, "glpsol.out")) else ""
    st = re.search(r"Status:\s+(.*)", out)
    ob = re.search(r"Objective:\s+obj = ([-0-9.e+]+)", out)
    return {"name": "glpsol", "wall": wall, "rss": rss,
            "status": st.group(1).strip() if st else "no solution",
            "obj": float(ob.group(1)) if ob else None,
            "optimal": bool(st) and "OPTIMAL" in st.group(1) and "INTEGER" in st.group(1)}

def cbc(d):
    wall, rss = timed(os.path.join(d, "cbc.time"))
    if wall is None:
        return None
    log = open(os.path.join(d, "cbc.log")).read()
    ob = re.search(r"Objective value:\s+([-0-9.e+]+)", log)
    st = re.search(r"Result - (.*)", log)
    return {"name": "cbc", "wall": wall, "rss": rss,
            "status": st.group(1).strip() if st else "no solution",
            "obj": float(ob.group(1)) if ob else None,
            "optimal": bool(st) and "Optimal solution found" in st.group(1)}

ok = True
for size in sizes:
    d = os.path.join(work, size)
    realistic = size.endswith("r")
    n = int(size.rstrip("r"))
    try:
        j = json.load(open(os.path.join(d, "plan.json")))
    except ValueError:
        print("%s: mlfit failed: %s" % (size, open(os.path.join(d, "plan.json.err")).read()))
        ok = False
        continue
    wall, rss = timed(os.path.join(d, "plan.json.time"))
    p, s = j["plan"], j["stats"]
    budget = float(open(os.path.join(d, "budget")).read())
    free = json.load(open(os.path.join(d, "free.json")))["plan"]
    print("== %d workloads, %s: %d groups of identical ones, %d distinct estimates; "
          "%d options built, %d in the program (%d columns, %d rows)" % (
              n, "realistic" if realistic else "repetitive", s["groups"],
              s["distinct_workloads"], s["options"], s["options_in_model"], s["columns"],
              s["rows"]))
    print("budget %.0f USD, binding: without it the least-CO2e plan costs %.0f USD" % (
        budget, free["cost_usd"]))
    obj = p["co2e_kg"] if p.get("co2e_kg") is not None else float("nan")
    print("mlfit: %s, gap %.2g %%, %.1f t CO2e, %.0f USD; %.2f s (load %.2f, estimate %.2f, "
          "solve %.2f), peak %.0f MiB" % (p["status"], 100 * p["gap"], obj / 1e3, p["cost_usd"],
                                         wall, s["load_s"], s["estimate_s"], s["solve_s"], rss))
    lp = os.path.join(d, "model.lp")
    if os.path.exists(lp):
        print("program (--write-lp): %.1f MB" % (os.path.getsize(lp) / 1e6))
    for ref in (glpsol(d), cbc(d)):
        if ref is None:
            continue
        line = "%s on it: %s, %.1f s, peak %.0f MiB" % (ref["name"], ref["status"], ref["wall"],
                                                       ref["rss"])
        if ref["obj"] is not None:
            line += ", objective %.6g kg; mlfit / %s: objective %.6f, time %.3f, RSS %.3f" % (
                ref["obj"], ref["name"], obj / ref["obj"], wall / max(ref["wall"], 0.01),
                rss / max(ref["rss"], 1e-9))
            if ref["optimal"] and obj > ref["obj"] * 1.001 + 1e-9:
                line += "  ** more than 0.1 % above the proven optimum"
                ok = ok and not (realistic and n >= 10000)
        else:
            line += "; mlfit / %s: time %.3f" % (ref["name"], wall / max(ref["wall"], 0.01))
        print(line)
    if n >= 10000:
        proven = p["status"] in ("optimal", "within gap") and p["gap"] <= 1e-3 + 1e-12
        if realistic:
            met = proven and wall <= 10 and rss <= 300
            print("target (realistic 10,000: within 0.1 %% in 10 s, 300 MB): %s" % (
                "met" if met else "MISSED"))
        else:
            met = wall <= 3
            print("target (repetitive 10,000: 3 s): %s" % ("met" if met else "MISSED"))
        ok = ok and met
    if not (glpsol(d) or cbc(d)):
        print("no reference solver installed (glpsol, cbc): no ratios")
sys.exit(0 if ok else 1)
PY
