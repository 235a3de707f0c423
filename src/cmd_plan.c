/*
 * cmd_plan.c — `mlfit plan WORKLOADS.xml`: a portfolio of training jobs and
 * services over a horizon, on cloud offerings and on-prem sites that own
 * nodes and may buy more, within one budget.
 *
 * The file is read by plan_xml.c; each workload's model is loaded the way
 * `mlfit estimate` loads one (model_opts.h: zoo names, model files relative
 * to the workloads file); plan.c estimates and builds the program, and
 * solves it with both baselines (all cloud, all on-prem).  A plan that
 * cannot be made exits 1 and says which workload or limit is in the way.
 */
#include "config.h"

#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cmd.h"
#include "model_opts.h"
#include "optimize.h"
#include "plan.h"
#include "report_estimate.h"
#include "xalloc.h"

static const char usage[] =
	"usage: mlfit plan WORKLOADS.xml [--horizon T] [--budget USD]\n"
	"                  [--objective co2e|energy|cost] [--on-prem SITE]...\n"
	"                  [--providers LIST] [--regions LIST] [--countries LIST]\n"
	"                  [--devices LIST] [--kind LIST] [--max-devices N]\n"
	"                  [--max-utilisation F] [--time-limit T] [--gap G]\n"
	"                  [--owned-cost sunk|amortised]\n"
	"                  [--write-lp FILE] [--format table|csv|json]\n"
	"\n"
	"Chooses where each workload of WORKLOADS.xml runs and what to buy for the\n"
	"on-prem sites, for the least total CO2e (or energy, cost) within a budget,\n"
	"and compares the plan with running everything in the cloud or on-prem.\n"
	"\n"
	"  --horizon T         the period planned for, e.g. 3y (default: the file's, or 1y)\n"
	"  --budget C          cloud rent + electricity + purchases (+ the owned\n"
	"                      hardware's share with --owned-cost amortised), e.g. 2MUSD\n"
	"  --objective M       co2e (default), energy or cost\n"
	"  --on-prem SITE      a site that may take workloads (repeatable; default: the\n"
	"                      file's <site> elements, else every site in the catalog)\n"
	"  --providers LIST    only these clouds; --regions, --countries (EU for the 27\n"
	"                      member states), --devices and --kind filter likewise\n"
	"  --max-devices N     the most devices one workload may use (default 256)\n"
	"  --max-utilisation F the share of on-prem node-hours that can be used (default 1)\n"
	"  --owned-cost R      owned nodes: sunk (default; electricity and operational\n"
	"                      CO2e only) or amortised (plus capex and embodied CO2e over\n"
	"                      their lifetime, for the node-hours used), as in recommend;\n"
	"                      purchases are charged in full either way\n"
	"  --time-limit T      the solver's limit per solve (default 60s; a baseline\n"
	"                      with a plan but no proof of its gap stops sooner)\n"
	"  --gap G             stop within this relative gap (default 0.001 = 0.1 %)\n"
	"  --write-lp FILE     the plan's program, unpruned, in CPLEX LP format\n";

enum {
	PO_HORIZON = 0x500, PO_BUDGET, PO_OBJECTIVE, PO_ON_PREM, PO_PROVIDERS, PO_REGIONS,
	PO_COUNTRIES, PO_DEVICES, PO_KIND, PO_MAX_DEVICES, PO_MAX_UTIL, PO_TIME_LIMIT,
	PO_GAP, PO_WRITE_LP, PO_OWNED_COST
};

struct plan_opts {
	double horizon_s, budget_usd, max_util;
	int objective;
	const char *filters[5];		/* enum cand_dim */
	const char **sites;
	size_t nsites, cap_sites;
	unsigned max_devices;
	struct opt_solve_opts solve;
	const char *write_lp;
	const char *file;
	bool amortised;
};

/* ---- options ---- */

/* --owned-cost sunk|amortised */
static int
cli_owned_cost(struct cli *cli, const char *arg, bool *sunk)
{
	if (candidates_owned_cost_parse(arg, sunk) < 0)
		return cli_fail(cli, MLF_E_USAGE, "--owned-cost %s: use sunk or amortised", arg), -1;
	return 1;
}

