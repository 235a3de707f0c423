/*
 * catalog_xml.c — reading catalog files into struct catalog.
 *
 * A file is checked against the schema first, so the walk below can trust
 * the element structure; what the schema cannot say (units, ranges,
 * duplicate ids within the file) is checked here, figure by figure.  A file
 * is staged into its own arrays and merged only if it had no problem, so a
 * bad overlay never leaves half an entry behind.  Merging replaces entries
 * with the same id wholesale: that is what overlays are for.
 */
#include "config.h"

#include "catalog.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "strbuf.h"
#include "strutil.h"
#include "xalloc.h"
#include "xmlread.h"

/* The arrays one file contributes, before merging. */
struct staging {
	struct cat_source *sources;
	size_t nsources, cap_sources;
	struct cat_device *devices;
	size_t ndevices, cap_devices;
	struct cat_node *nodes;
	size_t nnodes, cap_nodes;
	struct cat_provider *providers;
	size_t nproviders, cap_providers;
	struct cat_site *sites;
	size_t nsites, cap_sites;
	struct cat_grid *countries;
	size_t ncountries, cap_countries;
	struct cat_grid *zones;
	size_t nzones, cap_zones;
	struct cat_energy_source *energy;
	size_t nenergy, cap_energy;
	struct cat_param *params;
	size_t nparams, cap_params;
};

struct loadctx {
	struct catalog *cat;
	const char *file;	/* in the arena */
	int problems;
	struct staging st;
};

/* Plausible bounds for a figure, to catch slipped units and absurd data. */
struct bounds {
	double min, max;	/* SI; min is inclusive, max inclusive */
	bool positive;		/* zero is not allowed */
};

static const struct bounds any_nonneg = { 0, 1e300, false };
static const struct bounds billing_bounds = { 0, 86400, false };	/* at most a day */

static void __attribute__((format(printf, 3, 4)))
problem(struct loadctx *lc, const xmlNode *node, const char *fmt, ...)
{
	char msg[MLF_ERR_MSG_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	catalog_add_diag(lc->cat, lc->file, node ? xmlread_line(node) : 0, "%s", msg);
	lc->problems++;
}

static const char *
dup_attr(struct loadctx *lc, const xmlNode *node, const char *name)
{
	const char *v = xmlread_attr(node, name);

	return v != NULL ? arena_strdup(&lc->cat->arena, v) : NULL;
}

static const char *
dup_text(struct loadctx *lc, const xmlNode *node)
{
	return xmlread_text_dup(node, &lc->cat->arena);
}

/*
 * Doubles the list's room when it is full, so that n additions copy O(n)
 * pointers in all (the arena keeps the old arrays: at most as much again).
 */
static void
strlist_add(struct loadctx *lc, struct strlist *l, const char *s)
{
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 4;
		const char **items = arena_calloc(&lc->cat->arena, cap, sizeof(*items));

		if (l->n > 0)
			memcpy(items, l->items, l->n * sizeof(*items));
		l->items = items;
		l->cap = cap;
	}
	l->items[l->n++] = s;
}

/*
 * Records id at position i in ix; returns the position of an earlier entry
 * with the same id, or -1.  Every duplicate check goes through a hash
 * index: a file of n entries costs O(n), not O(n²).
 */
static long
index_first(struct str_index *ix, const char *id, size_t i)
{
	size_t first;

	if (id == NULL || str_index_put(ix, id, i, &first))
		return -1;
	return (long)first;
}

/*
 * The same for the short lists inside one entry (an instance's prices, a
 * mix's shares), which index_first() would give an index each: the first
 * SHORT_LIST ids are compared in a scan; past that, they go into ix and
 * the check is O(1) again.  arr holds entries of `size` bytes with the
 * id `off` bytes into each; i is the entry to check against those before.
 */
#define SHORT_LIST 8

static const char *
id_at(const void *arr, size_t size, size_t off, size_t j)
{
	return *(const char *const *)((const char *)arr + j * size + off);
}

static long
index_first_short(struct str_index *ix, const void *arr, size_t size, size_t off, size_t i)
{
	const char *id = id_at(arr, size, off, i);
	size_t j;

	if (id == NULL)
		return -1;
	if (i < SHORT_LIST) {
		for (j = 0; j < i; j++)
			if (id_at(arr, size, off, j) != NULL && strcmp(id_at(arr, size, off, j), id) == 0)
				return (long)j;
		return -1;
	}
	if (i == SHORT_LIST)
		for (j = 0; j < i; j++)
			index_first(ix, id_at(arr, size, off, j), j);
	return index_first(ix, id, i);
}

#define INDEX_FIRST_SHORT(ix, arr, field, i) \
	index_first_short(ix, arr, sizeof(*(arr)), offsetof(__typeof__(*(arr)), field), i)

/* Splits a whitespace-separated attribute into a list. */
static void
split_words(struct loadctx *lc, const char *text, struct strlist *out)
{
	const char *p = text;

	out->items = NULL;
	out->n = 0;
	out->cap = 0;
	if (text == NULL)
		return;
	while (*p != '\0') {
		size_t n;

		while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
			p++;
		n = strcspn(p, " \t\n\r");
		if (n > 0)
			strlist_add(lc, out, arena_strndup(&lc->cat->arena, p, n));
		p += n;
	}
}

static int
parse_int_text(struct loadctx *lc, const xmlNode *node, const char *what, long min,
	       long max, long *out)
{
	char *buf = xmlread_text_alloc(node), *end;
	long v;

	errno = 0;
	v = strtol(buf, &end, 10);
	if (end == buf || *end != '\0' || errno != 0 || v < min || v > max) {
		problem(lc, node, "%s: expected a whole number from %ld to %ld, got '%s'",
			what, min, max, buf);
		free(buf);
		return -1;
	}
	free(buf);
	*out = v;
	return 0;
}

