#!/bin/sh
# t1310-serve-latency.sh — the latency of one batch: per-layer roofline plus launch and
# host overheads, per runtime; ranges around the central value; offline batch choice.
. "${srcdir:-.}/tests/cli/lib.sh"

H200="--device nvidia-h200-sxm-141gb"
lat() { json_get "j['inference']['latency_s']"; }

# ResNet-50 at batch 1 on an H200 was 44 us (issue 10), ten times below any published
# measurement: its 53 convolutions and the classifier each cost a kernel launch
# (infer.launch-overhead.gpu, 2 us) and the batch the host's work (50 us), so the
# latency cannot be below 54 x 2 + 50 = 158 us, whatever the arithmetic.
run -q estimate resnet50 --infer --requests 1000 $H200 --batch 1 --format json
expect_ok "resnet50 batch 1" || finish
opt=$(lat)
python3 -c "import sys; sys.exit(0 if $opt >= 158e-6 else 1)" ||
	fail "resnet50 batch-1 latency $opt s is below the overheads (158 us)"
python3 -c "import sys; j={'l':$(json_get "j['inference']['latency_s_low']"),'h':$(json_get "j['inference']['latency_s_high']")}; sys.exit(0 if j['l'] < $opt < j['h'] else 1)" ||
	fail "resnet50 latency range does not bracket the central value"
[ "$(json_get "j['inference']['runtime']")" = optimized ] ||
	fail "the default runtime should be optimized"

# an eager framework launches every layer (conv, batch norm, ReLU, add ...) and pays
# more per launch: slower
run -q estimate resnet50 --infer --requests 1000 $H200 --batch 1 --runtime eager --format json
expect_ok "--runtime eager" || finish
python3 -c "import sys; sys.exit(0 if $(lat) > 2 * $opt else 1)" ||
	fail "eager latency $(lat) should be well above optimized $opt"
run -q estimate resnet50 --infer --requests 1000 $H200 --batch 1 --runtime eager
expect_out_match "overheads +10 us per kernel, 300 us per batch \(eager runtime, gpu-eager\)" \
	"the assumptions name the eager runtime"

# offline (--requests, no --batch): the largest power-of-two batch memory holds, up to
# infer.max-batch-offline (2048, NVIDIA's MLPerf ResNet-50 Offline batch), for the best
# throughput
run -q estimate resnet50 --infer --requests 1e6 $H200 --format json
expect_ok "offline batch" &&
	[ "$(json_get "j['inference']['batch']")" = 2048 ] ||
	fail "offline batch: $(json_get "j['inference']['batch']"), expected 2048"
offline=$(json_get "j['inference']['throughput_per_s']")
run -q estimate resnet50 --infer --requests 1e6 $H200 --batch 64 --format json
python3 -c "import sys; sys.exit(0 if $offline > $(json_get "j['inference']['throughput_per_s']") else 1)" ||
	fail "the chosen offline batch should beat batch 64"

# a batch that does not fit: 2048 samples on a Jetson-sized memory is refused honestly
run -q estimate vgg16 --infer --requests 1e6 --device nvidia-jetson-agx-orin-64gb --batch 65536 --format json
expect_ok "vgg16 huge batch" &&
	[ "$(json_get "j['fits']")" = False ] ||
	fail "vgg16 at batch 65536 should not fit on an Orin"

finish
