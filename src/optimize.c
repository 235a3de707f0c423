/*
 * optimize.c — the solver-neutral model, names, and the estimation of
 * candidates that recommend and plan share.
 *
 * Estimating is most of the work (estimate_run() per candidate), so it
 * skips what cannot change: a candidate that does not fit in memory does
 * not fit in any region, and a device without a TDP fails the same way at
 * every count, so the first estimate of a (type, count) group decides for
 * the whole group or type.  Serving a rate needs each offering's figures at
 * two utilisations: the estimate is linear in utilisation (idle power for
 * the whole duration plus dynamic power for the busy share), so full and
 * half use give the fixed and the busy parts exactly.  A training
 * candidate's layout search depends on the device, the count and the
 * hosts alone, not the region: one memo per evaluation runs it once for
 * all the regions that offer the same (estimate_memo.c).
 */
#include "config.h"

#include "optimize.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "xalloc.h"

double
optimize_now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* ---- names ---- */

static const char *const metric_names[OPT_METRIC_COUNT] = {
	"co2e", "energy", "cost", "time"
};

const char *
optimize_metric_name(enum opt_metric m)
{
	return metric_names[m];
}

int
optimize_metric_parse(const char *name)
{
	int i;

	for (i = 0; i < OPT_METRIC_COUNT; i++)
		if (strcmp(metric_names[i], name) == 0)
			return i;
	return -1;
}

const char *
optimize_status_name(enum opt_status s)
{
	static const char *const names[] = { "optimal", "within gap", "time limit", "infeasible" };

	return names[s];
}

const char *
optimize_constraint_name(enum opt_constraint c)
{
	static const char *const names[OPT_C_COUNT] = {
		"max-cost", "deadline", "latency-slo", "max-devices", "providers", "regions",
		"countries", "devices", "kind",
	};

	return names[c];
}

const char *
optimize_pf_mode_name(enum opt_pf_mode mode)
{
	static const char *const names[] = { "plan", "all-cloud", "all-on-prem" };

	return names[mode];
}

double
optimize_plan_metric(const struct opt_plan *p, enum opt_metric m)
{
	switch (m) {
	case OPT_CO2E:
		return p->co2e_g;
	case OPT_ENERGY:
		return p->energy_j;
	case OPT_COST:
		return p->cost_known ? p->cost_usd : HUGE_VAL;
	case OPT_TIME:
	default:
		return p->time_s;
	}
}

/* ---- the model ---- */

void
optimize_model_init(struct opt_model *m, const char *name)
{
	memset(m, 0, sizeof(*m));
	arena_init(&m->arena);
	m->name = arena_strdup(&m->arena, name);
}

void
optimize_model_release(struct opt_model *m)
{
	free(m->cols);
	free(m->rows);
	free(m->coefs);
	arena_release(&m->arena);
	memset(m, 0, sizeof(*m));
}

size_t
optimize_model_col(struct opt_model *m, const char *name, enum opt_kind kind, double lo, double hi,
		   double obj)
{
	struct opt_col *c;

	XGROW(m->cols, m->cap_cols, m->ncols + 1);
	c = &m->cols[m->ncols];
	c->lo = kind == OPT_BINARY ? 0 : lo;
	c->hi = kind == OPT_BINARY ? 1 : hi;
	c->obj = obj;
	c->kind = kind;
	c->name = name ? arena_strdup(&m->arena, name) : NULL;
	return m->ncols++;
}

size_t
optimize_model_row(struct opt_model *m, const char *name, double lo, double hi)
{
	struct opt_row *r;

	XGROW(m->rows, m->cap_rows, m->nrows + 1);
	r = &m->rows[m->nrows];
	r->lo = lo;
	r->hi = hi;
	r->name = name ? arena_strdup(&m->arena, name) : NULL;
	return m->nrows++;
}

void
optimize_model_coef(struct opt_model *m, size_t row, size_t col, double v)
{
	struct opt_coef *k;

	if (v == 0)
		return;
	XGROW(m->coefs, m->cap_coefs, m->ncoefs + 1);
	k = &m->coefs[m->ncoefs++];
	k->row = (unsigned)row;
	k->col = (unsigned)col;
	k->v = v;
}

/* ---- estimating candidates ---- */

void
optimize_eval_init(struct opt_eval *ev)
{
	memset(ev, 0, sizeof(*ev));
	mlf_err_init(&ev->first_err);
}

