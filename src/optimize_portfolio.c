/*
 * optimize_portfolio.c — many workloads, on-prem capacity, purchases and one
 * budget in one program (DESIGN.md §5, `mlfit plan`).
 *
 *   x_{w,o} ∈ {0,1}   workload w runs on option o (a cloud candidate, or a
 *                     count of nodes of one type at one site)
 *   b_ρ ∈ ℤ≥0         nodes of type ρ (site × node type) bought, ≤ its max
 *
 *   Σ_o x_{w,o} = 1                                   each workload placed
 *   Σ_{w,o on ρ} h_{w,o} x_{w,o} ≤ u H (owned_ρ + b_ρ)  node-hours of ρ
 *   n_o x_{w,o} − b_ρ ≤ owned_ρ   (n_o > owned_ρ)     a job's nodes at once
 *   Σ_{ρ at s} P_ρ b_ρ ≤ cap_s − Σ_{ρ at s} P_ρ owned_ρ   nameplate power
 *   Σ cost_{w,o} x_{w,o} + Σ capex_ρ b_ρ ≤ budget
 *   minimise Σ f_{w,o} x_{w,o} + Σ g_ρ b_ρ
 *
 * with f the option's CO2e, energy or cost and g the purchase's embodied
 * CO2e (charged in full), nothing, or capex.  Options carry operational
 * CO2e and electricity only; owned hardware is sunk (its capex and embodied
 * CO2e not charged) or, amortised, charged a_ρ per node-hour it gives:
 *
 *   t_ρ ≥ Σ_{w,o on ρ} h_{w,o} x_{w,o} − u H b_ρ,  t_ρ ≥ 0   owned node-hours
 *   minimise … + Σ a_ρ t_ρ,  budget … + Σ (capex_ρ / life_ρ) t_ρ
 *
 * with a_ρ = capex or embodied CO2e / lifetime: the hours that bought nodes
 * (charged in full) cannot take are the owned nodes', and only those pay.
 *
 * Identical workloads (a workload of count m > 1) share one set of options
 * and take integer multiplicities instead: y_{w,o} ∈ {0..m}, Σ_o y_{w,o} = m,
 * every figure above times y; a job's nodes at once get an indicator,
 * y_{w,o} ≤ m z_{w,o}, n_o z_{w,o} − b_ρ ≤ owned_ρ.  Workloads that are the
 * same are interchangeable, so the program's optimum is the ungrouped one's,
 * and each of them is given one of the group's y's (read_solution()).
 *
 * Node-hours are a relaxation of scheduling: jobs are packed in time, not
 * placed on a timeline; max_utilisation leaves room for what packing loses.
 *
 * Pruning: an option is dropped when another option of the same workload
 * is no worse in objective and cost and uses no more of any capacity: a
 * cloud option (which uses none), or an option on the same node type with
 * no more node-hours and no more nodes at once.  Options are sorted by
 * (objective, cost), so a 2-D skyline over the cloud options and a short
 * scan per node type do it in O(n log n) per workload.
 */
#include "config.h"

#include "optimize.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "xalloc.h"

/* The objective's value of an option, in model units (kg, kWh, USD). */
static double
option_obj(const struct opt_portfolio *pf, const struct opt_pf_option *o)
{
	switch (pf->objective) {
	case OPT_ENERGY:
		return o->energy_j / UNITS_KWH;
	case OPT_COST:
		return o->cost_usd;
	case OPT_CO2E:
	default:
		return o->co2e_g / 1e3;
	}
}

static double
buy_obj(const struct opt_portfolio *pf, const struct opt_pf_resource *res)
{
	switch (pf->objective) {
	case OPT_ENERGY:
		return 0;
	case OPT_COST:
		return res->capex_usd;
	case OPT_CO2E:
	default:
		return res->embodied_g / 1e3;
	}
}

/* Amortised: what one owned node-hour costs (USD) and adds to the objective. */
static double
hour_cost(const struct opt_portfolio *pf, const struct opt_pf_resource *res)
{
	return pf->amortised && res->lifetime_s > 0 ? res->capex_usd / (res->lifetime_s / UNITS_HOUR)
						    : 0;
}

static double
hour_obj(const struct opt_portfolio *pf, const struct opt_pf_resource *res)
{
	if (!pf->amortised || !(res->lifetime_s > 0) || pf->objective == OPT_ENERGY)
		return 0;
	if (pf->objective == OPT_COST)
		return hour_cost(pf, res);
	return res->embodied_g / 1e3 / (res->lifetime_s / UNITS_HOUR);
}

/* How many workloads w stands for. */
static size_t
multiplicity(const struct opt_pf_workload *w)
{
	return w->count > 1 ? w->count : 1;
}

/* The result's slots: one per workload stood for. */
static size_t
total_slots(const struct opt_portfolio *pf)
{
	size_t w, n = 0;

	for (w = 0; w < pf->nworkloads; w++)
		n += multiplicity(&pf->workloads[w]);
	return n;
}

static bool
mode_allows(enum opt_pf_mode mode, const struct opt_pf_option *o)
{
	if (mode == OPT_PF_CLOUD_ONLY)
		return o->resource < 0;
	if (mode == OPT_PF_ONPREM_ONLY)
		return o->resource >= 0;
	return true;
}

/* ---- pruning ---- */

struct sort_key {
	double obj, cost;
	bool onprem;
	size_t i;
};

static int
by_key(const void *a, const void *b)
{
	const struct sort_key *p = a, *q = b;

	if (p->obj != q->obj)
		return p->obj < q->obj ? -1 : 1;
	if (p->cost != q->cost)
		return p->cost < q->cost ? -1 : 1;
	if (p->onprem != q->onprem)
		return p->onprem ? 1 : -1;
	return p->i < q->i ? -1 : p->i > q->i;
}

/*
 * Walks options sorted by objective and marks the undominated ones in keep:
 * a cloud option is beaten by a cheaper one already kept (and so is an
 * on-prem one when cloud_beats_onprem), an on-prem option by one on the same
 * resource that is no dearer in money, node-hours and units.
 */
static void
mark_skyline(const struct opt_pf_workload *w, const struct sort_key *keys, size_t n,
	     bool cloud_beats_onprem, unsigned char *keep)
{
	size_t *kept = xreallocarray(NULL, n + 1, sizeof(size_t));
	double cloud_min_cost = HUGE_VAL;
	size_t i, j, nkept = 0;

	for (i = 0; i < n; i++) {
		const struct opt_pf_option *o = &w->options[keys[i].i];
		bool dom = (cloud_beats_onprem || o->resource < 0) && cloud_min_cost <= keys[i].cost;

		for (j = 0; j < nkept && !dom && o->resource >= 0; j++) {
			const struct opt_pf_option *k = &w->options[kept[j]];

			dom = k->resource == o->resource && k->cost_usd <= o->cost_usd &&
			      k->node_hours <= o->node_hours && k->units <= o->units;
		}
		if (dom)
			continue;
		keep[keys[i].i] = 1;
		if (o->resource < 0)
			cloud_min_cost = fmin(cloud_min_cost, keys[i].cost);
		else
			kept[nkept++] = keys[i].i;
	}
	free(kept);
}

/* Marks keep[i] for the options of w that survive; returns how many. */
static size_t
prune_workload(const struct opt_portfolio *pf, const struct opt_pf_workload *w,
	       enum opt_pf_mode mode, bool prune, unsigned char *keep)
{
	struct sort_key *keys = xreallocarray(NULL, w->noptions + 1, sizeof(*keys));
	size_t n = 0, i;

