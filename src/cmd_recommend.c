/*
 * cmd_recommend.c — `mlfit recommend`: where, on what and on how many
 * devices to run one workload.
 *
 * The workload options are estimate's (workload_opts.h); the placement is
 * left to optimize_recommend(), which enumerates every offering of the
 * catalog, estimates each and chooses with GLPK.  What is printed: the best
 * plan with its full estimate and the constraints that bind, the
 * alternatives and the Pareto front if asked, and, when nothing is
 * feasible, for each constraint the best that can be had while meeting the
 * others (exit status 1).
 */
#include "config.h"

#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cmd.h"
#include "optimize.h"
#include "report_estimate.h"
#include "strbuf.h"
#include "workload_opts.h"
#include "xalloc.h"

static const char usage_head[] =
	"usage: mlfit recommend [MODEL] [--train | --infer] [workload options]\n"
	"                       [--objective co2e|energy|cost|time] [--max-cost USD]\n"
	"                       [--deadline T] [--latency-slo T] [--max-devices N]\n"
	"                       [--providers LIST] [--regions LIST] [--countries LIST]\n"
	"                       [--devices LIST] [--kind LIST] [--on-prem SITE]...\n"
	"                       [--confidence central|high] [--owned-cost sunk|amortised]\n"
	"                       [--top K] [--pareto[=cost|time]] [--write-lp FILE]\n"
	"                       [--time-limit T] [--format table|csv|json]\n"
	"\n"
	"Chooses the placement (instance type or on-prem node, count, region or\n"
	"site) with the least CO2e (or energy, cost, time) that meets the limits.\n"
	"\n"
	"Workload:\n";

static const char usage_tail[] =
	"Choice:\n"
	"  --objective M       what to minimise: co2e (default), energy, cost, time\n"
	"  --max-cost C        at most C, e.g. 500 or 500USD\n"
	"  --deadline T        training (or --requests) done within T, e.g. 48h\n"
	"  --latency-slo T     serving: a batch (a language model: its first token) within T\n"
	"  --max-devices N     at most N devices in all\n"
	"  --providers LIST    only these clouds, e.g. aws,gcp\n"
	"  --regions LIST      only these regions, e.g. gcp:europe-west4,eu-north-1\n"
	"  --countries LIST    only regions and sites in these countries, e.g. DE,FR;\n"
	"                      EU stands for the 27 member states\n"
	"  --devices LIST      only these devices (mlfit catalog list devices)\n"
	"  --kind LIST         only these device kinds: cpu, gpu, tpu, npu, asic\n"
	"  --on-prem SITE      also the nodes SITE owns (repeatable)\n"
	"  --owned-cost R      sunk (default): owned nodes cost their electricity and emit\n"
	"                      their operational CO2e; amortised: plus capex and embodied\n"
	"                      CO2e over their lifetime for the time used\n"
	"  --confidence C      central (default): limits hold for the central estimate,\n"
	"                      and the output says when the high end breaks one;\n"
	"                      high: the cost, deadline and SLO hold at the high end\n"
	"Output:\n"
	"  --top K             also the K next best plans\n"
	"  --pareto[=AXIS]     the front of CO2e (the objective) against cost or time\n"
	"  --write-lp FILE     the program, unpruned, in CPLEX LP format\n"
	"  --time-limit T      the solver's limit per solve (default 10s)\n"
	"  --energy-method M   power (default) or opcost\n";

enum {
	RO_OBJECTIVE = 0x500, RO_MAX_COST, RO_DEADLINE, RO_MAX_DEVICES, RO_PROVIDERS,
	RO_REGIONS, RO_COUNTRIES, RO_DEVICES, RO_KIND, RO_ON_PREM, RO_TOP, RO_PARETO,
	RO_WRITE_LP, RO_TIME_LIMIT, RO_METHOD, RO_CONFIDENCE, RO_OWNED_COST
};

