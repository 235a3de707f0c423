/*
 * cmd_catalog.c — `mlfit catalog list|show|validate`.
 *
 * list prints one table per kind of entry with the figures people compare;
 * show prints every field of one entry with its unit and source, because
 * "where does this number come from?" is the first question about any
 * estimate; validate runs every check and prints every problem, not just
 * the first, as file:line: message.
 */
#include "config.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cmd.h"
#include "estimate.h"
#include "strbuf.h"
#include "strutil.h"
#include "xalloc.h"

static const char usage[] =
	"usage: mlfit catalog list [devices|nodes|providers|regions|instances|sites|grid|\n"
	"                          zones|sources|params] [--kind KIND] [--provider ID]\n"
	"                          [--country CC] [--format FORMAT]\n"
	"   or: mlfit catalog show ID [--format FORMAT]\n"
	"   or: mlfit catalog validate [FILE...] [--format FORMAT]\n"
	"\n"
	"  list      one line per entry (with no kind: how many of each)\n"
	"  show      every field of one entry, with units and sources; ID is a device,\n"
	"            node, provider, site, region or instance (PROVIDER:ID), country\n"
	"            code, zone, source or parameter id\n"
	"  validate  check the catalog (and FILEs, as overlays) against the schema and\n"
	"            for unknown references, duplicates and implausible figures\n"
	"\n"
	"  --kind KIND        devices or instances of a kind: cpu, gpu, tpu, npu, asic\n"
	"  --provider ID      regions or instances of a provider (aws, gcp, azure)\n"
	"  --country CC       regions, sites, grid entries or zones of a country (ISO\n"
	"                     code, any case)\n"
	"  --format FORMAT    table (default), csv or json; validate: table or json\n"
	"  --catalog PATH     add an overlay catalog file or directory\n";

struct filters {
	int kind;		/* -1: any */
	const char *provider;	/* compared without case, like country */
	const char *country;
};

/* Which filters each list takes: a filter a list cannot apply is an error. */
struct list_kind {
	const char *name;
	bool kind, provider, country;
};

static const struct list_kind list_kinds[] = {
	{ "devices", true, false, false },
	{ "nodes", false, false, false },
	{ "providers", false, false, false },
	{ "regions", false, true, true },
	{ "instances", true, true, false },
	{ "sites", false, false, true },
	{ "grid", false, false, true },
	{ "zones", false, false, true },
	{ "sources", false, false, false },
	{ "params", false, false, false },
};

static bool
filter_mismatch(const char *want, const char *have)
{
	return want != NULL && (have == NULL || str_casecmp(want, have) != 0);
}

/* ---- formatting helpers ---- */

static char *
fig_in(const struct figure *f, const char *unit, char *buf, size_t size)
{
	char num[48];

	if (!f->set) {
		buf[0] = '\0';
		return buf;
	}
	units_format_in(f->v, f->dim, unit, 6, num, sizeof(num));
	snprintf(buf, size, "%s%s%s", num, unit[0] ? " " : "", unit);
	return buf;
}

static double
in_unit(const struct figure *f, const char *unit)
{
	double factor = 1;

	units_factor(unit, f->dim, &factor);
	return f->v / factor;
}

/* A figure as a table cell in a fixed unit, empty if unset. */
static void
cell_fig(struct table *t, const struct figure *f, const char *unit)
{
	char buf[64];

	if (!f->set)
		table_empty(t);
	else
		table_num(t, in_unit(f, unit), fig_in(f, unit, buf, sizeof(buf)));
}

static const struct figure *
best_16bit_peak(const struct cat_device *d)
{
	if (d->peak[PREC_BF16].set && (!d->peak[PREC_FP16].set ||
				       d->peak[PREC_BF16].v >= d->peak[PREC_FP16].v))
		return &d->peak[PREC_BF16];
	return &d->peak[PREC_FP16];
}

/* ---- list ---- */

static void
list_devices(const struct catalog *cat, const struct filters *f, struct table *t)
{
	size_t i;

	table_col(t, "ID", "id", false);
	table_col(t, "KIND", "kind", false);
	table_col(t, "VENDOR", "vendor", false);
	table_col(t, "NAME", "name", false);
	table_col(t, "YEAR", "year", true);
	table_col(t, "TDP", "tdp_w", true);
	table_col(t, "MEMORY", "memory_gb", true);
	table_col(t, "BANDWIDTH", "bandwidth_gb_s", true);
	table_col(t, "FP32", "fp32_tflop_s", true);
	table_col(t, "FP16/BF16", "fp16_tflop_s", true);
	table_col(t, "INT8", "int8_top_s", true);
	for (i = 0; i < cat->ndevices; i++) {
		const struct cat_device *d = &cat->devices[i];

		if (f->kind >= 0 && (int)d->kind != f->kind)
			continue;
		table_row(t);
		table_str(t, d->id);
		table_str(t, catalog_kind_name(d->kind));
		table_str(t, d->vendor);
		table_str(t, d->name);
		table_int(t, d->year);
		cell_fig(t, &d->tdp, "W");
		cell_fig(t, &d->memory, "GB");
		cell_fig(t, &d->bandwidth, "GB/s");
		cell_fig(t, &d->peak[PREC_FP32], "TFLOP/s");
		cell_fig(t, best_16bit_peak(d), "TFLOP/s");
		cell_fig(t, &d->peak[PREC_INT8], "TOP/s");
	}
}

