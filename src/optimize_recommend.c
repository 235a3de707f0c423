/*
 * optimize_recommend.c — the placement of one workload (DESIGN.md §5).
 *
 * A batch job (training, or a number of requests) runs on one candidate:
 * binary x_c, Σ x_c = 1, minimise Σ objective_c x_c, with a row per
 * numeric constraint given (Σ cost_c x_c ≤ max cost, Σ time_c x_c ≤
 * deadline, Σ latency_c x_c ≤ SLO, Σ devices_c x_c ≤ max devices).
 *
 * Serving a rate R may be split over offerings: integer units y_c (the
 * fewest instances or nodes holding a replica) and the rate r_c each
 * serves, r_c ≤ throughput_c y_c, Σ r_c ≥ R, minimising Σ (fixed_c y_c +
 * busy_c r_c / throughput_c), the fixed part being idle and host power,
 * embodied CO2e and rent for the duration, the busy part what full use
 * adds; Σ cost_c y_c ≤ max cost, Σ devices_c y_c ≤ max devices; the
 * latency SLO filters offerings; owned nodes bound y_c.  "Time" while
 * serving a rate means latency: minimise L ≥ latency_c z_c with
 * y_c ≤ U_c z_c, then the least CO2e at that latency.
 *
 * Before a model is built, candidates dominated on every quantity it uses
 * (objective, constrained quantities; for rate units also throughput) by
 * another candidate are dropped; a candidate with limited units (owned
 * nodes) never dominates, because its capacity may run out.  --write-lp
 * writes the model with nothing dropped and every region kept.
 *
 * Around the main solve: --top K re-solves without the plans found so far;
 * --pareto walks the front by ε-constraint (minimise the objective with
 * the other axis below the last point's, then minimise the axis at that
 * objective, so each point is non-dominated); a constraint binds when
 * removing it improves the objective; and when nothing is feasible, each
 * constraint is dropped in turn and its own quantity minimised, which says
 * how far it would have to move.
 */
#include "config.h"

#include "optimize.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

/*
 * What a model can minimise or bound, in the model's units.  The _HIGH
 * ones are the high ends of the estimates' ranges: with --confidence high
 * the limits bound them instead of the central figures.
 */
enum qty {
	Q_CO2E, Q_ENERGY, Q_COST, Q_TIME, Q_LATENCY, Q_DEVICES,
	Q_COST_HIGH, Q_TIME_HIGH, Q_LATENCY_HIGH, Q_COUNT
};

#define NUMERIC_CONSTRAINTS OPT_C_FIRST_FILTER
#define MAX_DIMS 24
#define NEPS 8
#define REL_TOL 1e-9
#define MAX_TOTAL_DEVICES 1000000.0

static const enum qty constraint_qty[NUMERIC_CONSTRAINTS] = {
	[OPT_C_MAX_COST] = Q_COST, [OPT_C_DEADLINE] = Q_TIME,
	[OPT_C_LATENCY] = Q_LATENCY, [OPT_C_MAX_DEVICES] = Q_DEVICES,
};

static const enum qty constraint_qty_high[NUMERIC_CONSTRAINTS] = {
	[OPT_C_MAX_COST] = Q_COST_HIGH, [OPT_C_DEADLINE] = Q_TIME_HIGH,
	[OPT_C_LATENCY] = Q_LATENCY_HIGH, [OPT_C_MAX_DEVICES] = Q_DEVICES,
};

static const char *const qty_names[Q_COUNT] = {
	"co2e", "energy", "cost", "time", "latency", "devices", "cost_high", "time_high",
	"latency_high"
};

struct bound {
	bool set;
	enum qty q;
	double max;			/* model units */
};

/* One model to build and solve. */
struct spec {
	unsigned relax;			/* constraints not enforced */
	enum qty obj;
	struct bound eps[NEPS];		/* ε-constraints (Pareto, ties) */
	const unsigned char *excluded;	/* per item: not to be used (alternatives) */
	bool prune;
	bool all_items;			/* keep violators in, for --write-lp */
	enum qty tie_axis;		/* Q_COUNT, or the Pareto axis: first among the ties */
};

struct rec {
	const struct catalog *cat;
	const struct opt_request *rq;
	struct opt_result *r;
	bool rate;
	double limit[NUMERIC_CONSTRAINTS];	/* model units */
	enum qty objective;
	enum qty tie_axis;		/* the Pareto axis when a front is asked for, else Q_COUNT */
	struct opt_eval *ev;		/* the items the next solve uses */
	struct estimate *scratch;
};

/* ---- quantities ---- */

/* Model units per SI unit: kg, kWh, USD, hours, milliseconds, devices. */
static const double model_scale[Q_COUNT] = {
	1e-3, 1 / UNITS_KWH, 1, 1 / UNITS_HOUR, 1e3, 1, 1, 1 / UNITS_HOUR, 1e3
};

/* A quantity in model units from its SI value. */
static double
in_model(double si, enum qty q)
{
	return isfinite(si) ? si * model_scale[q] : si;
}

/* An item's quantity in model units (for a rate: one unit at full use). */
static double
item_qty(const struct opt_item *it, enum qty q)
{
	const double si[Q_COUNT] = {
		it->co2e_g, it->energy_j, it->cost_usd, it->time_s, it->latency_s, it->devices,
		it->cost_high_usd, it->time_high_s, it->latency_high_s
	};

	return in_model(si[q], q);
}

