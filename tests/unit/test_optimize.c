/*
 * test_optimize.c — the GLPK model, candidate enumeration, recommend and
 * the portfolio program.
 *
 * The catalog is the shipped one plus tests/fixtures/optimize/tiny.xml, a
 * made-up cloud "tp" (four regions, three instance types) and site
 * "opt-site", restricted with the providers filter so that the tests can
 * estimate every candidate themselves and check that the optimiser chose
 * the true optimum.
 */
#include "config.h"

#include <math.h>
#include <string.h>
#include <unistd.h>

#include "candidates.h"
#include "catalog.h"
#include "estimate.h"
#include "helpers.h"
#include "test_optimize_fixture.h"
#include "model.h"
#include "optimize.h"
#include "xalloc.h"

static struct workload
training(const struct profile *p)
{
	struct workload w = { .profile = p, .task = TASK_TRAIN, .precision = PREC_BF16 };

	w.samples = 2e6;
	w.epochs = 10;
	return w;
}

static void
tiny_request(struct opt_request *rq, const struct workload *w)
{
	struct mlf_err err;

	optimize_request_init(rq);
	rq->w = w;
	rq->filter.max_devices = 16;
	assert_int_equal(candidates_filter_add(&rq->filter, cat, CAND_PROVIDERS, "tp", &err), 0);
	rq->filter.dims_set = 0;	/* a test fixture, not a user's constraint */
}

/* ---- the model ---- */

static void
test_optimize_model_solve__empty(void **state)
{
	struct opt_model m;
	struct opt_solution s;
	struct mlf_err err;

	(void)state;
	optimize_model_init(&m, "empty");
	assert_int_equal(optimize_model_solve(&m, &(struct opt_solve_opts){ .mip_gap = 0 }, &s, &err), 0);
	assert_int_equal(s.status, OPT_OPTIMAL);
	optimize_solution_release(&s);
	optimize_model_row(&m, "one", 1, 1);
	assert_int_equal(optimize_model_solve(&m, &(struct opt_solve_opts){ .mip_gap = 0 }, &s, &err), 0);
	assert_int_equal(s.status, OPT_INFEASIBLE);
	assert_null(s.x);
	optimize_model_release(&m);
}

/* max 5a + 4b + 3c with 2a + 3b + c ≤ 5, 4a + b + 2c ≤ 11, 3a + 4b + 2c ≤ 8, integer */
static void
test_optimize_model_solve__integer_program(void **state)
{
	static const double obj[3] = { -5, -4, -3 };
	static const double a[3][3] = { { 2, 3, 1 }, { 4, 1, 2 }, { 3, 4, 2 } };
	static const double rhs[3] = { 5, 11, 8 };
	struct opt_model m;
	struct opt_solution s;
	struct mlf_err err;
	size_t i, j;

	(void)state;
	optimize_model_init(&m, "chvatal");
	for (j = 0; j < 3; j++)
		optimize_model_col(&m, "v", OPT_INTEGER, 0, HUGE_VAL, obj[j]);
	for (i = 0; i < 3; i++) {
		optimize_model_row(&m, "r", -HUGE_VAL, rhs[i]);
		for (j = 0; j < 3; j++)
			optimize_model_coef(&m, i, j, a[i][j]);
	}
	assert_int_equal(optimize_model_solve(&m, &(struct opt_solve_opts){ .time_limit_s = 10 }, &s,
					      &err), 0);
	assert_int_equal(s.status, OPT_OPTIMAL);
	assert_close(s.objective, -13, 1e-9);	/* a = 2, b = 0, c = 1 */
	assert_close(s.x[0], 2, 1e-9);
	assert_close(s.x[2], 1, 1e-9);
	optimize_solution_release(&s);

	/* and the same in CPLEX LP format, names made safe */
	{
		char path[] = "/tmp/mlfit-test-lp.XXXXXX";
		int fd = mkstemp(path);
		char buf[4096] = { 0 };
		FILE *f;

		assert_true(fd >= 0);
		close(fd);
		assert_int_equal(optimize_model_write_lp(&m, path, &err), 0);
		f = fopen(path, "r");
		assert_non_null(f);
		assert_true(fread(buf, 1, sizeof(buf) - 1, f) > 0);
		fclose(f);
		unlink(path);
		assert_non_null(strstr(buf, "Minimize"));
		assert_non_null(strstr(buf, "General"));
		assert_int_equal(optimize_model_write_lp(&m, "/nonexistent/dir/x.lp", &err), -1);
		assert_int_equal(err.code, MLF_E_DATA);
	}
	optimize_model_release(&m);
}