	for (i = 0; i < w->noptions; i++) {
		keep[i] = 0;
		if (!mode_allows(mode, &w->options[i]))
			continue;
		keys[n].obj = option_obj(pf, &w->options[i]);
		keys[n].cost = w->options[i].cost_usd;
		keys[n].onprem = w->options[i].resource >= 0;
		keys[n].i = i;
		n++;
	}
	if (!prune) {
		for (i = 0; i < n; i++)
			keep[keys[i].i] = 1;
		free(keys);
		return n;
	}
	qsort(keys, n, sizeof(*keys), by_key);
	mark_skyline(w, keys, n, true, keep);
	free(keys);
	for (i = 0, n = 0; i < w->noptions; i++)
		n += keep[i];
	return n;
}

/*
 * One sort for both kinds: the options of one kind come in the order the
 * pruning of a mode that allows only that kind sorts them, so the cloud
 * skyline and the on-prem scan below keep what that pruning keeps.
 */
size_t
optimize_portfolio_compact(struct opt_portfolio *pf, size_t w)
{
	struct opt_pf_workload *wl = &pf->workloads[w];
	struct sort_key *keys = xreallocarray(NULL, wl->noptions + 1, sizeof(*keys));
	unsigned char *keep = xcalloc(wl->noptions + 1, 1);
	size_t i, n = 0;

	for (i = 0; i < wl->noptions; i++) {
		keys[i].obj = option_obj(pf, &wl->options[i]);
		keys[i].cost = wl->options[i].cost_usd;
		keys[i].onprem = wl->options[i].resource >= 0;
		keys[i].i = i;
	}
	qsort(keys, wl->noptions, sizeof(*keys), by_key);
	mark_skyline(wl, keys, wl->noptions, false, keep);
	for (i = 0; i < wl->noptions; i++)
		if (keep[i])
			wl->options[n++] = wl->options[i];
	free(keys);
	free(keep);
	wl->noptions = n;
	wl->options = xreallocarray(wl->options, n + 1, sizeof(*wl->options));
	wl->cap_options = n + 1;
	return n;
}

/* ---- the model ---- */

struct pf_build {
	const struct opt_portfolio *pf;
	enum opt_pf_mode mode;
	struct opt_model m;
	size_t **col;			/* per workload, per option: column or SIZE_MAX */
	size_t *off;			/* per workload: its first option's flat index */
	size_t *ind;			/* per flat option: its indicator column or SIZE_MAX */
	size_t *any_row;		/* per flat option with an indicator: its row y ≤ m z */
	size_t *at_once_row;		/* per flat option: its nodes-at-once row or SIZE_MAX */
	size_t nflat;			/* options of all workloads */
	size_t *buy_col;		/* per resource: column or SIZE_MAX */
	size_t *cap_row;		/* per resource: capacity row or SIZE_MAX */
	size_t *owned_col, *owned_row;	/* per resource, amortised: t_ρ and its row, or SIZE_MAX */
	size_t budget_row;
	bool empty;			/* a workload has no option left */
	size_t empty_workload;
};

static double
horizon_hours(const struct opt_portfolio *pf)
{
	double u = pf->max_utilisation > 0 ? pf->max_utilisation : 1;

	return u * pf->horizon_s / UNITS_HOUR;
}

static void
add_resources(struct pf_build *b)
{
	const struct opt_portfolio *pf = b->pf;
	double hours = horizon_hours(pf);
	char name[256];
	size_t r;

	for (r = 0; r < pf->nresources; r++) {
		const struct opt_pf_resource *res = &pf->resources[r];
		double max = res->buyable ? res->buy_max : 0;

		b->buy_col[r] = b->cap_row[r] = b->owned_col[r] = b->owned_row[r] = SIZE_MAX;
		if (b->mode == OPT_PF_CLOUD_ONLY)
			continue;
		if (hour_obj(pf, res) > 0 || (b->budget_row != SIZE_MAX && hour_cost(pf, res) > 0)) {
			snprintf(name, sizeof(name), "owned_h_%s_%s", res->site->id, res->node->id);
			b->owned_col[r] = optimize_model_col(&b->m, name, OPT_CONTINUOUS, 0, HUGE_VAL,
							     hour_obj(pf, res));
			b->owned_row[r] = optimize_model_row(&b->m, name, 0, HUGE_VAL);
			optimize_model_coef(&b->m, b->owned_row[r], b->owned_col[r], 1);
			if (b->budget_row != SIZE_MAX)
				optimize_model_coef(&b->m, b->budget_row, b->owned_col[r],
						    hour_cost(pf, res));
		}
		snprintf(name, sizeof(name), "cap_%s_%s", res->site->id, res->node->id);
		b->cap_row[r] = optimize_model_row(&b->m, name, -HUGE_VAL, hours * res->owned);
		if (max > 0) {
			snprintf(name, sizeof(name), "buy_%s_%s", res->site->id, res->node->id);
			b->buy_col[r] = optimize_model_col(&b->m, name, OPT_INTEGER, 0, max,
							   buy_obj(pf, res));
			optimize_model_coef(&b->m, b->cap_row[r], b->buy_col[r], -hours);
			if (b->owned_row[r] != SIZE_MAX)
				optimize_model_coef(&b->m, b->owned_row[r], b->buy_col[r], hours);
		}
	}
}

static void
add_power_rows(struct pf_build *b)
{
	const struct opt_portfolio *pf = b->pf;
	size_t r, q;

	for (r = 0; r < pf->nresources; r++) {
		const struct cat_site *site = pf->resources[r].site;
		double owned_w = 0;
		char name[256];
		size_t row;
		bool first = true, any = false;

		for (q = 0; q < r; q++)
			first = first && pf->resources[q].site != site;
		if (!first || !site->power_cap.set || b->mode == OPT_PF_CLOUD_ONLY)
			continue;
		for (q = r; q < pf->nresources; q++) {
			if (pf->resources[q].site != site)
				continue;
			owned_w += pf->resources[q].owned * pf->resources[q].power_w;
			any = any || b->buy_col[q] != SIZE_MAX;
		}
		if (!any)
			continue;
		snprintf(name, sizeof(name), "power_%s", site->id);
		row = optimize_model_row(&b->m, name, -HUGE_VAL, fmax(0, site->power_cap.v - owned_w));
		for (q = r; q < pf->nresources; q++)
			if (pf->resources[q].site == site && b->buy_col[q] != SIZE_MAX)
				optimize_model_coef(&b->m, row, b->buy_col[q], pf->resources[q].power_w);
	}
}

/* z ∈ {0,1} with y ≤ m z: whether any of a group's workloads take an option. */
static size_t
add_indicator(struct pf_build *b, size_t wi, size_t o, size_t col, double m)
{
	size_t flat = b->off[wi] + o;
	char name[256];
	size_t z, row;

	snprintf(name, sizeof(name), "z_%zu_%zu", wi, o);
	z = optimize_model_col(&b->m, name, OPT_BINARY, 0, 1, 0);
	snprintf(name, sizeof(name), "any_%zu_%zu", wi, o);
	row = optimize_model_row(&b->m, name, -HUGE_VAL, 0);
	optimize_model_coef(&b->m, row, col, 1);
	optimize_model_coef(&b->m, row, z, -m);
	b->any_row[flat] = row;
	return z;
}

