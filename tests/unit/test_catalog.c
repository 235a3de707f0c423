/*
 * test_catalog.c — loading, overlays, semantic checks and grid lookups.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "catalog.h"
#include "digest.h"
#include "helpers.h"

#define SCHEMA source_path("catalog/catalog.rng")

static struct catalog *
load_mini(void)
{
	struct catalog *cat = catalog_new();
	struct mlf_err err;

	mlf_err_init(&err);
	if (catalog_load(cat, fixture_path("catalog/mini.xml"), SCHEMA, &err) < 0 ||
	    catalog_finish(cat, &err) < 0)
		fail_msg("%s", err.msg);
	return cat;
}

/* Writes text to a temporary file; returns its path (static buffer). */
static const char *
temp_xml(const char *text)
{
	static char path[64];
	FILE *f;
	int fd;

	snprintf(path, sizeof(path), "/tmp/mlfit-test-XXXXXX");
	fd = mkstemp(path);
	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	fputs(text, f);
	fclose(f);
	return path;
}

/* Loads mini.xml plus an overlay text; returns the error of the first failing step. */
static int
load_with(const char *overlay, struct mlf_err *err, struct catalog **out)
{
	struct catalog *cat = catalog_new();
	const char *path = temp_xml(overlay);
	int rc;

	rc = catalog_load(cat, fixture_path("catalog/mini.xml"), SCHEMA, err);
	if (rc == 0)
		rc = catalog_load(cat, path, SCHEMA, err);
	if (rc == 0)
		rc = catalog_finish(cat, err);
	unlink(path);
	*out = cat;
	return rc;
}

static void
test_catalog_load__values_in_si(void **state)
{
	struct catalog *cat = load_mini();
	const struct cat_device *d = catalog_find_device(cat, "t-gpu");

	(void)state;
	assert_non_null(d);
	assert_int_equal(d->kind, KIND_GPU);
	assert_close(d->tdp.v, 400, 1e-12);
	assert_close(d->idle.v, 50, 1e-12);
	assert_string_equal(d->idle.source, "t-src");
	assert_int_equal(d->idle.year, 2023);
	assert_close(d->memory.v, 80e9, 1e-12);
	assert_close(d->bandwidth.v, 2e12, 1e-12);
	assert_close(d->peak[PREC_BF16].v, 300e12, 1e-12);
	assert_false(d->peak[PREC_FP16].set);
	assert_close(d->process.v, 7e-9, 1e-12);
	assert_true(d->at.line > 0);
	assert_null(catalog_find_device(cat, "nope"));
	catalog_free(cat);
}

static void
test_catalog_finish__resolves_references(void **state)
{
	struct catalog *cat = load_mini();
	const struct cat_instance *in = catalog_find_instance(cat, "tc:t8");
	const struct cat_region *r = catalog_find_region(cat, "tc:r-own");
	const struct cat_site *s = catalog_find_site(cat, "t-site");
	const struct cat_price *p;

	(void)state;
	assert_non_null(in);
	assert_non_null(r);
	assert_ptr_equal(in->body.accel, catalog_find_device(cat, "t-gpu"));
	assert_ptr_equal(r->provider, catalog_find_provider(cat, "tc"));
	assert_string_equal(r->full_id, "tc:r-own");
	p = catalog_instance_price(in, r);
	assert_non_null(p);
	assert_close(p->price.v * 3600, 20, 1e-12);
	assert_close(p->spot.v * 3600, 10, 1e-12);
	assert_string_equal(p->date, "2025-07");
	assert_null(catalog_instance_price(in, catalog_find_region(cat, "tc:r-mix")));
	assert_ptr_equal(s->owned[0].node, catalog_find_node(cat, "t-node"));
	assert_ptr_equal(catalog_find_node(cat, "t-node")->body.cpu, catalog_find_device(cat, "t-cpu"));
	assert_null(catalog_find_region(cat, "tc"));
	assert_null(catalog_find_region(cat, "xx:r-own"));
	catalog_free(cat);
}

