#!/bin/sh
# t2610-plan-services.sh — services on-prem (issue 8, item 6): a service takes the
# device-hours its replicas need, on nodes shared with other services, so a node's idle and
# host power are counted once; a duration beyond the horizon is clipped, with a warning.
. "${srcdir:-.}/tests/cli/lib.sh"

TINY="$FIXTURES/optimize/tiny.xml"
W="$FIXTURES/optimize/workloads"

# resnet18 at batch 8 on opt-node-a4 (4 x opt-gpu-a, 1 device per replica): 81,678 req/s
# for the node, 20,419 per replica; 30,000 req/s need 2 replicas, half the node.
run --catalog "$TINY" estimate resnet18 --infer --rate 60000 --duration 1y --batch 8 \
	--site opt-site --format json
expect_ok "the node at 60,000 req/s" || finish
[ "$(json_get "j['inference']['replicas']") $(json_get "j['inference']['replica_devices']")" = "4 1" ] ||
	fail "the premise: 4 replicas of 1 device"
python3 -c "import sys; p = $(json_get "j['inference']['throughput_per_s']") / 4; sys.exit(0 if p < 30000 <= 2 * p else 1)" ||
	fail "the premise: 30,000 req/s need exactly 2 replicas"
node_kwh=$(json_get "j['energy_kwh']['facility']")

# one service of 2 replicas: half the node's hours (0.5 x 8766 h), and half the energy of
# the whole node serving twice its rate (the estimate is linear in the rate served)
run --catalog "$TINY" plan "$W/shared-service.xml" --providers tp --format json
expect_ok "one service" || finish
close_to "$(json_get "[s['node_hours'] for s in j['baselines']['all_on_prem']['sites'] if s['node'] == 'opt-node-a4'][0]")" 4383 1e-9 ||
	fail "one service: $(json_get "j['baselines']['all_on_prem']['sites']") node-hours, expected 4383 on opt-node-a4"
close_to "$(json_get "j['baselines']['all_on_prem']['energy_kwh']")" "$(python3 -c "print($node_kwh / 2)")" 1e-6 ||
	fail "one service: $(json_get "j['baselines']['all_on_prem']['energy_kwh']") kWh on-prem, expected half of $node_kwh"

# two such services share one node: its idle and host power once, 8766 node-hours in all
run --catalog "$TINY" plan "$W/shared-services.xml" --providers tp --format json
expect_ok "two services" || finish
close_to "$(json_get "[s['node_hours'] for s in j['baselines']['all_on_prem']['sites'] if s['node'] == 'opt-node-a4'][0]")" 8766 1e-9 ||
	fail "two services: node-hours $(json_get "j['baselines']['all_on_prem']['sites']"), expected 8766"
close_to "$(json_get "j['baselines']['all_on_prem']['energy_kwh']")" "$node_kwh" 1e-6 ||
	fail "two services: $(json_get "j['baselines']['all_on_prem']['energy_kwh']") kWh on-prem, expected one node's $node_kwh"

# a 5-year service in a 1-year plan: planned for the year, and said so
run --catalog "$TINY" plan "$W/long-service.xml" --providers tp --format json
expect_status 0 "a duration beyond the horizon" &&
	expect_err_match "long-service.xml:5: serve 'long': its duration of 5 y is beyond the horizon of .*; it is planned for the horizon only" \
		"the clipped duration is warned about"
close_to "$(json_get "j['baselines']['all_on_prem']['energy_kwh']")" "$(python3 -c "print($node_kwh / 2)")" 1e-6 ||
	fail "a 5-year service: $(json_get "j['baselines']['all_on_prem']['energy_kwh']") kWh, expected one year's"
close_to "$(json_get "j['assignments'][0]['estimate']['time_s']")" 31557600 1e-9 ||
	fail "a 5-year service: the assignment's estimate runs $(json_get "j['assignments'][0]['estimate']['time_s']") s, not the year"

finish
