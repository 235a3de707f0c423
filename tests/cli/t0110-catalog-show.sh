#!/bin/sh
# t0110-catalog-show.sh — every field of an entry, with units and sources.
. "${srcdir:-.}/tests/cli/lib.sh"

run catalog show nvidia-a100-sxm4-80gb
expect_ok "show device" || finish
expect_out_match '^device nvidia-a100-sxm4-80gb \(.*catalog/devices-nvidia\.xml:[0-9]+\)$' "header names the file"
expect_out_match '^tdp +400 W' "tdp with unit"
expect_out_match '^peak bf16 +312 TFLOP/s' "peak with unit"
expect_out_match '^sources:$' "sources listed" &&
	expect_out_match '^  \[nvidia-a100-datasheet\] NVIDIA A100' "the datasheet is cited"

run catalog show nvidia-a100-sxm4-80gb --format json
expect_ok "show device json" || finish
[ "$(json_get "j['fields']['tdp']['value']")" = "400.0" ] || fail "json tdp"
[ "$(json_get "j['fields']['tdp']['unit']")" = "W" ] || fail "json tdp unit"
[ "$(json_get "len(j['sources']) > 0 and all('text' in s for s in j['sources'])")" = "True" ] ||
	fail "json sources carry their citation"

run catalog show gcp:europe-west4 --format json
expect_ok "show region" && [ "$(json_get "j['type']")" = "region" ] || fail "region type"
[ "$(json_get "j['fields']['grid']['unit']")" = "g/kWh" ] || fail "region grid unit"

run catalog show DE --format json
expect_ok "show country" && [ "$(json_get "j['type']")" = "country" ] || fail "country type"

run catalog show grid.world-average --format json
expect_ok "show param" && [ "$(json_get "j['fields']['value']['value']")" = "475.0" ] ||
	fail "world average is not 475 g/kWh"

run catalog show nvidia-a100-sxm4-80g
expect_status 2 "unknown id" &&
	expect_err_match "no catalog entry has the id 'nvidia-a100-sxm4-80g'; did you mean 'nvidia-a100-sxm4-80gb'" "suggestion"
expect_one_line_error "unknown id"

run catalog show
expect_status 2 "show without id"

finish