static void
list_nodes(const struct catalog *cat, struct table *t)
{
	size_t i;

	table_col(t, "ID", "id", false);
	table_col(t, "NAME", "name", false);
	table_col(t, "ACCELERATOR", "accelerator", false);
	table_col(t, "COUNT", "count", true);
	table_col(t, "HOST POWER", "host_power_w", true);
	table_col(t, "PRICE", "price_usd", true);
	for (i = 0; i < cat->nnodes; i++) {
		const struct cat_node *n = &cat->nodes[i];
		char buf[64];

		table_row(t);
		table_str(t, n->id);
		table_str(t, n->body.name);
		table_str(t, n->body.accel_ref);
		table_int(t, (long long)n->body.accel_count);
		cell_fig(t, &n->body.host_power, "W");
		if (n->price.set)
			table_num(t, n->price.v, units_format(n->price.v, DIM_MONEY, buf, sizeof(buf)));
		else
			table_empty(t);
	}
}

static void
list_providers(const struct catalog *cat, struct table *t)
{
	size_t i;

	table_col(t, "ID", "id", false);
	table_col(t, "NAME", "name", false);
	table_col(t, "PUE", "pue", true);
	table_col(t, "REGIONS", "regions", true);
	table_col(t, "INSTANCES", "instances", true);
	for (i = 0; i < cat->nproviders; i++) {
		const struct cat_provider *p = &cat->providers[i];

		table_row(t);
		table_str(t, p->id);
		table_str(t, p->name);
		table_num(t, p->pue.v, NULL);
		table_int(t, (long long)p->nregions);
		table_int(t, (long long)p->ninstances);
	}
}

static void
cell_intensity(struct table *t, const struct grid_lookup *g)
{
	char num[48], buf[64];

	units_format_in(g->g_per_j, DIM_INTENSITY, "g/kWh", 5, num, sizeof(num));
	snprintf(buf, sizeof(buf), "%s g/kWh", num);
	table_num(t, g->g_per_j * UNITS_KWH, buf);
}

static void
list_regions(const struct catalog *cat, const struct filters *f, struct table *t)
{
	size_t i, j;

	table_col(t, "ID", "id", false);
	table_col(t, "NAME", "name", false);
	table_col(t, "COUNTRY", "country", false);
	table_col(t, "GRID", "grid_g_per_kwh", true);
	table_col(t, "FROM", "grid_level", false);
	table_col(t, "DATASET", "grid_source", false);
	table_col(t, "YEAR", "grid_year", true);
	table_col(t, "SCOPE", "grid_scope", false);
	table_col(t, "PUE", "pue", true);
	table_col(t, "CFE", "cfe", true);
	for (i = 0; i < cat->nproviders; i++) {
		const struct cat_provider *p = &cat->providers[i];

		if (filter_mismatch(f->provider, p->id))
			continue;
		for (j = 0; j < p->nregions; j++) {
			const struct cat_region *r = &p->regions[j];
			struct grid_lookup g;

			if (filter_mismatch(f->country, r->country))
				continue;
			if (catalog_place_intensity(cat, r, NULL, NULL, &g, NULL) < 0)
				continue;
			table_row(t);
			table_str(t, r->full_id);
			table_str(t, r->name ? r->name : r->location);
			table_str(t, r->country);
			cell_intensity(t, &g);
			table_str(t, catalog_grid_level_name(g.level));
			table_str(t, g.source);
			if (g.year)
				table_int(t, g.year);
			else
				table_empty(t);
			table_str(t, g.scope ? g.scope : "not stated");
			table_num(t, r->pue.set ? r->pue.v : p->pue.v, NULL);
			if (r->cfe.set)
				table_num(t, r->cfe.v, NULL);
			else
				table_empty(t);
		}
	}
}

static void
price_range(const struct cat_instance *in, double *lo, double *hi)
{
	size_t i;

	*lo = *hi = 0;
	for (i = 0; i < in->nprices; i++) {
		double v = in->prices[i].price.v;

		if (i == 0 || v < *lo)
			*lo = v;
		if (i == 0 || v > *hi)
			*hi = v;
	}
}

static void
cell_hourly(struct table *t, double usd_per_s)
{
	char num[48], buf[64];

	units_format_in(usd_per_s, DIM_MONEY_RATE, "USD/h", 6, num, sizeof(num));
	snprintf(buf, sizeof(buf), "%s USD/h", num);
	table_num(t, usd_per_s * UNITS_HOUR, buf);
}

static void
list_instances(const struct catalog *cat, const struct filters *f, struct table *t)
{
	size_t i, j;

	table_col(t, "ID", "id", false);
	table_col(t, "ACCELERATOR", "accelerator", false);
	table_col(t, "COUNT", "count", true);
	table_col(t, "VCPUS", "vcpus", true);
	table_col(t, "RAM", "ram_gib", true);
	table_col(t, "REGIONS", "regions", true);
	table_col(t, "FROM", "price_min_usd_h", true);
	table_col(t, "TO", "price_max_usd_h", true);
	for (i = 0; i < cat->nproviders; i++) {
		const struct cat_provider *p = &cat->providers[i];

		if (filter_mismatch(f->provider, p->id))
			continue;
		for (j = 0; j < p->ninstances; j++) {
			const struct cat_instance *in = &p->instances[j];
			double lo, hi;

			if (f->kind >= 0 && in->body.accel && (int)in->body.accel->kind != f->kind)
				continue;
			price_range(in, &lo, &hi);
			table_row(t);
			table_str(t, in->full_id);
			table_str(t, in->body.accel_ref);
			table_int(t, (long long)in->body.accel_count);
			if (in->body.vcpus)
				table_int(t, in->body.vcpus);
			else
				table_empty(t);
			cell_fig(t, &in->body.ram, "GiB");
			table_int(t, (long long)in->nprices);
			cell_hourly(t, lo);
			cell_hourly(t, hi);
		}
	}
}

