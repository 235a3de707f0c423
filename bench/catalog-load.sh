#!/bin/sh
# bench/catalog-load.sh — loading against the XML parse floor (issue 14).
#
# The reference is `xmllint --noout` of the very files mlfit reads, run in
# the same benchmark: what parsing them costs at all, with no schema, no
# units and no checks.  Two commands are measured against it:
#   catalog list                              target <= 1.5 x (the 14 catalog files)
#   recommend --model resnet50 --train --epochs 90   target <= 3 x (those and resnet50.xml)
# Wall clock: the median of paired runs (mlfit, then xmllint, alternating,
# so both see the same load on a shared machine).  Instruction counts
# (callgrind, repeatable to the last digit) when valgrind is installed.
# Exits 1 if a target is missed by the instruction counts (or, without
# valgrind, by the wall clock).
set -eu
: "${MLFIT:?set MLFIT to the mlfit binary}"
export LC_ALL=C XDG_DATA_HOME=/nonexistent
RUNS=${RUNS:-21}

if ! command -v xmllint >/dev/null 2>&1; then
	echo "catalog-load: xmllint is not installed (libxml2-utils); no reference, skipped"
	exit 0
fi
# the build tree's mlfit reads the source tree's files; an installed one, MLFIT_DATADIR's
datadir=${MLFIT_DATADIR:-${srcdir:-.}}
catalog_files=$(ls "$datadir"/catalog/*.xml "$datadir"/data/*.xml)
model_file=$datadir/data/models/resnet50.xml
echo "catalog: $(echo "$catalog_files" | wc -l | tr -d ' ') files in $datadir," \
	"$(wc -c $catalog_files | tail -1 | awk '{print $1}') bytes"

LIST="$MLFIT catalog list"
REC="$MLFIT recommend --model resnet50 --train --epochs 90"
# shellcheck disable=SC2086
XL_LIST="xmllint --noout $(echo $catalog_files)"
XL_REC="$XL_LIST $model_file"

# median_ratio CMD REF: median over RUNS pairs of wall-clock(CMD) / wall-clock(REF)
median_ratio() {
	python3 - "$RUNS" "$1" "$2" <<'PY'
import shlex, statistics, subprocess, sys, time
runs, cmd, ref = int(sys.argv[1]), shlex.split(sys.argv[2]), shlex.split(sys.argv[3])
def once(argv):
    t = time.perf_counter()
    subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - t
once(cmd); once(ref)	# warm the page cache
pairs = [(once(cmd), once(ref)) for _ in range(runs)]
ratios = sorted(c / r for c, r in pairs)
print("%.2f %.1f %.1f" % (statistics.median(ratios),
                          1e3 * statistics.median(c for c, _ in pairs),
                          1e3 * statistics.median(r for _, r in pairs)))
PY
}

# instructions ARGV...: callgrind's instruction count of one run
instructions() {
	valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1 >/dev/null |
		sed -n 's/.*refs: *//p' | tr -d ','
}

bad=0
# report NAME CMD REF TARGET
report() {
	set -- "$1" "$2" "$3" "$4" "$(median_ratio "$2" "$3")"
	wall=${5%% *}
	rest=${5#* }
	echo "$1: wall clock ${wall} x xmllint (median of $RUNS pairs; ${rest% *} ms against ${rest#* } ms), target $4 x"
	verdict=$wall
	if command -v valgrind >/dev/null 2>&1; then
		# shellcheck disable=SC2086
		ir=$(instructions $2)
		# shellcheck disable=SC2086
		ir_ref=$(instructions $3)
		verdict=$(python3 -c "print('%.2f' % ($ir / $ir_ref))")
		echo "$1: instructions ${verdict} x xmllint ($(python3 -c "print('%.1f M against %.1f M' % ($ir / 1e6, $ir_ref / 1e6))"))"
	fi
	if python3 -c "import sys; sys.exit(0 if $verdict <= $4 else 1)"; then
		echo "$1: target met"
	else
		echo "$1: TARGET MISSED ($verdict x > $4 x)"
		bad=1
	fi
}

report "catalog list" "$LIST" "$XL_LIST" 1.5
report "recommend resnet50" "$REC" "$XL_REC" 3
peak=$( { /usr/bin/time -f '%M' $LIST >/dev/null; } 2>&1 || echo "?")
echo "catalog list: peak RSS $peak KiB"
exit $bad
