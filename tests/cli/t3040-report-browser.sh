#!/bin/sh
# t3040-report-browser.sh — headless Chromium renders the plan report to PNG and to
# PDF without console errors; in the PDF (pdftotext) are every section title and
# the summary's figures, as the JSON has them.  Skipped (77) without chromium or
# pdftotext.
. "${srcdir:-.}/tests/cli/lib.sh"
command -v chromium >/dev/null 2>&1 || { echo "no chromium: skipped"; exit 77; }
command -v pdftotext >/dev/null 2>&1 || { echo "no pdftotext: skipped"; exit 77; }

run report plan "$srcdir/data/examples/portfolio.xml" --no-sensitivity -o "$WORK/plan.html"
expect_ok "plan report" || finish
run report plan "$srcdir/data/examples/portfolio.xml" --no-sensitivity -o "$WORK/plan.json"
expect_ok "plan JSON" || finish

browse() {	# browse OPTION: one headless run with a fresh profile
	rm -rf "$WORK/profile"
	timeout 120 chromium --headless --no-sandbox --disable-gpu --no-first-run \
		--disable-background-networking --disable-component-update --disable-sync \
		--disable-quic --user-data-dir="$WORK/profile" --enable-logging=stderr --v=0 \
		--window-size=1024,1400 --no-pdf-header-footer "$1" "file://$WORK/plan.html" \
		>>"$WORK/chromium.log" 2>&1
}
browse --screenshot="$WORK/plan.png" || fail "chromium --screenshot"
browse --print-to-pdf="$WORK/plan.pdf" || fail "chromium --print-to-pdf"
count=$((count + 2))
[ "$(head -c 8 "$WORK/plan.png" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ] ||
	fail "no PNG"
if grep -E 'CONSOLE|Uncaught|SyntaxError' "$WORK/chromium.log" >/dev/null; then
	fail "console messages: $(grep -E 'CONSOLE|Uncaught|SyntaxError' "$WORK/chromium.log")"
fi
pdftotext -layout "$WORK/plan.pdf" "$WORK/plan.txt" || fail "pdftotext"
count=$((count + 1))
for title in "1. Summary" "2. Inputs" "3. Options compared" "4. Cost and carbon trade-off" \
	"5. Buy vs rent" "6. Where the energy and CO2e go" "7. Sensitivity" \
	"8. Method and sources" "9. Data appendix"; do
	grep -qF "$title" "$WORK/plan.txt" || fail "the PDF has no '$title'"
	count=$((count + 1))
done
pages=$(pdfinfo "$WORK/plan.pdf" | sed -n 's/^Pages: *//p')
[ "${pages:-0}" -ge 3 ] || fail "the PDF has $pages pages"
python3 - "$WORK/plan.json" "$WORK/plan.txt" <<'PY' || fail "the summary's figures in the PDF"
import json, sys
p = json.load(open(sys.argv[1]))["result"]["plan"]
text = open(sys.argv[2]).read()
def n(v):
    return "%.0f" % v if abs(v) >= 1e4 else "%.4g" % v
want = "the plan emits %s kg CO2e, uses %s kWh and costs %s USD" % (
    n(p["co2e_kg"]), n(p["energy_kwh"]), n(p["cost_usd"]))
flat = " ".join(text.split())
assert want in flat, want
PY
count=$((count + 1))
finish