static int
plan_option(void *ctx, struct cli *cli, int opt, const char *arg)
{
	struct plan_opts *po = ctx;
	unsigned long n = 0;
	int rc;

	switch (opt) {
	case PO_HORIZON:
		if (cli_quantity(cli, "horizon", arg, DIM_TIME, NULL, 0, &po->horizon_s) < 0)
			return -1;
		if (po->horizon_s > 100 * UNITS_YEAR)
			return cli_fail(cli, MLF_E_USAGE, "--horizon: more than 100 years is a mistake"),
			       -1;
		return 1;
	case PO_BUDGET:
		return cli_quantity(cli, "budget", arg, DIM_MONEY, "USD", 0, &po->budget_usd);
	case PO_OBJECTIVE:
		po->objective = optimize_metric_parse(arg);
		if (po->objective < 0 || po->objective == OPT_TIME)
			return cli_fail(cli, MLF_E_USAGE, "--objective for a plan: co2e, energy or "
					"cost, not '%s'", arg), -1;
		return 1;
	case PO_ON_PREM:
		XGROW(po->sites, po->cap_sites, po->nsites + 1);
		po->sites[po->nsites++] = arg;
		return 1;
	case PO_PROVIDERS: case PO_REGIONS: case PO_COUNTRIES: case PO_DEVICES: case PO_KIND:
		po->filters[opt - PO_PROVIDERS] = arg;
		return 1;
	case PO_MAX_DEVICES:
		rc = cli_whole(cli, "max-devices", arg, 1, 1000000, &n);
		po->max_devices = (unsigned)n;
		return rc;
	case PO_MAX_UTIL:
		if (cli_quantity(cli, "max-utilisation", arg, DIM_NONE, NULL, 0, &po->max_util) < 0)
			return -1;
		if (po->max_util > 1)
			return cli_fail(cli, MLF_E_USAGE, "--max-utilisation is at most 1 (100 %%)"),
			       -1;
		return 1;
	case PO_TIME_LIMIT:
		return cli_quantity(cli, "time-limit", arg, DIM_TIME, "s", 0, &po->solve.time_limit_s);
	case PO_GAP:
		if (units_parse(arg, DIM_NONE, NULL, &po->solve.mip_gap, NULL) < 0 ||
		    !(po->solve.mip_gap >= 0 && po->solve.mip_gap < 1))
			return cli_fail(cli, MLF_E_USAGE, "--gap is a fraction from 0 to below 1, "
					"e.g. 0.001 or 0.1%%, not '%s'", arg), -1;
		return 1;
	case PO_WRITE_LP:
		po->write_lp = arg;
		return 1;
	case PO_OWNED_COST: {
		bool sunk = true;
		int rc2 = cli_owned_cost(cli, arg, &sunk);

		po->amortised = !sunk;
		return rc2;
	}
	default:
		return 0;
	}
}

static int
parse(struct cli *cli, int argc, char **argv, struct plan_opts *po)
{
	static const struct option longopts[] = {
		CLI_COMMON_LONGOPTS,
		{ "horizon", required_argument, NULL, PO_HORIZON },
		{ "budget", required_argument, NULL, PO_BUDGET },
		{ "objective", required_argument, NULL, PO_OBJECTIVE },
		{ "on-prem", required_argument, NULL, PO_ON_PREM },
		{ "providers", required_argument, NULL, PO_PROVIDERS },
		{ "regions", required_argument, NULL, PO_REGIONS },
		{ "countries", required_argument, NULL, PO_COUNTRIES },
		{ "devices", required_argument, NULL, PO_DEVICES },
		{ "kind", required_argument, NULL, PO_KIND },
		{ "max-devices", required_argument, NULL, PO_MAX_DEVICES },
		{ "max-utilisation", required_argument, NULL, PO_MAX_UTIL },
		{ "time-limit", required_argument, NULL, PO_TIME_LIMIT },
		{ "gap", required_argument, NULL, PO_GAP },
		{ "write-lp", required_argument, NULL, PO_WRITE_LP },
		{ "owned-cost", required_argument, NULL, PO_OWNED_COST },
		{ NULL, 0, NULL, 0 }
	};
	int rc = cli_parse(cli, argc, argv, longopts, usage, plan_option, po);

	if (rc != 0)
		return rc;
	if (optind >= argc)
		return cli_fail(cli, MLF_E_USAGE, "plan: which workloads? give WORKLOADS.xml "
				"(an example: %s/data/examples/portfolio.xml)", paths_datadir());
	if (optind + 1 < argc)
		return cli_fail(cli, MLF_E_USAGE, "plan: one WORKLOADS.xml at most (got '%s' and '%s')",
				argv[optind], argv[optind + 1]);
	po->file = argv[optind];
	return 0;
}

/* ---- models ---- */

struct loaded {
	const char *model;
	unsigned seq;
	struct profile *p;
};

struct models {
	struct loaded *list;
	size_t n, cap;
};

static void
models_release(struct models *m)
{
	size_t i;

	for (i = 0; i < m->n; i++)
		profile_free(m->list[i].p);
	free(m->list);
}

static int
workload_fail(struct cli *cli, const struct plan_spec *spec, const struct plan_workload *pw,
	      const char *msg)
{
	return cli_fail(cli, MLF_E_DATA, "%s:%d: %s '%s': %s", spec->path, pw->line,
			pw->w.task == TASK_TRAIN ? "train" : "serve", pw->id, msg);
}