static void
test_optimize_model_solve__rejects_nan(void **state)
{
	struct opt_model m;
	struct opt_solution s;
	struct mlf_err err;

	(void)state;
	optimize_model_init(&m, "nan");
	optimize_model_col(&m, "x", OPT_CONTINUOUS, 0, 1, NAN);
	assert_int_equal(optimize_model_solve(&m, &(struct opt_solve_opts){ .mip_gap = 0 }, &s, &err), -1);
	assert_int_equal(err.code, MLF_E_INTERNAL);
	optimize_model_release(&m);
}

/* ---- candidates ---- */

/*
 * min 5 x1 + x2 + 3 x3, x1 + x2 + x3 = 1, x2 ≤ 1/4, started with x1 and
 * without the x2 row: x2 prices in (−4), breaks its row, which joins
 * (objective 4, duals 5 and −4), then x3 prices in (−2): the optimum 2.5 at
 * (0, 1/4, 3/4), where x1, left at 0, costs 5 − 3 = 2 more.
 */
static void
test_optimize_model_relax_priced__rows_and_columns_join(void **state)
{
	struct opt_model m;
	struct opt_solve_opts so = { 0 };
	struct mlf_err err;
	unsigned char cols[4] = { 1, 0, 0, 0 }, rows[3] = { 0, 0, 0 };
	double x[4], dj[4], obj;
	size_t one, cap, c[4];

	(void)state;
	optimize_model_init(&m, "priced");
	one = optimize_model_row(&m, "one", 1, 1);
	cap = optimize_model_row(&m, "cap", -HUGE_VAL, 0.25);
	c[0] = optimize_model_col(&m, "x1", OPT_CONTINUOUS, 0, 1, 5);
	c[1] = optimize_model_col(&m, "x2", OPT_CONTINUOUS, 0, 1, 1);
	c[2] = optimize_model_col(&m, "x3", OPT_CONTINUOUS, 0, 1, 3);
	for (size_t i = 0; i < 3; i++)
		optimize_model_coef(&m, one, c[i], 1);
	optimize_model_coef(&m, cap, c[1], 1);
	assert_int_equal(optimize_model_relax_priced(&m, cols, rows, &so, x, dj, &obj, &err), 0);
	assert_close(obj, 2.5, 1e-9);
	assert_close(x[0] + 1, 1, 1e-9);
	assert_close(x[1], 0.25, 1e-9);
	assert_close(x[2], 0.75, 1e-9);
	assert_close(dj[0], 2, 1e-9);
	/* a second choice with none of its columns started: the whole program decides */
	c[3] = optimize_model_col(&m, "y1", OPT_CONTINUOUS, 0, 1, 7);
	optimize_model_coef(&m, optimize_model_row(&m, "two", 1, 1), c[3], 1);
	assert_int_equal(optimize_model_relax_priced(&m, cols, rows, &so, x, dj, &obj, &err), 0);
	assert_close(obj, 9.5, 1e-9);
	assert_close(x[3], 1, 1e-9);
	optimize_model_release(&m);
}

/*
 * A seeded multiple-choice program like a portfolio's: groups of options
 * with a budget, two capacities and a nodes-at-once row linking some
 * options to a purchase.  Started with each group's cheapest option and
 * without the nodes rows, the generated relaxation must reach the whole
 * one's objective, break no row, and leave no column at 0 that would
 * improve it.
 */
