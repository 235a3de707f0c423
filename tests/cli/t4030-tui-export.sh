#!/bin/sh
# t4030-tui-export.sh — e writes the JSON `mlfit recommend --format json` prints for
# the same workload and constraints (its timings aside), whole, and says the path.
. "${srcdir:-.}/tests/cli/lib.sh"
. "${srcdir:-.}/tests/cli/tui-lib.sh"

tui_start -- resnet50 --train --epochs 90 --countries EU
if tui_wait '^ best: ' "first screen"; then
	tui_keys o o		# cost
	tui_wait 'objective cost \| optimal' "objective cost"
	tui_keys e
	if tui_wait 'exported the comparison to mlfit-recommend-[0-9TZ]+\.json' "export"; then
		path=$(tui_screen | sed -n 's/.*exported the comparison to \(mlfit-recommend-[0-9TZ]*\.json\).*/\1/p')
		[ -f "$WORK/$path" ] || fail "no file '$path'"
		ls "$WORK" | grep -q 'tmp' && fail "a temporary file was left: $(ls "$WORK")"
		"$MLFIT" recommend resnet50 --train --epochs 90 --countries EU --objective cost \
			--format json >"$WORK/want.json"
		"${PYTHON:-python3}" - "$WORK/$path" "$WORK/want.json" <<'PY' || fail "export differs from recommend's JSON"
import json, sys
got, want = (json.load(open(p)) for p in sys.argv[1:3])
for j in (got, want):
    j.pop("stats")
assert want["objective"] == "cost" and want["best"] is not None
sys.exit(0 if got == want else 1)
PY
	fi
fi
tui_stop
finish
