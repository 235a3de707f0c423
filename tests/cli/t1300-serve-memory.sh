#!/bin/sh
# t1300-serve-memory.sh — serving memory: weights + the largest live activation set +
# the KV cache, sharded over a node's devices when one cannot hold a replica.
. "${srcdir:-.}/tests/cli/lib.sh"

H100="--device nvidia-h100-sxm5-80gb"

# The decoder zoo reproduces its published parameter counts within 1 %: Llama 3 8B,
# 70B and 405B (Dubey et al. 2024: 8.03e9 in the model card, 70.6e9, 405e9), Llama 2
# 70B (Touvron et al. 2023b: 69.0e9 in the model card), Mistral 7B (7.25e9), Mistral
# Large 2 (123e9), Phi-3-mini (Abdin et al. 2024: 3.8e9)
for mp in llama-3-8b:8.03e9 llama-3-70b:70.6e9 llama-3.1-405b:405e9 llama-2-70b:69.0e9 \
	mistral-7b:7.25e9 mistral-large-2407:123e9 phi-3-mini:3.8e9; do
	run profile "${mp%%:*}" --format json
	expect_ok "profile ${mp%%:*}" &&
		close_to "$(json_get "j['params']")" "${mp#*:}" 0.01 ||
		fail "${mp%%:*}: $(json_get "j['params']") parameters, published ${mp#*:}"
done

# GPT-3 175B in bf16 (Brown et al. 2020: 175e9 parameters = 350 GB of weights) fits on
# 8 x H100-80GB for a modest batch (8 requests of 161 + 338 tokens) and not on 4, whose
# 320 GB (288 GB usable at vLLM's 0.9) cannot hold the weights alone.
run -q estimate gpt3-175b --infer --requests 1000 $H100 --count 8 --batch 8 --format json
expect_ok "gpt3-175b on 8 x H100" &&
	[ "$(json_get "j['fits']")" = True ] &&
	[ "$(json_get "j['inference']['tensor_parallel']")" = 8 ] ||
	fail "gpt3-175b bf16 should fit on 8 x H100 with TP 8: $(json_get "j['fit_reason']")"
run -q estimate gpt3-175b --infer --requests 1000 $H100 --count 4 --batch 8 --format json
expect_ok "gpt3-175b on 4 x H100" &&
	[ "$(json_get "j['fits']")" = False ] ||
	fail "gpt3-175b bf16 should not fit on 4 x H100"
printf '%s' "$(json_get "j['fit_reason']")" | grep -q "KV cache" ||
	fail "the reason should name the KV cache: $(json_get "j['fit_reason']")"

# The KV cache of Llama 3 70B (Dubey et al. 2024, Table 3: 80 layers, 8 KV heads of 128)
# at 8K context and batch 32, by hand: 2 x 80 x 8 x 128 x 8192 x 32 x 2 B = 80 GiB.
# A request's mean context is its prompt and half its output: 8191 + 1 = 8192.
run -q estimate llama-3-70b --infer --requests 1000 $H100 --count 8 --batch 32 \
	--prompt-tokens 8191 --output-tokens 1 --format json
expect_ok "llama-3-70b KV cache" &&
	close_to "$(json_get "j['inference']['kv_cache_bytes']")" 85899345920 1e-9 ||
	fail "KV cache of llama-3-70b at 8K x 32: $(json_get "j['inference']['kv_cache_bytes']"), expected 85899345920"
# without grouped-query attention (64 KV heads) the cache is 8 times larger
run -q estimate llama-3-70b --infer --requests 1000 $H100 --count 8 --batch 32 \
	--prompt-tokens 8191 --output-tokens 1 --kv-heads 64 --format json
expect_ok "llama-3-70b --kv-heads 64" &&
	close_to "$(json_get "j['inference']['kv_cache_bytes']")" 687194767360 1e-9 ||
	fail "--kv-heads 64: $(json_get "j['inference']['kv_cache_bytes']"), expected 687194767360"

# BERT-large at 1 request/s needs one small GPU: 340e6 parameters (Devlin et al. 2019) in
# bf16 are 0.67 GB, and the largest live set of one request is megabytes, not the sum
# over 24 layers.
run -q recommend bert-large --infer --rate 1 --duration 1d --format json
expect_ok "bert-large at 1 req/s" || finish
[ "$(json_get "j['best']['candidate']['count']")" = 1 ] &&
	[ "$(json_get "len(j['best']['parts'])")" = 1 ] &&
	[ "$(json_get "j['best']['parts'][0]['inference']['replica_devices']")" = 1 ] ||
	fail "bert-large at 1 req/s: expected one device, got $(json_get "j['best']['candidate']")"
python3 -c "import sys; sys.exit(0 if $(json_get "j['best']['parts'][0]['memory_need_bytes']") < 1e9 else 1)" ||
	fail "bert-large serving memory should be under 1 GB"

# ResNet-50 at batch 1: the live set is one layer's input and output, far below the sum
# of every layer's activations that `mlfit profile` reports
run -q estimate resnet50 --infer --requests 100 --device nvidia-l4 --batch 1 --format json
expect_ok "resnet50 memory" &&
	python3 -c "import sys; a=$(json_get "j['inference']['activation_bytes']"); sys.exit(0 if 0 < a < 10e6 else 1)" ||
	fail "resnet50 batch-1 live activations should be a few MB: $(json_get "j['inference']['activation_bytes']")"

finish