static void
test_optimize_model_relax_priced__equals_whole(void **state)
{
	enum { GROUPS = 150, OPTS = 6 };
	struct opt_model m;
	struct opt_solve_opts so = { 0 };
	struct mlf_err err;
	unsigned long seed = 12345;
	double *x, *dj, *xf, obj, whole, cost = 0;
	unsigned char *cols, *rows;
	size_t g, o, i, budget, cap[2], buy;

	(void)state;
	optimize_model_init(&m, "portfolio-like");
	budget = optimize_model_row(&m, "budget", -HUGE_VAL, 0);
	cap[0] = optimize_model_row(&m, "cap0", -HUGE_VAL, 40);
	cap[1] = optimize_model_row(&m, "cap1", -HUGE_VAL, 30);
	buy = optimize_model_col(&m, "buy", OPT_CONTINUOUS, 0, 4, 50);
	optimize_model_coef(&m, cap[1], buy, -10);
	optimize_model_coef(&m, budget, buy, 100);
	for (g = 0; g < GROUPS; g++) {
		size_t row = optimize_model_row(&m, "assign", 1, 1);
		double least = HUGE_VAL;

		for (o = 0; o < OPTS; o++) {
			double u, price, co2;
			size_t col;

			seed = seed * 6364136223846793005UL + 1442695040888963407UL;
			u = (double)(seed >> 11) / 9007199254740992.0;
			price = 10 + 90 * u;
			co2 = 1000 / price * (0.5 + u);
			col = optimize_model_col(&m, "x", OPT_CONTINUOUS, 0, 1, co2);
			optimize_model_coef(&m, row, col, 1);
			optimize_model_coef(&m, budget, col, price);
			if (o % 3 != 2)
				optimize_model_coef(&m, cap[o % 3], col, 0.5 + u);
			if (o == 1) {
				size_t at_once = optimize_model_row(&m, "nodes", -HUGE_VAL, 0.5);

				optimize_model_coef(&m, at_once, col, 2);
				optimize_model_coef(&m, at_once, buy, -1);
			}
			least = fmin(least, price);
		}
		cost += least;
	}
	m.rows[budget].hi = cost * 1.3;	/* binds: the least CO2e costs more */
	x = xcalloc(m.ncols, sizeof(double));
	dj = xcalloc(m.ncols, sizeof(double));
	xf = xcalloc(m.ncols, sizeof(double));
	cols = xcalloc(m.ncols, 1);
	rows = xcalloc(m.nrows, 1);
	for (i = 0; i < 3; i++)
		rows[i] = 1;
	cols[buy] = 1;
	for (g = 0; g < GROUPS; g++) {	/* the cheapest of each group */
		size_t best = SIZE_MAX;

		for (i = 0; i < m.ncoefs; i++) {
			const struct opt_coef *e = &m.coefs[i];

			if (e->row == budget && e->col != buy && (e->col - 1) / OPTS == g &&
			    (best == SIZE_MAX || e->v < m.coefs[best].v))
				best = i;
		}
		cols[m.coefs[best].col] = 1;
	}
	assert_int_equal(optimize_model_relax(&m, &so, xf, NULL, &whole, &err), 0);
	assert_int_equal(optimize_model_relax_priced(&m, cols, rows, &so, x, dj, &obj, &err), 0);
	assert_close(obj, whole, 1e-9);
	for (i = 0; i < m.nrows; i++) {
		double act = 0;
		size_t k;

		for (k = 0; k < m.ncoefs; k++)
			if (m.coefs[k].row == i)
				act += m.coefs[k].v * x[m.coefs[k].col];
		assert_true(act <= m.rows[i].hi + 1e-6 && act >= m.rows[i].lo - 1e-6);
		if (i == budget)	/* it binds, so the columns it trades between joined */
			assert_close(act, m.rows[budget].hi, 1e-9);
	}
	for (i = 0; i < m.ncols; i++)
		if (x[i] < 1e-9)
			assert_true(dj[i] >= -1e-6 * (1 + fabs(m.cols[i].obj)));
	free(x);
	free(dj);
	free(xf);
	free(cols);
	free(rows);
	optimize_model_release(&m);
}

static void
test_candidates_filter_add__unknown_and_eu(void **state)
{
	struct cand_filter f;
	struct mlf_err err;

	(void)state;
	candidates_filter_init(&f);
	assert_int_equal(candidates_filter_add(&f, cat, CAND_PROVIDERS, "aws,nosuch", &err), -1);
	assert_int_equal(err.code, MLF_E_USAGE);
	assert_non_null(strstr(err.msg, "unknown provider 'nosuch'"));
	assert_int_equal(candidates_filter_add(&f, cat, CAND_REGIONS, "europe-west4x", &err), -1);
	assert_non_null(strstr(err.msg, "did you mean 'europe-west4'"));
	assert_int_equal(candidates_filter_add(&f, cat, CAND_KINDS, "gpu,fpga", &err), -1);
	assert_int_equal(candidates_filter_add(&f, cat, CAND_COUNTRIES, "", &err), -1);
	assert_int_equal(candidates_filter_add(&f, cat, CAND_COUNTRIES, "EU,CH", &err), 0);
	assert_int_equal(f.ncountries, 28);
	assert_int_equal(candidates_filter_add(&f, cat, CAND_REGIONS, "europe-west4", &err), 0);
	assert_int_equal(f.nregions, 1);
	assert_int_equal(candidates_filter_add_site(&f, cat, "nosuch-site", &err), -1);
	candidates_filter_release(&f);
}

