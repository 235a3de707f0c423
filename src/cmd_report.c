/*
 * cmd_report.c — `mlfit report plan|recommend|estimate … -o FILE`.
 *
 * The report takes the options of the command it reports on and adds its
 * own (-o, --format, --discount-rate, --experiments, --no-sensitivity),
 * which are taken out of argv before the rest goes to cmd_plan(),
 * cmd_recommend() or cmd_estimate() with --format json into a memory
 * stream.  The report is built from that JSON (report_kinds.c), so every
 * figure in it is the number the command prints.
 *
 * Sensitivity re-solves: for each uncertain input the catalog is loaded
 * afresh, the input's figures are set to their low (then high) end in the
 * loaded copy, and the command runs again; the catalog is reloaded clean
 * at the end.  This is the one place that changes a loaded catalog.
 *
 * The TUI's export key calls cmd_report() with an argv it builds, so both
 * write the same report.
 */
#include "config.h"

#define MLF_NAN ((double)NAN)

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cmd.h"
#include "plan.h"
#include "report.h"
#include "report_kinds.h"
#include "strbuf.h"
#include "strutil.h"
#include "units.h"
#include "xalloc.h"

static const char usage[] =
	"usage: mlfit report plan WORKLOADS.xml [plan options] -o FILE [report options]\n"
	"       mlfit report recommend [MODEL] [recommend options] -o FILE [report options]\n"
	"       mlfit report estimate [MODEL] [estimate options] -o FILE [report options]\n"
	"\n"
	"Writes a report of a plan (what to buy and where to run a portfolio), of a\n"
	"recommendation (one workload's options compared) or of an estimate (one run,\n"
	"for a paper): summary, inputs, options, charts, buy vs rent, sensitivity,\n"
	"method and sources, a paper paragraph and model card, and the numbers as JSON.\n"
	"\n"
	"Report options:\n"
	"  -o, --output FILE   the report; '-' writes to stdout.  Written whole or not\n"
	"                      at all: an existing FILE is replaced only on success\n"
	"  --format F          html, md, latex or json (default: from FILE's extension,\n"
	"                      .html, .md, .tex or .json; html for -o -)\n"
	"  --discount-rate R   plan: discount future costs at R a year, e.g. 5%\n"
	"  --experiments N     estimate, recommend: the experiments were N runs like\n"
	"                      this one (the model card's totals)\n"
	"  --no-sensitivity    skip the re-solves of the sensitivity section\n"
	"  --catalog PATH, --grid-basis B\n"
	"                      as the command's; they may also come before the kind\n"
	"\n"
	"Every other option is the command's own: see mlfit-plan(1), mlfit-recommend(1),\n"
	"mlfit-estimate(1).\n";

static const char *const kind_names[3] = { "plan", "recommend", "estimate" };

/*
 * A plan's re-solves (other objectives, sensitivity) each stop after this
 * many seconds: a least-cost portfolio can take GLPK minutes to prove, and
 * the report must not take ten times as long as the plan.  The Method
 * section says so; a re-solve that stops there is marked "time limit".
 */
#define RESOLVE_LIMIT "5"
static const char *const resolve_extra[3] = { "--time-limit", RESOLVE_LIMIT, NULL };

struct report_opts {
	enum report_kind kind;
	const char *output;
	int format;
	double discount_rate;
	unsigned long experiments;
	bool no_sensitivity;
	char **sub;		/* the command's argv: sub[0] is its name */
	int nsub;
};

/* ---- options ---- */

/* "--name VALUE" or "--name=VALUE" (and "-oVALUE" for -o); 1 if argv[*i] is it. */
static int
value_of(int argc, char **argv, int *i, const char *lng, const char *shrt, const char **out,
	 struct cli *cli)
{
	const char *a = argv[*i];
	size_t n = strlen(lng);

	if (strcmp(a, lng) == 0 || (shrt && strcmp(a, shrt) == 0)) {
		if (*i + 1 >= argc)
			return cli_fail(cli, MLF_E_USAGE, "report: %s needs a value", a), -1;
		*out = argv[++*i];
		return 1;
	}
	if (strncmp(a, lng, n) == 0 && a[n] == '=') {
		*out = a + n + 1;
		return 1;
	}
	if (shrt && strncmp(a, shrt, 2) == 0 && a[2] != '\0' && a[1] != '-') {
		*out = a + 2;
		return 1;
	}
	return 0;
}

