/*
 * cmd_tui.c — `mlfit tui`: compare deployment options interactively.
 *
 * Wires the curses-free state (tui_state.c) to the view (tui_view.c): the
 * options are recommend's workload and constraint options (the constraints
 * are set through the state, so a bad starting value gets the message the
 * TUI gives when it is typed, which is the CLI's), the terminal checks, the
 * signal handlers that restore the terminal, and the event loop.  Export
 * runs `mlfit recommend --format json` itself with the same workload and
 * constraints, so the file is what the CLI would write.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cmd.h"
#include "log.h"
#include "strbuf.h"
#include "tui_state.h"
#include "tui_view.h"
#include "workload_opts.h"
#include "xalloc.h"

static const char usage_head[] =
	"usage: mlfit tui [MODEL] [--train | --infer] [workload options]\n"
	"                 [--objective co2e|energy|cost|time] [--max-cost USD]\n"
	"                 [--deadline T] [--latency-slo T] [--max-devices N]\n"
	"                 [--providers LIST] [--regions LIST] [--countries LIST]\n"
	"                 [--devices LIST] [--kind LIST] [--on-prem SITE]...\n"
	"       mlfit tui --plan WORKLOADS.xml [--horizon T] [--budget USD]\n"
	"\n"
	"Compares deployment options in the terminal and re-solves on every\n"
	"change of the constraints (the estimates are reused).  The options are\n"
	"recommend's; they give the starting values.  Press ? for the keys.\n"
	"\n"
	"Workload:\n";

static const char usage_tail[] =
	"Constraints (all editable in the TUI):\n"
	"  --objective M       what to minimise: co2e (default), energy, cost, time\n"
	"  --max-cost C        the budget, e.g. 500 or 500USD\n"
	"  --deadline T        training (or --requests) done within T, e.g. 48h\n"
	"  --latency-slo T     serving: a batch within T, e.g. 50ms\n"
	"  --max-devices N     at most N devices in all\n"
	"  --providers LIST    only these clouds, e.g. aws,gcp\n"
	"  --regions LIST      only these regions, e.g. gcp:europe-west4\n"
	"  --countries LIST    only these countries; EU stands for the 27 member states\n"
	"  --devices LIST      only these devices\n"
	"  --kind LIST         only these device kinds: cpu, gpu, tpu, npu, asic\n"
	"  --on-prem SITE      also the nodes SITE owns (repeatable)\n"
	"Portfolio:\n"
	"  --plan FILE         the portfolio view of a workloads file (mlfit plan)\n"
	"  --horizon T         its horizon, e.g. 3y (editable)\n"
	"  --budget C          its budget, e.g. 2MUSD (editable)\n"
	"\n"
	"Needs a terminal of at least 80x24; NO_COLOR turns colour off.\n"
	"Export (e) writes mlfit-recommend-DATE.json in the current directory.\n";

enum {
	TO_OBJECTIVE = 0x600, TO_MAX_COST, TO_DEADLINE, TO_MAX_DEVICES, TO_PROVIDERS,
	TO_REGIONS, TO_COUNTRIES, TO_DEVICES, TO_KIND, TO_ON_PREM, TO_PLAN, TO_HORIZON, TO_BUDGET
};

static const struct option longopts[] = {
	CLI_COMMON_LONGOPTS,
	WORKLOAD_LONGOPTS,
	{ "objective", required_argument, NULL, TO_OBJECTIVE },
	{ "max-cost", required_argument, NULL, TO_MAX_COST },
	{ "deadline", required_argument, NULL, TO_DEADLINE },
	{ "max-devices", required_argument, NULL, TO_MAX_DEVICES },
	{ "providers", required_argument, NULL, TO_PROVIDERS },
	{ "regions", required_argument, NULL, TO_REGIONS },
	{ "countries", required_argument, NULL, TO_COUNTRIES },
	{ "devices", required_argument, NULL, TO_DEVICES },
	{ "kind", required_argument, NULL, TO_KIND },
	{ "on-prem", required_argument, NULL, TO_ON_PREM },
	{ "plan", required_argument, NULL, TO_PLAN },
	{ "horizon", required_argument, NULL, TO_HORIZON },
	{ "budget", required_argument, NULL, TO_BUDGET },
	{ NULL, 0, NULL, 0 }
};

struct tui_opts {
	struct workload_opts wo;
	const char *field[TUI_F_COUNT];	/* constraints as given */
	struct strbuf sites;		/* --on-prem, comma-joined */
	const char *plan, *horizon, *budget;	/* the portfolio view */
	/* the workload options as given, for export: "--name", value | NULL */
	const char **wl_args;
	size_t nwl_args, cap_wl_args;
};

