/*
 * candidates.c — enumerating placements from the catalog (see candidates.h).
 *
 * The count ladder doubles (1, 2, 4 … units) up to the device limit, plus
 * the limit itself when it is not on the ladder, because doubling is how
 * data-parallel jobs are usually scaled and the ladder keeps the candidate
 * count near 2,000 for the whole shipped catalog once dominated regions are
 * gone.  An on-prem node type stops at what the site owns (and, for plan,
 * may buy).
 */
#include "config.h"

#include "candidates.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "strutil.h"
#include "xalloc.h"

const char *const candidates_eu_countries[] = {
	"AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE",
	"IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE", NULL
};

#define MAX_LADDER 40

/* ---- filters ---- */

void
candidates_filter_init(struct cand_filter *f)
{
	memset(f, 0, sizeof(*f));
	f->region_prune = true;
	f->sunk = true;
}

int
candidates_owned_cost_parse(const char *name, bool *sunk)
{
	if (strcmp(name, "sunk") == 0)
		*sunk = true;
	else if (strcmp(name, "amortised") == 0 || strcmp(name, "amortized") == 0)
		*sunk = false;
	else
		return -1;
	return 0;
}

void
candidates_filter_release(struct cand_filter *f)
{
	free(f->providers);
	free(f->regions);
	free(f->countries);
	free(f->devices);
	free(f->sites);
	candidates_filter_init(f);
}

#define COPY_ARRAY(dst, src, field, nfield, capfield)                                   \
	do {                                                                            \
		(dst)->field = NULL;                                                    \
		(dst)->capfield = 0;                                                    \
		if ((src)->nfield > 0) {                                                \
			XGROW((dst)->field, (dst)->capfield, (src)->nfield);            \
			memcpy((void *)(dst)->field, (const void *)(src)->field,        \
			       (src)->nfield * sizeof(*(src)->field));                  \
		}                                                                       \
	} while (0)

void
candidates_filter_copy(struct cand_filter *dst, const struct cand_filter *src)
{
	*dst = *src;
	COPY_ARRAY(dst, src, providers, nproviders, cap_providers);
	COPY_ARRAY(dst, src, regions, nregions, cap_regions);
	COPY_ARRAY(dst, src, countries, ncountries, cap_countries);
	COPY_ARRAY(dst, src, devices, ndevices, cap_devices);
	COPY_ARRAY(dst, src, sites, nsites, cap_sites);
}

void
candidates_filter_clear(struct cand_filter *f, enum cand_dim dim)
{
	switch (dim) {
	case CAND_PROVIDERS:
		f->nproviders = 0;
		break;
	case CAND_REGIONS:
		f->nregions = 0;
		break;
	case CAND_COUNTRIES:
		f->ncountries = 0;
		break;
	case CAND_DEVICES:
		f->ndevices = 0;
		break;
	case CAND_KINDS:
		f->kinds = 0;
		break;
	}
	f->dims_set &= ~(1u << dim);
}

const char *
candidates_dim_option(enum cand_dim dim)
{
	static const char *const names[] = {
		[CAND_PROVIDERS] = "--providers", [CAND_REGIONS] = "--regions",
		[CAND_COUNTRIES] = "--countries", [CAND_DEVICES] = "--devices",
		[CAND_KINDS] = "--kind",
	};

	return names[dim];
}

static int
unknown(const struct catalog *cat, const char *kind, const char *word, const char *option,
	struct mlf_err *err)
{
	const char *near[2];
	size_t n = catalog_suggest(cat, kind, word, near, 2);

	if (n == 0)
		return mlf_err_set(err, MLF_E_USAGE, "%s: unknown %s '%s' (see 'mlfit catalog list %ss')",
				   option, kind, word, kind);
	if (n == 1)
		return mlf_err_set(err, MLF_E_USAGE, "%s: unknown %s '%s'; did you mean '%s'?", option,
				   kind, word, near[0]);
	return mlf_err_set(err, MLF_E_USAGE, "%s: unknown %s '%s'; did you mean '%s' or '%s'?",
			   option, kind, word, near[0], near[1]);
}

/* An unknown region id without a provider: suggest among the bare ids. */
static int
unknown_bare_region(const struct catalog *cat, const char *id, const char *option,
		    struct mlf_err *err)
{
	const char **ids = NULL, *near[1];
	size_t n = 0, cap = 0, i, j;

	for (i = 0; i < cat->nproviders; i++) {
		for (j = 0; j < cat->providers[i].nregions; j++) {
			XGROW(ids, cap, n + 1);
			ids[n++] = cat->providers[i].regions[j].id;
		}
	}
	n = str_nearest(id, ids, n, near, 1);
	free(ids);
	if (n == 0)
		return unknown(cat, "region", id, option, err);
	return mlf_err_set(err, MLF_E_USAGE, "%s: unknown region '%s'; did you mean '%s'?", option,
			   id, near[0]);
}

