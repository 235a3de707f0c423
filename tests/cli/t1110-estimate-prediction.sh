#!/bin/sh
# t1110-estimate-prediction.sh — published training runs predicted from the
# model's shape, the device, the count and the batch (tests/cli/train_cases.py:
# LLaMA, Pythia and GPT-3 device-hours; Megatron-LM Table 1, Megatron-Core,
# MosaicML, NeMo, MLPerf GPT-3 and Llama 3 Table 4 throughputs): every published
# figure inside the predicted range.
. "${srcdir:-.}/tests/cli/lib.sh"
[ -n "${PYTHON:-}" ] || PYTHON=python3
"$PYTHON" "$srcdir/tests/cli/check_cases.py" prediction "$FIXTURES/validation/calibration-cases.csv"
