#!/bin/sh
# bench/train-estimate.sh — the cost of the layout search (issue 9).  `mlfit recommend`
# over the whole shipped catalog for a 70B transformer (every candidate searches its
# TP x PP x DP x ZeRO x micro-batch x interleaving x recompute layouts) and for ResNet-50
# (data parallel, no search), and one `mlfit estimate` of a 70B model on 1,024 H100s,
# each against `xmllint --noout` of the same 14 catalog files measured in the same run
# (paired runs, median; callgrind Ir where valgrind exists).  The Ir inside
# estimate_run() or optimize_recommend() is the estimate's own cost, without the load.
# Targets: one prediction under 1 ms (0.1 x xmllint on a machine where it takes 10 ms),
# recommend for the 70B model under 50 ms less the load (fails above 5 x xmllint, 50 ms
# where xmllint takes 10 ms).
# Run by `make bench` with MLFIT set; by hand: MLFIT=./mlfit sh bench/train-estimate.sh
set -eu
: "${MLFIT:?MLFIT must name the mlfit binary}"
: "${srcdir:=.}"
export LC_ALL=C XDG_DATA_HOME=/nonexistent
RUNS=${RUNS:-10}
python3 "$srcdir/bench/paired.py" --srcdir "$srcdir" --mlfit "$MLFIT" --runs "$RUNS" \
	--own optimize_recommend --max-own-ratio 5 \
	"70B=recommend --params 70e9 --tokens 2e12 --train" \
	"cnn=recommend --model resnet50 --train --epochs 90"
python3 "$srcdir/bench/paired.py" --srcdir "$srcdir" --mlfit "$MLFIT" --runs "$RUNS" \
	--own estimate_run \
	"one=estimate --model llama-2-70b --train --tokens 2e12 --device nvidia-h100-sxm5-80gb --count 1024"