/* Loads (once per model and sequence length) and sizes each workload. */
static int
load_models(struct cli *cli, struct plan_spec *spec, struct models *m)
{
	size_t i, j;

	for (i = 0; i < spec->n; i++) {
		struct plan_workload *pw = &spec->workloads[i];
		const char *name = pw->model_path ? pw->model_path : pw->model;
		struct model_opts mo;

		if (name == NULL)
			continue;
		model_opts_init(&mo);
		mo.model = name;
		mo.seq = pw->seq;
		for (j = 0; j < m->n; j++)
			if (strcmp(m->list[j].model, name) == 0 && m->list[j].seq == pw->seq)
				break;
		if (j == m->n) {
			struct profile *p = model_opts_load(&mo, cli);

			if (p == NULL) {
				char msg[MLF_ERR_MSG_MAX];

				snprintf(msg, sizeof(msg), "%s", cli->err.msg);
				return workload_fail(cli, spec, pw, msg);
			}
			XGROW(m->list, m->cap, m->n + 1);
			m->list[m->n].model = name;
			m->list[m->n].seq = pw->seq;
			m->list[m->n++].p = p;
		}
		pw->w.profile = m->list[j].p;
		if (pw->w.task == TASK_TRAIN && pw->w.flops <= 0 && pw->w.tokens <= 0 &&
		    pw->w.samples <= 0) {
			pw->w.samples = model_opts_train_samples(&mo, pw->w.profile);
			if (!(pw->w.samples > 0))
				return workload_fail(cli, spec, pw, "how much training? the model has "
						     "no training set in the zoo: give samples and "
						     "epochs, or tokens");
		}
		if (pw->w.task == TASK_TRAIN && pw->w.epochs <= 0)
			pw->w.epochs = 1;
	}
	return 0;
}

/* ---- settings ---- */

static int
sites_and_filters(struct cli *cli, const struct plan_opts *po, const struct plan_spec *spec,
		  struct cand_filter *f)
{
	size_t i;
	int d;

	for (d = 0; d < 5; d++)
		if (po->filters[d] != NULL &&
		    candidates_filter_add(f, cli->cat, (enum cand_dim)d, po->filters[d], &cli->err) < 0)
			return cli->err.code;
	for (i = 0; i < spec->nsites; i++) {
		struct mlf_err e;
		const char *msg;

		if (candidates_filter_add_site(f, cli->cat, spec->sites[i], &e) == 0)
			continue;
		msg = strstr(e.msg, "unknown site");
		return cli_fail(cli, MLF_E_DATA, "%s:%d: %s", spec->path, spec->site_lines[i],
				msg ? msg : e.msg);
	}
	for (i = 0; i < po->nsites; i++)
		if (candidates_filter_add_site(f, cli->cat, po->sites[i], &cli->err) < 0)
			return cli->err.code;
	if (spec->nsites == 0 && po->nsites == 0)
		for (i = 0; i < cli->cat->nsites; i++)
			candidates_filter_add_site(f, cli->cat, cli->cat->sites[i].id, NULL);
	f->max_devices = po->max_devices;
	f->sunk = !po->amortised;
	return 0;
}

/* ---- output ---- */

static const char *const mode_keys[3] = { "plan", "all_cloud", "all_on_prem" };

/* Why a plan or baseline is infeasible, filled in by explain(); "" if it is not. */
static char mode_why[3][400];

static void
totals_row(struct table *t, const struct plan *pl, int mode)
{
	const struct opt_pf_result *r = &pl->results[mode];
	char buf[64];

	table_row(t);
	table_str(t, optimize_pf_mode_name((enum opt_pf_mode)mode));
	if (!r->found) {
		table_str(t, r->unplaceable >= 0 ? "not possible" : "infeasible");
		table_empty(t);
		table_empty(t);
		table_empty(t);
		table_empty(t);
		return;
	}
	table_str(t, optimize_status_name(r->status));
	table_num(t, r->co2e_g / 1e3, units_format(r->co2e_g, DIM_MASS, buf, sizeof(buf)));
	table_num(t, r->energy_j / UNITS_KWH, units_format(r->energy_j, DIM_ENERGY, buf, sizeof(buf)));
	table_num(t, r->cost_usd, units_format(r->cost_usd, DIM_MONEY, buf, sizeof(buf)));
	table_num(t, r->capex_usd, units_format(r->capex_usd, DIM_MONEY, buf, sizeof(buf)));
}