/* For a rate: the part of q that scales with the rate served, per request/s. */
static double
item_busy(const struct opt_item *it, enum qty q)
{
	double busy = q == Q_CO2E ? it->co2e_busy_g / 1e3
		      : q == Q_ENERGY ? it->energy_busy_j / UNITS_KWH : 0;

	return it->throughput > 0 ? busy / it->throughput : 0;
}

static double
item_fixed(const struct opt_item *it, enum qty q)
{
	return item_qty(it, q) - item_busy(it, q) * it->throughput;
}

/* A plan's quantity in SI (g, J, USD, s, s, devices). */
static double
plan_si(const struct opt_plan *p, enum qty q)
{
	const double si[Q_COUNT] = {
		p->co2e_g, p->energy_j, p->cost_known ? p->cost_usd : HUGE_VAL, p->time_s,
		p->latency_s, p->devices, p->cost_known ? p->cost_high_usd : HUGE_VAL,
		p->time_high_s, p->latency_high_s
	};

	return si[q];
}

static double
plan_qty(const struct opt_plan *p, enum qty q)
{
	return in_model(plan_si(p, q), q);
}

/* The quantity a numeric constraint bounds: central, or with --confidence high its high end. */
static enum qty
limit_qty(const struct rec *x, int c)
{
	return x->rq->confidence_high ? constraint_qty_high[c] : constraint_qty[c];
}

static bool
enforced(const struct rec *x, const struct spec *sp, int c)
{
	return (x->r->given & (1u << c)) && !(sp->relax & (1u << c));
}

/* Constraints (bits) an item breaks on its own. */
static unsigned
violations(const struct rec *x, const struct opt_item *it)
{
	unsigned v = 0;
	int c;

	for (c = 0; c < NUMERIC_CONSTRAINTS; c++) {
		if (!(x->r->given & (1u << c)))
			continue;
		if (x->rate && c == OPT_C_DEADLINE)
			continue;
		if (item_qty(it, limit_qty(x, c)) > x->limit[c] * (1 + REL_TOL))
			v |= 1u << c;
	}
	return v;
}

/* Whether an item may be used in the model at all. */
static bool
selectable(const struct rec *x, const struct spec *sp, size_t i)
{
	const struct opt_item *it = &x->ev->items[i];
	unsigned v = violations(x, it);
	size_t k;

	if (sp->excluded != NULL && sp->excluded[i])
		return false;
	if (!it->cost_known && (sp->obj == Q_COST || enforced(x, sp, OPT_C_MAX_COST)))
		return false;
	if (x->rate && it->throughput <= 0)
		return false;
	if (sp->all_items)
		return true;
	/* --tpot-slo: a filter on a language model's time per output token */
	if (x->rq->w->tpot_slo_s > 0 && it->tpot_s > x->rq->w->tpot_slo_s * (1 + REL_TOL))
		return false;
	if (v & ~sp->relax)
		return false;
	for (k = 0; k < NEPS; k++) {
		const struct bound *b = &sp->eps[k];

		/* one choice: every bound is a filter; a rate: latency is */
		if (b->set && (!x->rate || b->q == Q_LATENCY) &&
		    item_qty(it, b->q) > b->max * (1 + REL_TOL) + 1e-12)
			return false;
	}
	return true;
}

/* ---- pruning ---- */

static void
push_dim(enum qty *dims, size_t *n, enum qty q)
{
	size_t i;

	for (i = 0; i < *n; i++)
		if (dims[i] == q)
			return;
	dims[(*n)++] = q;
}

/* The quantities a model uses, objective first. */
static size_t
model_dims(const struct rec *x, const struct spec *sp, enum qty *dims)
{
	size_t n = 0, k;
	int c;

	push_dim(dims, &n, sp->obj);
	for (c = 0; c < NUMERIC_CONSTRAINTS; c++)
		if (enforced(x, sp, c) && !(x->rate && (c == OPT_C_DEADLINE || c == OPT_C_LATENCY)))
			push_dim(dims, &n, limit_qty(x, c));
	for (k = 0; k < NEPS; k++)
		if (sp->eps[k].set && !(x->rate && sp->eps[k].q == Q_LATENCY))
			push_dim(dims, &n, sp->eps[k].q);
	return n;
}

/* An item's vector: smaller is better in every component. */
static size_t
item_vector(const struct rec *x, const struct opt_item *it, const enum qty *dims, size_t nd,
	    double *v)
{
	size_t i, n = 0;

	for (i = 0; i < nd; i++) {
		if (x->rate && dims[i] != Q_LATENCY) {
			v[n++] = item_fixed(it, dims[i]);
			v[n++] = item_busy(it, dims[i]);
		} else {
			v[n++] = item_qty(it, dims[i]);
		}
	}
	if (x->rate)
		v[n++] = -it->throughput;
	return n;
}

/*
 * Values within about 1e-9 of each other are ties: linear scaling makes
 * 8 and 32 devices of a type cost and emit the same to the last digits,
 * and which of them survives should not depend on rounding noise.
 */
static double
quantize(double v)
{
	int e;
	double m;

	if (v == 0 || !isfinite(v))
		return v;
	m = frexp(v, &e);
	return ldexp(nearbyint(m * 1073741824.0) / 1073741824.0, e);
}

