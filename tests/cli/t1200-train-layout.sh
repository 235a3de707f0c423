#!/bin/sh
# t1200-train-layout.sh — the training work, the layout search and what the JSON says.
#
#  - FLOPs per token 6 N + 12 L d s (Narayanan et al. 2021, eq. 3 without recomputation)
#    for a transformer given by its shape, computed here by hand;
#  - a mixture of experts: FLOPs follow --active-params, memory the total;
#  - every training estimate's JSON has layout, micro_batches, recompute, efficiency,
#    mfu and goodput, with ranges and sources;
#  - the layout chosen for each of Megatron-LM's published configurations (Narayanan et
#    al. 2021, Table 1: GPT 1.7B to 1T on 32 to 3,072 A100s) is at least as fast, in
#    mlfit's step model, as their published TP x PP;
#  - the default global batch follows the published practice by size (LLaMA's 4M tokens
#    at 7B, growing as N^0.25), and a batch smaller than the replicas is warned about.
. "${srcdir:-.}/tests/cli/lib.sh"

H100=nvidia-h100-sxm5-80gb
A100=nvidia-a100-sxm4-80gb

# ---- the work ----
run estimate --n-layers 24 --width 2048 --heads 16 --context 2048 --vocab 50257 --tokens 1e9 \
	--device $H100 --count 8 --format json
