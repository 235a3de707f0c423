#!/bin/sh
# t1060-estimate-precision.sh — a device with tensor cores is estimated at its
# dense 16-bit peak; one without a 16-bit peak gets a warning (issue 8,
# item 7; issue 9, item 6).
. "${srcdir:-.}/tests/cli/lib.sh"

# the A10G carries the A10 datasheet's dense tensor peaks (the same GA102 at 150 W)
run catalog show nvidia-a10g --format json
expect_ok "show nvidia-a10g" &&
	[ "$(json_get "(j['fields']['peak bf16']['value'], j['fields']['peak fp16']['value'], j['fields']['peak bf16']['source'])")" = "(125.0, 125.0, 'nvidia-a10-datasheet')" ] ||
	fail "nvidia-a10g: no 125 TFLOP/s dense 16-bit peak from the A10 datasheet: $(json_get "j['fields'].get('peak bf16')")"

# a job given by its FLOPs is compute-bound by definition, so the default bf16 run is
# 125 / 31.5 times faster than at fp32, with the same efficiency: the A10G is no longer
# estimated at fp32 by default (a CNN would not show the ratio: its step is mostly
# memory-bound, estimate_cnn.c)
A10G="--flops 1e18 --train --device nvidia-a10g --region aws:us-east-1 --format json"
# shellcheck disable=SC2086
run estimate $A10G
expect_ok "A10G at the default precision" || finish
t16=$(json_get "j['time_s']")
[ "$(json_get "[a for a in j['assumptions'] if a['name'] == 'precision']")" = "[]" ] ||
	fail "A10G: still falls back to another precision"
# shellcheck disable=SC2086
run estimate $A10G --precision fp32
t32=$(json_get "j['time_s']")
close_to "$(python3 -c "print($t32 / $t16)")" "$(python3 -c "print(125 / 31.5)")" 1e-6 ||
	fail "A10G fp32/bf16 time ratio $t32/$t16 is not 125/31.5"

# a device without a 16-bit peak is estimated at 32 bits, and says so
run estimate resnet50 --device nvidia-k80 --count 1 --region aws:us-east-1 --format json
expect_status 0 "K80" && expect_err_match "^mlfit: warning: nvidia-k80 has no 16-bit peak in the catalog: estimated at its 32-bit peak" "K80 warning"
run -q estimate resnet50 --device nvidia-k80 --count 1 --region aws:us-east-1 --format json
[ -z "$err" ] || fail "-q still warns: $err"

# every GPU, TPU and ASIC with tensor units (2017 on) has a dense 16-bit peak;
# the exceptions are the ones whose makers publish none
run catalog list devices --format json
missing=$(json_get "' '.join(d['id'] for d in j if d['kind'] in ('gpu', 'tpu', 'asic') and d['year'] >= 2017 and d.get('fp16_tflop_s') is None)")
[ "$missing" = "google-edge-tpu nvidia-jetson-agx-orin-64gb" ] ||
	fail "accelerators without a 16-bit peak: '$missing'"

finish
