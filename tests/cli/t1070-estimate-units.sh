#!/bin/sh
# t1070-estimate-units.sh — one unit per figure: ranges in their value's unit,
# "not counted" for what accounting leaves out, no ZFLOP, the currency once,
# thousands separators in tables only, and grammar (issue 8, item 13).
. "${srcdir:-.}/tests/cli/lib.sh"

# every "V U (L to H U)" line of an estimate has one unit, after the range
check_ranges() {
	printf '%s\n' "$out" | python3 -c "
import re, sys
bad = []
for line in sys.stdin:
    m = re.match(r'^  (\S.*?)  +(.*) \((.*) to (.*)\)$', line.rstrip())
    if not m:
        continue
    label, v, lo, hi = m.groups()
    vu = v.split(' ', 1)[1] if ' ' in v else ''
    if ' ' in lo or not hi.endswith(' ' + vu) or ' ' in hi[:-len(vu) - 1]:
        bad.append(line.strip())
if bad:
    sys.exit('; '.join(bad))
" || fail "$1: a range not in its value's unit"
}

run -q estimate resnet50 --device nvidia-k80 --count 1 --region aws:us-east-1
expect_status 0 "K80 estimate" && check_ranges "K80 estimate"
# the time is hours, and so is its range (it used to be "2.5 h (109.6 min to 4.6 h)")
# (3.284 h: the per-layer step of estimate_cnn.c at fp32, one epoch of ImageNet, its evaluation and overhead)
expect_out_match "^  time +3\\.284 h \\(2\\.35 to 4\\.641 h\\)$" "time range in hours"
# one device needs no sharding, and is not plural
expect_out_match "needs 38\\.87 GB on its one device; nvidia-k80 has 24 GB" "one device"
run -q estimate resnet50 --device nvidia-a100-sxm4-80gb --region aws:us-east-1
check_ranges "A100 estimate"
expect_out_match "^  cost +[0-9.]+ USD \\([0-9.]+ to [0-9.]+ USD\\)$" "the currency once"
expect_out_match "1 device needs 1 instance of 8, all 8 paid for; it is partly idle" "1 device, 1 instance"
run -q estimate resnet50 --device nvidia-a100-sxm4-80gb --count 12 --region aws:us-east-1
expect_out_match "12 devices need 2 instances of 8, all 16 paid for; the last is partly idle" "12 devices, 2 instances"

# GPT-3's work in FLOP as papers write it, not in ZFLOP
run -q estimate gpt3-175b --train --tokens 3e11 --device nvidia-v100-sxm2-32gb --count 1024 --region aws:us-east-1
expect_out_match "^  work +3\\.23e\\+23 FLOP$" "GPT-3 work"
case $out in *ZFLOP*) fail "ZFLOP in the output" ;; esac

# accounting mode counts no host and no embodied CO2e: it says so, not "0 g"
run estimate --device nvidia-v100-sxm2-32gb --count 8 --hours 10 --power 300 --region aws:us-east-1
expect_ok "accounting" && expect_out_match "^  CO2e, embodied +not counted$" "embodied not counted" &&
	expect_out_match "^  energy, hosts +not counted$" "hosts not counted"
case $out in *" 0 g"*|*" 0 J"*) fail "accounting prints a zero for what it does not count" ;; esac

# "an amount", not "a amount"
run estimate --flops 1e18x --device nvidia-t4
expect_status 2 "--flops 1e18x" && expect_err_match "expected an amount of work such as" "an amount"

# thousands separators in tables, plain numbers in CSV and JSON
cat >"$WORK/big-site.xml" <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<catalog version="1">
  <site id="big-site" sources="mlfit-example">
    <name>A site with very many servers</name>
    <country>SE</country>
    <pue>1.1</pue>
    <electricity-price>0.1 USD/kWh</electricity-price>
    <owned node="nvidia-dgx-a100-320gb" count="12000"/>
  </site>
</catalog>
XML
run --catalog "$WORK/big-site.xml" catalog list sites
expect_ok "list sites" && expect_out_match "^big-site .* 12,000 " "12,000 in the table"
run --catalog "$WORK/big-site.xml" catalog list sites --format csv
expect_out_match "^big-site,.*,12000," "12000 in CSV"
run --catalog "$WORK/big-site.xml" catalog list sites --format json
[ "$(json_get "[s['owned_nodes'] for s in j if s['id'] == 'big-site']")" = "[12000]" ] || fail "12000 in JSON"
# years keep their four digits
run catalog list devices
expect_out_match "^nvidia-t4 .* 2018 " "years without a separator"

# "1 workload"
cat >"$WORK/one.xml" <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<workloads version="1" horizon="1 y" objective="co2e">
  <train id="cnn" model="resnet50" epochs="90"/>
</workloads>
XML
run -q plan "$WORK/one.xml"
expect_out_match "^plan for 1 workload over " "1 workload"

finish