static const char *
long_name(int opt)
{
	size_t i;

	for (i = 0; longopts[i].name; i++)
		if (longopts[i].val == opt)
			return longopts[i].name;
	return NULL;
}

static void
keep_workload_arg(struct tui_opts *to, int opt, const char *arg)
{
	const char *name = long_name(opt);

	if (name == NULL)
		return;
	XGROW(to->wl_args, to->cap_wl_args, to->nwl_args + 2);
	to->wl_args[to->nwl_args++] = name;
	to->wl_args[to->nwl_args++] = arg;
}

static int
tui_option(void *data, struct cli *cli, int opt, const char *arg)
{
	struct tui_opts *to = data;
	int rc = workload_opts_option(&to->wo, cli, opt, arg);

	if (rc != 0) {
		if (rc > 0)
			keep_workload_arg(to, opt, arg);
		return rc;
	}
	switch (opt) {
	case TO_OBJECTIVE: to->field[TUI_F_OBJECTIVE] = arg; return 1;
	case TO_MAX_COST: to->field[TUI_F_MAX_COST] = arg; return 1;
	case TO_DEADLINE: to->field[TUI_F_DEADLINE] = arg; return 1;
	case TO_MAX_DEVICES: to->field[TUI_F_MAX_DEVICES] = arg; return 1;
	case TO_PROVIDERS: to->field[TUI_F_PROVIDERS] = arg; return 1;
	case TO_REGIONS: to->field[TUI_F_REGIONS] = arg; return 1;
	case TO_COUNTRIES: to->field[TUI_F_COUNTRIES] = arg; return 1;
	case TO_DEVICES: to->field[TUI_F_DEVICES] = arg; return 1;
	case TO_KIND: to->field[TUI_F_KIND] = arg; return 1;
	case TO_PLAN: to->plan = arg; return 1;
	case TO_HORIZON: to->horizon = arg; return 1;
	case TO_BUDGET: to->budget = arg; return 1;
	case TO_ON_PREM:
		if (to->sites.len)
			strbuf_addch(&to->sites, ',');
		strbuf_addstr(&to->sites, arg);
		return 1;
	default:
		return 0;
	}
}

/* ---- the terminal ---- */

static bool
have_terminal(void)
{
	const char *term = getenv("TERM");

	return isatty(STDIN_FILENO) && isatty(STDOUT_FILENO) && term != NULL && term[0] != '\0' &&
	       strcmp(term, "dumb") != 0;
}

static bool
monochrome(void)
{
	const char *nc = getenv("NO_COLOR");

	return nc != NULL && nc[0] != '\0';
}

static const int restoring_signals[] = {
	SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT
};

/* Restores the terminal, then dies of the same signal (a core for fatal ones). */
static void
restore_and_reraise(int sig)
{
	tui_view_stop();
	signal(sig, SIG_DFL);
	raise(sig);
}

static void
install_signals(void)
{
	struct sigaction sa;
	size_t i;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = restore_and_reraise;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = SA_RESETHAND;
	for (i = 0; i < sizeof(restoring_signals) / sizeof(restoring_signals[0]); i++)
		sigaction(restoring_signals[i], &sa, NULL);
}

static void
default_signals(void)
{
	size_t i;

	for (i = 0; i < sizeof(restoring_signals) / sizeof(restoring_signals[0]); i++)
		signal(restoring_signals[i], SIG_DFL);
}

/* Warnings from the core go to the status line, not into the curses screen. */
static void
log_to_state(enum log_level level, const char *msg, void *data)
{
	struct tui_state *s = data;

	if (level == LOG_WARN && s->message[0] == '\0') {
		snprintf(s->message, sizeof(s->message), "warning: %.1000s", msg);
		s->message_is_error = false;
	}
}

static void
log_nowhere(enum log_level level, const char *msg, void *data)
{
	(void)level, (void)msg, (void)data;
}

/* ---- export ---- */

struct export_ctx {
	struct cli *cli;
	const char *positional;		/* the model (the form's choice) */
	struct tui_opts *to;
	/* workloads the form built (their profiles live as long as the state) */
	struct workload_opts **formed;
	size_t nformed, cap_formed;
};