static int
report_option(struct cli *cli, struct report_opts *ro, int argc, char **argv, int *i)
{
	const char *v = NULL;
	int rc;

	if ((rc = value_of(argc, argv, i, "--output", "-o", &v, cli)) != 0) {
		ro->output = v;
		return rc;
	}
	if ((rc = value_of(argc, argv, i, "--format", NULL, &v, cli)) != 0) {
		if (rc < 0)
			return rc;
		ro->format = report_format_parse(v);
		if (ro->format < 0)
			return cli_fail(cli, MLF_E_USAGE, "report: --format is html, md, latex or "
					"json, not '%s'", v), -1;
		return 1;
	}
	if ((rc = value_of(argc, argv, i, "--discount-rate", NULL, &v, cli)) != 0) {
		if (rc < 0)
			return rc;
		if (units_parse(v, DIM_NONE, NULL, &ro->discount_rate, NULL) < 0 ||
		    !(ro->discount_rate >= 0 && ro->discount_rate < 1))
			return cli_fail(cli, MLF_E_USAGE, "report: --discount-rate is a rate a year "
					"from 0 to below 1, e.g. 0.05 or 5%%, not '%s'", v), -1;
		return 1;
	}
	if ((rc = value_of(argc, argv, i, "--experiments", NULL, &v, cli)) != 0) {
		if (rc < 0)
			return rc;
		return cli_whole(cli, "experiments", v, 1, 1000000, &ro->experiments) < 0 ? -1 : 1;
	}
	if ((rc = value_of(argc, argv, i, "--catalog", NULL, &v, cli)) != 0) {
		if (rc < 0)
			return rc;
		return cli_common_option(cli, OPT_CATALOG, v, usage) < 0 ? -1 : 1;
	}
	/* the basis shapes the catalog, which is loaded before the command runs */
	if ((rc = value_of(argc, argv, i, "--grid-basis", NULL, &v, cli)) != 0) {
		if (rc < 0)
			return rc;
		return cli_common_option(cli, OPT_GRID_BASIS, v, usage) < 0 ? -1 : 1;
	}
	if (strcmp(argv[*i], "--no-sensitivity") == 0) {
		ro->no_sensitivity = true;
		return 1;
	}
	return 0;
}

static int
parse_kind(struct cli *cli, const char *name, struct report_opts *ro)
{
	const char *near[1];
	size_t k;

	for (k = 0; k < 3; k++)
		if (strcmp(name, kind_names[k]) == 0) {
			ro->kind = (enum report_kind)k;
			return 0;
		}
	if (str_nearest(name, kind_names, 3, near, 1) > 0)
		return cli_fail(cli, MLF_E_USAGE, "report: unknown report '%s'; did you mean "
				"'%s'? (plan, recommend or estimate)", name, near[0]);
	return cli_fail(cli, MLF_E_USAGE, "report: unknown report '%s' (plan, recommend or "
			"estimate)", name);
}

/* Whether the user chose --top or --pareto for recommend. */
static bool
asks_for_options(int argc, char **argv)
{
	int i;

	for (i = 2; i < argc; i++)
		if (str_has_prefix(argv[i], "--top") || str_has_prefix(argv[i], "--pareto"))
			return true;
	return false;
}