/* Ties go to fewer devices, then to the shorter time, then to the lower cost. */
#define PREFS 3

struct pruner {
	const double *vec;	/* per position: d quantized values, then PREFS preferences */
	size_t d;
};

static const struct pruner *sort_pruner;

static int
by_vector(const void *a, const void *b)
{
	size_t i = *(const size_t *)a, j = *(const size_t *)b, k, w = sort_pruner->d + PREFS;
	const double *u = sort_pruner->vec + i * w, *v = sort_pruner->vec + j * w;

	for (k = 0; k < w; k++)
		if (u[k] != v[k])
			return u[k] < v[k] ? -1 : 1;
	return i < j ? -1 : i > j;
}

static bool
dominates(const double *a, const double *b, size_t d)
{
	size_t k;

	for (k = 0; k < d; k++)
		if (a[k] > b[k])
			return false;
	return true;
}

static void
fill_vector(const struct rec *x, const struct opt_item *it, const enum qty *dims, size_t nd,
	    double *out)
{
	size_t d = item_vector(x, it, dims, nd, out), k;

	for (k = 0; k < d; k++)
		out[k] = quantize(out[k]);
	out[d] = it->devices;
	out[d + 1] = quantize(it->time_s);
	out[d + 2] = quantize(it->cost_usd);
}

/*
 * Keeps in sel[0..n) the items that no other selected item dominates
 * (sorted, a dominator comes first); returns how many are kept.
 */
static size_t
prune(const struct rec *x, const struct spec *sp, size_t *sel, size_t n)
{
	enum qty dims[Q_COUNT];
	size_t nd = model_dims(x, sp, dims), d, w, i, j, kept = 0, *pos, *out;
	double *vec, tmp[MAX_DIMS];
	struct pruner pr;

	if (n < 2)
		return n;
	d = item_vector(x, &x->ev->items[sel[0]], dims, nd, tmp);
	w = d + PREFS;
	vec = xreallocarray(NULL, n * w, sizeof(double));
	pos = xreallocarray(NULL, n, sizeof(size_t));
	out = xreallocarray(NULL, n, sizeof(size_t));
	for (i = 0; i < n; i++) {
		fill_vector(x, &x->ev->items[sel[i]], dims, nd, vec + i * w);
		pos[i] = i;
	}
	pr.vec = vec;
	pr.d = d;
	sort_pruner = &pr;
	qsort(pos, n, sizeof(size_t), by_vector);
	sort_pruner = NULL;
	for (i = 0; i < n; i++) {
		const double *v = vec + pos[i] * w;
		bool dom = false;

		/* a unit that may run out (owned nodes) dominates nothing */
		for (j = 0; j < kept && !dom; j++)
			dom = x->ev->items[sel[out[j]]].max_units == 0 &&
			      dominates(vec + out[j] * w, v, d);
		if (!dom)
			out[kept++] = pos[i];
	}
	for (i = 0; i < kept; i++)
		pos[i] = sel[out[i]];
	memcpy(sel, pos, kept * sizeof(size_t));
	free(out);
	free(pos);
	free(vec);
	return kept;
}

/* ---- building ---- */

static void
col_name(const struct opt_item *it, char prefix, char *buf, size_t size)
{
	const struct candidate *c = it->cand;

	if (c->onprem)
		snprintf(buf, size, "%c_%s_%s_%u", prefix, c->pl.site->id, c->pl.node->id, it->units);
	else
		snprintf(buf, size, "%c_%s_%s_%u", prefix, c->pl.instance->full_id, c->pl.region->id,
			 it->units);
}

static void
add_bound_rows(const struct rec *x, const struct spec *sp, struct opt_model *m, const size_t *sel,
	       size_t n, const size_t *col)
{
	size_t i, k;
	int c;

	for (c = 0; c < NUMERIC_CONSTRAINTS; c++) {
		size_t row;

		if (!enforced(x, sp, c) || (x->rate && (c == OPT_C_DEADLINE || c == OPT_C_LATENCY)))
			continue;
		row = optimize_model_row(m, optimize_constraint_name(c), -HUGE_VAL, x->limit[c]);
		for (i = 0; i < n; i++) {
			double v = item_qty(&x->ev->items[sel[i]], limit_qty(x, c));

			optimize_model_coef(m, row, col[i], isfinite(v) ? v : 0);
		}
	}
	for (k = 0; k < NEPS; k++) {
		const struct bound *b = &sp->eps[k];
		char name[32];
		size_t row;

		if (!b->set || (x->rate && b->q == Q_LATENCY))
			continue;
		snprintf(name, sizeof(name), "eps_%s", qty_names[b->q]);
		row = optimize_model_row(m, name, -HUGE_VAL, b->max);
		for (i = 0; i < n; i++) {
			const struct opt_item *it = &x->ev->items[sel[i]];

			if (x->rate) {
				optimize_model_coef(m, row, col[i], item_fixed(it, b->q));
				optimize_model_coef(m, row, col[i] + 1, item_busy(it, b->q));
			} else {
				optimize_model_coef(m, row, col[i], item_qty(it, b->q));
			}
		}
	}
}