static void
add_workload(struct pf_build *b, size_t wi, const unsigned char *keep)
{
	const struct opt_portfolio *pf = b->pf;
	const struct opt_pf_workload *w = &pf->workloads[wi];
	double m = (double)multiplicity(w);
	char name[256];
	size_t o, row, n = 0;

	snprintf(name, sizeof(name), "assign_%zu", wi);
	row = optimize_model_row(&b->m, name, m, m);
	for (o = 0; o < w->noptions; o++) {
		const struct opt_pf_option *opt = &w->options[o];
		size_t col;

		b->col[wi][o] = SIZE_MAX;
		b->ind[b->off[wi] + o] = SIZE_MAX;
		b->at_once_row[b->off[wi] + o] = SIZE_MAX;
		if (!keep[o])
			continue;
		snprintf(name, sizeof(name), "x_%zu_%zu", wi, o);
		col = optimize_model_col(&b->m, name, m > 1 ? OPT_INTEGER : OPT_BINARY, 0, m,
					 option_obj(pf, opt));
		b->col[wi][o] = col;
		n++;
		optimize_model_coef(&b->m, row, col, 1);
		if (b->budget_row != SIZE_MAX)
			optimize_model_coef(&b->m, b->budget_row, col, opt->cost_usd);
		if (opt->resource < 0)
			continue;
		optimize_model_coef(&b->m, b->cap_row[opt->resource], col, opt->node_hours);
		if (b->owned_row[opt->resource] != SIZE_MAX)
			optimize_model_coef(&b->m, b->owned_row[opt->resource], col, -opt->node_hours);
		if (opt->units > pf->resources[opt->resource].owned) {
			size_t at_once, used = col;

			if (m > 1)
				used = b->ind[b->off[wi] + o] = add_indicator(b, wi, o, col, m);
			snprintf(name, sizeof(name), "nodes_%zu_%zu", wi, o);
			at_once = b->at_once_row[b->off[wi] + o] =
				optimize_model_row(&b->m, name, -HUGE_VAL,
						   pf->resources[opt->resource].owned);
			optimize_model_coef(&b->m, at_once, used, opt->units);
			if (b->buy_col[opt->resource] != SIZE_MAX)
				optimize_model_coef(&b->m, at_once, b->buy_col[opt->resource], -1);
		}
	}
	if (n == 0 && !b->empty) {
		b->empty = true;
		b->empty_workload = wi;
	}
}

static void
build(struct pf_build *b, bool prune, struct opt_pf_result *r)
{
	const struct opt_portfolio *pf = b->pf;
	unsigned char *keep = NULL;
	size_t cap = 0, w, rr;

	optimize_model_init(&b->m, "mlfit_plan");
	b->col = xcalloc(pf->nworkloads + 1, sizeof(*b->col));
	b->off = xcalloc(pf->nworkloads + 1, sizeof(size_t));
	for (w = 0; w < pf->nworkloads; w++) {
		b->off[w] = b->nflat;
		b->nflat += pf->workloads[w].noptions;
	}
	b->ind = xcalloc(b->nflat + 1, sizeof(size_t));
	b->any_row = xcalloc(b->nflat + 1, sizeof(size_t));
	b->at_once_row = xcalloc(b->nflat + 1, sizeof(size_t));
	b->buy_col = xcalloc(pf->nresources + 1, sizeof(size_t));
	b->cap_row = xcalloc(pf->nresources + 1, sizeof(size_t));
	b->owned_col = xcalloc(pf->nresources + 1, sizeof(size_t));
	b->owned_row = xcalloc(pf->nresources + 1, sizeof(size_t));
	b->budget_row = SIZE_MAX;
	if (pf->budget_usd > 0)
		b->budget_row = optimize_model_row(&b->m, "budget", -HUGE_VAL, pf->budget_usd);
	add_resources(b);
	add_power_rows(b);
	for (w = 0; w < pf->nworkloads; w++) {
		const struct opt_pf_workload *wl = &pf->workloads[w];
		size_t kept;

		XGROW(keep, cap, wl->noptions + 1);
		kept = prune_workload(pf, wl, b->mode, prune, keep);
		r->options += kept;
		for (rr = 0; rr < wl->noptions; rr++)
			r->options_pruned += mode_allows(b->mode, &wl->options[rr]) && !keep[rr];
		b->col[w] = xreallocarray(NULL, wl->noptions + 1, sizeof(size_t));
		add_workload(b, w, keep);
	}
	if (b->budget_row != SIZE_MAX)
		for (rr = 0; rr < pf->nresources; rr++)
			if (b->buy_col[rr] != SIZE_MAX)
				optimize_model_coef(&b->m, b->budget_row, b->buy_col[rr],
						    pf->resources[rr].capex_usd);
	free(keep);
	r->cols = b->m.ncols;
	r->rows = b->m.nrows;
}

static void
build_release(struct pf_build *b)
{
	size_t w;

	for (w = 0; w < b->pf->nworkloads; w++)
		free(b->col[w]);
	free(b->col);
	free(b->off);
	free(b->ind);
	free(b->any_row);
	free(b->at_once_row);
	free(b->buy_col);
	free(b->cap_row);
	free(b->owned_col);
	free(b->owned_row);
	optimize_model_release(&b->m);
}

/* ---- the search: purchases first, then the choices ---- */

/*
 * GLPK's branch-and-bound alone struggles with this program in two ways.
 * Purchases make the LP relaxation weak: with a fractional server bought,
 * every job may run on a fraction of it; and the budget makes the choices a
 * multiple-choice knapsack, whose LP optimum has only a couple of split
 * workloads but whose last fraction of a percent GLPK's diving rarely
 * closes.  So the search branches on the purchases itself, on LP bounds
 * (there are few of them: one per buyable node type), and at each leaf,
 * where the purchases are whole, fixes every workload the LP places whole
 * except the split ones and the knapsack's core (mark_free()), and lets
 * glp_intopt solve the rest.  The LP bounds prove the gap.  If they cannot within the
 * time limit, GLPK's own search on the whole program gets what is left,
 * and the better plan is kept.
 */

#define CORE_WORKLOADS 64	/* left free at a leaf: the knapsack's core */
#define DIVE_SHARE 0.1		/* of the time limit, at most, for one leaf's sub-program */
#define GREEDY_SHARE 0.02	/* … and for improving its plan by hand */
/* The plan by hand improves until within this share of the gap of the bound,
 * not merely within the gap: its moves are cheap, and a plan the LP's
 * vertex happens to round badly would otherwise stop a whole gap away. */
#define GREEDY_AIM 0.01
#define MAX_NODES 256
/*
 * … and for GLPK's search on a baseline's whole program once the search has
 * a plan for it but not the proof.  A baseline is a comparison; where the
 * search's own bounds could not close its gap, GLPK's on the whole program
 * rarely does (the realistic 1,000 workloads' all-on-prem baseline: 0.27 %
 * in 54 s, and glpsol with cuts in 300 s no better), and it held up the
 * whole plan for the rest of the limit.
 */
#define BASELINE_PROOF_SHARE 0.25
/* The least time a solve is given once the limit is (nearly) spent: a limit of
 * 0 or less would be none at all (optimize_glpk.c), and GLPK counts in ms. */
#define MIN_SOLVE_S 0.001

struct pf_node {
	double *lo, *hi;	/* bounds of the purchase columns */
	double *x, *dj;		/* its LP solution and reduced costs */
	double bound;
	bool dived;		/* a leaf whose plan did not reach its bound */
};

struct pf_search {
	struct pf_build *b;
	struct opt_model relax;	/* b->m's relaxation without the indicators (projected()) */
	unsigned char *start_cols, *start_rows;	/* what relax starts with (pricing_start()) */
	const struct opt_solve_opts *so;
	double t0;
	size_t *buy;		/* the purchase columns */
	size_t nbuy;
	struct pf_node nodes[MAX_NODES];
	size_t nnodes;
	struct opt_solution best;
	bool have_best;
	unsigned relaxations, dives;
};