struct rec_opts {
	struct opt_request rq;
	const char *filter_text[OPT_C_COUNT];	/* the filters as given */
	const char **sites;
	size_t nsites, cap_sites;
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
rec_option(struct rec_opts *ro, struct cli *cli, int opt, const char *arg)
{
	struct opt_request *rq = &ro->rq;
	unsigned long n = 0;
	int m, rc;

	switch (opt) {
	case RO_OBJECTIVE:
		if ((m = optimize_metric_parse(arg)) < 0)
			return cli_fail(cli, MLF_E_USAGE, "unknown objective '%s' (use co2e, energy, "
					"cost or time)", arg), -1;
		rq->objective = (enum opt_metric)m;
		return 1;
	case RO_MAX_COST:
		return cli_quantity(cli, "max-cost", arg, DIM_MONEY, "USD", 0, &rq->max_cost_usd);
	case RO_DEADLINE:
		return cli_quantity(cli, "deadline", arg, DIM_TIME, NULL, 0, &rq->deadline_s);
	case RO_MAX_DEVICES:
		rc = cli_whole(cli, "max-devices", arg, 1, 1000000, &n);
		rq->max_devices = (unsigned)n;
		return rc;
	case RO_PROVIDERS: case RO_REGIONS: case RO_COUNTRIES: case RO_DEVICES: case RO_KIND:
		ro->filter_text[OPT_C_FIRST_FILTER + opt - RO_PROVIDERS] = arg;
		return 1;
	case RO_ON_PREM:
		XGROW(ro->sites, ro->cap_sites, ro->nsites + 1);
		ro->sites[ro->nsites++] = arg;
		return 1;
	case RO_TOP:
		rc = cli_whole(cli, "top", arg, 0, 100, &n);
		rq->top = (unsigned)n;
		return rc;
	case RO_PARETO:
		rq->pareto = true;
		if (arg == NULL || strcmp(arg, "cost") == 0)
			rq->pareto_axis = OPT_COST;
		else if (strcmp(arg, "time") == 0)
			rq->pareto_axis = OPT_TIME;
		else
			return cli_fail(cli, MLF_E_USAGE, "--pareto=%s: use cost or time", arg), -1;
		return 1;
	case RO_WRITE_LP:
		rq->write_lp = arg;
		return 1;
	case RO_OWNED_COST:
		return cli_owned_cost(cli, arg, &rq->filter.sunk);
	case RO_CONFIDENCE:
		if (strcmp(arg, "central") != 0 && strcmp(arg, "high") != 0)
			return cli_fail(cli, MLF_E_USAGE, "--confidence %s: use central or high",
					arg), -1;
		rq->confidence_high = strcmp(arg, "high") == 0;
		return 1;
	case RO_TIME_LIMIT:
		return cli_quantity(cli, "time-limit", arg, DIM_TIME, "s", 0, &rq->solve.time_limit_s);
	case RO_METHOD:
		if (strcmp(arg, "power") == 0)
			rq->method = ENERGY_POWER;
		else if (strcmp(arg, "opcost") == 0)
			rq->method = ENERGY_OPCOST;
		else
			return cli_fail(cli, MLF_E_USAGE, "unknown energy method '%s' (use power or "
					"opcost)", arg), -1;
		return 1;
	default:
		return 0;
	}
}

struct rec_ctx {
	struct workload_opts *wo;
	struct rec_opts *ro;
};

/* Workload options first, then recommend's own. */
static int
recommend_option(void *data, struct cli *cli, int opt, const char *arg)
{
	struct rec_ctx *ctx = data;
	int rc = workload_opts_option(ctx->wo, cli, opt, arg);

	return rc != 0 ? rc : rec_option(ctx->ro, cli, opt, arg);
}

static int
parse(struct cli *cli, int argc, char **argv, struct workload_opts *wo, struct rec_opts *ro,
      const char *help)
{
	static const struct option longopts[] = {
		CLI_COMMON_LONGOPTS,
		WORKLOAD_LONGOPTS,
		{ "objective", required_argument, NULL, RO_OBJECTIVE },
		{ "max-cost", required_argument, NULL, RO_MAX_COST },
		{ "deadline", required_argument, NULL, RO_DEADLINE },
		{ "max-devices", required_argument, NULL, RO_MAX_DEVICES },
		{ "providers", required_argument, NULL, RO_PROVIDERS },
		{ "regions", required_argument, NULL, RO_REGIONS },
		{ "countries", required_argument, NULL, RO_COUNTRIES },
		{ "devices", required_argument, NULL, RO_DEVICES },
		{ "kind", required_argument, NULL, RO_KIND },
		{ "on-prem", required_argument, NULL, RO_ON_PREM },
		{ "top", required_argument, NULL, RO_TOP },
		{ "pareto", optional_argument, NULL, RO_PARETO },
		{ "write-lp", required_argument, NULL, RO_WRITE_LP },
		{ "time-limit", required_argument, NULL, RO_TIME_LIMIT },
		{ "energy-method", required_argument, NULL, RO_METHOD },
		{ "confidence", required_argument, NULL, RO_CONFIDENCE },
		{ "owned-cost", required_argument, NULL, RO_OWNED_COST },
		{ NULL, 0, NULL, 0 }
	};
	struct rec_ctx ctx = { wo, ro };
	int rc = cli_parse(cli, argc, argv, longopts, help, recommend_option, &ctx);

	if (rc != 0)
		return rc;
	if (optind + 1 < argc)
		return cli_fail(cli, MLF_E_USAGE, "recommend: one MODEL at most (got '%s' and '%s')",
				argv[optind], argv[optind + 1]);
	return 0;
}

/* The filters and sites, checked against the catalog. */
static int
resolve_filters(struct rec_opts *ro, struct cli *cli)
{
	struct cand_filter *f = &ro->rq.filter;
	size_t i;
	int c;

	for (c = OPT_C_FIRST_FILTER; c < OPT_C_COUNT; c++)
		if (ro->filter_text[c] != NULL &&
		    candidates_filter_add(f, cli->cat, (enum cand_dim)(c - OPT_C_FIRST_FILTER),
					  ro->filter_text[c], &cli->err) < 0)
			return cli->err.code;
	for (i = 0; i < ro->nsites; i++)
		if (candidates_filter_add_site(f, cli->cat, ro->sites[i], &cli->err) < 0)
			return cli->err.code;
	return 0;
}

/* ---- text ---- */

static void
plan_name(const struct opt_plan *p, char *buf, size_t size)
{
	size_t i, len = 0;

	buf[0] = '\0';
	for (i = 0; i < p->nparts && len + 1 < size; i++) {
		char one[256];

		report_placement_name(&p->parts[i].pl, one, sizeof(one));
		len += (size_t)snprintf(buf + len, size - len, "%s%s", i ? " + " : "", one);
	}
}

static const char *
objective_word(enum opt_metric m)
{
	static const char *const words[] = { "least CO2e", "least energy", "least cost",
					     "shortest time" };

	return words[m];
}

static void
constraint_text(const struct rec_opts *ro, int c, char *buf, size_t size)
{
	const struct opt_request *rq = &ro->rq;
	char v[48];

	switch (c) {
	case OPT_C_MAX_COST:
		snprintf(buf, size, "--max-cost %s", units_format(rq->max_cost_usd, DIM_MONEY, v,
								    sizeof(v)));
		break;
	case OPT_C_DEADLINE:
		snprintf(buf, size, "--deadline %s", units_format(rq->deadline_s, DIM_TIME, v,
								    sizeof(v)));
		break;
	case OPT_C_LATENCY:
		snprintf(buf, size, "--latency-slo %s", units_format(rq->w->latency_slo_s, DIM_TIME,
								       v, sizeof(v)));
		break;
	case OPT_C_MAX_DEVICES:
		snprintf(buf, size, "--max-devices %u", rq->max_devices);
		break;
	default:
		snprintf(buf, size, "%s %s",
			 candidates_dim_option((enum cand_dim)(c - OPT_C_FIRST_FILTER)),
			 ro->filter_text[c]);
		break;
	}
}

/* "meeting --deadline 10 h and --providers aws", or "" with no others. */
static void
others_text(const struct rec_opts *ro, unsigned given, int except, char *buf, size_t size)
{
	size_t len = 0;
	int c, n = 0, total = 0;

	for (c = 0; c < OPT_C_COUNT; c++)
		total += c != except && (given & (1u << c));
	buf[0] = '\0';
	for (c = 0; c < OPT_C_COUNT && len < size; c++) {
		char one[200];

		if (c == except || !(given & (1u << c)))
			continue;
		constraint_text(ro, c, one, sizeof(one));
		len += (size_t)snprintf(buf + len, size - len, "%s%s",
					n == 0 ? " meeting " : n + 1 == total ? " and " : ", ", one);
		n++;
	}
}

static void
why_text(const struct rec_opts *ro, const struct opt_result *r, const struct opt_why *why,
	 char *buf, size_t size)
{
	char others[600], self[200], v[48], name[512];
	const char *high = ro->rq.confidence_high ? " at the high end of its range" : "";

	others_text(ro, r->given, why->c, others, sizeof(others));
	constraint_text(ro, why->c, self, sizeof(self));
	if (!why->feasible) {
		snprintf(buf, size, "even without %s, no plan%s exists", self,
			 others[0] ? others : " at all");
		return;
	}
	switch (why->c) {
	case OPT_C_MAX_COST:
		snprintf(buf, size, "the cheapest plan%s costs %s%s (%s)", others,
			 units_format(why->value, DIM_MONEY, v, sizeof(v)), high, self);
		break;
	case OPT_C_DEADLINE:
		snprintf(buf, size, "the fastest plan%s takes %s%s (%s)", others,
			 units_format(why->value, DIM_TIME, v, sizeof(v)), high, self);
		break;
	case OPT_C_LATENCY:
		snprintf(buf, size, "the lowest latency%s is %s%s (%s)", others,
			 units_format(why->value, DIM_TIME, v, sizeof(v)), high, self);
		break;
	case OPT_C_MAX_DEVICES:
		snprintf(buf, size, "the plan with the fewest devices%s uses %.0f (%s)", others,
			 why->value, self);
		break;
	default:
		plan_name(&why->plan, name, sizeof(name));
		snprintf(buf, size, "without %s, the best plan%s is %s", self, others, name);
		break;
	}
}

static void
binding_text(const struct opt_result *r, char *buf, size_t size)
{
	size_t len = 0;
	int c;

	snprintf(buf, size, "none");
	for (c = 0; c < OPT_C_COUNT; c++)
		if (r->binding & (1u << c))
			len += (size_t)snprintf(buf + len, size - len, "%s%s", len ? ", " : "",
						optimize_constraint_name((enum opt_constraint)c));
}

/* The plan's high end of the quantity constraint c bounds (SI), and its unit. */
static double
high_value(const struct opt_plan *p, int c, enum unit_dim *dim)
{
	*dim = c == OPT_C_MAX_COST ? DIM_MONEY : DIM_TIME;
	return c == OPT_C_MAX_COST ? p->cost_high_usd
	       : c == OPT_C_DEADLINE ? p->time_high_s : p->latency_high_s;
}

/* "at the high end of its range the plan takes 13.6 min, beyond --deadline 10 min" */
static void
high_break_text(const struct rec_opts *ro, const struct opt_result *r, int c, char *buf,
		size_t size)
{
	static const char *const verbs[] = { "costs", "takes", "has a latency of" };
	char self[200], v[48];
	enum unit_dim dim;
	double value = high_value(&r->best, c, &dim);

	constraint_text(ro, c, self, sizeof(self));
	snprintf(buf, size, "at the high end of its range the plan %s %s, beyond %s "
		 "(--confidence high plans for it)", verbs[c], units_format(value, dim, v, sizeof(v)),
		 self);
}

#define MAX_CAUTIONS (OPT_C_LATENCY + 3)

/*
 * What a careful reader should be told about the best plan: the limits its
 * high ends break, devices paid for and left idle, and a run beyond a year
 * (without a deadline the least-CO2e plan can be a handful of devices for
 * decades).  Returns how many, each into out[i].
 */
static size_t
cautions(const struct rec_opts *ro, const struct opt_result *r, char out[][512])
{
	const struct opt_plan *p = &r->best;
	size_t n = 0;
	char t[48];
	int c;

	for (c = 0; c <= OPT_C_LATENCY; c++)
		if (r->high_breaks & (1u << c))
			high_break_text(ro, r, c, out[n++], 512);
	if (p->idle_devices > 0)
		snprintf(out[n++], 512, "%u device%s paid for and left idle (instances and nodes "
			 "come whole)", p->idle_devices, p->idle_devices == 1 ? " is" : "s are");
	if (!r->rate_mode && p->time_s > UNITS_YEAR)
		snprintf(out[n++], 512, "the plan runs for %s, more than a year: give a --deadline, "
			 "or check the size of the workload", units_format(p->time_s, DIM_TIME, t,
									  sizeof(t)));
	return n;
}

static void
write_cautions(FILE *out, const struct rec_opts *ro, const struct opt_result *r)
{
	char text[MAX_CAUTIONS][512];
	size_t i, n = cautions(ro, r, text);

	for (i = 0; i < n; i++)
		fprintf(out, "caution: %s\n", text[i]);
}

static json_t *
cautions_json(const struct rec_opts *ro, const struct opt_result *r)
{
	char text[MAX_CAUTIONS][512];
	size_t i, n = r->found ? cautions(ro, r, text) : 0;
	json_t *a = json_array();

	for (i = 0; i < n; i++)
		json_array_append_new(a, json_string(text[i]));
	return a;
}

/*
 * Facility energy per request, with the range of the first part's estimate
 * (the parts of a split plan share a model and ranges of the same origin).
 */
static void
per_request_cell(struct table *t, const struct opt_plan *p, double requests)
{
	const struct range *r = &p->parts[0].e.energy_per_request_facility_j;
	double v = p->energy_j / requests, k = r->v > 0 ? v / r->v : 1;
	char a[32], lo[32], hi[32], buf[112];

	snprintf(buf, sizeof(buf), "%s (%s to %s)", units_format(v, DIM_ENERGY, a, sizeof(a)),
		 units_format(r->low * k, DIM_ENERGY, lo, sizeof(lo)),
		 units_format(r->high * k, DIM_ENERGY, hi, sizeof(hi)));
	table_num(t, v, buf);
}

static void
summary_table(struct table *t, const struct opt_plan *plans, size_t n, bool rate, bool infer,
	      double requests)
{
	char buf[1024];
	size_t i;

	table_col(t, "#", "rank", true);
	table_col(t, "PLACEMENT", "placement", false);
	table_col(t, rate ? "LATENCY" : "TIME", rate ? "latency_s" : "time_s", true);
	table_col(t, "ENERGY", "energy_kwh", true);
	if (infer)
		table_col(t, "PER REQUEST", "energy_per_request_j", true);
	table_col(t, "CO2E", "co2e_kg", true);
	table_col(t, "COST", "cost_usd", true);
	for (i = 0; i < n; i++) {
		const struct opt_plan *p = &plans[i];
		double t_s = rate ? p->latency_s : p->time_s;

		table_row(t);
		table_int(t, (long long)i + 1);
		plan_name(p, buf, sizeof(buf));
		table_str(t, buf);
		table_num(t, t_s, units_format(t_s, DIM_TIME, buf, sizeof(buf)));
		table_num(t, p->energy_j / UNITS_KWH, units_format(p->energy_j, DIM_ENERGY, buf,
								    sizeof(buf)));
		if (infer)
			per_request_cell(t, p, requests);
		table_num(t, p->co2e_g / 1e3, units_format(p->co2e_g, DIM_MASS, buf, sizeof(buf)));
		if (p->cost_known)
			table_num(t, p->cost_usd, units_format(p->cost_usd, DIM_MONEY, buf, sizeof(buf)));
		else
			table_empty(t);
	}
}

/* Requests served in all (0 for training). */
static double
requests_of(const struct workload *w)
{
	if (w->task != TASK_INFER)
		return 0;
	return w->rate > 0 ? w->rate * w->duration_s : w->requests;
}

static void
write_table_list(struct cli *cli, const struct workload *w, const char *title,
		 const struct opt_plan *plans, size_t n, bool rate)
{
	struct table *t;
	double requests = requests_of(w);

	if (n == 0)
		return;
	fprintf(cli->out, "\n%s\n", title);
	t = table_new();
	summary_table(t, plans, n, rate, requests > 0, requests);
	table_write(t, FORMAT_TABLE, cli->out);
	table_free(t);
}

static void
write_text(struct cli *cli, const struct rec_opts *ro, const struct opt_result *r)
{
	const struct opt_request *rq = &ro->rq;
	char buf[1024], a[48], b[48];
	size_t i;

	if (!r->found) {
		fputs("no placement meets the constraints\n", cli->out);
		if (r->nofit[0])
			fprintf(cli->out, "  the model fits on no candidate: %s\n", r->nofit);
		for (i = 0; i < r->nwhy; i++) {
			why_text(ro, r, &r->why[i], buf, sizeof(buf));
			fprintf(cli->out, "  %s\n", buf);
		}
		return;
	}
	plan_name(&r->best, buf, sizeof(buf));
	fprintf(cli->out, "recommendation (%s): %s\n", objective_word(rq->objective), buf);
	if (r->best.nparts > 1)
		fprintf(cli->out, "  in all: %s, %s CO2e, %s, %u devices\n",
			units_format(r->best.energy_j, DIM_ENERGY, buf, sizeof(buf)),
			units_format(r->best.co2e_g, DIM_MASS, a, sizeof(a)),
			units_format(r->best.cost_usd, DIM_MONEY, b, sizeof(b)), r->best.devices);
	for (i = 0; i < r->best.nparts; i++) {
		const struct opt_part *p = &r->best.parts[i];

		if (r->rate_mode)
			fprintf(cli->out, "part %zu: %.6g requests/s\n", i + 1, p->rate);
		report_estimate_text(&p->e, &p->pl, cli->out);
	}
	binding_text(r, buf, sizeof(buf));
	fprintf(cli->out, "binding constraints: %s\n", buf);
	write_cautions(cli->out, ro, r);
	if (r->best.status != OPT_OPTIMAL)
		fprintf(cli->out, "not proven optimal: the solver stopped at its %s\n",
			r->best.status == OPT_TIME_LIMIT ? "time limit" : "gap");
	write_table_list(cli, rq->w, "alternatives:", r->alternatives, r->nalternatives, r->rate_mode);
	if (r->npareto > 0) {
		snprintf(buf, sizeof(buf), "Pareto front (%s against %s)%s:",
			 optimize_metric_name(rq->objective),
			 rq->pareto_axis == OPT_TIME && rq->objective != OPT_TIME ? "time" :
			 rq->objective == OPT_COST ? "co2e" : "cost",
			 r->pareto_truncated ? ", the first points" : "");
		write_table_list(cli, rq->w, buf, r->pareto, r->npareto, r->rate_mode);
	}
}

/* ---- JSON and CSV ---- */

static json_t *
plan_json(const struct opt_plan *p, bool rate)
{
	json_t *o, *parts, *total;
	size_t i;

	if (p->nparts == 0)
		return json_null();
	o = report_estimate_json(&p->parts[0].e, &p->parts[0].pl);
	parts = json_array();
	for (i = 0; i < p->nparts; i++) {
		json_t *part = report_estimate_json(&p->parts[i].e, &p->parts[i].pl);

		json_object_set_new(part, "units", json_integer(p->parts[i].units));
		if (rate)
			json_object_set_new(part, "rate_per_s", json_real(p->parts[i].rate));
		json_array_append_new(parts, part);
	}
	total = json_object();
	json_object_set_new(total, "devices", json_integer(p->devices));
	json_object_set_new(total, "time_s", json_real(p->time_s));
	json_object_set_new(total, "energy_kwh", json_real(p->energy_j / UNITS_KWH));
	json_object_set_new(total, "co2e_kg", json_real(p->co2e_g / 1e3));
	json_object_set_new(total, "cost_usd", p->cost_known ? json_real(p->cost_usd) : json_null());
	if (rate)
		json_object_set_new(total, "latency_s", json_real(p->latency_s));
	json_object_set_new(total, "time_high_s", json_real(p->time_high_s));
	json_object_set_new(total, "cost_high_usd", p->cost_known ? json_real(p->cost_high_usd)
								   : json_null());
	if (p->latency_high_s > 0)
		json_object_set_new(total, "latency_high_s", json_real(p->latency_high_s));
	json_object_set_new(total, "idle_devices", json_integer(p->idle_devices));
	json_object_set_new(o, "total", total);
	json_object_set_new(o, "parts", parts);
	json_object_set_new(o, "status", json_string(optimize_status_name(p->status)));
	return o;
}

static json_t *
plans_json(const struct opt_plan *plans, size_t n, bool rate)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; i < n; i++)
		json_array_append_new(a, plan_json(&plans[i], rate));
	return a;
}

