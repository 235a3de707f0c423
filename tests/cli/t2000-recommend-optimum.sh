#!/bin/sh
# t2000-recommend-optimum.sh — recommend chooses the true optimum.
#
# With the tiny overlay catalog (tests/fixtures/optimize/tiny.xml) and --providers tp the
# candidates are few: 3 instance types in 4 regions at 1, 2, 4, 8, 16 devices.  The test
# estimates every one of them with `mlfit estimate` (the region that recommend prunes as
# dominated included) and checks that recommend picked the minimum of each objective, with
# and without a budget and a deadline.
. "${srcdir:-.}/tests/cli/lib.sh"

TINY="$FIXTURES/optimize/tiny.xml"

# brute OBJECTIVE MAX_COST DEADLINE_S: the least value over every candidate, by estimate
brute() {
	python3 - "$MLFIT" "$TINY" "$@" <<'PY'
import json, subprocess, sys
mlfit, tiny, objective, max_cost, deadline = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4]), float(sys.argv[5])
offers = {"a1": (1, ["clean", "cheap", "mid", "dear"]), "a4": (4, ["clean", "cheap", "dear"]),
          "b8": (8, ["clean", "cheap", "mid"])}
best = None
for inst, (per, regions) in offers.items():
    for region in regions:
        k = 1
        while k * per <= 16:
            out = subprocess.run([mlfit, "--catalog", tiny, "estimate", "resnet18", "--epochs", "10",
                                  "--instance", "tp:" + inst, "--instances", str(k),
                                  "--region", "tp:" + region, "--format", "json"],
                                 capture_output=True, text=True, env={"LC_ALL": "C"})
            k *= 2
            if out.returncode != 0:
                sys.exit("estimate failed: " + out.stderr)
            e = json.loads(out.stdout)
            if not e["fits"]:
                continue
            if max_cost > 0 and e["cost_usd"] > max_cost:
                continue
            if deadline > 0 and e["time_s"] > deadline:
                continue
            v = {"co2e": e["co2e_kg"]["total"], "energy": e["energy_kwh"]["facility"],
                 "cost": e["cost_usd"], "time": e["time_s"]}[objective]
            best = v if best is None else min(best, v)
print(best)
PY
}

# value OBJECTIVE: the objective's value in recommend's JSON best
value() {
	json_get "{'co2e': j['best']['co2e_kg']['total'], 'energy': j['best']['energy_kwh']['facility'], 'cost': j['best']['cost_usd'], 'time': j['best']['time_s']}['$1']"
}

for obj in co2e energy cost time; do
	run --catalog "$TINY" recommend resnet18 --epochs 10 --providers tp --max-devices 16 \
		--objective "$obj" --format json
	expect_ok "recommend --objective $obj" || continue
	want=$(brute "$obj" 0 0)
	got=$(value "$obj")
	close_to "$got" "$want" 1e-9 || fail "--objective $obj: recommend found $got, the best candidate has $want"
	[ "$(json_get "j['best']['status']")" = optimal ] || fail "--objective $obj: not proven optimal"
done

# with a budget and a deadline that bind
run --catalog "$TINY" recommend resnet18 --epochs 10 --providers tp --max-devices 16 --format json
free_cost=$(json_get "j['best']['cost_usd']")
cap=$(python3 -c "print($free_cost * 0.7)")
run --catalog "$TINY" recommend resnet18 --epochs 10 --providers tp --max-devices 16 \
	--max-cost "$cap" --format json
expect_ok "with --max-cost" &&
	{ close_to "$(value co2e)" "$(brute co2e "$cap" 0)" 1e-9 ||
		fail "with --max-cost $cap: not the least CO2e within the budget"; }
# ties go to the fastest plan (t2110), so the deadline comes from the 8-device optimum
run --catalog "$TINY" recommend resnet18 --epochs 10 --providers tp --max-devices 8 --format json
dl=$(python3 -c "print($(json_get "j['best']['time_s']") * 0.6)")
run --catalog "$TINY" recommend resnet18 --epochs 10 --providers tp --max-devices 16 \
	--deadline "${dl}s" --objective cost --format json
expect_ok "with --deadline" &&
	{ close_to "$(value cost)" "$(brute cost 0 "$dl")" 1e-9 ||
		fail "with --deadline ${dl}s: not the cheapest plan within the deadline"; }

finish
