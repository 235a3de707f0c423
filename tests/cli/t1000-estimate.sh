#!/bin/sh
# t1000-estimate.sh — `mlfit estimate`: outputs, placements, inference, op-cost.
. "${srcdir:-.}/tests/cli/lib.sh"

A100="--device nvidia-a100-sxm4-80gb --count 8 --region gcp:europe-west4"
EST="$FIXTURES/estimate"

# no output may ever hold NaN or infinity
no_nan() {
	if printf '%s\n' "$out" | grep -Eiq '(^|[^a-z])(nan|inf|infinity)([^a-z]|$)'; then
		fail "$1: NaN or infinity in the output"
	fi
}

# ---- the issue's example, in every format ----

run estimate --model resnet50 --train --samples 1281167 --epochs 90 $A100 --format json
expect_ok "resnet50 on 8 A100" || finish
no_nan "json"
for key in time_s device_hours fits assumptions cost_usd time_s_low time_s_high \
	energy_kwh_low energy_kwh_high co2e_kg_low co2e_kg_high; do
	[ "$(json_get "'$key' in j")" = True ] || fail "json has no $key"
done
for key in device host it facility; do
	[ "$(json_get "j['energy_kwh']['$key'] > 0")" = True ] || fail "energy_kwh.$key"
done
for key in operational embodied total; do
	[ "$(json_get "j['co2e_kg']['$key'] > 0")" = True ] || fail "co2e_kg.$key"
done
[ "$(json_get "j['candidate']['instance']")" = "gcp:a2-ultragpu-8g" ] ||
	fail "8 A100-80GB in gcp:europe-west4 should be one a2-ultragpu-8g"
# the default grid basis: the country's figure from one dataset, with its scope
[ "$(json_get "(j['grid']['grid_basis'], j['grid']['basis'], j['grid']['source'], j['grid']['scope'])")" = "('country', 'country', 'owid-carbon-intensity', 'lifecycle')" ] ||
	fail "grid basis: $(json_get "j['grid']")"
[ "$(json_get "j['fits'] and j['cost_usd'] > 0 and len(j['assumptions']) >= 8")" = True ] ||
	fail "fits, cost and assumptions"
[ "$(json_get "all(j[k+'_low'] <= j[k] <= j[k+'_high'] for k in ['time_s','cost_usd'])")" = True ] ||
	fail "low <= value <= high for time and cost"
[ "$(json_get "all(j['energy_kwh_low'][k] <= j['energy_kwh'][k] <= j['energy_kwh_high'][k] for k in j['energy_kwh'])")" = True ] ||
	fail "low <= value <= high for energy"
[ "$(json_get "all(j['co2e_kg_low'][k] <= j['co2e_kg'][k] <= j['co2e_kg_high'][k] for k in j['co2e_kg'])")" = True ] ||
	fail "low <= value <= high for CO2e"
# the parts add up: IT = devices + hosts, facility = IT x PUE, CO2e = facility x intensity
[ "$(json_get "abs(j['energy_kwh']['it'] - j['energy_kwh']['device'] - j['energy_kwh']['host']) < 1e-9 * j['energy_kwh']['it']")" = True ] ||
	fail "IT energy is not devices + hosts"
[ "$(json_get "abs(j['energy_kwh']['facility'] - j['pue'] * j['energy_kwh']['it']) < 1e-9 * j['energy_kwh']['it']")" = True ] ||
	fail "facility energy is not IT x PUE"
[ "$(json_get "abs(j['co2e_kg']['operational'] - j['energy_kwh']['facility'] * j['grid']['g_per_kwh'] / 1000) < 1e-6 * j['co2e_kg']['operational']")" = True ] ||
	fail "operational CO2e is not facility energy x intensity"
# 3 x 2 x 4.089 GMAC x 1,281,167 images x 90 epochs
close_to "$(json_get "j['flops']")" "$(python3 -c 'print(3*2*4.0895e9*1281167*90)')" 0.01 ||
	fail "training FLOPs"

run estimate --model resnet50 --train --samples 1281167 --epochs 90 $A100
expect_ok "table" && expect_out_match '^training on 8 x nvidia-a100-sxm4-80gb \(gcp:a2-ultragpu-8g\) in gcp:europe-west4$' "table header" &&
	expect_out_match '^  CO2e, total ' "table CO2e" && expect_out_match '^assumptions:$' "table assumptions"
no_nan "table"

run estimate --model resnet50 --train --epochs 90 $A100 --format csv
expect_ok "csv (samples from the zoo's ImageNet)" || finish
[ "$(printf '%s\n' "$out" | wc -l)" -eq 2 ] || fail "csv is a header and one row"
[ "$(printf '%s\n' "$out" | head -1 | tr ',' '\n' | wc -l)" = "$(printf '%s\n' "$out" | tail -1 | tr ',' '\n' | wc -l)" ] ||
	fail "csv header and row differ in width"

run estimate --model resnet50 --train --epochs 90 $A100 --format latex
expect_ok "latex" && expect_out_match 'is estimated to take [0-9.]+~hours on 8~A100 SXM4 80GB devices in gcp:europe-west4' "latex hardware" &&
	expect_out_match 'CO\$_2\$e' "latex CO2e"

# ---- accounting: a region supplies PUE and intensity ----

run estimate --device nvidia-v100-sxm2-32gb --count 64 --hours 79.2 --power 188.149 --region gcp:us-central1 --format json
expect_ok "accounting in a region" || finish
close_to "$(json_get "j['energy_kwh']['it']")" "$(python3 -c 'print(64*79.2*188.149/1000)')" 1e-9 || fail "accounting IT energy"
[ "$(json_get "j['pue']")" = "1.11" ] || fail "accounting takes the region's own PUE (us-central1: 1.11)"
[ "$(json_get "j['method']")" = "accounting" ] || fail "accounting method"