static int
parse_int_attr(struct loadctx *lc, const xmlNode *node, const char *attr, long min,
	       long max, long *out)
{
	const char *text = xmlread_attr(node, attr);
	char *end;
	long v;

	if (text == NULL)
		return 1;
	errno = 0;
	v = strtol(text, &end, 10);
	if (end == text || *end != '\0' || errno != 0 || v < min || v > max) {
		problem(lc, node, "%s: attribute %s: expected a whole number from %ld to %ld, got '%s'",
			(const char *)node->name, attr, min, max, text);
		return -1;
	}
	*out = v;
	return 0;
}

/*
 * The figure is quoted as written: converting an absurd value back into a
 * display unit could overflow (1e308 Mg/kWh is past the largest double in
 * g/kWh), and the user recognises their own text best.
 */
static int
check_bounds(struct loadctx *lc, const xmlNode *node, const char *what, const char *text,
	     double v, enum unit_dim dim, const struct bounds *b)
{
	char lo[64], hi[64];

	if (v < 0 && b->min >= 0) {
		problem(lc, node, "%s: must not be negative, got '%s'", what, text);
		return -1;
	}
	if (b->positive && v == 0) {
		problem(lc, node, "%s: must be greater than zero", what);
		return -1;
	}
	if (v < b->min || v > b->max) {
		problem(lc, node, "%s: '%s' is outside the plausible range %s to %s "
			"(a wrong unit?)", what, text,
			units_format(b->min, dim, lo, sizeof(lo)),
			units_format(b->max, dim, hi, sizeof(hi)));
		return -1;
	}
	return 0;
}

/* Parses one attribute holding a quantity of the figure's dimension. */
static int
parse_range_attr(struct loadctx *lc, const xmlNode *node, const char *attr, enum unit_dim dim,
		 const struct bounds *b, double *out)
{
	const char *text = xmlread_attr(node, attr);
	struct mlf_err e;
	char what[96];

	if (text == NULL)
		return 1;
	snprintf(what, sizeof(what), "%s/@%s", (const char *)node->name, attr);
	if (units_parse(text, dim, NULL, out, &e) < 0) {
		problem(lc, node, "%s: %s", what, e.msg);
		return -1;
	}
	return check_bounds(lc, node, what, text, *out, dim, b);
}

/* The attributes every figure may carry: source, year, note, low, high. */
static int
parse_figure_attrs(struct loadctx *lc, const xmlNode *node, struct figure *f,
		   const struct bounds *b)
{
	long year = 0;
	int rc = 0;

	f->low = f->high = f->v;
	if (node->properties == NULL)	/* most figures of the grid: no lookups to do */
		return 0;
	f->source = dup_attr(lc, node, "source");
	f->note = dup_attr(lc, node, "note");
	f->scope = dup_attr(lc, node, "scope");
	if (parse_int_attr(lc, node, "year", 1900, 2100, &year) < 0)
		rc = -1;
	f->year = (int)year;
	if (parse_range_attr(lc, node, "low", f->dim, b, &f->low) < 0)
		rc = -1;
	if (parse_range_attr(lc, node, "high", f->dim, b, &f->high) < 0)
		rc = -1;
	if (rc == 0 && !(f->low <= f->v && f->v <= f->high)) {
		problem(lc, node, "%s: the range low..high must contain the value",
			(const char *)node->name);
		rc = -1;
	}
	return rc;
}

/* Parses an element whose text is a quantity of dimension dim. */
static int
parse_figure(struct loadctx *lc, const xmlNode *node, enum unit_dim dim,
	     const struct bounds *b, struct figure *f)
{
	char buf[128], *text;
	struct mlf_err e;
	const char *what = (const char *)node->name;
	int rc = -1;

	memset(f, 0, sizeof(*f));
	f->dim = dim;
	f->line = xmlread_line(node);
	/* a figure fits the buffer; a longer text (an error, surely) is read whole */
	text = xmlread_text(node, buf, sizeof(buf));
	if (text == NULL)
		text = xmlread_text_alloc(node);
	if (units_parse(text, dim, NULL, &f->v, &e) < 0)
		problem(lc, node, "%s: %s", what, e.msg);
	else if (check_bounds(lc, node, what, text, f->v, dim, b) == 0 &&
		 parse_figure_attrs(lc, node, f, b) == 0)
		rc = 0;
	f->set = rc == 0;
	if (text != buf)
		free(text);
	return rc;
}

/* A ratio written "1.15" or "115 %". */
static int
parse_ratio(struct loadctx *lc, const xmlNode *node, double min, double max, struct figure *f)
{
	const struct bounds b = { min, max, false };

	return parse_figure(lc, node, DIM_NONE, &b, f);
}

/* ---- bounds per kind of figure ---- */

static const struct bounds b_power = { 1e-4, 1e5, true };		/* 0.1 mW .. 100 kW */
static const struct bounds b_idle = { 0, 1e5, false };
static const struct bounds b_process = { 1e-9, 1e-6, true };		/* 1 nm .. 1 µm */
static const struct bounds b_memory = { 1e3, 1e14, true };
static const struct bounds b_bandwidth = { 1e3, 1e17, true };
static const struct bounds b_peak = { 1e6, 1e19, true };
static const struct bounds b_money = { 0, 1e9, false };
static const struct bounds b_mass = { 0, 1e9, false };			/* up to 1000 t */
static const struct bounds b_lifetime = { UNITS_DAY, 50 * UNITS_YEAR, true };
static const struct bounds b_op_energy = { 1e-16, 1e-6, true };
static const struct bounds b_byte_energy = { 1e-16, 1e-6, true };
static const struct bounds b_hostpower = { 0, 1e6, false };
static const struct bounds b_ram = { 1e6, 1e15, true };
static const struct bounds b_intensity = { 0, 2000 / UNITS_KWH, false };	/* ≤ 2000 g/kWh */
static const struct bounds b_hourly = { 0, 1e6 / UNITS_HOUR, true };
static const struct bounds b_elec = { 0, 10 / UNITS_KWH, true };
static const struct bounds b_cap = { 1, 1e10, true };

/* ---- sources ---- */

