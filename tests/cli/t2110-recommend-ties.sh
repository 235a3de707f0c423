#!/bin/sh
# t2110-recommend-ties.sh — ties on the objective are broken on time, then cost, then fewer
# devices, and the best plan is always a point of its own Pareto front (issue 8, item 3).
. "${srcdir:-.}/tests/cli/lib.sh"

TINY="$FIXTURES/optimize/tiny.xml"
REC="--catalog $TINY recommend resnet18 --epochs 10 --providers tp"

# 8, 16, 24 and 32 x opt-gpu-b on tp:b8 in tp:clean emit and cost the same (6.660 g, 0.9103 USD:
# time scales as 1/n, so energy and instance-hours do not change) and take 54.62, 27.31,
# 18.21 and 13.65 s; 40 devices are slower (13.91 s) and dearer.  The tie goes to 32.
for n in 8 32; do
	run --catalog "$TINY" estimate resnet18 --train --epochs 10 --device opt-gpu-b --count $n \
		--instance tp:b8 --region tp:clean --format json
	expect_ok "estimate on $n devices" || finish
	eval "co2e_$n=\$(json_get \"j['co2e_kg']['total']\") cost_$n=\$(json_get \"j['cost_usd']\") time_$n=\$(json_get \"j['time_s']\")"
done
close_to "$co2e_8" "$co2e_32" 1e-9 && close_to "$cost_8" "$cost_32" 1e-9 ||
	fail "the premise: 8 and 32 devices should tie on CO2e and cost"
close_to "$time_8" "$(python3 -c "print(4 * $time_32)")" 1e-6 || fail "the premise: 32 devices are 4 x faster"

for front in "" "--pareto=time" "--pareto=cost"; do
	run $REC $front --format json
	expect_ok "recommend $front" || continue
	[ "$(json_get "j['best']['candidate']['count']")" = 32 ] ||
		fail "recommend $front: the tie went to $(json_get "j['best']['candidate']['count']") devices, not the fastest 32"
	close_to "$(json_get "j['best']['time_s']")" "$time_32" 1e-9 || fail "recommend $front: time"
	[ -z "$front" ] && continue
	# the best plan is the first point of the front, the same placement and figures
	[ "$(json_get "j['pareto'][0]['candidate'] == j['best']['candidate'] and j['pareto'][0]['total'] == j['best']['total']")" = True ] ||
		fail "recommend $front: the best plan is not the front's first point"
done

# objective cost: cost ties across 8..32 devices in tp:cheap; time breaks it again
run $REC --objective cost --format json
expect_ok "--objective cost" &&
	[ "$(json_get "j['best']['candidate']['count']") $(json_get "j['best']['candidate']['region']")" = "32 tp:cheap" ] ||
	fail "--objective cost: got $(json_get "j['best']['candidate']['count']") in $(json_get "j['best']['candidate']['region']")"

# objective time: 32 x b8 (13.65 s) is the fastest, in every region alike (64 take 14.79 s);
# cost breaks the tie: tp:cheap is the cheapest region for it
run $REC --objective time --format json
expect_ok "--objective time" &&
	[ "$(json_get "j['best']['candidate']['count']") $(json_get "j['best']['candidate']['region']")" = "32 tp:cheap" ] ||
	fail "--objective time: got $(json_get "j['best']['candidate']['count']") in $(json_get "j['best']['candidate']['region']")"

finish