static void
build_single(const struct rec *x, const struct spec *sp, struct opt_model *m, const size_t *sel,
	     size_t n, size_t *col)
{
	size_t i, choose = optimize_model_row(m, "choose", 1, 1);
	char name[256];

	for (i = 0; i < n; i++) {
		const struct opt_item *it = &x->ev->items[sel[i]];
		double obj = item_qty(it, sp->obj);

		col_name(it, 'x', name, sizeof(name));
		col[i] = optimize_model_col(m, name, OPT_BINARY, 0, 1, isfinite(obj) ? obj : 0);
		if (!isfinite(obj))
			m->cols[col[i]].hi = m->cols[col[i]].lo = 0;
		optimize_model_coef(m, choose, col[i], 1);
	}
	add_bound_rows(x, sp, m, sel, n, col);
}

/* Units of an item worth having: enough for the whole rate, within its limits. */
static double
unit_bound(const struct rec *x, const struct opt_item *it)
{
	double ub = ceil(x->rq->w->rate / it->throughput * (1 - 1e-12));

	if (ub < 1)
		ub = 1;
	if (it->max_units > 0 && ub > it->max_units)
		ub = it->max_units;
	if (ub * it->devices > MAX_TOTAL_DEVICES)
		ub = floor(MAX_TOTAL_DEVICES / it->devices);
	return ub;
}

static void
build_rate(const struct rec *x, const struct spec *sp, struct opt_model *m, const size_t *sel,
	   size_t n, size_t *col)
{
	double rate = x->rq->w->rate, slo = x->limit[OPT_C_LATENCY];
	bool minmax = sp->obj == Q_LATENCY;
	size_t i, served = optimize_model_row(m, "rate", rate, HUGE_VAL), big_l = 0;
	char name[256];

	if (minmax)
		big_l = optimize_model_col(m, "latency", OPT_CONTINUOUS, 0, HUGE_VAL, 1);
	for (i = 0; i < n; i++) {
		const struct opt_item *it = &x->ev->items[sel[i]];
		double ub = unit_bound(x, it);
		size_t link;

		/* --write-lp keeps offerings the SLO rules out, fixed at zero */
		if (sp->all_items && enforced(x, sp, OPT_C_LATENCY) &&
		    item_qty(it, limit_qty(x, OPT_C_LATENCY)) > slo)
			ub = 0;
		col_name(it, 'y', name, sizeof(name));
		col[i] = optimize_model_col(m, name, OPT_INTEGER, 0, ub,
					    minmax ? 0 : item_fixed(it, sp->obj));
		col_name(it, 'r', name, sizeof(name));
		optimize_model_col(m, name, OPT_CONTINUOUS, 0, fmin(rate, ub * it->throughput),
				   minmax ? 0 : item_busy(it, sp->obj));
		optimize_model_coef(m, served, col[i] + 1, 1);
		col_name(it, 'l', name, sizeof(name));
		link = optimize_model_row(m, name, -HUGE_VAL, 0);
		optimize_model_coef(m, link, col[i] + 1, 1);
		optimize_model_coef(m, link, col[i], -it->throughput);
	}
	if (minmax) {
		for (i = 0; i < n; i++) {
			const struct opt_item *it = &x->ev->items[sel[i]];
			size_t z, row;

			col_name(it, 'z', name, sizeof(name));
			z = optimize_model_col(m, name, OPT_BINARY, 0, 1, 0);
			col_name(it, 'u', name, sizeof(name));
			row = optimize_model_row(m, name, -HUGE_VAL, 0);
			optimize_model_coef(m, row, col[i], 1);
			optimize_model_coef(m, row, z, -m->cols[col[i]].hi);
			col_name(it, 'm', name, sizeof(name));
			row = optimize_model_row(m, name, 0, HUGE_VAL);
			optimize_model_coef(m, row, big_l, 1);
			optimize_model_coef(m, row, z, -item_qty(it, Q_LATENCY));
		}
	}
	add_bound_rows(x, sp, m, sel, n, col);
}

/* ---- plans ---- */

static void
plan_release(struct opt_plan *p)
{
	free(p->parts);
	memset(p, 0, sizeof(*p));
}

static int
add_part(struct rec *x, struct opt_plan *p, const struct opt_item *it, unsigned units, double rate,
	 struct mlf_err *err)
{
	const struct candidate *c = it->cand;
	struct workload w = *x->rq->w;
	struct opt_part *part;

	p->parts = xreallocarray(p->parts, p->nparts + 1, sizeof(*p->parts));
	part = &p->parts[p->nparts];
	memset(part, 0, sizeof(*part));
	part->pl = c->pl;
	part->pl.count = units * c->unit_devices;
	part->units = units;
	part->rate = rate;
	if (x->rate)
		w.rate = rate;
	if (estimate_run(x->cat, &w, &part->pl, x->rq->method, NULL, &part->e, err) < 0)
		return -1;
	p->nparts++;
	p->co2e_g += part->e.co2e_total_g.v;
	p->energy_j += part->e.energy_facility_j.v;
	p->cost_usd += part->e.cost_known ? part->e.cost_usd.v : 0;
	p->cost_known = p->cost_known && part->e.cost_known;
	p->time_s = fmax(p->time_s, part->e.time_s.v);
	p->latency_s = fmax(p->latency_s, part->e.task == TASK_INFER ? part->e.latency_s : 0);
	p->devices += part->e.devices;
	p->cost_high_usd += part->e.cost_known ? part->e.cost_usd.high : 0;
	p->time_high_s = fmax(p->time_high_s, part->e.time_s.high);
	if (part->e.task == TASK_INFER)
		p->latency_high_s = fmax(p->latency_high_s, part->e.latency_high_s > 0
					 ? part->e.latency_high_s : part->e.latency_s);
	p->idle_devices += part->e.nodes * part->e.devices_per_node - part->e.devices;
	return 0;
}