static void
write_totals(struct cli *cli, const struct plan *pl)
{
	struct table *t = table_new();
	int mode;

	table_col(t, "", "mode", false);
	table_col(t, "STATUS", "status", false);
	table_col(t, "CO2E", "co2e_kg", true);
	table_col(t, "ENERGY", "energy_kwh", true);
	table_col(t, "COST", "cost_usd", true);
	table_col(t, "OF WHICH PURCHASES", "capex_usd", true);
	for (mode = 0; mode < 3; mode++)
		totals_row(t, pl, mode);
	table_write(t, FORMAT_TABLE, cli->out);
	table_free(t);
	for (mode = OPT_PF_CLOUD_ONLY; mode < 3; mode++)	/* the plan's own: "no plan: …" */
		if (mode_why[mode][0])
			fprintf(cli->out, "%s is %s: %s\n", optimize_pf_mode_name((enum opt_pf_mode)mode),
				pl->results[mode].unplaceable >= 0 ? "not possible" : "infeasible",
				mode_why[mode]);
}

static void
write_sites(struct cli *cli, const struct plan *pl)
{
	const struct opt_pf_result *r = &pl->results[OPT_PF_ALL];
	double hours = pl->pf.horizon_s / UNITS_HOUR;
	struct table *t;
	char buf[64];
	size_t i;

	if (pl->pf.nresources == 0)
		return;
	fputs("\non-prem:\n", cli->out);
	t = table_new();
	table_col(t, "SITE", "site", false);
	table_col(t, "NODE", "node", false);
	table_col(t, "OWNED", "owned", true);
	table_col(t, "BUY", "buy", true);
	table_col(t, "CAPEX", "capex_usd", true);
	table_col(t, "USED", "utilisation", true);
	for (i = 0; i < pl->pf.nresources; i++) {
		const struct opt_pf_resource *res = &pl->pf.resources[i];
		double nodes = res->owned + r->buy[i];

		table_row(t);
		table_str(t, res->site->id);
		table_str(t, res->node->id);
		table_int(t, res->owned);
		table_int(t, (long long)r->buy[i]);
		table_num(t, r->buy[i] * res->capex_usd,
			  units_format(r->buy[i] * res->capex_usd, DIM_MONEY, buf, sizeof(buf)));
		snprintf(buf, sizeof(buf), "%.1f %%", nodes > 0 ? 100 * r->node_hours[i] /
			 (nodes * hours) : 0.0);
		table_num(t, nodes > 0 ? r->node_hours[i] / (nodes * hours) : 0, buf);
	}
	table_write(t, FORMAT_TABLE, cli->out);
	table_free(t);
}

static void
option_name(const struct plan *pl, const struct opt_pf_option *o, char *buf, size_t size)
{
	struct placement p = o->item->cand->pl;

	(void)pl;
	p.count = o->devices > 0 ? o->devices : o->units * o->item->cand->unit_devices;
	report_placement_name(&p, buf, size);
}

/* A job's figures as recommend gives them: the amortised hardware share included. */
static double
job_co2e(const struct opt_pf_option *o)
{
	return o->co2e_g + o->hardware_g;
}

static double
job_cost(const struct opt_pf_option *o)
{
	return o->cost_usd + o->hardware_usd;
}

static struct table *
assignments_table(const struct plan *pl)
{
	const struct opt_pf_result *r = &pl->results[OPT_PF_ALL];
	struct table *t = table_new();
	char buf[512];
	size_t i;

	table_col(t, "WORKLOAD", "workload", false);
	table_col(t, "TASK", "task", false);
	table_col(t, "RUNS", "runs", true);
	table_col(t, "PLACEMENT", "placement", false);
	table_col(t, "CO2E", "co2e_kg", true);
	table_col(t, "ENERGY", "energy_kwh", true);
	table_col(t, "COST", "cost_usd", true);
	for (i = 0; i < pl->spec->n; i++) {
		const struct plan_workload *pw = &pl->spec->workloads[i];
		const struct opt_pf_option *o = plan_choice(pl, r, i);

		if (o == NULL)
			continue;
		table_row(t);
		table_str(t, pw->id);
		table_str(t, pw->w.task == TASK_TRAIN ? "train" : "serve");
		table_int(t, pw->runs);
		option_name(pl, o, buf, sizeof(buf));
		table_str(t, buf);
		table_num(t, job_co2e(o) / 1e3, units_format(job_co2e(o), DIM_MASS, buf, sizeof(buf)));
		table_num(t, o->energy_j / UNITS_KWH, units_format(o->energy_j, DIM_ENERGY, buf,
								    sizeof(buf)));
		table_num(t, job_cost(o), units_format(job_cost(o), DIM_MONEY, buf, sizeof(buf)));
	}
	return t;
}

static void
write_unplaceable(struct cli *cli, const struct plan *pl)
{
	size_t i;

	fputs("no plan: some workloads cannot be placed\n", cli->out);
	for (i = 0; i < pl->nunplaceable; i++) {
		const struct plan_workload *pw = &pl->spec->workloads[pl->unplaceable[i].workload];

		fprintf(cli->out, "  %s:%d: %s: %s\n", pl->spec->path, pw->line, pw->id,
			pl->unplaceable[i].reason);
	}
}