static void
parse_source(struct loadctx *lc, const xmlNode *node)
{
	struct cat_source *s;

	XGROW(lc->st.sources, lc->st.cap_sources, lc->st.nsources + 1);
	s = &lc->st.sources[lc->st.nsources++];
	memset(s, 0, sizeof(*s));
	s->id = dup_attr(lc, node, "id");
	s->url = dup_attr(lc, node, "url");
	s->licence = dup_attr(lc, node, "licence");
	s->text = dup_text(lc, node);
	s->at.file = lc->file;
	s->at.line = xmlread_line(node);
}

/* ---- devices ---- */

static void
parse_precision_figure(struct loadctx *lc, const xmlNode *c, struct figure *arr,
		       enum unit_dim dim, const struct bounds *b)
{
	const char *pname = xmlread_attr(c, "precision");
	int p = pname ? precision_parse(pname) : -1;

	if (p < 0) {
		problem(lc, c, "%s: unknown precision '%s'", (const char *)c->name,
			pname ? pname : "");
		return;
	}
	if (arr[p].set) {
		problem(lc, c, "%s: precision %s given twice", (const char *)c->name, pname);
		return;
	}
	parse_figure(lc, c, dim, b, &arr[p]);
}

static void
parse_access_energy(struct loadctx *lc, const xmlNode *c, struct cat_device *d)
{
	const char *lname = xmlread_attr(c, "level");
	int i;

	for (i = 0; i < MEM_LEVEL_COUNT; i++) {
		if (lname != NULL && strcmp(lname, catalog_mem_level_name((enum mem_level)i)) == 0) {
			if (d->access_energy[i].set)
				problem(lc, c, "access-energy: level %s given twice", lname);
			else
				parse_figure(lc, c, DIM_ENERGY_PER_BYTE, &b_byte_energy,
					     &d->access_energy[i]);
			return;
		}
	}
	problem(lc, c, "access-energy: unknown level '%s'", lname ? lname : "");
}

static void
parse_device_child(struct loadctx *lc, const xmlNode *c, struct cat_device *d)
{
	long v;

	if (xmlread_is(c, "vendor"))
		d->vendor = dup_text(lc, c);
	else if (xmlread_is(c, "name"))
		d->name = dup_text(lc, c);
	else if (xmlread_is(c, "memory-type"))
		d->memory_type = dup_text(lc, c);
	else if (xmlread_is(c, "year")) {
		if (parse_int_text(lc, c, "year", 1950, 2100, &v) == 0)
			d->year = (int)v;
	} else if (xmlread_is(c, "cores")) {
		if (parse_int_text(lc, c, "cores", 1, 1000000, &v) == 0)
			d->cores = (unsigned)v;
	} else if (xmlread_is(c, "process"))
		parse_figure(lc, c, DIM_LENGTH, &b_process, &d->process);
	else if (xmlread_is(c, "tdp"))
		parse_figure(lc, c, DIM_POWER, &b_power, &d->tdp);
	else if (xmlread_is(c, "idle"))
		parse_figure(lc, c, DIM_POWER, &b_idle, &d->idle);
	else if (xmlread_is(c, "memory"))
		parse_figure(lc, c, DIM_BYTES, &b_memory, &d->memory);
	else if (xmlread_is(c, "bandwidth"))
		parse_figure(lc, c, DIM_BYTE_RATE, &b_bandwidth, &d->bandwidth);
	else if (xmlread_is(c, "interconnect"))
		parse_figure(lc, c, DIM_BYTE_RATE, &b_bandwidth, &d->interconnect);
	else if (xmlread_is(c, "price"))
		parse_figure(lc, c, DIM_MONEY, &b_money, &d->price);
	else if (xmlread_is(c, "embodied"))
		parse_figure(lc, c, DIM_MASS, &b_mass, &d->embodied);
	else if (xmlread_is(c, "lifetime"))
		parse_figure(lc, c, DIM_TIME, &b_lifetime, &d->lifetime);
	else if (xmlread_is(c, "peak"))
		parse_precision_figure(lc, c, d->peak, DIM_FLOP_RATE, &b_peak);
	else if (xmlread_is(c, "mac-energy"))
		parse_precision_figure(lc, c, d->mac_energy, DIM_ENERGY, &b_op_energy);
	else if (xmlread_is(c, "access-energy"))
		parse_access_energy(lc, c, d);
	else if (xmlread_is(c, "note"))
		strlist_add(lc, &d->notes, dup_text(lc, c));
	else if (xmlread_is(c, "alias"))
		strlist_add(lc, &d->aliases, dup_text(lc, c));
}

static void
parse_device(struct loadctx *lc, const xmlNode *node)
{
	struct cat_device *d;
	const char *kind = xmlread_attr(node, "kind");
	const xmlNode *c;
	int k = kind ? catalog_kind_parse(kind) : -1;

	XGROW(lc->st.devices, lc->st.cap_devices, lc->st.ndevices + 1);
	d = &lc->st.devices[lc->st.ndevices++];
	memset(d, 0, sizeof(*d));
	d->id = dup_attr(lc, node, "id");
	d->at.file = lc->file;
	d->at.line = xmlread_line(node);
	split_words(lc, xmlread_attr(node, "sources"), &d->sources);
	if (k < 0)
		problem(lc, node, "device '%s': unknown kind '%s'", d->id, kind ? kind : "");
	d->kind = k < 0 ? KIND_GPU : (enum device_kind)k;
	for (c = xmlread_first(node); c != NULL; c = xmlread_next(c))
		parse_device_child(lc, c, d);
}

/* ---- nodes and instances ---- */

/* Returns 0, or -1 (a problem recorded, *count not to be used). */
static int
parse_ref_count(struct loadctx *lc, const xmlNode *c, const char **ref, double *count,
		struct origin *at, double max_count)
{
	const char *text = xmlread_attr(c, "count");
	struct mlf_err e;

