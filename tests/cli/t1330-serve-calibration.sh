#!/bin/sh
# t1330-serve-calibration.sh — the placeable rows of validation/calibration-inference.csv
# (MLPerf Inference v4.1 power results; ML.ENERGY Leaderboard v2): each published figure
# against mlfit's central value and range (check_inference.py says how each is compared).
. "${srcdir:-.}/tests/cli/lib.sh"
[ -n "${PYTHON:-}" ] || PYTHON=python3
MLFIT="$MLFIT" srcdir="$srcdir" "$PYTHON" "$srcdir/tests/cli/check_inference.py" check \
	"$FIXTURES/validation/calibration-inference.csv"
