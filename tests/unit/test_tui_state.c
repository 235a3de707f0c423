/*
 * test_tui_state.c — the TUI's model without curses: re-solves equal
 * optimize_recommend() on the same inputs and reuse the estimates; sorting,
 * filtering, search; editing each constraint through keys; refusals carry
 * the CLI's message and keep the last good result; stale marking; the key
 * table.
 *
 * The workload is the shipped catalog's ResNet-50 training comparison
 * (resnet50 --train --epochs 90), as `mlfit recommend` sees it.
 */
#include "config.h"

#include <string.h>

#include "helpers.h"

#include "cmd.h"
#include "optimize.h"
#include "tui_state.h"
#include "workload_opts.h"

static struct cli cli;
static struct workload_opts wo;
static struct workload w;

static int
setup_all(void **unused)
{
	const char *srcdir = getenv("srcdir");

	(void)unused;
	setenv("MLFIT_DATADIR", srcdir ? srcdir : ".", 1);
	setenv("XDG_DATA_HOME", "/nonexistent", 1);
	memset(&cli, 0, sizeof(cli));
	cli.cmd_name = "tui";
	cli.verbosity = -1;
	if (cli_catalog(&cli) == NULL) {
		print_error("%s\n", cli.err.msg);
		return -1;
	}
	workload_opts_init(&wo);
	wo.train = true;
	wo.model.epochs = 90;
	if (workload_opts_finish(&wo, &cli, "resnet50", true, &w) != 0) {
		print_error("%s\n", cli.err.msg);
		return -1;
	}
	return 0;
}

static int
teardown_all(void **unused)
{
	(void)unused;
	workload_opts_release(&wo);
	catalog_free(cli.cat);
	free(cli.catalog_paths);
	return 0;
}

static void
start(struct tui_state *s)
{
	struct mlf_err err;

	tui_state_init(s, &cli, &w, "resnet50");
	tui_state_set_page(s, 20);
	assert_int_equal(tui_state_solve(s, &err), 0);
}

static bool
same_placement(const struct placement *a, const struct placement *b)
{
	return a->device == b->device && a->count == b->count && a->instance == b->instance &&
	       a->region == b->region && a->site == b->site && a->node == b->node;
}

/* The state's last result against an uncached optimize_recommend() of its request. */
static void
assert_equals_recommend(struct tui_state *s)
{
	struct opt_request rq;
	struct opt_result r;
	struct mlf_err err;
	size_t i;

	assert_int_equal(tui_state_request(s, &rq, &err), 0);
	rq.explain = true;
	assert_int_equal(optimize_recommend(cli.cat, &rq, &r, &err), 0);
	assert_int_equal(r.found, s->result.found);
	assert_int_equal(r.binding, s->result.binding);
	assert_int_equal(r.given, s->result.given);
	assert_int_equal(r.eval.n, s->result.eval.n);
	if (r.found) {
		assert_int_equal(r.best.nparts, s->result.best.nparts);
		for (i = 0; i < r.best.nparts; i++)
			assert_true(same_placement(&r.best.parts[i].pl, &s->result.best.parts[i].pl));
		assert_close(s->result.best.co2e_g, r.best.co2e_g, 1e-12);
		assert_close(s->result.best.energy_j, r.best.energy_j, 1e-12);
		assert_close(s->result.best.time_s, r.best.time_s, 1e-12);
		assert_close(s->result.best.cost_usd, r.best.cost_usd, 1e-12);
		/* rank 1 of the list is the solver's plan */
		assert_true(s->rows[0].best && s->rows[0].rank == 1);
		assert_true(same_placement(&s->rows[0].pl, &r.best.parts[0].pl));
	} else {
		assert_int_equal(r.nwhy, s->result.nwhy);
		for (i = 0; i < r.nwhy; i++) {
			assert_int_equal(r.why[i].feasible, s->result.why[i].feasible);
			if (r.why[i].feasible)
				assert_close(s->result.why[i].value, r.why[i].value, 1e-12);
		}
	}
	for (i = 0; i < r.eval.n; i++) {
		assert_close(s->result.eval.items[i].co2e_g, r.eval.items[i].co2e_g, 1e-12);
		assert_close(s->result.eval.items[i].time_s, r.eval.items[i].time_s, 1e-12);
	}
	optimize_result_release(&r);
	candidates_filter_release(&rq.filter);
}