	*ref = dup_attr(lc, c, "ref");
	at->file = lc->file;
	at->line = xmlread_line(c);
	if (text == NULL || units_parse_number(text, count, &e) < 0 || *count <= 0 ||
	    *count > max_count) {
		problem(lc, c, "%s: count must be a number above 0 and at most %g, got '%s'",
			(const char *)c->name, max_count, text ? text : "");
		return -1;
	}
	return 0;
}

/* Returns true if the child belonged to the node body. */
static bool
parse_body_child(struct loadctx *lc, const xmlNode *c, struct cat_node_body *b)
{
	long v;
	double count;

	if (xmlread_is(c, "name"))
		b->name = dup_text(lc, c);
	else if (xmlread_is(c, "accelerator"))
		parse_ref_count(lc, c, &b->accel_ref, &b->accel_count, &b->accel_at, 1e6);
	else if (xmlread_is(c, "cpu")) {
		/* cast only a checked count: (unsigned)1e300 is undefined */
		if (parse_ref_count(lc, c, &b->cpu_ref, &count, &b->cpu_at, 1024) == 0)
			b->cpu_count = (unsigned)count;
	} else if (xmlread_is(c, "vcpus")) {
		if (parse_int_text(lc, c, "vcpus", 1, 1000000, &v) == 0)
			b->vcpus = (unsigned)v;
	} else if (xmlread_is(c, "ram"))
		parse_figure(lc, c, DIM_BYTES, &b_ram, &b->ram);
	else if (xmlread_is(c, "host-power"))
		parse_figure(lc, c, DIM_POWER, &b_hostpower, &b->host_power);
	else if (xmlread_is(c, "intra-bandwidth"))
		parse_figure(lc, c, DIM_BYTE_RATE, &b_bandwidth, &b->intra_bandwidth);
	else if (xmlread_is(c, "inter-bandwidth"))
		parse_figure(lc, c, DIM_BYTE_RATE, &b_bandwidth, &b->inter_bandwidth);
	else if (xmlread_is(c, "embodied"))
		parse_figure(lc, c, DIM_MASS, &b_mass, &b->embodied);
	else if (xmlread_is(c, "note"))
		strlist_add(lc, &b->notes, dup_text(lc, c));
	else
		return false;
	return true;
}

static void
parse_node(struct loadctx *lc, const xmlNode *node)
{
	struct cat_node *n;
	const xmlNode *c;

	XGROW(lc->st.nodes, lc->st.cap_nodes, lc->st.nnodes + 1);
	n = &lc->st.nodes[lc->st.nnodes++];
	memset(n, 0, sizeof(*n));
	n->id = dup_attr(lc, node, "id");
	n->at.file = lc->file;
	n->at.line = xmlread_line(node);
	split_words(lc, xmlread_attr(node, "sources"), &n->sources);
	for (c = xmlread_first(node); c != NULL; c = xmlread_next(c)) {
		if (parse_body_child(lc, c, &n->body))
			continue;
		if (xmlread_is(c, "price"))
			parse_figure(lc, c, DIM_MONEY, &b_money, &n->price);
		else if (xmlread_is(c, "lifetime"))
			parse_figure(lc, c, DIM_TIME, &b_lifetime, &n->lifetime);
	}
}

static bool
valid_date(const char *d)
{
	/* YYYY, YYYY-MM or YYYY-MM-DD */
	size_t len = strlen(d), i;

	if (len != 4 && len != 7 && len != 10)
		return false;
	for (i = 0; i < len; i++) {
		bool dash = i == 4 || i == 7;

		if (dash ? d[i] != '-' : (d[i] < '0' || d[i] > '9'))
			return false;
	}
	return true;
}

static void
parse_price(struct loadctx *lc, const xmlNode *c, struct cat_instance *inst, size_t *cap,
	    struct str_index *seen)
{
	struct cat_price *p;
	const char *spot = xmlread_attr(c, "spot");
	struct mlf_err e;
	long other;

	XGROW(inst->prices, *cap, inst->nprices + 1);
	p = &inst->prices[inst->nprices++];
	memset(p, 0, sizeof(*p));
	p->region_id = dup_attr(lc, c, "region");
	p->date = dup_attr(lc, c, "date");
	other = INDEX_FIRST_SHORT(seen, inst->prices, region_id, inst->nprices - 1);
	if (other >= 0)
		problem(lc, c, "instance '%s': two prices for region '%s' (the other at line %d)",
			inst->id, p->region_id, inst->prices[other].price.line);
	if (p->date != NULL && !valid_date(p->date))
		problem(lc, c, "price: date must be YYYY, YYYY-MM or YYYY-MM-DD, got '%s'", p->date);
	parse_figure(lc, c, DIM_MONEY_RATE, &b_hourly, &p->price);
	if (spot != NULL) {
		p->spot = p->price;
		p->spot.low = p->spot.high = 0;
		if (units_parse(spot, DIM_MONEY_RATE, NULL, &p->spot.v, &e) < 0) {
			problem(lc, c, "price/@spot: %s", e.msg);
			p->spot.set = false;
		} else {
			p->spot.low = p->spot.high = p->spot.v;
			check_bounds(lc, c, "price/@spot", spot, p->spot.v, DIM_MONEY_RATE, &b_hourly);
		}
	}
}

static void
parse_instance(struct loadctx *lc, const xmlNode *node, struct cat_instance *inst)
{
	const xmlNode *c;
	size_t cap = 0;
	struct str_index seen;

	str_index_init(&seen);
	memset(inst, 0, sizeof(*inst));
	inst->id = dup_attr(lc, node, "id");
	inst->at.file = lc->file;
	inst->at.line = xmlread_line(node);
	split_words(lc, xmlread_attr(node, "sources"), &inst->sources);
	for (c = xmlread_first(node); c != NULL; c = xmlread_next(c)) {
		if (parse_body_child(lc, c, &inst->body))
			continue;
		if (xmlread_is(c, "price"))
			parse_price(lc, c, inst, &cap, &seen);
	}
	str_index_release(&seen);
	/* move the prices into the arena: the heap array is temporary */
	if (inst->nprices > 0) {
		struct cat_price *a = arena_calloc(&lc->cat->arena, inst->nprices, sizeof(*a));

		memcpy(a, inst->prices, inst->nprices * sizeof(*a));
		free(inst->prices);
		inst->prices = a;
	}
}

