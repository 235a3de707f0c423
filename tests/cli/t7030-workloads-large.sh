#!/bin/sh
# t7030-workloads-large.sh — a portfolio of 50,000 workloads whose last id
# repeats the first: the duplicate check is an index, not a scan of all
# earlier workloads, and the file is refused before anything is solved.
. "${srcdir:-.}/tests/cli/lib.sh"
. "$srcdir/tests/cli/large.sh"

python3 - "$WORK" <<'PY'
import sys
n = 50000
with open(sys.argv[1] + "/many.xml", "w") as f:
    f.write('<?xml version="1.0"?>\n<workloads>\n')
    for i in range(n - 1):
        f.write('  <train id="w%d" model="resnet18" epochs="1"/>\n' % i)
    f.write('  <train id="w0" model="resnet18" epochs="1"/>\n')
    f.write('</workloads>\n')
PY

run_limited plan "$WORK/many.xml" --time-limit 5s
expect_status 3 "50,000 workloads with a duplicate id"
expect_one_line_error "50,000 workloads"
expect_err_match "many.xml:50002: train 'w0': the id is already used at line 3" "50,000 workloads"
finish