/* Returns 0 to go on, -1 after --help, or an exit status. */
static int
parse(struct cli *cli, int argc, char **argv, struct report_opts *ro)
{
	int i, rc;

	int k;

	/* report options may come before the kind too: "report -o r.html plan …" */
	for (k = 1; k < argc && argv[k][0] == '-'; k++) {
		if (strcmp(argv[k], "-h") == 0 || strcmp(argv[k], "--help") == 0) {
			fputs(usage, cli->out);
			return -1;
		}
		rc = report_option(cli, ro, argc, argv, &k);
		if (rc < 0)
			return cli->err.code;
		if (rc == 0)
			return cli_fail(cli, MLF_E_USAGE, "report: which report? plan, recommend "
					"or estimate comes before '%s'", argv[k]);
	}
	if (k >= argc)
		return cli_fail(cli, MLF_E_USAGE, "report: which report? plan, recommend or "
				"estimate (see 'mlfit report --help')");
	if ((rc = parse_kind(cli, argv[k], ro)) != 0)
		return rc;
	ro->sub = xcalloc((size_t)argc + 8, sizeof(*ro->sub));
	ro->sub[ro->nsub++] = (char *)kind_names[ro->kind];
	if (ro->kind == REPORT_KIND_RECOMMEND && !asks_for_options(argc, argv)) {
		/* options to compare: the next best and the cost front */
		ro->sub[ro->nsub++] = (char *)"--top";
		ro->sub[ro->nsub++] = (char *)"9";
		ro->sub[ro->nsub++] = (char *)"--pareto=cost";
	}
	for (i = k + 1; i < argc; i++) {
		if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
			fputs(usage, cli->out);
			return -1;
		}
		rc = report_option(cli, ro, argc, argv, &i);
		if (rc < 0)
			return cli->err.code;
		if (rc == 0)
			ro->sub[ro->nsub++] = argv[i];
	}
	if (ro->output == NULL)
		return cli_fail(cli, MLF_E_USAGE, "report: where to? give -o FILE (or -o - for "
				"stdout)");
	if (ro->format < 0)
		ro->format = strcmp(ro->output, "-") == 0 ? REPORT_HTML
							 : report_format_from_path(ro->output);
	if (ro->format < 0)
		return cli_fail(cli, MLF_E_USAGE, "report: cannot tell the format of '%s' from its "
				"name: give --format html, md, latex or json", ro->output);
	if (ro->discount_rate > 0 && ro->kind != REPORT_KIND_PLAN)
		return cli_fail(cli, MLF_E_USAGE, "report: --discount-rate is for plan reports "
				"(buy vs rent)");
	if (ro->experiments > 0 && ro->kind == REPORT_KIND_PLAN)
		return cli_fail(cli, MLF_E_USAGE, "report: --experiments is for estimate and "
				"recommend reports (the model card)");
	return 0;
}

/* ---- running the command ---- */

/*
 * Runs the reported command on argv (plus extra arguments) with JSON
 * output; *out is its parsed JSON when it ends 0 or 1.  Returns its status.
 */
static int
run_json(struct cli *cli, const struct report_opts *ro, const char *const *extra, json_t **out)
{
	static int (*const cmds[3])(struct cli *, int, char **) = {
		cmd_plan, cmd_recommend, cmd_estimate
	};
	FILE *saved = cli->out;
	char *buf = NULL, **argv;
	size_t len = 0, i;
	int argc = 0, rc;
	json_error_t jerr;

	*out = NULL;
	argv = xcalloc((size_t)ro->nsub + 8, sizeof(*argv));
	for (i = 0; i < (size_t)ro->nsub; i++)
		argv[argc++] = ro->sub[i];
	for (i = 0; extra && extra[i]; i++)
		argv[argc++] = (char *)extra[i];
	cli->out = open_memstream(&buf, &len);
	if (cli->out == NULL) {
		cli->out = saved;
		free(argv);
		return cli_fail(cli, MLF_E_INTERNAL, "open_memstream failed");
	}
	cli->format = FORMAT_JSON;
	cli->format_set = true;
	optind = 0;
	rc = cmds[ro->kind](cli, argc, argv);
	fclose(cli->out);
	cli->out = saved;
	if (rc == MLF_OK || rc == MLF_E_INFEASIBLE) {
		*out = json_loadb(buf, len, 0, &jerr);
		if (*out == NULL && rc == MLF_OK)
			rc = cli_fail(cli, MLF_E_INTERNAL, "report: the %s output is not JSON: %s",
				      kind_names[ro->kind], jerr.text);
	}
	free(buf);
	free(argv);
	return rc;
}

/* ---- sensitivity: the catalog at an input's low or high end ---- */

static bool
has_prefix_param(const struct catalog *cat, const char *prefix)
{
	size_t i;

	for (i = 0; i < cat->nparams; i++)
		if (str_has_prefix(cat->params[i].id, prefix) &&
		    cat->params[i].value.low != cat->params[i].value.high)
			return true;
	return false;
}

