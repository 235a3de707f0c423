#!/bin/sh
# t2010-recommend-constraints.sh — each constraint changes the answer when it binds, the
# answer meets it, and recommend names it among the binding constraints.
. "${srcdir:-.}/tests/cli/lib.sh"

TINY="$FIXTURES/optimize/tiny.xml"

# rec ARGS...: recommend on the tiny cloud, JSON out; sets $place to "count instance where"
rec() {
	run --catalog "$TINY" recommend --providers tp "$@" --format json
	place=$(json_get "' '.join(str(j['best']['candidate'][k]) for k in ('count', 'instance', 'region', 'site'))" 2>/dev/null)
}

binds() {	# binds NAME DESCRIPTION: NAME is in the binding list
	json_get "j['binding']" | grep -q "'$1'" || fail "$2: '$1' not among the binding constraints: $(json_get "j['binding']")"
}

rec resnet18 --epochs 10
expect_ok "unconstrained" || finish
free="$place"
free_cost=$(json_get "j['best']['cost_usd']")
[ "$(json_get "j['binding']")" = "['providers']" ] ||
	fail "unconstrained: only the providers filter should bind: $(json_get "j['binding']")"

# --max-cost below the CO2e-best plan's cost (1 x opt-gpu-a in tp:clean, 2.46 USD: the
# replicas' wait and the per-epoch overhead make more devices emit more, estimate_cnn.c)
rec resnet18 --epochs 10 --max-cost 2
expect_ok "--max-cost" && [ "$place" != "$free" ] || fail "--max-cost 2 did not change $free"
python3 -c "import sys; sys.exit(0 if $(json_get "j['best']['cost_usd']") <= 2 else 1)" ||
	fail "--max-cost 2: the plan costs more"
binds max-cost "--max-cost"

# --max-devices below the count the fastest plan uses
rec resnet18 --epochs 10 --objective time
fastest="$place"
[ "$(json_get "j['best']['candidate']['count']")" -gt 4 ] || fail "the fastest plan uses 4 devices or fewer"
rec resnet18 --epochs 10 --objective time --max-devices 4
expect_ok "--max-devices" && [ "$place" != "$fastest" ] || fail "--max-devices 4 did not change $fastest"
[ "$(json_get "j['best']['candidate']['count']")" -le 4 ] || fail "--max-devices 4: more devices"
binds max-devices "--max-devices"

# regions, countries, devices, kinds: filters
rec resnet18 --epochs 10 --regions tp:cheap,tp:mid
expect_ok "--regions" && [ "$place" = "1 tp:a1 tp:mid None" ] || fail "--regions: got $place"
binds regions "--regions"
rec resnet18 --epochs 10 --countries PL
expect_ok "--countries" && [ "$place" = "1 tp:a1 tp:cheap None" ] || fail "--countries PL: got $place"
binds countries "--countries"
rec resnet18 --epochs 10 --devices opt-gpu-b
expect_ok "--devices" && [ "$(json_get "j['best']['candidate']['device']")" = opt-gpu-b ] ||
	fail "--devices opt-gpu-b: got $place"
binds devices "--devices"
# unconstrained, a TPU v5e is the best (XLA fuses the element-wise layers); --kind gpu binds
run recommend resnet18 --epochs 1 --kind gpu --format json
expect_ok "--kind gpu" && [ "$(json_get "j['best']['candidate']['device']")" != "" ] &&
	! json_get "j['best']['candidate']['device']" | grep -q tpu || fail "--kind gpu: a TPU"
binds kind "--kind"

# --deadline: BERT's gradients make more devices cost more, so a deadline costs CO2e
rec bert-base --tokens 5e9 --batch 256
base_co2e=$(json_get "j['best']['co2e_kg']['total']")
rec bert-base --tokens 5e9 --batch 256 --deadline 7min
expect_ok "--deadline" || finish
python3 -c "import sys; sys.exit(0 if $(json_get "j['best']['time_s']") <= 420 and $(json_get "j['best']['co2e_kg']['total']") > $base_co2e else 1)" ||
	fail "--deadline 7min: the plan is late or costs no CO2e"
binds deadline "--deadline"

# --on-prem: the owned servers are the cheapest (capex amortised + electricity)
rec resnet18 --epochs 10 --objective cost --on-prem opt-site
expect_ok "--on-prem" && [ "$(json_get "j['best']['candidate']['site']")" = opt-site ] ||
	fail "--on-prem opt-site --objective cost: got $place"
python3 -c "import sys; sys.exit(0 if $(json_get "j['best']['cost_usd']") < $free_cost else 1)" ||
	fail "--on-prem: not cheaper than the cloud"

# --latency-slo while serving: the SLO rules out the slow devices (a faster
# device's latency is not proportionally lower: launch and host overheads stay)
rec resnet18 --infer --rate 200 --duration 7d --objective cost
slow=$(json_get "max(p['inference']['latency_s'] for p in j['best']['parts'])")
slo=$(python3 -c "print($slow * 0.9 * 1000)")
rec resnet18 --infer --rate 200 --duration 7d --objective cost --latency-slo "${slo}ms"
expect_ok "--latency-slo" || finish
python3 -c "import sys; sys.exit(0 if $(json_get "max(p['inference']['latency_s'] for p in j['best']['parts'])") <= $slo / 1000 else 1)" ||
	fail "--latency-slo: a part misses the SLO"
binds latency-slo "--latency-slo"

finish
