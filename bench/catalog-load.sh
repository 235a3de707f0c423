#!/bin/sh
# bench/catalog-load.sh — how long loading the whole shipped catalog takes.
#
# Times `mlfit catalog list` (which loads, schema-checks and resolves every
# catalog and data file, then prints a dozen lines), so the figure is an
# upper bound on the load itself.  Target (issue 2): under 50 ms.
set -eu
: "${MLFIT:?set MLFIT to the mlfit binary}"
export LC_ALL=C XDG_DATA_HOME=/nonexistent

files=$("$MLFIT" catalog validate | sed 's/ files.*//')
echo "catalog: $files files, $("$MLFIT" catalog list --format csv | tr '\n' ' ')"
if command -v hyperfine >/dev/null 2>&1; then
	hyperfine -N --warmup 3 --runs 30 --export-json /tmp/mlfit-bench-load.json \
		"$MLFIT catalog list" >/dev/null
	python3 -c "import json; r=json.load(open('/tmp/mlfit-bench-load.json'))['results'][0]; \
print('load + list: mean %.1f ms, min %.1f ms, max %.1f ms over %d runs (target 50 ms)' % \
(r['mean']*1e3, r['min']*1e3, r['max']*1e3, len(r['times'])))"
else
	start=$(date +%s%N)
	for _ in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
		"$MLFIT" catalog list >/dev/null
	done
	end=$(date +%s%N)
	echo "load + list: mean $(( (end - start) / 20000000 )) ms over 20 runs (target 50 ms)"
fi
peak=$( { /usr/bin/time -f '%M' "$MLFIT" catalog list >/dev/null; } 2>&1 )
echo "peak RSS: $peak KiB"
