/*
 * plan.c — from a workloads file to the portfolio program, and back (see
 * plan.h).
 *
 * The candidates are enumerated once for all workloads (a ladder of counts
 * for batch jobs, one unit per offering for services), and a workload
 * identical to an earlier one (same model, task and sizes) reuses its
 * estimates: portfolios repeat jobs, and estimating is most of the time.
 * One with the same runs and deadline too has the same options: it joins
 * the earlier one's group, whose options are built, pruned and placed once
 * with a count (optimize_portfolio.c).
 */
#include "config.h"

#include "plan.h"

#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

#define MAX_TOTAL_DEVICES 1000000.0

struct builder {
	const struct catalog *cat;
	const struct plan_spec *spec;
	struct plan *pl;
	enum energy_method method;
	struct workload *ws;		/* per workload, defaults applied */
	struct mlf_err *err;
	bool *host_estimated;		/* per resource: its power is final */
	size_t cap_host;
};

static bool
rate_workload(const struct workload *w)
{
	return w->task == TASK_INFER && w->rate > 0;
}

/* ---- hashing workloads: 10,000 of them are grouped in linear time ---- */

static uint64_t
mix(uint64_t h, uint64_t v)
{
	/* FNV-1a over the value's bytes */
	for (int i = 0; i < 8; i++, v >>= 8)
		h = (h ^ (v & 0xff)) * 1099511628211u;
	return h;
}

static uint64_t
mix_real(uint64_t h, double d)
{
	uint64_t v = 0;

	if (d != 0)		/* -0 == 0 */
		memcpy(&v, &d, sizeof(v));
	return mix(h, v);
}

/* A hash of part of what workload_same() compares: equal workloads, equal hashes. */
static uint64_t
workload_hash(const struct workload *w)
{
	uint64_t h = 14695981039346656037u;

	h = mix(h, (uint64_t)(uintptr_t)w->profile);
	h = mix(h, (uint64_t)w->task);
	h = mix(h, (uint64_t)w->precision);
	h = mix(h, w->batch);
	h = mix_real(h, w->samples);
	h = mix_real(h, w->epochs);
	h = mix_real(h, w->tokens);
	h = mix_real(h, w->flops);
	h = mix_real(h, w->requests);
	h = mix_real(h, w->rate);
	h = mix_real(h, w->duration_s);
	return mix_real(h, w->latency_slo_s);
}

/*
 * An open-addressing table of workload indices (+1; 0: empty) under a
 * hash, for the first workload of each group or of each estimate.
 */
struct wtable {
	size_t *slot;
	size_t mask;
};

static void
wtable_init(struct wtable *t, size_t n)
{
	size_t size = 16;

	while (size < 2 * n)
		size *= 2;
	t->slot = xcalloc(size, sizeof(size_t));
	t->mask = size - 1;
}

/*
 * The slot holding a workload like wi (same(), with the same hash h), or
 * the empty slot where it goes.
 */
static size_t *
wtable_find(const struct wtable *t, uint64_t h, const struct builder *bd, size_t wi,
	    bool (*same)(const struct builder *, size_t, size_t))
{
	size_t i = (size_t)h & t->mask;

	while (t->slot[i] != 0 && !same(bd, t->slot[i] - 1, wi))
		i = (i + 1) & t->mask;
	return &t->slot[i];
}

static bool
same_estimates(const struct builder *bd, size_t a, size_t b)
{
	return workload_same(&bd->ws[a], &bd->ws[b]);
}

static uint64_t
group_hash(const struct builder *bd, size_t wi)
{
	const struct plan_workload *pw = &bd->spec->workloads[wi];

	return mix_real(mix(workload_hash(&bd->ws[wi]), pw->runs), pw->deadline_s);
}