static void
test_candidates_enumerate__ladder_and_region_pruning(void **state)
{
	struct cand_filter f;
	struct cand_set s;
	struct mlf_err err;
	size_t i;

	(void)state;
	candidates_filter_init(&f);
	f.max_devices = 8;
	assert_int_equal(candidates_filter_add(&f, cat, CAND_PROVIDERS, "tp", &err), 0);
	candidates_init(&s);
	candidates_enumerate(cat, &f, &s);
	/* a1 x {1,2,4,8} x 4 regions, a4 x {1,2} x 3, b8 x {1} x 3 */
	assert_int_equal(s.enumerated, 16 + 6 + 3);
	/* "dear" is dirtier and dearer than "clean": gone for a1 and a4 */
	assert_int_equal(s.region_pruned, 4 + 2);
	assert_int_equal(s.n, 19);
	for (i = 0; i < s.n; i++) {
		assert_string_not_equal(s.items[i].pl.region->id, "dear");
		assert_true(s.items[i].pl.count <= 8);
		assert_int_equal(s.items[i].pl.count, s.items[i].units * s.items[i].unit_devices);
	}
	candidates_release(&s);

	/* the site: owned nodes up to what is owned; with buyable ones for plan */
	assert_int_equal(candidates_filter_add_site(&f, cat, "opt-site", &err), 0);
	f.no_cloud = true;
	f.max_devices = 64;
	candidates_enumerate(cat, &f, &s);
	assert_int_equal(s.n, 2);	/* 1 and 2 of the owned opt-node-a4 */
	candidates_release(&s);
	f.buyable = true;
	candidates_enumerate(cat, &f, &s);
	assert_int_equal(s.n, 2 + 3);	/* and 1, 2, 3 of opt-node-b8 */
	assert_true(s.items[4].buyable);
	assert_int_equal(s.items[4].buy_max, 3);
	candidates_release(&s);
	candidates_filter_release(&f);
}

/* ---- recommend: the true optimum ---- */

/* The best value of metric m over every candidate, estimated here one by one. */
static double
brute_force(const struct workload *w, enum opt_metric m, double max_cost, double deadline,
	    struct placement *best)
{
	struct cand_filter f;
	struct cand_set s;
	struct estimate *e = malloc(sizeof(*e));
	struct mlf_err err;
	double v = HUGE_VAL;
	size_t i;

	candidates_filter_init(&f);
	f.region_prune = false;
	f.max_devices = 16;
	assert_int_equal(candidates_filter_add(&f, cat, CAND_PROVIDERS, "tp", &err), 0);
	candidates_init(&s);
	candidates_enumerate(cat, &f, &s);
	for (i = 0; i < s.n; i++) {
		double x;

		if (estimate_run(cat, w, &s.items[i].pl, ENERGY_POWER, NULL, e, &err) < 0 || !e->fits)
			continue;
		if ((max_cost > 0 && e->cost_usd.v > max_cost) ||
		    (deadline > 0 && e->time_s.v > deadline))
			continue;
		x = m == OPT_CO2E ? e->co2e_total_g.v : m == OPT_ENERGY ? e->energy_facility_j.v
			: m == OPT_COST ? e->cost_usd.v : e->time_s.v;
		if (x < v) {
			v = x;
			if (best != NULL)
				*best = s.items[i].pl;
		}
	}
	free(e);
	candidates_release(&s);
	candidates_filter_release(&f);
	return v;
}

