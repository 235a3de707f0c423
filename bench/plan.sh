#!/bin/sh
# bench/plan.sh — `mlfit plan` with 1,000 workloads over the whole catalog, two on-prem
# sites (one owning six DGX A100 on a clean grid and able to buy twelve DGX H100), and a
# budget that binds.  Target (issue 5): proven optimal or within 0.1 % in under 5 s, under
# 1 GB.  Then the same program unpruned (--write-lp) handed to glpsol, for the ratio.
#
# The instance comes from bench/gen-portfolio.py (seeded).  The budget is set between the
# cheapest plan and the CO2e-optimal plan's cost, so that it binds and is feasible.
# GLPSOL_LIMIT (default 900 s) caps glpsol's search (and twice that its whole run).  Run by `make bench` with MLFIT and srcdir set.
set -eu
: "${MLFIT:?MLFIT must name the mlfit binary}"
: "${srcdir:=.}"
export LC_ALL=C XDG_DATA_HOME=/nonexistent
WORK=$(mktemp -d "${TMPDIR:-/tmp}/mlfit-bench.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
N=${N:-1000}

python3 "$srcdir/bench/gen-portfolio.py" "$N" "$WORK/site.xml" >"$WORK/portfolio.xml"
plan() {	# plan OUT ARGS...: mlfit plan on the instance, JSON to OUT, time and RSS to OUT.time
	out=$1
	shift
	/usr/bin/time -f '%e %M' -o "$out.time" "$MLFIT" --catalog "$WORK/site.xml" -q plan \
		"$WORK/portfolio.xml" --format json "$@" >"$out" || true
}
get() {	# get FILE EXPR
	python3 -c "import json,sys; j=json.load(open(sys.argv[1])); print($2)" "$1"
}

# the budget: between the cheapest plan (to 1 %) and the CO2e-optimal plan's cost
plan "$WORK/free.json"
plan "$WORK/cheap.json" --objective cost --gap 0.01 --time-limit 20
free_cost=$(get "$WORK/free.json" "j['plan']['cost_usd']")
cheap_cost=$(get "$WORK/cheap.json" "j['plan']['cost_usd']")
budget=$(python3 -c "print(round($cheap_cost + 0.4 * ($free_cost - $cheap_cost)))")

plan "$WORK/plan.json" --budget "$budget"
plan "$WORK/unpruned.json" --budget "$budget" --write-lp "$WORK/unpruned.lp"

glpsol_status=skipped
if command -v glpsol >/dev/null 2>&1; then
	# glpsol checks its limit only while branching: reading and the LP come first
	limit=${GLPSOL_LIMIT:-900}
	/usr/bin/time -f '%e %M' -o "$WORK/glpsol.time" timeout "$((limit * 2))" glpsol \
		--lp "$WORK/unpruned.lp" --mipgap 0.001 --tmlim "$limit" -o "$WORK/glpsol.out" \
		>"$WORK/glpsol.log" 2>&1 || true
	glpsol_status=done
fi

python3 - "$WORK" "$budget" "$glpsol_status" <<'PY'
import json, os, re, sys
work, budget, glpsol = sys.argv[1], float(sys.argv[2]), sys.argv[3]
def load(name):
    j = json.load(open(os.path.join(work, name)))
    t = open(os.path.join(work, name + ".time")).read().split()
    return j, float(t[-2]), int(t[-1])
free, _, _ = load("free.json")
j, wall, rss = load("plan.json")
p, s = j["plan"], j["stats"]
print("instance: %d workloads (%d distinct), %d candidates, %d estimates, %d options before "
      "pruning, %d in the program (%d columns, %d rows)" % (
          s["workloads"], s["distinct_workloads"], s["candidates"], s["estimated"],
          s["options"], s["options_in_model"], s["columns"], s["rows"]))
print("budget %.0f USD, binding: without it the least-CO2e plan emits %.1f t and costs %.0f USD"
      % (budget, free["plan"]["co2e_kg"] / 1e3, free["plan"]["cost_usd"]))
print("plan: %s, gap %.2g %%, %.1f t CO2e, %.0f USD, of which purchases %.0f USD; sites: %s" % (
    p["status"], 100 * p["gap"], p["co2e_kg"] / 1e3, p["cost_usd"], p["capex_usd"],
    ", ".join("%s %s owned %d buy %d" % (x["site"], x["node"], x["owned"], x["buy"])
              for x in p["sites"] if x["owned"] or x["buy"])))
for name, b in j["baselines"].items():
    print("baseline %s: %s" % (name, "%.1f t CO2e, %.0f USD" % (b["co2e_kg"] / 1e3, b["cost_usd"])
                               if b["feasible"] else "not possible" +
                               (" (%s)" % b["unplaceable"] if "unplaceable" in b else "")))
print("time: load %.2f s, estimate %.2f s, solve (the plan) %.2f s; whole run with both "
      "baselines %.2f s (target: under 5 s)" % (s["load_s"], s["estimate_s"], s["solve_s"], wall))
print("peak RSS: %d MiB (target: under 1 GiB)" % (rss / 1024))
u, uwall, urss = load("unpruned.json")
lp = os.path.join(work, "unpruned.lp")
print("unpruned program (--write-lp): %.0f MB, written in a run of %.1f s, peak %d MiB" % (
    os.path.getsize(lp) / 1e6, uwall, urss / 1024))
if glpsol == "done":
    t = open(os.path.join(work, "glpsol.time")).read().split()
    gwall, grss = float(t[-2]), int(t[-1])
    out = open(os.path.join(work, "glpsol.out")).read() if os.path.exists(
        os.path.join(work, "glpsol.out")) else ""
    st = re.search(r"Status:\s+(.*)", out)
    ob = re.search(r"Objective:\s+obj = ([-0-9.e+]+)", out)
    log = open(os.path.join(work, "glpsol.log")).read()
    last = [l for l in log.splitlines() if l.startswith("+") or "mip =" in l][-1:]
    print("glpsol --mipgap 0.001 on it: %s, objective %s kg, %.1f s, peak %d MiB%s" % (
        st.group(1).strip() if st else "stopped without a solution", ob.group(1) if ob else "-",
        gwall, grss / 1024, ("; last progress: " + last[0].strip()) if last and not st else ""))
    print("ratio glpsol / mlfit: %.0fx the plan's solve, %.0fx mlfit's whole run" % (
        gwall / max(s["solve_s"], 1e-9), gwall / max(wall, 1e-9)))
else:
    print("glpsol: not installed, no comparison")
PY
