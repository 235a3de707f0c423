/*
 * catalog.c — lookups, names and the semantic checks of a loaded catalog.
 *
 * Pointers between entries (an instance's accelerator, a price's region) are
 * set here, in catalog_finish(), and not while loading: overlays may still
 * replace entries and the arrays may still move until the last file is in.
 */
#include "config.h"

#include "catalog.h"

#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "strutil.h"
#include "xalloc.h"

static const char *const kind_names[KIND_COUNT] = { "cpu", "gpu", "tpu", "npu", "asic" };
static const char *const mem_level_names[MEM_LEVEL_COUNT] = { "rf", "noc", "sram", "dram" };

const char *
catalog_kind_name(enum device_kind kind)
{
	return kind < KIND_COUNT ? kind_names[kind] : "?";
}

static int
index_of(const char *const *names, int n, const char *name)
{
	int i;

	for (i = 0; i < n; i++)
		if (strcmp(names[i], name) == 0)
			return i;
	return -1;
}

int
catalog_kind_parse(const char *name)
{
	return index_of(kind_names, KIND_COUNT, name);
}

const char *
catalog_mem_level_name(enum mem_level level)
{
	return level < MEM_LEVEL_COUNT ? mem_level_names[level] : "?";
}

/*
 * One hash index per id space, so that catalog_finish()'s reference checks
 * and the commands' lookups cost O(1) each rather than a scan: an overlay of
 * 40,000 sources referenced 40,000 times must stay linear.
 */
#define PARAM_MEMO_SLOTS 256

struct catalog_index {
	struct str_index sources, devices, nodes, providers, sites, countries, zones, energy;
	/* the last param found for each call site's id pointer, checked by strcmp */
	const struct cat_param *param_memo[PARAM_MEMO_SLOTS];
	struct str_index *regions, *instances;	/* one per provider */
	size_t nproviders;
};

#define INDEX_ARRAY(ix, arr, n)                                 \
	do {                                                    \
		size_t i_;                                      \
		for (i_ = 0; i_ < (n); i_++)                    \
			str_index_put(&(ix), (arr)[i_].id, i_, NULL); \
	} while (0)

static void
build_index(struct catalog *cat)
{
	struct catalog_index *x = xcalloc(1, sizeof(*x));
	size_t i;

	INDEX_ARRAY(x->sources, cat->sources, cat->nsources);
	INDEX_ARRAY(x->devices, cat->devices, cat->ndevices);
	INDEX_ARRAY(x->nodes, cat->nodes, cat->nnodes);
	INDEX_ARRAY(x->providers, cat->providers, cat->nproviders);
	INDEX_ARRAY(x->sites, cat->sites, cat->nsites);
	INDEX_ARRAY(x->countries, cat->countries, cat->ncountries);
	INDEX_ARRAY(x->zones, cat->zones, cat->nzones);
	INDEX_ARRAY(x->energy, cat->energy_sources, cat->nenergy_sources);
	x->nproviders = cat->nproviders;
	x->regions = xcalloc(cat->nproviders + 1, sizeof(*x->regions));
	x->instances = xcalloc(cat->nproviders + 1, sizeof(*x->instances));
	for (i = 0; i < cat->nproviders; i++) {
		INDEX_ARRAY(x->regions[i], cat->providers[i].regions, cat->providers[i].nregions);
		INDEX_ARRAY(x->instances[i], cat->providers[i].instances,
			    cat->providers[i].ninstances);
	}
	cat->index = x;
}

void
catalog_drop_index(struct catalog *cat)
{
	struct catalog_index *x = cat->index;
	size_t i;

	if (x == NULL)
		return;
	str_index_release(&x->sources);
	str_index_release(&x->devices);
	str_index_release(&x->nodes);
	str_index_release(&x->providers);
	str_index_release(&x->sites);
	str_index_release(&x->countries);
	str_index_release(&x->zones);
	str_index_release(&x->energy);
	for (i = 0; i < x->nproviders; i++) {
		str_index_release(&x->regions[i]);
		str_index_release(&x->instances[i]);
	}
	free(x->regions);
	free(x->instances);
	free(x);
	cat->index = NULL;
}

struct catalog *
catalog_new(void)
{
	struct catalog *cat = xcalloc(1, sizeof(*cat));

	arena_init(&cat->arena);
	return cat;
}