static void
list_sites(const struct catalog *cat, const struct filters *f, struct table *t)
{
	size_t i;

	table_col(t, "ID", "id", false);
	table_col(t, "NAME", "name", false);
	table_col(t, "COUNTRY", "country", false);
	table_col(t, "PUE", "pue", true);
	table_col(t, "ELECTRICITY", "electricity_usd_kwh", true);
	table_col(t, "OWNED NODES", "owned_nodes", true);
	table_col(t, "BUYABLE", "buyable_node_types", true);
	for (i = 0; i < cat->nsites; i++) {
		const struct cat_site *s = &cat->sites[i];
		unsigned owned = 0;
		size_t k;

		if (filter_mismatch(f->country, s->country))
			continue;
		for (k = 0; k < s->nowned; k++)
			owned += s->owned[k].count;
		table_row(t);
		table_str(t, s->id);
		table_str(t, s->name);
		table_str(t, s->country);
		table_num(t, s->pue.v, NULL);
		cell_fig(t, &s->electricity_price, "USD/kWh");
		table_int(t, owned);
		table_int(t, (long long)s->nbuyable);
	}
}

/* The columns a country's and a zone's grid figure share, and their cells. */
static void
grid_columns(struct table *t)
{
	table_col(t, "INTENSITY", "g_per_kwh", true);
	table_col(t, "BASIS", "basis", false);
	table_col(t, "YEAR", "year", true);
	table_col(t, "SOURCE", "source", false);
}

static void
grid_cells(struct table *t, const struct grid_lookup *gl)
{
	cell_intensity(t, gl);
	table_str(t, gl->level == GRID_MIX ? "energy mix" : "intensity");
	if (gl->year)
		table_int(t, gl->year);
	else
		table_empty(t);
	table_str(t, gl->source);
}

static void
list_grid(const struct catalog *cat, const struct filters *f, struct table *t)
{
	size_t i;

	table_col(t, "COUNTRY", "country", false);
	table_col(t, "NAME", "name", false);
	grid_columns(t);
	for (i = 0; i < cat->ncountries; i++) {
		const struct cat_grid *g = &cat->countries[i];
		struct grid_lookup gl;

		if (filter_mismatch(f->country, g->id))
			continue;
		if (catalog_grid_intensity(cat, NULL, g->id, NULL, &gl, NULL) < 0)
			continue;
		table_row(t);
		table_str(t, g->id);
		table_str(t, g->name);
		grid_cells(t, &gl);
	}
}

static void
list_zones(const struct catalog *cat, const struct filters *f, struct table *t)
{
	size_t i;

	table_col(t, "ID", "id", false);
	table_col(t, "NAME", "name", false);
	table_col(t, "COUNTRY", "country", false);
	grid_columns(t);
	for (i = 0; i < cat->nzones; i++) {
		const struct cat_grid *z = &cat->zones[i];
		struct grid_lookup gl;

		if (filter_mismatch(f->country, z->country))
			continue;
		if (catalog_grid_intensity(cat, NULL, z->country, z->id, &gl, NULL) < 0)
			continue;
		table_row(t);
		table_str(t, z->id);
		table_str(t, z->name);
		table_str(t, z->country);
		grid_cells(t, &gl);
	}
}

static void
list_sources(const struct catalog *cat, struct table *t)
{
	size_t i;

	table_col(t, "ID", "id", false);
	table_col(t, "TEXT", "text", false);
	table_col(t, "URL", "url", false);
	for (i = 0; i < cat->nsources; i++) {
		table_row(t);
		table_str(t, cat->sources[i].id);
		table_str(t, cat->sources[i].text);
		table_str(t, cat->sources[i].url);
	}
}

static void
list_params(const struct catalog *cat, struct table *t)
{
	size_t i;

	table_col(t, "ID", "id", false);
	table_col(t, "VALUE", "value", true);
	table_col(t, "UNIT", "unit", false);
	table_col(t, "LOW", "low", true);
	table_col(t, "HIGH", "high", true);
	table_col(t, "SOURCES", "sources", false);
	for (i = 0; i < cat->nparams; i++) {
		const struct cat_param *p = &cat->params[i];
		const char *unit = units_dim_display_unit(p->value.dim);
		struct strbuf src = STRBUF_INIT;
		char buf[48];
		size_t k;

		for (k = 0; k < p->sources.n; k++)
			strbuf_addf(&src, "%s%s", k ? " " : "", p->sources.items[k]);
		table_row(t);
		table_str(t, p->id);
		table_num(t, in_unit(&p->value, unit), units_format_in(p->value.v, p->value.dim,
								       unit, 6, buf, sizeof(buf)));
		table_str(t, unit);
		if (p->value.low != p->value.v || p->value.high != p->value.v) {
			double factor = 1;

			units_factor(unit, p->value.dim, &factor);
			table_num(t, p->value.low / factor, NULL);
			table_num(t, p->value.high / factor, NULL);
		} else {
			table_empty(t);
			table_empty(t);
		}
		table_str(t, src.buf);
		strbuf_release(&src);
	}
}