static void
test_optimize_recommend__true_optimum(void **state)
{
	struct profile *p = profile_of(1e9, 2e9, 4e7);
	struct workload w = training(p);
	struct opt_request rq;
	struct opt_result r;
	struct mlf_err err;
	int m;

	(void)state;
	for (m = 0; m < OPT_METRIC_COUNT; m++) {
		double expect = brute_force(&w, (enum opt_metric)m, 0, 0, NULL);

		tiny_request(&rq, &w);
		rq.objective = (enum opt_metric)m;
		assert_int_equal(optimize_recommend(cat, &rq, &r, &err), 0);
		assert_true(r.found);
		assert_int_equal(r.best.nparts, 1);
		assert_int_equal(r.best.status, OPT_OPTIMAL);
		assert_close(optimize_plan_metric(&r.best, (enum opt_metric)m), expect, 1e-9);
		assert_true(r.stats.model_items <= r.stats.feasible);
		optimize_result_release(&r);
		candidates_filter_release(&rq.filter);
	}
	profile_gone(p);
}

/* ---- recommend: ties and the high end (issue 8, items 2 and 3) ---- */

/*
 * By brute force: the least CO2e with the time's high end (high) or its
 * central value within deadline, and among the plans within 1e-9 of that
 * CO2e, the shortest time.
 */
static void
brute_lex(const struct workload *w, double deadline, bool high, double *co2e, double *time)
{
	struct cand_filter f;
	struct cand_set s;
	struct estimate *e = malloc(sizeof(*e));
	double *c, *t;
	struct mlf_err err;
	size_t i, n = 0;

	candidates_filter_init(&f);
	f.region_prune = false;
	f.max_devices = 16;
	assert_int_equal(candidates_filter_add(&f, cat, CAND_PROVIDERS, "tp", &err), 0);
	candidates_init(&s);
	candidates_enumerate(cat, &f, &s);
	c = calloc(s.n + 1, sizeof(double));
	t = calloc(s.n + 1, sizeof(double));
	*co2e = *time = HUGE_VAL;
	for (i = 0; i < s.n; i++) {
		if (estimate_run(cat, w, &s.items[i].pl, ENERGY_POWER, NULL, e, &err) < 0 || !e->fits)
			continue;
		if (deadline > 0 && (high ? e->time_s.high : e->time_s.v) > deadline)
			continue;
		c[n] = e->co2e_total_g.v;
		t[n++] = e->time_s.v;
		*co2e = fmin(*co2e, e->co2e_total_g.v);
	}
	for (i = 0; i < n; i++)
		if (c[i] <= *co2e * (1 + 1e-9))
			*time = fmin(*time, t[i]);
	free(c);
	free(t);
	free(e);
	candidates_release(&s);
	candidates_filter_release(&f);
}

static void
test_optimize_recommend__ties_and_high_end(void **state)
{
	struct profile *p = profile_of(1e9, 2e9, 4e7);
	struct workload w = training(p);
	struct opt_request rq;
	struct opt_result r;
	struct mlf_err err;
	double co2e, time, deadline;

	(void)state;
	/* an optimised harness: its overhead is a share of the steps, so more devices shorten
	 * the high end too (an eager script's fixed cost an epoch would bound every plan) */
	w.runtime = RUNTIME_OPTIMIZED;
	w.runtime_given = true;
	/* a tie on CO2e goes to the shortest time */
	brute_lex(&w, 0, false, &co2e, &time);
	tiny_request(&rq, &w);
	assert_int_equal(optimize_recommend(cat, &rq, &r, &err), 0);
	assert_true(r.found);
	assert_close(r.best.co2e_g, co2e, 1e-9);
	assert_close(r.best.time_s, time, 1e-9);
	/* a deadline between the plan's central time and its high end */
	assert_true(r.best.time_high_s > r.best.time_s * 1.1);
	deadline = (r.best.time_s + r.best.time_high_s) / 2;
	optimize_result_release(&r);

	rq.deadline_s = deadline;
	assert_int_equal(optimize_recommend(cat, &rq, &r, &err), 0);
	assert_true(r.found);
	assert_true(r.high_breaks & (1u << OPT_C_DEADLINE));
	brute_lex(&w, deadline, false, &co2e, &time);
	assert_close(r.best.co2e_g, co2e, 1e-9);
	optimize_result_release(&r);

	rq.confidence_high = true;
	assert_int_equal(optimize_recommend(cat, &rq, &r, &err), 0);
	brute_lex(&w, deadline, true, &co2e, &time);
	assert_true(isfinite(co2e));	/* the high end can be met by another plan */
	assert_true(r.found);
	assert_true(r.best.time_high_s <= deadline * (1 + 1e-9));
	assert_int_equal(r.high_breaks, 0);
	assert_close(r.best.co2e_g, co2e, 1e-9);
	assert_close(r.best.time_s, time, 1e-9);
	optimize_result_release(&r);
	candidates_filter_release(&rq.filter);
	profile_gone(p);
}