/* Regions called `id` ("gcp:europe-west4", or "europe-west4" at any provider). */
static size_t
add_regions(struct cand_filter *f, const struct catalog *cat, const char *id)
{
	size_t i, j, found = 0;

	for (i = 0; i < cat->nproviders; i++) {
		const struct cat_provider *p = &cat->providers[i];

		for (j = 0; j < p->nregions; j++) {
			if (strcmp(p->regions[j].full_id, id) != 0 && strcmp(p->regions[j].id, id) != 0)
				continue;
			XGROW(f->regions, f->cap_regions, f->nregions + 1);
			f->regions[f->nregions++] = &p->regions[j];
			found++;
		}
	}
	return found;
}

static void
add_country(struct cand_filter *f, const char *code)
{
	XGROW(f->countries, f->cap_countries, f->ncountries + 1);
	f->countries[f->ncountries++] = code;
}

static int
add_one(struct cand_filter *f, const struct catalog *cat, enum cand_dim dim, const char *id,
	struct mlf_err *err)
{
	const char *opt = candidates_dim_option(dim);
	const struct cat_provider *p;
	const struct cat_device *d;
	const struct cat_grid *g;
	size_t i;
	int k;

	switch (dim) {
	case CAND_PROVIDERS:
		if ((p = catalog_find_provider(cat, id)) == NULL)
			return unknown(cat, "provider", id, opt, err);
		XGROW(f->providers, f->cap_providers, f->nproviders + 1);
		f->providers[f->nproviders++] = p;
		return 0;
	case CAND_REGIONS:
		if (add_regions(f, cat, id) > 0)
			return 0;
		return strchr(id, ':') ? unknown(cat, "region", id, opt, err)
				       : unknown_bare_region(cat, id, opt, err);
	case CAND_COUNTRIES:
		if (strcmp(id, "EU") == 0) {
			for (i = 0; candidates_eu_countries[i] != NULL; i++)
				add_country(f, candidates_eu_countries[i]);
			return 0;
		}
		if ((g = catalog_find_country(cat, id)) == NULL)
			return unknown(cat, "country", id, opt, err);
		add_country(f, g->id);
		return 0;
	case CAND_DEVICES:
		if ((d = catalog_find_device(cat, id)) == NULL)
			return unknown(cat, "device", id, opt, err);
		XGROW(f->devices, f->cap_devices, f->ndevices + 1);
		f->devices[f->ndevices++] = d;
		return 0;
	case CAND_KINDS:
		if ((k = catalog_kind_parse(id)) < 0)
			return mlf_err_set(err, MLF_E_USAGE,
					   "%s: unknown device kind '%s' (use cpu, gpu, tpu, npu or asic)",
					   opt, id);
		f->kinds |= 1u << k;
		return 0;
	}
	return 0;
}

int
candidates_filter_add(struct cand_filter *f, const struct catalog *cat, enum cand_dim dim,
		      const char *list, struct mlf_err *err)
{
	char *copy = xstrdup(list), *items[256];
	size_t n = str_split_commas(copy, items, sizeof(items) / sizeof(items[0])), i;
	int rc = 0;

	for (i = 0; i < n && rc == 0; i++)
		rc = add_one(f, cat, dim, items[i], err);
	if (rc == 0 && n == 0)
		rc = mlf_err_set(err, MLF_E_USAGE, "%s needs at least one id",
				 candidates_dim_option(dim));
	/* ids were looked up in the catalog: only catalog strings are kept */
	free(copy);
	if (rc == 0)
		f->dims_set |= 1u << dim;
	return rc;
}

int
candidates_filter_add_site(struct cand_filter *f, const struct catalog *cat, const char *id,
			   struct mlf_err *err)
{
	const struct cat_site *s = catalog_find_site(cat, id);
	size_t i;

	if (s == NULL)
		return unknown(cat, "site", id, "--on-prem", err);
	for (i = 0; i < f->nsites; i++)
		if (f->sites[i] == s)
			return 0;
	XGROW(f->sites, f->cap_sites, f->nsites + 1);
	f->sites[f->nsites++] = s;
	return 0;
}

/* ---- matching ---- */

static bool
country_ok(const struct cand_filter *f, const char *country)
{
	size_t i;

	if (f->ncountries == 0)
		return true;
	for (i = 0; i < f->ncountries; i++)
		if (country != NULL && strcmp(f->countries[i], country) == 0)
			return true;
	return false;
}