static void
list_summary(const struct catalog *cat, struct table *t)
{
	size_t regions = 0, instances = 0, i;

	for (i = 0; i < cat->nproviders; i++) {
		regions += cat->providers[i].nregions;
		instances += cat->providers[i].ninstances;
	}
	table_col(t, "KIND", "kind", false);
	table_col(t, "ENTRIES", "entries", true);
#define ROW(name, n) do { table_row(t); table_str(t, name); table_int(t, (long long)(n)); } while (0)
	ROW("devices", cat->ndevices);
	ROW("nodes", cat->nnodes);
	ROW("providers", cat->nproviders);
	ROW("regions", regions);
	ROW("instances", instances);
	ROW("sites", cat->nsites);
	ROW("grid", cat->ncountries);
	ROW("zones", cat->nzones);
	ROW("sources", cat->nsources);
	ROW("params", cat->nparams);
#undef ROW
}

static const struct list_kind *
find_list_kind(const char *what)
{
	size_t i;

	for (i = 0; i < sizeof(list_kinds) / sizeof(list_kinds[0]); i++)
		if (strcmp(list_kinds[i].name, what) == 0)
			return &list_kinds[i];
	return NULL;
}

/* A filter the list cannot apply would be silently ignored: refuse it. */
static int
check_filters(struct cli *cli, const char *what, const struct filters *f)
{
	const struct list_kind *k = what ? find_list_kind(what) : NULL;
	const char *opt = NULL;

	if (what != NULL && k == NULL)
		return cli_fail(cli, MLF_E_USAGE, "cannot list '%s' (devices, nodes, providers, "
				"regions, instances, sites, grid, zones, sources or params)", what);
	if (f->kind >= 0 && (k == NULL || !k->kind))
		opt = "--kind";
	else if (f->provider != NULL && (k == NULL || !k->provider))
		opt = "--provider";
	else if (f->country != NULL && (k == NULL || !k->country))
		opt = "--country";
	if (opt == NULL)
		return 0;
	if (k == NULL)
		return cli_fail(cli, MLF_E_USAGE, "%s filters a list: name one (catalog list "
				"KIND %s …)", opt, opt);
	return cli_fail(cli, MLF_E_USAGE, "%s does not apply to 'catalog list %s' (it filters "
			"%s)", opt, what, strcmp(opt, "--kind") == 0 ? "devices and instances" :
			strcmp(opt, "--provider") == 0 ? "regions and instances" :
			"regions, sites, grid and zones");
}

static int
do_list(struct cli *cli, const char *what, const struct filters *f)
{
	struct catalog *cat;
	struct table *t;
	int rc;

	if ((rc = check_filters(cli, what, f)) != 0)
		return rc;
	cat = cli_catalog(cli);
	if (cat == NULL)
		return cli->err.code;
	t = table_new();
	if (what == NULL)
		list_summary(cat, t);
	else if (strcmp(what, "devices") == 0)
		list_devices(cat, f, t);
	else if (strcmp(what, "nodes") == 0)
		list_nodes(cat, t);
	else if (strcmp(what, "providers") == 0)
		list_providers(cat, t);
	else if (strcmp(what, "regions") == 0)
		list_regions(cat, f, t);
	else if (strcmp(what, "instances") == 0)
		list_instances(cat, f, t);
	else if (strcmp(what, "sites") == 0)
		list_sites(cat, f, t);
	else if (strcmp(what, "grid") == 0)
		list_grid(cat, f, t);
	else if (strcmp(what, "zones") == 0)
		list_zones(cat, f, t);
	else if (strcmp(what, "sources") == 0)
		list_sources(cat, t);
	else
		list_params(cat, t);
	if (table_write(t, cli->format, cli->out) < 0)
		rc = cli_fail(cli, MLF_E_INTERNAL, "cannot write the list");
	table_free(t);
	return rc;
}

/* ---- show ---- */

/* An entry's fields as a table (field, value, source) and a JSON object. */
struct record {
	struct table *t;
	json_t *fields;
};

static void
rec_text(struct record *r, const char *key, const char *text)
{
	if (text == NULL)
		return;
	table_row(r->t);
	table_str(r->t, key);
	table_str(r->t, text);
	table_empty(r->t);
	json_object_set_new(r->fields, key, json_string(text));
}

static void
rec_int(struct record *r, const char *key, long long v)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%lld", v);
	table_row(r->t);
	table_str(r->t, key);
	table_str(r->t, buf);
	table_empty(r->t);
	json_object_set_new(r->fields, key, json_integer(v));
}

static void
rec_fig(struct record *r, const char *key, const struct figure *f, const char *unit)
{
	char value[128], src[160], lo[48], hi[48];
	json_t *o;

	if (!f->set)
		return;
	fig_in(f, unit, value, sizeof(value));
	if (f->low != f->v || f->high != f->v) {
		size_t n = strlen(value);

		snprintf(value + n, sizeof(value) - n, " (%s to %s)",
			 units_format_in(f->low, f->dim, unit, 6, lo, sizeof(lo)),
			 units_format_in(f->high, f->dim, unit, 6, hi, sizeof(hi)));
	}
	snprintf(src, sizeof(src), "%s%s%s", f->source ? f->source : "",
		 f->year ? (f->source ? " " : "") : "", "");
	if (f->year) {
		size_t n = strlen(src);

		snprintf(src + n, sizeof(src) - n, "(%d)", f->year);
	}
	table_row(r->t);
	table_str(r->t, key);
	table_str(r->t, value);
	table_str(r->t, src);
	o = json_object();
	json_object_set_new(o, "value", json_real(in_unit(f, unit)));
	json_object_set_new(o, "unit", json_string(unit));
	if (f->low != f->v || f->high != f->v) {
		double factor = 1;

		units_factor(unit, f->dim, &factor);
		json_object_set_new(o, "low", json_real(f->low / factor));
		json_object_set_new(o, "high", json_real(f->high / factor));
	}
	if (f->source)
		json_object_set_new(o, "source", json_string(f->source));
	if (f->year)
		json_object_set_new(o, "year", json_integer(f->year));
	if (f->note)
		json_object_set_new(o, "note", json_string(f->note));
	json_object_set_new(r->fields, key, o);
}