/* Same options: the same estimates, and the same runs and deadline. */
static bool
same_group(const struct builder *bd, size_t a, size_t b)
{
	const struct plan_workload *p = &bd->spec->workloads[a], *q = &bd->spec->workloads[b];

	return p->runs == q->runs && p->deadline_s == q->deadline_s &&
	       workload_same(&bd->ws[a], &bd->ws[b]);
}

static void __attribute__((format(printf, 2, 3)))
warn(struct plan *pl, const char *fmt, ...)
{
	va_list ap;

	if (pl->nwarnings >= sizeof(pl->warnings) / sizeof(pl->warnings[0]))
		return;
	va_start(ap, fmt);
	vsnprintf(pl->warnings[pl->nwarnings++], sizeof(pl->warnings[0]), fmt, ap);
	va_end(ap);
}

/* ---- resources: node types at sites ---- */

static double
node_embodied(const struct catalog *cat, const struct cat_node *node)
{
	struct figure base, per;

	if (node->body.embodied.set)
		return node->body.embodied.v;
	if (catalog_param(cat, "embodied.server-base", DIM_MASS, &base, NULL) < 0 ||
	    catalog_param(cat, "embodied.per-accelerator", DIM_MASS, &per, NULL) < 0)
		return 0;
	return base.v + per.v * node->body.accel_count;
}

/* The lifetime a node's capex and embodied CO2e are amortised over (as estimate does). */
static double
node_lifetime(const struct catalog *cat, const struct cat_node *node)
{
	struct figure f;

	if (node->lifetime.set)
		return node->lifetime.v;
	if (catalog_param(cat, "lifetime.server", DIM_TIME, &f, NULL) < 0)
		return 0;
	return f.v;
}

/*
 * Nameplate IT power of a node: its accelerators' TDP and its host's
 * maximum; a node that lists no host power gets the estimator's host power
 * once an estimate on it is known (note_host_power()).
 */
static double
node_power(const struct cat_node *node, bool *host_known)
{
	const struct cat_node_body *b = &node->body;
	double w = b->accel_count * (b->accel->tdp.set ? b->accel->tdp.v : 0);

	*host_known = true;
	if (b->host_power.set)
		return w + b->host_power.v;
	if (b->cpu != NULL && b->cpu->tdp.set)
		return w + b->cpu_count * b->cpu->tdp.v;
	*host_known = false;
	return w;
}

static void
note_host_power(struct builder *bd, long res, const struct opt_item *it)
{
	struct opt_pf_resource *r = &bd->pl->pf.resources[res];
	bool known;

	if (bd->host_estimated[res])
		return;
	r->power_w = node_power(r->node, &known) + (known ? 0 : it->host_power_w);
	bd->host_estimated[res] = true;
}

static long
resource_of(struct builder *bd, const struct candidate *c)
{
	struct opt_portfolio *pf = &bd->pl->pf;
	struct opt_pf_resource *res;
	bool known;
	size_t i;

	for (i = 0; i < pf->nresources; i++)
		if (pf->resources[i].site == c->pl.site && pf->resources[i].node == c->pl.node)
			return (long)i;
	XGROW(pf->resources, pf->cap_resources, pf->nresources + 1);
	res = &pf->resources[pf->nresources];
	memset(res, 0, sizeof(*res));
	res->site = c->pl.site;
	res->node = c->pl.node;
	res->owned = c->owned;
	res->buyable = c->buyable && c->pl.node->price.set;
	res->buy_max = c->buy_max ? c->buy_max : HUGE_VAL;
	res->capex_usd = c->pl.node->price.set ? c->pl.node->price.v : 0;
	res->embodied_g = node_embodied(bd->cat, c->pl.node);
	res->power_w = node_power(c->pl.node, &known);
	res->lifetime_s = node_lifetime(bd->cat, c->pl.node);
	XGROW(bd->host_estimated, bd->cap_host, pf->nresources + 1);
	bd->host_estimated[pf->nresources] = known;
	if (c->buyable && !res->buyable)
		warn(bd->pl, "node '%s' at site '%s' has no price: it is not offered for purchase",
		     c->pl.node->id, c->pl.site->id);
	return (long)pf->nresources++;
}

