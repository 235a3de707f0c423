#!/bin/sh
# t1110-estimate-prediction.sh — device-hours of the LLaMA and Pythia runs
# predicted from 6·N·D, the device and the count: within 25 %, and the
# published figure inside the predicted range.
. "${srcdir:-.}/tests/cli/lib.sh"
[ -n "${PYTHON:-}" ] || PYTHON=python3
"$PYTHON" "$srcdir/tests/cli/check_cases.py" prediction "$FIXTURES/validation/calibration-cases.csv"