static bool
device_ok(const struct cand_filter *f, const struct cat_device *d)
{
	size_t i;

	if (d == NULL)
		return false;
	if (f->kinds != 0 && !(f->kinds & (1u << d->kind)))
		return false;
	if (f->ndevices == 0)
		return true;
	for (i = 0; i < f->ndevices; i++)
		if (f->devices[i] == d)
			return true;
	return false;
}

static bool
provider_ok(const struct cand_filter *f, const struct cat_provider *p)
{
	size_t i;

	if (f->nproviders == 0)
		return true;
	for (i = 0; i < f->nproviders; i++)
		if (f->providers[i] == p)
			return true;
	return false;
}

static bool
region_ok(const struct cand_filter *f, const struct cat_region *r)
{
	size_t i;

	if (!country_ok(f, r->country))
		return false;
	if (f->nregions == 0)
		return true;
	for (i = 0; i < f->nregions; i++)
		if (f->regions[i] == r)
			return true;
	return false;
}

/* ---- the ladder ---- */

/* Unit counts 1, 2, 4 … with units × unit_devices ≤ max_devices and units ≤ max_units. */
static size_t
ladder(unsigned unit_devices, unsigned max_devices, unsigned max_units, unsigned *out)
{
	unsigned top = unit_devices > 0 ? max_devices / unit_devices : 0, k;
	size_t n = 0;

	if (max_units > 0 && max_units < top)
		top = max_units;
	for (k = 1; k <= top && n < MAX_LADDER - 1; k *= 2)
		out[n++] = k;
	if (n > 0 && out[n - 1] != top)
		out[n++] = top;
	return n;
}

/* The ladder, or one unit when the optimiser scales the count itself. */
static size_t
counts(const struct cand_filter *f, unsigned unit_devices, unsigned max_devices,
       unsigned max_units, unsigned *out)
{
	if (!f->single_unit)
		return ladder(unit_devices, max_devices, max_units, out);
	out[0] = 1;
	return 1;
}

static struct candidate *
append(struct cand_set *s)
{
	struct candidate *c;

	XGROW(s->items, s->cap, s->n + 1);
	c = &s->items[s->n++];
	memset(c, 0, sizeof(*c));
	return c;
}

/* ---- cloud ---- */

double
candidates_region_intensity(const struct catalog *cat, const struct cat_region *r)
{
	struct grid_lookup g;
	double pue = r->pue.set ? r->pue.v : r->provider->pue.v;

	if (catalog_place_intensity(cat, r, NULL, NULL, &g, NULL) < 0)
		return 0;	/* the estimate will say why */
	return g.g_per_j * pue;
}

struct region_fig {
	const struct cat_region *r;
	double intensity, pue, price;
	bool keep;
};

/* Marks the regions that no other region of the instance type beats on all three. */
static size_t
prune_regions(struct region_fig *rf, size_t n)
{
	size_t i, j, kept = 0;

	for (i = 0; i < n; i++) {
		rf[i].keep = true;
		for (j = 0; j < n && rf[i].keep; j++) {
			bool le, lt;

			if (j == i)
				continue;
			le = rf[j].intensity <= rf[i].intensity && rf[j].pue <= rf[i].pue &&
			     rf[j].price <= rf[i].price;
			lt = rf[j].intensity < rf[i].intensity || rf[j].pue < rf[i].pue ||
			     rf[j].price < rf[i].price;
			if (le && (lt || j < i))
				rf[i].keep = false;
		}
		kept += rf[i].keep;
	}
	return kept;
}

static void
enumerate_instance(const struct catalog *cat, const struct cand_filter *f,
		   const struct cat_instance *in, unsigned max_devices, struct region_fig *rf,
		   struct cand_set *s)
{
	unsigned units[MAX_LADDER], unit = (unsigned)in->body.accel_count;
	size_t nl = counts(f, unit, max_devices, 0, units), nr = 0, i, k, first_offering;

	for (i = 0; i < in->nprices; i++) {
		const struct cat_price *p = &in->prices[i];

		if (p->region == NULL || !p->price.set || !region_ok(f, p->region))
			continue;
		rf[nr].r = p->region;
		rf[nr].pue = p->region->pue.set ? p->region->pue.v : in->provider->pue.v;
		rf[nr].intensity = candidates_region_intensity(cat, p->region);
		rf[nr].price = p->price.v;
		rf[nr].keep = true;
		nr++;
	}
	if (nr == 0 || nl == 0)
		return;
	s->enumerated += nr * nl;
	if (f->region_prune)
		s->region_pruned += (nr - prune_regions(rf, nr)) * nl;
	first_offering = s->noffering;
	for (i = 0; i < nr; i++)
		s->noffering += rf[i].keep;
	for (k = 0; k < nl; k++) {
		size_t off = first_offering;

		for (i = 0; i < nr; i++) {
			struct candidate *c;

			if (!rf[i].keep)
				continue;
			c = append(s);
			c->units = units[k];
			c->unit_devices = unit;
			c->pl.device = in->body.accel;
			c->pl.count = units[k] * unit;
			c->pl.instance = in;
			c->pl.region = rf[i].r;
			c->offering = off++;
			c->group = s->ngroup;
		}
		s->ngroup++;
	}
}