/* ---- options ---- */

/* Amortised: the capex and embodied CO2e of an on-prem option's node-hours. */
static void
hardware_share(struct builder *bd, struct opt_pf_option *o)
{
	const struct opt_pf_resource *res = &bd->pl->pf.resources[o->resource];
	double per_hour = res->lifetime_s > 0 ? o->node_hours / (res->lifetime_s / UNITS_HOUR) : 0;

	if (!bd->pl->pf.amortised)
		return;
	o->hardware_usd = res->capex_usd * per_hour;
	o->hardware_g = res->embodied_g * per_hour;
}

static struct opt_pf_option *
new_option(struct opt_pf_workload *w)
{
	struct opt_pf_option *o;

	XGROW(w->options, w->cap_options, w->noptions + 1);
	o = &w->options[w->noptions++];
	memset(o, 0, sizeof(*o));
	o->resource = -1;
	return o;
}

/* Whether an option of `units` nodes fits what the site owns and may buy. */
static bool
within_site(const struct opt_pf_resource *res, double units)
{
	return units <= res->owned + (res->buyable ? res->buy_max : 0);
}

static void
batch_options(struct builder *bd, size_t wi, size_t gi, const struct opt_eval *ev)
{
	const struct plan_workload *pw = &bd->spec->workloads[wi];
	struct opt_pf_workload *w = &bd->pl->pf.workloads[gi];
	double runs = pw->runs ? pw->runs : 1, horizon = bd->pl->pf.horizon_s;
	size_t i;

	for (i = 0; i < ev->n; i++) {
		const struct opt_item *it = &ev->items[i];
		struct opt_pf_option *o;
		long res = -1;

		if ((pw->deadline_s > 0 && it->time_s > pw->deadline_s) || it->time_s > horizon)
			continue;
		if (it->cand->onprem) {
			res = resource_of(bd, it->cand);
			note_host_power(bd, res, it);
			if (!within_site(&bd->pl->pf.resources[res], it->units))
				continue;
		} else if (!it->cost_known) {
			continue;
		}
		o = new_option(w);
		o->item = it;
		o->units = it->units;
		o->resource = res;
		/* on-prem: operational CO2e and electricity (the hardware: see plan.h) */
		o->energy_j = runs * it->energy_j;
		o->co2e_g = runs * it->co2e_g;
		o->cost_usd = runs * it->cost_usd;
		if (res >= 0) {
			o->node_hours = runs * it->units * it->time_s / UNITS_HOUR;
			hardware_share(bd, o);
		}
	}
}

/*
 * A service in the cloud rents whole units (instances) for its duration.
 * On-prem, its replicas run on shared nodes: it takes the device-hours of
 * the replicas it needs, a share of its unit, and that share of the unit's
 * fixed figures (idle power, host power, and the capex and embodied CO2e
 * the owned-cost rule charges), so a node's idle and host power are counted
 * once whichever services share it, and never for nodes nothing uses.
 */