static void
write_text(struct cli *cli, const struct plan *pl, const char *why)
{
	const struct opt_pf_result *r = &pl->results[OPT_PF_ALL];
	char h[48], b[48];
	struct table *t;

	if (pl->nunplaceable > 0) {
		write_unplaceable(cli, pl);
		return;
	}
	fprintf(cli->out, "plan for %zu workload%s over %s, least %s%s%s\n", pl->spec->n,
		pl->spec->n == 1 ? "" : "s",
		units_format(pl->pf.horizon_s, DIM_TIME, h, sizeof(h)),
		optimize_metric_name(pl->pf.objective), pl->pf.budget_usd > 0 ? ", budget " : "",
		pl->pf.budget_usd > 0 ? units_format(pl->pf.budget_usd, DIM_MONEY, b, sizeof(b)) : "");
	write_totals(cli, pl);
	if (!r->found) {
		fprintf(cli->out, "no plan: %s\n", why);
		return;
	}
	if (r->status != OPT_OPTIMAL)
		fprintf(cli->out, "%s (gap %.3g %%)%s\n", r->status == OPT_TIME_LIMIT ?
			"not proven optimal: the solver stopped at its time limit" :
			"within the gap asked for", 100 * r->gap,
			pl->plan_from_baseline ? "; a baseline was better and is the plan" : "");
	fputs(pl->pf.amortised
	      ? "owned hardware is amortised (capex and embodied CO2e over its lifetime, for the "
		"node-hours used); purchases are charged in full\n"
	      : "owned hardware is sunk (its capex and embodied CO2e are not charged); "
		"purchases are charged in full\n", cli->out);
	write_sites(cli, pl);
	fputs("\nassignments:\n", cli->out);
	t = assignments_table(pl);
	table_write(t, FORMAT_TABLE, cli->out);
	table_free(t);
}

static json_t *
result_json(const struct plan *pl, int mode)
{
	const struct opt_pf_result *r = &pl->results[mode];
	json_t *o = json_object(), *buys;
	size_t i;

	json_object_set_new(o, "feasible", json_boolean(r->found));
	if (mode_why[mode][0])
		json_object_set_new(o, "why", json_string(mode_why[mode]));
	if (r->unplaceable >= 0)
		json_object_set_new(o, "unplaceable",
				    json_string(pl->pf.workloads[r->unplaceable].id));
	if (!r->found)
		return o;
	json_object_set_new(o, "status", json_string(optimize_status_name(r->status)));
	json_object_set_new(o, "gap", json_real(isfinite(r->gap) ? r->gap : 1));
	json_object_set_new(o, "co2e_kg", json_real(r->co2e_g / 1e3));
	json_object_set_new(o, "energy_kwh", json_real(r->energy_j / UNITS_KWH));
	json_object_set_new(o, "cost_usd", json_real(r->cost_usd));
	json_object_set_new(o, "capex_usd", json_real(r->capex_usd));
	json_object_set_new(o, "embodied_kg", json_real(r->embodied_g / 1e3));
	json_object_set_new(o, "owned_cost", json_string(pl->pf.amortised ? "amortised" : "sunk"));
	json_object_set_new(o, "amortised_usd", json_real(r->amortised_usd));
	json_object_set_new(o, "amortised_kg", json_real(r->amortised_g / 1e3));
	buys = json_array();
	for (i = 0; i < pl->pf.nresources; i++) {
		const struct opt_pf_resource *res = &pl->pf.resources[i];
		json_t *b = json_object();

		json_object_set_new(b, "site", json_string(res->site->id));
		json_object_set_new(b, "node", json_string(res->node->id));
		json_object_set_new(b, "owned", json_integer(res->owned));
		json_object_set_new(b, "buy", json_integer((json_int_t)r->buy[i]));
		json_object_set_new(b, "node_hours", json_real(r->node_hours[i]));
		json_object_set_new(b, "node_hours_available",
				    json_real((res->owned + r->buy[i]) * pl->pf.horizon_s / UNITS_HOUR));
		json_array_append_new(buys, b);
	}
	json_object_set_new(o, "sites", buys);
	json_object_set_new(o, "solve_s", json_real(r->solve_s));
	return o;
}

