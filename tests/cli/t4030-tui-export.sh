#!/bin/sh
# t4030-tui-export.sh — e writes the report `mlfit report recommend` writes for the
# same workload and constraints: HTML whose data appendix holds the JSON `mlfit
# recommend --format json` prints (its timings aside), whole, and says the path.
. "${srcdir:-.}/tests/cli/lib.sh"
. "${srcdir:-.}/tests/cli/tui-lib.sh"

tui_start -- resnet50 --train --epochs 90 --countries EU
if tui_wait '^ best: ' "first screen"; then
	tui_keys o o		# cost
	tui_wait 'objective cost \| optimal' "objective cost"
	tui_keys e
	if tui_wait 'exported the comparison to mlfit-recommend-[0-9TZ]+\.html' "export"; then
		path=$(tui_screen | sed -n 's/.*exported the comparison to \(mlfit-recommend-[0-9TZ]*\.html\).*/\1/p')
		[ -f "$WORK/$path" ] || fail "no file '$path'"
		ls "$WORK" | grep -q 'tmp' && fail "a temporary file was left: $(ls "$WORK")"
		# a recommend report compares the next best and the cost front
		"$MLFIT" recommend resnet50 --train --epochs 90 --countries EU --objective cost \
			--top 9 --pareto=cost --format json >"$WORK/want.json"
		"${PYTHON:-python3}" - "$WORK/$path" "$WORK/want.json" <<'PY' || fail "the export's data appendix differs from recommend's JSON"
import json, re, sys
html = open(sys.argv[1]).read()
assert html.lstrip().startswith("<!DOCTYPE html") or "<html" in html[:500]
m = re.search(r'<script type="application/json"[^>]*>(.*?)</script>', html, re.S)
got = json.loads(m.group(1))["result"]
want = json.load(open(sys.argv[2]))
for j in (got, want):
    j.pop("stats")
assert want["objective"] == "cost" and want["best"] is not None
sys.exit(0 if got == want else 1)
PY
	fi
fi
tui_stop
finish