static void
test_catalog_grid__each_level(void **state)
{
	struct catalog *cat = load_mini();
	struct grid_lookup g;

	(void)state;
	assert_int_equal(catalog_grid_intensity(cat, catalog_find_region(cat, "tc:r-own"),
						NULL, NULL, &g, NULL), 0);
	assert_int_equal(g.level, GRID_REGION);
	assert_close(g.g_per_j * 3.6e6, 300, 1e-12);
	assert_string_equal(g.source, "t-grid");
	assert_int_equal(g.year, 2024);

	assert_int_equal(catalog_grid_intensity(cat, catalog_find_region(cat, "tc:r-zone"),
						NULL, NULL, &g, NULL), 0);
	assert_int_equal(g.level, GRID_ZONE);
	assert_close(g.g_per_j * 3.6e6, 100, 1e-12);

	assert_int_equal(catalog_grid_intensity(cat, catalog_find_region(cat, "tc:r-country"),
						NULL, NULL, &g, NULL), 0);
	assert_int_equal(g.level, GRID_COUNTRY);
	assert_close(g.g_per_j * 3.6e6, 56, 1e-12);
	assert_close(g.low * 3.6e6, 40, 1e-12);
	assert_close(g.high * 3.6e6, 80, 1e-12);

	/* Σ share × intensity: 0.5 × 995 + 0.5 × 26 */
	assert_int_equal(catalog_grid_intensity(cat, catalog_find_region(cat, "tc:r-mix"),
						NULL, NULL, &g, NULL), 0);
	assert_int_equal(g.level, GRID_MIX);
	assert_close(g.g_per_j * 3.6e6, 510.5, 1e-12);

	assert_int_equal(catalog_grid_intensity(cat, NULL, "ZZ", NULL, &g, NULL), 0);
	assert_int_equal(g.level, GRID_WORLD);
	assert_close(g.g_per_j * 3.6e6, 475, 1e-12);
	catalog_free(cat);
}

/* The grid basis: one dataset for all (country), the places' own, or market-based. */
static void
test_catalog_place__each_basis(void **state)
{
	struct catalog *cat = load_mini();
	const struct cat_region *own = catalog_find_region(cat, "tc:r-own");
	const struct cat_region *zone = catalog_find_region(cat, "tc:r-zone");
	struct grid_lookup g;

	(void)state;
	/* the default: every region its country's figure (DE 380), not its own 300 */
	assert_int_equal(cat->grid_basis, GRID_BASIS_COUNTRY);
	assert_int_equal(catalog_place_intensity(cat, own, NULL, NULL, &g, NULL), 0);
	assert_int_equal(g.level, GRID_COUNTRY);
	assert_int_equal(g.basis, GRID_BASIS_COUNTRY);
	assert_close(g.g_per_j * 3.6e6, 380, 1e-12);
	assert_int_equal(g.year, 2023);
	assert_int_equal(catalog_place_intensity(cat, zone, NULL, NULL, &g, NULL), 0);
	assert_close(g.g_per_j * 3.6e6, 380, 1e-12);	/* the zone is not used */
	/* a site: its country too */
	assert_int_equal(catalog_place_intensity(cat, NULL, "DE", "DE-N", &g, NULL), 0);
	assert_close(g.g_per_j * 3.6e6, 380, 1e-12);

	cat->grid_basis = GRID_BASIS_PROVIDER;
	assert_int_equal(catalog_place_intensity(cat, own, NULL, NULL, &g, NULL), 0);
	assert_int_equal(g.level, GRID_REGION);
	assert_close(g.g_per_j * 3.6e6, 300, 1e-12);
	assert_close(g.cfe, 0, 0);
	assert_int_equal(catalog_place_intensity(cat, zone, NULL, NULL, &g, NULL), 0);
	assert_close(g.g_per_j * 3.6e6, 100, 1e-12);

	/* market: 300 × (1 − 25 % carbon-free) = 225; without a share, location-based */
	cat->grid_basis = GRID_BASIS_MARKET;
	assert_int_equal(catalog_place_intensity(cat, own, NULL, NULL, &g, NULL), 0);
	assert_close(g.g_per_j * 3.6e6, 225, 1e-12);
	assert_close(g.cfe, 0.25, 1e-12);
	assert_string_equal(g.scope, "market-based");
	assert_int_equal(catalog_place_intensity(cat, zone, NULL, NULL, &g, NULL), 0);
	assert_close(g.g_per_j * 3.6e6, 100, 1e-12);
	assert_close(g.cfe, 0, 0);
	catalog_free(cat);
}