static void
rate_options(struct builder *bd, size_t wi, size_t gi, const struct opt_eval *ev)
{
	const struct workload *wl = &bd->ws[wi];
	struct opt_pf_workload *w = &bd->pl->pf.workloads[gi];
	size_t i;

	for (i = 0; i < ev->n; i++) {
		const struct opt_item *it = &ev->items[i];
		double n = ceil(wl->rate / it->throughput * (1 - 1e-12)), use, share;
		double busy_co2e, busy_j, busy_usd = 0;
		struct opt_pf_option *o;
		long res = -1;

		if (!(it->throughput > 0) || (wl->latency_slo_s > 0 && it->latency_s > wl->latency_slo_s) ||
		    n * it->devices > MAX_TOTAL_DEVICES)
			continue;
		share = n;
		if (it->cand->onprem && it->replicas > 0)
			share = ceil(wl->rate / (it->throughput / it->replicas) * (1 - 1e-12)) /
				it->replicas;
		if (it->cand->onprem) {
			res = resource_of(bd, it->cand);
			note_host_power(bd, res, it);
			if (!within_site(&bd->pl->pf.resources[res], ceil(share * it->units - 1e-9)))
				continue;
		} else if (!it->cost_known) {
			continue;
		}
		use = wl->rate / it->throughput;	/* units' worth of busy time */
		busy_co2e = it->co2e_busy_g;
		busy_j = it->energy_busy_j;
		o = new_option(w);
		o->item = it;
		o->units = (unsigned)ceil(share * it->units - 1e-9);
		o->devices = (unsigned)llround(share * it->devices);
		o->resource = res;
		o->energy_j = share * (it->energy_j - busy_j) + busy_j * use;
		o->co2e_g = share * (it->co2e_g - busy_co2e) + busy_co2e * use;
		if (res >= 0) {
			const struct cat_site *s = it->cand->pl.site;

			if (s->electricity_price.set)
				busy_usd = busy_j * s->electricity_price.v;
			o->cost_usd = share * (it->cost_usd - busy_usd) + busy_usd * use;
			o->node_hours = share * it->units * wl->duration_s / UNITS_HOUR;
			hardware_share(bd, o);
		} else {
			o->cost_usd = n * it->cost_usd;
		}
	}
}

/* Why a workload has no option at all. */
static void
unplaceable(struct builder *bd, size_t wi, const struct opt_eval *ev)
{
	const struct plan_workload *pw = &bd->spec->workloads[wi];
	const struct workload *w = &bd->ws[wi];
	struct plan *pl = bd->pl;
	struct plan_unplaceable *u;
	double best = HUGE_VAL;
	char a[32], b[32];
	size_t i;

	pl->unplaceable = xreallocarray(pl->unplaceable, pl->nunplaceable + 1, sizeof(*u));
	u = &pl->unplaceable[pl->nunplaceable++];
	u->workload = wi;
	if (ev->n == 0) {
		if (ev->unfit > 0)
			snprintf(u->reason, sizeof(u->reason), "it fits on no candidate (%s)",
				 ev->unfit_example);
		else
			snprintf(u->reason, sizeof(u->reason), "no candidate could be estimated: %.300s",
				 ev->first_err.msg[0] ? ev->first_err.msg : "none matches the filters");
		return;
	}
	if (rate_workload(w) && w->latency_slo_s > 0) {
		for (i = 0; i < ev->n; i++)
			best = fmin(best, ev->items[i].latency_s);
		snprintf(u->reason, sizeof(u->reason),
			 "no candidate meets its latency SLO of %s (the lowest latency is %s)",
			 units_format(w->latency_slo_s, DIM_TIME, a, sizeof(a)),
			 units_format(best, DIM_TIME, b, sizeof(b)));
		return;
	}
	for (i = 0; i < ev->n; i++)
		best = fmin(best, ev->items[i].time_s);
	if (pw->deadline_s > 0 && best > pw->deadline_s)
		snprintf(u->reason, sizeof(u->reason),
			 "no candidate meets its deadline of %s (the fastest takes %s)",
			 units_format(pw->deadline_s, DIM_TIME, a, sizeof(a)),
			 units_format(best, DIM_TIME, b, sizeof(b)));
	else
		snprintf(u->reason, sizeof(u->reason),
			 "no candidate finishes a run within the horizon of %s (the fastest takes %s)",
			 units_format(bd->pl->pf.horizon_s, DIM_TIME, a, sizeof(a)),
			 units_format(best, DIM_TIME, b, sizeof(b)));
}

/* ---- building ---- */