static void
type(struct tui_state *s, const char *text)
{
	for (; *text; text++)
		tui_state_key(s, (unsigned char)*text);
}

/* Tab to the constraints, to field f, Enter, a new text, Enter. */
static unsigned
edit(struct tui_state *s, enum tui_field f, const char *text)
{
	int k;

	s->pane = TUI_PANE_CONSTRAINTS;
	tui_state_key(s, TUI_K_HOME);
	for (k = 0; k < (int)f; k++)
		tui_state_key(s, TUI_K_DOWN);
	assert_int_equal(s->field, f);
	tui_state_key(s, TUI_K_ENTER);
	assert_int_equal(s->edit, TUI_EDIT_FIELD);
	while (s->editlen > 0)
		tui_state_key(s, TUI_K_BACKSPACE);
	type(s, text);
	return tui_state_key(s, TUI_K_ENTER);
}

/* ---- re-solving ---- */

static void
test_solve__equals_recommend(void **unused)
{
	struct tui_state s;

	(void)unused;
	start(&s);
	assert_true(s.result.found);
	/* the plan `mlfit recommend resnet50 --train --epochs 90` prints (a TPU: XLA fuses
	 * the element-wise layers that bound a GPU's eager step, estimate_cnn.c, and its
	 * harness's overhead is a share of the steps, not a fixed cost an epoch, so a
	 * larger pod pays for itself) */
	assert_string_equal(s.result.best.parts[0].pl.instance->full_id, "gcp:tpu-v5p-8");
	assert_int_equal(s.result.best.parts[0].pl.count, 4);
	assert_equals_recommend(&s);
	tui_state_release(&s);
}

static void
test_solve__reuses_estimates(void **unused)
{
	struct tui_state s;
	struct mlf_err err;
	size_t first;

	(void)unused;
	start(&s);
	first = s.new_estimates;
	assert_true(first > 1000);
	assert_int_equal(tui_state_set_field(&s, TUI_F_MAX_COST, "10", &err), 0);
	assert_int_equal(tui_state_solve(&s, &err), 0);
	assert_int_equal(s.new_estimates, 0);
	/*
	 * A filter is enumerated anew: regions that a region outside the EU
	 * dominated come back and are estimated once, the rest is memo.
	 */
	assert_int_equal(tui_state_set_field(&s, TUI_F_COUNTRIES, "EU", &err), 0);
	assert_int_equal(tui_state_solve(&s, &err), 0);
	assert_true(s.new_estimates < first / 4);
	assert_equals_recommend(&s);
	assert_int_equal(tui_state_set_field(&s, TUI_F_MAX_COST, "", &err), 0);
	assert_int_equal(tui_state_solve(&s, &err), 0);
	assert_int_equal(s.new_estimates, 0);
	assert_int_equal(tui_state_set_field(&s, TUI_F_COUNTRIES, "", &err), 0);
	assert_int_equal(tui_state_solve(&s, &err), 0);
	assert_int_equal(s.new_estimates, 0);
	assert_equals_recommend(&s);
	tui_state_release(&s);
}

