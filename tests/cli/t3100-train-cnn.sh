#!/bin/sh
# t3100-train-cnn.sh — the CNN training step (estimate_cnn.c, issue 9 item 5) against
# published ResNet-50 runs (tests/fixtures/validation/calibration-cnn.csv, each row citing
# its repository, commit and file): the fit is reproducible, every published throughput,
# 90-epoch time and MLPerf time to train (8 to 3,584 devices) lies inside mlfit's own range
# with the shipped parameters and out of sample, and the physics the step rests on holds.
. "${srcdir:-.}/tests/cli/lib.sh"
PY=/usr/bin/python3

# ---- the fit: data/defaults.xml carries what tools/calibrate-train.py cnn gives ----
"$PY" "$srcdir/tools/calibrate-train.py" "$MLFIT" "$FIXTURES/validation" cnn >"$WORK/fit" 2>&1 ||
	{ fail "calibrate-train.py cnn: $(tail -3 "$WORK/fit")"; finish; }
count=$((count + 1))
"$PY" - "$WORK/fit" "$srcdir/data/defaults.xml" <<'PY' || fail "the CNN fit and data/defaults.xml disagree"
import re, sys, xml.etree.ElementTree as ET
fit = open(sys.argv[1]).read()
params = {p.get("id"): p for p in ET.parse(sys.argv[2]).getroot().iter("param")}
bad = 0
def num(s):
    return float(s.split()[0])
def check(pid, v, lo, hi, rel=0.005):
    global bad
    p = params.get(pid)
    if p is None:
        print("missing", pid); bad += 1; return
    pv, plo, phi = num(p.text), num(p.get("low")), num(p.get("high"))
    if abs(pv / v - 1) > rel or abs(plo - lo) > 0.006 * max(1, lo) or abs(phi - hi) > 0.006 * max(1, hi):
        print("%s: defaults %g (%g to %g), fit %g (%g to %g)" % (pid, pv, plo, phi, v, lo, hi))
        bad += 1
for m in re.finditer(r'^(efficiency\.train-other\.\S+) low="([0-9.]+)" high="([0-9.]+)" ([0-9.]+)', fit, re.M):
    check(m.group(1), float(m.group(4)), float(m.group(2)), float(m.group(3)))
m = re.search(r'^train\.cnn\.sync-jitter low="([0-9.]+)" high="([0-9.]+)" ([0-9.]+)', fit, re.M)
check("train.cnn.sync-jitter", float(m.group(3)), float(m.group(1)), float(m.group(2)))
m = re.search(r'^train\.cnn\.epoch-overhead\.eager low="([0-9.]+) s" high="([0-9.]+) s" ([0-9.]+) s', fit, re.M)
check("train.cnn.epoch-overhead.eager", float(m.group(3)), float(m.group(1)), float(m.group(2)))
m = re.search(r'^train\.cnn\.warmup-share\.optimized low="([0-9.]+)" high="([0-9.]+)" ([0-9.]+)', fit, re.M)
check("train.cnn.warmup-share.optimized", float(m.group(3)), float(m.group(1)), float(m.group(2)))
m = re.search(r'^train\.cnn\.fused-traffic ([0-9.]+)', fit, re.M)
if abs(num(params["train.cnn.fused-traffic"].text) / float(m.group(1)) - 1) > 0.005:
    print("train.cnn.fused-traffic: defaults %s, fit %s" % (params["train.cnn.fused-traffic"].text, m.group(1))); bad += 1
med = re.search(r"median \|LOO error\| ([0-9.]+) %.*; ([0-9]+) of ([0-9]+)", fit)
print(med.group(0))
# the targets of issue 9 for unseen runs: median error 15 %, 80 % inside the range
if float(med.group(1)) > 15 or int(med.group(2)) < 0.8 * int(med.group(3)):
    print("leave-one-out below the targets"); bad += 1
sys.exit(1 if bad else 0)
PY

# ---- in sample: every published figure inside the range of the shipped parameters ----
count=$((count + 1))
"$PY" - "$MLFIT" "$FIXTURES/validation" "$srcdir/tests/cli" <<'PY' || fail "a published ResNet-50 figure outside mlfit's range"
import sys
sys.path.insert(0, sys.argv[3])
import train_cases as tc
bad = 0
for c in tc.cnn_cases(sys.argv[2]):
    j = tc.run(sys.argv[1], c)
    ok, lo, hi = tc.inside(c, j)
    err = tc.predicted(c, j) / c["published"] - 1
    print("%-30s published %-9.4g predicted %-9.4g (%.4g to %.4g) %+.1f %%" % (
        c["id"], c["published"], tc.predicted(c, j), lo, hi, 100 * err))
    bad += not ok
sys.exit(1 if bad else 0)
PY

# ---- the physics ----
# ResNet-50 at 16 bits on an A100 is memory-bound: its activations stream longer than its FLOPs
run -q estimate resnet50 --train --device nvidia-a100-sxm4-80gb --count 1 --batch 256 --format json
expect_ok "ResNet-50 on one A100" &&
	[ "$(json_get "j['bound']")" = memory ] || fail "ResNet-50 on an A100 is not memory-bound"
# an optimised runtime fuses the element-wise layers: the same run is faster, by what the
# published MLPerf (MXNet, fused) and DeepLearningExamples (PyTorch, eager) runs show
eager=$(json_get "j['step_s']")
run -q estimate resnet50 --train --device nvidia-a100-sxm4-80gb --count 1 --batch 256 --runtime optimized --format json
expect_ok "--runtime optimized" || finish
fused=$(json_get "j['step_s']")
"$PY" -c "import sys; sys.exit(0 if 1.3 < $eager / $fused < 2.0 else 1)" ||
	fail "fused / eager step: $eager s / $fused s (MLPerf v1.0 / DLE per GPU on 8 A100s: 3304 / 2078 img/s = 1.59)"
