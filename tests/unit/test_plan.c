/*
 * test_plan.c — the workloads file and the portfolio built from it.
 *
 * Files come from tests/fixtures/optimize/workloads/; the catalog is the
 * shipped one plus tests/fixtures/optimize/tiny.xml (cloud "tp", site
 * "opt-site"), and the profiles are written by hand so that the test does
 * not depend on the model zoo's loader.
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "catalog.h"
#include "helpers.h"
#include "test_optimize_fixture.h"
#include "model.h"
#include "optimize.h"
#include "plan.h"

#define WL_SCHEMA source_path("data/workloads.rng")

static struct plan_spec *
load(const char *name, struct mlf_err *err)
{
	char path[4096];

	snprintf(path, sizeof(path), "%s", fixture_path(name));
	return plan_load_xml(path, WL_SCHEMA, err);
}

/* ---- the file ---- */

static void
expect_error(const char *name, int line, const char *what)
{
	struct mlf_err err;
	char where[64];

	assert_null(load(name, &err));
	assert_int_equal(err.code, MLF_E_DATA);
	snprintf(where, sizeof(where), ".xml:%d: ", line);
	if (strstr(err.msg, where) == NULL || strstr(err.msg, what) == NULL) {
		print_error("%s: got '%s', expected line %d and '%s'\n", name, err.msg, line, what);
		fail();
	}
}

static void
test_plan_load_xml__rejects_bad_files(void **state)
{
	struct mlf_err err;

	(void)state;
	assert_null(load("optimize/workloads/nosuch.xml", &err));
	assert_int_equal(err.code, MLF_E_DATA);
	expect_error("optimize/workloads/malformed.xml", 5, "malformed XML");
	expect_error("optimize/workloads/schema.xml", 4, "cook");
	expect_error("optimize/workloads/empty.xml", 2, "no workloads");
	expect_error("optimize/workloads/bad-unit.xml", 4, "deadline: expected a time");
	expect_error("optimize/workloads/zero-deadline.xml", 3, "deadline must be positive");
	expect_error("optimize/workloads/duplicate-id.xml", 4, "already used at line 3");
	expect_error("optimize/workloads/unknown-precision.xml", 3, "unknown precision 'fp12'");
	expect_error("optimize/workloads/no-model.xml", 3, "give a model or its training flops");
}

static void
test_plan_load_xml__reads_the_portfolio(void **state)
{
	struct mlf_err err;
	struct plan_spec *s = load("optimize/workloads/tiny.xml", &err);

	(void)state;
	assert_non_null(s);
	assert_int_equal(s->n, 5);
	assert_close(s->horizon_s, 31557600.0, 1e-12);
	assert_int_equal(s->objective, OPT_CO2E);
	assert_int_equal(s->nsites, 1);
	assert_string_equal(s->sites[0], "opt-site");
	assert_string_equal(s->workloads[0].id, "vision");
	assert_int_equal(s->workloads[0].runs, 50);
	assert_close(s->workloads[0].deadline_s, 2 * 86400.0, 1e-12);
	assert_int_equal(s->workloads[2].w.batch, 256);
	assert_close(s->workloads[2].w.tokens, 2e10, 1e-12);
	assert_int_equal(s->workloads[3].w.task, TASK_INFER);
	assert_close(s->workloads[3].w.rate, 500, 1e-12);
	assert_close(s->workloads[3].w.latency_slo_s, 0.1, 1e-12);
	assert_close(s->workloads[4].w.requests, 3e8, 1e-12);
	assert_null(s->workloads[0].model_path);
	plan_spec_free(s);
}

/* ---- the portfolio ---- */