/* A service runs for its duration, but the plan only for the horizon. */
static void
clip_duration(struct builder *bd, size_t wi, double horizon_s)
{
	const struct plan_workload *pw = &bd->spec->workloads[wi];
	struct workload *w = &bd->ws[wi];
	char a[48], b[48];

	if (w->duration_s <= 0) {
		w->duration_s = horizon_s;
		return;
	}
	if (w->duration_s <= horizon_s * (1 + 1e-12))
		return;
	warn(bd->pl, "%s:%d: serve '%s': its duration of %s is beyond the horizon of %s; "
	     "it is planned for the horizon only", bd->spec->path, pw->line, pw->id,
	     units_format(w->duration_s, DIM_TIME, a, sizeof(a)),
	     units_format(horizon_s, DIM_TIME, b, sizeof(b)));
	w->duration_s = horizon_s;
}

/* The tables that find a workload's group and its estimates (first workloads). */
struct grouping {
	struct wtable groups, estimates;
};

/* The estimates of workload wi, the first of a group: an earlier group's if the same. */
static const struct opt_eval *
evaluation(struct builder *bd, struct grouping *gr, size_t wi, struct mlf_err *err)
{
	struct plan *pl = bd->pl;
	const struct workload *w = &bd->ws[wi];
	size_t *at = wtable_find(&gr->estimates, workload_hash(w), bd, wi, same_estimates);
	struct opt_eval *ev;

	if (*at != 0) {
		pl->eval_of[wi] = pl->eval_of[*at - 1];
		return &pl->evals[pl->eval_of[wi]];
	}
	ev = &pl->evals[pl->nevals];
	optimize_eval_init(ev);
	if (optimize_evaluate(bd->cat, w, bd->method, rate_workload(w) ? &pl->rate : &pl->batch, ev,
			      err) < 0)
		return NULL;
	*at = wi + 1;
	pl->estimated += ev->estimated;
	if (pl->nevals == 0 || (pl->nskips == 0 && ev->nskips > 0)) {
		pl->skips = ev->skips;
		pl->nskips = ev->nskips;
	}
	pl->eval_of[wi] = pl->nevals++;
	return ev;
}

/* A new group from workload wi: its estimates and options. */
static int
new_group(struct builder *bd, struct grouping *gr, size_t gi, size_t wi, struct mlf_err *err)
{
	const struct plan_spec *spec = bd->spec;
	struct plan *pl = bd->pl;
	const struct opt_eval *ev = evaluation(bd, gr, wi, err);

	if (ev == NULL)
		return mlf_err_prefix(err, "%s:%d: workload '%s'", spec->path,
				      spec->workloads[wi].line, spec->workloads[wi].id);
	pl->pf.workloads[gi].id = spec->workloads[wi].id;
	if (rate_workload(&bd->ws[wi]))
		rate_options(bd, wi, gi, ev);
	else
		batch_options(bd, wi, gi, ev);
	pl->options += pl->pf.workloads[gi].noptions;
	/* most options are dominated whatever the mode: a large plan keeps the rest only */
	optimize_portfolio_compact(&pl->pf, gi);
	return 0;
}

static void
grouping_release(struct grouping *gr)
{
	free(gr->groups.slot);
	free(gr->estimates.slot);
}

/*
 * Groups the workloads, builds each group's options once, and gives each
 * workload its place among its group's (slot_of); the workloads of a group
 * without options are unplaceable, each listed, in input order.
 */