# a TPU runs XLA, which fuses, unless told otherwise
run -q estimate resnet50 --train --device google-tpu-v4 --count 8 --format json
expect_ok "TPU v4" && json_get "j['assumptions']" | grep -q "optimized (fused kernels)" ||
	fail "a TPU does not default to the fused runtime"
# MobileNet v2's depthwise convolutions are memory-bound: its step at 16 bits is not
# its FLOPs' share of ResNet-50's (0.30 / 4.09 GMACs), but far more
run -q estimate mobilenet_v2 --train --device nvidia-a100-sxm4-80gb --count 1 --batch 256 --format json
expect_ok "MobileNet v2" || finish
mb=$(json_get "j['step_s']")
"$PY" -c "import sys; sys.exit(0 if $mb / $eager > 3 * 0.30 / 4.09 else 1)" ||
	fail "MobileNet v2's step ($mb s) is not memory-bound against ResNet-50's ($eager s)"
# issue 9: 90 epochs on 8 x A100 came out about 2 x short of DeepLearningExamples' ~3 h
# (8 x A100 80GB, 90 epochs, mixed precision, batch 256 per GPU)
run -q estimate resnet50 --train --epochs 90 --device nvidia-a100-sxm4-80gb --count 8 --batch 2048 --format json
expect_ok "90 epochs on 8 A100s" &&
	"$PY" -c "import sys; t = $(json_get "j['time_s']") / 3600; lo = $(json_get "j['time_s_low']") / 3600; hi = $(json_get "j['time_s_high']") / 3600; sys.exit(0 if abs(t / 3 - 1) < 0.15 and lo <= 3 <= hi else 1)" ||
	fail "90 epochs on 8 A100s: not within 15 % of the published ~3 h, or outside the range"
# --runtime is a training option now, but not a value outside the two
run -q estimate resnet50 --train --runtime fast
expect_status 2 "--runtime fast" && expect_one_line_error "--runtime fast"

# issue 9 (cnn2): MLPerf 3.1, 8 x H100, batch 3200, 35 epochs took 13.52 min from run_start to
# run_stop (olympic mean; 13.58 min scored with the RCP factor; training_results_v3.1
# @d06288b2 NVIDIA/results/eos_ngc23.09_mxnet/resnet); a fixed 32 s per epoch made it 32.7 min
run -q estimate resnet50 --train --epochs 35 --device nvidia-h100-sxm5-80gb --count 8 --batch 3200 --runtime optimized --format json
expect_ok "MLPerf 3.1 ResNet-50 on 8 H100s" &&
	"$PY" -c "import sys; t = $(json_get "j['time_s']") / 60; lo = $(json_get "j['time_s_low']") / 60; hi = $(json_get "j['time_s_high']") / 60; sys.exit(0 if abs(t / 13.52 - 1) < 0.10 and lo <= 13.52 <= hi and lo <= 13.58 <= hi else 1)" ||
	fail "MLPerf 3.1 on 8 H100s: not within 10 % of the published 13.52 min, or outside the range"
# what an epoch costs besides its steps does not stay fixed as the devices grow: MLPerf 3.1 on
# 3,584 H100s (CoreWeave, batch 57344, 77 epochs) took 0.183 min
# (NVIDIA/results/coreweave_hgxh100_n448_ngc23.04_mxnet/resnet); at 32 s an epoch it was 41 min
run -q estimate resnet50 --train --epochs 77 --device nvidia-h100-sxm5-80gb --count 3584 --batch 57344 --runtime optimized --format json
expect_ok "MLPerf 3.1 ResNet-50 on 3,584 H100s" &&
	"$PY" -c "import sys; lo = $(json_get "j['time_s_low']") / 60; hi = $(json_get "j['time_s_high']") / 60; sys.exit(0 if lo <= 0.183 <= hi else 1)" ||
	fail "MLPerf 3.1 on 3,584 H100s: the published 0.183 min outside the range"
# the evaluation is a forward pass (a third of the layers' passes) over ImageNet's 50,000
# validation images, every epoch in an eager script: on one A100 at 256 a step that is about
# 50000 / 256 x step / 3 (the step less its optimizer pass); on 8 at 8 x the batch, an eighth
eval_of() {
	json_get "[a['value'] for a in j['assumptions'] if a['name'] == 'evaluation'][0]" |
		sed 's/.*: \([0-9.e+-]*\) s an epoch$/\1/'
}
run -q estimate resnet50 --train --epochs 90 --device nvidia-a100-sxm4-80gb --count 1 --batch 256 --format json
expect_ok "90 epochs on 1 A100" || finish
ev1=$(eval_of)
st1=$(json_get "j['step_s']")
run -q estimate resnet50 --train --epochs 90 --device nvidia-a100-sxm4-80gb --count 8 --batch 2048 --format json
expect_ok "90 epochs on 8 A100s" || finish
ev8=$(eval_of)
"$PY" -c "import sys; e1, e8, st = $ev1, $ev8, $st1; sys.exit(0 if 0.9 < e1 / (50000 / 256 * st / 3) <= 1.0 and abs(e1 / e8 / 8 - 1) < 0.01 else 1)" ||
	fail "evaluation per epoch: $ev1 s on 1 A100 (step $st1 s), $ev8 s on 8"
finish