static void
test_optimize_recommend__constraints_bind(void **state)
{
	struct profile *p = profile_of(1e9, 2e9, 4e7);
	struct workload w = training(p);
	struct opt_request rq;
	struct opt_result r;
	struct mlf_err err;
	double free_cost, free_time, cap;

	(void)state;
	tiny_request(&rq, &w);
	rq.explain = true;
	assert_int_equal(optimize_recommend(cat, &rq, &r, &err), 0);
	assert_true(r.found);
	assert_int_equal(r.binding, 0);
	free_cost = r.best.cost_usd;
	free_time = r.best.time_s;
	optimize_result_release(&r);

	/* a budget below the CO2e-best plan's cost changes the answer and binds */
	cap = free_cost * 0.8;
	rq.max_cost_usd = cap;
	assert_int_equal(optimize_recommend(cat, &rq, &r, &err), 0);
	assert_true(r.found);
	assert_true(r.best.cost_usd <= cap * (1 + 1e-9));
	assert_true(r.binding & (1u << OPT_C_MAX_COST));
	assert_close(r.best.co2e_g, brute_force(&w, OPT_CO2E, cap, 0, NULL), 1e-9);
	optimize_result_release(&r);

	/* so does a deadline before the CO2e-best plan ends, halfway to the fastest plan
	 * (an epoch's fixed overhead keeps any plan from halving the time, estimate_cnn.c) */
	rq.max_cost_usd = 0;
	rq.deadline_s = (free_time + brute_force(&w, OPT_TIME, 0, 0, NULL)) / 2;
	assert_true(rq.deadline_s < free_time);
	assert_int_equal(optimize_recommend(cat, &rq, &r, &err), 0);
	assert_true(r.found);
	assert_true(r.best.time_s <= rq.deadline_s);
	assert_true(r.binding & (1u << OPT_C_DEADLINE));
	assert_close(r.best.co2e_g, brute_force(&w, OPT_CO2E, 0, rq.deadline_s, NULL), 1e-9);
	optimize_result_release(&r);
	candidates_filter_release(&rq.filter);
	profile_gone(p);
}

static void
test_optimize_recommend__infeasible_explained(void **state)
{
	struct profile *p = profile_of(1e9, 2e9, 4e7);
	struct workload w = training(p);
	struct opt_request rq;
	struct opt_result r;
	struct mlf_err err;
	double fastest = brute_force(&w, OPT_TIME, 0, 0, NULL);
	double cheapest = brute_force(&w, OPT_COST, 0, 0, NULL);
	size_t i;

	(void)state;
	tiny_request(&rq, &w);
	rq.deadline_s = fastest * 1.02;
	rq.max_cost_usd = cheapest * 1.02;
	assert_int_equal(optimize_recommend(cat, &rq, &r, &err), 0);
	assert_false(r.found);
	assert_int_equal(r.nwhy, 2);
	for (i = 0; i < r.nwhy; i++) {
		assert_true(r.why[i].feasible);
		if (r.why[i].c == OPT_C_MAX_COST)	/* the cheapest plan meeting the deadline */
			assert_close(r.why[i].value,
				     brute_force(&w, OPT_COST, 0, rq.deadline_s, NULL), 1e-9);
		else					/* the fastest within the budget */
			assert_close(r.why[i].value,
				     brute_force(&w, OPT_TIME, rq.max_cost_usd, 0, NULL), 1e-9);
	}
	optimize_result_release(&r);

	/* a model that fits nowhere */
	{
		struct profile *huge = profile_of(2e11, 2e10, 4e7);
		struct workload hw = training(huge);

		rq.w = &hw;
		rq.deadline_s = rq.max_cost_usd = 0;
		assert_int_equal(optimize_recommend(cat, &rq, &r, &err), 0);
		assert_false(r.found);
		assert_non_null(strstr(r.nofit, "needs"));
		optimize_result_release(&r);
		profile_gone(huge);
	}
	candidates_filter_release(&rq.filter);
	profile_gone(p);
}