/*
 * The relaxation the search bounds with: b->m with each group's indicator
 * projected out.  In the LP, y ≤ m z and n z − b ≤ owned with z ∈ [0,1]
 * hold for some z exactly when n y / m − b ≤ owned (take z = y / m; y ≤ m
 * is y's bound), and z is in no other row and costs nothing: the same
 * relaxation in y and b, with the same optimum, in a program smaller by a
 * row and a column per indicator (a quarter faster on the realistic
 * 10,000).  The columns are b->m's own (shared, so that the purchase
 * bounds the search sets hold in both, and so that x and dj keep their
 * indices); each y ≤ m z row is left free, so that the presolver drops it
 * and then z, which no row holds any longer.
 */
static void
projected(const struct pf_build *b, struct opt_model *r)
{
	const struct opt_portfolio *pf = b->pf;
	size_t *y_of = xreallocarray(NULL, b->m.ncols + 1, sizeof(size_t));
	double *m_of = xcalloc(b->m.ncols + 1, sizeof(double));
	size_t w, o, i;

	*r = b->m;
	r->rows = xreallocarray(NULL, b->m.nrows + 1, sizeof(*r->rows));
	r->coefs = xreallocarray(NULL, b->m.ncoefs + 1, sizeof(*r->coefs));
	memcpy(r->rows, b->m.rows, b->m.nrows * sizeof(*r->rows));
	memcpy(r->coefs, b->m.coefs, b->m.ncoefs * sizeof(*r->coefs));
	for (i = 0; i < b->m.ncols; i++)
		y_of[i] = SIZE_MAX;
	for (w = 0; w < pf->nworkloads; w++) {
		for (o = 0; o < pf->workloads[w].noptions; o++) {
			size_t flat = b->off[w] + o, z = b->ind[flat];

			if (z == SIZE_MAX)
				continue;
			y_of[z] = b->col[w][o];
			m_of[z] = (double)multiplicity(&pf->workloads[w]);
			r->rows[b->any_row[flat]].lo = -HUGE_VAL;
			r->rows[b->any_row[flat]].hi = HUGE_VAL;
		}
	}
	for (i = 0; i < r->ncoefs; i++) {
		struct opt_coef *c = &r->coefs[i];

		if (y_of[c->col] == SIZE_MAX || !isfinite(r->rows[c->row].hi))
			continue;
		c->v /= m_of[c->col];	/* n z in a nodes-at-once row: n y / m */
		c->col = (unsigned)y_of[c->col];
	}
	free(y_of);
	free(m_of);
}

/* Marks the option of group w (in the cloud only, with cloud_only) least in cost or objective. */
static void
mark_least(const struct pf_build *b, size_t w, unsigned char *start, bool cloud_only, bool cost)
{
	const struct opt_pf_workload *wl = &b->pf->workloads[w];
	size_t o, best = SIZE_MAX;
	double least = HUGE_VAL;

	for (o = 0; o < wl->noptions; o++) {
		const struct opt_pf_option *op = &wl->options[o];
		double v;

		if (b->col[w][o] == SIZE_MAX || (cloud_only && op->resource >= 0))
			continue;
		v = cost ? op->cost_usd : b->m.cols[b->col[w][o]].obj;
		if (v < least) {
			least = v;
			best = o;
		}
	}
	if (best != SIZE_MAX)
		start[b->col[w][best]] = 1;
}

/*
 * What the relaxation starts with (optimize_model_relax_priced() adds what
 * its solution breaks and its duals call for).  Columns: the purchases and
 * hours, and of each group's options the least objective, the cheapest and
 * the cheapest in the cloud, the choices a budget trades between.  Rows:
 * all but the nodes-at-once rows, which only options that need more nodes
 * than are owned and few purchases make tight.  The indicators stay out:
 * the projected relaxation has no row for them.
 */
static void
pricing_start(const struct pf_build *b, unsigned char **cols, unsigned char **rows)
{
	const struct opt_portfolio *pf = b->pf;
	size_t w, o;

	*cols = xreallocarray(NULL, b->m.ncols + 1, 1);
	*rows = xreallocarray(NULL, b->m.nrows + 1, 1);
	memset(*cols, 1, b->m.ncols + 1);
	memset(*rows, 1, b->m.nrows + 1);
	for (w = 0; w < pf->nworkloads; w++) {
		for (o = 0; o < pf->workloads[w].noptions; o++) {
			size_t flat = b->off[w] + o;

			if (b->col[w][o] != SIZE_MAX)
				(*cols)[b->col[w][o]] = 0;
			if (b->ind[flat] != SIZE_MAX) {
				(*cols)[b->ind[flat]] = 0;
				(*rows)[b->any_row[flat]] = 0;
			}
			if (b->at_once_row[flat] != SIZE_MAX)
				(*rows)[b->at_once_row[flat]] = 0;
		}
		mark_least(b, w, *cols, false, false);
		mark_least(b, w, *cols, false, true);
		mark_least(b, w, *cols, true, true);
	}
}

static double
time_left(const struct pf_search *s)
{
	if (!(s->so->time_limit_s > 0))
		return HUGE_VAL;
	return s->so->time_limit_s - (optimize_now_s() - s->t0);
}

static void
set_buy_bounds(struct pf_search *s, const double *lo, const double *hi)
{
	size_t k;

	for (k = 0; k < s->nbuy; k++) {
		s->b->m.cols[s->buy[k]].lo = lo[k];
		s->b->m.cols[s->buy[k]].hi = hi[k];
	}
}

/* Adds a node with its LP bound; returns 1 if its relaxation is infeasible. */
static int
add_node(struct pf_search *s, const double *lo, const double *hi, struct mlf_err *err)
{
	struct pf_node *n = &s->nodes[s->nnodes];
	struct opt_solve_opts lp = { fmax(time_left(s), MIN_SOLVE_S), 0, false, 0 };
	size_t ncols = s->b->m.ncols;
	int rc;

	n->lo = xreallocarray(NULL, s->nbuy + 1, sizeof(double));
	n->hi = xreallocarray(NULL, s->nbuy + 1, sizeof(double));
	n->x = xreallocarray(NULL, ncols + 1, sizeof(double));
	n->dj = xreallocarray(NULL, ncols + 1, sizeof(double));
	memcpy(n->lo, lo, s->nbuy * sizeof(double));
	memcpy(n->hi, hi, s->nbuy * sizeof(double));
	n->dived = false;
	set_buy_bounds(s, lo, hi);
	s->relaxations++;
	rc = optimize_model_relax_priced(&s->relax, s->start_cols, s->start_rows, &lp, n->x, n->dj, &n->bound, err);
	if (rc != 0) {
		free(n->lo);
		free(n->hi);
		free(n->x);
		free(n->dj);
		return rc;
	}
	s->nnodes++;
	return 0;
}

static void
drop_node(struct pf_search *s, size_t i)
{
	free(s->nodes[i].lo);
	free(s->nodes[i].hi);
	free(s->nodes[i].x);
	free(s->nodes[i].dj);
	s->nodes[i] = s->nodes[--s->nnodes];
}

static size_t
lowest_node(const struct pf_search *s)
{
	size_t i, best = 0;

	for (i = 1; i < s->nnodes; i++)
		if (s->nodes[i].bound < s->nodes[best].bound)
			best = i;
	return best;
}

static bool
within_gap(const struct pf_search *s, double lower)
{
	double u = s->best.objective;

	return s->have_best && u - lower <= s->so->mip_gap * fabs(u) + 1e-9;
}

struct ranked {
	double key;
	size_t w;
};

static int
by_key_desc(const void *a, const void *b)
{
	const struct ranked *p = a, *q = b;

	return p->key > q->key ? -1 : p->key < q->key;
}

/*
 * The workloads left free at a leaf: those the LP splits, and the core of
 * the knapsack: those with an option the LP did not choose but whose
 * reduced cost is smallest, i.e. the nearest to swapping in or out when
 * the split ones are made whole and the budget or a capacity is freed or
 * taken (Balas and Zemel's core, for the multiple-choice knapsack).
 */