static void
parse_region(struct loadctx *lc, const xmlNode *node, struct cat_region *r)
{
	const xmlNode *c;

	memset(r, 0, sizeof(*r));
	r->id = dup_attr(lc, node, "id");
	r->at.file = lc->file;
	r->at.line = xmlread_line(node);
	split_words(lc, xmlread_attr(node, "sources"), &r->sources);
	for (c = xmlread_first(node); c != NULL; c = xmlread_next(c)) {
		if (xmlread_is(c, "name"))
			r->name = dup_text(lc, c);
		else if (xmlread_is(c, "country"))
			r->country = dup_text(lc, c);
		else if (xmlread_is(c, "zone"))
			r->zone = dup_text(lc, c);
		else if (xmlread_is(c, "location"))
			r->location = dup_text(lc, c);
		else if (xmlread_is(c, "grid"))
			parse_figure(lc, c, DIM_INTENSITY, &b_intensity, &r->grid);
		else if (xmlread_is(c, "pue"))
			parse_ratio(lc, c, 1.0, 3.0, &r->pue);
		else if (xmlread_is(c, "cfe"))
			parse_ratio(lc, c, 0.0, 1.0, &r->cfe);
		else if (xmlread_is(c, "note"))
			strlist_add(lc, &r->notes, dup_text(lc, c));
	}
}

/* Moves a heap array into the arena (so the catalog frees it at once). */
static void *
to_arena(struct loadctx *lc, void *heap, size_t n, size_t size)
{
	void *a;

	if (n == 0) {
		free(heap);
		return NULL;
	}
	a = arena_calloc(&lc->cat->arena, n, size);
	memcpy(a, heap, n * size);
	free(heap);
	return a;
}


static void
parse_provider(struct loadctx *lc, const xmlNode *node)
{
	struct cat_provider *p;
	struct cat_region *regions = NULL;
	struct cat_instance *insts = NULL;
	size_t cap_r = 0, cap_i = 0, nr = 0, ni = 0;
	struct str_index rix, iix;
	const xmlNode *c;
	long dup;

	str_index_init(&rix);
	str_index_init(&iix);
	XGROW(lc->st.providers, lc->st.cap_providers, lc->st.nproviders + 1);
	p = &lc->st.providers[lc->st.nproviders++];
	memset(p, 0, sizeof(*p));
	p->id = dup_attr(lc, node, "id");
	p->at.file = lc->file;
	p->at.line = xmlread_line(node);
	split_words(lc, xmlread_attr(node, "sources"), &p->sources);
	for (c = xmlread_first(node); c != NULL; c = xmlread_next(c)) {
		if (xmlread_is(c, "name"))
			p->name = dup_text(lc, c);
		else if (xmlread_is(c, "pue"))
			parse_ratio(lc, c, 1.0, 3.0, &p->pue);
		else if (xmlread_is(c, "billing-increment"))
			parse_figure(lc, c, DIM_TIME, &billing_bounds, &p->billing_increment);
		else if (xmlread_is(c, "billing-minimum"))
			parse_figure(lc, c, DIM_TIME, &billing_bounds, &p->billing_minimum);
		else if (xmlread_is(c, "note"))
			strlist_add(lc, &p->notes, dup_text(lc, c));
		else if (xmlread_is(c, "region")) {
			XGROW(regions, cap_r, nr + 1);
			parse_region(lc, c, &regions[nr]);
			dup = index_first(&rix, regions[nr].id, nr);
			if (dup >= 0)
				problem(lc, c, "duplicate region id '%s' (first at line %d)",
					regions[nr].id, regions[dup].at.line);
			nr++;
		} else if (xmlread_is(c, "instance")) {
			XGROW(insts, cap_i, ni + 1);
			parse_instance(lc, c, &insts[ni]);
			dup = index_first(&iix, insts[ni].id, ni);
			if (dup >= 0)
				problem(lc, c, "duplicate instance id '%s' (first at line %d)",
					insts[ni].id, insts[dup].at.line);
			ni++;
		}
	}
	str_index_release(&rix);
	str_index_release(&iix);
	p->regions = to_arena(lc, regions, nr, sizeof(*regions));
	p->nregions = nr;
	p->instances = to_arena(lc, insts, ni, sizeof(*insts));
	p->ninstances = ni;
}

/* ---- sites ---- */

static void
parse_site_nodes(struct loadctx *lc, const xmlNode *c, struct cat_site_nodes **arr,
		 size_t *n, size_t *cap, const char *count_attr)
{
	struct cat_site_nodes *s;
	long count = 0;

	XGROW(*arr, *cap, *n + 1);
	s = &(*arr)[(*n)++];
	memset(s, 0, sizeof(*s));
	s->node_ref = dup_attr(lc, c, "node");
	s->at.file = lc->file;
	s->at.line = xmlread_line(c);
	if (parse_int_attr(lc, c, count_attr, 0, 1000000, &count) == 0)
		s->count = (unsigned)count;
}