void
optimize_eval_release(struct opt_eval *ev)
{
	free(ev->items);
	free(ev->skips);
	optimize_eval_init(ev);
}

struct eval_ctx {
	const struct catalog *cat;
	const struct workload *w;
	enum energy_method method;
	struct opt_eval *ev;
	struct estimate *e;		/* scratch (an estimate is large) */
	struct estimate *e2;
	bool rate;
	struct est_memo *memo;		/* the layout searches, without a cache */
};

static const char *
type_id(const struct candidate *c)
{
	return c->onprem ? c->pl.node->id : c->pl.instance->full_id;
}

static bool
type_skipped(const struct opt_eval *ev, const struct candidate *c)
{
	size_t i;

	for (i = 0; i < ev->nskips; i++)
		if (strcmp(ev->skips[i].what, type_id(c)) == 0)
			return true;
	return false;
}

static void
note_failure(struct eval_ctx *x, const struct candidate *c, const struct mlf_err *err)
{
	struct opt_eval *ev = x->ev;

	if (ev->first_err.code == MLF_OK)
		ev->first_err = *err;
	if (err->code != MLF_E_DATA)
		return;
	XGROW(ev->skips, ev->cap_skips, ev->nskips + 1);
	ev->skips[ev->nskips].what = type_id(c);
	snprintf(ev->skips[ev->nskips].reason, sizeof(ev->skips[0].reason), "%.199s", err->msg);
	ev->nskips++;
}

/* Counts candidates that do not fit; the example kept is the largest of them. */
static void
note_unfit(struct eval_ctx *x, const struct candidate *c, const struct estimate *e, size_t n)
{
	x->ev->unfit += n;
	if (e->devices < x->ev->unfit_devices)
		return;
	x->ev->unfit_devices = e->devices;
	snprintf(x->ev->unfit_example, sizeof(x->ev->unfit_example), "%u x %s (%s): %s",
		 e->devices, c->pl.device->id, type_id(c), e->fit_reason);
}

static int
estimate(struct eval_ctx *x, const struct workload *w, const struct placement *pl,
	 struct estimate *e, struct mlf_err *err)
{
	x->ev->estimated++;
	if (x->ev->cache == NULL)
		return estimate_figures_memo(x->cat, w, pl, x->method, x->memo, e, err);
	return optimize_cache_estimate(x->ev->cache, x->cat, w, pl, x->method, e, err);
}

static struct opt_item *
add_item(struct eval_ctx *x, const struct candidate *c, const struct estimate *e)
{
	struct opt_item *it;

	XGROW(x->ev->items, x->ev->cap, x->ev->n + 1);
	it = &x->ev->items[x->ev->n++];
	memset(it, 0, sizeof(*it));
	it->cand = c;
	it->units = c->units;
	it->devices = e->devices;
	it->co2e_g = e->co2e_total_g.v;
	it->energy_j = e->energy_facility_j.v;
	it->cost_known = e->cost_known;
	it->cost_usd = e->cost_known ? e->cost_usd.v : HUGE_VAL;
	it->time_s = e->time_s.v;
	it->latency_s = e->task == TASK_INFER ? e->latency_s : 0;
	it->tpot_s = e->task == TASK_INFER && e->language_model ? e->tpot_s.v : 0;
	it->latency_high_s = e->task != TASK_INFER ? 0
			     : e->latency_high_s > 0 ? e->latency_high_s : e->latency_s;
	it->time_high_s = e->time_s.high;
	it->cost_high_usd = e->cost_known ? e->cost_usd.high : HUGE_VAL;
	it->replicas = e->task == TASK_INFER && e->replica_devices > 0
		       ? e->devices / e->replica_devices : 0;
	it->throughput = e->throughput;
	it->co2e_operational_g = e->co2e_operational_g.v;
	it->host_power_w = e->host_power_w;
	if (c->onprem && c->pl.site->electricity_price.set)
		it->electricity_usd = e->energy_facility_j.v * c->pl.site->electricity_price.v;
	return it;
}