void
catalog_free(struct catalog *cat)
{
	if (cat == NULL)
		return;
	catalog_xml_release(cat);
	catalog_drop_index(cat);
	free(cat->sources);
	free(cat->devices);
	free(cat->nodes);
	free(cat->providers);
	free(cat->sites);
	free(cat->countries);
	free(cat->zones);
	free(cat->energy_sources);
	free(cat->params);
	free(cat->diags);
	free(cat->files);
	arena_release(&cat->arena);
	free(cat);
}

void
catalog_add_diag(struct catalog *cat, const char *file, int line, const char *fmt, ...)
{
	char msg[MLF_ERR_MSG_MAX];
	struct catalog_diag *d;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	XGROW(cat->diags, cat->cap_diags, cat->ndiags + 1);
	d = &cat->diags[cat->ndiags++];
	d->file = file;
	d->line = line;
	d->msg = arena_strdup(&cat->arena, msg);
}

/* ---- lookups ---- */

#define FIND_LINEAR(arr, n, key)                                \
	do {                                                    \
		size_t i_;                                      \
		for (i_ = 0; i_ < (n); i_++)                    \
			if (strcmp((arr)[i_].id, (key)) == 0)   \
				return &(arr)[i_];              \
		return NULL;                                    \
	} while (0)

/* By the index once catalog_finish() has built it, by a scan before. */
#define FIND_BY_ID(field, arr, n, key)                                          \
	do {                                                                    \
		size_t at_;                                                     \
		if (cat->index == NULL)                                         \
			FIND_LINEAR(arr, n, key);                               \
		return str_index_get(&cat->index->field, (key), &at_) ? &(arr)[at_] : NULL; \
	} while (0)

const struct cat_device *
catalog_find_device(const struct catalog *cat, const char *id)
{
	FIND_BY_ID(devices, cat->devices, cat->ndevices, id);
}

const struct cat_node *
catalog_find_node(const struct catalog *cat, const char *id)
{
	FIND_BY_ID(nodes, cat->nodes, cat->nnodes, id);
}

const struct cat_provider *
catalog_find_provider(const struct catalog *cat, const char *id)
{
	FIND_BY_ID(providers, cat->providers, cat->nproviders, id);
}

const struct cat_site *
catalog_find_site(const struct catalog *cat, const char *id)
{
	FIND_BY_ID(sites, cat->sites, cat->nsites, id);
}

const struct cat_grid *
catalog_find_country(const struct catalog *cat, const char *code)
{
	FIND_BY_ID(countries, cat->countries, cat->ncountries, code);
}

const struct cat_grid *
catalog_find_zone(const struct catalog *cat, const char *id)
{
	FIND_BY_ID(zones, cat->zones, cat->nzones, id);
}

const struct cat_source *
catalog_find_source(const struct catalog *cat, const char *id)
{
	FIND_BY_ID(sources, cat->sources, cat->nsources, id);
}

static int
param_cmp(const void *a, const void *b)
{
	return strcmp(((const struct cat_param *)a)->id, ((const struct cat_param *)b)->id);
}

/*
 * Parameters are looked up by every estimate, thousands of times in a
 * recommendation, so catalog_finish() sorts them for a binary search.
 */
const struct cat_param *
catalog_find_param(const struct catalog *cat, const char *id)
{
	struct cat_param key;
	const struct cat_param **memo, *p;

	if (!cat->finished)
		FIND_LINEAR(cat->params, cat->nparams, id);
	/* Most ids are string literals, asked for again by every candidate, so a
	 * slot per id pointer answers them with one strcmp; a reused buffer with
	 * other text only misses. */
	memo = cat->index ? &cat->index->param_memo[((uintptr_t)id >> 3) % PARAM_MEMO_SLOTS]
			  : NULL;
	if (memo && *memo && strcmp((*memo)->id, id) == 0)
		return *memo;
	key.id = id;
	p = cat->nparams ? bsearch(&key, cat->params, cat->nparams, sizeof(key), param_cmp)
			 : NULL;
	if (memo && p)
		*memo = p;
	return p;
}

static const struct cat_energy_source *
find_energy(const struct catalog *cat, const char *id)
{
	FIND_BY_ID(energy, cat->energy_sources, cat->nenergy_sources, id);
}