/* The argv of `mlfit recommend` for the current comparison. */
static size_t
recommend_argv(const struct export_ctx *x, const struct tui_state *s, char **argv, size_t max)
{
	const char *cons[2 * TUI_F_COUNT + 2];
	size_t n = 0, i, nc = tui_state_args(s, cons, sizeof(cons) / sizeof(cons[0]));

	argv[n++] = xstrdup("recommend");
	if (x->positional)
		argv[n++] = xstrdup(x->positional);
	for (i = 0; i + 1 < x->to->nwl_args && n + 1 < max; i += 2) {
		argv[n++] = xasprintf("--%s", x->to->wl_args[i]);
		if (x->to->wl_args[i + 1])
			argv[n++] = xstrdup(x->to->wl_args[i + 1]);
	}
	for (i = 0; i < nc && n < max; i++)
		argv[n++] = xstrdup(cons[i]);
	argv[n] = NULL;
	return n;
}

/*
 * Runs a command of mlfit in-process (argv[0] its name) with its output to
 * out in the given format, quietly (its warnings would land on the curses
 * screen); returns its exit status, its error in err.
 */
static int
run_command(const struct cli *base, int (*cmd)(struct cli *, int, char **), size_t argc,
	    char **argv, enum out_format format, FILE *out, struct mlf_err *err)
{
	struct cli c = *base;
	int status;

	c.out = out;
	c.format = format;
	c.format_set = true;
	c.verbosity = -1;
	c.cmd_name = argv[0];
	mlf_err_init(&c.err);
	optind = 0;
	status = cmd(&c, (int)argc, argv);
	*err = c.err;
	/* a command that loads a catalog of its own (a report re-solving with
	 * changed inputs) leaves it here; the TUI's own is untouched */
	if (c.cat != base->cat)
		catalog_free(c.cat);
	return status;
}

static void
free_argv(char **argv, size_t argc)
{
	size_t i;

	for (i = 0; i < argc; i++)
		free(argv[i]);
}

/* The argv of `mlfit plan` for the portfolio view. */
static size_t
plan_argv(const struct tui_state *s, char **argv)
{
	const char *a[1 + 2 * TUI_PF_COUNT];
	size_t n = tui_state_pf_args(s, a, sizeof(a) / sizeof(a[0])), i;

	argv[0] = xstrdup("plan");
	for (i = 0; i < n; i++)
		argv[i + 1] = xstrdup(a[i]);
	argv[n + 1] = NULL;
	return n + 1;
}

/*
 * The one export function: the report of `mlfit report recommend` (or
 * `report plan` in the portfolio view) for what is on screen, through the
 * report code, so the file is what the CLI would write: HTML with the
 * charts, and recommend's JSON in its data appendix.  The report writes a
 * temporary file in the same directory and renames it, so the file is
 * whole or absent.
 */
static int
tui_export(const struct export_ctx *x, const struct tui_state *s, const char *path,
	   struct mlf_err *err)
{
	char *argv[128];
	size_t max = sizeof(argv) / sizeof(argv[0]) - 4;
	size_t argc = 1 + (s->portfolio ? plan_argv(s, argv + 1)
					: recommend_argv(x, s, argv + 1, max));
	FILE *sink = tmpfile();		/* a report to a file prints nothing on stdout */
	int status, rc = -1;

	argv[0] = xstrdup("report");
	argv[argc++] = xstrdup("-o");
	argv[argc++] = xstrdup(path);
	argv[argc] = NULL;
	if (sink == NULL) {
		mlf_err_set(err, MLF_E_INTERNAL, "cannot write '%s': %s", path, strerror(errno));
	} else {
		/* the report reloads the catalog for its sensitivity: let it load its own,
		 * as the TUI's estimates point into the TUI's catalog */
		struct cli own = *x->cli;

		own.cat = NULL;
		status = run_command(&own, cmd_report, argc, argv, FORMAT_JSON, sink, err);
		rc = status == MLF_OK || status == MLF_E_INFEASIBLE ? 0 : -1;
		fclose(sink);
	}
	free_argv(argv, argc);
	return rc;
}