static void
mark_free(const struct pf_search *s, const double *x, const double *dj, unsigned char *free_w)
{
	const struct opt_portfolio *pf = s->b->pf;
	struct ranked *core = xreallocarray(NULL, pf->nworkloads + 1, sizeof(*core));
	size_t w, o, k;

	for (w = 0; w < pf->nworkloads; w++) {
		const struct opt_pf_workload *wl = &pf->workloads[w];

		core[w].w = w;
		core[w].key = -HUGE_VAL;
		for (o = 0; o < wl->noptions; o++) {
			size_t c = s->b->col[w][o];

			if (c == SIZE_MAX)
				continue;
			if (fabs(x[c] - floor(x[c] + 0.5)) > 1e-6)
				free_w[w] = 1;
			if (x[c] < 0.5)
				core[w].key = fmax(core[w].key, -fabs(dj[c]));
		}
	}
	qsort(core, pf->nworkloads, sizeof(*core), by_key_desc);
	for (k = 0; k < CORE_WORKLOADS && k < pf->nworkloads; k++)
		free_w[core[k].w] = 1;
	free(core);
}

/*
 * A plan from an LP solution, by hand: each workload takes the option the
 * LP gives most of (a group of identical ones: the LP's counts rounded
 * down, the rest to the options it gives most of); moves of one workload
 * that cost the least objective per unit of violation repair the budget
 * and the capacities; then single moves, and pairs of a move that breaks a
 * limit with one that mends it, improve the plan while any does.  The
 * knapsack's items are small against its capacity, so this lands within a
 * fraction of a per mille of the LP bound where GLPK's own heuristics,
 * working on the sub-program, stop percents away.  Purchases stay as given.
 */
struct greedy {
	const struct pf_search *s;
	const struct opt_portfolio *pf;
	size_t *cnt;		/* per flat option: the workloads on it */
	double *used, *cap;	/* per resource: node-hours */
	const double *buy;	/* per resource */
	double cost, obj;	/* cost: options and purchases */
	double stop_s;		/* optimize_now_s() at which to stop improving */
	double target;		/* objective good enough to stop at */
};

/* An option's amortised share if all its hours were owned ones: an upper bound. */
static double
share_bound(const struct opt_portfolio *pf, const struct opt_pf_option *op, bool cost)
{
	if (op->resource < 0)
		return 0;
	return op->node_hours * (cost ? hour_cost(pf, &pf->resources[op->resource])
				      : hour_obj(pf, &pf->resources[op->resource]));
}

static double
opt_obj(const struct greedy *g, size_t w, size_t o)
{
	return g->s->b->m.cols[g->s->b->col[w][o]].obj +
	       share_bound(g->pf, &g->pf->workloads[w].options[o], false);
}

/* The cost the greedy counts against the budget: the share's bound included. */
static double
opt_cost(const struct greedy *g, const struct opt_pf_option *op)
{
	return op->cost_usd + share_bound(g->pf, op, true);
}

static bool
usable(const struct greedy *g, size_t w, size_t o)
{
	const struct opt_pf_option *op = &g->pf->workloads[w].options[o];

	if (g->s->b->col[w][o] == SIZE_MAX)
		return false;
	return op->resource < 0 ||
	       op->units <= g->pf->resources[op->resource].owned + g->buy[op->resource];
}

static double
over(double used, double cap)
{
	return used > cap * (1 + 1e-12) + 1e-9 ? (used - cap) / fmax(cap, 1) : 0;
}

/* Violation after moving one workload from option `from` to `to` (NULL: as is). */
static double
violation_if(const struct greedy *g, const struct opt_pf_option *from,
	     const struct opt_pf_option *to)
{
	double v = 0, budget = g->pf->budget_usd;
	size_t r;

	if (budget > 0)
		v += over(g->cost - (from ? opt_cost(g, from) : 0) + (to ? opt_cost(g, to) : 0),
			  budget);
	for (r = 0; r < g->pf->nresources; r++) {
		double u = g->used[r];

		if (from != NULL && (long)r == from->resource)
			u -= from->node_hours;
		if (to != NULL && (long)r == to->resource)
			u += to->node_hours;
		v += over(u, g->cap[r]);
	}
	return v;
}

/* Puts one more workload of w on option o. */
static void
take(struct greedy *g, size_t w, size_t o)
{
	const struct opt_pf_option *op = &g->pf->workloads[w].options[o];

	g->cnt[g->s->b->off[w] + o]++;
	g->cost += opt_cost(g, op);
	g->obj += opt_obj(g, w, o);
	if (op->resource >= 0)
		g->used[op->resource] += op->node_hours;
}

static void
move(struct greedy *g, size_t w, size_t from, size_t to)
{
	const struct opt_pf_option *f = &g->pf->workloads[w].options[from];
	const struct opt_pf_option *t = &g->pf->workloads[w].options[to];

	g->cnt[g->s->b->off[w] + from]--;
	g->cnt[g->s->b->off[w] + to]++;
	g->cost += opt_cost(g, t) - opt_cost(g, f);
	g->obj += opt_obj(g, w, to) - opt_obj(g, w, from);
	if (f->resource >= 0)
		g->used[f->resource] -= f->node_hours;
	if (t->resource >= 0)
		g->used[t->resource] += t->node_hours;
}

/* Whether option o of w holds any of its workloads. */
static bool
holds(const struct greedy *g, size_t w, size_t o)
{
	return g->cnt[g->s->b->off[w] + o] > 0;
}

/*
 * The plan's violation, as a move of the first workload onto its own
 * option: the same sums as every move's (cost − c + c), so that a plan
 * whose limits are met exactly is not found over them by a rounding.
 */
static double
violation_as_is(const struct greedy *g)
{
	const struct opt_pf_workload *wl = &g->pf->workloads[0];
	size_t o;

	for (o = 0; g->pf->nworkloads > 0 && o < wl->noptions; o++)
		if (holds(g, 0, o))
			return violation_if(g, &wl->options[o], &wl->options[o]);
	return violation_if(g, NULL, NULL);
}

/* Makes the plan meet the budget and capacities; false if it cannot. */
static bool
repair(struct greedy *g)
{
	double v = violation_as_is(g);

	while (v > 0) {
		double best = HUGE_VAL, best_v = v;
		size_t bw = 0, bf = 0, bo = 0, w, f, o;

		for (w = 0; w < g->pf->nworkloads; w++) {
			const struct opt_pf_workload *wl = &g->pf->workloads[w];

			for (f = 0; f < wl->noptions; f++) {
				if (!holds(g, w, f))
					continue;
				for (o = 0; o < wl->noptions; o++) {
					double nv, score;

					if (o == f || !usable(g, w, o))
						continue;
					nv = violation_if(g, &wl->options[f], &wl->options[o]);
					if (nv >= v)
						continue;
					score = (opt_obj(g, w, o) - opt_obj(g, w, f)) / (v - nv);
					if (score < best) {
						best = score;
						bw = w;
						bf = f;
						bo = o;
						best_v = nv;
					}
				}
			}
		}
		if (best == HUGE_VAL)
			return false;
		move(g, bw, bf, bo);
		v = best_v;
	}
	return true;
}

struct move_c {
	double delta;
	size_t w, f, o;
};

static int
by_delta(const void *a, const void *b)
{
	const struct move_c *p = a, *q = b;

	return p->delta < q->delta ? -1 : p->delta > q->delta;
}

#define PAIR_TRIES 200

struct snapshot {
	size_t *cnt;
	double *used;
	double cost, obj;
};

static void
save(const struct greedy *g, struct snapshot *sn)
{
	memcpy(sn->cnt, g->cnt, g->s->b->nflat * sizeof(size_t));
	memcpy(sn->used, g->used, g->pf->nresources * sizeof(double));
	sn->cost = g->cost;
	sn->obj = g->obj;
}

