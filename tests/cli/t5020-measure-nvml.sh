#!/bin/sh
# t5020-measure-nvml.sh — NVIDIA GPUs through NVML, with the fake
# libnvidia-ml.so.1 that make check builds (tests/fake/fake_nvml.c): its GPUs
# draw a set power, so a run's GPU energy is that power × its duration.
. "${srcdir:-.}/tests/cli/lib.sh"

LIB="${top_builddir:-.}/tests/fake/libfake-nvml.so"
[ -f "$LIB" ] || { echo "no $LIB (built by make check)"; exit 77; }
cd "$WORK" || exit 1
PY=/usr/bin/python3
field() {
	$PY -c "import csv,sys; r=list(csv.DictReader(open(sys.argv[2], newline='')))[-1]; print(r[sys.argv[1]])" \
		"$1" "${2:-emissions.csv}"
}
KWH=3600000
mkdir -p "$WORK/nosys"
export MLFIT_SYSFS_ROOT="$WORK/nosys" MLFIT_NVML_LIBRARY="$LIB"

# two GPUs with an energy counter, 250 W each, running the command
export FAKE_NVML_GPUS=2 FAKE_NVML_POWER=250 FAKE_NVML_UTIL=80 FAKE_NVML_PIDFILE="$WORK/pid"
run measure -q --intensity 400 --interval 0.2 -- sh -c 'echo $$ >"$FAKE_NVML_PIDFILE"; sleep 1.5'
expect_status 0 "measure with the fake NVML"
d=$(field duration)
close_to "$(field gpu_energy)" "$($PY -c "print(2 * 250 * $d / $KWH)")" 0.03 ||
	fail "2 GPUs x 250 W x $d s, got $(field gpu_energy) kWh"
close_to "$(field gpu_power)" 500 0.03 || fail "gpu_power 500 W, got $(field gpu_power)"
[ "$(field mlfit_gpu_source)" = nvml ] || fail "the energy counter is used"
[ "$(field mlfit_gpu_device)" = nvidia-a100-sxm4-80gb ] || fail "'NVIDIA A100-SXM4-80GB' is the catalog's A100 80GB"
[ "$(field gpu_count)" = 2 ] && [ "$(field gpu_model)" = "2 x NVIDIA A100-SXM4-80GB" ] ||
	fail "gpu_count and gpu_model as CodeCarbon writes them"
close_to "$(field mlfit_gpu_utilisation)" 0.8 1e-6 || fail "utilisation 0.8"

# three GPUs, the command on the first only: only its energy is the command's
export FAKE_NVML_GPUS=3 FAKE_NVML_PID_GPUS=1
run measure -q --intensity 400 --interval 0.2 -- sh -c 'echo $$ >"$FAKE_NVML_PIDFILE"; sleep 1.5'
d=$(field duration)
close_to "$(field gpu_energy)" "$($PY -c "print(250 * $d / $KWH)")" 0.05 ||
	fail "one GPU of three attributed: 250 W x $d s, got $(field gpu_energy) kWh"
[ "$(field gpu_count)" = 1 ] || fail "gpu_count counts the command's GPUs, got $(field gpu_count)"
unset FAKE_NVML_PID_GPUS

# no counter: power samples integrated
export FAKE_NVML_MODE=power FAKE_NVML_GPUS=1 FAKE_NVML_POWER=300
run measure -q --intensity 400 --interval 0.1 -- sleep 1
expect_status 0 "power-only NVML"
d=$(field duration)
close_to "$(field gpu_energy)" "$($PY -c "print(300 * $d / $KWH)")" 0.15 ||
	fail "300 W integrated over $d s, got $(field gpu_energy) kWh"
[ "$(field mlfit_gpu_source)" = nvml-power ] || fail "power samples are said to be so"
unset FAKE_NVML_MODE

# a GPU the catalog does not know: a warning; --device names it
export FAKE_NVML_NAME="NVIDIA Frobnicator 9000"
run measure --intensity 400 -- true
expect_err_match "the GPU 'NVIDIA Frobnicator 9000' \(nvml:0\) is not in the catalog: give --device" \
	"an unknown GPU is named"
export FAKE_NVML_NAME="NVIDIA A100-SXM4-64GB"		# not an A10 because it starts so
run measure --intensity 400 -- true
expect_err_match "the GPU 'NVIDIA A100-SXM4-64GB' \(nvml:0\) is not in the catalog" "whole words only"
[ -z "$(field mlfit_gpu_device)" ] || fail "no device for an unknown A100: $(field mlfit_gpu_device)"
run measure -q --intensity 400 --device nvidia-h100-sxm5-80gb --count 1 -- true
[ "$(field mlfit_gpu_device)" = nvidia-h100-sxm5-80gb ] || fail "--device names the GPU"

# a library that is not NVML: a warning, and the run goes on
export MLFIT_NVML_LIBRARY="$WORK/no-such-libnvidia-ml.so"
run measure --intensity 400 -- true
expect_status 0 "a missing NVML"
expect_err_match "cannot load NVML from '$WORK/no-such-libnvidia-ml.so'" "a missing NVML is said"
[ "$(field mlfit_gpu_source)" = none ] || fail "no GPU source"
finish