static void
params_to_end(struct catalog *cat, const char *prefix, int side)
{
	size_t i;

	for (i = 0; i < cat->nparams; i++)
		if (str_has_prefix(cat->params[i].id, prefix))
			cat->params[i].value.v = side == 0 ? cat->params[i].value.low
							   : cat->params[i].value.high;
}

static double
param_or(const struct catalog *cat, const char *id, double dflt)
{
	const struct cat_param *p = catalog_find_param(cat, id);

	return p ? p->value.v : dflt;
}

static void
pue_to_end(struct catalog *cat, int side)
{
	double lim = param_or(cat, side == 0 ? "sensitivity.pue-low" : "sensitivity.pue-high", MLF_NAN);
	size_t i, j;

#define PUE_END(f) do { if ((f).set) (f).v = side == 0 ? fmin((f).v, lim) : fmax((f).v, lim); } while (0)
	for (i = 0; i < cat->nproviders; i++) {
		PUE_END(cat->providers[i].pue);
		for (j = 0; j < cat->providers[i].nregions; j++)
			PUE_END(cat->providers[i].regions[j].pue);
	}
	for (i = 0; i < cat->nsites; i++)
		PUE_END(cat->sites[i].pue);
	for (i = 0; i < cat->nparams; i++)
		if (strcmp(cat->params[i].id, "pue.default") == 0)
			PUE_END(cat->params[i].value);
#undef PUE_END
}

/*
 * A region's figure against its country's: two datasets for the same grid.
 * On the provider and market bases a region is priced at its own figure, so
 * that figure goes to the end.
 */
static void
region_grid_to_end(struct catalog *cat, int side)
{
	size_t i, j;

	for (i = 0; i < cat->nproviders; i++)
		for (j = 0; j < cat->providers[i].nregions; j++) {
			struct cat_region *r = &cat->providers[i].regions[j];
			const struct cat_grid *c = r->country ? catalog_find_country(cat, r->country)
							      : NULL;
			double alt = c && c->intensity.set ? c->intensity.v : r->grid.v;

			if (r->grid.set)
				r->grid.v = side == 0 ? fmin(r->grid.v, alt) : fmax(r->grid.v, alt);
		}
}

/*
 * On the country basis every place reads its country's figure and a
 * region's own is never looked at, so moving it would vary nothing.  This
 * copy of the catalog is switched to the provider basis with each region's
 * figure set to the end of its own and its country's, and with the places
 * that have no figure of their own reading their country's as before (no
 * zone figures, which the country basis does not read either).
 */
static void
country_grid_to_end(struct catalog *cat, int side)
{
	size_t i, j;

	for (i = 0; i < cat->nproviders; i++)
		for (j = 0; j < cat->providers[i].nregions; j++) {
			struct cat_region *r = &cat->providers[i].regions[j];
			const struct cat_grid *c = r->country ? catalog_find_country(cat, r->country)
							      : NULL;
			double own;

			r->zone = NULL;
			if (c == NULL || !c->intensity.set) {
				r->grid.set = false;	/* the country's mix or the world's, as before */
				continue;
			}
			own = r->grid.set ? r->grid.v : c->intensity.v;
			r->grid = c->intensity;
			r->grid.v = side == 0 ? fmin(own, c->intensity.v) : fmax(own, c->intensity.v);
			r->grid.low = r->grid.high = r->grid.v;
		}
	for (i = 0; i < cat->nsites; i++)
		cat->sites[i].zone = NULL;
	cat->grid_basis = GRID_BASIS_PROVIDER;
}

static void
grid_to_end(struct catalog *cat, int side)
{
	if (cat->grid_basis == GRID_BASIS_COUNTRY)
		country_grid_to_end(cat, side);
	else
		region_grid_to_end(cat, side);
}