static void
parse_site(struct loadctx *lc, const xmlNode *node)
{
	struct cat_site *s;
	size_t cap_o = 0, cap_b = 0;
	const xmlNode *c;

	XGROW(lc->st.sites, lc->st.cap_sites, lc->st.nsites + 1);
	s = &lc->st.sites[lc->st.nsites++];
	memset(s, 0, sizeof(*s));
	s->id = dup_attr(lc, node, "id");
	s->at.file = lc->file;
	s->at.line = xmlread_line(node);
	split_words(lc, xmlread_attr(node, "sources"), &s->sources);
	for (c = xmlread_first(node); c != NULL; c = xmlread_next(c)) {
		if (xmlread_is(c, "name"))
			s->name = dup_text(lc, c);
		else if (xmlread_is(c, "country"))
			s->country = dup_text(lc, c);
		else if (xmlread_is(c, "zone"))
			s->zone = dup_text(lc, c);
		else if (xmlread_is(c, "pue"))
			parse_ratio(lc, c, 1.0, 3.0, &s->pue);
		else if (xmlread_is(c, "electricity-price"))
			parse_figure(lc, c, DIM_ENERGY_PRICE, &b_elec, &s->electricity_price);
		else if (xmlread_is(c, "power-cap"))
			parse_figure(lc, c, DIM_POWER, &b_cap, &s->power_cap);
		else if (xmlread_is(c, "owned"))
			parse_site_nodes(lc, c, &s->owned, &s->nowned, &cap_o, "count");
		else if (xmlread_is(c, "buyable"))
			parse_site_nodes(lc, c, &s->buyable, &s->nbuyable, &cap_b, "max");
		else if (xmlread_is(c, "note"))
			strlist_add(lc, &s->notes, dup_text(lc, c));
	}
	s->owned = to_arena(lc, s->owned, s->nowned, sizeof(*s->owned));
	s->buyable = to_arena(lc, s->buyable, s->nbuyable, sizeof(*s->buyable));
}

/* ---- grid ---- */

static void
parse_mix(struct loadctx *lc, const xmlNode *node, struct cat_grid *g)
{
	static const struct bounds b_year = { 0, 1, false };
	struct cat_share *mix = NULL;
	size_t cap = 0, n = 0;
	struct str_index seen;
	const xmlNode *c;
	double total = 0;

	str_index_init(&seen);
	memset(&g->mix_info, 0, sizeof(g->mix_info));
	g->mix_info.dim = DIM_NONE;
	g->mix_info.line = xmlread_line(node);
	parse_figure_attrs(lc, node, &g->mix_info, &b_year);
	for (c = xmlread_first(node); c != NULL; c = xmlread_next(c)) {
		char *text;
		struct mlf_err e;
		double v;
		bool ok;

		if (!xmlread_is(c, "share"))
			continue;
		text = xmlread_text_alloc(c);
		ok = units_parse(text, DIM_NONE, NULL, &v, &e) == 0 && v >= 0 && v <= 1;
		if (!ok)
			problem(lc, c, "share: expected a fraction from 0 %% to 100 %%, got '%s'", text);
		free(text);
		if (!ok)
			continue;
		XGROW(mix, cap, n + 1);
		mix[n].energy = dup_attr(lc, c, "energy");
		mix[n].source = NULL;
		mix[n].fraction = v;
		mix[n].line = xmlread_line(c);
		if (INDEX_FIRST_SHORT(&seen, mix, energy, n) >= 0)
			problem(lc, c, "share: energy '%s' given twice", mix[n].energy);
		total += v;
		n++;
	}
	str_index_release(&seen);
	if (n > 0 && fabs(total - 1) > 0.02)
		problem(lc, node, "mix: shares add up to %.1f %%, not 100 %%", total * 100);
	g->mix = to_arena(lc, mix, n, sizeof(*mix));
	g->nmix = n;
}

static void
parse_grid_entry(struct loadctx *lc, const xmlNode *node, struct cat_grid *g, bool zone)
{
	const xmlNode *c;

	memset(g, 0, sizeof(*g));
	g->id = dup_attr(lc, node, "id");
	g->country = zone ? dup_attr(lc, node, "country") : g->id;
	g->at.file = lc->file;
	g->at.line = xmlread_line(node);
	split_words(lc, xmlread_attr(node, "sources"), &g->sources);
	for (c = xmlread_first(node); c != NULL; c = xmlread_next(c)) {
		if (xmlread_is(c, "name"))
			g->name = dup_text(lc, c);
		else if (xmlread_is(c, "intensity"))
			parse_figure(lc, c, DIM_INTENSITY, &b_intensity, &g->intensity);
		else if (xmlread_is(c, "mix"))
			parse_mix(lc, c, g);
		else if (xmlread_is(c, "note"))
			strlist_add(lc, &g->notes, dup_text(lc, c));
	}
	if (!g->intensity.set && g->nmix == 0)
		problem(lc, node, "%s '%s': needs an intensity or a mix",
			zone ? "zone" : "country", g->id);
}

static void
parse_country(struct loadctx *lc, const xmlNode *node)
{
	XGROW(lc->st.countries, lc->st.cap_countries, lc->st.ncountries + 1);
	parse_grid_entry(lc, node, &lc->st.countries[lc->st.ncountries++], false);
}

static void
parse_zone(struct loadctx *lc, const xmlNode *node)
{
	XGROW(lc->st.zones, lc->st.cap_zones, lc->st.nzones + 1);
	parse_grid_entry(lc, node, &lc->st.zones[lc->st.nzones++], true);
}

static void
parse_energy_source(struct loadctx *lc, const xmlNode *node)
{
	struct cat_energy_source *e;

	XGROW(lc->st.energy, lc->st.cap_energy, lc->st.nenergy + 1);
	e = &lc->st.energy[lc->st.nenergy++];
	memset(e, 0, sizeof(*e));
	e->id = dup_attr(lc, node, "id");
	e->at.file = lc->file;
	e->at.line = xmlread_line(node);
	split_words(lc, xmlread_attr(node, "sources"), &e->sources);
	parse_figure(lc, node, DIM_INTENSITY, &b_intensity, &e->intensity);
}

/* ---- parameters ---- */

/*
 * A parameter's meaning (and so its plausible range) is known only to the
 * code that reads it, but no value may be so large that showing it in its
 * display unit overflows a double: 1e308 kW/GB is 1e320 W/GB.
 */
static int
check_param_bounds(struct loadctx *lc, const xmlNode *node, const struct cat_param *p,
		   const char *text)
{
	double factor = 1, shown;
	const char *unit = units_dim_display_unit(p->value.dim);

	if (!units_factor(unit, p->value.dim, &factor))
		factor = 1;
	shown = p->value.v / factor;
	if (isfinite(shown) && shown <= any_nonneg.max && p->value.v <= any_nonneg.max)
		return 0;
	problem(lc, node, "param '%s': '%s' is too large to be a real value", p->id, text);
	return -1;
}

