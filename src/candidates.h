/*
 * candidates.h — the placements a workload could run on: every instance
 * type in every region where it has a price, and every node type of the
 * on-premises sites asked for, each at a ladder of counts.
 *
 * Layer 4.  Enumeration reads the catalog only; it estimates nothing
 * (optimize.c does).  A candidate is an offering (instance type × region,
 * or node type at a site) × a number of units (instances or nodes); its
 * `pl` is ready for estimate_run().
 *
 * Filters restrict what is enumerated: providers, regions and countries
 * (cloud regions; countries also apply to sites), devices and device kinds.
 * Filter lists hold catalog pointers or strings borrowed from the catalog
 * or the caller; the arrays themselves belong to the filter
 * (candidates_filter_release()).
 *
 * Region pruning: for one instance type and count, the time, the IT energy,
 * the embodied CO2e and the fit do not depend on the region; the facility
 * energy scales with the PUE, the operational CO2e with PUE × grid
 * intensity and the cost with the hourly price.  So a region that is no
 * better than another region of the same instance type on all three is
 * dominated for every workload, objective and numeric constraint, and is
 * dropped before anything is estimated (filters are applied first).  The
 * unpruned set (region_prune false) is what --write-lp writes.
 */
#ifndef MLFIT_CANDIDATES_H
#define MLFIT_CANDIDATES_H

#include <stdbool.h>
#include <stddef.h>

#include "catalog.h"
#include "err.h"
#include "estimate.h"

/* The ladder of counts stops at this many devices unless asked for more. */
#define CAND_DEFAULT_MAX_DEVICES 256u

enum cand_dim { CAND_PROVIDERS, CAND_REGIONS, CAND_COUNTRIES, CAND_DEVICES, CAND_KINDS };

struct cand_filter {
	const struct cat_provider **providers;
	size_t nproviders;
	const struct cat_region **regions;
	size_t nregions;
	const char **countries;		/* ISO codes, "EU" expanded */
	size_t ncountries;
	const struct cat_device **devices;
	size_t ndevices;
	unsigned kinds;			/* bit (1 << enum device_kind) per kind; 0: any */
	const struct cat_site **sites;	/* on-prem sites to include */
	size_t nsites;
	bool no_cloud;			/* only the sites (plan's all-on-prem baseline) */
	bool buyable;			/* the sites' buyable node types too (plan) */
	bool single_unit;		/* one unit per offering, no ladder (serving a rate) */
	bool region_prune;		/* drop dominated regions (see above) */
	/* the owned-cost rule, one for recommend and plan: on-prem hardware sunk
	 * (the default: electricity and operational CO2e only) or amortised over
	 * its lifetime for the time used (placement.sunk) */
	bool sunk;
	unsigned max_devices;		/* top of the ladder; 0: CAND_DEFAULT_MAX_DEVICES */
	unsigned dims_set;		/* bit (1 << enum cand_dim) per filter given */
	/* allocation bookkeeping */
	size_t cap_providers, cap_regions, cap_countries, cap_devices, cap_sites;
};

void candidates_filter_init(struct cand_filter *f);
void candidates_filter_release(struct cand_filter *f);
/* A deep copy of the arrays (the pointed-to data stays borrowed). */
void candidates_filter_copy(struct cand_filter *dst, const struct cand_filter *src);
/* Drops one filter dimension (as if it had not been given). */
void candidates_filter_clear(struct cand_filter *f, enum cand_dim dim);

/*
 * Adds the comma-separated ids in `list` to one filter dimension: provider
 * ids, region ids ("gcp:europe-west4", or "europe-west4" for every
 * provider's region of that name), ISO country codes (or "EU" for the 27
 * member states), device ids, device kinds.  Returns 0, or -1 with err
 * (MLF_E_USAGE) naming an unknown id and the nearest known ones.
 */
int candidates_filter_add(struct cand_filter *f, const struct catalog *cat, enum cand_dim dim,
			  const char *list, struct mlf_err *err);

/* Adds an on-prem site by id; -1 with err (MLF_E_USAGE) if unknown. */
int candidates_filter_add_site(struct cand_filter *f, const struct catalog *cat, const char *id,
			       struct mlf_err *err);

/* "sunk" or "amortised" (--owned-cost) into *sunk; -1 if neither. */
int candidates_owned_cost_parse(const char *name, bool *sunk);

/* The option name of a dimension, for messages: "--providers", … */
const char *candidates_dim_option(enum cand_dim dim);

/* The EU-27 member states, NULL-terminated. */
extern const char *const candidates_eu_countries[];

struct candidate {
	struct placement pl;		/* ready for estimate_run() */
	unsigned units;			/* instances or nodes */
	unsigned unit_devices;		/* devices per instance or node */
	bool onprem;			/* a site's node type (pl.site, pl.node) */
	unsigned owned;			/* on-prem: nodes of this type owned at the site */
	bool buyable;			/* on-prem: more can be bought (plan only) */
	unsigned buy_max;		/* buyable: the most that may be bought (0: any) */
	size_t offering;		/* index of its offering (instance × region, or site × node) */
	size_t group;			/* candidates of one instance or node type and count */
};

struct cand_set {
	struct candidate *items;
	size_t n, cap;
	size_t noffering;		/* distinct offerings */
	size_t ngroup;			/* distinct (type, count) groups */
	size_t enumerated;		/* before region pruning */
	size_t region_pruned;		/* dropped by region pruning */
};

void candidates_init(struct cand_set *s);
void candidates_release(struct cand_set *s);

/*
 * Enumerates the candidates that pass the filters, in groups: one instance
 * or node type and count, then its regions.  Never fails; an empty set is
 * the caller's to explain.  Items are appended to s.
 */
void candidates_enumerate(const struct catalog *cat, const struct cand_filter *f,
			  struct cand_set *s);

/* A region's carbon intensity × PUE, the measure region pruning uses (g/J). */
double candidates_region_intensity(const struct catalog *cat, const struct cat_region *r);

#endif
