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

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plan_load_xml__rejects_bad_files),
		cmocka_unit_test(test_plan_load_xml__reads_the_portfolio),
		cmocka_unit_test(test_plan_build__beats_both_baselines),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