static void
export_now(const struct export_ctx *x, struct tui_state *s)
{
	char path[64];
	struct mlf_err err;
	time_t now = time(NULL);
	struct tm tm;

	mlf_err_init(&err);
	gmtime_r(&now, &tm);
	strftime(path, sizeof(path), s->portfolio ? "mlfit-plan-%Y%m%dT%H%M%SZ.html"
		 : "mlfit-recommend-%Y%m%dT%H%M%SZ.html", &tm);
	if (tui_export(x, s, path, &err) < 0) {
		snprintf(s->message, sizeof(s->message), "export failed: %.1000s", err.msg);
		s->message_is_error = true;
	} else {
		snprintf(s->message, sizeof(s->message), "exported the comparison to %s", path);
		s->message_is_error = false;
	}
}

/* ---- the loop ---- */

/* The portfolio view: `mlfit plan` itself, its report shown as it prints it. */
static void
plan_shown(const struct export_ctx *x, struct tui_state *s)
{
	char *argv[3 + 2 * TUI_PF_COUNT], *buf = NULL;	/* plan FILE, 2 options, NULL */
	size_t argc = plan_argv(s, argv), len = 0;
	FILE *out = open_memstream(&buf, &len);
	struct mlf_err err;
	int status;

	s->stale = true;
	tui_view_draw(s);
	mlf_err_init(&err);
	if (out == NULL) {
		mlf_err_set(&err, MLF_E_INTERNAL, "out of memory");
		status = MLF_E_INTERNAL;
	} else {
		status = run_command(x->cli, cmd_plan, argc, argv, FORMAT_TABLE, out, &err);
		if (fclose(out) != 0 && status == MLF_OK) {
			mlf_err_set(&err, MLF_E_INTERNAL, "cannot keep the plan's report");
			status = MLF_E_INTERNAL;
		}
	}
	tui_state_pf_done(s, status, buf, err.msg);
	free_argv(argv, argc);
}

static void
solve_shown(struct tui_state *s)
{
	struct mlf_err err;

	s->stale = true;
	tui_view_draw(s);
	mlf_err_init(&err);
	tui_state_solve(s, &err);
	s->stale = false;
}

static bool
no_model_given(const struct tui_opts *to, const char *positional)
{
	const struct model_opts *m = &to->wo.model;

	return positional == NULL && m->model == NULL && !(m->params > 0) && m->shape.layers == 0 &&
	       m->shape.width == 0 && !(to->wo.flops > 0);
}

/* The zoo's model names (data/models/NAME.xml), for the form. */
static size_t
zoo_names(char ***out)
{
	char *dir = xasprintf("%s/data/models", paths_datadir());
	size_t n = paths_list_xml(dir, out), i;

	for (i = 0; i < n; i++) {
		char *base = strrchr((*out)[i], '/'), *name = xstrdup(base ? base + 1 : (*out)[i]);

		name[strlen(name) - 4] = '\0';	/* ".xml" */
		free((*out)[i]);
		(*out)[i] = name;
	}
	free(dir);
	return n;
}

/*
 * The form's choice as a workload, through the same option parsers as the
 * command line (the requests' message is --requests'); a refusal goes to
 * the status line and the form stays.
 */
static void
form_workload(struct export_ctx *x, struct tui_state *s)
{
	struct workload_opts *wo = xmalloc(sizeof(*wo));
	const char *model = s->zoo[s->zoo_sel];
	struct cli *cli = x->cli;
	struct workload w;
	int rc = 0;

	workload_opts_init(wo);
	wo->train = !s->form_infer;
	wo->infer = s->form_infer;
	if (s->form_infer)
		rc = workload_opts_option(wo, cli, OPT_WL_REQUESTS,
					  s->form_requests) < 0
		     ? cli->err.code : 0;
	if (rc == 0)
		rc = workload_opts_finish(wo, cli, model, true, &w);
	if (rc != 0) {
		snprintf(s->message, sizeof(s->message), "%s", cli->err.msg);
		s->message_is_error = true;
		workload_opts_release(wo);
		free(wo);
		return;
	}
	XGROW(x->formed, x->cap_formed, x->nformed + 1);
	x->formed[x->nformed++] = wo;
	x->positional = model;
	x->to->nwl_args = 0;	/* export: the model and the task the form chose */
	keep_workload_arg(x->to, s->form_infer ? OPT_WL_INFER : OPT_WL_TRAIN, NULL);
	if (s->form_infer)
		keep_workload_arg(x->to, OPT_WL_REQUESTS, s->form_requests);
	tui_state_set_workload(s, &w, model);
	solve_shown(s);
}

