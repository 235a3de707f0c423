#!/bin/sh
# t5010-measure-sysfs.sh — RAPL and amdgpu hwmon counters from a scripted
# fake sysfs (MLFIT_SYSFS_ROOT), wrap-around included, checked against the
# energy the script put in.
. "${srcdir:-.}/tests/cli/lib.sh"

SRC=$(cd "${srcdir:-.}" && pwd)
cd "$WORK" || exit 1
PY=/usr/bin/python3
field() {
	$PY -c "import csv,sys; r=list(csv.DictReader(open(sys.argv[2], newline='')))[-1]; print(r[sys.argv[1]])" \
		"$1" "${2:-emissions.csv}"
}

SYS="$WORK/fake"
PC="$SYS/sys/class/powercap"
HW="$SYS/sys/class/hwmon"
mkdir -p "$PC/intel-rapl:0" "$PC/intel-rapl:0:0" "$PC/intel-rapl:0:1" \
	"$HW/hwmon0/device" "$HW/hwmon1" "$HW/hwmon2"
MAX=262143328850
echo package-0 >"$PC/intel-rapl:0/name"
echo $MAX >"$PC/intel-rapl:0/max_energy_range_uj"
echo $((MAX - 2000000)) >"$PC/intel-rapl:0/energy_uj"	# 2 J before the wrap
echo dram >"$PC/intel-rapl:0:0/name"
echo $MAX >"$PC/intel-rapl:0:0/max_energy_range_uj"
echo 1000000 >"$PC/intel-rapl:0:0/energy_uj"
echo core >"$PC/intel-rapl:0:1/name"			# inside the package: not added again
echo 0 >"$PC/intel-rapl:0:1/energy_uj"
echo amdgpu >"$HW/hwmon0/name"				# power only: integrated
echo 150000000 >"$HW/hwmon0/power1_average"		# 150 W
echo "AMD Instinct MI250X" >"$HW/hwmon0/device/product_name"
echo amdgpu >"$HW/hwmon1/name"				# an energy counter
echo 5000000 >"$HW/hwmon1/energy1_input"
echo coretemp >"$HW/hwmon2/name"			# not a GPU
echo 1000000 >"$HW/hwmon2/power1_average"

# put VALUE FILE: replace a counter at once, as the kernel does
cat >"$WORK/script.sh" <<SCRIPT
put() { printf '%s\n' "\$1" >"\$2.new" && mv "\$2.new" "\$2"; }
sleep 0.4
put 3000000 "$PC/intel-rapl:0/energy_uj"		# wrapped: +5 J
put 1500000 "$PC/intel-rapl:0:0/energy_uj"
put 15000000 "$HW/hwmon1/energy1_input"
sleep 0.4
put 8000000 "$PC/intel-rapl:0/energy_uj"		# +5 J
put 2000000 "$PC/intel-rapl:0:0/energy_uj"
put 25000000 "$HW/hwmon1/energy1_input"
sleep 0.4
SCRIPT

export MLFIT_SYSFS_ROOT="$SYS"
run measure --intensity 500 --interval 0.1 --timeseries ts.csv -- sh "$WORK/script.sh"
expect_status 0 "measure with the fake sysfs"
expect_err_match '\(cpu rapl, gpu hwmon-power, ram rapl\)' "the summary names the sources"
KWH=3600000
close_to "$(field cpu_energy)" "$($PY -c "print(10/$KWH)")" 1e-6 ||
	fail "package: 2 J to the wrap + 3 J + 5 J = 10 J, got $(field cpu_energy) kWh"
close_to "$(field ram_energy)" "$($PY -c "print(1/$KWH)")" 1e-6 ||
	fail "dram: 1 J, got $(field ram_energy) kWh"
d=$(field duration)
want=$($PY -c "print((20 + 150 * $d) / $KWH)")
close_to "$(field gpu_energy)" "$want" 0.05 ||
	fail "gpu: 20 J counted + 150 W x $d s = $want kWh, got $(field gpu_energy)"
