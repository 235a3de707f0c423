#!/bin/sh
# t1320-serve-llm.sh — language models: prefill and decode, TTFT, TPOT, tokens/s and
# energy per request and per token, each with its range in the JSON.
. "${srcdir:-.}/tests/cli/lib.sh"

run -q estimate llama-3-8b --infer --requests 10000 --device nvidia-h100-sxm5-80gb \
	--prompt-tokens 512 --output-tokens 256 --format json
expect_ok "llama-3-8b on an H100" || finish
for k in latency_s throughput_per_s ttft_s tpot_s tokens_per_s energy_per_request_j \
	energy_per_request_device_j energy_per_token_j energy_per_token_device_j; do
	python3 -c "
import sys
v, lo, hi = $(json_get "j['inference']['$k']"), $(json_get "j['inference']['${k}_low']"), $(json_get "j['inference']['${k}_high']")
sys.exit(0 if 0 < lo <= v <= hi and lo < hi else 1)" ||
		fail "$k: not a proper range around its central value"
done
[ "$(json_get "j['inference']['language_model']")" = True ] || fail "llama-3-8b is a language model"
# tokens/s = requests/s x output tokens; the latency the SLO sees is the TTFT
close_to "$(json_get "j['inference']['tokens_per_s']")" \
	"$(json_get "j['inference']['throughput_per_s'] * 256")" 1e-9 || fail "tokens/s != requests/s x 256"
close_to "$(json_get "j['inference']['latency_s']")" "$(json_get "j['inference']['ttft_s']")" 1e-12 ||
	fail "latency_s should be the time to first token"
# energy per token = energy per request / output tokens; device energy below IT
close_to "$(json_get "j['inference']['energy_per_token_j']")" \
	"$(json_get "j['inference']['energy_per_request_j'] / 256")" 1e-9 || fail "energy per token"
python3 -c "import sys; sys.exit(0 if $(json_get "j['inference']['energy_per_request_device_j']") < $(json_get "j['inference']['energy_per_request_j']") < $(json_get "j['inference']['energy_per_request_facility_j']") else 1)" ||
	fail "device < IT < facility energy per request"
json_get "j['inference']['power_scope']" | grep -q "MLPerf" || fail "the JSON says which scope compares with what"
# continuous batching: as many as memory allows, capped at vLLM's max_num_seqs (256)
[ "$(json_get "j['inference']['batch']")" = 256 ] ||
	fail "llama-3-8b on an 80 GB H100 should decode 256 requests together, got $(json_get "j['inference']['batch']")"

# decode is memory-bound: the weights are read once per step for the whole batch, so a
# batch of 64 gives far more tokens/s than a batch of 1 at a modest TPOT cost
run -q estimate llama-3-8b --infer --requests 1000 --device nvidia-h100-sxm5-80gb --batch 1 --format json
one_tps=$(json_get "j['inference']['tokens_per_s']"); one_tpot=$(json_get "j['inference']['tpot_s']")
run -q estimate llama-3-8b --infer --requests 1000 --device nvidia-h100-sxm5-80gb --batch 64 --format json
python3 -c "import sys; sys.exit(0 if $(json_get "j['inference']['tokens_per_s']") > 10 * $one_tps else 1)" ||
	fail "batch 64 should give more than 10x the tokens/s of batch 1"
# TPOT at batch 1 is about the weights (16 GB) over the achieved bandwidth
python3 -c "import sys; t=$one_tpot; sys.exit(0 if 16.06e9 / 3.35e12 < t < 16.06e9 / (3.35e12 * 0.4) + 1e-3 else 1)" ||
	fail "batch-1 TPOT $one_tpot s is not the weights over the bandwidth"

# serving a rate: the least continuous batch that reaches it, so a light load decodes
# few requests at a time
run -q estimate llama-3-8b --infer --rate 1 --duration 1h --device nvidia-h100-sxm5-80gb --format json
expect_ok "llama-3-8b at 1 req/s" &&
	python3 -c "import sys; sys.exit(0 if $(json_get "j['inference']['batch']") < 16 else 1)" ||
	fail "1 req/s should need a small batch, got $(json_get "j['inference']['batch']")"

# the text output shows TTFT, TPOT and tokens/s
run -q estimate llama-3-8b --infer --requests 1000 --device nvidia-h100-sxm5-80gb
expect_out_match "time to first token" "text: TTFT"
expect_out_match "time per output token" "text: TPOT"
expect_out_match "energy per token, IT" "text: energy per token"

finish
