#!/bin/sh
# t2110-recommend-ties.sh — ties on the objective are broken on time, then cost, then fewer
# devices, and the best plan is always a point of its own Pareto front (issue 8, item 3).
. "${srcdir:-.}/tests/cli/lib.sh"

TINY="$FIXTURES/optimize/tiny.xml"
# A job given by its FLOPs alone: no layout, no communication, no per-replica wait, so its
# time scales exactly as 1/n (a CNN's does not: its replicas wait for the slowest and its
# epochs carry a fixed overhead, estimate_cnn.c).  That makes a real tie: 8 to 256 x opt-gpu-b
# on tp:b8 in tp:clean emit and cost the same (5.140 g, 0.9077 USD) and take 54.46 s down to
# 1.702 s on 256, the most devices the candidates offer.  The tie goes to 256.
REC="--catalog $TINY recommend --flops 2e17 --train --providers tp"
for n in 8 256; do
	run --catalog "$TINY" estimate --flops 2e17 --train --device opt-gpu-b --count $n \
		--instance tp:b8 --region tp:clean --format json
	expect_ok "estimate on $n devices" || finish
	eval "co2e_$n=\$(json_get \"j['co2e_kg']['total']\") cost_$n=\$(json_get \"j['cost_usd']\") time_$n=\$(json_get \"j['time_s']\")"
done
close_to "$co2e_8" "$co2e_256" 1e-9 && close_to "$cost_8" "$cost_256" 1e-9 ||
	fail "the premise: 8 and 256 devices should tie on CO2e and cost"
close_to "$time_8" "$(python3 -c "print(32 * $time_256)")" 1e-6 || fail "the premise: 256 devices are 32 x faster"

for front in "" "--pareto=time" "--pareto=cost"; do
	run $REC $front --format json
	expect_ok "recommend $front" || continue
	[ "$(json_get "j['best']['candidate']['count']")" = 256 ] ||
		fail "recommend $front: the tie went to $(json_get "j['best']['candidate']['count']") devices, not the fastest 256"
	close_to "$(json_get "j['best']['time_s']")" "$time_256" 1e-9 || fail "recommend $front: time"
	[ -z "$front" ] && continue
	# the best plan is the first point of the front, the same placement and figures
	[ "$(json_get "j['pareto'][0]['candidate'] == j['best']['candidate'] and j['pareto'][0]['total'] == j['best']['total']")" = True ] ||
		fail "recommend $front: the best plan is not the front's first point"
done

# objective cost: cost ties across 8..256 devices in tp:cheap; time breaks it again
run $REC --objective cost --format json
expect_ok "--objective cost" &&
	[ "$(json_get "j['best']['candidate']['count']") $(json_get "j['best']['candidate']['region']")" = "256 tp:cheap" ] ||
	fail "--objective cost: got $(json_get "j['best']['candidate']['count']") in $(json_get "j['best']['candidate']['region']")"

# objective time: 256 x b8 (1.702 s) is the fastest, in every region alike;
# cost breaks the tie: tp:cheap is the cheapest region for it
run $REC --objective time --format json
expect_ok "--objective time" &&
	[ "$(json_get "j['best']['candidate']['count']") $(json_get "j['best']['candidate']['region']")" = "256 tp:cheap" ] ||
	fail "--objective time: got $(json_get "j['best']['candidate']['count']") in $(json_get "j['best']['candidate']['region']")"

finish