static json_t *
stats_json(const struct opt_result *r, double load_s)
{
	const struct opt_stats *s = &r->stats;
	json_t *o = json_object();

	json_object_set_new(o, "enumerated", json_integer((json_int_t)s->enumerated));
	json_object_set_new(o, "region_pruned", json_integer((json_int_t)s->region_pruned));
	json_object_set_new(o, "candidates", json_integer((json_int_t)s->candidates));
	json_object_set_new(o, "estimated", json_integer((json_int_t)s->estimated));
	json_object_set_new(o, "fit", json_integer((json_int_t)s->fit));
	json_object_set_new(o, "feasible", json_integer((json_int_t)s->feasible));
	json_object_set_new(o, "model_items", json_integer((json_int_t)s->model_items));
	json_object_set_new(o, "solves", json_integer(s->solves));
	json_object_set_new(o, "load_s", json_real(load_s));
	json_object_set_new(o, "estimate_s", json_real(s->enumerate_s + s->estimate_s));
	json_object_set_new(o, "solve_s", json_real(s->solve_s));
	return o;
}

static json_t *
high_breaks_json(const struct rec_opts *ro, const struct opt_result *r)
{
	json_t *a = json_array();
	char buf[512];
	int c;

	for (c = 0; c <= OPT_C_LATENCY; c++) {
		json_t *b;
		enum unit_dim dim;

		if (!(r->high_breaks & (1u << c)))
			continue;
		b = json_object();
		high_break_text(ro, r, c, buf, sizeof(buf));
		json_object_set_new(b, "constraint",
				    json_string(optimize_constraint_name((enum opt_constraint)c)));
		json_object_set_new(b, "high", json_real(high_value(&r->best, c, &dim)));
		json_object_set_new(b, "message", json_string(buf));
		json_array_append_new(a, b);
	}
	return a;
}