static void
test_catalog_load__overlay_replaces_by_id(void **state)
{
	struct catalog *cat = catalog_new();
	struct mlf_err err;
	struct grid_lookup g;
	const struct cat_device *d;

	(void)state;
	assert_int_equal(catalog_load(cat, fixture_path("catalog/mini.xml"), SCHEMA, &err), 0);
	assert_int_equal(catalog_load(cat, fixture_path("catalog/overlay.xml"), SCHEMA, &err), 0);
	assert_int_equal(catalog_finish(cat, &err), 0);
	assert_int_equal(cat->ndevices, 2);
	d = catalog_find_device(cat, "t-gpu");
	assert_close(d->tdp.v, 350, 1e-12);
	assert_false(d->idle.set);	/* replaced wholesale, not merged */
	assert_string_equal(d->name, "TG-1 (measured)");
	assert_int_equal(catalog_grid_intensity(cat, NULL, "ZZ", NULL, &g, NULL), 0);
	assert_close(g.g_per_j * 3.6e6, 500, 1e-12);
	catalog_free(cat);
}

static void
test_catalog_param__dimension_checked(void **state)
{
	struct catalog *cat = load_mini();
	struct figure f;
	struct mlf_err err;

	(void)state;
	assert_int_equal(catalog_param(cat, "efficiency.test", DIM_NONE, &f, &err), 0);
	assert_close(f.v, 0.4, 1e-12);
	assert_close(f.low, 0.2, 1e-12);
	assert_close(f.high, 0.5, 1e-12);
	assert_int_equal(catalog_param(cat, "efficiency.test", DIM_POWER, &f, &err), -1);
	assert_non_null(strstr(err.msg, "must be a power"));
	assert_int_equal(catalog_param(cat, "no.such", DIM_NONE, &f, &err), -1);
	assert_non_null(strstr(err.msg, "no parameter 'no.such'"));
	catalog_free(cat);
}