static void
rec_body(struct record *r, const struct cat_node_body *b)
{
	rec_text(r, "name", b->name);
	rec_text(r, "accelerator", b->accel_ref);
	rec_int(r, "accelerator count", (long long)b->accel_count);
	rec_text(r, "cpu", b->cpu_ref);
	if (b->cpu_ref)
		rec_int(r, "cpu count", b->cpu_count);
	if (b->vcpus)
		rec_int(r, "vcpus", b->vcpus);
	rec_fig(r, "ram", &b->ram, "GiB");
	rec_fig(r, "host power", &b->host_power, "W");
	rec_fig(r, "intra-node bandwidth", &b->intra_bandwidth, "GB/s");
	rec_fig(r, "inter-node bandwidth", &b->inter_bandwidth, "Gb/s");
	rec_fig(r, "embodied", &b->embodied, "kg");
}

static void
show_device(struct record *r, const struct cat_device *d)
{
	char key[48];
	int i;

	rec_text(r, "kind", catalog_kind_name(d->kind));
	rec_text(r, "vendor", d->vendor);
	rec_text(r, "name", d->name);
	rec_int(r, "year", d->year);
	rec_fig(r, "process", &d->process, "nm");
	if (d->cores)
		rec_int(r, "cores", d->cores);
	rec_fig(r, "tdp", &d->tdp, "W");
	rec_fig(r, "idle", &d->idle, "W");
	rec_fig(r, "memory", &d->memory, "GB");
	rec_text(r, "memory type", d->memory_type);
	rec_fig(r, "bandwidth", &d->bandwidth, "GB/s");
	for (i = 0; i < PREC_COUNT; i++) {
		snprintf(key, sizeof(key), "peak %s", precision_name((enum precision)i));
		rec_fig(r, key, &d->peak[i], i >= PREC_INT16 ? "TOP/s" : "TFLOP/s");
	}
	rec_fig(r, "interconnect", &d->interconnect, "GB/s");
	rec_fig(r, "price", &d->price, "USD");
	rec_fig(r, "embodied", &d->embodied, "kg");
	rec_fig(r, "lifetime", &d->lifetime, "y");
	for (i = 0; i < PREC_COUNT; i++) {
		snprintf(key, sizeof(key), "mac energy %s", precision_name((enum precision)i));
		rec_fig(r, key, &d->mac_energy[i], "pJ");
	}
	for (i = 0; i < MEM_LEVEL_COUNT; i++) {
		snprintf(key, sizeof(key), "access energy %s",
			 catalog_mem_level_name((enum mem_level)i));
		rec_fig(r, key, &d->access_energy[i], "pJ/B");
	}
}

static void
show_region(const struct catalog *cat, struct record *r, const struct cat_region *reg)
{
	struct grid_lookup g;

	rec_text(r, "provider", reg->provider->id);
	rec_text(r, "name", reg->name);
	rec_text(r, "location", reg->location);
	rec_text(r, "country", reg->country);
	rec_text(r, "zone", reg->zone);
	rec_fig(r, "grid", &reg->grid, "g/kWh");
	if (catalog_place_intensity(cat, reg, NULL, NULL, &g, NULL) == 0) {
		char buf[96], what[256];

		snprintf(buf, sizeof(buf), "%.5g g/kWh", g.g_per_j * UNITS_KWH);
		rec_text(r, "grid used", buf);
		rec_text(r, "grid used is", catalog_grid_describe(&g, what, sizeof(what)));
		rec_text(r, "grid basis", catalog_grid_basis_name(g.basis));
	}
	rec_fig(r, "pue", reg->pue.set ? &reg->pue : &reg->provider->pue, "");
	rec_fig(r, "cfe", &reg->cfe, "%");
}

static void
show_instance(struct record *r, const struct cat_instance *in)
{
	size_t i;
	char key[128];

	rec_text(r, "provider", in->provider->id);
	rec_body(r, &in->body);
	for (i = 0; i < in->nprices; i++) {
		snprintf(key, sizeof(key), "price %s%s%s%s", in->prices[i].region_id,
			 in->prices[i].date ? " (" : "", in->prices[i].date ? in->prices[i].date : "",
			 in->prices[i].date ? ")" : "");
		rec_fig(r, key, &in->prices[i].price, "USD/h");
		if (in->prices[i].spot.set) {
			snprintf(key, sizeof(key), "spot %s", in->prices[i].region_id);
			rec_fig(r, key, &in->prices[i].spot, "USD/h");
		}
	}
}