static void
lifetime_to_end(struct catalog *cat, int side)
{
	double v = param_or(cat, side == 0 ? "sensitivity.lifetime-low" : "sensitivity.lifetime-high",
			    MLF_NAN);
	size_t i;

	for (i = 0; i < cat->ndevices; i++)
		if (cat->devices[i].lifetime.set)
			cat->devices[i].lifetime.v = v;
	for (i = 0; i < cat->nnodes; i++)
		if (cat->nodes[i].lifetime.set)
			cat->nodes[i].lifetime.v = v;
	for (i = 0; i < cat->nparams; i++)
		if (strcmp(cat->params[i].id, "lifetime.server") == 0)
			cat->params[i].value.v = v;
}

static void
apply_end(struct catalog *cat, enum report_input in, int side)
{
	switch (in) {
	case SENS_EFFICIENCY: params_to_end(cat, "efficiency.", side); break;
	case SENS_LOAD: params_to_end(cat, "load.", side); break;
	case SENS_GRID: grid_to_end(cat, side); break;
	case SENS_PUE: pue_to_end(cat, side); break;
	case SENS_LIFETIME: lifetime_to_end(cat, side); break;
	default: break;
	}
}

/* Names the inputs and their ends, or why one is not varied. */
static void
describe_inputs(const struct catalog *cat, struct report_ctx *ctx)
{
	struct report_sens *s = ctx->sens;

	s[SENS_EFFICIENCY].name = "device efficiency";
	s[SENS_EFFICIENCY].low_text = xstrdup("each efficiency.* parameter at its low");
	s[SENS_EFFICIENCY].high_text = xstrdup("each efficiency.* parameter at its high");
	if (!has_prefix_param(cat, "efficiency."))
		s[SENS_EFFICIENCY].why_not = "no efficiency parameter has a range";
	s[SENS_LOAD].name = "device load";
	s[SENS_LOAD].low_text = xstrdup("each load.* parameter at its low");
	s[SENS_LOAD].high_text = xstrdup("each load.* parameter at its high");
	if (!has_prefix_param(cat, "load."))
		s[SENS_LOAD].why_not = "no load parameter has a range";
	s[SENS_GRID].name = "grid intensity";
	s[SENS_GRID].low_text = xstrdup("the lower of each region's figure and its country's");
	s[SENS_GRID].high_text = xstrdup("the higher of each region's figure and its country's");
	s[SENS_PUE].name = "PUE";
	s[SENS_PUE].low_text = xasprintf("every PUE at most %.3g",
					 param_or(cat, "sensitivity.pue-low", MLF_NAN));
	s[SENS_PUE].high_text = xasprintf("every PUE at least %.3g",
					  param_or(cat, "sensitivity.pue-high", MLF_NAN));
	if (!catalog_find_param(cat, "sensitivity.pue-low") ||
	    !catalog_find_param(cat, "sensitivity.pue-high"))
		s[SENS_PUE].why_not = "the catalog has no sensitivity.pue-low/-high";
	s[SENS_PRICE].name = "electricity price";
	s[SENS_PRICE].why_not = "the catalog has one figure per site and no published spread";
	s[SENS_UTILISATION].name = "utilisation";
	s[SENS_UTILISATION].why_not = ctx->kind == REPORT_KIND_PLAN
		? "a limit you set (--max-utilisation), not an uncertain figure; see the "
		  "break-even utilisation"
		: "busy devices run at their load, varied above";
	s[SENS_LIFETIME].name = "device lifetime";
	s[SENS_LIFETIME].low_text = xasprintf("%.3g years",
					      param_or(cat, "sensitivity.lifetime-low", MLF_NAN) / UNITS_YEAR);
	s[SENS_LIFETIME].high_text = xasprintf("%.3g years",
					       param_or(cat, "sensitivity.lifetime-high", MLF_NAN) / UNITS_YEAR);
	if (!catalog_find_param(cat, "sensitivity.lifetime-low") ||
	    !catalog_find_param(cat, "sensitivity.lifetime-high"))
		s[SENS_LIFETIME].why_not = "the catalog has no sensitivity.lifetime-low/-high";
}

static int
reload_catalog(struct cli *cli)
{
	catalog_free(cli->cat);
	cli->cat = NULL;
	return cli_catalog(cli) != NULL ? 0 : cli->err.code;
}