static const struct cat_region *
local_region(const struct catalog *cat, const struct cat_provider *p, const char *id)
{
	size_t at;

	if (cat->index == NULL)
		FIND_LINEAR(p->regions, p->nregions, id);
	return str_index_get(&cat->index->regions[p - cat->providers], id, &at)
	       ? &p->regions[at] : NULL;
}

/* Splits "provider:id" and finds the provider; *local points after ':'. */
static const struct cat_provider *
split_scoped(const struct catalog *cat, const char *full_id, const char **local)
{
	const char *colon = strchr(full_id, ':');
	size_t i;

	if (colon == NULL)
		return NULL;
	if (cat->index != NULL) {
		if (!str_index_getn(&cat->index->providers, full_id, (size_t)(colon - full_id), &i))
			return NULL;
		*local = colon + 1;
		return &cat->providers[i];
	}
	for (i = 0; i < cat->nproviders; i++) {
		const char *pid = cat->providers[i].id;

		if (strlen(pid) == (size_t)(colon - full_id) &&
		    strncmp(pid, full_id, (size_t)(colon - full_id)) == 0) {
			*local = colon + 1;
			return &cat->providers[i];
		}
	}
	return NULL;
}

const struct cat_region *
catalog_find_region(const struct catalog *cat, const char *full_id)
{
	const char *local;
	const struct cat_provider *p = split_scoped(cat, full_id, &local);

	if (p == NULL)
		return NULL;
	return local_region(cat, p, local);
}

const struct cat_instance *
catalog_find_instance(const struct catalog *cat, const char *full_id)
{
	const char *local;
	const struct cat_provider *p = split_scoped(cat, full_id, &local);
	size_t at;

	if (p == NULL)
		return NULL;
	if (cat->index == NULL)
		FIND_LINEAR(p->instances, p->ninstances, local);
	return str_index_get(&cat->index->instances[p - cat->providers], local, &at)
	       ? &p->instances[at] : NULL;
}

const struct cat_price *
catalog_instance_price(const struct cat_instance *inst, const struct cat_region *region)
{
	size_t i;

	for (i = 0; i < inst->nprices; i++)
		if (inst->prices[i].region == region)
			return &inst->prices[i];
	return NULL;
}

int
catalog_param(const struct catalog *cat, const char *id, enum unit_dim dim,
	      struct figure *out, struct mlf_err *err)
{
	const struct cat_param *p = catalog_find_param(cat, id);

	if (p == NULL)
		return mlf_err_set(err, MLF_E_DATA,
				   "the catalog has no parameter '%s' (data/defaults.xml defines it)", id);
	if (p->value.dim != dim)
		return mlf_err_set(err, MLF_E_DATA, "%s:%d: param '%s' must be %s %s such as '%s'",
				   p->at.file, p->at.line, id, units_dim_article(dim),
				   units_dim_name(dim), units_dim_example(dim));
	*out = p->value;
	return 0;
}

/* ---- suggestions ---- */

static size_t
collect_ids(const struct catalog *cat, const char *kind, const char ***out)
{
	const char **ids = NULL;
	size_t n = 0, cap = 0, i, j;

#define ADD(s) do { XGROW(ids, cap, n + 1); ids[n++] = (s); } while (0)
	if (strcmp(kind, "device") == 0)
		for (i = 0; i < cat->ndevices; i++)
			ADD(cat->devices[i].id);
	else if (strcmp(kind, "node") == 0)
		for (i = 0; i < cat->nnodes; i++)
			ADD(cat->nodes[i].id);
	else if (strcmp(kind, "provider") == 0)
		for (i = 0; i < cat->nproviders; i++)
			ADD(cat->providers[i].id);
	else if (strcmp(kind, "site") == 0)
		for (i = 0; i < cat->nsites; i++)
			ADD(cat->sites[i].id);
	else if (strcmp(kind, "country") == 0)
		for (i = 0; i < cat->ncountries; i++)
			ADD(cat->countries[i].id);
	else if (strcmp(kind, "region") == 0)
		for (i = 0; i < cat->nproviders; i++)
			for (j = 0; j < cat->providers[i].nregions; j++)
				ADD(cat->providers[i].regions[j].full_id);
	else if (strcmp(kind, "instance") == 0)
		for (i = 0; i < cat->nproviders; i++)
			for (j = 0; j < cat->providers[i].ninstances; j++)
				ADD(cat->providers[i].instances[j].full_id);
#undef ADD
	*out = ids;
	return n;
}

