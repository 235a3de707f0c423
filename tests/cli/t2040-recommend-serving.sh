#!/bin/sh
# t2040-recommend-serving.sh — serving a rate: replicas in integers, split over offerings
# when that is better, never worse than any single offering scaled to the rate (each
# estimated here with `mlfit estimate`).
. "${srcdir:-.}/tests/cli/lib.sh"

TINY="$FIXTURES/optimize/tiny.xml"
SERVE="resnet50 --infer --rate 50000 --duration 30d --batch 8"

# singles OBJECTIVE: the best single offering at the rate, by estimate (count scaled up)
singles() {
	python3 - "$MLFIT" "$TINY" "$1" <<'PY'
import json, math, subprocess, sys
mlfit, tiny, objective = sys.argv[1:4]
offers = {"a1": ["clean", "cheap", "mid", "dear"], "a4": ["clean", "cheap", "dear"],
          "b8": ["clean", "cheap", "mid"]}
def est(inst, region, k):
    out = subprocess.run([mlfit, "--catalog", tiny, "estimate", "resnet50", "--infer", "--rate", "50000",
                          "--duration", "30d", "--batch", "8", "--instance", "tp:" + inst,
                          "--instances", str(k), "--region", "tp:" + region, "--format", "json"],
                         capture_output=True, text=True, env={"LC_ALL": "C"})
    if out.returncode != 0:
        sys.exit(out.stderr)
    return json.loads(out.stdout)
best = None
for inst, regions in offers.items():
    for region in regions:
        one = est(inst, region, 1)
        k = math.ceil(50000 / one["inference"]["throughput_per_s"])
        e = est(inst, region, k)
        v = e["co2e_kg"]["total"] if objective == "co2e" else e["cost_usd"]
        best = v if best is None else min(best, v)
print(best)
PY
}

for obj in co2e cost; do
	run --catalog "$TINY" recommend $SERVE --providers tp --objective "$obj" --format json
	expect_ok "serving, --objective $obj" || continue
	printf '%s' "$out" | python3 -c "
import json, sys
j = json.load(sys.stdin)
parts = j['best']['parts']
served = sum(p['rate_per_s'] for p in parts)
if abs(served - 50000) > 1e-6 * 50000:
    sys.exit('the parts serve %g requests/s, not 50000' % served)
for p in parts:
    if p['rate_per_s'] > p['inference']['throughput_per_s'] * (1 + 1e-9):
        sys.exit('a part serves more than its throughput')
    if p['units'] != p['candidate']['instances']:
        sys.exit('units and instances differ')
" || fail "--objective $obj: the parts do not add up"
	key=$([ "$obj" = co2e ] && echo co2e_kg || echo cost_usd)
	got=$(json_get "j['best']['total']['$key']")
	want=$(singles "$obj")
	python3 -c "import sys; sys.exit(0 if $got <= $want * (1 + 1e-9) else 1)" ||
		fail "--objective $obj: the plan ($got) is worse than a single offering ($want)"
	# at 50,000 requests/s no single offering has the least CO2e: the plan is split
	[ "$obj" = co2e ] || continue
	[ "$(json_get "len(j['best']['parts'])")" -ge 2 ] || fail "--objective $obj: not split"
	python3 -c "import sys; sys.exit(0 if $got < $want * (1 - 1e-6) else 1)" ||
		fail "--objective $obj: the split is no better than one offering"
done

# "time" for a service is the latency of a batch: the fastest device type
run --catalog "$TINY" recommend $SERVE --providers tp --objective time --format json
expect_ok "serving, --objective time" &&
	[ "$(json_get "j['best']['candidate']['device']")" = opt-gpu-b ] ||
	fail "--objective time: not the fastest device ($(json_get "j['best']['candidate']['device']"))"

# a table with the parts
run --catalog "$TINY" recommend $SERVE --providers tp
expect_ok "serving, table" && expect_out_match "^part 2: " "the table lists the parts" &&
	expect_out_match "^  in all: " "the table gives the totals"

# a service has no deadline
run --catalog "$TINY" recommend $SERVE --providers tp --deadline 1h
expect_status 2 "--deadline with --rate" && expect_err_match "deadline" "--deadline with --rate"

finish