static void
show_site(struct record *r, const struct cat_site *s)
{
	char key[128];
	size_t i;

	rec_text(r, "name", s->name);
	rec_text(r, "country", s->country);
	rec_text(r, "zone", s->zone);
	rec_fig(r, "pue", &s->pue, "");
	rec_fig(r, "electricity price", &s->electricity_price, "USD/kWh");
	rec_fig(r, "power cap", &s->power_cap, "kW");
	for (i = 0; i < s->nowned; i++) {
		snprintf(key, sizeof(key), "owned %s", s->owned[i].node_ref);
		rec_int(r, key, s->owned[i].count);
	}
	for (i = 0; i < s->nbuyable; i++) {
		snprintf(key, sizeof(key), "buyable %s", s->buyable[i].node_ref);
		rec_text(r, key, s->buyable[i].count ? "limited" : "yes");
	}
}

static void
show_grid(const struct catalog *cat, struct record *r, const struct cat_grid *g)
{
	char key[64];
	double v;
	size_t i;
	struct figure mixed;

	rec_text(r, "name", g->name);
	rec_text(r, "country", g->country);
	rec_fig(r, "intensity", &g->intensity, "g/kWh");
	for (i = 0; i < g->nmix; i++) {
		struct figure share = { .set = true, .v = g->mix[i].fraction,
					.low = g->mix[i].fraction, .high = g->mix[i].fraction,
					.dim = DIM_NONE };

		snprintf(key, sizeof(key), "mix %s", g->mix[i].energy);
		rec_fig(r, key, &share, "%");
	}
	if (catalog_mix_intensity(g, &v)) {
		mixed = g->mix_info;
		mixed.set = true;
		mixed.dim = DIM_INTENSITY;
		mixed.v = mixed.low = mixed.high = v;
		rec_fig(r, "intensity from mix", &mixed, "g/kWh");
	}
	(void)cat;
}

/* Sources (with their citations) or notes: JSON array, and text for tables. */
static void
rec_list(struct strbuf *text, json_t *root, const char *key, const struct strlist *l,
	 const struct catalog *cat, bool sources)
{
	json_t *arr = json_array();
	size_t i;

	if (l->n > 0)
		strbuf_addf(text, "\n%s:\n", key);
	for (i = 0; i < l->n; i++) {
		const struct cat_source *s = sources ? catalog_find_source(cat, l->items[i]) : NULL;

		if (s != NULL) {
			json_t *o = json_object();

			json_object_set_new(o, "id", json_string(s->id));
			json_object_set_new(o, "text", json_string(s->text));
			if (s->url)
				json_object_set_new(o, "url", json_string(s->url));
			json_array_append_new(arr, o);
			strbuf_addf(text, "  [%s] %s", s->id, s->text);
			if (s->url)
				strbuf_addf(text, " <%s>", s->url);
			strbuf_addch(text, '\n');
		} else {
			json_array_append_new(arr, json_string(l->items[i]));
			strbuf_addf(text, "  %s\n", l->items[i]);
		}
	}
	json_object_set_new(root, key, arr);
}

static const char *
origin_text(const struct origin *at, char *buf, size_t size)
{
	snprintf(buf, size, "%s:%d", at->file, at->line);
	return buf;
}

/* Finds id among every kind of entry; fills type, origin, lists and fields. */
static bool
show_entry(const struct catalog *cat, const char *id, struct record *r, const char **type,
	   const struct origin **at, const struct strlist **sources, const struct strlist **notes)
{
	const struct cat_device *d;
	const struct cat_node *n;
	const struct cat_provider *p;
	const struct cat_site *s;
	const struct cat_region *reg;
	const struct cat_instance *in;
	const struct cat_grid *g;
	const struct cat_param *pa;
	static const struct strlist none;

	*notes = &none;
	if ((d = catalog_find_device(cat, id)) != NULL) {
		*type = "device", *at = &d->at, *sources = &d->sources, *notes = &d->notes;
		show_device(r, d);
	} else if ((n = catalog_find_node(cat, id)) != NULL) {
		*type = "node", *at = &n->at, *sources = &n->sources, *notes = &n->body.notes;
		rec_body(r, &n->body);
		rec_fig(r, "price", &n->price, "USD");
		rec_fig(r, "lifetime", &n->lifetime, "y");
	} else if ((p = catalog_find_provider(cat, id)) != NULL) {
		*type = "provider", *at = &p->at, *sources = &p->sources, *notes = &p->notes;
		rec_text(r, "name", p->name);
		rec_fig(r, "pue", &p->pue, "");
		rec_int(r, "regions", (long long)p->nregions);
		rec_int(r, "instances", (long long)p->ninstances);
	} else if ((s = catalog_find_site(cat, id)) != NULL) {
		*type = "site", *at = &s->at, *sources = &s->sources, *notes = &s->notes;
		show_site(r, s);
	} else if ((reg = catalog_find_region(cat, id)) != NULL) {
		*type = "region", *at = &reg->at, *sources = &reg->sources, *notes = &reg->notes;
		if (reg->sources.n == 0)
			*sources = &reg->provider->sources;
		show_region(cat, r, reg);
	} else if ((in = catalog_find_instance(cat, id)) != NULL) {
		*type = "instance", *at = &in->at, *sources = &in->sources, *notes = &in->body.notes;
		if (in->sources.n == 0)
			*sources = &in->provider->sources;
		show_instance(r, in);
	} else if ((g = catalog_find_country(cat, id)) != NULL ||
		   (g = catalog_find_zone(cat, id)) != NULL) {
		*type = g->country == g->id ? "country" : "zone";
		*at = &g->at, *sources = &g->sources, *notes = &g->notes;
		show_grid(cat, r, g);
	} else if ((pa = catalog_find_param(cat, id)) != NULL) {
		*type = "param", *at = &pa->at, *sources = &pa->sources;
		rec_fig(r, "value", &pa->value, units_dim_display_unit(pa->value.dim));
		rec_text(r, "note", pa->value.note);
	} else {
		const struct cat_source *src = catalog_find_source(cat, id);

		if (src == NULL)
			return false;
		*type = "source", *at = &src->at, *sources = &none;
		rec_text(r, "text", src->text);
		rec_text(r, "url", src->url);
		rec_text(r, "licence", src->licence);
	}
	return true;
}