static int
build_groups(struct builder *bd, struct mlf_err *err)
{
	const struct plan_spec *spec = bd->spec;
	struct plan *pl = bd->pl;
	struct opt_portfolio *pf = &pl->pf;
	struct grouping gr;
	size_t *first = xcalloc(spec->n + 1, sizeof(size_t));
	size_t *rank = xcalloc(spec->n + 1, sizeof(size_t)), i, g, at, *found;

	wtable_init(&gr.groups, spec->n);
	wtable_init(&gr.estimates, spec->n);
	for (i = 0; i < spec->n; i++) {
		found = wtable_find(&gr.groups, group_hash(bd, i), bd, i, same_group);
		if (*found == 0) {
			g = pf->nworkloads;
			first[g] = i;
			if (new_group(bd, &gr, g, i, err) < 0) {
				grouping_release(&gr);
				free(first);
				free(rank);
				return -1;
			}
			*found = i + 1;
			pf->nworkloads++;
		} else {
			g = pl->group_of[*found - 1];
			pl->eval_of[i] = pl->eval_of[first[g]];
		}
		pl->group_of[i] = g;
		rank[i] = pf->workloads[g].count++;
	}
	grouping_release(&gr);
	for (g = 0, at = 0; g < pf->nworkloads; g++) {
		first[g] = at;		/* now: the group's first slot */
		at += pf->workloads[g].count;
	}
	for (i = 0; i < spec->n; i++) {
		g = pl->group_of[i];
		pl->slot_of[i] = first[g] + rank[i];
		if (pf->workloads[g].noptions == 0)
			unplaceable(bd, i, &pl->evals[pl->eval_of[i]]);
	}
	free(first);
	free(rank);
	return 0;
}

static void
enumerate(struct builder *bd, const struct cand_filter *filter)
{
	struct cand_filter f;
	bool any_batch = false, any_rate = false;
	size_t i;

	for (i = 0; i < bd->spec->n; i++) {
		if (rate_workload(&bd->ws[i]))
			any_rate = true;
		else
			any_batch = true;
	}
	candidates_filter_copy(&f, filter);
	f.buyable = true;
	f.sunk = true;		/* the program charges owned hardware itself (plan.h) */
	if (any_batch)
		candidates_enumerate(bd->cat, &f, &bd->pl->batch);
	f.single_unit = true;
	if (any_rate)
		candidates_enumerate(bd->cat, &f, &bd->pl->rate);
	candidates_filter_release(&f);
}

int
plan_build(const struct catalog *cat, const struct plan_spec *spec,
	   const struct cand_filter *filter, enum energy_method method, enum opt_metric objective,
	   double horizon_s, double budget_usd, double max_utilisation, struct plan *pl,
	   struct mlf_err *err)
{
	struct builder bd = { cat, spec, pl, method, NULL, err, NULL, 0 };
	double t0 = optimize_now_s();
	size_t i;
	int rc;

	memset(pl, 0, sizeof(*pl));
	pl->spec = spec;
	pl->pf.objective = objective;
	pl->pf.horizon_s = horizon_s;
	pl->pf.budget_usd = budget_usd;
	pl->pf.max_utilisation = max_utilisation;
	pl->pf.amortised = !filter->sunk;
	candidates_init(&pl->batch);
	candidates_init(&pl->rate);
	bd.ws = xcalloc(spec->n + 1, sizeof(*bd.ws));
	for (i = 0; i < spec->n; i++) {
		bd.ws[i] = spec->workloads[i].w;
		if (rate_workload(&bd.ws[i]))
			clip_duration(&bd, i, horizon_s);
	}
	enumerate(&bd, filter);
	/* every node type of the sites, so that their owned power is counted */
	for (i = 0; i < pl->batch.n; i++)
		if (pl->batch.items[i].onprem)
			resource_of(&bd, &pl->batch.items[i]);
	for (i = 0; i < pl->rate.n; i++)
		if (pl->rate.items[i].onprem)
			resource_of(&bd, &pl->rate.items[i]);
	pl->evals = xcalloc(spec->n + 1, sizeof(*pl->evals));
	pl->eval_of = xcalloc(spec->n + 1, sizeof(size_t));
	pl->group_of = xcalloc(spec->n + 1, sizeof(size_t));
	pl->slot_of = xcalloc(spec->n + 1, sizeof(size_t));
	pl->pf.workloads = xcalloc(spec->n + 1, sizeof(*pl->pf.workloads));
	pl->pf.cap_workloads = spec->n;
	rc = build_groups(&bd, err);
	free(bd.ws);
	free(bd.host_estimated);
	pl->estimate_s = optimize_now_s() - t0;
	return rc;
}