static void
test_solve__objective_and_limits_equal_recommend(void **unused)
{
	static const struct { enum tui_field f; const char *v; } cases[] = {
		{ TUI_F_OBJECTIVE, "cost" }, { TUI_F_MAX_COST, "20" }, { TUI_F_DEADLINE, "30min" },
		{ TUI_F_OBJECTIVE, "time" }, { TUI_F_MAX_DEVICES, "16" },
		{ TUI_F_PROVIDERS, "gcp,azure" }, { TUI_F_OBJECTIVE, "energy" },
		{ TUI_F_KIND, "gpu" }, { TUI_F_DEADLINE, "" }, { TUI_F_ON_PREM, "onprem-de-example" },
		{ TUI_F_OBJECTIVE, "co2e" },
	};
	struct tui_state s;
	size_t i;

	(void)unused;
	start(&s);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		unsigned r = edit(&s, cases[i].f, cases[i].v);

		assert_true(r & TUI_HANDLED);
		assert_int_equal(s.edit, TUI_EDIT_NONE);
		assert_string_equal(tui_state_field_text(&s, cases[i].f), cases[i].v);
		assert_false(s.stale);
		assert_equals_recommend(&s);
	}
	tui_state_release(&s);
}

static void
test_solve__infeasible_deadline_explained(void **unused)
{
	struct tui_state s;
	size_t i, shown = 0;

	(void)unused;
	start(&s);
	edit(&s, TUI_F_DEADLINE, "1s");
	assert_false(s.result.found);
	assert_equals_recommend(&s);
	assert_int_equal(s.nview, 0);		/* infeasible rows hidden */
	tui_state_key(&s, 'i');
	assert_true(s.show_infeasible);
	assert_int_equal(s.nview, s.nrows);
	for (i = 0; i < s.nrows; i++) {
		if (s.rows[i].item == NULL)
			continue;
		assert_false(s.rows[i].feasible);
		assert_non_null(strstr(s.rows[i].reason, "misses the deadline by "));
		shown++;
	}
	assert_true(shown > 1000);
	tui_state_release(&s);
}

static void
test_solve__stale_until_solved(void **unused)
{
	struct tui_state s;
	struct mlf_err err;
	unsigned r;

	(void)unused;
	start(&s);
	assert_false(s.stale);
	r = tui_state_key(&s, 'o');
	assert_true(r & TUI_RECOMPUTE);
	assert_true(s.stale);
	assert_int_equal(s.objective, OPT_ENERGY);
	assert_int_equal(tui_state_solve(&s, &err), 0);
	assert_false(s.stale);
	assert_equals_recommend(&s);
	r = tui_state_key(&s, 'r');
	assert_true(r & TUI_RECOMPUTE);
	tui_state_release(&s);
}

/* ---- refusals: the CLI's message, the last good result kept ---- */

static void
assert_refused(struct tui_state *s, enum tui_field f, const char *text, const char *cli_msg)
{
	const struct placement before = s->result.best.parts[0].pl;
	const char *old = tui_state_field_text(s, f);
	char kept[256];

	snprintf(kept, sizeof(kept), "%s", old);
	edit(s, f, text);
	assert_int_equal(s->edit, TUI_EDIT_FIELD);	/* still open for a fix */
	assert_true(s->message_is_error);
	assert_string_equal(s->message, cli_msg);
	assert_string_equal(tui_state_field_text(s, f), kept);
	assert_true(s->result.found);
	assert_true(same_placement(&s->result.best.parts[0].pl, &before));
	tui_state_key(s, TUI_K_ESC);
	assert_int_equal(s->edit, TUI_EDIT_NONE);
}