static void
parse_param(struct loadctx *lc, const xmlNode *node)
{
	struct cat_param *p;
	char *text;
	struct mlf_err e;
	int rc;

	XGROW(lc->st.params, lc->st.cap_params, lc->st.nparams + 1);
	p = &lc->st.params[lc->st.nparams++];
	memset(p, 0, sizeof(*p));
	p->id = dup_attr(lc, node, "id");
	p->at.file = lc->file;
	p->at.line = xmlread_line(node);
	split_words(lc, xmlread_attr(node, "sources"), &p->sources);
	text = xmlread_text_alloc(node);
	p->value.line = p->at.line;
	rc = units_parse_any(text, &p->value.v, &p->value.dim, &e);
	if (rc < 0)
		problem(lc, node, "param '%s': %s", p->id, e.msg);
	else if (p->value.v < 0)
		problem(lc, node, "param '%s': must not be negative", p->id);
	else if (check_param_bounds(lc, node, p, text) == 0 &&
		 parse_figure_attrs(lc, node, &p->value, &any_nonneg) == 0)
		p->value.set = true;
	free(text);
}

/* ---- the walk ---- */

static void
check_dups(struct loadctx *lc, const void *arr, size_t n, size_t size, size_t line_off,
	   const char *what)
{
	struct str_index seen;
	size_t i;

	str_index_init(&seen);
	for (i = 0; i < n; i++) {
		const char *id = *(const char *const *)((const char *)arr + i * size);
		long first = index_first(&seen, id, i);

		if (first >= 0) {
			const struct origin *a = (const struct origin *)
				((const char *)arr + (size_t)first * size + line_off);
			const struct origin *b = (const struct origin *)
				((const char *)arr + i * size + line_off);

			catalog_add_diag(lc->cat, lc->file, b->line,
					 "duplicate %s id '%s' (first at line %d)", what, id, a->line);
			lc->problems++;
		}
	}
	str_index_release(&seen);
}

#define CHECK_DUPS(lc, arr, n, what) \
	check_dups(lc, arr, n, sizeof(*(arr)), offsetof(__typeof__(*(arr)), at), what)

static void
walk(struct loadctx *lc, const xmlNode *root)
{
	const xmlNode *c;

	for (c = xmlread_first(root); c != NULL; c = xmlread_next(c)) {
		if (xmlread_is(c, "source"))
			parse_source(lc, c);
		else if (xmlread_is(c, "device"))
			parse_device(lc, c);
		else if (xmlread_is(c, "node"))
			parse_node(lc, c);
		else if (xmlread_is(c, "provider"))
			parse_provider(lc, c);
		else if (xmlread_is(c, "site"))
			parse_site(lc, c);
		else if (xmlread_is(c, "country"))
			parse_country(lc, c);
		else if (xmlread_is(c, "zone"))
			parse_zone(lc, c);
		else if (xmlread_is(c, "energy-source"))
			parse_energy_source(lc, c);
		else if (xmlread_is(c, "param"))
			parse_param(lc, c);
		else
			problem(lc, c, "unexpected element <%s>", (const char *)c->name);
	}
	CHECK_DUPS(lc, lc->st.sources, lc->st.nsources, "source");
	CHECK_DUPS(lc, lc->st.devices, lc->st.ndevices, "device");
	CHECK_DUPS(lc, lc->st.nodes, lc->st.nnodes, "node");
	CHECK_DUPS(lc, lc->st.providers, lc->st.nproviders, "provider");
	CHECK_DUPS(lc, lc->st.sites, lc->st.nsites, "site");
	CHECK_DUPS(lc, lc->st.countries, lc->st.ncountries, "country");
	CHECK_DUPS(lc, lc->st.zones, lc->st.nzones, "zone");
	CHECK_DUPS(lc, lc->st.energy, lc->st.nenergy, "energy-source");
	CHECK_DUPS(lc, lc->st.params, lc->st.nparams, "param");
}

/*
 * The ids already merged, one index per kind, kept from one file to the
 * next: merging a file then costs O(its entries), not O(the catalog), so
 * a thousand small overlays stay linear.  Positions are stable while
 * loading (an entry is replaced in place or appended); catalog_finish()
 * sorts the parameters, so a load after it starts the indexes afresh.
 */
struct catalog_merged {
	struct str_index sources, devices, nodes, providers, sites, countries, zones, energy,
			 params;
	bool built;
};

/* Indexes arr (entries of `size` bytes starting with their id) from scratch. */
static void
index_ids(struct str_index *ix, const void *arr, size_t n, size_t size)
{
	size_t i;

	str_index_release(ix);
	for (i = 0; i < n; i++)
		str_index_put(ix, *(const char *const *)((const char *)arr + i * size), i, NULL);
}

#define INDEX_IDS(m, field, arr, n) index_ids(&(m)->field, (arr), (n), sizeof(*(arr)))

static struct catalog_merged *
merged_index(struct catalog *cat)
{
	struct catalog_merged *m = cat->merged;

	if (m == NULL)
		m = cat->merged = xcalloc(1, sizeof(*m));
	if (m->built && !cat->finished)
		return m;
	INDEX_IDS(m, sources, cat->sources, cat->nsources);
	INDEX_IDS(m, devices, cat->devices, cat->ndevices);
	INDEX_IDS(m, nodes, cat->nodes, cat->nnodes);
	INDEX_IDS(m, providers, cat->providers, cat->nproviders);
	INDEX_IDS(m, sites, cat->sites, cat->nsites);
	INDEX_IDS(m, countries, cat->countries, cat->ncountries);
	INDEX_IDS(m, zones, cat->zones, cat->nzones);
	INDEX_IDS(m, energy, cat->energy_sources, cat->nenergy_sources);
	INDEX_IDS(m, params, cat->params, cat->nparams);
	m->built = true;
	return m;
}