static int
unknown_anything(struct cli *cli, const char *id)
{
	static const char *const kinds[] = {
		"device", "node", "provider", "site", "region", "instance", "country"
	};
	const char *near[3], *all[21];
	size_t i, n = 0;

	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		n += catalog_suggest(cli->cat, kinds[i], id, all + n, 3);
	n = str_nearest(id, all, n, near, 3);
	if (n == 0)
		return cli_fail(cli, MLF_E_USAGE, "no catalog entry has the id '%s'", id);
	return cli_fail(cli, MLF_E_USAGE, "no catalog entry has the id '%s'; did you mean '%s'%s%s%s?",
			id, near[0], n > 1 ? ", '" : "", n > 1 ? near[1] : "", n > 1 ? "'" : "");
}

static int
do_show(struct cli *cli, const char *id)
{
	struct catalog *cat = cli_catalog(cli);
	struct record r;
	const char *type = NULL;
	const struct origin *at = NULL;
	const struct strlist *sources = NULL, *notes = NULL;
	struct strbuf lists = STRBUF_INIT;
	json_t *root;
	char where[512];
	int rc = 0;

	if (cat == NULL)
		return cli->err.code;
	r.t = table_new();
	r.fields = json_object();
	table_col(r.t, "FIELD", "field", false);
	table_col(r.t, "VALUE", "value", false);
	table_col(r.t, "SOURCE", "source", false);
	root = json_object();
	if (!show_entry(cat, id, &r, &type, &at, &sources, &notes)) {
		rc = unknown_anything(cli, id);
		goto out;
	}
	json_object_set_new(root, "type", json_string(type));
	json_object_set_new(root, "id", json_string(id));
	json_object_set_new(root, "defined_at", json_string(origin_text(at, where, sizeof(where))));
	json_object_set_new(root, "fields", json_incref(r.fields));
	rec_list(&lists, root, "sources", sources, cat, true);
	rec_list(&lists, root, "notes", notes, cat, false);
	if (cli->format == FORMAT_JSON) {
		json_dumpf(root, cli->out, JSON_INDENT(2) | JSON_PRESERVE_ORDER |
			   JSON_REAL_PRECISION(10));
		fputc('\n', cli->out);
	} else {
		if (cli->format == FORMAT_TABLE)
			fprintf(cli->out, "%s %s (%s)\n\n", type, id, where);
		table_write(r.t, cli->format, cli->out);
		if (cli->format == FORMAT_TABLE)
			fputs(lists.buf, cli->out);
	}
out:
	strbuf_release(&lists);
	json_decref(root);
	json_decref(r.fields);
	table_free(r.t);
	return rc;
}

/* ---- validate ---- */

static void
print_diags(const struct catalog *cat, size_t from)
{
	size_t i;

	for (i = from; i < cat->ndiags; i++) {
		const struct catalog_diag *d = &cat->diags[i];

		char where[512] = "";

		/* a message may quote the file's text: one line each, controls escaped */
		if (d->file != NULL && d->line > 0)
			snprintf(where, sizeof(where), "%s:%d: ", d->file, d->line);
		else if (d->file != NULL)
			snprintf(where, sizeof(where), "%s: ", d->file);
		cli_print_message(stderr, where, d->msg);
	}
}