/* Each semantic problem is caught, with a message naming it. */
static void
test_catalog_finish__semantic_problems(void **state)
{
	static const struct {
		const char *xml, *expect;
	} cases[] = {
		{ "<catalog><node id='n2' sources='t-src'><accelerator ref='t-gpx' count='1'/></node></catalog>",
		  "unknown device 't-gpx' (did you mean 't-gpu'?)" },
		{ "<catalog><device id='d' kind='gpu' sources='t-src'><vendor>x</vendor><name>x</name>"
		  "<year>2020</year><tdp>100 W</tdp><idle>150 W</idle><peak precision='fp32'>1 TFLOP/s</peak>"
		  "</device></catalog>",
		  "idle power 150 W is above its TDP 100 W" },
		{ "<catalog><provider id='p2' sources='t-src'><name>x</name><pue>1.1</pue>"
		  "<region id='r'><country>DE</country></region>"
		  "<instance id='i'><accelerator ref='t-gpu' count='1'/><price region='r'>1 USD/h</price></instance>"
		  "</provider></catalog>",
		  "price for 'r' has no date" },
		{ "<catalog><provider id='p2' sources='t-src'><name>x</name><pue>1.1</pue>"
		  "<region id='r'><country>QQ</country></region></provider></catalog>",
		  "region 'p2:r': unknown country 'QQ', so no carbon intensity" },
		{ "<catalog><provider id='p2' sources='t-src'><name>x</name><pue>1.1</pue>"
		  "<instance id='i'><accelerator ref='t-gpu' count='1'/><price region='nowhere' date='2025'>1 USD/h</price></instance>"
		  "</provider></catalog>",
		  "price for unknown region 'nowhere'" },
		{ "<catalog><device id='d' kind='gpu' sources='nosuchsource'><vendor>x</vendor><name>x</name>"
		  "<year>2020</year><tdp>100 W</tdp><peak precision='fp32'>1 TFLOP/s</peak></device></catalog>",
		  "unknown source 'nosuchsource'" },
		{ "<catalog><node id='t-gpu' sources='t-src'><accelerator ref='t-gpu' count='1'/></node></catalog>",
		  "node id 't-gpu' is already a device id" },
		{ "<catalog><site id='s2' sources='t-src'><name>x</name><country>DE</country><pue>1.2</pue>"
		  "<electricity-price>0.1 USD/kWh</electricity-price><owned node='nonode' count='1'/></site></catalog>",
		  "unknown node 'nonode'" },
		{ "<catalog><country id='YY' sources='t-grid'><name>y</name><mix><share energy='peat'>100 %</share></mix></country></catalog>",
		  "unknown energy source 'peat'" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct catalog *cat;
		struct mlf_err err;

		mlf_err_init(&err);
		if (load_with(cases[i].xml, &err, &cat) != -1 || strstr(err.msg, cases[i].expect) == NULL)
			fail_msg("case %zu: got '%s', expected '%s'", i, err.msg, cases[i].expect);
		assert_int_equal(err.code, MLF_E_DATA);
		catalog_free(cat);
	}
}

/* Problems found while loading one file: units, ranges, duplicates. */
static void
test_catalog_load__file_problems(void **state)
{
	static const struct {
		const char *xml, *expect;
	} cases[] = {
		{ "<catalog><energy-source id='x' sources='t'>995 W</energy-source></catalog>",
		  "expected a carbon intensity such as '412 g/kWh', got '995 W'" },
		{ "<catalog><energy-source id='x' sources='t'>-5 g/kWh</energy-source></catalog>",
		  "must not be negative" },
		{ "<catalog><energy-source id='x' sources='t'>99999 g/kWh</energy-source></catalog>",
		  "outside the plausible range" },
		{ "<catalog><energy-source id='x' sources='t'>1 g/kWh</energy-source>"
		  "<energy-source id='x' sources='t'>2 g/kWh</energy-source></catalog>",
		  "duplicate energy-source id 'x' (first at line 1)" },
		{ "<catalog><country id='YY' sources='t'><name>y</name><mix><share energy='coal'>60 %</share></mix></country></catalog>",
		  "shares add up to 60.0 %" },
		{ "<catalog><bogus/></catalog>", "bogus" },
		{ "<catalog><param id='p' sources='t'>12 parsecs</param></catalog>", "unknown unit" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct catalog *cat = catalog_new();
		const char *path = temp_xml(cases[i].xml);
		struct mlf_err err;

		mlf_err_init(&err);
		if (catalog_load(cat, path, SCHEMA, &err) != -1 || strstr(err.msg, cases[i].expect) == NULL)
			fail_msg("case %zu: got '%s', expected '%s'", i, err.msg, cases[i].expect);
		/* a file with problems adds nothing */
		assert_int_equal(cat->nenergy_sources, 0);
		assert_int_equal(cat->ncountries, 0);
		unlink(path);
		catalog_free(cat);
	}
}

static void
test_catalog_suggest__nearest(void **state)
{
	struct catalog *cat = load_mini();
	const char *near[3];

	(void)state;
	/* t-gpu is one edit away, t-cpu two: both are offered, the nearest first */
	assert_int_equal(catalog_suggest(cat, "device", "t-gpv", near, 3), 2);
	assert_string_equal(near[0], "t-gpu");
	assert_string_equal(near[1], "t-cpu");
	assert_int_equal(catalog_suggest(cat, "region", "tc:r-ow", near, 1), 1);
	assert_string_equal(near[0], "tc:r-own");
	assert_int_equal(catalog_suggest(cat, "device", "zzzzzzzzzzz", near, 3), 0);
	catalog_free(cat);
}

/* The digest of a whole file (the loaders hash what they have read). */
static struct digest
digest_file(const char *path)
{
	static char buf[1 << 18];
	FILE *f = fopen(path, "rb");
	size_t n;

	assert_non_null(f);
	n = fread(buf, 1, sizeof(buf), f);
	assert_true(n < sizeof(buf));
	fclose(f);
	return digest_of(buf, n);
}

static void
test_digest__shipped_files_recognised(void **state)
{
	struct digest rng = digest_file(SCHEMA);	/* digest_file() copies the path's bytes */
	struct digest aws = digest_file(source_path("catalog/aws.xml"));
	struct digest model = digest_file(source_path("data/models/resnet50.xml"));
	struct digest other;

	(void)state;
	assert_string_equal(digest_shipped_schema(&rng), "catalog/catalog.rng");
	assert_null(digest_shipped_schema(&aws));
	assert_true(digest_shipped_file("catalog/catalog.rng", &aws));
	assert_true(digest_shipped_file("data/models/model.rng", &model));
	/* the same bytes against another schema were never checked */
	assert_false(digest_shipped_file("data/models/model.rng", &aws));
	assert_false(digest_shipped_file("catalog/catalog.rng", &model));
	/* nor a file of the same size with other bytes */
	other = aws;
	other.hash ^= 1;
	assert_false(digest_shipped_file("catalog/catalog.rng", &other));
	/* a fixture is not a shipped file */
	other = digest_file(fixture_path("catalog/mini.xml"));
	assert_false(digest_shipped_file("catalog/catalog.rng", &other));
}

/* Any one-bit change, and any change of length, gives another digest. */
static void
test_digest__every_bit_counts(void **state)
{
	unsigned char buf[64] = "<catalog version=\"1\"><device id=\"x\"/></catalog>";
	struct digest base = digest_of(buf, sizeof(buf)), d;
	uint64_t seen[sizeof(buf) * 8];
	size_t i, j;

	(void)state;
	for (i = 0; i < sizeof(buf) * 8; i++) {
		buf[i / 8] ^= (unsigned char)(1u << (i % 8));
		d = digest_of(buf, sizeof(buf));
		buf[i / 8] ^= (unsigned char)(1u << (i % 8));
		assert_true(d.hash != base.hash);
		for (j = 0; j < i; j++)
			assert_true(d.hash != seen[j]);
		seen[i] = d.hash;
	}
	/* trailing zero bytes are not padding: lengths 57..64 all differ */
	for (i = 57; i < sizeof(buf); i++)
		assert_true(digest_of(buf, i).hash != digest_of(buf, i + 1).hash);
}

/*
 * The commands' loader trusts shipped files; `catalog validate` (which
 * does not) finds the same catalog in them.
 */
static void
test_catalog_load__trusted_same_as_checked(void **state)
{
	static const char *files[] = { "catalog/sources.xml", "catalog/devices-nvidia.xml",
				       "catalog/nodes.xml" };
	struct catalog *a = catalog_new(), *b = catalog_new();
	struct mlf_err err;
	size_t i;

	(void)state;
	mlf_err_init(&err);
	a->trust_shipped = true;
	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		char path[4096], schema[4096];

		/* source_path() returns a static buffer */
		snprintf(path, sizeof(path), "%s", source_path(files[i]));
		snprintf(schema, sizeof(schema), "%s", SCHEMA);
		if (catalog_load(a, path, schema, &err) < 0 || catalog_load(b, path, schema, &err) < 0)
			fail_msg("%s", err.msg);
	}
	assert_int_equal(a->ndevices, b->ndevices);
	assert_int_equal(a->nnodes, b->nnodes);
	assert_int_equal(a->nsources, b->nsources);
	assert_true(a->ndevices > 0);
	for (i = 0; i < a->ndevices; i++) {
		assert_string_equal(a->devices[i].id, b->devices[i].id);
		assert_close(a->devices[i].tdp.v, b->devices[i].tdp.v, 0);
	}
	catalog_free(a);
	catalog_free(b);
}

/*
 * units_parse() converts short decimals itself (Clinger's fast path, for
 * load speed): every result must be bit for bit strtod()'s, at the edges of
 * the path (15 and 16 digits, exponents 22 and 23) and on either side.
 */
static void
test_units_parse__fast_path_is_strtod(void **state)
{
	static const char *fixed[] = {
		"0", "-0", "1", "0.1", "0.3", "1.15", "379.069", "123456789012345",
		"1234567890123456", "0.000000000000001", "9.99999999999999e22",
		"1e22", "1e23", "1e-22", "1e-23", "4.9406564584124654e-324", "-2.5e-7",
		"00000000000000000001.5", "1.00000000000000000000", "999999999999999e7",
	};
	char buf[64];
	unsigned seed = 12345;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(fixed) / sizeof(fixed[0]) + 200000; i++) {
		const char *text = buf;
		double got, want;
		struct mlf_err err;

		if (i < sizeof(fixed) / sizeof(fixed[0])) {
			text = fixed[i];
		} else {
			unsigned long long m;
			int digits, point, e;

			seed = seed * 1103515245u + 12345u;
			digits = 1 + (int)(seed >> 16) % 17;
			seed = seed * 1103515245u + 12345u;
			m = ((unsigned long long)seed << 32 | (seed * 2654435761u)) %
			    10000000000000000000ull;
			point = (int)(seed >> 8) % (digits + 1);
			e = (int)(seed >> 20) % 61 - 30;
			snprintf(buf, sizeof(buf), "%0*llu", digits, m);
			buf[digits] = '\0';
			if (point > 0 && point < digits) {
				memmove(buf + point + 1, buf + point, (size_t)(digits - point + 1));
				buf[point] = '.';
			}
			if (seed & 1)
				snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf), "e%d", e);
		}
		assert_int_equal(units_parse(text, DIM_NONE, NULL, &got, &err), 0);
		want = strtod(text, NULL);
		if (memcmp(&got, &want, sizeof(got)) != 0)
			fail_msg("'%s': %.17g, strtod gives %.17g", text, got, want);
	}
}