static void
enumerate_cloud(const struct catalog *cat, const struct cand_filter *f, unsigned max_devices,
		struct cand_set *s)
{
	struct region_fig *rf = NULL;
	size_t cap = 0, i, j;

	for (i = 0; i < cat->nproviders; i++) {
		const struct cat_provider *p = &cat->providers[i];

		if (!provider_ok(f, p))
			continue;
		for (j = 0; j < p->ninstances; j++) {
			const struct cat_instance *in = &p->instances[j];

			if (in->body.accel == NULL || in->body.accel_count < 1 ||
			    !device_ok(f, in->body.accel))
				continue;
			XGROW(rf, cap, in->nprices + 1);
			enumerate_instance(cat, f, in, max_devices, rf, s);
		}
	}
	free(rf);
}

/* ---- on-prem ---- */

static unsigned
sum_count(const struct cat_site_nodes *list, size_t n, const struct cat_node *node, bool *any,
	  bool *unlimited)
{
	unsigned total = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		if (list[i].node != node)
			continue;
		*any = true;
		if (list[i].count == 0)
			*unlimited = true;
		total += list[i].count;
	}
	return total;
}

static void
enumerate_node(const struct cand_filter *f, const struct cat_site *site, const struct cat_node *node,
	       unsigned max_devices, struct cand_set *s)
{
	bool owned_any = false, buy_any = false, unlimited = false, dummy = false;
	unsigned owned = sum_count(site->owned, site->nowned, node, &owned_any, &dummy);
	unsigned buy_max = 0, units[MAX_LADDER], unit = (unsigned)node->body.accel_count, cap;
	size_t nl, k;

	if (f->buyable)
		buy_max = sum_count(site->buyable, site->nbuyable, node, &buy_any, &unlimited);
	if (!buy_any)
		unlimited = false;
	if (owned == 0 && !buy_any)
		return;
	cap = unlimited ? 0 : owned + buy_max;
	nl = counts(f, unit, max_devices, cap, units);
	s->enumerated += nl;
	if (nl == 0)
		return;
	for (k = 0; k < nl; k++) {
		struct candidate *c = append(s);

		c->units = units[k];
		c->unit_devices = unit;
		c->pl.device = node->body.accel;
		c->pl.count = units[k] * unit;
		c->pl.site = site;
		c->pl.node = node;
		c->pl.sunk = f->sunk;
		c->onprem = true;
		c->owned = owned;
		c->buyable = buy_any;
		c->buy_max = unlimited ? 0 : buy_max;
		c->offering = s->noffering;
		c->group = s->ngroup++;
	}
	s->noffering++;
}

/* Each node type once, whether owned, buyable or both. */
static void
enumerate_site(const struct cand_filter *f, const struct cat_site *site, unsigned max_devices,
	       struct cand_set *s)
{
	size_t n = site->nowned + (f->buyable ? site->nbuyable : 0), i, j;

	if (!country_ok(f, site->country))
		return;
	for (i = 0; i < n; i++) {
		const struct cat_site_nodes *sn = i < site->nowned ? &site->owned[i]
								   : &site->buyable[i - site->nowned];
		bool seen = false;

		for (j = 0; j < i && !seen; j++) {
			const struct cat_site_nodes *prev = j < site->nowned
				? &site->owned[j] : &site->buyable[j - site->nowned];

			seen = prev->node == sn->node;
		}
		if (seen || sn->node == NULL || sn->node->body.accel_count < 1 ||
		    !device_ok(f, sn->node->body.accel))
			continue;
		enumerate_node(f, site, sn->node, max_devices, s);
	}
}

/* ---- the set ---- */

void
candidates_init(struct cand_set *s)
{
	memset(s, 0, sizeof(*s));
}

void
candidates_release(struct cand_set *s)
{
	free(s->items);
	candidates_init(s);
}

void
candidates_enumerate(const struct catalog *cat, const struct cand_filter *f, struct cand_set *s)
{
	unsigned max_devices = f->max_devices ? f->max_devices : CAND_DEFAULT_MAX_DEVICES;
	size_t i;

	if (!f->no_cloud)
		enumerate_cloud(cat, f, max_devices, s);
	for (i = 0; i < f->nsites; i++)
		enumerate_site(f, f->sites[i], max_devices, s);
}
