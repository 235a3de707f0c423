#!/bin/sh
# t0100-catalog-list.sh — the shipped catalog's size and the list filters.
. "${srcdir:-.}/tests/cli/lib.sh"

run catalog list devices --format json
expect_ok "list devices json" || finish
n=$(json_get 'len(j)')
[ "$n" -ge 50 ] || fail "only $n devices (need at least 50)"
[ "$(json_get "sorted(set(d['kind'] for d in j))")" = "['asic', 'cpu', 'gpu', 'npu', 'tpu']" ] ||
	fail "devices do not cover every kind: $(json_get "sorted(set(d['kind'] for d in j))")"
# the A100 SXM4 80GB as the datasheet says: 400 W, 80 GB, 2039 GB/s, 312 TFLOP/s dense BF16
a100=$(json_get "[d for d in j if d['id']=='nvidia-a100-sxm4-80gb'][0]")
[ -n "$a100" ] || fail "no nvidia-a100-sxm4-80gb"
[ "$(json_get "[d['tdp_w'] for d in j if d['id']=='nvidia-a100-sxm4-80gb'][0]")" = "400.0" ] ||
	fail "A100 TDP is not 400 W"
[ "$(json_get "[d['fp16_tflop_s'] for d in j if d['id']=='nvidia-a100-sxm4-80gb'][0]")" = "312.0" ] ||
	fail "A100 dense 16-bit peak is not 312 TFLOP/s"

run catalog list devices --kind tpu --format json
expect_ok "list tpus" && [ "$(json_get "set(d['kind'] for d in j)")" = "{'tpu'}" ] ||
	fail "--kind tpu lists other kinds"
[ "$(json_get 'len(j)')" -ge 6 ] || fail "fewer than 6 TPU generations"

run catalog list regions
expect_ok "list regions" || finish
n=$(($(printf '%s\n' "$out" | wc -l) - 1))
[ "$n" -ge 60 ] || fail "only $n regions (need at least 60)"

run catalog list regions --provider gcp --format csv
expect_ok "regions of gcp" && expect_out_match '^gcp:europe-west4,' "gcp:europe-west4 listed"
printf '%s\n' "$out" | sed 1d | grep -qv '^gcp:' && fail "--provider gcp lists other providers"

run catalog list regions --provider nosuch
expect_status 2 "unknown provider" && expect_err_match "unknown provider 'nosuch'" "unknown provider"

run catalog list grid --format json
expect_ok "list grid" || finish
n=$(json_get 'len(j)')
[ "$n" -ge 150 ] || fail "only $n countries (need at least 150)"

run catalog list grid --country DE --format csv
expect_ok "grid DE" && expect_out_match '^DE,Germany,[0-9.]+,intensity,20[0-9][0-9],' "DE has an intensity"

run catalog list instances --format json
expect_ok "list instances" || finish
n=$(json_get "len([i for i in j if i['accelerator'] and i['price_min_usd_h'] > 0])")
[ "$n" -ge 20 ] || fail "only $n priced accelerator instance types (need 20)"

run catalog list sites
expect_ok "list sites" && expect_out_match '^onprem-de-example ' "the on-prem template is listed"

run catalog list providers --format csv
expect_ok "list providers" && expect_out_match '^aws,' "aws" && expect_out_match '^gcp,' "gcp" &&
	expect_out_match '^azure,' "azure"

run catalog list nosuchkind
expect_status 2 "unknown list kind" && expect_one_line_error "unknown list kind"

finish
