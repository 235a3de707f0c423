#!/bin/sh
# t3020-report-recommend-estimate.sh — `mlfit report recommend` and `report
# estimate` in every format: numbers equal the JSON, the charts are there, the
# paper paragraph and model card carry the run's figures; Strubell et al. 2019's
# Transformer (big) in accounting mode reproduces the published 0.201 MWh and
# 87.1 kg CO2e and counts no embodied CO2e.
. "${srcdir:-.}/tests/cli/lib.sh"

report() {	# report KIND NAME ARGS...: all four formats, then the checker
	kind=$1 name=$2
	shift 2
	for f in json md tex html; do
		run report "$kind" "$@" -o "$WORK/$name.$f"
		expect_ok "$name report, $f" || return 1
	done
	python3 "$srcdir/tests/cli/check_report.py" "$kind" "$WORK/$name.json" "$WORK/$name.md" \
		"$WORK/$name.tex" "$WORK/$name.html" || fail "$name report"
	count=$((count + 1))
}

report recommend rec resnet50 --epochs 90 --deadline 24h --experiments 5
run recommend resnet50 --epochs 90 --deadline 24h --format json
expect_ok "recommend JSON" && printf '%s' "$out" >"$WORK/plain.json"
python3 - "$WORK/rec.json" "$WORK/plain.json" <<'PY' || fail "recommend report vs recommend"
import json, sys
j = json.load(open(sys.argv[1]))
p = json.load(open(sys.argv[2]))
assert j["result"]["best"]["candidate"] == p["best"]["candidate"]
card = j["derived"]["model_card"]
best = j["result"]["best"]
assert card["experiments"] == 5
assert abs(card["final_co2e_kg"] - best["co2e_kg"]["total"]) < 1e-12
assert abs(card["all_co2e_kg"] - 5 * best["co2e_kg"]["total"]) < 1e-9
# the JSON prints 10 significant digits: equal to that, relative (the run is hours long)
assert abs(card["all_hours"] / (5 * best["time_s"] / 3600) - 1) < 1e-9
assert len(j["result"]["alternatives"]) >= 5     # the report asks for options to compare
PY
count=$((count + 1))

report estimate est resnet50 --train --epochs 90 --device nvidia-t4 --count 8 --region aws:us-east-1
# embodied by hand: g4dn.metal's 3010.79 kg (catalog/aws.xml, CCF) over lifetime.server's
# 4 years (data/defaults.xml), for the run's wall time (which includes train.goodput)
python3 - "$WORK/est.json" "$WORK/est.tex" <<'PY' || fail "estimate paragraph: embodied"
import json, sys
r = json.load(open(sys.argv[1]))["result"]
tex = open(sys.argv[2]).read()
want = 3010.79 * r["time_s"] / (4 * 365.25 * 86400)
assert r["candidate"]["instance"] == "aws:g4dn.metal" and r["candidate"]["instances"] == 1, r
assert abs(r["co2e_kg"]["embodied"] - want) < 1e-9 * want, (r["co2e_kg"], want)
assert "of which %.4g~kg are embodied" % want in tex, (want, tex[tex.find("of which"):][:60])
PY
count=$((count + 1))

# Strubell et al. 2019, Table 3, Transformer (big): 84 h on 8 P100, 0.201 MWh, 192 lbs = 87.1 kg
report estimate acct --device nvidia-p100-sxm2-16gb --count 8 --hours 84 --power 189.429 \
	--pue 1.58 --intensity 432.7 --experiments 10
python3 - "$WORK/acct.json" <<'PY' || fail "accounting report"
import json, sys
j = json.load(open(sys.argv[1]))
card, tex = j["derived"]["model_card"], j["derived"]["paragraph_latex"]
assert abs(card["final_energy_kwh"] - 201) / 201 < 0.01, card
assert abs(card["final_co2e_kg"] - 87.09) / 87.09 < 0.01, card
assert abs(card["all_co2e_kg"] - 10 * card["final_co2e_kg"]) < 1e-9
assert "embodied emissions of the hardware are not counted" in tex and "of which" not in tex
assert "took 84~hours" in tex and "201.1 kWh" in tex and "87.03 kg CO$_2$e" in tex, tex
PY
count=$((count + 1))
grep -q '^Training the model took 84 hours on 8 Tesla P100' "$WORK/acct.md" ||
	fail "the Markdown paragraph"
count=$((count + 1))
finish