static void
restore(struct greedy *g, const struct snapshot *sn)
{
	memcpy(g->cnt, sn->cnt, g->s->b->nflat * sizeof(size_t));
	memcpy(g->used, sn->used, g->pf->nresources * sizeof(double));
	g->cost = sn->cost;
	g->obj = sn->obj;
}

/*
 * One round of improvement; returns whether the plan got better.  The best
 * move that keeps every limit; else a move that breaks one, followed by
 * the repair that costs least, if the two together gain.
 */
static bool
improve(struct greedy *g, struct move_c *bad, size_t cap_bad, struct snapshot *sn)
{
	double eps = 1e-9 * fmax(1, fabs(g->obj)), before = g->obj;
	struct move_c best = { -eps, 0, 0, 0 };
	size_t nbad = 0, w, f, o, i;
	bool found = false;

	for (w = 0; w < g->pf->nworkloads; w++) {
		const struct opt_pf_workload *wl = &g->pf->workloads[w];

		for (f = 0; f < wl->noptions; f++) {
			if (!holds(g, w, f))
				continue;
			for (o = 0; o < wl->noptions; o++) {
				double d;

				if (o == f || !usable(g, w, o))
					continue;
				d = opt_obj(g, w, o) - opt_obj(g, w, f);
				if (d >= -eps)
					continue;
				if (violation_if(g, &wl->options[f], &wl->options[o]) == 0) {
					if (d < best.delta) {
						best.delta = d;
						best.w = w;
						best.f = f;
						best.o = o;
						found = true;
					}
				} else if (nbad < cap_bad) {
					bad[nbad].delta = d;
					bad[nbad].w = w;
					bad[nbad].f = f;
					bad[nbad++].o = o;
				}
			}
		}
	}
	if (found) {
		move(g, best.w, best.f, best.o);
		return true;
	}
	qsort(bad, nbad, sizeof(*bad), by_delta);
	save(g, sn);
	for (i = 0; i < nbad && i < PAIR_TRIES && optimize_now_s() < g->stop_s; i++) {
		move(g, bad[i].w, bad[i].f, bad[i].o);
		if (repair(g) && g->obj < before - eps)
			return true;
		restore(g, sn);
	}
	return false;
}

/*
 * The LP's counts for w rounded to whole workloads: each usable option
 * gets its count rounded down, and the workloads left go one by one to the
 * usable option the LP gives most beyond what it got (for one workload:
 * the option the LP gives most of).  False if w has no usable option.
 */
static bool
round_workload(struct greedy *g, size_t w, const double *x)
{
	const struct pf_build *b = g->s->b;
	const struct opt_pf_workload *wl = &g->pf->workloads[w];
	size_t o, left = multiplicity(wl), k;

	for (o = 0; o < wl->noptions; o++) {
		size_t n;

		if (!usable(g, w, o))
			continue;
		n = (size_t)fmin(fmax(0, floor(x[b->col[w][o]] + 1e-9)), (double)left);
		for (k = 0; k < n; k++)
			take(g, w, o);
		left -= n;
	}
	while (left > 0) {
		double most = -HUGE_VAL;
		size_t pick = SIZE_MAX;

		for (o = 0; o < wl->noptions; o++) {
			double rest;

			if (!usable(g, w, o))
				continue;
			rest = x[b->col[w][o]] - (double)g->cnt[b->off[w] + o];
			if (pick == SIZE_MAX || rest > most) {
				most = rest;
				pick = o;
			}
		}
		if (pick == SIZE_MAX)
			return false;
		take(g, w, pick);
		left--;
	}
	return true;
}

static void
greedy_release(struct greedy *g)
{
	free(g->cnt);
	free(g->used);
	free(g->cap);
}

/* The greedy's plan as the program's solution vector. */
static void
greedy_solution(const struct greedy *g, struct opt_solution *out)
{
	const struct pf_build *b = g->s->b;
	const struct opt_portfolio *pf = b->pf;
	double hours = horizon_hours(pf);
	size_t w, o, r;

	memset(out, 0, sizeof(*out));
	out->x = xcalloc(b->m.ncols + 1, sizeof(double));
	for (w = 0; w < pf->nworkloads; w++) {
		for (o = 0; o < pf->workloads[w].noptions; o++) {
			size_t n = g->cnt[b->off[w] + o];

			if (n == 0)
				continue;
			out->x[b->col[w][o]] = (double)n;
			if (b->ind[b->off[w] + o] != SIZE_MAX)
				out->x[b->ind[b->off[w] + o]] = 1;
		}
	}
	for (r = 0; r < pf->nresources; r++)
		if (b->buy_col[r] != SIZE_MAX)
			out->x[b->buy_col[r]] = g->buy[r];
	for (r = 0; r < pf->nresources; r++)
		if (b->owned_col[r] != SIZE_MAX)
			out->x[b->owned_col[r]] = fmax(0, g->used[r] - hours * g->buy[r]);
	out->objective = 0;
	for (o = 0; o < b->m.ncols; o++)
		out->objective += b->m.cols[o].obj * out->x[o];
	out->status = OPT_TIME_LIMIT;
}

/* A plan for the leaf's LP solution x with purchases buy; false if none found. */
static bool
greedy_plan(const struct pf_search *s, const double *x, const double *buy, double target,
	    struct opt_solution *out)
{
	const struct pf_build *b = s->b;
	const struct opt_portfolio *pf = b->pf;
	struct greedy g = { s, pf, NULL, NULL, NULL, buy, 0, 0, 0, 0 };
	double hours = horizon_hours(pf);
	struct snapshot sn;
	struct move_c *bad;
	size_t w, r, cap_bad = 0, rounds = 0, slots = total_slots(pf);
	bool ok;

	g.cnt = xcalloc(b->nflat + 1, sizeof(size_t));
	g.used = xcalloc(pf->nresources + 1, sizeof(double));
	g.cap = xcalloc(pf->nresources + 1, sizeof(double));
	g.stop_s = optimize_now_s() + fmin(fmax(0, time_left(s)), s->so->time_limit_s > 0 ?
				  GREEDY_SHARE * s->so->time_limit_s : 1);
	g.target = target;
	for (r = 0; r < pf->nresources; r++) {
		g.cap[r] = hours * (pf->resources[r].owned + buy[r]);
		g.cost += buy[r] * pf->resources[r].capex_usd;
	}
	for (w = 0; w < pf->nworkloads; w++) {
		const struct opt_pf_workload *wl = &pf->workloads[w];

		if (!round_workload(&g, w, x)) {
			greedy_release(&g);
			return false;
		}
		/* the moves from each option a workload of w is on */
		cap_bad += wl->noptions * (multiplicity(wl) < wl->noptions ? multiplicity(wl)
									    : wl->noptions);
	}
	bad = xreallocarray(NULL, cap_bad + 1, sizeof(*bad));
	sn.cnt = xcalloc(b->nflat + 1, sizeof(size_t));
	sn.used = xcalloc(pf->nresources + 1, sizeof(double));
	ok = repair(&g);
	while (ok && g.obj > g.target && rounds++ < 10 * slots &&
	       optimize_now_s() < g.stop_s && improve(&g, bad, cap_bad, &sn))
		;
	free(sn.cnt);
	free(sn.used);
	if (ok)
		greedy_solution(&g, out);
	free(bad);
	greedy_release(&g);
	return ok;
}

static void
keep_best(struct pf_search *s, struct opt_solution *sol)
{
	if (!s->have_best || sol->objective < s->best.objective) {
		optimize_solution_release(&s->best);
		s->best = *sol;
		s->have_best = true;
	} else {
		optimize_solution_release(sol);
	}
}

