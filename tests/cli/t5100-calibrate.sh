#!/bin/sh
# t5100-calibrate.sh — calibrate on synthetic records made from known
# coefficients recovers them within 2 %; the overlay validates, cites its
# records, and changes later estimates.
. "${srcdir:-.}/tests/cli/lib.sh"

SRC=$(cd "$srcdir" && pwd)
cd "$WORK" || exit 1
PY=/usr/bin/python3
GEN="$SRC/tests/cli/gen_records.py"
A100="--device nvidia-a100-sxm4-80gb --count 1"

# xml_value XPATH FILE
xml_value() {
	$PY -c "import sys, xml.etree.ElementTree as E; print(E.parse(sys.argv[2]).getroot().find(sys.argv[1]).text.split()[0])" "$1" "$2"
}
est_json() {	# est_json KEY ARGS...: one figure of mlfit estimate's JSON
	key=$1
	shift
	"$MLFIT" -q "$@" --format json | $PY -c "import json,sys; print(json.load(sys.stdin)$key)"
}

# ---- efficiency 0.30, idle 50 W, load 0.7 on an A100 ----
$PY "$GEN" "$MLFIT" power.csv power || fail "generating records"
run calibrate power.csv -o power.xml
expect_status 0 "calibrate the A100 runs"
# one efficiency per task kind, each from the parameter the estimate used
expect_out_match 'efficiency +0\.3 .*was 0\.646 from efficiency\.train\.nvidia-a100\)' \
	"transformer efficiency found"
# (the CNN runs are at fp32: compute-bound, so their time pins the efficiency; a 16-bit
# ResNet step is mostly memory-bound and barely depends on it, estimate_cnn.c)
expect_out_match 'efficiency +0\.30[0-9]* .*was 0\.375 from efficiency\.train-other\.nvidia-a100\)' \
	"CNN efficiency found"
# (12.0 % before: the generated runs' times against the shipped efficiencies; their epochs
# carry estimate_cnn.c's evaluation and per-epoch overhead on both sides)
expect_out_match 'median \|error\|: time 12\.0 % before, 0\.0 % after' "time error before and after"
close_to "$(xml_value "param[@id='efficiency.train.nvidia-a100-sxm4-80gb']" power.xml)" 0.30 0.02 ||
	fail "transformer efficiency 0.30 recovered"
close_to "$(xml_value "param[@id='efficiency.train-other.nvidia-a100-sxm4-80gb']" power.xml)" 0.30 0.02 ||
	fail "CNN efficiency 0.30 recovered"
[ "$(grep -c 'param id="load.train.nvidia-a100-sxm4-80gb"' power.xml)" = 1 ] ||
	fail "one load for the device's training runs of both kinds"
close_to "$(xml_value "param[@id='load.train.nvidia-a100-sxm4-80gb']" power.xml)" 0.7 0.02 ||
	fail "load 0.7 recovered"
close_to "$(xml_value "device[@id='nvidia-a100-sxm4-80gb']/idle" power.xml)" 50 0.02 ||
	fail "idle 50 W recovered"
xmllint --noout --relaxng "$SRC/catalog/catalog.rng" power.xml 2>/dev/null ||
	fail "the overlay validates against catalog.rng"
run --catalog power.xml catalog validate
expect_status 0 "mlfit loads the overlay"
grep -q 'power.csv:2 (run 00000000-0000-4000-8000-000000000000' power.xml ||
	fail "the overlay cites its records"
grep -q 'sources="mlfit-calibration"' power.xml || fail "the parameters cite the calibration"

# the overlay changes later estimates: the time is now the measured one
WL="--model bert-base --train --samples 8000 --batch 32"
measured=$($PY -c "import csv; print(list(csv.DictReader(open('power.csv')))[3]['duration'])")
before=$(est_json "['time_s']" estimate $WL $A100)
after=$(est_json "['time_s']" --catalog power.xml estimate $WL $A100)
close_to "$after" "$measured" 0.02 || fail "estimate with the overlay: $after s, measured $measured s"
close_to "$before" "$measured" 0.2 && fail "estimate without the overlay should differ: $before s"
# the device's own figure wins over its generation's
[ "$(est_json "['efficiency']['source']" --catalog power.xml estimate $WL $A100)" = \
  efficiency.train.nvidia-a100-sxm4-80gb ] || fail "the overlay's per-device efficiency is used"
