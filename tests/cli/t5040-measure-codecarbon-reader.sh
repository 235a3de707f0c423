#!/bin/sh
# t5040-measure-codecarbon-reader.sh — mlfit's records read back as
# CodeCarbon's emissions.csv: its columns in its order and its units.
. "${srcdir:-.}/tests/cli/lib.sh"

SRC=$(cd "$srcdir" && pwd)
cd "$WORK" || exit 1
PY=/usr/bin/python3
mkdir -p "$WORK/nosys"
export MLFIT_SYSFS_ROOT="$WORK/nosys" MLFIT_NVML_LIBRARY="$WORK/none.so"

for c in 'sleep 0.3' 'sh -c "exit 2"' 'true'; do
	run measure -q --intensity 350 --device intel-xeon-platinum-8380 -- sh -c "$c"
done
out=$($PY "$SRC/tests/cli/codecarbon_reader.py" emissions.csv 350 2>&1)
[ $? -eq 0 ] || fail "CodeCarbon reader: $out"
[ "$out" = "3 records read" ] || fail "three records: $out"

# fields with commas and quotes survive the round trip
run measure -q --intensity 350 --project 'a, "quoted" project' -- true
$PY -c "import csv; r=list(csv.DictReader(open('emissions.csv')))[-1]; assert r['project_name']=='a, \"quoted\" project', r['project_name']" ||
	fail "a quoted project name"

# a file with other columns (an older CodeCarbon) is moved aside, as CodeCarbon does
printf 'timestamp,experiment_id,project_name,duration,emissions,energy_consumed\n' >old.csv
run measure --intensity 350 -o old.csv -- true
expect_err_match "'old.csv' has other columns: moved it to 'old.csv.bak'" "other columns moved aside"
[ -f old.csv.bak ] && $PY "$SRC/tests/cli/codecarbon_reader.py" old.csv 350 >/dev/null ||
	fail "a fresh file after moving the old one aside"
finish