/*
 * At a leaf: a plan by hand first (greedy_plan()); if it is not within the
 * gap of the root's bound, fix what the LP placed whole and let glp_intopt
 * solve the rest.
 */
static int
dive(struct pf_search *s, struct pf_node *n, struct mlf_err *err)
{
	struct opt_model *m = &s->b->m;
	const struct opt_portfolio *pf = s->b->pf;
	struct opt_solve_opts so = { fmax(time_left(s), MIN_SOLVE_S), s->so->mip_gap / 2, false, 0 };
	unsigned char *free_w = xcalloc(pf->nworkloads + 1, 1);
	struct opt_solution sol;
	double *lo = xreallocarray(NULL, s->nbuy + 1, sizeof(double));
	double *buy = xcalloc(pf->nresources + 1, sizeof(double)), target, t0;
	bool ok;
	size_t w, o, k, *fixed = xreallocarray(NULL, s->b->nflat + 1, sizeof(size_t)), nfixed = 0;
	int rc;

	for (k = 0; k < s->nbuy; k++)
		lo[k] = floor(n->x[s->buy[k]] + 0.5);
	for (k = 0, w = 0; w < pf->nresources; w++)
		buy[w] = s->b->buy_col[w] != SIZE_MAX ? lo[k++] : 0;
	s->dives++;
	n->dived = true;
	/* a plan within the gap of the leaf's bound needs no more search here */
	target = n->bound + s->so->mip_gap * fabs(n->bound);
	t0 = optimize_now_s();
	ok = greedy_plan(s, n->x, buy, n->bound + GREEDY_AIM * s->so->mip_gap * fabs(n->bound),
			 &sol);
	log_debug("plan search: a plan by hand in %.3g s%s", optimize_now_s() - t0,
		  ok ? "" : ", none found");
	if (ok) {
		keep_best(s, &sol);
		if (within_gap(s, n->bound)) {
			free(free_w);
			free(fixed);
			free(lo);
			free(buy);
			return 0;
		}
	}
	set_buy_bounds(s, lo, lo);
	mark_free(s, n->x, n->dj, free_w);
	for (w = 0; w < pf->nworkloads; w++) {
		if (free_w[w])
			continue;
		for (o = 0; o < pf->workloads[w].noptions; o++) {
			size_t c = s->b->col[w][o];

			if (c != SIZE_MAX && n->x[c] >= 1 - 1e-6) {
				m->cols[c].lo = floor(n->x[c] + 1e-6);
				fixed[nfixed++] = c;
			}
		}
	}
	so.stop = true;
	so.stop_at = target;
	if (s->so->time_limit_s > 0)
		so.time_limit_s = fmin(so.time_limit_s, fmax(1, DIVE_SHARE * s->so->time_limit_s));
	rc = optimize_model_solve(m, &so, &sol, err);
	for (k = 0; k < nfixed; k++)
		m->cols[fixed[k]].lo = 0;
	if (rc == 0 && sol.status != OPT_INFEASIBLE)
		keep_best(s, &sol);
	else
		optimize_solution_release(&sol);
	if (rc < 0 && err->code == MLF_E_SOLVER)
		rc = 0;		/* no plan at this leaf in its time: the search goes on */
	free(free_w);
	free(fixed);
	free(lo);
	free(buy);
	return rc;
}

static int
first_fractional(const struct pf_search *s, const double *x)
{
	size_t k;

	for (k = 0; k < s->nbuy; k++)
		if (fabs(x[s->buy[k]] - floor(x[s->buy[k]] + 0.5)) > 1e-6)
			return (int)k;
	return -1;
}

static int
branch(struct pf_search *s, size_t i, int k, struct mlf_err *err)
{
	struct pf_node n = s->nodes[i];
	double v = n.x[s->buy[k]], keep;
	int rc = 0;

	s->nodes[i] = s->nodes[--s->nnodes];
	keep = n.hi[k];
	n.hi[k] = floor(v);
	if (s->nnodes + 2 <= MAX_NODES && (rc = add_node(s, n.lo, n.hi, err)) < 0)
		goto out;
	n.hi[k] = keep;
	n.lo[k] = ceil(v);
	if (s->nnodes + 1 <= MAX_NODES && (rc = add_node(s, n.lo, n.hi, err)) < 0)
		goto out;
	rc = 0;
out:
	free(n.lo);
	free(n.hi);
	free(n.x);
	free(n.dj);
	return rc;
}

/*
 * Returns 0 with s->best proven within the gap (*proven), or not proven
 * (time, or a leaf whose plan did not reach its bound), or -1 with err.
 * *lower gets the best lower bound known.
 */
static int
search(struct pf_search *s, bool *proven, bool *infeasible, double *lower, struct mlf_err *err)
{
	double *lo = xreallocarray(NULL, s->nbuy + 1, sizeof(double));
	double *hi = xreallocarray(NULL, s->nbuy + 1, sizeof(double));
	size_t k;
	int rc;

	*proven = *infeasible = false;
	*lower = -HUGE_VAL;
	for (k = 0; k < s->nbuy; k++) {
		lo[k] = s->b->m.cols[s->buy[k]].lo;
		hi[k] = s->b->m.cols[s->buy[k]].hi;
	}
	rc = add_node(s, lo, hi, err);
	free(lo);
	free(hi);
	if (rc != 0) {
		*infeasible = rc == 1;
		return rc < 0 ? -1 : 0;
	}
	while (s->nnodes > 0 && time_left(s) > 0) {
		size_t i = lowest_node(s);
		struct pf_node *n = &s->nodes[i];
		int frac;

		*lower = n->bound;
		if (within_gap(s, n->bound)) {
			*proven = true;
			return 0;
		}
		if (n->dived)
			return 0;	/* our search can do no more here */
		frac = first_fractional(s, n->x);
		if (frac < 0)
			rc = dive(s, n, err);
		else if (s->nnodes + 1 >= MAX_NODES)
			return 0;
		else
			rc = branch(s, i, frac, err);
		if (rc < 0)
			return -1;
	}
	if (s->nnodes == 0) {
		/* every node was infeasible or gave a plan: the best is proven */
		*proven = s->have_best;
		*infeasible = !s->have_best;
		*lower = s->have_best ? s->best.objective : HUGE_VAL;
	}
	return 0;
}

static void
search_release(struct pf_search *s)
{
	while (s->nnodes > 0)
		drop_node(s, 0);
	optimize_solution_release(&s->best);
	free(s->buy);
	free(s->start_cols);
	free(s->start_rows);
	free(s->relax.rows);		/* its columns and names are s->b->m's */
	free(s->relax.coefs);
}

/*
 * Solves the built program: the search above for large ones, else GLPK
 * alone.  Without a gap the search still runs first: GLPK's own search can
 * spend its whole time limit on a large program with a binding budget
 * without finding any plan, and the search's greedy plans are feasible.
 */
static int
solve_program(struct pf_build *b, const struct opt_solve_opts *so, struct opt_solution *sol,
	      struct mlf_err *err)
{
	struct pf_search s;
	struct opt_solve_opts rest = *so;
	double lower, *orig;
	bool proven, infeasible;
	size_t r;
	int rc;