expect_status 0 "shape summary" || finish
want=$(python3 -c "
L, d, s, V = 24, 2048, 2048, 50257
N = 12 * L * d * d + (V + s) * d
print(1e9 * (6 * N + 12 * L * d * s))")
close_to "$(json_get "j['flops']")" "$want" 1e-9 || fail "work: $(json_get "j['flops']") FLOPs, by hand $want"

# --recompute full adds hardware FLOPs, not model FLOPs: same work, a longer step
run estimate --n-layers 24 --width 2048 --heads 16 --context 2048 --vocab 50257 --tokens 1e9 \
	--device $H100 --count 8 --layout 1x1x8 --recompute none --format json
none_step=$(json_get "j['step_s']")
none_flops=$(json_get "j['flops']")
[ "$(json_get "j['recompute']")" = none ] || fail "--recompute none not kept"
run estimate --n-layers 24 --width 2048 --heads 16 --context 2048 --vocab 50257 --tokens 1e9 \
	--device $H100 --count 8 --layout 1x1x8 --recompute full --format json
[ "$(json_get "j['recompute']")" = full ] || fail "--recompute full not kept"
close_to "$(json_get "j['flops']")" "$none_flops" 1e-12 || fail "recompute changed the model FLOPs"
python3 -c "import sys; sys.exit(0 if 1.2 < $(json_get "j['step_s']") / $none_step < 4 / 3 + 0.01 else 1)" ||
	fail "--recompute full: step $(json_get "j['step_s']") s against $none_step s without (x 4/3 on the compute)"

# mixture of experts (Mixtral 8x7B: 46.7B parameters, 12.9B active; Jiang et al. 2024):
# the FLOPs of a dense 12.9B model, the memory of a 46.7B one
run estimate --params 12.9e9 --tokens 1e11 --device $H100 --count 64 --layout 8x1x8 --format json
dense_flops=$(json_get "j['flops']")
dense_mem=$(json_get "j['memory_need_bytes']")
run estimate --params 46.7e9 --active-params 12.9e9 --tokens 1e11 --device $H100 --count 64 \
	--layout 8x1x8 --format json
expect_status 0 "--active-params" || finish
close_to "$(json_get "j['flops']")" "$dense_flops" 1e-12 || fail "MoE FLOPs do not follow the active parameters"
python3 -c "import sys; sys.exit(0 if $(json_get "j['memory_need_bytes']") > $dense_mem + 30e9 * 16 / 64 * 0.9 else 1)" ||
	fail "MoE memory does not follow the total parameters"

# ---- the JSON of every training estimate ----
run estimate --params 7e9 --tokens 1e12 --device $H100 --count 64 --format json
expect_status 0 "7B on 64 H100" || finish
printf '%s' "$out" | python3 -c '
import json, sys
j = json.load(sys.stdin)
bad = []
l = j["layout"]
for k in ("tp", "pp", "dp", "zero_stage", "virtual_stages", "micro_batch", "text"):
    if k not in l:
        bad.append("layout." + k)
if l["tp"] * l["pp"] * l["dp"] != 64:
    bad.append("TP x PP x DP is not the 64 devices")
if not j["micro_batches"] >= 1:
    bad.append("micro_batches")
if j["recompute"] not in ("none", "selective", "full"):
    bad.append("recompute")
for k in ("efficiency", "mfu", "goodput"):
    r = j[k]
    if not (0 < r["low"] <= r["value"] <= r["high"] <= 1) or not r["source"]:
        bad.append("%s: %r" % (k, r))
if not j["time_s_low"] <= j["time_s"] <= j["time_s_high"]:
    bad.append("time range")
names = [a["name"] for a in j["assumptions"]]
for n in ("layout", "goodput", "efficiency", "batch", "training FLOPs"):
    if n not in names:
        bad.append("assumption " + n)
print("; ".join(bad))
sys.exit(1 if bad else 0)' || fail "training JSON: $(printf '%s' "$out" | python3 -c 'import json,sys; j=json.load(sys.stdin); print(j.get("layout"))')"
run estimate --params 7e9 --tokens 1e12 --device $H100 --count 64
expect_out_match "^  layout +TP [0-9]+ x PP [0-9]+.* x DP [0-9]+.*micro-batch" "text output names the layout"
expect_out_match "^  MFU +0\.[0-9]+ \(0\.[0-9]+ to 0\.[0-9]+\) of peak, goodput" "text output gives the MFU"

# ---- Megatron-LM's published layouts (Narayanan et al. 2021, Table 1) ----
# params, heads, hidden, layers, TP, PP, GPUs, batch: the automatic layout is no slower
# than the published one within mlfit's step model (full recomputation, as they ran)
while read -r name heads hidden layers tp pp gpus batch; do
	args="--n-layers $layers --width $hidden --heads $heads --context 2048 --vocab 51200 \
		--batch $batch --tokens 1e12 --recompute full --device $A100 --count $gpus --format json"
	# shellcheck disable=SC2086
	run estimate $args --layout "${tp}x${pp}x$((gpus / (tp * pp)))"
	expect_status 0 "Megatron $name published layout" || continue
	published=$(json_get "j['step_s']")
	# shellcheck disable=SC2086
	run estimate $args
	expect_status 0 "Megatron $name search" || continue
	chosen=$(json_get "j['step_s']")
	python3 -c "import sys; sys.exit(0 if $chosen <= $published * (1 + 1e-9) else 1)" ||
		fail "Megatron $name: the chosen layout ($(json_get "j['layout']['text']"), $chosen s) is slower than TP $tp x PP $pp ($published s)"
done <<'EOF'
1.7B 24 2304 24 1 1 32 512
3.6B 32 3072 30 2 1 64 512
7.5B 32 4096 36 4 1 128 512
18B 48 6144 40 8 1 256 1024
39B 64 8192 48 8 2 512 1536
76B 80 10240 60 8 4 1024 1792
145B 96 12288 80 8 8 1536 2304
310B 128 16384 96 8 16 1920 2160
530B 128 20480 105 8 35 2520 2520
1T 160 25600 128 8 64 3072 3072
EOF

# ---- the global batch ----
run estimate --params 7e9 --tokens 1e12 --device $H100 --count 64 --format json
close_to "$(json_get "j['global_batch'] * j['seq']")" 4e6 0.001 ||
	fail "default batch at 7B: $(json_get "j['global_batch'] * j['seq']") tokens, LLaMA's 4M"
run estimate --params 70e9 --tokens 1e12 --device $H100 --count 512 --format json
close_to "$(json_get "j['global_batch'] * j['seq']")" "$(python3 -c 'print(4e6 * 10 ** 0.25)')" 0.001 ||
	fail "default batch at 70B: $(json_get "j['global_batch'] * j['seq']") tokens, not 4M x 10^0.25"
run estimate --params 7e9 --tokens 1e12 --batch-tokens 2097152 --seq 4096 --device $H100 --count 64 --format json
[ "$(json_get "j['global_batch']")" = 512.0 ] || fail "--batch-tokens 2097152 at --seq 4096: $(json_get "j['global_batch']") sequences, not 512"
run estimate --params 1e9 --tokens 1e10 --batch 64 --layout 1x1x256 --device $H100 --count 256
expect_status 0 "more replicas than samples" &&
	expect_err_match "warning: 256 data-parallel replicas share a batch of 64 samples: 192 of them idle" "replicas warning"

# ---- the 405B run of the issue: 16,384 H100s, 15.6T tokens of 8,192 ----
# Llama 3.1 405B used 30.84M H100-hours (Meta's model card, "Training Energy Use"):
# inside the range (it was 10x too long when the step was pure data parallelism)
run estimate --params 405e9 --tokens 15.6e12 --seq 8192 --device $H100 --count 16384 --format json
expect_status 0 "405B" || finish
python3 -c "
import sys
lo, hi = $(json_get "j['time_s_low']") * 16384 / 3600, $(json_get "j['time_s_high']") * 16384 / 3600
sys.exit(0 if lo <= 30.84e6 <= hi else 1)" || fail "405B on 16,384 H100: $(json_get "j['device_hours']") device-hours, the range misses 30.84M"

# ---- bad input: one clear line, exit 2 ----
for bad in "--layout 8x16" "--layout 3x1x1" "--layout 0x1x8" "--layout 16x1x1" "--recompute partial" \
	"--batch 8 --batch-tokens 1e6" "--active-params 2e9"; do
	count_args=8
	[ "$bad" = "--layout 16x1x1" ] && count_args=16
	# shellcheck disable=SC2086
	run estimate --params 1e9 --tokens 1e10 --device $H100 --count $count_args \
		--region gcp:us-central1 $bad
	expect_status 2 "$bad" && expect_one_line_error "$bad"
done
run estimate --params 1e9 --infer --requests 100 --layout 1x1x8 --device $H100 --count 8
expect_status 2 "--layout with --infer" && expect_one_line_error "--layout with --infer"

finish