[ "$(field cpu_energy)" != 0 ] || fail "never a silent zero"
[ "$(field mlfit_cpu_source)" = rapl ] && [ "$(field mlfit_ram_source)" = rapl ] &&
	[ "$(field tracking_mode)" = machine ] || fail "sources and tracking mode"
[ "$(field gpu_count)" = 2 ] || fail "two amdgpu GPUs, got $(field gpu_count)"
[ "$(field mlfit_gpu_device)" = amd-mi250x ] || fail "product_name matched to amd-mi250x"
case "$(field gpu_model)" in "2 x AMD Instinct MI250X") ;; *) fail "gpu_model: $(field gpu_model)" ;; esac
total=$($PY -c "import csv; r=list(csv.DictReader(open('emissions.csv')))[-1]; print(float(r['cpu_energy'])+float(r['gpu_energy'])+float(r['ram_energy']))")
close_to "$(field energy_consumed)" "$total" 1e-6 || fail "energy_consumed = cpu + gpu + ram (PUE 1)"
close_to "$(field emissions)" "$($PY -c "print($total * 500 / 1000)")" 1e-6 ||
	fail "emissions = kWh x 500 g/kWh in kg"
# the time series: every domain, several samples, energies that only grow
$PY - "$WORK/ts.csv" <<'PYEOF' || fail "time series"
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
doms = {r["domain"] for r in rows}
assert doms == {"rapl:package-0", "rapl:dram-0", "hwmon:hwmon0", "hwmon:hwmon1"}, doms
pkg = [float(r["energy_j"]) for r in rows if r["domain"] == "rapl:package-0"]
assert len(pkg) >= 5 and pkg == sorted(pkg) and abs(pkg[-1] - 10) < 1e-6, pkg
PYEOF

# permission denied on RAPL (as since the 2020 fix): one warning, the fallback
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null; then
	chmod 0400 "$PC/intel-rapl:0/energy_uj" "$PC/intel-rapl:0:0/energy_uj"
	chmod -R a+rX "$SYS" "$WORK"
	chmod 0400 "$PC/intel-rapl:0/energy_uj" "$PC/intel-rapl:0:0/energy_uj"
	chmod a+rwx "$WORK"
	# the unprivileged user must reach the binary and its data: a build tree
	# under a private directory (mktemp -d is 0700) is not reachable, so run
	# a copy of both from the test's own directory then
	as_nobody() { setpriv --reuid=65534 --regid=65534 --clear-groups env HOME="$WORK" \
		XDG_DATA_HOME="$WORK/xdg" ${DATADIR:+MLFIT_DATADIR="$DATADIR"} "$@"; }
	NOBODY_MLFIT=$MLFIT DATADIR=
	if ! as_nobody "$MLFIT" --version >/dev/null 2>&1; then
		mkdir -p "$WORK/copy/share" && cp "$MLFIT" "$WORK/copy/mlfit" &&
			cp -R "$SRC/catalog" "$SRC/data" "$WORK/copy/share/" &&
			chmod -R a+rX "$WORK/copy" || fail "copying mlfit where nobody can run it"
		NOBODY_MLFIT=$WORK/copy/mlfit DATADIR=$WORK/copy/share
	fi
	as_nobody "$NOBODY_MLFIT" measure --intensity 500 -o "$WORK/denied.csv" -- true \
		>"$WORK/out" 2>"$WORK/err"
	status=$?
	err=$(cat "$WORK/err")
	count=$((count + 1))
	expect_status 0 "RAPL denied"
	expect_err_match 'cannot read RAPL energy counters .*permission denied.*chmod o\+r .*using the CPU-time estimate' \
		"the warning names the fix and the fallback"
	[ "$(printf '%s\n' "$err" | grep -c RAPL)" = 1 ] || fail "one warning, not one per domain"
	[ "$(field mlfit_cpu_source "$WORK/denied.csv")" = estimated ] || fail "cpu estimated after denial"
	[ "$(field tracking_mode "$WORK/denied.csv")" = process ] || fail "process tracking after denial"
fi
finish
