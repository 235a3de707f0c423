#!/bin/sh
# t5030-measure-cputime.sh — the CPU-time fallback (this machine has no
# RAPL) against busy loops of known CPU time, children included; RAM from
# resident memory; JSON records.
. "${srcdir:-.}/tests/cli/lib.sh"

cd "$WORK" || exit 1
PY=/usr/bin/python3
field() {
	$PY -c "import csv,sys; r=list(csv.DictReader(open(sys.argv[2], newline='')))[-1]; print(r[sys.argv[1]])" \
		"$1" "${2:-emissions.csv}"
}
KWH=3600000
mkdir -p "$WORK/nosys"
export MLFIT_SYSFS_ROOT="$WORK/nosys" MLFIT_NVML_LIBRARY="$WORK/none.so"
unset FAKE_NVML_GPUS

# burn SECONDS: a loop that stops after that much CPU time of its own
BURN='import sys, time
t = float(sys.argv[1])
while time.process_time() < t:
    pass'

# Xeon Platinum 8380: 270 W TDP over 40 cores = 6.75 W per busy core
run measure -q --intensity 400 --device intel-xeon-platinum-8380 -- $PY -c "$BURN" 1.0
expect_status 0 "a 1 s busy loop"
cpu=$(field mlfit_cpu_time)
$PY -c "import sys; sys.exit(0 if 1.0 <= $cpu <= 1.3 else 1)" ||
	fail "CPU time of a 1.0 s busy loop (plus start-up): $cpu s"
close_to "$(field cpu_energy)" "$($PY -c "print($cpu * 6.75 / $KWH)")" 1e-3 ||
	fail "cpu_energy = $cpu s x 6.75 W, got $(field cpu_energy) kWh"
[ "$(field mlfit_cpu_source)" = estimated ] && [ "$(field tracking_mode)" = process ] ||
	fail "the record says the CPU energy is estimated"
[ "$(field mlfit_cpu_device)" = intel-xeon-platinum-8380 ] || fail "--device names the CPU"
ram=$(field ram_energy)
$PY -c "import sys; sys.exit(0 if $ram > 0 else 1)" || fail "RAM from resident memory is above 0"

# children and grandchildren count: two loops of 0.6 s under a shell
run measure -q --intensity 400 --device intel-xeon-platinum-8380 --interval 0.2 -- \
	sh -c "$PY -c '$BURN' 0.6 & sh -c \"$PY -c '$BURN' 0.6\"; wait"
expect_status 0 "a tree of busy loops"
cpu=$(field mlfit_cpu_time)
$PY -c "import sys; sys.exit(0 if 1.2 <= $cpu <= 1.7 else 1)" ||
	fail "CPU time of two 0.6 s loops in children: $cpu s"

# an unnamed CPU: CCF's 3.97 W per busy vCPU, and a warning
run measure --intensity 400 -- $PY -c "$BURN" 0.3
if [ -z "$(field mlfit_cpu_device)" ]; then	# this host's CPU is not in the catalog
	expect_err_match "the CPU '.*' is not in the catalog: give --device ID" "unknown CPU named"
	cpu=$(field mlfit_cpu_time)
	close_to "$(field cpu_energy)" "$($PY -c "print($cpu * 3.97 / $KWH)")" 1e-3 ||
		fail "unknown CPU: $cpu s x 3.97 W"
fi

# an overlay's alias names this host's CPU (a cloud VM's bare "Xeon Processor")
model=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)
cat >vm.xml <<XML
<?xml version="1.0" encoding="UTF-8"?>
<catalog version="1">
  <source id="test-vm">a test VM's CPU, sized by hand</source>
  <device id="test-vm-cpu" kind="cpu" sources="test-vm">
    <vendor>Test</vendor><name>VM CPU</name><year>2024</year>
    <tdp>20 W</tdp><cores>4</cores>
    <peak precision="fp32">100 GFLOP/s</peak>
    <alias>$model</alias>
  </device>
</catalog>
XML
run measure -q --catalog vm.xml --intensity 400 -- $PY -c "$BURN" 0.3
[ "$(field mlfit_cpu_device)" = test-vm-cpu ] || fail "the overlay's alias matches '$model'"
cpu=$(field mlfit_cpu_time)
close_to "$(field cpu_energy)" "$($PY -c "print($cpu * 5 / $KWH)")" 1e-3 ||
	fail "the overlay CPU's 20 W / 4 cores per busy core"

# --format json: one object per line with CodeCarbon's keys and units
run measure -q --format json --intensity 400 --project demo -- sh -c 'exit 3'
expect_status 3 "json record"
$PY - emissions.json <<'PYEOF' || fail "json record"
import json, sys
lines = open(sys.argv[1]).read().splitlines()
assert len(lines) == 1
j = json.loads(lines[0])
assert j["project_name"] == "demo" and j["mlfit_exit_status"] == 3
assert j["python_version"] == "" and j["longitude"] is None
assert abs(j["emissions"] - j["energy_consumed"] * 400 / 1000) < 1e-12
assert list(j)[:4] == ["timestamp", "project_name", "run_id", "duration"]
PYEOF
run measure -q --format json --intensity 400 -- true
[ "$(wc -l <emissions.json)" = 2 ] || fail "a second JSON line appended"
finish