static void
test_edit__refusals_carry_the_cli_message(void **unused)
{
	struct tui_state s;
	struct cli other;
	struct cand_filter f;
	struct mlf_err err;
	double v;
	unsigned long n;
	char want[MLF_ERR_MSG_MAX];

	(void)unused;
	start(&s);
	memset(&other, 0, sizeof(other));
	other.cat = cli.cat;

	cli_quantity(&other, "max-cost", "-5", DIM_MONEY, "USD", 0, &v);
	assert_string_equal(other.err.msg, "--max-cost must be greater than 0, not '-5'");
	assert_refused(&s, TUI_F_MAX_COST, "-5", other.err.msg);

	cli_quantity(&other, "deadline", "tomorrow", DIM_TIME, NULL, 0, &v);
	snprintf(want, sizeof(want), "%s", other.err.msg);
	assert_non_null(strstr(want, "--deadline: "));
	assert_refused(&s, TUI_F_DEADLINE, "tomorrow", want);

	cli_whole(&other, "max-devices", "2.5", 1, 1000000, &n);
	assert_refused(&s, TUI_F_MAX_DEVICES, "2.5", other.err.msg);

	candidates_filter_init(&f);
	assert_int_equal(candidates_filter_add(&f, cli.cat, CAND_PROVIDERS, "nosuch", &err), -1);
	candidates_filter_release(&f);
	assert_non_null(strstr(err.msg, "unknown provider 'nosuch'"));
	assert_refused(&s, TUI_F_PROVIDERS, "nosuch", err.msg);

	assert_refused(&s, TUI_F_OBJECTIVE, "speed",
		       "unknown objective 'speed' (use co2e, energy, cost or time)");
	assert_equals_recommend(&s);
	tui_state_release(&s);
}

/* ---- sorting, filtering, search ---- */

static void
test_sort__columns_and_reverse(void **unused)
{
	struct tui_state s;
	size_t i;

	(void)unused;
	start(&s);
	for (i = 1; i < s.nview; i++)
		assert_true(s.rows[s.view[i - 1]].rank < s.rows[s.view[i]].rank);
	tui_state_key(&s, 's');
	assert_int_equal(s.edit, TUI_EDIT_SORT);
	tui_state_key(&s, '$');
	assert_int_equal(s.sort_col, TUI_COL_COST);
	assert_false(s.sort_reverse);
	for (i = 1; i < s.nview; i++)
		assert_true(s.rows[s.view[i - 1]].cost_usd <= s.rows[s.view[i]].cost_usd);
	tui_state_key(&s, 's');
	tui_state_key(&s, '$');
	assert_true(s.sort_reverse);
	for (i = 1; i < s.nview; i++)
		assert_true(s.rows[s.view[i - 1]].cost_usd >= s.rows[s.view[i]].cost_usd);
	tui_state_key(&s, '>');		/* cost -> rank (wraps) */
	assert_int_equal(s.sort_col, TUI_COL_RANK);
	tui_state_key(&s, '>');
	assert_int_equal(s.sort_col, TUI_COL_PLACEMENT);
	for (i = 1; i < s.nview; i++)
		assert_true(strcmp(s.rows[s.view[i - 1]].name, s.rows[s.view[i]].name) <= 0);
	assert_int_equal(tui_state_click_header(&s, TUI_COL_TIME), TUI_HANDLED | TUI_REDRAW);
	for (i = 1; i < s.nview; i++)
		assert_true(s.rows[s.view[i - 1]].time_s <= s.rows[s.view[i]].time_s);
	tui_state_release(&s);
}

static void
test_filter__narrows_and_clears(void **unused)
{
	struct tui_state s;
	size_t i, all;

	(void)unused;
	start(&s);
	all = s.nview;
	tui_state_key(&s, '\\');
	type(&s, "gcp:");
	assert_true(s.nview > 0 && s.nview < all);
	for (i = 0; i < s.nview; i++)
		assert_non_null(strstr(s.rows[s.view[i]].name, "gcp:"));
	tui_state_key(&s, TUI_K_ENTER);		/* keeps */
	assert_string_equal(s.filter, "gcp:");
	tui_state_key(&s, '\\');
	tui_state_key(&s, TUI_K_ESC);		/* clears */
	assert_string_equal(s.filter, "");
	assert_int_equal(s.nview, all);
	tui_state_release(&s);
}