static void
test_plan_build__beats_both_baselines(void **state)
{
	struct profile *small = profile_of(1.2e7, 1.8e9, 2e7), *big = profile_of(1e9, 2e9, 4e7);
	struct mlf_err err;
	struct plan_spec *s = load("optimize/workloads/tiny.xml", &err);
	struct cand_filter f;
	struct opt_solve_opts so = { .time_limit_s = 30 };
	struct plan pl;
	size_t i;
	int m;

	(void)state;
	assert_non_null(s);
	for (i = 0; i < s->n; i++) {
		struct workload *w = &s->workloads[i].w;

		w->profile = i == 2 ? big : small;
		if (w->task == TASK_TRAIN && w->tokens == 0)
			w->samples = 1e6;
	}
	s->workloads[2].w.tokens = 0;
	s->workloads[2].w.samples = 2e6;
	s->workloads[2].w.epochs = 1;
	candidates_filter_init(&f);
	assert_int_equal(candidates_filter_add(&f, cat, CAND_PROVIDERS, "tp", &err), 0);
	assert_int_equal(candidates_filter_add_site(&f, cat, "opt-site", &err), 0);
	for (m = OPT_CO2E; m <= OPT_COST; m++) {
		assert_int_equal(plan_build(cat, s, &f, ENERGY_POWER, (enum opt_metric)m, s->horizon_s,
					    0, 0, &pl, &err), 0);
		assert_int_equal(pl.nunplaceable, 0);
		assert_int_equal(pl.nevals, 5);
		assert_int_equal(plan_solve(&pl, &so, NULL, &err), 0);
		assert_true(pl.results[OPT_PF_ALL].found);
		assert_true(pl.results[OPT_PF_CLOUD_ONLY].found);
		for (i = OPT_PF_CLOUD_ONLY; i <= OPT_PF_ONPREM_ONLY; i++) {
			const struct opt_pf_result *b = &pl.results[i], *r = &pl.results[OPT_PF_ALL];
			double rv = m == OPT_CO2E ? r->co2e_g : m == OPT_ENERGY ? r->energy_j : r->cost_usd;
			double bv = m == OPT_CO2E ? b->co2e_g : m == OPT_ENERGY ? b->energy_j : b->cost_usd;

			if (b->found)
				assert_true(rv <= bv * (1 + 1e-9));
		}
		/* the plan's node-hours fit the site */
		for (i = 0; i < pl.pf.nresources; i++) {
			const struct opt_pf_resource *res = &pl.pf.resources[i];
			const struct opt_pf_result *r = &pl.results[OPT_PF_ALL];

			assert_true(r->node_hours[i] <= (res->owned + r->buy[i]) * s->horizon_s / 3600 *
				    (1 + 1e-9));
			assert_true(r->buy[i] <= (res->buyable ? res->buy_max : 0));
		}
		plan_release(&pl);
	}

	/* a budget below the cheapest plan: infeasible, not an error */
	assert_int_equal(plan_build(cat, s, &f, ENERGY_POWER, OPT_CO2E, s->horizon_s, 1, 0, &pl, &err),
			 0);
	assert_int_equal(plan_solve(&pl, &so, NULL, &err), 0);
	assert_false(pl.results[OPT_PF_ALL].found);
	plan_release(&pl);

	/* a deadline nothing meets makes the workload unplaceable, with the reason */
	s->workloads[0].deadline_s = 1;
	assert_int_equal(plan_build(cat, s, &f, ENERGY_POWER, OPT_CO2E, s->horizon_s, 0, 0, &pl, &err),
			 0);
	assert_int_equal(pl.nunplaceable, 1);
	assert_int_equal(pl.unplaceable[0].workload, 0);
	assert_non_null(strstr(pl.unplaceable[0].reason, "deadline"));
	plan_release(&pl);

	candidates_filter_release(&f);
	plan_spec_free(s);
	profile_gone(small);
	profile_gone(big);
}

/* ---- groups of identical workloads ---- */

/*
 * Solves three identical jobs as one workload of count 3 and as three, on
 * one node type: two owned, one more buyable for 450 kg embodied CO2e, a
 * horizon of 1,000 h.  Each job: cloud, 500 kg, 900 USD; one node, 100 kg,
 * 100 USD, 800 node-hours; with at_once, also three nodes at once, 10 kg,
 * 100 USD, 300 node-hours.
 */