static void
event_loop(struct tui_state *s, struct export_ctx *x)
{
	unsigned r;

	if (s->portfolio)
		plan_shown(x, s);
	else if (s->have_workload)
		solve_shown(s);
	tui_view_draw(s);
	for (;;) {
		r = tui_view_event(s);
		if (r & TUI_QUIT)
			break;
		if (r & TUI_WORKLOAD)
			form_workload(x, s);
		if ((r & TUI_RECOMPUTE) && s->portfolio)
			plan_shown(x, s);
		else if (r & TUI_RECOMPUTE)
			solve_shown(s);
		if (r & TUI_EXPORT)
			export_now(x, s);
		if (r & (TUI_REDRAW | TUI_RECOMPUTE | TUI_EXPORT | TUI_WORKLOAD))
			tui_view_draw(s);
	}
}

static int
set_start_values(struct tui_state *s, struct tui_opts *to, struct cli *cli)
{
	int f;

	if (to->sites.len)
		to->field[TUI_F_ON_PREM] = to->sites.buf;
	for (f = 0; f < TUI_F_COUNT; f++)
		if (to->field[f] && tui_state_set_field(s, (enum tui_field)f, to->field[f],
							&cli->err) < 0)
			return cli->err.code;
	return 0;
}

static void
oom_restore(void)
{
	tui_view_stop();
}

static int
run(struct cli *cli, struct tui_opts *to, const char *positional)
{
	struct export_ctx x = { cli, positional, to, NULL, 0, 0 };
	struct tui_state s;
	struct workload w;
	size_t i;
	int rc;

	if (!have_terminal())
		return cli_fail(cli, MLF_E_USAGE,
				"mlfit tui needs a terminal; use mlfit recommend for scripts");
	if (cli_catalog(cli) == NULL)
		return cli->err.code;
	if (to->plan != NULL) {
		tui_state_init_portfolio(&s, cli, to->plan, to->horizon, to->budget);
	} else if (no_model_given(to, positional)) {
		char **zoo;
		size_t n = zoo_names(&zoo);

		tui_state_init_form(&s, cli, zoo, n);
		s.form_infer = to->wo.infer;
	} else {
		rc = workload_opts_finish(&to->wo, cli, positional, true, &w);
		if (rc != 0)
			return rc;
		tui_state_init(&s, cli, &w, w.profile ? w.profile->name : "summary");
	}
	rc = set_start_values(&s, to, cli);
	if (rc == 0 && tui_view_start(monochrome(), &cli->err) < 0)
		rc = cli->err.code;
	if (rc == 0) {
		xalloc_set_oom_hook(oom_restore);
		install_signals();
		log_set_sink(log_to_state, &s);
		event_loop(&s, &x);
		log_set_sink(log_nowhere, NULL);
		tui_view_stop();
		default_signals();
		xalloc_set_oom_hook(NULL);
	}
	tui_state_release(&s);
	for (i = 0; i < x.nformed; i++) {
		workload_opts_release(x.formed[i]);
		free(x.formed[i]);
	}
	free(x.formed);
	return rc;
}

int
cmd_tui(struct cli *cli, int argc, char **argv)
{
	struct tui_opts to;
	struct strbuf help = STRBUF_INIT;
	int rc;

	memset(&to, 0, sizeof(to));
	strbuf_init(&to.sites);
	workload_opts_init(&to.wo);
	strbuf_addstr(&help, usage_head);
	strbuf_addstr(&help, workload_opts_usage);
	strbuf_addstr(&help, usage_tail);
	rc = cli_parse(cli, argc, argv, longopts, help.buf, tui_option, &to);
	if (rc == 0 && to.plan == NULL && (to.horizon || to.budget))
		rc = cli_fail(cli, MLF_E_USAGE, "--horizon and --budget belong to --plan (a single "
			      "workload's budget is --max-cost)");
	if (rc == 0 && to.plan != NULL && (optind < argc || to.nwl_args > 0))
		rc = cli_fail(cli, MLF_E_USAGE, "--plan takes its workloads from the file, not from "
			      "MODEL or workload options");
	if (rc == 0 && optind + 1 < argc)
		rc = cli_fail(cli, MLF_E_USAGE, "tui: one MODEL at most (got '%s' and '%s')",
			      argv[optind], argv[optind + 1]);
	if (rc == 0)
		rc = run(cli, &to, optind < argc ? argv[optind] : NULL);
	else if (rc < 0)
		rc = 0;
	workload_opts_release(&to.wo);
	strbuf_release(&to.sites);
	free(to.wl_args);
	strbuf_release(&help);
	return rc;
}