static int
run_sensitivity(struct cli *cli, const struct report_opts *ro, struct report_ctx *ctx)
{
	int verbosity = cli->verbosity, in, side, rc = 0;

	cli->verbosity = -1;	/* the first run has said what it had to say */
	for (in = 0; in < SENS_COUNT && rc == 0; in++) {
		struct report_sens *s = &ctx->sens[in];

		if (s->why_not != NULL)
			continue;
		for (side = 0; side < 2 && rc == 0; side++) {
			struct report_sens_end *e = &s->end[side];
			json_t *j = NULL;

			if ((rc = reload_catalog(cli)) != 0)
				break;
			apply_end(cli->cat, (enum report_input)in, side);
			e->run = true;
			e->status = run_json(cli, ro, ro->kind == REPORT_KIND_PLAN ? resolve_extra
					     : NULL, &j);
			e->co2e_kg = e->cost_usd = MLF_NAN;
			if (j != NULL) {
				report_headline(ctx->kind, j, &e->co2e_kg, &e->cost_usd);
				e->choice = report_choice(ctx->kind, j);
				json_decref(j);
			}
			if (e->status > MLF_E_INFEASIBLE)
				rc = e->status;
			mlf_err_init(&cli->err);
		}
	}
	cli->verbosity = verbosity;
	if (rc == 0)
		rc = reload_catalog(cli);
	return rc;
}

/* ---- context ---- */

static char *
command_line(int argc, char **argv)
{
	struct strbuf sb = STRBUF_INIT;
	int i;

	strbuf_addstr(&sb, "mlfit");
	for (i = 0; i < argc; i++) {
		const char *a = argv[i];

		strbuf_addch(&sb, ' ');
		if (*a != '\0' && strpbrk(a, " \t\n'\"\\$`*?[]<>|&;()#~") == NULL) {
			strbuf_addstr(&sb, a);
			continue;
		}
		strbuf_addch(&sb, '\'');
		for (; *a; a++) {
			if (*a == '\'')
				strbuf_addstr(&sb, "'\\''");
			else
				strbuf_addch(&sb, *a);
		}
		strbuf_addch(&sb, '\'');
	}
	return strbuf_detach(&sb);
}

/* FNV-1a 64 over each file's contents in load order: which catalog was used. */
static void
catalog_hash(const struct catalog *cat, char *hex, size_t size)
{
	unsigned long long h = 0xcbf29ce484222325ULL;
	size_t i;

	for (i = 0; i < cat->nfiles; i++) {
		FILE *f = fopen(cat->files[i], "rb");
		int c;

		if (f == NULL)
			continue;
		while ((c = getc(f)) != EOF) {
			h ^= (unsigned char)c;
			h *= 0x100000001b3ULL;
		}
		fclose(f);
	}
	snprintf(hex, size, "%016llx", h);
}

/* A plan's WORKLOADS.xml: its first operand (every plan option takes a value). */
static const char *
workloads_file(const struct report_opts *ro)
{
	int i;

	for (i = 1; i < ro->nsub; i++) {
		const char *a = ro->sub[i];

		if (a[0] != '-')
			return a;
		if (str_has_prefix(a, "--") && strchr(a, '=') == NULL &&
		    strcmp(a, "--quiet") != 0 && strcmp(a, "--verbose") != 0)
			i++;
	}
	return NULL;
}

/* The model as the user named it: the operand after the kind, or --model's value. */
static const char *
model_name(int argc, char **argv)
{
	int i, k;

	for (k = 1; k < argc && argv[k][0] == '-'; k++)
		if (strcmp(argv[k], "--no-sensitivity") != 0 && strchr(argv[k], '=') == NULL &&
		    !(argv[k][1] == 'o' && argv[k][2] != '\0'))
			k++;	/* a report option's value */
	if (k + 1 < argc && argv[k + 1][0] != '-')
		return argv[k + 1];
	for (i = k + 1; i < argc; i++) {
		if (strcmp(argv[i], "--model") == 0 && i + 1 < argc)
			return argv[i + 1];
		if (str_has_prefix(argv[i], "--model="))
			return argv[i] + strlen("--model=");
	}
	return NULL;
}

