/*
 * catalog.h — the hardware, cloud, site and grid data mlfit reasons with.
 *
 * Layer 2.  A catalog is loaded from XML files (the .xml files of catalog/ and data/,
 * then user overlays; the format is catalog/catalog.rng) and is read-only
 * afterwards.  Everything in it lives in its arena: pointers returned by
 * catalog_find_*() and the arrays below are borrowed until catalog_free().
 *
 * Units: every `struct figure` holds its value in SI (units.h): W, J, B,
 * B/s, FLOP/s, g CO2e, g/J, USD, USD/s, USD/J, s, m.
 *
 * Loading is two-phase.  catalog_load() reads one file (schema check, units,
 * duplicates within the file); an entry whose id is already present from an
 * earlier file replaces it wholesale (overlays).  catalog_finish() then
 * resolves references and runs the semantic checks.  Every problem becomes
 * a diagnostic ("file:line: message"); a load or finish with any problem
 * returns -1 with the first one in err (MLF_E_DATA).
 */
#ifndef MLFIT_CATALOG_H
#define MLFIT_CATALOG_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "err.h"
#include "precision.h"
#include "units.h"

struct xmlread_schema;

enum device_kind { KIND_CPU, KIND_GPU, KIND_TPU, KIND_NPU, KIND_ASIC, KIND_COUNT };

enum mem_level { MEM_RF, MEM_NOC, MEM_SRAM, MEM_DRAM, MEM_LEVEL_COUNT };

const char *catalog_kind_name(enum device_kind kind);
int catalog_kind_parse(const char *name);		/* -1 if unknown */
const char *catalog_mem_level_name(enum mem_level level);

/* Where an entry or a figure was defined. */
struct origin {
	const char *file;
	int line;
};

/* One number from the catalog, with where it came from. */
struct figure {
	bool set;
	double v;		/* SI */
	double low, high;	/* == v unless a range was given */
	const char *source;	/* a <source> id, or NULL: the entry's sources */
	int year;		/* 0: not given */
	const char *note;	/* NULL: none */
	const char *scope;	/* grid figures: "lifecycle", "operational"; NULL: not stated */
	enum unit_dim dim;
	int line;
};

struct strlist {
	const char **items;
	size_t n;
	size_t cap;		/* allocated entries (in the catalog's arena) */
};

struct cat_source {
	const char *id;
	const char *url;	/* may be NULL */
	const char *licence;	/* may be NULL */
	const char *text;
	struct origin at;
};

struct cat_device {
	const char *id;
	enum device_kind kind;
	const char *vendor, *name, *memory_type;
	int year;
	unsigned cores;
	struct figure process;		/* m */
	struct figure tdp, idle;	/* W */
	struct figure memory;		/* B */
	struct figure bandwidth;	/* B/s */
	struct figure interconnect;	/* B/s, per device */
	struct figure price;		/* USD */
	struct figure embodied;		/* g CO2e */
	struct figure lifetime;		/* s */
	struct figure peak[PREC_COUNT];		/* FLOP/s (dense) */
	struct figure mac_energy[PREC_COUNT];	/* J per MAC */
	struct figure access_energy[MEM_LEVEL_COUNT];	/* J per byte */
	struct strlist sources, notes;
	struct strlist aliases;		/* names the hardware reports (measure) */
	struct origin at;
};

/* What a server holds: the body shared by on-prem nodes and cloud instances. */
struct cat_node_body {
	const char *name;			/* may be NULL */
	const char *accel_ref;
	const struct cat_device *accel;		/* set by catalog_finish() */
	double accel_count;
	const char *cpu_ref;			/* may be NULL */
	const struct cat_device *cpu;
	unsigned cpu_count;
	unsigned vcpus;				/* 0: not given */
	struct figure ram;			/* B */
	struct figure host_power;		/* W, CPU + RAM + rest */
	struct figure intra_bandwidth;		/* B/s per device, inside the node */
	struct figure inter_bandwidth;		/* B/s per node, between nodes */
	struct figure embodied;			/* g CO2e, host without accelerators */
	struct strlist notes;
	struct origin accel_at, cpu_at;
};

struct cat_node {
	const char *id;
	struct cat_node_body body;
	struct figure price;		/* USD capex */
	struct figure lifetime;		/* s */
	struct strlist sources;
	struct origin at;
};

struct cat_provider;

struct cat_region {
	const char *id;			/* the provider's own: "europe-west4" */
	const char *full_id;		/* "gcp:europe-west4" */
	const struct cat_provider *provider;
	const char *name, *country, *zone, *location;	/* name, zone, location may be NULL */
	struct figure grid;		/* g/J, location-based */
	struct figure pue;		/* unset: the provider's */
	struct figure cfe;		/* fraction, market-based carbon-free energy */
	struct strlist sources, notes;
	struct origin at;
};

