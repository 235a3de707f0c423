#!/bin/sh
# t1100-estimate-accounting.sh — Strubell et al. 2019 Table 3, Patterson et
# al. 2021 Tables 1 and 4 and Touvron et al. 2023 Table 15, reproduced from
# their hours, power, PUE and grid intensity (within 1 %).
. "${srcdir:-.}/tests/cli/lib.sh"
[ -n "${PYTHON:-}" ] || PYTHON=python3
"$PYTHON" "$srcdir/tests/cli/check_cases.py" accounting "$FIXTURES/validation/calibration-cases.csv"
