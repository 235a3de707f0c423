/*
 * grid.c — carbon intensity of the electricity at a place.
 *
 * The order of preference is DESIGN.md §3's: a published figure for the
 * exact place (cloud region, then zone, then country), then one computed
 * from the energy mix, then the world average — and the answer always says
 * which it was, because a CO2e figure built on the world average means
 * something quite different from one built on Google's hourly data.
 */
#include "config.h"

#include "catalog.h"

#include <stdio.h>
#include <string.h>

static const char *const level_names[] = {
	[GRID_REGION] = "region",
	[GRID_ZONE] = "zone",
	[GRID_COUNTRY] = "country",
	[GRID_MIX] = "energy mix",
	[GRID_WORLD] = "world average",
};

static const char *const basis_names[] = {
	[GRID_BASIS_COUNTRY] = "country",
	[GRID_BASIS_PROVIDER] = "provider",
	[GRID_BASIS_MARKET] = "market",
};

const char *
catalog_grid_level_name(enum grid_level level)
{
	return level <= GRID_WORLD ? level_names[level] : "?";
}

const char *
catalog_grid_basis_name(enum grid_basis basis)
{
	return basis <= GRID_BASIS_MARKET ? basis_names[basis] : "?";
}

int
catalog_grid_basis_parse(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(basis_names) / sizeof(basis_names[0]); i++)
		if (strcmp(basis_names[i], name) == 0)
			return (int)i;
	return -1;
}

bool
catalog_mix_intensity(const struct cat_grid *g, double *g_per_j)
{
	double sum = 0, weight = 0;
	size_t i;

	for (i = 0; i < g->nmix; i++) {
		if (g->mix[i].source == NULL)
			continue;
		sum += g->mix[i].fraction * g->mix[i].source->intensity.v;
		weight += g->mix[i].fraction;
	}
	if (weight <= 0)
		return false;
	/* shares are checked to add up to 100 % ± 2 %; normalise the rest away */
	*g_per_j = sum / weight;
	return true;
}

static void
from_figure(struct grid_lookup *out, const struct figure *f, enum grid_level level,
	    const char *where, const struct strlist *sources)
{
	out->g_per_j = f->v;
	out->low = f->low;
	out->high = f->high;
	out->level = level;
	out->where = where;
	out->source = f->source ? f->source : (sources->n ? sources->items[0] : NULL);
	out->year = f->year;
	out->scope = f->scope;
	out->basis = GRID_BASIS_PROVIDER;
	out->cfe = 0;
}

static bool
from_entry(const struct cat_grid *g, enum grid_level level, struct grid_lookup *out)
{
	double v;

	if (g == NULL)
		return false;
	if (g->intensity.set) {
		from_figure(out, &g->intensity, level, g->id, &g->sources);
		return true;
	}
	if (catalog_mix_intensity(g, &v)) {
		from_figure(out, &g->mix_info, GRID_MIX, g->id, &g->sources);
		out->g_per_j = out->low = out->high = v;
		return true;
	}
	return false;
}

int
catalog_grid_intensity(const struct catalog *cat, const struct cat_region *region,
		       const char *country, const char *zone,
		       struct grid_lookup *out, struct mlf_err *err)
{
	struct figure world;

	if (region != NULL) {
		if (region->grid.set) {
			from_figure(out, &region->grid, GRID_REGION, region->full_id,
				    &region->sources);
			if (out->source == NULL && region->provider != NULL &&
			    region->provider->sources.n > 0)
				out->source = region->provider->sources.items[0];
			return 0;
		}
		if (country == NULL)
			country = region->country;
		if (zone == NULL)
			zone = region->zone;
	}
	if (zone != NULL && from_entry(catalog_find_zone(cat, zone), GRID_ZONE, out))
		return 0;
	if (country != NULL && from_entry(catalog_find_country(cat, country), GRID_COUNTRY, out))
		return 0;
	if (catalog_param(cat, "grid.world-average", DIM_INTENSITY, &world, err) < 0)
		return -1;
	out->g_per_j = world.v;
	out->low = world.low;
	out->high = world.high;
	out->level = GRID_WORLD;
	out->where = "world";
	out->source = world.source;
	out->year = world.year;
	out->scope = world.scope;
	out->basis = GRID_BASIS_PROVIDER;
	out->cfe = 0;
	{
		const struct cat_param *p = catalog_find_param(cat, "grid.world-average");

		if (out->source == NULL && p->sources.n > 0)
			out->source = p->sources.items[0];
	}
	return 0;
}

int
catalog_place_intensity(const struct catalog *cat, const struct cat_region *region,
			const char *country, const char *zone,
			struct grid_lookup *out, struct mlf_err *err)
{
	double keep;

	if (cat->grid_basis == GRID_BASIS_COUNTRY) {
		if (country == NULL && region != NULL)
			country = region->country;
		if (catalog_grid_intensity(cat, NULL, country, NULL, out, err) < 0)
			return -1;
		out->basis = GRID_BASIS_COUNTRY;
		return 0;
	}
	if (catalog_grid_intensity(cat, region, country, zone, out, err) < 0)
		return -1;
	out->basis = cat->grid_basis;
	if (cat->grid_basis == GRID_BASIS_MARKET && region != NULL && region->cfe.set) {
		/* the carbon-free share is matched hour by hour; the rest comes from the grid */
		keep = 1 - region->cfe.v;
		out->g_per_j *= keep;
		out->low *= keep;
		out->high *= keep;
		out->cfe = region->cfe.v;
		out->scope = "market-based";
		if (region->cfe.source != NULL)
			out->source = region->cfe.source;
		if (region->cfe.year)
			out->year = region->cfe.year;
	}
	return 0;
}

const char *
catalog_grid_describe(const struct grid_lookup *g, char *buf, size_t size)
{
	char year[16] = "";

	if (g->year)
		snprintf(year, sizeof(year), " %d", g->year);
	if (g->cfe > 0)
		snprintf(buf, size, "%s %s: %s%s, market-based: x (1 - %.3g CFE)",
			 catalog_grid_level_name(g->level), g->where ? g->where : "?",
			 g->source ? g->source : "no source", year, g->cfe);
	else
		snprintf(buf, size, "%s %s: %s%s, %s", catalog_grid_level_name(g->level),
			 g->where ? g->where : "?", g->source ? g->source : "no source", year,
			 g->scope ? g->scope : "scope not stated");
	return buf;
}
