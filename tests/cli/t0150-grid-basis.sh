#!/bin/sh
# t0150-grid-basis.sh — one consistent default basis for every region's grid
# intensity, the providers' own figures and market-based ones on request, and
# dataset, year and scope with every intensity (issue 8, item 8).
. "${srcdir:-.}/tests/cli/lib.sh"

# default (country): all 98 regions from one dataset, scope and level
run catalog list regions --format json
expect_ok "list regions" || finish
[ "$(json_get "sorted(set((r['grid_level'], r['grid_source'], r['grid_scope']) for r in j))")" = \
	"[('country', 'owid-carbon-intensity', 'lifecycle')]" ] ||
	fail "regions mix bases: $(json_get "sorted(set((r['grid_level'], r['grid_source'], r['grid_scope']) for r in j))")"
# so that AWS, Azure and Google in Sweden compare on the grid, not on the method
[ "$(json_get "sorted(set(r['grid_g_per_kwh'] for r in j if r['country'] == 'SE'))")" = "[35.82]" ] ||
	fail "Swedish regions differ on the country basis"
# and that figure is Sweden's own in data/grid.xml
run catalog show SE --format json
[ "$(json_get "(j['fields']['intensity']['value'], j['fields']['intensity']['source'])")" = "(35.82, 'owid-carbon-intensity')" ] ||
	fail "SE: $(json_get "j['fields']['intensity']")"

# provider: Google's own 2024 figure for europe-west4; market: x (1 - its 83 % CFE)
run --grid-basis provider catalog list regions --provider gcp --format json
[ "$(json_get "[(r['grid_g_per_kwh'], r['grid_source'], r['grid_year']) for r in j if r['id'] == 'gcp:europe-west4']")" = \
	"[(208.81, 'gcp-region-carbon-info', 2024)]" ] || fail "provider basis: europe-west4"
run catalog list regions --grid-basis market --format json
expect_ok "market basis" || finish
close_to "$(json_get "[r['grid_g_per_kwh'] for r in j if r['id'] == 'gcp:europe-west4'][0]")" "$(python3 -c 'print(208.81 * (1 - 0.83))')" 1e-4 ||
	fail "market basis: europe-west4 is not 208.81 x 0.17"
# a region whose provider publishes no carbon-free share keeps its location-based figure
[ "$(json_get "[(r['grid_g_per_kwh'], r['grid_scope']) for r in j if r['id'] == 'aws:us-east-1']")" = "[(379.069, 'not stated')]" ] ||
	fail "market basis: aws:us-east-1 $(json_get "[r for r in j if r['id'] == 'aws:us-east-1']")"

# estimates print dataset, year and scope with the intensity, and the basis
run -q estimate resnet50 --device nvidia-a100-sxm4-80gb --count 8 --region gcp:europe-west4
expect_out_match "^  grid intensity +[0-9.]+ g/kWh \\(country NL: owid-carbon-intensity 20[0-9][0-9], lifecycle\\)$" "estimate, country basis"
run -q estimate resnet50 --device nvidia-a100-sxm4-80gb --count 8 --region gcp:europe-west4 --grid-basis market --format json
[ "$(json_get "(round(j['grid']['g_per_kwh'], 2), j['grid']['grid_basis'], j['grid']['scope'], j['grid']['cfe'])")" = "(35.5, 'market', 'market-based', 0.83)" ] ||
	fail "estimate, market basis: $(json_get "j['grid']")"
run -q --grid-basis provider estimate resnet50 --device nvidia-a100-sxm4-80gb --count 8 --region gcp:europe-west4
expect_out_match "^  grid intensity +208\\.8 g/kWh \\(region gcp:europe-west4: gcp-region-carbon-info 2024, scope not stated\\)$" "estimate, provider basis"

# the basis applies to recommend as well, and a bad one is a usage error
run -q recommend resnet50 --epochs 90 --grid-basis provider --format json
expect_status 0 "recommend --grid-basis provider"
run estimate resnet50 --device nvidia-t4 --grid-basis hourly
expect_status 2 "bad basis" && expect_one_line_error "bad basis" &&
	expect_err_match "unknown grid basis 'hourly' \\(use country, provider or market\\)" "bad basis"

finish