/* One run's estimate for an assignment, with the option's totals. */
static json_t *
assignment_json(struct cli *cli, const struct plan *pl, size_t i, const struct opt_pf_option *o)
{
	const struct plan_workload *pw = &pl->spec->workloads[i];
	struct placement p = o->item->cand->pl;
	struct workload w = pw->w;
	struct estimate *e = xmalloc(sizeof(*e));
	struct mlf_err err;
	json_t *a = json_object();

	p.count = o->devices > 0 ? o->devices : o->units * o->item->cand->unit_devices;
	p.sunk = !pl->pf.amortised;
	if (w.task == TASK_INFER && w.rate > 0 && (w.duration_s <= 0 ||
						      w.duration_s > pl->pf.horizon_s))
		w.duration_s = pl->pf.horizon_s;
	json_object_set_new(a, "workload", json_string(pw->id));
	json_object_set_new(a, "task", json_string(w.task == TASK_TRAIN ? "train" : "serve"));
	json_object_set_new(a, "runs", json_integer(pw->runs));
	json_object_set_new(a, "units", json_integer(o->units));
	json_object_set_new(a, "co2e_kg", json_real(job_co2e(o) / 1e3));
	json_object_set_new(a, "energy_kwh", json_real(o->energy_j / UNITS_KWH));
	json_object_set_new(a, "cost_usd", json_real(job_cost(o)));
	json_object_set_new(a, "hardware_cost_usd", json_real(o->hardware_usd));
	json_object_set_new(a, "hardware_co2e_kg", json_real(o->hardware_g / 1e3));
	json_object_set_new(a, "node_hours", json_real(o->node_hours));
	if (estimate_run(cli->cat, &w, &p, ENERGY_POWER, NULL, e, &err) == 0)
		json_object_set_new(a, "estimate", report_estimate_json(e, &p));
	else
		json_object_set_new(a, "estimate", report_candidate_json(&p, NULL));
	free(e);
	return a;
}

#define JSON_FLAGS (JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(10))

/* Writes text with each line after the first indented by `indent` spaces. */
static void
write_indented(FILE *out, const char *text, int indent)
{
	const char *nl;

	while ((nl = strchr(text, '\n')) != NULL) {
		fwrite(text, 1, (size_t)(nl - text + 1), out);
		fprintf(out, "%*s", indent, "");
		text = nl + 1;
	}
	fputs(text, out);
}

/*
 * The assignments array, one element at a time, as json_dumpf() would
 * write it at the top level's first depth: a tree of every assignment's
 * estimate would take most of a large plan's memory.
 */
static void
write_assignments(struct cli *cli, const struct plan *pl)
{
	size_t i, n = 0;

	fputc('[', cli->out);
	for (i = 0; i < pl->spec->n; i++) {
		const struct opt_pf_option *opt = plan_choice(pl, &pl->results[OPT_PF_ALL], i);
		json_t *a;
		char *text;

		if (opt == NULL)
			continue;
		a = assignment_json(cli, pl, i, opt);
		text = json_dumps(a, JSON_FLAGS);
		json_decref(a);
		fputs(n++ > 0 ? ",\n    " : "\n    ", cli->out);
		write_indented(cli->out, text ? text : "null", 4);
		free(text);
	}
	fputs(n > 0 ? "\n  ]" : "]", cli->out);
}

static void
write_json(struct cli *cli, const struct plan *pl, const char *why, double load_s)
{
	static const char hole[] = "\"assignments\": []";
	json_t *o = json_object(), *base = json_object(), *as = json_array(), *un = json_array();
	json_t *st = json_object();
	char *text, *at;
	size_t i;
	int mode;

	json_object_set_new(o, "objective", json_string(optimize_metric_name(pl->pf.objective)));
	json_object_set_new(o, "horizon_s", json_real(pl->pf.horizon_s));
	json_object_set_new(o, "budget_usd", pl->pf.budget_usd > 0 ? json_real(pl->pf.budget_usd)
								   : json_null());
	json_object_set_new(o, "plan", result_json(pl, OPT_PF_ALL));
	for (mode = OPT_PF_CLOUD_ONLY; mode <= OPT_PF_ONPREM_ONLY; mode++)
		json_object_set_new(base, mode_keys[mode], result_json(pl, mode));
	json_object_set_new(o, "baselines", base);
	json_object_set_new(o, "assignments", as);	/* filled as written */
	for (i = 0; i < pl->nunplaceable; i++) {
		json_t *u = json_object();

		json_object_set_new(u, "workload",
				    json_string(pl->spec->workloads[pl->unplaceable[i].workload].id));
		json_object_set_new(u, "reason", json_string(pl->unplaceable[i].reason));
		json_array_append_new(un, u);
	}
	json_object_set_new(o, "unplaceable", un);
	json_object_set_new(o, "why", why ? json_string(why) : json_null());
	json_object_set_new(st, "workloads", json_integer((json_int_t)pl->spec->n));
	json_object_set_new(st, "distinct_workloads", json_integer((json_int_t)pl->nevals));
	json_object_set_new(st, "groups", json_integer((json_int_t)pl->pf.nworkloads));
	json_object_set_new(st, "candidates", json_integer((json_int_t)(pl->batch.n + pl->rate.n)));
	json_object_set_new(st, "estimated", json_integer((json_int_t)pl->estimated));
	json_object_set_new(st, "options", json_integer((json_int_t)pl->options));
	json_object_set_new(st, "options_in_model",
			    json_integer((json_int_t)pl->results[OPT_PF_ALL].options));
	json_object_set_new(st, "columns", json_integer((json_int_t)pl->results[OPT_PF_ALL].cols));
	json_object_set_new(st, "rows", json_integer((json_int_t)pl->results[OPT_PF_ALL].rows));
	json_object_set_new(st, "load_s", json_real(load_s));
	json_object_set_new(st, "estimate_s", json_real(pl->estimate_s));
	json_object_set_new(st, "solve_s", json_real(pl->results[OPT_PF_ALL].solve_s));
	json_object_set_new(o, "stats", st);
	text = json_dumps(o, JSON_FLAGS);
	json_decref(o);
	/* the first key at depth 1 so named: keys are escaped, values come after */
	at = text != NULL ? strstr(text, hole) : NULL;
	if (at != NULL) {
		fwrite(text, 1, (size_t)(at - text) + sizeof(hole) - 3, cli->out);
		write_assignments(cli, pl);
		fputs(at + sizeof(hole) - 1, cli->out);
	}
	fputc('\n', cli->out);
	free(text);
}