static void
test_optimize_recommend__pareto_and_alternatives(void **state)
{
	struct profile *p = profile_of(1e9, 2e9, 4e7);
	struct workload w = training(p);
	struct opt_request rq;
	struct opt_result r;
	struct mlf_err err;
	size_t i, j;

	(void)state;
	tiny_request(&rq, &w);
	rq.top = 3;
	rq.pareto = true;
	assert_int_equal(optimize_recommend(cat, &rq, &r, &err), 0);
	assert_true(r.found);
	assert_int_equal(r.nalternatives, 3);
	for (i = 0; i < r.nalternatives; i++)
		assert_true(r.alternatives[i].co2e_g >= r.best.co2e_g * (1 - 1e-12));
	assert_true(r.npareto >= 2);
	assert_close(r.pareto[0].co2e_g, r.best.co2e_g, 1e-9);
	for (i = 0; i < r.npareto; i++) {
		for (j = 0; j < r.npareto; j++) {
			if (i == j)
				continue;
			/* no point is at least as good on both and better on one */
			assert_false(r.pareto[j].co2e_g <= r.pareto[i].co2e_g &&
				     r.pareto[j].cost_usd <= r.pareto[i].cost_usd &&
				     (r.pareto[j].co2e_g < r.pareto[i].co2e_g * (1 - 1e-9) ||
				      r.pareto[j].cost_usd < r.pareto[i].cost_usd * (1 - 1e-9)));
		}
	}
	/* the last point is the cheapest plan */
	assert_close(r.pareto[r.npareto - 1].cost_usd, brute_force(&w, OPT_COST, 0, 0, NULL), 1e-6);
	optimize_result_release(&r);
	candidates_filter_release(&rq.filter);
	profile_gone(p);
}

/* ---- serving a rate ---- */

static void
test_optimize_recommend__rate_split(void **state)
{
	struct profile *p = profile_of(2e9, 2e10, 1e7);
	struct workload w = { .profile = p, .task = TASK_INFER, .precision = PREC_BF16 };
	struct opt_request rq;
	struct opt_result r;
	struct mlf_err err;
	double served = 0, thr = 0;
	size_t i;

	(void)state;
	w.rate = 900;
	w.duration_s = 30 * 86400.0;
	w.latency_slo_s = 0.5;
	tiny_request(&rq, &w);
	assert_int_equal(optimize_recommend(cat, &rq, &r, &err), 0);
	assert_true(r.found);
	assert_true(r.rate_mode);
	for (i = 0; i < r.best.nparts; i++) {
		served += r.best.parts[i].rate;
		thr += r.best.parts[i].e.throughput;
		assert_true(r.best.parts[i].e.latency_s <= w.latency_slo_s);
		assert_true(r.best.parts[i].rate <= r.best.parts[i].e.throughput * (1 + 1e-9));
	}
	assert_close(served, w.rate, 1e-6);
	assert_true(thr >= w.rate);

	/* no single offering, scaled to the rate on its own, beats the plan */
	for (i = 0; i < r.eval.n; i++) {
		const struct opt_item *it = &r.eval.items[i];
		double units = ceil(w.rate / it->throughput * (1 - 1e-12));
		double co2e = units * (it->co2e_g - it->co2e_busy_g) +
			      it->co2e_busy_g * w.rate / it->throughput;

		if (it->latency_s > w.latency_slo_s)
			continue;
		assert_true(r.best.co2e_g <= co2e * (1 + 1e-6));
	}
	optimize_result_release(&r);

	/* a deadline makes no sense for a service */
	rq.deadline_s = 3600;
	assert_int_equal(optimize_recommend(cat, &rq, &r, &err), -1);
	assert_int_equal(err.code, MLF_E_USAGE);
	optimize_result_release(&r);
	candidates_filter_release(&rq.filter);
	profile_gone(p);
}

/* ---- the portfolio ---- */