static void
merged_release(struct catalog *cat)
{
	struct catalog_merged *m = cat->merged;

	if (m == NULL)
		return;
	str_index_release(&m->sources);
	str_index_release(&m->devices);
	str_index_release(&m->nodes);
	str_index_release(&m->providers);
	str_index_release(&m->sites);
	str_index_release(&m->countries);
	str_index_release(&m->zones);
	str_index_release(&m->energy);
	str_index_release(&m->params);
	free(m);
	cat->merged = NULL;
}

/*
 * Merges staged entries into the catalog: same id replaces, new id appends.
 * All entry structs start with `const char *id`; ix holds the ids merged so
 * far.
 */
static void
merge(void **dst, size_t *n, size_t *cap, const void *src, size_t nsrc, size_t size,
      struct str_index *ix)
{
	size_t i, at;

	for (i = 0; i < nsrc; i++) {
		const void *item = (const char *)src + i * size;
		const char *id = *(const char *const *)item;

		if (!str_index_get(ix, id, &at)) {
			xgrow(dst, cap, *n + 1, size);
			at = (*n)++;
			str_index_put(ix, id, at, NULL);
		}
		memcpy((char *)*dst + at * size, item, size);
	}
}

#define MERGE(cat, m, field, ncat, capcat, st, sfield, nst, ixf) \
	merge((void **)&(cat)->field, &(cat)->ncat, &(cat)->capcat, (st)->sfield, (st)->nst, \
	      sizeof(*(cat)->field), &(m)->ixf)

static void
merge_all(struct catalog *cat, struct staging *st)
{
	struct catalog_merged *m = merged_index(cat);

	catalog_drop_index(cat);
	MERGE(cat, m, sources, nsources, cap_sources, st, sources, nsources, sources);
	MERGE(cat, m, devices, ndevices, cap_devices, st, devices, ndevices, devices);
	MERGE(cat, m, nodes, nnodes, cap_nodes, st, nodes, nnodes, nodes);
	MERGE(cat, m, providers, nproviders, cap_providers, st, providers, nproviders, providers);
	MERGE(cat, m, sites, nsites, cap_sites, st, sites, nsites, sites);
	MERGE(cat, m, countries, ncountries, cap_countries, st, countries, ncountries, countries);
	MERGE(cat, m, zones, nzones, cap_zones, st, zones, nzones, zones);
	MERGE(cat, m, energy_sources, nenergy_sources, cap_energy, st, energy, nenergy, energy);
	MERGE(cat, m, params, nparams, cap_params, st, params, nparams, params);
}

static void
staging_release(struct staging *st)
{
	free(st->sources);
	free(st->devices);
	free(st->nodes);
	free(st->providers);
	free(st->sites);
	free(st->countries);
	free(st->zones);
	free(st->energy);
	free(st->params);
}

static void
on_schema_problem(const char *file, int line, const char *msg, void *data)
{
	struct loadctx *lc = data;

	catalog_add_diag(lc->cat, file, line, "%s", msg);
	lc->problems++;
}

/* The first diagnostic added since `from`, as an error. */
static int
first_problem(const struct catalog *cat, size_t from, struct mlf_err *err)
{
	const struct catalog_diag *d = &cat->diags[from];

	if (d->file != NULL && d->line > 0)
		return mlf_err_set(err, MLF_E_DATA, "%s:%d: %s", d->file, d->line, d->msg);
	if (d->file != NULL)
		return mlf_err_set(err, MLF_E_DATA, "%s: %s", d->file, d->msg);
	return mlf_err_set(err, MLF_E_DATA, "%s", d->msg);
}

/*
 * The schema, read on the first load; a catalog that trusts shipped files
 * compiles it only when a file differs from them, any other compiles it
 * now, so that an unusable schema is reported before any file.
 */
static int
get_schema(struct catalog *cat, const char *schema_path, struct mlf_err *err)
{
	struct xmlread_schema *s;

	if (cat->schema != NULL)
		return 0;
	s = xmlread_schema_load(schema_path, err);
	if (s == NULL || (!cat->trust_shipped && xmlread_schema_compile(s, err) < 0)) {
		/* a diagnostic, once, so that `catalog validate` cannot say "no problems" */
		if (cat->ndiags == 0 || strcmp(cat->diags[cat->ndiags - 1].msg, err->msg) != 0)
			catalog_add_diag(cat, NULL, 0, "%s", err->msg);
		return -1;
	}
	cat->schema = s;
	return 0;
}

int
catalog_load(struct catalog *cat, const char *path, const char *schema_path, struct mlf_err *err)
{
	struct loadctx lc = { .cat = cat };
	size_t first_diag = cat->ndiags;
	struct digest d;
	xmlDoc *doc;
	bool trusted;

	if (get_schema(cat, schema_path, err) < 0)
		return -1;
	lc.file = arena_strdup(&cat->arena, path);
	doc = xmlread_file_digest(path, XMLREAD_MAX_BYTES, &d, err);
	if (doc == NULL) {
		catalog_add_diag(cat, NULL, 0, "%s", err->msg);
		return -1;
	}
	/* a shipped file, checked at build time, would pass again */
	trusted = cat->trust_shipped && xmlread_schema_vouches(cat->schema, &d);
	if (!trusted && xmlread_schema_compile(cat->schema, err) < 0) {
		catalog_add_diag(cat, NULL, 0, "%s", err->msg);
		xmlFreeDoc(doc);
		return -1;
	}
	if (trusted || xmlread_validate(doc, cat->schema, lc.file, on_schema_problem, &lc, err) == 0) {
		walk(&lc, xmlDocGetRootElement(doc));
		if (lc.problems == 0)
			merge_all(cat, &lc.st);
	}
	staging_release(&lc.st);
	xmlFreeDoc(doc);
	if (lc.problems > 0)
		return first_problem(cat, first_diag, err);
	XGROW(cat->files, cat->cap_files, cat->nfiles + 1);
	cat->files[cat->nfiles++] = lc.file;
	return 0;
}

void
catalog_xml_release(struct catalog *cat)
{
	cat->schema = NULL;	/* xmlread keeps it for the next catalog */
	merged_release(cat);
}