static void
write_json(struct cli *cli, const struct rec_opts *ro, const struct opt_result *r, double load_s)
{
	json_t *o = json_object(), *binding = json_array(), *why = json_array();
	char buf[1024];
	size_t i;
	int c;

	json_object_set_new(o, "objective", json_string(optimize_metric_name(ro->rq.objective)));
	json_object_set_new(o, "best", r->found ? plan_json(&r->best, r->rate_mode) : json_null());
	json_object_set_new(o, "alternatives", plans_json(r->alternatives, r->nalternatives,
							   r->rate_mode));
	json_object_set_new(o, "pareto", plans_json(r->pareto, r->npareto, r->rate_mode));
	for (c = 0; c < OPT_C_COUNT; c++)
		if (r->binding & (1u << c))
			json_array_append_new(binding, json_string(optimize_constraint_name(
								 (enum opt_constraint)c)));
	json_object_set_new(o, "binding", binding);
	json_object_set_new(o, "confidence", json_string(ro->rq.confidence_high ? "high"
										: "central"));
	json_object_set_new(o, "high_end_breaks", high_breaks_json(ro, r));
	json_object_set_new(o, "cautions", cautions_json(ro, r));
	for (i = 0; i < r->nwhy; i++) {
		json_t *w = json_object();

		why_text(ro, r, &r->why[i], buf, sizeof(buf));
		json_object_set_new(w, "constraint",
				    json_string(optimize_constraint_name(r->why[i].c)));
		json_object_set_new(w, "feasible_without", json_boolean(r->why[i].feasible));
		json_object_set_new(w, "best_value", r->why[i].feasible && r->why[i].c <
				    OPT_C_FIRST_FILTER ? json_real(r->why[i].value) : json_null());
		json_object_set_new(w, "message", json_string(buf));
		json_array_append_new(why, w);
	}
	json_object_set_new(o, "infeasible", why);
	json_object_set_new(o, "nofit", r->nofit[0] ? json_string(r->nofit) : json_null());
	json_object_set_new(o, "stats", stats_json(r, load_s));
	json_dumpf(o, cli->out, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(10));
	fputc('\n', cli->out);
	json_decref(o);
}