static void
solve_three(bool grouped, bool at_once, struct opt_pf_result *r)
{
	struct opt_pf_workload w[3] = { { .id = "a" }, { .id = "b" }, { .id = "c" } };
	struct opt_pf_resource res = { 0 };
	struct opt_portfolio pf = { 0 };
	struct opt_solve_opts so = { .time_limit_s = 10 };
	struct mlf_err err;
	size_t i;

	res.site = catalog_find_site(cat, "opt-site");
	res.node = catalog_find_node(cat, "opt-node-b8");
	res.owned = 2;
	res.buyable = true;
	res.buy_max = 1;
	res.capex_usd = 1000;
	res.embodied_g = 450e3;
	res.power_w = 8000;
	pf.objective = OPT_CO2E;
	pf.horizon_s = 1000 * 3600.0;
	pf.workloads = w;
	pf.nworkloads = grouped ? 1 : 3;
	pf.resources = &res;
	pf.nresources = 1;
	w[0].count = grouped ? 3 : 1;
	for (i = 0; i < pf.nworkloads; i++) {
		add_option(&w[i], 500e3, 900, -1, 0, 0);
		add_option(&w[i], 100e3, 100, 0, 800, 1);
		if (at_once)
			add_option(&w[i], 10e3, 100, 0, 300, 3);
	}
	assert_int_equal(optimize_portfolio(&pf, OPT_PF_ALL, true, &so, r, &err), 0);
	assert_true(r->found);
	assert_int_equal(r->status, OPT_OPTIMAL);
	for (i = 0; i < pf.nworkloads; i++)
		free(w[i].options);
}

static void
test_optimize_portfolio__groups_as_the_workloads_they_stand_for(void **state)
{
	struct opt_pf_result g, u;
	int at_once;

	(void)state;
	/* two owned nodes hold two jobs (1,600 of 2,000 node-hours); a third node
	 * (450 + 100 kg) costs more than the cloud (500 kg): 2 × 100 + 500 kg */
	solve_three(true, false, &g);
	assert_close(g.co2e_g, 2 * 100e3 + 500e3, 1e-9);
	assert_close(g.buy[0], 0, 1e-9);
	/* the group's three places, options ascending: one in the cloud, two on-prem */
	assert_int_equal(g.choice[0], 0);
	assert_int_equal(g.choice[1], 1);
	assert_int_equal(g.choice[2], 1);
	optimize_pf_result_release(&g);

	/* three nodes at once need the node bought, once for all three jobs:
	 * 450 + 3 × 10 kg, below 700 kg; a job's nodes at once are not shared out */
	solve_three(true, true, &g);
	assert_close(g.co2e_g, 450e3 + 3 * 10e3, 1e-9);
	assert_close(g.buy[0], 1, 1e-9);
	assert_int_equal(g.choice[0], 2);
	assert_int_equal(g.choice[2], 2);
	optimize_pf_result_release(&g);

	/* and the same optimum as the three workloads one by one */
	for (at_once = 0; at_once <= 1; at_once++) {
		solve_three(true, at_once, &g);
		solve_three(false, at_once, &u);
		assert_close(g.co2e_g, u.co2e_g, 1e-12);
		assert_close(g.cost_usd, u.cost_usd, 1e-12);
		assert_close(g.buy[0], u.buy[0], 1e-12);
		optimize_pf_result_release(&g);
		optimize_pf_result_release(&u);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plan_load_xml__rejects_bad_files),
		cmocka_unit_test(test_plan_load_xml__reads_the_portfolio),
		cmocka_unit_test(test_plan_build__beats_both_baselines),
		cmocka_unit_test(test_optimize_portfolio__groups_as_the_workloads_they_stand_for),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