static void
test_optimize_portfolio__buys_within_budget(void **state)
{
	struct opt_pf_workload w[3] = { { .id = "a" }, { .id = "b" }, { .id = "c" } };
	struct opt_pf_resource res = { 0 };
	struct opt_portfolio pf = { 0 };
	struct opt_pf_result r, cloud, onprem;
	struct opt_solve_opts so = { .time_limit_s = 10 };
	struct mlf_err err;
	size_t i;

	(void)state;
	res.site = catalog_find_site(cat, "opt-site");
	res.node = catalog_find_node(cat, "opt-node-b8");
	res.owned = 1;
	res.buyable = true;
	res.buy_max = 2;
	res.capex_usd = 1000;
	res.embodied_g = 50e3;
	res.power_w = 8000;
	pf.objective = OPT_CO2E;
	pf.horizon_s = 1000 * 3600.0;
	pf.workloads = w;
	pf.nworkloads = 3;
	pf.resources = &res;
	pf.nresources = 1;
	/* each workload: cloud (dirty, dearer) or on-prem (clean, 800 node-hours) */
	for (i = 0; i < 3; i++) {
		add_option(&w[i], 500e3, 900, -1, 0, 0);
		add_option(&w[i], 600e3, 950, -1, 0, 0);	/* dominated */
		add_option(&w[i], 100e3, 100, 0, 800, 1);
	}
	pf.budget_usd = 0;
	assert_int_equal(optimize_portfolio(&pf, OPT_PF_ALL, true, &so, &r, &err), 0);
	assert_true(r.found);
	/* one owned node holds one job (1000 h): buy two more, 50 kg each, for 400 kg less each */
	assert_close(r.buy[0], 2, 1e-9);
	assert_close(r.co2e_g, 3 * 100e3 + 2 * 50e3, 1e-9);
	assert_int_equal(r.options_pruned, 3);
	optimize_pf_result_release(&r);

	/* a budget that allows one purchase only */
	pf.budget_usd = 100 + 100 + 900 + 1000 + 50;
	assert_int_equal(optimize_portfolio(&pf, OPT_PF_ALL, true, &so, &r, &err), 0);
	assert_true(r.found);
	assert_close(r.buy[0], 1, 1e-9);
	assert_true(r.cost_usd <= pf.budget_usd);
	assert_int_equal(optimize_portfolio(&pf, OPT_PF_CLOUD_ONLY, true, &so, &cloud, &err), 0);
	assert_false(cloud.found);	/* 2700 USD > budget */
	assert_int_equal(optimize_portfolio(&pf, OPT_PF_ONPREM_ONLY, true, &so, &onprem, &err), 0);
	assert_false(onprem.found);	/* three jobs need two purchases */
	optimize_pf_result_release(&cloud);
	optimize_pf_result_release(&onprem);
	pf.budget_usd = 0;
	assert_int_equal(optimize_portfolio(&pf, OPT_PF_CLOUD_ONLY, true, &so, &cloud, &err), 0);
	assert_int_equal(optimize_portfolio(&pf, OPT_PF_ONPREM_ONLY, true, &so, &onprem, &err), 0);
	assert_true(cloud.found && onprem.found);
	optimize_pf_result_release(&r);
	assert_int_equal(optimize_portfolio(&pf, OPT_PF_ALL, true, &so, &r, &err), 0);
	assert_true(r.co2e_g <= cloud.co2e_g && r.co2e_g <= onprem.co2e_g);
	optimize_pf_result_release(&r);
	optimize_pf_result_release(&cloud);
	optimize_pf_result_release(&onprem);

	/* the power cap (40 kW) leaves room for 40 - 8 = 32 kW: four nodes, not more than max 2 */
	for (i = 0; i < 3; i++)
		free(w[i].options);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_optimize_model_solve__empty),
		cmocka_unit_test(test_optimize_model_solve__integer_program),
		cmocka_unit_test(test_optimize_model_solve__rejects_nan),
		cmocka_unit_test(test_optimize_model_relax_priced__rows_and_columns_join),
		cmocka_unit_test(test_optimize_model_relax_priced__equals_whole),
		cmocka_unit_test(test_candidates_filter_add__unknown_and_eu),
		cmocka_unit_test(test_candidates_enumerate__ladder_and_region_pruning),
		cmocka_unit_test(test_optimize_recommend__true_optimum),
		cmocka_unit_test(test_optimize_recommend__constraints_bind),
		cmocka_unit_test(test_optimize_recommend__ties_and_high_end),
		cmocka_unit_test(test_optimize_recommend__infeasible_explained),
		cmocka_unit_test(test_optimize_recommend__pareto_and_alternatives),
		cmocka_unit_test(test_optimize_recommend__rate_split),
		cmocka_unit_test(test_optimize_portfolio__buys_within_budget),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