static struct plan_spec *
load_spec(const char *file)
{
	char schema[4096];
	struct mlf_err err;

	if (file == NULL)
		return NULL;
	snprintf(schema, sizeof(schema), "%s/data/workloads.rng", paths_datadir());
	return plan_load_xml(file, schema, &err);
}

static void
ctx_release(struct report_ctx *ctx)
{
	size_t i, j;

	for (i = 0; i < SENS_COUNT; i++) {
		free(ctx->sens[i].low_text);
		free(ctx->sens[i].high_text);
		for (j = 0; j < 2; j++)
			free(ctx->sens[i].end[j].choice);
	}
	for (i = 0; i < 3; i++)
		json_decref(ctx->by_objective[i]);
	json_decref(ctx->result);
	free(ctx->central_choice);
	free((char *)ctx->command_line);
	if (ctx->spec)
		plan_spec_free((struct plan_spec *)ctx->spec);
}

/* Plan: the same portfolio solved for the two other objectives. */
static void
other_objectives(struct cli *cli, const struct report_opts *ro, struct report_ctx *ctx)
{
	static const char *const all[3] = { "co2e", "energy", "cost" };
	const char *obj = NULL;
	int verbosity = cli->verbosity;
	size_t i;

	if (ctx->result)
		obj = json_string_value(json_object_get(ctx->result, "objective"));
	cli->verbosity = -1;
	for (i = 0; i < 3; i++) {
		const char *extra[5] = { "--objective", all[i], "--time-limit", RESOLVE_LIMIT, NULL };

		if (obj && strcmp(obj, all[i]) == 0)
			continue;
		run_json(cli, ro, extra, &ctx->by_objective[i]);
		mlf_err_init(&cli->err);
	}
	cli->verbosity = verbosity;
}

static int
run(struct cli *cli, struct report_opts *ro, int argc, char **argv)
{
	struct report_ctx ctx;
	struct report *r;
	struct mlf_err first;
	char hash[32];
	int rc;

	memset(&ctx, 0, sizeof(ctx));
	ctx.kind = ro->kind;
	if (cli_catalog(cli) == NULL)
		return cli->err.code;
	rc = run_json(cli, ro, NULL, &ctx.result);
	if (ctx.result == NULL)
		return rc != 0 ? rc : cli_fail(cli, MLF_E_INTERNAL, "report: no result");
	first = cli->err;
	ctx.status = rc;
	ctx.command_line = command_line(argc, argv);
	ctx.discount_rate = ro->discount_rate;
	ctx.experiments = (unsigned)ro->experiments;
	ctx.argc = ro->nsub;
	ctx.argv = ro->sub;
	ctx.sensitivity = !ro->no_sensitivity;
	ctx.central_choice = report_choice(ro->kind, ctx.result);
	if (ro->kind == REPORT_KIND_PLAN) {
		ctx.spec = load_spec(workloads_file(ro));
		other_objectives(cli, ro, &ctx);
	} else {
		ctx.model_name = model_name(argc, argv);
	}
	describe_inputs(cli->cat, &ctx);
	if (ctx.sensitivity && (rc = run_sensitivity(cli, ro, &ctx)) != 0) {
		ctx_release(&ctx);
		return rc;
	}
	catalog_hash(cli->cat, hash, sizeof(hash));
	ctx.catalog_hash = hash;
	ctx.ncatalog_files = cli->cat->nfiles;
	ctx.cat = cli->cat;
	r = report_build(&ctx);
	if (report_write_file(r, (enum report_format)ro->format, ro->output, cli->out,
			      &cli->err) < 0)
		rc = cli->err.code;
	else if (ctx.status != 0) {
		cli->err = first;	/* the report says why; so does the status */
		rc = ctx.status;
	} else {
		rc = 0;
	}
	report_free(r);
	ctx_release(&ctx);
	return rc;
}

int
cmd_report(struct cli *cli, int argc, char **argv)
{
	struct report_opts ro;
	int rc;

	memset(&ro, 0, sizeof(ro));
	ro.format = -1;
	rc = parse(cli, argc, argv, &ro);
	if (rc == 0)
		rc = run(cli, &ro, argc, argv);
	else if (rc < 0)
		rc = 0;
	free(ro.sub);
	return rc;
}