size_t
catalog_suggest(const struct catalog *cat, const char *kind, const char *word,
		const char **out, size_t max)
{
	const char **ids;
	size_t n = collect_ids(cat, kind, &ids), found;

	found = str_nearest(word, ids, n, out, max);
	free(ids);
	return found;
}

/* ---- semantic checks ---- */

struct checker {
	struct catalog *cat;
	int problems;
};

static void __attribute__((format(printf, 4, 5)))
bad(struct checker *ck, const char *file, int line, const char *fmt, ...)
{
	char msg[MLF_ERR_MSG_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	catalog_add_diag(ck->cat, file, line, "%s", msg);
	ck->problems++;
}

static void
check_sources(struct checker *ck, const struct strlist *l, const struct origin *at,
	      const char *what, const char *id)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (catalog_find_source(ck->cat, l->items[i]) == NULL)
			bad(ck, at->file, at->line, "%s '%s': unknown source '%s'", what, id,
			    l->items[i]);
}

static void
check_figure_source(struct checker *ck, const struct figure *f, const char *file)
{
	if (f->set && f->source != NULL && catalog_find_source(ck->cat, f->source) == NULL)
		bad(ck, file, f->line, "unknown source '%s'", f->source);
}

static void
check_device(struct checker *ck, struct cat_device *d)
{
	const struct figure *figs[] = {
		&d->process, &d->tdp, &d->idle, &d->memory, &d->bandwidth, &d->interconnect,
		&d->price, &d->embodied, &d->lifetime,
	};
	size_t i;
	bool any_peak = false;

	check_sources(ck, &d->sources, &d->at, "device", d->id);
	for (i = 0; i < sizeof(figs) / sizeof(figs[0]); i++)
		check_figure_source(ck, figs[i], d->at.file);
	for (i = 0; i < PREC_COUNT; i++) {
		check_figure_source(ck, &d->peak[i], d->at.file);
		check_figure_source(ck, &d->mac_energy[i], d->at.file);
		any_peak |= d->peak[i].set;
	}
	for (i = 0; i < MEM_LEVEL_COUNT; i++)
		check_figure_source(ck, &d->access_energy[i], d->at.file);
	if (!any_peak)
		bad(ck, d->at.file, d->at.line, "device '%s': no peak throughput", d->id);
	if (d->idle.set && d->tdp.set && d->idle.v > d->tdp.v)
		bad(ck, d->at.file, d->idle.line, "device '%s': idle power %g W is above its TDP %g W",
		    d->id, d->idle.v, d->tdp.v);
}

static void
check_body(struct checker *ck, struct cat_node_body *b, const char *what, const char *id,
	   const char *file)
{
	const struct figure *figs[] = {
		&b->ram, &b->host_power, &b->intra_bandwidth, &b->inter_bandwidth, &b->embodied,
	};
	size_t i;

	for (i = 0; i < sizeof(figs) / sizeof(figs[0]); i++)
		check_figure_source(ck, figs[i], file);
	b->accel = b->accel_ref ? catalog_find_device(ck->cat, b->accel_ref) : NULL;
	if (b->accel == NULL) {
		const char *near[1];
		size_t n = catalog_suggest(ck->cat, "device", b->accel_ref ? b->accel_ref : "",
					   near, 1);

		bad(ck, b->accel_at.file, b->accel_at.line, "%s '%s': unknown device '%s'%s%s%s",
		    what, id, b->accel_ref ? b->accel_ref : "", n ? " (did you mean '" : "",
		    n ? near[0] : "", n ? "'?)" : "");
	}
	if (b->accel_count != floor(b->accel_count))
		bad(ck, b->accel_at.file, b->accel_at.line,
		    "%s '%s': fractional accelerator counts are not supported", what, id);
	if (b->cpu_ref != NULL) {
		b->cpu = catalog_find_device(ck->cat, b->cpu_ref);
		if (b->cpu == NULL)
			bad(ck, b->cpu_at.file, b->cpu_at.line, "%s '%s': unknown cpu '%s'",
			    what, id, b->cpu_ref);
		else if (b->cpu->kind != KIND_CPU)
			bad(ck, b->cpu_at.file, b->cpu_at.line, "%s '%s': '%s' is a %s, not a cpu",
			    what, id, b->cpu_ref, catalog_kind_name(b->cpu->kind));
	}
}