static void
csv_plans(struct cli *cli, const char *role, const struct opt_plan *plans, size_t n)
{
	size_t i, j;

	for (i = 0; i < n; i++) {
		for (j = 0; j < plans[i].nparts; j++) {
			fprintf(cli->out, "%s,%zu,%zu,%u,%.10g,", role, i + 1, j + 1,
				plans[i].parts[j].units, plans[i].parts[j].rate);
			report_estimate_csv_row(&plans[i].parts[j].e, &plans[i].parts[j].pl, cli->out);
		}
	}
}

static void
write_csv(struct cli *cli, const struct opt_result *r)
{
	fputs("role,rank,part,units,rate_per_s,", cli->out);
	report_estimate_csv_header(cli->out);
	if (r->found)
		csv_plans(cli, "best", &r->best, 1);
	csv_plans(cli, "alternative", r->alternatives, r->nalternatives);
	csv_plans(cli, "pareto", r->pareto, r->npareto);
}

/* ---- the command ---- */

static void
verbose_report(struct cli *cli, const struct opt_result *r, double load_s)
{
	const struct opt_stats *s = &r->stats;
	size_t i;

	if (cli->verbosity <= 0)
		return;
	for (i = 0; i < r->nskips; i++)
		fprintf(stderr, "mlfit: skipped %s: %s\n", r->skips[i].what, r->skips[i].reason);
	fprintf(stderr, "mlfit: %zu candidates (%zu enumerated, %zu in dominated regions), %zu "
		"estimated, %zu fit, %zu feasible, %zu in the model; %u solves\n",
		s->candidates, s->enumerated, s->region_pruned, s->estimated, s->fit, s->feasible,
		s->model_items, s->solves);
	fprintf(stderr, "mlfit: time: load %.1f ms, estimate %.1f ms, solve %.1f ms\n",
		load_s * 1e3, (s->enumerate_s + s->estimate_s) * 1e3, s->solve_s * 1e3);
}