/* A batch job (training, or a number of requests): one estimate per candidate. */
static void
eval_group_batch(struct eval_ctx *x, const struct cand_set *cs, size_t first, size_t end)
{
	struct mlf_err err;
	size_t i;

	for (i = first; i < end; i++) {
		const struct candidate *c = &cs->items[i];

		if (estimate(x, x->w, &c->pl, x->e, &err) < 0) {
			note_failure(x, c, &err);
			if (err.code == MLF_E_DATA || i == first) {
				/* the same error in every region */
				x->ev->failed += end - i;
				return;
			}
			x->ev->failed++;
			continue;
		}
		if (!x->e->fits) {
			note_unfit(x, c, x->e, end - i);
			return;
		}
		add_item(x, c, x->e);
	}
}

/* The fewest units of an offering that hold one replica; 0 if none does. */
static unsigned
replica_units(struct eval_ctx *x, const struct candidate *c, struct mlf_err *err, bool *failed)
{
	unsigned max_devices = CAND_DEFAULT_MAX_DEVICES, k;
	struct placement pl = c->pl;
	struct workload w = *x->w;

	*failed = false;
	if (c->onprem)
		max_devices = (c->owned + (c->buyable ? (c->buy_max ? c->buy_max : 1u << 12) : 0)) *
			      c->unit_devices;
	for (k = 1; k * c->unit_devices <= max_devices; k *= 2) {
		pl.count = k * c->unit_devices;
		if (estimate(x, &w, &pl, x->e, err) < 0) {
			*failed = true;
			return 0;
		}
		if (x->e->fits)
			return k;
	}
	return 0;
}

/* Figures of `units` units of c at full use (into x->e) and the busy parts. */
static int
rate_figures(struct eval_ctx *x, const struct candidate *c, unsigned units, double thr,
	     struct opt_item *out, struct mlf_err *err)
{
	struct placement pl = c->pl;
	struct workload w = *x->w;

	pl.count = units * c->unit_devices;
	w.rate = thr / 2;
	if (estimate(x, &w, &pl, x->e2, err) < 0)
		return -1;
	w.rate = thr;
	if (estimate(x, &w, &pl, x->e, err) < 0)
		return -1;
	out->co2e_busy_g = 2 * (x->e->co2e_total_g.v - x->e2->co2e_total_g.v);
	out->energy_busy_j = 2 * (x->e->energy_facility_j.v - x->e2->energy_facility_j.v);
	return 0;
}

/* Serving a rate: each offering becomes a unit of replicas, scaled by the program. */
static void
eval_group_rate(struct eval_ctx *x, const struct cand_set *cs, size_t first, size_t end)
{
	const struct candidate *c0 = &cs->items[first];
	struct mlf_err err;
	unsigned units;
	double thr;
	bool failed;
	size_t i;

	units = replica_units(x, c0, &err, &failed);
	if (failed) {
		note_failure(x, c0, &err);
		x->ev->failed += end - first;
		return;
	}
	if (units == 0) {
		note_unfit(x, c0, x->e, end - first);
		return;
	}
	thr = x->e->throughput;
	for (i = first; i < end; i++) {
		const struct candidate *c = &cs->items[i];
		struct opt_item busy = { 0 }, *it;

		if (rate_figures(x, c, units, thr, &busy, &err) < 0) {
			note_failure(x, c, &err);
			x->ev->failed++;
			continue;
		}
		it = add_item(x, c, x->e);
		it->units = units * c->units;
		it->co2e_busy_g = busy.co2e_busy_g;
		it->energy_busy_j = busy.energy_busy_j;
		it->throughput = thr;
		if (c->onprem && !c->buyable)
			it->max_units = c->owned / it->units;
	}
}

int
optimize_evaluate(const struct catalog *cat, const struct workload *w, enum energy_method method,
		  const struct cand_set *cs, struct opt_eval *ev, struct mlf_err *err)
{
	struct eval_ctx x = { cat, w, method, ev, NULL, NULL, false, NULL };
	size_t i, end;

	(void)err;
	x.rate = w->task == TASK_INFER && w->rate > 0;
	x.e = xmalloc(sizeof(*x.e));
	x.e2 = xmalloc(sizeof(*x.e2));
	x.memo = estimate_memo_new();
	for (i = 0; i < cs->n; i = end) {
		for (end = i + 1; end < cs->n && cs->items[end].group == cs->items[i].group; end++)
			;
		if (type_skipped(ev, &cs->items[i])) {
			ev->failed += end - i;
			continue;
		}
		if (x.rate)
			eval_group_rate(&x, cs, i, end);
		else
			eval_group_batch(&x, cs, i, end);
	}
	free(x.e);
	free(x.e2);
	estimate_memo_free(x.memo);
	return 0;
}