# ---- inference ----

run estimate --model bert-base --infer --rate 200 --duration 30d --latency-slo 50ms \
	--device nvidia-t4 --count 4 --region aws:us-east-1 --format json
expect_ok "serving BERT" || finish
no_nan "inference json"
[ "$(json_get "j['inference']['meets_slo'] and j['inference']['replicas'] == 4")" = True ] || fail "4 replicas meet the SLO"
close_to "$(json_get "j['time_s']")" 2592000 1e-12 || fail "a 30-day service runs 30 days"
[ "$(json_get "j['candidate']['instance'] is not None and j['cost_usd'] > 0")" = True ] || fail "T4 instance priced"

# ---- op-cost on Eyeriss: AlexNet CONV layers, 1 h at 35 frames/s = 126,000 frames ----
# Chen et al. 2017 measured 278 mW: 1000.8 J of chip energy in that hour.

run estimate "$EST/alexnet-conv-eyeriss.xml" --infer --requests 126000 --batch 4 \
	--device mit-eyeriss-v1 --energy-method opcost --precision int16 --format json -q
expect_ok "Eyeriss op-cost" || finish
got=$(json_get "j['energy_kwh']['device'] * 3.6e6")
lo=$(json_get "j['energy_kwh_low']['device'] * 3.6e6")
hi=$(json_get "j['energy_kwh_high']['device'] * 3.6e6")
python3 -c "import sys; sys.exit(0 if $lo <= 1000.8 <= $hi else 1)" ||
	fail "Eyeriss: 1000.8 J is outside the op-cost range $lo to $hi J"
close_to "$got" 1000.8 0.15 || fail "Eyeriss: op-cost $got J is not within 15 % of 1000.8 J"
count=$((count + 1))

# ---- a precision the device lacks: fall back, and say so ----

run estimate --model resnet50 --train --epochs 1 --precision fp8 --device nvidia-v100-sxm2-32gb --count 8 --region aws:us-east-1 --format json
expect_status 0 "fp8 on a V100" &&
	expect_err_match "warning: runs at fp16 \(nvidia-v100-sxm2-32gb has no fp8 peak\)" "precision fallback warning"
[ "$(json_get "[a['value'] for a in j['assumptions'] if a['name'] == 'precision'][0].startswith('fp16')")" = True ] ||
	fail "the fallback is among the assumptions"

# ---- fit ----

run estimate --model gpt3-175b --train --tokens 3e11 --device nvidia-a100-sxm4-80gb --count 8 --region gcp:us-central1 --format json
expect_status 0 "GPT-3 on 8 GPUs still estimates" &&
	expect_err_match "warning: the model does not fit: needs .* per device in the smallest layout" "fit warning"
[ "$(json_get "j['fits']")" = False ] || fail "GPT-3 does not fit 8 A100s"

# ---- bad input: one line, exit 2 (command line) or 3 (data) ----

bad() {	# bad STATUS REGEX ARGS...
	want=$1 regex=$2
	shift 2
	run "$@"
	expect_status "$want" "$*" && expect_one_line_error "$*" && expect_err_match "$regex" "$*"
	[ -z "$out" ] || fail "$*: wrote to stdout"
}

bad 2 "unknown device 'nvidia-a100'; did you mean 'nvidia-a100-" estimate --model resnet50 --train --device nvidia-a100 --region gcp:europe-west4
bad 2 "unknown region 'gcp:europe-west9x'; did you mean 'gcp:europe-west9'" estimate --model resnet50 --train --device nvidia-t4 --region gcp:europe-west9x
bad 2 "--count must be a whole number from 1 to 1000000, not '0'" estimate --model resnet50 --train --device nvidia-t4 --count 0
bad 2 "--count must be a whole number from 1 to 1000000, not '2.5'" estimate --model resnet50 --train --device nvidia-t4 --count 2.5
bad 2 "--hours must be greater than 0" estimate --device nvidia-t4 --hours -5 --power 70
bad 2 "--power: expected a power such as '700 W', got '70 kg'" estimate --device nvidia-t4 --hours 5 --power '70 kg'
bad 2 "--hours needs --power" estimate --device nvidia-t4 --hours 5
bad 2 "--flops 1e30 is beyond any real workload" estimate --flops 1e30 --device nvidia-t4
bad 2 "the job would take .* on 1 x nvidia-t4" estimate --flops 1e28 --device nvidia-t4 -q
bad 2 "aws:p4d.24xlarge has nvidia-a100-sxm4-40gb, not nvidia-t4" estimate --model resnet50 --train --instance aws:p4d.24xlarge --device nvidia-t4 --region aws:us-east-1
bad 2 "gcp:us-central1 is not a region of aws" estimate --model resnet50 --train --instance aws:p4d.24xlarge --region gcp:us-central1
bad 2 "say what to run on" estimate --model resnet50 --train
bad 2 "--rate needs --duration" estimate --model resnet50 --infer --rate 10 --device nvidia-t4
bad 2 "--latency-slo: expected a time such as '48 h', got 'soon'" estimate --model resnet50 --infer --requests 10 --latency-slo soon --device nvidia-t4
bad 2 "--energy-method must be power or opcost" estimate --model resnet50 --train --device nvidia-t4 --energy-method guess
bad 2 "no per-operation energies" estimate --model resnet50 --train --device nvidia-t4 --energy-method opcost -q
bad 3 "device 'aws-trainium' has no published TDP" estimate --model resnet50 --train --device aws-trainium --count 16 -q

finish