static int
by_rate_desc(const void *a, const void *b)
{
	const struct opt_part *p = a, *q = b;

	return p->rate > q->rate ? -1 : p->rate < q->rate;
}

static int
extract(struct rec *x, const size_t *sel, size_t n, const size_t *col, const struct opt_solution *s,
	struct opt_plan *p, unsigned char *used, struct mlf_err *err)
{
	size_t i;

	memset(p, 0, sizeof(*p));
	p->cost_known = true;
	p->status = s->status;
	p->gap = s->gap;
	for (i = 0; i < n; i++) {
		const struct opt_item *it = &x->ev->items[sel[i]];
		double v = s->x[col[i]];

		if (!x->rate) {
			if (v < 0.5)
				continue;
			if (add_part(x, p, it, it->units, 0, err) < 0)
				return -1;
		} else {
			double r = s->x[col[i] + 1];
			unsigned y = (unsigned)floor(v + 0.5);

			if (y == 0 || r <= x->rq->w->rate * 1e-12)
				continue;
			if (add_part(x, p, it, y * it->units, r, err) < 0)
				return -1;
		}
		if (used != NULL)
			used[sel[i]] = 1;
	}
	if (x->rate && p->nparts > 1)
		qsort(p->parts, p->nparts, sizeof(*p->parts), by_rate_desc);
	return 0;
}

/* ---- one solve ---- */

static int
solve_model(struct rec *x, const struct spec *sp, const char *write_lp, struct opt_plan *p,
	    bool *found, unsigned char *used, struct mlf_err *err)
{
	struct opt_stats *st = &x->r->stats;
	struct opt_model m;
	struct opt_solution sol;
	size_t *sel, *col, n = 0, i;
	double t0 = optimize_now_s();
	int rc = 0;

	*found = false;
	sel = xreallocarray(NULL, x->ev->n + 1, sizeof(size_t));
	col = xreallocarray(NULL, x->ev->n + 1, sizeof(size_t));
	for (i = 0; i < x->ev->n; i++)
		if (selectable(x, sp, i))
			sel[n++] = i;
	if (sp->prune)
		n = prune(x, sp, sel, n);
	optimize_model_init(&m, x->rate ? "mlfit_recommend_rate" : "mlfit_recommend");
	if (x->rate)
		build_rate(x, sp, &m, sel, n, col);
	else
		build_single(x, sp, &m, sel, n, col);
	if (write_lp != NULL) {
		rc = optimize_model_write_lp(&m, write_lp, err);
		goto out;
	}
	if (st->solves == 0) {
		st->model_items = n;
		st->model_cols = m.ncols;
		st->model_rows = m.nrows;
	}
	st->solves++;
	if (optimize_model_solve(&m, &x->rq->solve, &sol, err) < 0) {
		rc = -1;
		goto out;
	}
	if (sol.status != OPT_INFEASIBLE) {
		*found = true;
		rc = extract(x, sel, n, col, &sol, p, used, err);
	}
	optimize_solution_release(&sol);
out:
	optimize_model_release(&m);
	free(sel);
	free(col);
	st->solve_s += optimize_now_s() - t0;
	return rc;
}

/* A copy of sp with one more ε-bound: q ≤ max. */
static struct spec
with_bound(const struct spec *sp, enum qty q, double max)
{
	struct spec s = *sp;
	size_t k;

	for (k = 0; k < NEPS - 1 && s.eps[k].set; k++)
		;
	s.eps[k].set = true;
	s.eps[k].q = q;
	s.eps[k].max = max;
	return s;
}

/*
 * The order in which ties on the objective are broken: the Pareto axis
 * (so that the best plan is the front's first point), then the shorter
 * time, the lower cost, the lower CO2e and the fewer devices.  Ties are common (linear
 * scaling makes 8 and 32 devices of one type emit and cost the same) and
 * the solver's pick among them would be arbitrary, or worse, slower at
 * the same CO2e and cost.  A rate's time is its duration, the same for
 * every plan; with "time" as objective it first finds the least
 * worst-case latency, then the least CO2e at that latency.
 */
static size_t
tie_chain(const struct rec *x, const struct spec *sp, enum qty *chain)
{
	enum qty order[8];
	size_t n = 0, k, i, no = 0;

	order[no++] = sp->obj;
	if (sp->tie_axis != Q_COUNT)
		order[no++] = sp->tie_axis;
	if (x->rate && sp->obj == Q_LATENCY)
		order[no++] = Q_CO2E;
	if (!x->rate)
		order[no++] = Q_TIME;
	order[no++] = Q_COST;
	order[no++] = Q_CO2E;
	order[no++] = Q_DEVICES;
	for (k = 0; k < no; k++) {
		for (i = 0; i < n && chain[i] != order[k]; i++)
			;
		if (i == n)
			chain[n++] = order[k];
	}
	return n;
}

