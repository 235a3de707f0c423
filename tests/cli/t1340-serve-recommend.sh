#!/bin/sh
# t1340-serve-recommend.sh — recommend for a language model: --latency-slo bounds the
# time to first token, --tpot-slo the time per output token; energy per request with
# its range in the output.
. "${srcdir:-.}/tests/cli/lib.sh"

SERVE="llama-3-8b --infer --rate 5 --duration 1d --prompt-tokens 1000 --output-tokens 200"

run -q recommend $SERVE --format json
expect_ok "recommend llama-3-8b" || finish
loose_tpot=$(json_get "max(p['inference']['tpot_s'] for p in j['best']['parts'])")
loose_ttft=$(json_get "max(p['inference']['ttft_s'] for p in j['best']['parts'])")

# an SLO on time per output token below the unconstrained choice's
slo=$(python3 -c "print($loose_tpot * 0.5 * 1000)")
run -q recommend $SERVE --tpot-slo "${slo}ms" --format json
expect_ok "--tpot-slo" &&
	python3 -c "import sys; sys.exit(0 if $(json_get "max(p['inference']['tpot_s'] for p in j['best']['parts'])") <= $slo / 1000 * (1 + 1e-9) else 1)" ||
	fail "--tpot-slo ${slo}ms: a part misses it"

# --latency-slo is the time to first token for a language model
slo=$(python3 -c "print($loose_ttft * 0.8 * 1000)")
run -q recommend $SERVE --latency-slo "${slo}ms" --format json
expect_ok "--latency-slo on TTFT" &&
	python3 -c "import sys; sys.exit(0 if $(json_get "max(p['inference']['ttft_s'] for p in j['best']['parts'])") <= $slo / 1000 * (1 + 1e-9) else 1)" ||
	fail "--latency-slo ${slo}ms: a part's TTFT misses it"

# the energy per request (facility) of the best plan, with its range, in the table
run -q recommend $SERVE --top 3
expect_ok "recommend table" &&
	expect_out_match "PER REQUEST" "the alternatives table has energy per request" &&
	expect_out_match "energy per request, IT +[0-9.]+ [kmJ]*J \([0-9.]+ to [0-9.]+ [kmJ]*J\)" \
		"the recommendation shows energy per request with its range"

finish
