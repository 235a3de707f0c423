#!/bin/sh
# t2120-recommend-whole-instances.sh — what is billed is what is counted (issue 8, item 4):
# 6 devices on 4-device instances rent 2 instances, so 8 devices draw power: the 2 idle ones
# at their idle power, and the output says they were paid for.
. "${srcdir:-.}/tests/cli/lib.sh"

TINY="$FIXTURES/optimize/tiny.xml"

# opt-gpu-a: TDP 300 W, idle 30 W; load.train.gpu 0.8 (data/defaults.xml); training keeps
# the devices busy for the whole run.  Device power: 6 x (30 + 0.8 x 270) = 1476 W at work,
# 2 x 30 = 60 W idle: 1536 W.  Price: 2 x 11 USD/h (tp:a4 in tp:clean).
run --catalog "$TINY" estimate resnet18 --train --epochs 10 --device opt-gpu-a --count 6 \
	--instance tp:a4 --region tp:clean --format json
expect_ok "6 devices on tp:a4" || finish
[ "$(json_get "j['candidate']['instances']")" = 2 ] || fail "instances: $(json_get "j['candidate']['instances']")"
close_to "$(json_get "j['energy_kwh']['device'] * 3.6e6 / j['time_s']")" 1536 1e-9 ||
	fail "device power $(json_get "j['energy_kwh']['device'] * 3.6e6 / j['time_s']") W, expected 1536 W (6 working + 2 idle)"
close_to "$(json_get "j['cost_usd'] * 3600 / j['time_s']")" 22 1e-9 ||
	fail "cost rate $(json_get "j['cost_usd'] * 3600 / j['time_s']") USD/h, expected 22 USD/h"
# the high end pairs the long time with the high load: 6 x (30 + 270) + 60 = 1860 W
close_to "$(json_get "j['energy_kwh_high']['device'] * 3.6e6 / j['time_s_high']")" 1860 1e-9 ||
	fail "device power at the high end: $(json_get "j['energy_kwh_high']['device'] * 3.6e6 / j['time_s_high']") W, expected 1860 W"

run --catalog "$TINY" estimate resnet18 --train --epochs 10 --device opt-gpu-a --count 6 \
	--instance tp:a4 --region tp:clean
expect_ok "text" &&
	expect_out_match "idle devices +2 of the 8 devices paid for do no work; their idle power \(30 W each\) is counted" \
		"the idle devices are named" &&
	expect_out_match "6 devices need 2 instances of 4, all 8 paid for" "the instances are named"

# a whole number of instances leaves none idle: 8 devices, 2 x (30 + 216) x 4 = 1968 W
run --catalog "$TINY" estimate resnet18 --train --epochs 10 --device opt-gpu-a --count 8 \
	--instance tp:a4 --region tp:clean --format json
expect_ok "8 devices on tp:a4" &&
	close_to "$(json_get "j['energy_kwh']['device'] * 3.6e6 / j['time_s']")" 1968 1e-9 ||
	fail "8 devices: device power $(json_get "j['energy_kwh']['device'] * 3.6e6 / j['time_s']") W"
printf '%s' "$out" | grep -q "idle devices" && fail "8 devices: idle devices named"

# recommend charges whole instances and counts every device it pays for
run --catalog "$TINY" recommend resnet18 --epochs 10 --providers tp --format json
expect_ok "recommend" &&
	[ "$(json_get "j['best']['total']['idle_devices']")" = 0 ] ||
	fail "recommend: idle devices $(json_get "j['best']['total']['idle_devices']")"

finish