static void
check_node(struct checker *ck, struct cat_node *n)
{
	check_sources(ck, &n->sources, &n->at, "node", n->id);
	check_body(ck, &n->body, "node", n->id, n->at.file);
	check_figure_source(ck, &n->price, n->at.file);
	check_figure_source(ck, &n->lifetime, n->at.file);
}

/*
 * A place must name a known country and zone; since every country has an
 * intensity or a mix (checked on load), that also gives it an intensity.
 */
static void
check_place(struct checker *ck, const char *what, const char *id, const char *country,
	    const char *zone, const struct origin *at)
{
	if (country == NULL || catalog_find_country(ck->cat, country) == NULL)
		bad(ck, at->file, at->line, "%s '%s': unknown country '%s', so no carbon intensity",
		    what, id, country ? country : "");
	if (zone != NULL && catalog_find_zone(ck->cat, zone) == NULL)
		bad(ck, at->file, at->line, "%s '%s': unknown grid zone '%s'", what, id, zone);
}

static void
check_region(struct checker *ck, struct cat_provider *p, struct cat_region *r)
{
	size_t len = strlen(p->id) + strlen(r->id) + 2;
	char *full = arena_alloc(&ck->cat->arena, len);

	snprintf(full, len, "%s:%s", p->id, r->id);
	r->full_id = full;
	r->provider = p;
	check_sources(ck, &r->sources, &r->at, "region", r->full_id);
	check_figure_source(ck, &r->grid, r->at.file);
	check_figure_source(ck, &r->pue, r->at.file);
	check_figure_source(ck, &r->cfe, r->at.file);
	check_place(ck, "region", r->full_id, r->country, r->zone, &r->at);
}


static void
check_instance(struct checker *ck, struct cat_provider *p, struct cat_instance *in)
{
	size_t i, len = strlen(p->id) + strlen(in->id) + 2;
	char *s = arena_alloc(&ck->cat->arena, len);

	snprintf(s, len, "%s:%s", p->id, in->id);
	in->full_id = s;
	in->provider = p;
	check_sources(ck, &in->sources, &in->at, "instance", in->full_id);
	check_body(ck, &in->body, "instance", in->full_id, in->at.file);
	for (i = 0; i < in->nprices; i++) {
		struct cat_price *pr = &in->prices[i];

		check_figure_source(ck, &pr->price, in->at.file);
		pr->region = local_region(ck->cat, p, pr->region_id);
		if (pr->region == NULL)
			bad(ck, in->at.file, pr->price.line,
			    "instance '%s': price for unknown region '%s'", in->full_id,
			    pr->region_id);
		if (pr->date == NULL)
			bad(ck, in->at.file, pr->price.line,
			    "instance '%s': price for '%s' has no date", in->full_id, pr->region_id);
		if (pr->spot.set && pr->spot.v > pr->price.v * 1.5)
			bad(ck, in->at.file, pr->price.line,
			    "instance '%s': spot price in '%s' is far above the on-demand price",
			    in->full_id, pr->region_id);
	}
}

static void
check_provider(struct checker *ck, struct cat_provider *p)
{
	size_t i;

	check_sources(ck, &p->sources, &p->at, "provider", p->id);
	check_figure_source(ck, &p->pue, p->at.file);
	for (i = 0; i < p->nregions; i++)
		check_region(ck, p, &p->regions[i]);
	for (i = 0; i < p->ninstances; i++)
		check_instance(ck, p, &p->instances[i]);
}

static void
check_site_nodes(struct checker *ck, const struct cat_site *s, struct cat_site_nodes *arr,
		 size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		arr[i].node = catalog_find_node(ck->cat, arr[i].node_ref);
		if (arr[i].node == NULL)
			bad(ck, arr[i].at.file, arr[i].at.line, "site '%s': unknown node '%s'",
			    s->id, arr[i].node_ref);
	}
}