/*
 * Merging keeps an index of the ids merged so far between files; a load
 * after catalog_finish() (which sorts the parameters) must still replace
 * by id and append new ids.
 */
static void
test_catalog_load__merge_after_finish(void **state)
{
	static const char overlay[] =
		"<?xml version=\"1.0\"?>\n<catalog version=\"1\">\n"
		"<device id=\"t-gpu\" kind=\"gpu\" sources=\"t-src\"><vendor>V</vendor><name>N</name><year>2024</year>"
		"<tdp>123 W</tdp><peak precision=\"bf16\">300 TFLOP/s</peak></device>\n"
		"<device id=\"t-new\" kind=\"gpu\" sources=\"t-src\"><vendor>V</vendor><name>N</name><year>2024</year>"
		"<tdp>77 W</tdp><peak precision=\"bf16\">300 TFLOP/s</peak></device>\n"
		"<param id=\"grid.world-average\" sources=\"t-grid\">500 g/kWh</param>\n"
		"</catalog>\n";
	struct catalog *cat = load_mini();
	size_t n = cat->ndevices;
	const char *path = temp_xml(overlay);
	struct mlf_err err;
	char schema[4096];

	(void)state;
	mlf_err_init(&err);
	snprintf(schema, sizeof(schema), "%s", SCHEMA);
	if (catalog_load(cat, path, schema, &err) < 0)
		fail_msg("%s", err.msg);
	unlink(path);
	assert_int_equal(cat->ndevices, n + 1);
	assert_close(catalog_find_device(cat, "t-gpu")->tdp.v, 123, 0);
	assert_close(catalog_find_device(cat, "t-new")->tdp.v, 77, 0);
	/* finish sorted the parameters (efficiency.test first): replaced in place, not by position */
	assert_int_equal(cat->nparams, 2);
	assert_close(catalog_find_param(cat, "grid.world-average")->value.v, 500 / UNITS_KWH, 1e-12);
	assert_close(catalog_find_param(cat, "efficiency.test")->value.v, 0.4, 0);
	catalog_free(cat);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_catalog_load__values_in_si),
		cmocka_unit_test(test_catalog_finish__resolves_references),
		cmocka_unit_test(test_catalog_grid__each_level),
		cmocka_unit_test(test_catalog_place__each_basis),
		cmocka_unit_test(test_catalog_load__overlay_replaces_by_id),
		cmocka_unit_test(test_catalog_param__dimension_checked),
		cmocka_unit_test(test_catalog_finish__semantic_problems),
		cmocka_unit_test(test_catalog_load__file_problems),
		cmocka_unit_test(test_catalog_suggest__nearest),
		cmocka_unit_test(test_digest__shipped_files_recognised),
		cmocka_unit_test(test_digest__every_bit_counts),
		cmocka_unit_test(test_catalog_load__trusted_same_as_checked),
		cmocka_unit_test(test_units_parse__fast_path_is_strtod),
		cmocka_unit_test(test_catalog_load__merge_after_finish),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