/* The bound that keeps a later stage at the value an earlier one reached. */
static double
tie_bound(const struct rec *x, const struct spec *sp, double v)
{
	bool minmax = x->rate && sp->obj == Q_LATENCY;

	return minmax ? v : v * (1 + 1e-9) + 1e-12;
}

/*
 * Solves a spec lexicographically: the objective, then at its value each
 * quantity of tie_chain() in turn.  A stage that finds nothing (a cost
 * stage where costs are unknown, or numerically on the edge) is skipped.
 */
static int
solve(struct rec *x, const struct spec *sp, struct opt_plan *p, bool *found, unsigned char *used,
      struct mlf_err *err)
{
	unsigned char *mark = used != NULL ? xcalloc(x->ev->n + 1, 1) : NULL;
	unsigned char *next_mark = used != NULL ? xcalloc(x->ev->n + 1, 1) : NULL;
	enum qty chain[8];
	size_t nchain = tie_chain(x, sp, chain), k, i;
	struct spec cur = *sp;
	struct opt_plan best;
	int rc;

	rc = solve_model(x, &cur, NULL, &best, found, mark, err);
	for (k = 1; rc == 0 && *found && k < nchain; k++) {
		double v = plan_qty(&best, cur.obj);
		struct opt_plan next;
		struct spec s;
		bool again;

		if (!isfinite(v))
			continue;
		s = with_bound(&cur, cur.obj, tie_bound(x, &cur, v));
		s.obj = chain[k];
		if (next_mark != NULL)
			memset(next_mark, 0, x->ev->n + 1);
		rc = solve_model(x, &s, NULL, &next, &again, next_mark, err);
		if (rc == 0 && again) {
			plan_release(&best);
			best = next;
			cur = s;
			if (mark != NULL)
				memcpy(mark, next_mark, x->ev->n + 1);
		}
	}
	if (rc == 0 && *found) {
		*p = best;
		for (i = 0; used != NULL && i < x->ev->n; i++)
			used[i] |= mark[i];
	} else if (*found) {
		plan_release(&best);
	}
	free(mark);
	free(next_mark);
	return rc;
}

static struct spec
base_spec(const struct rec *x)
{
	struct spec sp;

	memset(&sp, 0, sizeof(sp));
	sp.obj = x->objective;
	sp.prune = true;
	sp.tie_axis = x->tie_axis;
	return sp;
}

/* ---- alternatives and the front ---- */

static int
alternatives(struct rec *x, unsigned char *used, struct mlf_err *err)
{
	struct opt_result *r = x->r;
	struct spec sp = base_spec(x);
	unsigned k;

	sp.excluded = used;
	r->alternatives = xcalloc(x->rq->top + 1, sizeof(*r->alternatives));
	for (k = 0; k < x->rq->top; k++) {
		bool found;

		if (solve(x, &sp, &r->alternatives[k], &found, used, err) < 0)
			return -1;
		if (!found)
			break;
		r->nalternatives++;
	}
	return 0;
}

static double
next_below(double v)
{
	return v - fmax(fabs(v) * 1e-7, 1e-9);
}

/*
 * The front by ε-constraint: minimise the objective with the axis below
 * the last point's; solve() breaks the objective's ties on the axis first,
 * so each point is non-dominated and the first is the best plan itself.
 */
static int
pareto(struct rec *x, enum qty axis, struct mlf_err *err)
{
	struct opt_result *r = x->r;
	unsigned max = x->rq->pareto_max ? x->rq->pareto_max : 20;
	double below = HUGE_VAL;
	bool found = true;

	r->pareto = xcalloc(max, sizeof(*r->pareto));
	while (found) {
		struct spec sp = base_spec(x);

		if (r->npareto == max) {
			r->pareto_truncated = true;
			break;
		}
		sp.tie_axis = axis;
		if (below < HUGE_VAL)
			sp = with_bound(&sp, axis, below);
		if (solve(x, &sp, &r->pareto[r->npareto], &found, NULL, err) < 0)
			return -1;
		if (!found)
			break;
		below = next_below(plan_qty(&r->pareto[r->npareto], axis));
		r->npareto++;
	}
	return 0;
}

/* ---- binding constraints and why nothing is feasible ---- */

static int
evaluate_set(struct rec *x, const struct cand_filter *f, struct cand_set *cs, struct opt_eval *ev,
	     struct mlf_err *err)
{
	candidates_init(cs);
	optimize_eval_init(ev);
	ev->cache = x->rq->cache;
	candidates_enumerate(x->cat, f, cs);
	return optimize_evaluate(x->cat, x->rq->w, x->rq->method, cs, ev, err);
}

static void
request_filter(const struct rec *x, struct cand_filter *f)
{
	unsigned max = x->rq->max_devices;

	candidates_filter_copy(f, &x->rq->filter);
	f->single_unit = x->rate;
	if (f->max_devices == 0)
		f->max_devices = max > CAND_DEFAULT_MAX_DEVICES ? max : CAND_DEFAULT_MAX_DEVICES;
}

/*
 * Solves sp over the candidates of filter f, enumerated and estimated anew
 * (or writes its model to write_lp); releases f.
 */