static void
test_search__selects_a_match(void **unused)
{
	struct tui_state s;
	const struct tui_row *r;

	(void)unused;
	start(&s);
	tui_state_key(&s, '/');
	type(&s, "nvidia-l4 ");
	tui_state_key(&s, TUI_K_ENTER);
	r = tui_state_selected(&s);
	assert_non_null(r);
	assert_non_null(strstr(r->name, "nvidia-l4 "));
	assert_true(s.have_detail);
	assert_int_equal(s.detail.devices, r->devices);
	tui_state_release(&s);
}

/* ---- moving, detail, counterfactual, keys ---- */

static void
test_move__detail_follows_selection(void **unused)
{
	struct tui_state s;
	const struct tui_row *r;

	(void)unused;
	start(&s);
	assert_int_equal(s.sel, 0);
	assert_true(s.have_detail);
	/* the detail is estimate_run's, i.e. `mlfit estimate` of that placement */
	assert_close(s.detail.co2e_total_g.v, s.rows[s.view[0]].co2e_g, 1e-12);
	assert_non_null(strstr(s.detail_text, "assumptions:"));
	tui_state_key(&s, 'j');
	tui_state_key(&s, TUI_K_PGDN);
	assert_int_equal(s.sel, 21);
	assert_true(s.top + s.page > s.sel && s.top <= s.sel);
	r = tui_state_selected(&s);
	assert_close(s.detail.time_s.v, r->time_s, 1e-12);
	tui_state_key(&s, TUI_K_END);
	assert_int_equal(s.sel, s.nview - 1);
	tui_state_key(&s, TUI_K_HOME);
	assert_int_equal(s.sel, 0);
	/* in the detail pane the keys scroll the estimate, not the list */
	tui_state_key(&s, TUI_K_TAB);
	tui_state_key(&s, TUI_K_TAB);
	assert_int_equal(s.pane, TUI_PANE_DETAIL);
	tui_state_key(&s, TUI_K_DOWN);
	tui_state_key(&s, TUI_K_DOWN);
	assert_int_equal(s.detail_top, 2);
	assert_int_equal(s.sel, 0);
	tui_state_key(&s, TUI_K_HOME);
	assert_int_equal(s.detail_top, 0);
	assert_int_equal(tui_state_click_row(&s, 3), TUI_HANDLED | TUI_REDRAW);
	assert_int_equal(s.sel, 3);
	/* the cheapest emits more than the cleanest (row 3 is not the cheapest) */
	assert_non_null(strstr(s.counterfactual, "the cleanest feasible plan saves"));
	tui_state_release(&s);
}

static void
test_keys__table_drives_everything(void **unused)
{
	struct tui_state s;
	size_t i;
	int k;
	bool seen[TUI_A_RESOLVE + 1] = { false };

	(void)unused;
	for (i = 0; i < tui_nkeys; i++) {
		assert_non_null(tui_keys[i].label);
		assert_non_null(tui_keys[i].help);
		seen[tui_keys[i].action] = true;
	}
	for (k = 0; k <= TUI_A_RESOLVE; k++)
		assert_true(seen[k]);
	start(&s);
	assert_int_equal(tui_state_key(&s, '?'), TUI_HANDLED | TUI_REDRAW);
	assert_int_equal(s.mode, TUI_MODE_HELP);
	tui_state_key(&s, 'x');		/* any other key returns */
	assert_int_equal(s.mode, TUI_MODE_MAIN);
	tui_state_key(&s, TUI_K_F1);
	assert_int_equal(s.mode, TUI_MODE_HELP);
	tui_state_key(&s, TUI_K_F1);
	assert_int_equal(s.mode, TUI_MODE_MAIN);
	assert_true(tui_state_key(&s, TUI_K_TAB) & TUI_REDRAW);
	assert_int_equal(s.pane, TUI_PANE_CONSTRAINTS);
	tui_state_key(&s, TUI_K_BTAB);
	assert_int_equal(s.pane, TUI_PANE_LIST);
	assert_true(tui_state_key(&s, 'e') & TUI_EXPORT);
	assert_true(tui_state_key(&s, 'p') & TUI_RECOMPUTE);
	assert_int_equal(s.mode, TUI_MODE_PARETO);
	tui_state_release(&s);
	start(&s);
	assert_true(tui_state_key(&s, 'q') & TUI_QUIT);
	assert_true(tui_state_key(&s, TUI_K_F10) & TUI_QUIT);
	tui_state_release(&s);
}