/* {"files": N, "ok": bool, "problems": [{"file", "line", "message"}], counts} */
static void
write_diags_json(const struct catalog *cat, size_t nfiles, FILE *out)
{
	json_t *root = json_object(), *arr = json_array();
	size_t i;

	for (i = 0; i < cat->ndiags; i++) {
		const struct catalog_diag *d = &cat->diags[i];
		json_t *o = json_object();

		json_object_set_new(o, "file", d->file ? json_string(d->file) : json_null());
		json_object_set_new(o, "line", d->line > 0 ? json_integer(d->line) : json_null());
		json_object_set_new(o, "message", json_string(d->msg));
		json_array_append_new(arr, o);
	}
	json_object_set_new(root, "ok", json_boolean(cat->ndiags == 0));
	json_object_set_new(root, "files", json_integer((json_int_t)nfiles));
	json_object_set_new(root, "devices", json_integer((json_int_t)cat->ndevices));
	json_object_set_new(root, "providers", json_integer((json_int_t)cat->nproviders));
	json_object_set_new(root, "sites", json_integer((json_int_t)cat->nsites));
	json_object_set_new(root, "countries", json_integer((json_int_t)cat->ncountries));
	json_object_set_new(root, "problems", arr);
	json_dumpf(root, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	fputc('\n', out);
	json_decref(root);
}

static void
collect_files(struct cli *cli, int nargs, char **args, char ***files, size_t *nfiles)
{
	const char *datadir = paths_datadir();
	char *dirs[3];
	size_t cap = 0, i, k;

	*files = NULL;
	*nfiles = 0;
	dirs[0] = xasprintf("%s/catalog", datadir);
	dirs[1] = xasprintf("%s/data", datadir);
	dirs[2] = paths_user_dir();
	for (k = 0; k < 3; k++) {
		char **list;
		size_t n = dirs[k] ? paths_list_xml(dirs[k], &list) : 0;

		for (i = 0; i < n; i++) {
			XGROW(*files, cap, *nfiles + 1);
			(*files)[(*nfiles)++] = list[i];
		}
		free(list);
		free(dirs[k]);
	}
	for (i = 0; i < cli->ncatalog_paths; i++) {
		XGROW(*files, cap, *nfiles + 1);
		(*files)[(*nfiles)++] = xstrdup(cli->catalog_paths[i]);
	}
	for (i = 0; i < (size_t)nargs; i++) {
		XGROW(*files, cap, *nfiles + 1);
		(*files)[(*nfiles)++] = xstrdup(args[i]);
	}
}

static int
do_validate(struct cli *cli, int nargs, char **args)
{
	struct catalog *cat = catalog_new();
	char *schema = xasprintf("%s/catalog/catalog.rng", paths_datadir());
	char **files;
	size_t nfiles, i, bad_files = 0;
	struct mlf_err e;
	int rc = 0;

	if (cli->format == FORMAT_CSV)
		return free(schema), catalog_free(cat),
		       cli_fail(cli, MLF_E_USAGE, "catalog validate: --format table or json");
	collect_files(cli, nargs, args, &files, &nfiles);
	for (i = 0; i < nfiles; i++)
		if (catalog_load(cat, files[i], schema, &e) < 0)
			bad_files++;
	/*
	 * References and parameters are checked even when a file had problems,
	 * so that one run lists them all; what a rejected file defines is
	 * missing, so a reference to it is reported too, which is true.
	 */
	if (cat->schema != NULL) {
		catalog_finish(cat, &e);
		estimate_check_params(cat);
	}
	if (cli->format == FORMAT_JSON) {
		write_diags_json(cat, nfiles, cli->out);
		cli->out_on_error = true;
	} else {
		print_diags(cat, 0);
	}
	if (cat->ndiags > 0)
		rc = cli_fail(cli, MLF_E_DATA, "%zu problem%s in the catalog (%zu file%s rejected)",
			      cat->ndiags, cat->ndiags == 1 ? "" : "s", bad_files,
			      bad_files == 1 ? "" : "s");
	else if (cli->format == FORMAT_JSON)
		;
	else if (cli->verbosity >= 0)
		fprintf(cli->out, "%zu files, %zu devices, %zu providers, %zu sites, "
			"%zu countries: no problems\n", nfiles, cat->ndevices, cat->nproviders,
			cat->nsites, cat->ncountries);
	for (i = 0; i < nfiles; i++)
		free(files[i]);
	free(files);
	free(schema);
	catalog_free(cat);
	return rc;
}

/* ---- dispatch ---- */

enum { OPT_KIND = OPT_FIRST_COMMAND_OPTION, OPT_PROVIDER, OPT_COUNTRY };

static int
catalog_option(void *ctx, struct cli *cli, int opt, const char *arg)
{
	struct filters *f = ctx;

	switch (opt) {
	case OPT_KIND:
		f->kind = catalog_kind_parse(arg);
		if (f->kind < 0)
			return cli_fail(cli, MLF_E_USAGE,
					"unknown kind '%s' (cpu, gpu, tpu, npu or asic)", arg), -1;
		return 1;
	case OPT_PROVIDER:
		f->provider = arg;
		return 1;
	case OPT_COUNTRY:
		f->country = arg;
		return 1;
	default:
		return 0;
	}
}

static bool
known_provider(const struct catalog *cat, const char *id)
{
	size_t i;

	for (i = 0; i < cat->nproviders; i++)
		if (str_casecmp(cat->providers[i].id, id) == 0)
			return true;
	return false;
}

int
cmd_catalog(struct cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
		CLI_COMMON_LONGOPTS,
		{ "kind", required_argument, NULL, OPT_KIND },
		{ "provider", required_argument, NULL, OPT_PROVIDER },
		{ "country", required_argument, NULL, OPT_COUNTRY },
		{ NULL, 0, NULL, 0 }
	};
	struct filters f = { .kind = -1 };
	const char *action;
	int rc = cli_parse(cli, argc, argv, longopts, usage, catalog_option, &f);

	if (rc != 0)
		return rc < 0 ? 0 : rc;
	argc -= optind;
	argv += optind;
	if (argc < 1)
		return cli_fail(cli, MLF_E_USAGE, "catalog: say list, show or validate "
				"(see 'mlfit catalog --help')");
	action = argv[0];
	if (strcmp(action, "list") == 0) {
		if (argc > 2)
			return cli_fail(cli, MLF_E_USAGE, "catalog list: one kind at a time");
		rc = do_list(cli, argc == 2 ? argv[1] : NULL, &f);
		if (rc == 0 && f.provider && !known_provider(cli->cat, f.provider))
			rc = cli_unknown_id(cli, "provider", f.provider);
		return rc;
	}
	if (f.kind >= 0 || f.provider != NULL || f.country != NULL)
		return cli_fail(cli, MLF_E_USAGE, "--kind, --provider and --country filter 'catalog "
				"list'; not with 'catalog %s'", action);
	if (strcmp(action, "show") == 0) {
		if (argc != 2)
			return cli_fail(cli, MLF_E_USAGE, "catalog show: give exactly one ID");
		return do_show(cli, argv[1]);
	}
	if (strcmp(action, "validate") == 0)
		return do_validate(cli, argc - 1, argv + 1);
	return cli_fail(cli, MLF_E_USAGE, "catalog: unknown action '%s' (list, show or validate)",
			action);
}
