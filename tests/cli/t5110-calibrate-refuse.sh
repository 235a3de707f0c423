#!/bin/sh
# t5110-calibrate-refuse.sh — calibrate refuses too few, degenerate or
# foreign records, and bad files, with one clear reason; no overlay then.
. "${srcdir:-.}/tests/cli/lib.sh"

SRC=$(cd "$srcdir" && pwd)
cd "$WORK" || exit 1
PY=/usr/bin/python3
GEN="$SRC/tests/cli/gen_records.py"
$PY "$GEN" "$MLFIT" power.csv power || fail "generating records"

# one record: too few for any fit
head -2 power.csv >one.csv
run calibrate one.csv -o one.xml
expect_status 3 "one record"
expect_err_match 'efficiency not fitted: too few records \(1\): at least 2 are needed' "too few for efficiency"
expect_err_match 'nothing could be fitted' "nothing fitted"
[ -e one.xml ] && fail "no overlay from one record"

# degenerate: bytes and time proportional to MACs
$PY "$GEN" "$MLFIT" degenerate.csv degenerate || fail "generating degenerate records"
run calibrate degenerate.csv -o degenerate.xml
expect_out_match 'op-cost +not fitted: the records are degenerate' "degenerate op-cost records"
[ -e degenerate.xml ] && grep -q 'mac-energy' degenerate.xml && fail "no energy per MAC from degenerate records"

# records from another device than the one named
run calibrate power.csv -o other.xml --device nvidia-t4
expect_status 3 "records of another device"
expect_err_match "power.csv:2: the run was on 'nvidia-a100-sxm4-80gb', not 'nvidia-t4': left out" \
	"a foreign record is named"
[ -e other.xml ] && fail "no overlay from foreign records"

# energies estimated from CPU time do not calibrate power
mkdir -p nosys
MLFIT_SYSFS_ROOT="$WORK/nosys" MLFIT_NVML_LIBRARY="$WORK/none.so" "$MLFIT" measure -q --intensity 400 \
	--device intel-xeon-platinum-8380 --flops 1e9 --train -o est.csv -- true
MLFIT_SYSFS_ROOT="$WORK/nosys" MLFIT_NVML_LIBRARY="$WORK/none.so" "$MLFIT" measure -q --intensity 400 \
	--device intel-xeon-platinum-8380 --flops 2e9 --train -o est.csv -- true
run calibrate est.csv -o est.xml
# (on stdout with the other fits, or on stderr when nothing could be fitted)
printf '%s\n%s\n' "$out" "$err" | grep -Eq 'load, idle:? +not fitted: no record has a measured energy .*estimated from CPU time' ||
	fail "estimated energies are not fitted: $out $err"

# no workload anywhere
$PY -c "
import csv
rows = list(csv.DictReader(open('power.csv')))
w = csv.DictWriter(open('nowl.csv', 'w', newline=''), fieldnames=list(rows[0])[:31], extrasaction='ignore')
w.writeheader(); w.writerows(rows)"
run calibrate nowl.csv -o nowl.xml
expect_status 3 "no workload"
expect_err_match 'nowl.csv:2: no workload \(give --workload or a nowl.csv.workload file\): left out' \
	"a record without a workload says how to give one"

# bad files and usage
printf 'duration,energy_consumed\n12,abc\n' >bad.csv
run calibrate bad.csv -o bad.xml
expect_status 3 "a bad number" && expect_one_line_error "a bad number"
expect_err_match "bad.csv:2: column 'energy_consumed': 'abc' is not a non-negative number" "file:line: column"
run calibrate missing.csv -o x.xml
expect_status 3 "a missing file" && expect_err_match "cannot read 'missing.csv'" "a missing file"
run calibrate power.csv
expect_status 2 "no -o" && expect_one_line_error "no -o"
run calibrate -o x.xml
expect_status 2 "no records" && expect_one_line_error "no records"
run calibrate power.csv -o x.xml --workload '--model no-such-model --train'
expect_status 0 "a bad --workload is not used when the records have theirs"
finish