static void
test_pareto__front_equals_recommend(void **unused)
{
	struct tui_state s;
	struct opt_request rq;
	struct opt_result r;
	struct mlf_err err;
	size_t i;

	(void)unused;
	start(&s);
	tui_state_key(&s, 'p');
	assert_int_equal(tui_state_solve(&s, &err), 0);
	assert_true(s.result.npareto > 1);
	assert_int_equal(tui_state_request(&s, &rq, &err), 0);
	rq.explain = true;
	rq.pareto = true;
	assert_int_equal(optimize_recommend(cli.cat, &rq, &r, &err), 0);
	assert_int_equal(r.npareto, s.result.npareto);
	for (i = 0; i < r.npareto; i++) {
		assert_close(s.result.pareto[i].co2e_g, r.pareto[i].co2e_g, 1e-12);
		assert_close(s.result.pareto[i].cost_usd, r.pareto[i].cost_usd, 1e-12);
	}
	tui_state_key(&s, TUI_K_RIGHT);
	assert_int_equal(s.pareto_sel, 1);
	tui_state_key(&s, TUI_K_END);
	assert_int_equal(s.pareto_sel, r.npareto - 1);
	tui_state_key(&s, TUI_K_ESC);
	assert_int_equal(s.mode, TUI_MODE_MAIN);
	optimize_result_release(&r);
	candidates_filter_release(&rq.filter);
	tui_state_release(&s);
}

static void
test_args__constraints_as_recommend_options(void **unused)
{
	struct tui_state s;
	struct mlf_err err;
	const char *argv[32];
	size_t n;

	(void)unused;
	tui_state_init(&s, &cli, &w, "resnet50");
	assert_int_equal(tui_state_set_field(&s, TUI_F_OBJECTIVE, "cost", &err), 0);
	assert_int_equal(tui_state_set_field(&s, TUI_F_DEADLINE, "2h", &err), 0);
	assert_int_equal(tui_state_set_field(&s, TUI_F_COUNTRIES, "EU", &err), 0);
	n = tui_state_args(&s, argv, 32);
	assert_int_equal(n, 6);
	assert_string_equal(argv[0], "--objective");
	assert_string_equal(argv[1], "cost");
	assert_string_equal(argv[2], "--deadline");
	assert_string_equal(argv[3], "2h");
	assert_string_equal(argv[4], "--countries");
	assert_string_equal(argv[5], "EU");
	tui_state_release(&s);
}

static void
test_form__picks_model_and_task(void **unused)
{
	static const char *const names[] = { "alexnet", "bert-base", "resnet50" };
	struct tui_state s;
	struct mlf_err err;
	char **zoo = calloc(3, sizeof(char *));
	size_t i;

	(void)unused;
	for (i = 0; i < 3; i++)
		zoo[i] = strdup(names[i]);
	tui_state_init_form(&s, &cli, zoo, 3);
	assert_int_equal(s.mode, TUI_MODE_FORM);
	assert_int_equal(s.zoo_sel, 2);			/* resnet50 */
	assert_int_equal(tui_state_solve(&s, &err), -1);	/* nothing to solve yet */
	tui_state_key(&s, TUI_K_UP);
	assert_int_equal(s.zoo_sel, 1);
	tui_state_key(&s, '7');				/* digits only count for inference */
	assert_string_equal(s.form_requests, "");
	tui_state_key(&s, 't');
	assert_true(s.form_infer);
	type(&s, "1e6");
	assert_string_equal(s.form_requests, "1e6");
	assert_true(tui_state_key(&s, TUI_K_ENTER) & TUI_WORKLOAD);
	tui_state_set_workload(&s, &w, "resnet50");
	assert_int_equal(s.mode, TUI_MODE_MAIN);
	assert_int_equal(tui_state_solve(&s, &err), 0);
	assert_equals_recommend(&s);
	tui_state_release(&s);
}

