#!/bin/sh
# t3000-estimate-formats.sh — issue 8 item 1: every figure of estimate's LaTeX
# paragraph, table and CSV equals the JSON of the same run, for training and
# serving, cloud and on-prem, both energy methods and accounting mode; the
# LaTeX names embodied CO2e only when it is counted; the table names the grid
# intensity's dataset, year and scope as the JSON does.
. "${srcdir:-.}/tests/cli/lib.sh"
[ -n "${PYTHON:-}" ] || PYTHON=python3
"$PYTHON" "$srcdir/tests/cli/check_estimate_formats.py" "$MLFIT"