cnn_measured=$($PY -c "import csv; print(list(csv.DictReader(open('power.csv')))[0]['duration'])")
cnn_after=$(est_json "['time_s']" --catalog power.xml estimate --model resnet18 --train --samples 5000 --batch 64 --precision fp32 $A100)
close_to "$cnn_after" "$cnn_measured" 0.02 || fail "CNN estimate with the overlay: $cnn_after s, measured $cnn_measured s"

# ---- the op-cost model: 0.8 pJ/MAC, 20 pJ/B, idle 10 W on a T4 ----
$PY "$GEN" "$MLFIT" opcost.csv opcost || fail "generating op-cost records"
run calibrate opcost.csv -o opcost.xml
expect_status 0 "calibrate the T4 runs"
expect_out_match 'op-cost +0\.8 pJ/MAC, 20 pJ/B, idle 10 W +R\^2 1\.0000' "op-cost fit"
# the op-cost method's energy of a MAC: MAC + 4 register accesses x 2 B (fp16) x J/B
mac=$(xml_value "device[@id='nvidia-t4']/mac-energy[@precision='fp16']" opcost.xml)
rf=$(xml_value "device[@id='nvidia-t4']/access-energy[@level='rf']" opcost.xml)
close_to "$($PY -c "print($mac + 4 * 2 * $rf)")" 0.8e-12 0.02 || fail "energy per MAC recovered"
close_to "$(xml_value "device[@id='nvidia-t4']/access-energy[@level='dram']" opcost.xml)" 20e-12 0.02 ||
	fail "energy per byte recovered"
close_to "$(xml_value "device[@id='nvidia-t4']/idle" opcost.xml)" 10 0.02 || fail "idle 10 W recovered"
xmllint --noout --relaxng "$SRC/catalog/catalog.rng" opcost.xml 2>/dev/null ||
	fail "the op-cost overlay validates"
T4="--device nvidia-t4 --count 1 --energy-method opcost"
run estimate resnet18 --train --samples 1000 --batch 64 $T4
expect_status 2 "the shipped T4 has no per-operation energies"
run --catalog opcost.xml estimate resnet18 --train --samples 1000 --batch 64 $T4 --format json
expect_status 0 "with the overlay the T4 has them"
[ "$(json_get "j['energy_kwh']['device'] > 0")" = True ] || fail "an op-cost energy with the overlay"

# ---- a CodeCarbon file: the workload from a sidecar, the device by its name ----
$PY - power.csv cc.csv <<'PYEOF'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
cols = list(rows[0])[:31]			# CodeCarbon's own columns only
with open(sys.argv[2], "w", newline="") as f:
    w = csv.DictWriter(f, fieldnames=cols, extrasaction="ignore", lineterminator="\r\n")
    w.writeheader()
    w.writerows(rows)
with open(sys.argv[2] + ".workload", "w") as f:
    f.write("# run id, then mlfit estimate's workload options\n")
    for r in rows:
        f.write("%s %s\n" % (r["run_id"], r["mlfit_workload"]))
PYEOF
run calibrate cc.csv -o cc.xml
expect_status 0 "calibrate from a CodeCarbon file"
close_to "$(xml_value "param[@id='efficiency.train.nvidia-a100-sxm4-80gb']" cc.xml)" 0.30 0.02 ||
	fail "efficiency from the CodeCarbon file"
# without the sidecar, --workload gives every run the same workload
rm cc.csv.workload
run calibrate cc.csv -o cc2.xml --workload '--model resnet18 --train --samples 5000 --batch 64'
expect_status 0 "--workload for a CodeCarbon file"
expect_out_match 'efficiency +not fitted: the runs disagree' "one workload for different runs does not fit"
finish