/* ---- solving ---- */

static double
objective_of(const struct opt_portfolio *pf, const struct opt_pf_result *r)
{
	switch (pf->objective) {
	case OPT_ENERGY:
		return r->energy_j;
	case OPT_COST:
		return r->cost_usd;
	case OPT_CO2E:
	default:
		return r->co2e_g;
	}
}

/* A baseline is also a plan: if the solver stopped above it, take it. */
static void
adopt(struct opt_pf_result *dst, const struct opt_pf_result *src, size_t nw, size_t nr)
{
	struct opt_pf_result copy = *src;

	copy.mode = OPT_PF_ALL;
	copy.choice = xreallocarray(NULL, nw + 1, sizeof(size_t));
	copy.buy = xreallocarray(NULL, nr + 1, sizeof(double));
	copy.node_hours = xreallocarray(NULL, nr + 1, sizeof(double));
	memcpy(copy.choice, src->choice, nw * sizeof(size_t));
	memcpy(copy.buy, src->buy, nr * sizeof(double));
	memcpy(copy.node_hours, src->node_hours, nr * sizeof(double));
	copy.options = dst->options;
	copy.options_pruned = dst->options_pruned;
	copy.cols = dst->cols;
	copy.rows = dst->rows;
	copy.solve_s = dst->solve_s;
	optimize_pf_result_release(dst);
	*dst = copy;
}

int
plan_solve(struct plan *pl, const struct opt_solve_opts *so, const char *write_lp,
	   struct mlf_err *err)
{
	struct opt_pf_result *r = pl->results;
	int mode;

	if (write_lp != NULL && optimize_portfolio_write_lp(&pl->pf, OPT_PF_ALL, write_lp, err) < 0)
		return -1;
	if (pl->nunplaceable > 0)
		return 0;
	for (mode = OPT_PF_ALL; mode <= OPT_PF_ONPREM_ONLY; mode++)
		if (optimize_portfolio(&pl->pf, (enum opt_pf_mode)mode, true, so, &r[mode], err) < 0)
			return -1;
	for (mode = OPT_PF_CLOUD_ONLY; mode <= OPT_PF_ONPREM_ONLY; mode++) {
		if (r[mode].found && (!r[OPT_PF_ALL].found ||
				      objective_of(&pl->pf, &r[mode]) <
				      objective_of(&pl->pf, &r[OPT_PF_ALL]))) {
			adopt(&r[OPT_PF_ALL], &r[mode], pl->spec->n, pl->pf.nresources);
			pl->plan_from_baseline = true;
		}
	}
	return 0;
}

const struct opt_pf_option *
plan_choice(const struct plan *pl, const struct opt_pf_result *r, size_t workload)
{
	if (!r->found || workload >= pl->spec->n)
		return NULL;
	return &pl->pf.workloads[pl->group_of[workload]].options[r->choice[pl->slot_of[workload]]];
}

void
plan_release(struct plan *pl)
{
	size_t i;

	for (i = 0; i < 3; i++)
		optimize_pf_result_release(&pl->results[i]);
	for (i = 0; i < pl->pf.nworkloads; i++)
		free(pl->pf.workloads[i].options);
	free(pl->pf.workloads);
	free(pl->pf.resources);
	for (i = 0; i < pl->nevals; i++)
		optimize_eval_release(&pl->evals[i]);
	free(pl->evals);
	free(pl->eval_of);
	free(pl->group_of);
	free(pl->slot_of);
	free(pl->unplaceable);
	candidates_release(&pl->batch);
	candidates_release(&pl->rate);
	memset(pl, 0, sizeof(*pl));
}
