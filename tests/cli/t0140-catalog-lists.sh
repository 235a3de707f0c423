#!/bin/sh
# t0140-catalog-lists.sh — catalog list zones|sources|params, filters without
# case, validate in JSON and every kind of problem in one pass (issue 8,
# items 12 and 14).
. "${srcdir:-.}/tests/cli/lib.sh"

# zones: the eGRID subregions of the US carry their own intensity
run catalog list zones --format json
expect_ok "list zones" || finish
[ "$(json_get "len(j)")" -ge 5 ] || fail "list zones: fewer than 5 zones"
[ "$(json_get "sorted(set(r['country'] for r in j))")" != "[]" ] || fail "zones have no country"
run catalog list zones --country us --format csv
expect_ok "zones --country us" && expect_out_match "^US-SERC,.*,US," "zones of the US (lower case)"

# sources: every id a figure cites is listed, with its text
run catalog list sources --format json
expect_ok "list sources" &&
	[ "$(json_get "[r['id'] for r in j if r['id'] == 'owid-carbon-intensity'] == ['owid-carbon-intensity'] and all(r['text'] for r in j)")" = True ] ||
	fail "list sources: owid-carbon-intensity missing or a source without text"

# params: the estimation parameters with their units; the world average grid is in g/kWh
run catalog list params --format json
expect_ok "list params" &&
	[ "$(json_get "[(r['unit']) for r in j if r['id'] == 'grid.world-average']")" = "['g/kWh']" ] ||
	fail "list params: grid.world-average has no g/kWh unit: $(json_get "[r for r in j if r['id'] == 'grid.world-average']")"

# filters ignore case: --country se finds the Swedish regions, --provider AWS the AWS ones
run catalog list regions --country se --format json
expect_ok "--country se" &&
	[ "$(json_get "sorted(r['id'] for r in j)")" = "['aws:eu-north-1', 'azure:swedencentral', 'gcp:europe-north2']" ] ||
	fail "--country se: $(json_get "sorted(r['id'] for r in j)")"
run catalog list regions --country SE --format json
[ "$(json_get "len(j)")" = 3 ] || fail "--country SE: not the same 3 regions"
run catalog list instances --provider AWS --format json
expect_ok "--provider AWS" && [ "$(json_get "all(r['id'].startswith('aws:') for r in j) and len(j) > 0")" = True ] ||
	fail "--provider AWS: not the AWS instances"
run catalog list regions --provider awz
expect_status 2 "unknown provider" && expect_err_match "unknown provider 'awz'; did you mean 'aws'" "unknown provider"

# validate --format json: the shipped catalog has no problems
run catalog validate --format json
expect_ok "validate json" && [ "$(json_get "(j['ok'], j['problems'])")" = "(True, [])" ] ||
	fail "validate json: $out"

# a range problem (found on load) and a reference problem (found once all is
# loaded) come out of the same run, in JSON on stdout, status 3
run catalog validate --format json "$FIXTURES/bad/implausible-tdp.xml" "$FIXTURES/bad/dangling-accelerator.xml"
expect_status 3 "validate json with problems"
[ "$(json_get "j['ok']")" = False ] || fail "validate json: ok is not false"
[ "$(json_get "len(j['problems'])")" = 2 ] || fail "validate json: not 2 problems: $out"
json_get "[(p['file'].split('/')[-1], p['line']) for p in j['problems']]" | grep -q "('implausible-tdp.xml', 7), ('dangling-accelerator.xml', 8)" ||
	fail "validate json: problems at $(json_get "[(p['file'], p['line']) for p in j['problems']]")"
expect_err_match "^mlfit: 2 problems in the catalog" "validate json: the summary on stderr"
run catalog validate "$FIXTURES/bad/implausible-tdp.xml" "$FIXTURES/bad/dangling-accelerator.xml"
expect_status 3 "validate: two kinds of problem" &&
	expect_err_match "implausible-tdp\\.xml:7: tdp: '700 MW' is outside the plausible range" "range problem" &&
	expect_err_match "dangling-accelerator\\.xml:8: instance 'badcloud:i1': unknown device" "reference problem"
run catalog validate --format csv
expect_status 2 "validate --format csv"

finish