static int
run(struct cli *cli, struct rec_opts *ro, struct workload_opts *wo, const char *positional)
{
	struct opt_result r;
	struct workload w;
	double t0 = optimize_now_s(), load_s;
	int rc;

	if (cli_catalog(cli) == NULL)
		return cli->err.code;
	rc = workload_opts_finish(wo, cli, positional, true, &w);
	if (rc == 0)
		rc = resolve_filters(ro, cli);
	if (rc != 0)
		return rc;
	load_s = optimize_now_s() - t0;
	ro->rq.w = &w;
	ro->rq.explain = true;
	if (optimize_recommend(cli->cat, &ro->rq, &r, &cli->err) < 0) {
		optimize_result_release(&r);
		return cli->err.code;
	}
	verbose_report(cli, &r, load_s);
	if (cli->format == FORMAT_JSON)
		write_json(cli, ro, &r, load_s);
	else if (cli->format == FORMAT_CSV)
		write_csv(cli, &r);
	else
		write_text(cli, ro, &r);
	rc = 0;
	if (!r.found)
		rc = cli_fail(cli, MLF_E_INFEASIBLE, "no placement meets the constraints%s",
			      cli->format == FORMAT_TABLE ? " (see above)" : "");
	else if (r.best.status == OPT_TIME_LIMIT)
		cli_warn(cli, "the solver stopped at its time limit: the plan is the best found, "
			 "not proven optimal");
	optimize_result_release(&r);
	return rc;
}

int
cmd_recommend(struct cli *cli, int argc, char **argv)
{
	struct workload_opts wo;
	struct rec_opts ro;
	struct strbuf help = STRBUF_INIT;
	int rc;

	memset(&ro, 0, sizeof(ro));
	optimize_request_init(&ro.rq);
	ro.rq.solve.time_limit_s = 10;
	strbuf_addstr(&help, usage_head);
	strbuf_addstr(&help, workload_opts_usage);
	strbuf_addstr(&help, usage_tail);
	workload_opts_init(&wo);
	rc = parse(cli, argc, argv, &wo, &ro, help.buf);
	if (rc == 0)
		rc = run(cli, &ro, &wo, optind < argc ? argv[optind] : NULL);
	else if (rc < 0)
		rc = 0;
	workload_opts_release(&wo);
	candidates_filter_release(&ro.rq.filter);
	free(ro.sites);
	strbuf_release(&help);
	return rc;
}