struct cat_price {
	const char *region_id;
	const struct cat_region *region;	/* set by catalog_finish() */
	struct figure price;			/* USD/s, on demand */
	struct figure spot;			/* USD/s, unset if none */
	const char *date;			/* NULL: missing (an error) */
};

struct cat_instance {
	const char *id;			/* "p4d.24xlarge" */
	const char *full_id;		/* "aws:p4d.24xlarge" */
	const struct cat_provider *provider;
	struct cat_node_body body;
	struct cat_price *prices;
	size_t nprices;
	struct strlist sources;
	struct origin at;
};

struct cat_provider {
	const char *id, *name;
	struct figure pue;
	struct figure billing_increment, billing_minimum;	/* s per instance; unset: exact */
	struct cat_region *regions;
	size_t nregions;
	struct cat_instance *instances;
	size_t ninstances;
	struct strlist sources, notes;
	struct origin at;
};

struct cat_site_nodes {
	const char *node_ref;
	const struct cat_node *node;	/* set by catalog_finish() */
	unsigned count;			/* owned: how many; buyable: the maximum (0: any) */
	struct origin at;
};

struct cat_site {
	const char *id, *name, *country, *zone;	/* zone may be NULL */
	struct figure pue;
	struct figure electricity_price;	/* USD/J */
	struct figure power_cap;		/* W, unset: none */
	struct cat_site_nodes *owned, *buyable;
	size_t nowned, nbuyable;
	struct strlist sources, notes;
	struct origin at;
};

struct cat_energy_source {
	const char *id;
	struct figure intensity;	/* g/J */
	struct strlist sources;
	struct origin at;
};

struct cat_share {
	const char *energy;
	const struct cat_energy_source *source;	/* set by catalog_finish() */
	double fraction;
	int line;
};

/* A country (id = ISO 3166 alpha-2) or a sub-national zone. */
struct cat_grid {
	const char *id, *name;
	const char *country;		/* zones: the country; countries: == id */
	struct figure intensity;	/* g/J, unset if only the mix is known */
	struct cat_share *mix;
	size_t nmix;
	struct figure mix_info;		/* year and source of the mix */
	struct strlist sources, notes;
	struct origin at;
};

struct cat_param {
	const char *id;
	struct figure value;		/* with its unit's dimension in value.dim */
	struct strlist sources;
	struct origin at;
};

struct catalog_diag {
	const char *file;	/* NULL: not tied to a file */
	int line;
	const char *msg;
};

/*
 * Which figures places (cloud regions, sites) get.  COUNTRY, the default:
 * every place its country's figure from one dataset (data/grid.xml), so
 * that a choice between providers turns on the grid, not on how each
 * figure was made.  PROVIDER: the most specific figure published for the
 * place (the provider's own, or a zone's), datasets and years as they come.
 * MARKET: PROVIDER times (1 - the provider's carbon-free-energy share)
 * where the provider publishes one, else PROVIDER.
 */
enum grid_basis { GRID_BASIS_COUNTRY, GRID_BASIS_PROVIDER, GRID_BASIS_MARKET };

struct catalog {
	struct arena arena;
	struct cat_source *sources;
	size_t nsources;
	struct cat_device *devices;
	size_t ndevices;
	struct cat_node *nodes;
	size_t nnodes;
	struct cat_provider *providers;
	size_t nproviders;
	struct cat_site *sites;
	size_t nsites;
	struct cat_grid *countries;
	size_t ncountries;
	struct cat_grid *zones;
	size_t nzones;
	struct cat_energy_source *energy_sources;
	size_t nenergy_sources;
	struct cat_param *params;
	size_t nparams;
	struct catalog_diag *diags;
	size_t ndiags;
	const char **files;		/* the files loaded, in order */
	size_t nfiles;
	bool finished;
	/* allocation bookkeeping (arrays are realloc'ed while loading) */
	size_t cap_sources, cap_devices, cap_nodes, cap_providers, cap_sites,
	       cap_countries, cap_zones, cap_energy, cap_params, cap_diags, cap_files;
	struct xmlread_schema *schema;	/* xmlread's, shared by every catalog */
	/*
	 * Skip the schema check of files byte for byte as shipped (checked by
	 * make check; digest.h).  Off by default: `catalog validate` and the
	 * tests check everything; the commands' loader turns it on.
	 */
	bool trust_shipped;
	enum grid_basis grid_basis;	/* how places get their intensity (grid.c) */
	/* hash indexes by id, built by catalog_finish() (NULL: search linearly) */
	struct catalog_index *index;
	/* the ids merged so far, kept between loads (catalog_xml.c) */
	struct catalog_merged *merged;
};

struct catalog *catalog_new(void);
void catalog_free(struct catalog *cat);

/*
 * Reads one catalog file, checked against the RELAX NG schema at
 * schema_path (read once per process, compiled when first needed; with
 * trust_shipped, a file identical to a shipped one is not checked again).  Returns 0, or -1 if the file
 * had any problem (the first in err; all in cat->diags).  A file with
 * problems adds nothing to the catalog.
 */