/* ---- the command ---- */

/* Node-hours the workloads need at the least on-prem, and the sites can give. */
static void
onprem_hours(const struct plan *pl, double *need, double *have)
{
	const struct opt_portfolio *pf = &pl->pf;
	double u = pf->max_utilisation > 0 ? pf->max_utilisation : 1;
	size_t w, o, r;

	*need = *have = 0;
	for (w = 0; w < pf->nworkloads; w++) {
		double least = HUGE_VAL;

		for (o = 0; o < pf->workloads[w].noptions; o++)
			if (pf->workloads[w].options[o].resource >= 0)
				least = fmin(least, pf->workloads[w].options[o].node_hours);
		if (isfinite(least))
			*need += least * (pf->workloads[w].count > 1 ? pf->workloads[w].count : 1);
	}
	for (r = 0; r < pf->nresources; r++)
		*have += (pf->resources[r].owned + (pf->resources[r].buyable ? pf->resources[r].buy_max
								    : 0)) * u * pf->horizon_s / UNITS_HOUR;
}

/* Why a workload has no option in a baseline. */
static void
why_unplaceable(const struct plan *pl, int mode, char *why, size_t size)
{
	const char *id = pl->pf.workloads[pl->results[mode].unplaceable].id;

	if (mode == OPT_PF_CLOUD_ONLY)
		snprintf(why, size, "'%s' has no cloud option (none fits it and meets its deadline "
			 "or latency SLO within the filters)", id);
	else if (pl->pf.nresources == 0)
		snprintf(why, size, "'%s' has no on-prem option: no site takes workloads", id);
	else
		snprintf(why, size, "'%s' has no on-prem option (no node type the sites own or may "
			 "buy fits it and meets its deadline or latency SLO)", id);
}

/*
 * Why the plan or a baseline is infeasible though every workload has an
 * option: the budget (what the cheapest such plan costs), else the sites'
 * node-hours, nodes or power.
 */
static void
why_infeasible(const struct plan *pl, int mode, const struct opt_solve_opts *so, char *why,
	       size_t size)
{
	struct opt_portfolio pf = pl->pf;
	struct opt_pf_result r;
	struct mlf_err err;
	char a[48], b[48];
	double need, have;

	pf.budget_usd = 0;
	pf.objective = OPT_COST;
	if (pl->pf.budget_usd > 0 &&
	    optimize_portfolio(&pf, (enum opt_pf_mode)mode, true, so, &r, &err) == 0 && r.found) {
		snprintf(why, size, "the cheapest %s%splan costs %s, more than the budget of %s",
			 mode == OPT_PF_ALL ? "" : optimize_pf_mode_name((enum opt_pf_mode)mode),
			 mode == OPT_PF_ALL ? "" : " ", units_format(r.cost_usd, DIM_MONEY, a, sizeof(a)),
			 units_format(pl->pf.budget_usd, DIM_MONEY, b, sizeof(b)));
		optimize_pf_result_release(&r);
		return;
	}
	if (pl->pf.budget_usd > 0)
		optimize_pf_result_release(&r);
	onprem_hours(pl, &need, &have);
	if (mode == OPT_PF_ONPREM_ONLY && need > have * (1 + 1e-9))
		snprintf(why, size, "the workloads need %.6g node-hours on-prem at the least, the "
			 "sites' nodes (owned and buyable) give %.6g", need, have);
	else
		snprintf(why, size, "the on-prem sites' node-hours, nodes and power cap cannot hold "
			 "the workloads that only they can run");
}