	if (b->m.ncols < 1000)
		return optimize_model_solve(&b->m, so, sol, err);
	memset(&s, 0, sizeof(s));
	s.b = b;
	s.so = so;
	s.t0 = optimize_now_s();
	s.buy = xreallocarray(NULL, b->pf->nresources + 1, sizeof(size_t));
	projected(b, &s.relax);
	pricing_start(b, &s.start_cols, &s.start_rows);
	orig = xreallocarray(NULL, 2 * b->pf->nresources + 1, sizeof(double));
	for (r = 0; r < b->pf->nresources; r++) {
		if (b->buy_col[r] == SIZE_MAX)
			continue;
		orig[2 * s.nbuy] = b->m.cols[b->buy_col[r]].lo;
		orig[2 * s.nbuy + 1] = b->m.cols[b->buy_col[r]].hi;
		s.buy[s.nbuy++] = b->buy_col[r];
	}
	rc = search(&s, &proven, &infeasible, &lower, err);
	for (r = 0; r < s.nbuy; r++) {		/* the purchase bounds as built */
		b->m.cols[s.buy[r]].lo = orig[2 * r];
		b->m.cols[s.buy[r]].hi = orig[2 * r + 1];
	}
	free(orig);
	log_debug("plan search: %u relaxations, %u leaves, lower bound %.10g, %s", s.relaxations,
		  s.dives, lower, rc < 0 ? "failed" : infeasible ? "infeasible" : proven ? "proven"
		  : s.have_best ? "not proven" : "no plan");
	if (rc == 0 && (proven || infeasible)) {
		memset(sol, 0, sizeof(*sol));
		sol->status = OPT_INFEASIBLE;
		if (!infeasible) {
			*sol = s.best;
			memset(&s.best, 0, sizeof(s.best));
			sol->gap = fabs(sol->objective - lower) / (fabs(sol->objective) + 1e-300);
			sol->status = sol->gap <= 1e-9 ? OPT_OPTIMAL : OPT_WITHIN_GAP;
			if (sol->status == OPT_OPTIMAL)
				sol->gap = 0;	/* not the rounding of two sums of the same plan */
		}
		search_release(&s);
		return 0;
	}
	/* GLPK's own search on the whole program, in the time left */
	rest.time_limit_s = so->time_limit_s > 0 ? fmax(time_left(&s), MIN_SOLVE_S) : 0;
	if (b->mode != OPT_PF_ALL && s.have_best && so->time_limit_s > 0)
		rest.time_limit_s = fmin(rest.time_limit_s,
					 fmax(MIN_SOLVE_S, BASELINE_PROOF_SHARE * so->time_limit_s));
	rc = optimize_model_solve(&b->m, &rest, sol, err);
	if (rc < 0 && !s.have_best && so->time_limit_s > 0 && time_left(&s) <= MIN_SOLVE_S)
		/* GLPK knows only the time that was left: name the limit the user set */
		mlf_err_set(err, MLF_E_SOLVER, "the solver found no plan within its time limit "
			    "(%g s); allow more with --time-limit", so->time_limit_s);
	if (s.have_best && ((rc == 0 && sol->status == OPT_TIME_LIMIT &&
			     s.best.objective < sol->objective) || rc < 0)) {
		if (rc == 0)
			optimize_solution_release(sol);
		*sol = s.best;
		memset(&s.best, 0, sizeof(s.best));
		sol->status = OPT_TIME_LIMIT;
		sol->gap = lower > -HUGE_VAL ? fabs(sol->objective - lower) /
			   (fabs(sol->objective) + 1e-300) : HUGE_VAL;
		rc = 0;
	}
	search_release(&s);
	return rc;
}

/* ---- the solution ---- */

/* Amortised: the owned node-hours used (beyond what bought nodes take) and their share. */
static void
amortised_shares(const struct pf_build *b, struct opt_pf_result *r)
{
	const struct opt_portfolio *pf = b->pf;
	double hours = horizon_hours(pf);
	size_t q;

	if (!pf->amortised || b->mode == OPT_PF_CLOUD_ONLY)
		return;
	for (q = 0; q < pf->nresources; q++) {
		const struct opt_pf_resource *res = &pf->resources[q];
		double owned_h = fmax(0, r->node_hours[q] - hours * r->buy[q]);

		if (!(res->lifetime_s > 0))
			continue;
		r->amortised_usd += owned_h * hour_cost(pf, res);
		r->amortised_g += owned_h * res->embodied_g / (res->lifetime_s / UNITS_HOUR);
	}
}

static void
read_solution(const struct pf_build *b, const struct opt_solution *s, struct opt_pf_result *r)
{
	const struct opt_portfolio *pf = b->pf;
	size_t w, o, q, slot = 0, first;

	r->found = true;
	r->status = s->status;
	r->gap = s->gap;
	for (w = 0; w < pf->nworkloads; w++) {
		const struct opt_pf_workload *wl = &pf->workloads[w];

		first = slot;
		for (o = 0; o < wl->noptions; o++) {
			const struct opt_pf_option *opt = &wl->options[o];
			double n;

			if (b->col[w][o] == SIZE_MAX)
				continue;
			/* each of the n workloads on o, one by one, as if ungrouped */
			for (n = floor(s->x[b->col[w][o]] + 0.5); n >= 1 &&
			     slot < first + multiplicity(wl); n--) {
				r->choice[slot++] = o;
				r->co2e_g += opt->co2e_g;
				r->energy_j += opt->energy_j;
				r->cost_usd += opt->cost_usd;
				if (opt->resource >= 0)
					r->node_hours[opt->resource] += opt->node_hours;
			}
		}
		slot = first + multiplicity(wl);
	}
	for (q = 0; q < pf->nresources; q++) {
		const struct opt_pf_resource *res = &pf->resources[q];

		if (b->buy_col[q] == SIZE_MAX)
			continue;
		r->buy[q] = floor(s->x[b->buy_col[q]] + 0.5);
		r->capex_usd += r->buy[q] * res->capex_usd;
		r->embodied_g += r->buy[q] * res->embodied_g;
	}
	amortised_shares(b, r);
	r->co2e_g += r->embodied_g + r->amortised_g;
	r->cost_usd += r->capex_usd + r->amortised_usd;
}

void
optimize_pf_result_release(struct opt_pf_result *r)
{
	free(r->choice);
	free(r->buy);
	free(r->node_hours);
	memset(r, 0, sizeof(*r));
}

int
optimize_portfolio(const struct opt_portfolio *pf, enum opt_pf_mode mode, bool prune,
		   const struct opt_solve_opts *so, struct opt_pf_result *r, struct mlf_err *err)
{
	struct pf_build b = { .pf = pf, .mode = mode };
	struct opt_solution sol;
	double t0 = optimize_now_s();
	int rc = 0;

	memset(r, 0, sizeof(*r));
	r->mode = mode;
	r->status = OPT_INFEASIBLE;
	r->unplaceable = -1;
	r->choice = xcalloc(total_slots(pf) + 1, sizeof(size_t));
	r->buy = xcalloc(pf->nresources + 1, sizeof(double));
	r->node_hours = xcalloc(pf->nresources + 1, sizeof(double));
	build(&b, prune, r);
	log_debug("plan program (mode %d): %zu columns, %zu rows, built in %.3g s", (int)mode,
		  b.m.ncols, b.m.nrows, optimize_now_s() - t0);
	if (b.empty) {
		r->unplaceable = (long)b.empty_workload;
	} else {
		rc = solve_program(&b, so, &sol, err);
		if (rc == 0 && sol.status != OPT_INFEASIBLE)
			read_solution(&b, &sol, r);
		if (rc == 0)
			optimize_solution_release(&sol);
	}
	build_release(&b);
	r->solve_s = optimize_now_s() - t0;
	return rc;
}

int
optimize_portfolio_write_lp(const struct opt_portfolio *pf, enum opt_pf_mode mode,
			    const char *path, struct mlf_err *err)
{
	struct pf_build b = { .pf = pf, .mode = mode };
	struct opt_pf_result r;
	int rc;

	memset(&r, 0, sizeof(r));
	build(&b, false, &r);
	rc = optimize_model_write_lp(&b.m, path, err);
	build_release(&b);
	return rc;
}