int catalog_load(struct catalog *cat, const char *path, const char *schema_path,
		 struct mlf_err *err);

/*
 * Resolves references and runs the semantic checks (unknown references,
 * idle power above TDP, a price without a date, a region with no carbon
 * intensity, mix shares that do not add up, unknown source ids).  Returns
 * 0, or -1 with the first problem in err.  Call once, after the last load.
 */
int catalog_finish(struct catalog *cat, struct mlf_err *err);

/* Forgets the id indexes (the arrays are about to change); for catalog_xml.c. */
void catalog_drop_index(struct catalog *cat);

/* Frees what catalog_xml.c keeps (the compiled schema); for catalog.c only. */
void catalog_xml_release(struct catalog *cat);

/* Adds a diagnostic (for checks made by higher layers, e.g. parameters). */
void catalog_add_diag(struct catalog *cat, const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* Lookups; NULL if absent.  Region and instance ids are "provider:id". */
const struct cat_device *catalog_find_device(const struct catalog *cat, const char *id);
const struct cat_node *catalog_find_node(const struct catalog *cat, const char *id);
const struct cat_provider *catalog_find_provider(const struct catalog *cat, const char *id);
const struct cat_region *catalog_find_region(const struct catalog *cat, const char *full_id);
const struct cat_instance *catalog_find_instance(const struct catalog *cat, const char *full_id);
const struct cat_site *catalog_find_site(const struct catalog *cat, const char *id);
const struct cat_grid *catalog_find_country(const struct catalog *cat, const char *code);
const struct cat_grid *catalog_find_zone(const struct catalog *cat, const char *id);
const struct cat_source *catalog_find_source(const struct catalog *cat, const char *id);
const struct cat_param *catalog_find_param(const struct catalog *cat, const char *id);
const struct cat_price *catalog_instance_price(const struct cat_instance *inst,
					       const struct cat_region *region);

/*
 * The value of parameter `id`, which must exist and be of dimension dim;
 * otherwise -1 with err (MLF_E_DATA) naming the parameter.
 */
int catalog_param(const struct catalog *cat, const char *id, enum unit_dim dim,
		  struct figure *out, struct mlf_err *err);

/*
 * Suggests ids near `word` among the ids of one kind ("device", "region",
 * "instance", "site", "country", "provider", "node"), writing up to max
 * into out[].  Returns the number written.
 */
size_t catalog_suggest(const struct catalog *cat, const char *kind, const char *word,
		       const char **out, size_t max);

/* ---- grid carbon intensity (grid.c) ---- */


/* "country", "provider", "market"; parse returns -1 for anything else. */
const char *catalog_grid_basis_name(enum grid_basis basis);
int catalog_grid_basis_parse(const char *name);

enum grid_level {
	GRID_REGION,		/* the cloud region's own published figure */
	GRID_ZONE,		/* a sub-national zone's intensity */
	GRID_COUNTRY,		/* the country's intensity */
	GRID_MIX,		/* computed from the zone's or country's energy mix */
	GRID_WORLD		/* the world average: nothing else was known */
};

const char *catalog_grid_level_name(enum grid_level level);

struct grid_lookup {
	double g_per_j, low, high;
	enum grid_level level;
	const char *where;	/* the region, zone or country id used, or "world" */
	const char *source;	/* a <source> id (may be NULL) */
	int year;		/* 0: unknown */
	const char *scope;	/* "lifecycle", "operational", "market-based"; NULL: not stated */
	enum grid_basis basis;	/* the basis the figure was looked up on */
	double cfe;		/* MARKET: the carbon-free share taken off; else 0 */
};

/*
 * Carbon intensity for a place: the region's own figure when given, else
 * the zone's, else the country's intensity, else one computed from the
 * zone's or country's energy mix (Σ share × intensity of the source), else
 * the world average (parameter grid.world-average).  Any argument but cat
 * and out may be NULL.  Fails only if even the world average is missing.
 */
int catalog_grid_intensity(const struct catalog *cat, const struct cat_region *region,
			   const char *country, const char *zone,
			   struct grid_lookup *out, struct mlf_err *err);

/*
 * Carbon intensity for a place on the catalog's basis (cat->grid_basis):
 * for COUNTRY the region's or site's country, as catalog_grid_intensity()
 * finds it without region or zone; for PROVIDER catalog_grid_intensity()
 * itself; for MARKET that, times (1 - region->cfe) where the region has a
 * carbon-free share.  What estimates, recommendations and listings use.
 */
int catalog_place_intensity(const struct catalog *cat, const struct cat_region *region,
			    const char *country, const char *zone,
			    struct grid_lookup *out, struct mlf_err *err);

/* "country US: owid-carbon-intensity 2023, lifecycle": what a figure is. */
const char *catalog_grid_describe(const struct grid_lookup *g, char *buf, size_t size);

/* The intensity computed from an entry's mix; false if it has none. */
bool catalog_mix_intensity(const struct cat_grid *g, double *g_per_j);

#endif