static int
solve_over(struct rec *x, struct cand_filter *f, const struct spec *sp, const char *write_lp,
	   struct opt_plan *p, bool *found, struct mlf_err *err)
{
	struct opt_eval *saved = x->ev, ev;
	struct cand_set cs;
	int rc = evaluate_set(x, f, &cs, &ev, err);

	if (rc == 0) {
		x->ev = &ev;
		rc = write_lp != NULL ? solve_model(x, sp, write_lp, p, found, NULL, err)
				      : solve(x, sp, p, found, NULL, err);
		x->ev = saved;
	}
	optimize_eval_release(&ev);
	candidates_release(&cs);
	candidates_filter_release(f);
	return rc;
}

/* Solves sp over the candidates without filter c. */
static int
solve_without_filter(struct rec *x, int c, const struct spec *sp, struct opt_plan *p, bool *found,
		     struct mlf_err *err)
{
	struct cand_filter f;

	request_filter(x, &f);
	candidates_filter_clear(&f, (enum cand_dim)(c - OPT_C_FIRST_FILTER));
	return solve_over(x, &f, sp, NULL, p, found, err);
}

static int
solve_relaxed(struct rec *x, int c, enum qty obj, struct opt_plan *p, bool *found,
	      struct mlf_err *err)
{
	struct spec sp = base_spec(x);

	sp.obj = obj;
	if (c < OPT_C_FIRST_FILTER) {
		sp.relax = 1u << c;
		return solve(x, &sp, p, found, NULL, err);
	}
	return solve_without_filter(x, c, &sp, p, found, err);
}

static int
find_binding(struct rec *x, struct mlf_err *err)
{
	struct opt_result *r = x->r;
	double best = plan_qty(&r->best, x->objective);
	int c;

	for (c = 0; c < OPT_C_COUNT; c++) {
		struct opt_plan p;
		bool found;

		if (!(r->given & (1u << c)))
			continue;
		if (solve_relaxed(x, c, x->objective, &p, &found, err) < 0)
			return -1;
		if (found && plan_qty(&p, x->objective) < best * (1 - 1e-6) - 1e-12)
			r->binding |= 1u << c;
		if (found)
			plan_release(&p);
	}
	return 0;
}

static int
explain_infeasible(struct rec *x, struct mlf_err *err)
{
	struct opt_result *r = x->r;
	int c;

	for (c = 0; c < OPT_C_COUNT; c++) {
		struct opt_why *why;
		enum qty q;

		if (!(r->given & (1u << c)))
			continue;
		why = &r->why[r->nwhy++];
		why->c = (enum opt_constraint)c;
		q = c < NUMERIC_CONSTRAINTS ? limit_qty(x, c) : x->objective;
		if (solve_relaxed(x, c, q, &why->plan, &why->feasible, err) < 0)
			return -1;
		if (!why->feasible)
			continue;
		why->value = plan_si(&why->plan, q);
	}
	return 0;
}

/* ---- the request ---- */

void
optimize_request_init(struct opt_request *rq)
{
	memset(rq, 0, sizeof(*rq));
	rq->objective = OPT_CO2E;
	rq->pareto_axis = OPT_COST;
	rq->method = ENERGY_POWER;
	candidates_filter_init(&rq->filter);
}

void
optimize_result_init(struct opt_result *r)
{
	memset(r, 0, sizeof(*r));
	candidates_init(&r->cands);
	optimize_eval_init(&r->eval);
}

void
optimize_result_release(struct opt_result *r)
{
	size_t i;

	plan_release(&r->best);
	for (i = 0; i < r->nalternatives; i++)
		plan_release(&r->alternatives[i]);
	free(r->alternatives);
	for (i = 0; i < r->npareto; i++)
		plan_release(&r->pareto[i]);
	free(r->pareto);
	for (i = 0; i < r->nwhy; i++)
		if (r->why[i].feasible)
			plan_release(&r->why[i].plan);
	candidates_release(&r->cands);
	optimize_eval_release(&r->eval);
	optimize_result_init(r);
}

static int
check_request(const struct opt_request *rq, bool rate, struct mlf_err *err)
{
	if (rq->w == NULL)
		return mlf_err_set(err, MLF_E_USAGE, "no workload to place");
	if (rate && rq->deadline_s > 0)
		return mlf_err_set(err, MLF_E_USAGE,
				   "--deadline applies to training and to a number of requests; "
				   "a service at a rate runs for its --duration");
	if (rate && rq->pareto && rq->pareto_axis == OPT_TIME)
		return mlf_err_set(err, MLF_E_USAGE,
				   "a service at a rate runs for its --duration: its time cannot be "
				   "traded against CO2e (use the cost front)");
	if (rq->filter.no_cloud && rq->filter.nsites == 0)
		return mlf_err_set(err, MLF_E_USAGE, "no cloud and no site: nothing to choose from");
	return 0;
}