static void
check_site(struct checker *ck, struct cat_site *s)
{
	size_t i;

	check_sources(ck, &s->sources, &s->at, "site", s->id);
	check_figure_source(ck, &s->pue, s->at.file);
	check_figure_source(ck, &s->electricity_price, s->at.file);
	check_figure_source(ck, &s->power_cap, s->at.file);
	check_place(ck, "site", s->id, s->country, s->zone, &s->at);
	check_site_nodes(ck, s, s->owned, s->nowned);
	check_site_nodes(ck, s, s->buyable, s->nbuyable);
	for (i = 0; i < s->nbuyable; i++)
		if (s->buyable[i].node != NULL && !s->buyable[i].node->price.set)
			bad(ck, s->buyable[i].at.file, s->buyable[i].at.line,
			    "site '%s': node '%s' is buyable but has no price", s->id,
			    s->buyable[i].node_ref);
}

static void
check_grid(struct checker *ck, struct cat_grid *g, const char *what)
{
	size_t i;

	check_sources(ck, &g->sources, &g->at, what, g->id);
	check_figure_source(ck, &g->intensity, g->at.file);
	check_figure_source(ck, &g->mix_info, g->at.file);
	for (i = 0; i < g->nmix; i++) {
		g->mix[i].source = find_energy(ck->cat, g->mix[i].energy);
		if (g->mix[i].source == NULL)
			bad(ck, g->at.file, g->mix[i].line, "%s '%s': unknown energy source '%s'",
			    what, g->id, g->mix[i].energy);
	}
}

/* Devices, nodes, providers and sites share one id space (catalog show ID). */
static void
check_id_space(struct checker *ck)
{
	const struct catalog *cat = ck->cat;
	size_t i;

	for (i = 0; i < cat->nnodes; i++)
		if (catalog_find_device(cat, cat->nodes[i].id))
			bad(ck, cat->nodes[i].at.file, cat->nodes[i].at.line,
			    "node id '%s' is already a device id", cat->nodes[i].id);
	for (i = 0; i < cat->nproviders; i++)
		if (catalog_find_device(cat, cat->providers[i].id) ||
		    catalog_find_node(cat, cat->providers[i].id))
			bad(ck, cat->providers[i].at.file, cat->providers[i].at.line,
			    "provider id '%s' is already used", cat->providers[i].id);
	for (i = 0; i < cat->nsites; i++)
		if (catalog_find_device(cat, cat->sites[i].id) ||
		    catalog_find_node(cat, cat->sites[i].id) ||
		    catalog_find_provider(cat, cat->sites[i].id))
			bad(ck, cat->sites[i].at.file, cat->sites[i].at.line,
			    "site id '%s' is already used", cat->sites[i].id);
}

int
catalog_finish(struct catalog *cat, struct mlf_err *err)
{
	struct checker ck = { .cat = cat };
	size_t first = cat->ndiags, i;

	catalog_drop_index(cat);
	build_index(cat);
	for (i = 0; i < cat->ndevices; i++)
		check_device(&ck, &cat->devices[i]);
	for (i = 0; i < cat->nnodes; i++)
		check_node(&ck, &cat->nodes[i]);
	for (i = 0; i < cat->nproviders; i++)
		check_provider(&ck, &cat->providers[i]);
	for (i = 0; i < cat->nsites; i++)
		check_site(&ck, &cat->sites[i]);
	for (i = 0; i < cat->ncountries; i++)
		check_grid(&ck, &cat->countries[i], "country");
	for (i = 0; i < cat->nzones; i++) {
		check_grid(&ck, &cat->zones[i], "zone");
		if (catalog_find_country(cat, cat->zones[i].country) == NULL)
			bad(&ck, cat->zones[i].at.file, cat->zones[i].at.line,
			    "zone '%s': unknown country '%s'", cat->zones[i].id,
			    cat->zones[i].country);
	}
	for (i = 0; i < cat->nenergy_sources; i++)
		check_sources(&ck, &cat->energy_sources[i].sources, &cat->energy_sources[i].at,
			      "energy-source", cat->energy_sources[i].id);
	for (i = 0; i < cat->nparams; i++)
		check_sources(&ck, &cat->params[i].sources, &cat->params[i].at, "param",
			      cat->params[i].id);
	check_id_space(&ck);
	if (cat->nparams > 1)
		qsort(cat->params, cat->nparams, sizeof(*cat->params), param_cmp);
	cat->finished = true;
	if (ck.problems == 0)
		return 0;
	{
		const struct catalog_diag *d = &cat->diags[first];

		return mlf_err_set(err, MLF_E_DATA, "%s:%d: %s", d->file ? d->file : "catalog",
				   d->line, d->msg);
	}
}