/* Says why the plan and each baseline are infeasible; why gets the plan's reason. */
static void
explain(struct cli *cli, struct plan *pl, const struct opt_solve_opts *so, char *why, size_t size)
{
	int mode;

	(void)cli;
	memset(mode_why, 0, sizeof(mode_why));
	if (pl->nunplaceable > 0)
		return;
	for (mode = 0; mode < 3; mode++) {
		const struct opt_pf_result *r = &pl->results[mode];

		if (r->unplaceable >= 0)
			why_unplaceable(pl, mode, mode_why[mode], sizeof(mode_why[mode]));
		else if (!r->found)
			why_infeasible(pl, mode, so, mode_why[mode], sizeof(mode_why[mode]));
	}
	if (!pl->results[OPT_PF_ALL].found)
		snprintf(why, size, "%s", mode_why[OPT_PF_ALL]);
}

static int
run(struct cli *cli, struct plan_opts *po)
{
	struct plan_spec *spec;
	struct cand_filter f;
	struct models models = { 0 };
	struct plan pl = { 0 };
	char schema[4096], why[512] = "";
	double t0 = optimize_now_s(), load_s;
	int rc, obj;

	if (cli_catalog(cli) == NULL)
		return cli->err.code;
	snprintf(schema, sizeof(schema), "%s/data/workloads.rng", paths_datadir());
	spec = plan_load_xml(po->file, schema, &cli->err);
	if (spec == NULL)
		return cli->err.code;
	candidates_filter_init(&f);
	rc = load_models(cli, spec, &models);
	if (rc == 0)
		rc = sites_and_filters(cli, po, spec, &f);
	load_s = optimize_now_s() - t0;
	obj = po->objective >= 0 ? po->objective : spec->objective >= 0 ? spec->objective : OPT_CO2E;
	if (rc == 0 && plan_build(cli->cat, spec, &f, ENERGY_POWER, (enum opt_metric)obj,
				  po->horizon_s > 0 ? po->horizon_s
				  : spec->horizon_s > 0 ? spec->horizon_s : UNITS_YEAR,
				  po->budget_usd > 0 ? po->budget_usd : spec->budget_usd,
				  po->max_util > 0 ? po->max_util : spec->max_utilisation, &pl,
				  &cli->err) < 0)
		rc = cli->err.code;
	if (rc == 0) {
		size_t i;

		for (i = 0; i < pl.nwarnings; i++)
			cli_warn(cli, "%s", pl.warnings[i]);
		if (plan_solve(&pl, &po->solve, po->write_lp, &cli->err) < 0)
			rc = cli->err.code;
	}
	if (rc == 0) {
		explain(cli, &pl, &po->solve, why, sizeof(why));
		if (cli->format == FORMAT_JSON) {
			write_json(cli, &pl, why[0] ? why : NULL, load_s);
		} else if (cli->format == FORMAT_CSV) {
			struct table *t = assignments_table(&pl);

			table_write(t, FORMAT_CSV, cli->out);
			table_free(t);
		} else {
			write_text(cli, &pl, why);
		}
		if (pl.nunplaceable > 0)
			rc = cli_fail(cli, MLF_E_INFEASIBLE, "%zu workload%s cannot be placed%s",
				      pl.nunplaceable, pl.nunplaceable == 1 ? "" : "s",
				      cli->format == FORMAT_TABLE ? " (see above)" : "");
		else if (!pl.results[OPT_PF_ALL].found)
			rc = cli_fail(cli, MLF_E_INFEASIBLE, "no plan: %s", why);
		else if (pl.results[OPT_PF_ALL].status == OPT_TIME_LIMIT)
			cli_warn(cli, "the solver stopped at its time limit: the plan is the best "
				 "found, not proven optimal");
		if (cli->verbosity > 0)
			fprintf(stderr, "mlfit: %zu workloads (%zu distinct), %zu estimates, %zu "
				"options, %zu in the model; load %.0f ms, estimate %.0f ms, solve "
				"%.0f ms\n", spec->n, pl.nevals, pl.estimated, pl.options,
				pl.results[OPT_PF_ALL].options, load_s * 1e3, pl.estimate_s * 1e3,
				pl.results[OPT_PF_ALL].solve_s * 1e3);
	}
	plan_release(&pl);
	candidates_filter_release(&f);
	models_release(&models);
	plan_spec_free(spec);
	return rc;
}

int
cmd_plan(struct cli *cli, int argc, char **argv)
{
	struct plan_opts po;
	int rc;

	memset(&po, 0, sizeof(po));
	po.objective = -1;
	po.solve.time_limit_s = 60;
	po.solve.mip_gap = 1e-3;
	rc = parse(cli, argc, argv, &po);
	if (rc == 0)
		rc = run(cli, &po);
	else if (rc < 0)
		rc = 0;
	free(po.sites);
	return rc;
}