static void
test_portfolio__edits_go_through_plan(void **unused)
{
	struct tui_state s;
	const char *argv[8];
	size_t n;

	(void)unused;
	tui_state_init_portfolio(&s, &cli, "pf.xml", "3y", NULL);
	assert_int_equal(s.mode, TUI_MODE_PORTFOLIO);
	n = tui_state_pf_args(&s, argv, 8);
	assert_int_equal(n, 3);
	assert_string_equal(argv[0], "pf.xml");
	assert_string_equal(argv[1], "--horizon");
	assert_string_equal(argv[2], "3y");
	tui_state_pf_done(&s, 0, strdup("plan for 11 workloads\n"), "");
	assert_string_equal(s.pf_text, "plan for 11 workloads\n");
	/* to the budget, edit: the value being typed is what plan is run with */
	tui_state_key(&s, TUI_K_TAB);
	tui_state_key(&s, TUI_K_DOWN);
	assert_int_equal(s.pf_field, TUI_PF_BUDGET);
	tui_state_key(&s, TUI_K_ENTER);
	type(&s, "-5");
	assert_true(tui_state_key(&s, TUI_K_ENTER) & TUI_RECOMPUTE);
	n = tui_state_pf_args(&s, argv, 8);
	assert_int_equal(n, 5);
	assert_string_equal(argv[4], "-5");
	/* plan refuses it: its message, the field open, the old report kept */
	tui_state_pf_done(&s, MLF_E_USAGE, NULL, "--budget must be greater than 0, not '-5'");
	assert_string_equal(s.message, "--budget must be greater than 0, not '-5'");
	assert_int_equal(s.edit, TUI_EDIT_PF);
	assert_null(s.pf_value[TUI_PF_BUDGET]);
	assert_string_equal(s.pf_text, "plan for 11 workloads\n");
	while (s.editlen)
		tui_state_key(&s, TUI_K_BACKSPACE);
	type(&s, "60000");
	tui_state_key(&s, TUI_K_ENTER);
	tui_state_pf_done(&s, 0, strdup("budget 60,000.00 USD\n"), "");
	assert_int_equal(s.edit, TUI_EDIT_NONE);
	assert_string_equal(s.pf_value[TUI_PF_BUDGET], "60000");
	/* help returns to the portfolio, not to the comparison */
	tui_state_key(&s, '?');
	tui_state_key(&s, '?');
	assert_int_equal(s.mode, TUI_MODE_PORTFOLIO);
	assert_int_equal(tui_state_key(&s, 'o'), 0);	/* no objective cycling here */
	tui_state_release(&s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_solve__equals_recommend),
		cmocka_unit_test(test_solve__reuses_estimates),
		cmocka_unit_test(test_solve__objective_and_limits_equal_recommend),
		cmocka_unit_test(test_solve__infeasible_deadline_explained),
		cmocka_unit_test(test_solve__stale_until_solved),
		cmocka_unit_test(test_edit__refusals_carry_the_cli_message),
		cmocka_unit_test(test_sort__columns_and_reverse),
		cmocka_unit_test(test_filter__narrows_and_clears),
		cmocka_unit_test(test_search__selects_a_match),
		cmocka_unit_test(test_move__detail_follows_selection),
		cmocka_unit_test(test_keys__table_drives_everything),
		cmocka_unit_test(test_pareto__front_equals_recommend),
		cmocka_unit_test(test_args__constraints_as_recommend_options),
		cmocka_unit_test(test_form__picks_model_and_task),
		cmocka_unit_test(test_portfolio__edits_go_through_plan),
	};

	return cmocka_run_group_tests(tests, setup_all, teardown_all);
}