static void
set_limits(struct rec *x)
{
	const struct opt_request *rq = x->rq;
	struct opt_result *r = x->r;

	if (rq->max_cost_usd > 0) {
		r->given |= 1u << OPT_C_MAX_COST;
		x->limit[OPT_C_MAX_COST] = rq->max_cost_usd;
	}
	if (rq->deadline_s > 0) {
		r->given |= 1u << OPT_C_DEADLINE;
		x->limit[OPT_C_DEADLINE] = rq->deadline_s / UNITS_HOUR;
	}
	if (rq->w->task == TASK_INFER && rq->w->latency_slo_s > 0) {
		r->given |= 1u << OPT_C_LATENCY;
		x->limit[OPT_C_LATENCY] = rq->w->latency_slo_s * 1e3;
	}
	if (rq->max_devices > 0) {
		r->given |= 1u << OPT_C_MAX_DEVICES;
		x->limit[OPT_C_MAX_DEVICES] = rq->max_devices;
	}
	r->given |= rq->filter.dims_set << OPT_C_FIRST_FILTER;
}

static size_t
count_feasible(struct rec *x)
{
	struct spec sp = base_spec(x);
	size_t i, n = 0;

	for (i = 0; i < x->ev->n; i++)
		n += selectable(x, &sp, i);
	return n;
}

/* The unpruned model of the main solve, every region kept, to a file. */
static int
write_unpruned(struct rec *x, struct mlf_err *err)
{
	struct cand_filter f;
	struct spec sp = base_spec(x);
	struct opt_plan unused;
	bool found;

	request_filter(x, &f);
	f.region_prune = false;
	sp.prune = false;
	sp.all_items = true;
	return solve_over(x, &f, &sp, x->rq->write_lp, &unused, &found, err);
}

/*
 * With central figures, the limits the best plan's high ends break: a
 * deadline met at the central time may not be at the slow end of the range.
 */
static void
note_high_breaks(struct rec *x)
{
	struct opt_result *r = x->r;
	int c;

	for (c = 0; c < NUMERIC_CONSTRAINTS; c++) {
		enum qty q = constraint_qty_high[c];

		if (!(r->given & (1u << c)) || (x->rate && c == OPT_C_DEADLINE))
			continue;
		if (plan_qty(&r->best, q) > x->limit[c] * (1 + REL_TOL))
			r->high_breaks |= 1u << c;
	}
}

/* The quantity a Pareto front is drawn against. */
static enum qty
front_axis(const struct rec *x)
{
	enum qty axis = x->rq->pareto_axis == OPT_TIME ? Q_TIME : Q_COST;

	return axis == x->objective ? Q_CO2E : axis;
}

static int
main_solve(struct rec *x, struct mlf_err *err)
{
	const struct opt_request *rq = x->rq;
	struct opt_result *r = x->r;
	unsigned char *used = xcalloc(r->eval.n + 1, 1);
	struct spec sp = base_spec(x);
	bool found;
	int rc;

	rc = solve(x, &sp, &r->best, &found, used, err);
	r->found = found;
	if (rc == 0 && found)
		note_high_breaks(x);
	if (rc == 0 && found && rq->top > 0)
		rc = alternatives(x, used, err);
	if (rc == 0 && found && rq->pareto)
		rc = pareto(x, front_axis(x), err);
	if (rc == 0 && found && rq->explain)
		rc = find_binding(x, err);
	if (rc == 0 && !found)
		rc = explain_infeasible(x, err);
	free(used);
	return rc;
}

int
optimize_recommend(const struct catalog *cat, const struct opt_request *rq, struct opt_result *r,
		   struct mlf_err *err)
{
	struct rec x = { .cat = cat, .rq = rq, .r = r };
	struct cand_filter f;
	double t0;
	int rc;

	optimize_result_init(r);
	x.rate = rq->w != NULL && rq->w->task == TASK_INFER && rq->w->rate > 0;
	if (check_request(rq, x.rate, err) < 0)
		return -1;
	r->rate_mode = x.rate;
	x.objective = (enum qty)rq->objective;
	if (x.rate && rq->objective == OPT_TIME)
		x.objective = Q_LATENCY;
	x.tie_axis = rq->pareto ? front_axis(&x) : Q_COUNT;
	set_limits(&x);

	t0 = optimize_now_s();
	request_filter(&x, &f);
	candidates_enumerate(cat, &f, &r->cands);
	candidates_filter_release(&f);
	r->stats.enumerated = r->cands.enumerated;
	r->stats.region_pruned = r->cands.region_pruned;
	r->stats.candidates = r->cands.n;
	r->stats.enumerate_s = optimize_now_s() - t0;

	t0 = optimize_now_s();
	r->eval.cache = rq->cache;
	if (optimize_evaluate(cat, rq->w, rq->method, &r->cands, &r->eval, err) < 0)
		return -1;
	r->stats.estimate_s = optimize_now_s() - t0;
	r->stats.estimated = r->eval.estimated;
	r->stats.fit = r->eval.n;
	r->skips = r->eval.skips;
	r->nskips = r->eval.nskips;
	x.ev = &r->eval;

	/* every candidate failed the same way: the workload is at fault */
	if (r->eval.n == 0 && r->eval.unfit == 0 && r->eval.nskips == 0 &&
	    r->eval.first_err.code != MLF_OK) {
		*err = r->eval.first_err;
		return -1;
	}
	if (r->eval.n == 0 && r->eval.unfit > 0)
		snprintf(r->nofit, sizeof(r->nofit), "%s", r->eval.unfit_example);
	r->stats.feasible = count_feasible(&x);

	if (rq->write_lp != NULL && write_unpruned(&x, err) < 0)
		return -1;
	rc = main_solve(&x, err);
	return rc;
}
