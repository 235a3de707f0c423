/*
 * tui_state.c — the model of `mlfit tui` (see tui_state.h).
 *
 * The ranked list is made from the last optimize_recommend() result: its
 * evaluation holds every candidate that fits, with the figures the solver
 * used; the rows add, from the memo of estimates, one row per instance or
 * node type and count that does not fit, and one per type skipped for a
 * data error, each with its reason.  Feasibility against the numeric
 * limits uses the solver's own relative tolerance, and the solver's best
 * plan is always rank 1, so the list never disagrees with `recommend`.
 *
 * Keys go through one table (tui_keys), which the help screen and the
 * footer print, so the three cannot drift apart.
 */
#include "config.h"

#include "tui_state.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report_estimate.h"
#include "units.h"
#include "xalloc.h"

/* optimize_recommend.c's tolerance on limits (REL_TOL), so both agree on edges. */
#define LIMIT_REL_TOL 1e-9
/* A row within this fraction of a binding limit gets its marker. */
#define NEAR_LIMIT 0.10

const struct tui_key tui_keys[] = {
	{ { '?', TUI_K_F1 }, "?/F1", "help", "show this help", TUI_A_HELP },
	{ { 'q', TUI_K_F10 }, "q/F10", "quit", "quit (the terminal is restored)", TUI_A_QUIT },
	{ { TUI_K_TAB }, "Tab", "pane", "next pane: list, constraints, detail", TUI_A_NEXT_PANE },
	{ { TUI_K_BTAB }, "Shift-Tab", NULL, "previous pane", TUI_A_PREV_PANE },
	{ { TUI_K_UP, 'k' }, "Up/k", NULL, "move up (Pareto view: along the front)", TUI_A_UP },
	{ { TUI_K_DOWN, 'j' }, "Down/j", NULL, "move down (Pareto view: along the front)",
	  TUI_A_DOWN },
	{ { TUI_K_PGUP }, "PgUp", NULL, "a page up", TUI_A_PGUP },
	{ { TUI_K_PGDN }, "PgDn", NULL, "a page down", TUI_A_PGDN },
	{ { TUI_K_HOME }, "Home", NULL, "to the first row", TUI_A_HOME },
	{ { TUI_K_END }, "End", NULL, "to the last row", TUI_A_END },
	{ { TUI_K_ENTER }, "Enter", "edit",
	  "edit the constraint under the cursor (Enter keeps, Esc cancels)", TUI_A_EDIT },
	{ { 'o' }, "o", "objective", "cycle the objective: co2e, energy, cost, time",
	  TUI_A_OBJECTIVE },
	{ { 's' }, "s", "sort",
	  "choose the sort column (r p t e c $), the same again to reverse", TUI_A_SORT },
	{ { '<' }, "<", NULL, "sort by the column to the left", TUI_A_SORT_PREV },
	{ { '>' }, ">", NULL, "sort by the column to the right", TUI_A_SORT_NEXT },
	{ { '/' }, "/", "search", "search placements (Enter keeps, Esc clears)", TUI_A_SEARCH },
	{ { '\\' }, "\\", "filter", "filter placements (Enter keeps, Esc clears)", TUI_A_FILTER },
	{ { 'i' }, "i", "infeasible", "show or hide the infeasible options", TUI_A_INFEASIBLE },
	{ { 'p' }, "p", "pareto", "Pareto view: CO2e against cost (p or Esc returns)",
	  TUI_A_PARETO },
	{ { 'e' }, "e", "export", "export the comparison (recommend's JSON) to a file",
	  TUI_A_EXPORT },
	{ { 'r' }, "r", "re-solve", "re-solve now", TUI_A_RESOLVE },
};

const size_t tui_nkeys = sizeof(tui_keys) / sizeof(tui_keys[0]);

static const char *const field_options[TUI_F_COUNT] = {
	"objective", "max-cost", "deadline", "latency-slo", "max-devices", "providers",
	"regions", "countries", "devices", "kind", "on-prem"
};

static const char *const field_labels[TUI_F_COUNT] = {
	"objective", "budget", "deadline", "latency SLO", "max devices", "providers",
	"regions", "countries", "devices", "device kinds", "on-prem sites"
};

const char *
tui_field_option(enum tui_field f)
{
	return field_options[f];
}

const char *
tui_field_label(enum tui_field f)
{
	return field_labels[f];
}

static const char *const col_names[TUI_COL_COUNT] = {
	"rank", "placement", "time", "energy", "co2e", "cost"
};

/* The key that picks a column after `s`. */
static const char col_keys[TUI_COL_COUNT] = { 'r', 'p', 't', 'e', 'c', '$' };

const char *
tui_col_name(enum tui_col c)
{
	return col_names[c];
}

/* ---- life cycle ---- */

static bool
blank(const char *text)
{
	return text == NULL || text[strspn(text, " \t")] == '\0';
}

void
tui_state_init(struct tui_state *s, struct cli *cli, const struct workload *w,
	       const char *model_label)
{
	memset(s, 0, sizeof(*s));
	s->cli = cli;
	s->w = *w;
	s->have_workload = true;
	s->model_label = xstrdup(model_label ? model_label : "model");
	s->objective = OPT_CO2E;
	s->cache = optimize_cache_new();
	s->page = 10;
	optimize_result_init(&s->result);
	if (w->latency_slo_s > 0) {
		char buf[48];

		s->text[TUI_F_LATENCY] = xstrdup(units_format(w->latency_slo_s, DIM_TIME, buf,
							     sizeof(buf)));
	}
}

void
tui_state_init_form(struct tui_state *s, struct cli *cli, char **zoo, size_t nzoo)
{
	struct workload none;
	size_t i;

	memset(&none, 0, sizeof(none));
	tui_state_init(s, cli, &none, "");
	s->have_workload = false;
	s->mode = TUI_MODE_FORM;
	s->zoo = zoo;
	s->nzoo = nzoo;
	for (i = 0; i < nzoo; i++)	/* start on the model of the examples */
		if (strcmp(zoo[i], "resnet50") == 0)
			s->zoo_sel = i;
}

void
tui_state_init_portfolio(struct tui_state *s, struct cli *cli, const char *file,
			 const char *horizon, const char *budget)
{
	struct workload none;

	memset(&none, 0, sizeof(none));
	tui_state_init(s, cli, &none, "");
	s->have_workload = false;
	s->portfolio = true;
	s->mode = TUI_MODE_PORTFOLIO;
	s->pf_file = xstrdup(file);
	s->pf_value[TUI_PF_HORIZON] = horizon ? xstrdup(horizon) : NULL;
	s->pf_value[TUI_PF_BUDGET] = budget ? xstrdup(budget) : NULL;
	s->stale = true;
}

size_t
tui_state_pf_args(const struct tui_state *s, const char **argv, size_t max)
{
	static const char *const opts[TUI_PF_COUNT] = { "--horizon", "--budget" };
	size_t n = 0;
	int f;

	if (max < 1 + 2 * TUI_PF_COUNT)
		return 0;
	argv[n++] = s->pf_file;
	for (f = 0; f < TUI_PF_COUNT; f++) {
		const char *v = s->edit == TUI_EDIT_PF && (int)s->pf_field == f ? s->editbuf
										 : s->pf_value[f];

		if (blank(v))
			continue;
		argv[n++] = opts[f];
		argv[n++] = v;
	}
	return n;
}

void
tui_state_pf_done(struct tui_state *s, int status, char *output, const char *msg)
{
	s->stale = false;
	if (status == MLF_E_USAGE || status == MLF_E_DATA || status == MLF_E_INTERNAL ||
	    status == MLF_E_SOLVER) {
		snprintf(s->message, sizeof(s->message), "%s", msg);
		s->message_is_error = true;
		free(output);
		return;
	}
	if (s->edit == TUI_EDIT_PF) {
		free(s->pf_value[s->pf_field]);
		s->pf_value[s->pf_field] = blank(s->editbuf) ? NULL : xstrdup(s->editbuf);
		s->edit = TUI_EDIT_NONE;
	}
	free(s->pf_text);
	s->pf_text = output;
	s->have_result = true;
	s->message[0] = '\0';
	s->message_is_error = false;
	if (status == MLF_E_INFEASIBLE) {
		snprintf(s->message, sizeof(s->message), "%s", msg);
		s->message_is_error = true;
	}
}

void
tui_state_set_workload(struct tui_state *s, const struct workload *w, const char *model_label)
{
	optimize_cache_clear(s->cache);
	s->w = *w;
	s->have_workload = true;
	free(s->model_label);
	s->model_label = xstrdup(model_label);
	s->mode = TUI_MODE_MAIN;
	s->stale = true;
	s->message[0] = '\0';
}

void
tui_state_release(struct tui_state *s)
{
	size_t i;
	int f;

	for (i = 0; i < s->nzoo; i++)
		free(s->zoo[i]);
	free(s->zoo);
	free(s->pf_file);
	free(s->pf_text);
	for (f = 0; f < TUI_PF_COUNT; f++)
		free(s->pf_value[f]);
	for (f = 0; f < TUI_F_COUNT; f++)
		free(s->text[f]);
	free(s->model_label);
	free(s->rows);
	free(s->view);
	free(s->detail_text);
	optimize_result_release(&s->result);
	optimize_cache_free(s->cache);
	memset(s, 0, sizeof(*s));
}

/* ---- constraints ---- */

const char *
tui_state_field_text(const struct tui_state *s, enum tui_field f)
{
	if (f == TUI_F_OBJECTIVE)
		return optimize_metric_name(s->objective);
	return s->text[f] ? s->text[f] : "";
}

/* The CLI's message for a bad option value, from cli->err. */
static int
cli_refusal(struct tui_state *s, struct mlf_err *err)
{
	*err = s->cli->err;
	return -1;
}

/* Adds each comma-separated site of list to f; -1 with err for an unknown one. */
static int
add_sites(struct cand_filter *f, const struct catalog *cat, const char *list, struct mlf_err *err)
{
	char *copy = xstrdup(list), *p, *save = NULL;
	int rc = 0;

	for (p = strtok_r(copy, ", ", &save); p && rc == 0; p = strtok_r(NULL, ", ", &save))
		rc = candidates_filter_add_site(f, cat, p, err);
	free(copy);
	return rc;
}

/*
 * Parses one field's text into rq (the value the recommend option would
 * set), with the option's own parser and message.
 */
static int
parse_field(struct tui_state *s, enum tui_field f, const char *text, struct opt_request *rq,
	    double *latency_s, struct mlf_err *err)
{
	unsigned long n = 0;
	int m;

	switch (f) {
	case TUI_F_OBJECTIVE:
		if ((m = optimize_metric_parse(text)) < 0)
			return mlf_err_set(err, MLF_E_USAGE, "unknown objective '%s' (use co2e, "
					   "energy, cost or time)", text);
		rq->objective = (enum opt_metric)m;
		return 0;
	case TUI_F_MAX_COST:
		return cli_quantity(s->cli, "max-cost", text, DIM_MONEY, "USD", 0,
				    &rq->max_cost_usd) < 0 ? cli_refusal(s, err) : 0;
	case TUI_F_DEADLINE:
		return cli_quantity(s->cli, "deadline", text, DIM_TIME, NULL, 0,
				    &rq->deadline_s) < 0 ? cli_refusal(s, err) : 0;
	case TUI_F_LATENCY:
		return cli_quantity(s->cli, "latency-slo", text, DIM_TIME, NULL, UNITS_DAY,
				    latency_s) < 0 ? cli_refusal(s, err) : 0;
	case TUI_F_MAX_DEVICES:
		if (cli_whole(s->cli, "max-devices", text, 1, 1000000, &n) < 0)
			return cli_refusal(s, err);
		rq->max_devices = (unsigned)n;
		return 0;
	case TUI_F_ON_PREM:
		return add_sites(&rq->filter, s->cli->cat, text, err);
	default:
		return candidates_filter_add(&rq->filter, s->cli->cat,
					     (enum cand_dim)(f - TUI_F_PROVIDERS), text, err);
	}
}


int
tui_state_request(struct tui_state *s, struct opt_request *rq, struct mlf_err *err)
{
	double latency = 0;
	int f;

	optimize_request_init(rq);
	rq->objective = s->objective;
	rq->solve.time_limit_s = 10;	/* recommend's default */
	for (f = TUI_F_MAX_COST; f < TUI_F_COUNT; f++) {
		if (blank(s->text[f]))
			continue;
		if (parse_field(s, (enum tui_field)f, s->text[f], rq, &latency, err) < 0) {
			candidates_filter_release(&rq->filter);
			return -1;
		}
	}
	s->w.latency_slo_s = latency;
	rq->w = &s->w;
	return 0;
}

int
tui_state_set_field(struct tui_state *s, enum tui_field f, const char *text,
		    struct mlf_err *err)
{
	struct opt_request rq;
	double latency = 0;
	int rc;

	if (f == TUI_F_OBJECTIVE) {
		optimize_request_init(&rq);
		if (parse_field(s, f, blank(text) ? "co2e" : text, &rq, &latency, err) < 0)
			return -1;
		s->objective = rq.objective;
		return 0;
	}
	if (!blank(text)) {
		optimize_request_init(&rq);
		rc = parse_field(s, f, text, &rq, &latency, err);
		candidates_filter_release(&rq.filter);
		if (rc < 0)
			return -1;
	}
	free(s->text[f]);
	s->text[f] = blank(text) ? NULL : xstrdup(text);
	s->stale = true;
	return 0;
}

size_t
tui_state_args(const struct tui_state *s, const char **argv, size_t max)
{
	static const char *const opts[TUI_F_COUNT] = {
		"--objective", "--max-cost", "--deadline", "--latency-slo", "--max-devices",
		"--providers", "--regions", "--countries", "--devices", "--kind", "--on-prem"
	};
	size_t n = 0;
	int f;

	if (max >= 2) {
		argv[n++] = opts[TUI_F_OBJECTIVE];
		argv[n++] = optimize_metric_name(s->objective);
	}
	for (f = TUI_F_MAX_COST; f < TUI_F_COUNT && n + 2 <= max; f++) {
		if (blank(s->text[f]))
			continue;
		argv[n++] = opts[f];
		argv[n++] = s->text[f];
	}
	return n;
}

/* ---- rows ---- */

static double
row_metric(const struct tui_row *r, enum opt_metric m)
{
	switch (m) {
	case OPT_CO2E:
		return r->co2e_g;
	case OPT_ENERGY:
		return r->energy_j;
	case OPT_COST:
		return r->cost_known ? r->cost_usd : HUGE_VAL;
	case OPT_TIME:
	default:
		return r->time_s;
	}
}

static const struct tui_state *sorting;

/* Feasible first, by the objective; ties as the solver breaks them. */
static int
by_objective(const void *a, const void *b)
{
	const struct tui_row *p = a, *q = b;
	double u, v;

	if (p->best != q->best)
		return p->best ? -1 : 1;
	if (p->feasible != q->feasible)
		return p->feasible ? -1 : 1;
	if (p->item == NULL || q->item == NULL)
		return (p->item == NULL) - (q->item == NULL);
	u = row_metric(p, sorting->objective);
	v = row_metric(q, sorting->objective);
	if (u != v)
		return u < v ? -1 : 1;
	if (p->devices != q->devices)
		return p->devices < q->devices ? -1 : 1;
	if (p->time_s != q->time_s)
		return p->time_s < q->time_s ? -1 : 1;
	return strcmp(p->name, q->name);
}

static bool
same_placement(const struct placement *a, const struct placement *b)
{
	return a->device == b->device && a->count == b->count && a->instance == b->instance &&
	       a->region == b->region && a->site == b->site && a->node == b->node;
}

static bool
in_best(const struct opt_result *r, const struct placement *pl)
{
	size_t i;

	if (!r->found)
		return false;
	for (i = 0; i < r->best.nparts; i++) {
		struct placement p = r->best.parts[i].pl;

		/* serving a rate: a part is its offering at some number of units */
		if (r->rate_mode ? p.instance == pl->instance && p.region == pl->region &&
				   p.site == pl->site && p.node == pl->node && p.device == pl->device
				 : same_placement(&p, pl))
			return true;
	}
	return false;
}

struct limits {
	unsigned given, binding;
	double max_cost_usd, deadline_s, latency_s;
	unsigned max_devices;
	bool rate;
	enum opt_metric objective;
};

static bool
over(double v, double limit)
{
	return v > limit * (1 + LIMIT_REL_TOL);
}

static bool
near(double v, double limit)
{
	return !over(v, limit) && v >= limit * (1 - NEAR_LIMIT);
}

/* Why a row breaks the limits ("" if it does not); sets its markers. */
static void
judge_row(struct tui_row *row, const struct limits *L)
{
	char a[48], b[48];

	row->reason[0] = '\0';
	row->near = 0;
	if (!row->cost_known && (L->objective == OPT_COST || (L->given & (1u << OPT_C_MAX_COST)))) {
		snprintf(row->reason, sizeof(row->reason), "no price known for it");
	} else if ((L->given & (1u << OPT_C_MAX_COST)) && over(row->cost_usd, L->max_cost_usd)) {
		snprintf(row->reason, sizeof(row->reason), "costs %s, over the budget by %s",
			 units_format(row->cost_usd, DIM_MONEY, a, sizeof(a)),
			 units_format(row->cost_usd - L->max_cost_usd, DIM_MONEY, b, sizeof(b)));
	} else if (!L->rate && (L->given & (1u << OPT_C_DEADLINE)) &&
		   over(row->time_s, L->deadline_s)) {
		snprintf(row->reason, sizeof(row->reason), "misses the deadline by %s",
			 units_format(row->time_s - L->deadline_s, DIM_TIME, a, sizeof(a)));
	} else if ((L->given & (1u << OPT_C_LATENCY)) && row->item &&
		   over(row->item->latency_s * 1e3, L->latency_s * 1e3)) {
		snprintf(row->reason, sizeof(row->reason), "latency %s exceeds the SLO of %s",
			 units_format(row->item->latency_s, DIM_TIME, a, sizeof(a)),
			 units_format(L->latency_s, DIM_TIME, b, sizeof(b)));
	} else if ((L->given & (1u << OPT_C_MAX_DEVICES)) && row->devices > L->max_devices) {
		snprintf(row->reason, sizeof(row->reason), "uses %u devices, more than %u",
			 row->devices, L->max_devices);
	}
	row->feasible = row->reason[0] == '\0';
	if (!row->feasible)
		return;
	if ((L->binding & (1u << OPT_C_MAX_COST)) && near(row->cost_usd, L->max_cost_usd))
		row->near |= 1u << OPT_C_MAX_COST;
	if ((L->binding & (1u << OPT_C_DEADLINE)) && near(row->time_s, L->deadline_s))
		row->near |= 1u << OPT_C_DEADLINE;
	if ((L->binding & (1u << OPT_C_MAX_DEVICES)) &&
	    near(row->devices, L->max_devices))
		row->near |= 1u << OPT_C_MAX_DEVICES;
}

static struct tui_row *
new_row(struct tui_state *s, size_t *cap)
{
	struct tui_row *row;

	XGROW(s->rows, *cap, s->nrows + 1);
	row = &s->rows[s->nrows++];
	memset(row, 0, sizeof(*row));
	return row;
}

static void
item_row(struct tui_state *s, size_t *cap, const struct opt_item *it, const struct limits *L)
{
	struct tui_row *row = new_row(s, cap);

	row->item = it;
	row->pl = it->cand->pl;
	row->pl.count = it->units * it->cand->unit_devices;
	report_placement_name(&row->pl, row->name, sizeof(row->name));
	row->time_s = L->rate ? it->latency_s : it->time_s;
	row->energy_j = it->energy_j;
	row->co2e_g = it->co2e_g;
	row->cost_known = it->cost_known;
	row->cost_usd = it->cost_known ? it->cost_usd : 0;
	row->devices = it->devices;
	judge_row(row, L);
	row->best = in_best(&s->result, &row->pl);
}

/* One row per (type, count) group whose first estimate did not fit. */
static void
unfit_rows(struct tui_state *s, size_t *cap)
{
	const struct cand_set *cs = &s->result.cands;
	struct estimate *e = xmalloc(sizeof(*e));
	size_t i, last = (size_t)-1;

	for (i = 0; i < cs->n; i++) {
		const struct candidate *c = &cs->items[i];
		struct tui_row *row;

		if (c->group == last)
			continue;
		last = c->group;
		if (!optimize_cache_find(s->cache, &c->pl, s->w.rate, e) || e->fits)
			continue;
		row = new_row(s, cap);
		row->pl = c->pl;
		report_placement_name(&row->pl, row->name, sizeof(row->name));
		snprintf(row->reason, sizeof(row->reason), "does not fit: %s", e->fit_reason);
		row->devices = e->devices;
		row->time_s = row->energy_j = row->co2e_g = NAN;
	}
	free(e);
}

static void
skip_rows(struct tui_state *s, size_t *cap)
{
	size_t i;

	for (i = 0; i < s->result.nskips; i++) {
		struct tui_row *row = new_row(s, cap);

		snprintf(row->name, sizeof(row->name), "%s", s->result.skips[i].what);
		snprintf(row->reason, sizeof(row->reason), "%s", s->result.skips[i].reason);
		row->time_s = row->energy_j = row->co2e_g = NAN;
	}
}

static void
limits_of(const struct tui_state *s, const struct opt_request *rq, struct limits *L)
{
	memset(L, 0, sizeof(*L));
	L->given = s->result.given;
	L->binding = s->result.binding;
	L->max_cost_usd = rq->max_cost_usd;
	L->deadline_s = rq->deadline_s;
	L->latency_s = s->w.latency_slo_s;
	L->max_devices = rq->max_devices;
	L->rate = s->result.rate_mode;
	L->objective = rq->objective;
}

static void
build_rows(struct tui_state *s, const struct opt_request *rq)
{
	struct limits L;
	size_t cap = 0, i;
	unsigned rank = 0;

	free(s->rows);
	s->rows = NULL;
	s->nrows = 0;
	limits_of(s, rq, &L);
	for (i = 0; i < s->result.eval.n; i++)
		item_row(s, &cap, &s->result.eval.items[i], &L);
	unfit_rows(s, &cap);
	skip_rows(s, &cap);
	sorting = s;
	qsort(s->rows, s->nrows, sizeof(*s->rows), by_objective);
	sorting = NULL;
	for (i = 0; i < s->nrows; i++)
		s->rows[i].rank = s->rows[i].feasible && s->rows[i].item ? ++rank : 0;
}

/* ---- the visible list ---- */

static int
cmp_double(double a, double b)
{
	if (isnan(a) || isnan(b))
		return isnan(a) - isnan(b);
	return a < b ? -1 : a > b;
}

static int
by_column(const void *a, const void *b)
{
	const struct tui_state *s = sorting;
	size_t i = *(const size_t *)a, j = *(const size_t *)b;
	const struct tui_row *p = &s->rows[i], *q = &s->rows[j];
	int c = 0;

	switch (s->sort_col) {
	case TUI_COL_PLACEMENT:
		c = strcmp(p->name, q->name);
		break;
	case TUI_COL_TIME:
		c = cmp_double(p->time_s, q->time_s);
		break;
	case TUI_COL_ENERGY:
		c = cmp_double(p->energy_j, q->energy_j);
		break;
	case TUI_COL_CO2E:
		c = cmp_double(p->co2e_g, q->co2e_g);
		break;
	case TUI_COL_COST:
		c = cmp_double(p->cost_known ? p->cost_usd : (double)NAN, q->cost_known ? q->cost_usd : (double)NAN);
		break;
	case TUI_COL_RANK:
	default:
		break;
	}
	if (s->sort_reverse)
		c = -c;
	if (c == 0)
		c = i < j ? -1 : i > j;	/* stable: rank order */
	return c;
}

static void update_detail(struct tui_state *s);
static void update_counterfactual(struct tui_state *s, const struct tui_row *sel);

/* The visible rows, sorted; the selection stays on its row if keep. */
static void
rebuild_view(struct tui_state *s, bool keep_sel)
{
	const struct tui_row *keep = keep_sel ? tui_state_selected(s) : NULL;
	char keep_name[200];
	size_t i;

	snprintf(keep_name, sizeof(keep_name), "%s", keep ? keep->name : "");
	free(s->view);
	s->view = xreallocarray(NULL, s->nrows + 1, sizeof(size_t));
	s->nview = 0;
	for (i = 0; i < s->nrows; i++) {
		const struct tui_row *r = &s->rows[i];

		if (!r->feasible && !s->show_infeasible)
			continue;
		if (s->filter[0] && strstr(r->name, s->filter) == NULL)
			continue;
		s->view[s->nview++] = i;
	}
	sorting = s;
	qsort(s->view, s->nview, sizeof(size_t), by_column);
	sorting = NULL;
	s->sel = 0;
	for (i = 0; keep_name[0] && i < s->nview; i++)
		if (strcmp(s->rows[s->view[i]].name, keep_name) == 0)
			s->sel = i;
	tui_state_set_page(s, s->page);
	update_detail(s);
}

const struct tui_row *
tui_state_selected(const struct tui_state *s)
{
	if (s->view == NULL || s->sel >= s->nview)
		return NULL;
	return &s->rows[s->view[s->sel]];
}

void
tui_state_set_page(struct tui_state *s, size_t rows)
{
	s->page = rows ? rows : 1;
	if (s->sel >= s->nview)
		s->sel = s->nview ? s->nview - 1 : 0;
	if (s->sel < s->top)
		s->top = s->sel;
	if (s->sel >= s->top + s->page)
		s->top = s->sel + 1 - s->page;
	if (s->top + s->page > s->nview)
		s->top = s->nview > s->page ? s->nview - s->page : 0;
}

/* ---- the detail pane and the counterfactual line ---- */

static void
detail_text(struct tui_state *s, const struct tui_row *row)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	if (f == NULL)
		return;
	report_estimate_text(&s->detail, &row->pl, f);
	if (fclose(f) == 0)
		s->detail_text = buf;
	else
		free(buf);
}

static const struct tui_row *
feasible_min(const struct tui_state *s, enum opt_metric m)
{
	const struct tui_row *best = NULL;
	size_t i;

	for (i = 0; i < s->nrows; i++) {
		const struct tui_row *r = &s->rows[i];

		if (!r->feasible || r->item == NULL)
			continue;
		if (best == NULL || row_metric(r, m) < row_metric(best, m))
			best = r;
	}
	return best;
}

static void
update_counterfactual(struct tui_state *s, const struct tui_row *sel)
{
	const struct tui_row *cheap = feasible_min(s, OPT_COST), *clean = feasible_min(s, OPT_CO2E),
			     *fast = feasible_min(s, OPT_TIME);
	size_t len = 0;
	char a[48];

	s->counterfactual[0] = '\0';
	if (sel == NULL || !sel->feasible || sel->item == NULL)
		return;
	if (cheap != NULL && cheap != sel && cheap->cost_known && sel->co2e_g > 0) {
		double ratio = cheap->co2e_g / sel->co2e_g;

		len += (size_t)snprintf(s->counterfactual + len, sizeof(s->counterfactual) - len,
					ratio >= 1 ? "the cheapest plan emits %.2g x more CO2e than this one"
						   : "the cheapest plan emits %.2g x less CO2e than this one",
					ratio >= 1 ? ratio : 1 / ratio);
	}
	if (clean != NULL && fast != NULL && clean != fast && len < sizeof(s->counterfactual))
		snprintf(s->counterfactual + len, sizeof(s->counterfactual) - len,
			 "%sthe cleanest feasible plan saves %s against the fastest", len ? "; " : "",
			 units_format(fast->co2e_g - clean->co2e_g, DIM_MASS, a, sizeof(a)));
}

static void
update_detail(struct tui_state *s)
{
	const struct tui_row *row = tui_state_selected(s);
	struct mlf_err err;

	free(s->detail_text);
	s->detail_text = NULL;
	s->detail_top = 0;
	s->have_detail = false;
	update_counterfactual(s, row);
	if (row == NULL || row->pl.device == NULL)
		return;
	if (estimate_run(s->cli->cat, &s->w, &row->pl, ENERGY_POWER, NULL, &s->detail, &err) < 0) {
		s->detail_text = xasprintf("%s\n", err.msg);
		return;
	}
	s->have_detail = true;
	detail_text(s, row);
}

/* ---- solving ---- */

static void
status_line(struct tui_state *s)
{
	const struct opt_result *r = &s->result;

	if (!r->found)
		snprintf(s->status_line, sizeof(s->status_line), "infeasible (%.1f ms)",
			 s->solve_s * 1e3);
	else if (r->best.status == OPT_WITHIN_GAP)
		snprintf(s->status_line, sizeof(s->status_line), "within gap %.2g %% (%.1f ms)",
			 r->best.gap * 100, s->solve_s * 1e3);
	else
		snprintf(s->status_line, sizeof(s->status_line), "%s (%.1f ms)",
			 optimize_status_name(r->best.status), s->solve_s * 1e3);
}

int
tui_state_solve(struct tui_state *s, struct mlf_err *err)
{
	struct opt_request rq;
	struct opt_result r;
	size_t h0, m0, h1, m1;
	double t0;

	if (!s->have_workload)
		return mlf_err_set(err, MLF_E_USAGE, "no workload yet: pick a model");
	if (tui_state_request(s, &rq, err) < 0)
		goto refused;
	rq.explain = true;
	rq.pareto = s->pareto_wanted;
	rq.cache = s->cache;
	optimize_cache_counts(s->cache, &h0, &m0);
	t0 = optimize_now_s();
	if (optimize_recommend(s->cli->cat, &rq, &r, err) < 0) {
		optimize_result_release(&r);
		candidates_filter_release(&rq.filter);
		goto refused;
	}
	s->solve_s = optimize_now_s() - t0;
	optimize_cache_counts(s->cache, &h1, &m1);
	s->new_estimates = h1 + m1 < h0 + m0 ? m1 : m1 - m0;
	optimize_result_release(&s->result);
	s->result = r;
	s->have_result = true;
	s->stale = false;
	s->message[0] = '\0';
	s->message_is_error = false;
	build_rows(s, &rq);
	candidates_filter_release(&rq.filter);
	status_line(s);
	if (s->pareto_sel >= s->result.npareto)
		s->pareto_sel = 0;
	s->top = 0;
	rebuild_view(s, false);
	return 0;
refused:
	snprintf(s->message, sizeof(s->message), "%s", err->msg);
	s->message_is_error = true;
	return -1;
}

/* ---- keys ---- */

static enum tui_action
action_of(int key, bool *found)
{
	size_t i, k;

	*found = false;
	for (i = 0; i < tui_nkeys; i++)
		for (k = 0; k < 3 && tui_keys[i].keys[k]; k++)
			if (tui_keys[i].keys[k] == key) {
				*found = true;
				return tui_keys[i].action;
			}
	return TUI_A_HELP;
}

static void
start_edit(struct tui_state *s, enum tui_edit kind, const char *initial)
{
	s->edit = kind;
	snprintf(s->editbuf, sizeof(s->editbuf), "%s", initial ? initial : "");
	s->editlen = strlen(s->editbuf);
	s->message[0] = '\0';
	s->message_is_error = false;
}

/* The edit field keeps its text and shows the refusal; the result stays. */
static unsigned
commit_field(struct tui_state *s)
{
	struct mlf_err err;
	char *old = s->text[s->field] ? xstrdup(s->text[s->field]) : NULL;
	enum opt_metric old_obj = s->objective;

	mlf_err_init(&err);
	if (tui_state_set_field(s, s->field, s->editbuf, &err) < 0) {
		snprintf(s->message, sizeof(s->message), "%s", err.msg);
		s->message_is_error = true;
		free(old);
		return TUI_HANDLED | TUI_REDRAW;
	}
	/* a combination recommend refuses (a deadline while serving a rate) */
	s->stale = true;
	if (tui_state_solve(s, &err) < 0) {
		char msg[MLF_ERR_MSG_MAX];

		snprintf(msg, sizeof(msg), "%s", err.msg);
		free(s->text[s->field]);
		s->text[s->field] = old;
		s->objective = old_obj;
		s->stale = false;
		snprintf(s->message, sizeof(s->message), "%s", msg);
		s->message_is_error = true;
		return TUI_HANDLED | TUI_REDRAW;
	}
	free(old);
	s->edit = TUI_EDIT_NONE;
	return TUI_HANDLED | TUI_REDRAW;
}

static void
search_next(struct tui_state *s, size_t from)
{
	size_t k;

	if (s->search[0] == '\0' || s->nview == 0)
		return;
	for (k = 0; k < s->nview; k++) {
		size_t i = (from + k) % s->nview;

		if (strstr(s->rows[s->view[i]].name, s->search) != NULL) {
			s->sel = i;
			tui_state_set_page(s, s->page);
			update_detail(s);
			return;
		}
	}
	snprintf(s->message, sizeof(s->message), "no placement matches '%s'", s->search);
	s->message_is_error = true;
}

/* Live effect of the text typed so far (filter narrows as one types). */
static void
edit_changed(struct tui_state *s)
{
	if (s->edit == TUI_EDIT_FILTER) {
		snprintf(s->filter, sizeof(s->filter), "%s", s->editbuf);
		rebuild_view(s, true);
	} else if (s->edit == TUI_EDIT_SEARCH) {
		snprintf(s->search, sizeof(s->search), "%s", s->editbuf);
		s->message[0] = '\0';
		search_next(s, s->sel);
	}
}

static unsigned
edit_key(struct tui_state *s, int key)
{
	enum tui_edit kind = s->edit;

	if (key == TUI_K_ESC) {
		s->edit = TUI_EDIT_NONE;
		s->message[0] = '\0';
		if (kind == TUI_EDIT_FILTER) {
			s->filter[0] = '\0';
			rebuild_view(s, true);
		} else if (kind == TUI_EDIT_SEARCH) {
			s->search[0] = '\0';
		}
		return TUI_HANDLED | TUI_REDRAW;
	}
	if (key == TUI_K_ENTER) {
		if (kind == TUI_EDIT_FIELD)
			return commit_field(s);
		if (kind == TUI_EDIT_PF) {	/* the plan run decides (tui_state_pf_done) */
			s->stale = true;
			return TUI_HANDLED | TUI_REDRAW | TUI_RECOMPUTE;
		}
		s->edit = TUI_EDIT_NONE;
		return TUI_HANDLED | TUI_REDRAW;
	}
	if (key == TUI_K_BACKSPACE || key == 127 || key == 8) {
		if (s->editlen > 0)
			s->editbuf[--s->editlen] = '\0';
		edit_changed(s);
		return TUI_HANDLED | TUI_REDRAW;
	}
	if (key >= 0x20 && key < 0x7f && s->editlen + 1 < sizeof(s->editbuf)) {
		s->editbuf[s->editlen++] = (char)key;
		s->editbuf[s->editlen] = '\0';
		edit_changed(s);
		return TUI_HANDLED | TUI_REDRAW;
	}
	return TUI_HANDLED;
}

static void
select_at(struct tui_state *s, long sel)
{
	if (s->nview == 0)
		return;
	if (sel < 0)
		sel = 0;
	if ((size_t)sel >= s->nview)
		sel = (long)s->nview - 1;
	if ((size_t)sel == s->sel)
		return;
	s->sel = (size_t)sel;
	tui_state_set_page(s, s->page);
	update_detail(s);
}

static void
set_sort(struct tui_state *s, enum tui_col c)
{
	if (c == s->sort_col)
		s->sort_reverse = !s->sort_reverse;
	else
		s->sort_col = c, s->sort_reverse = false;
	rebuild_view(s, true);
}

static unsigned
sort_key(struct tui_state *s, int key)
{
	int c;

	s->edit = TUI_EDIT_NONE;
	for (c = 0; c < TUI_COL_COUNT; c++)
		if (key == col_keys[c]) {
			set_sort(s, (enum tui_col)c);
			return TUI_HANDLED | TUI_REDRAW;
		}
	return TUI_HANDLED | TUI_REDRAW;	/* Esc or anything else: no change */
}

static unsigned
move(struct tui_state *s, enum tui_action a)
{
	long page = (long)s->page, sel = (long)s->sel;

	if (s->mode == TUI_MODE_PARETO) {
		size_t n = s->result.npareto;

		if (n == 0)
			return TUI_HANDLED;
		if ((a == TUI_A_UP || a == TUI_A_PGUP) && s->pareto_sel > 0)
			s->pareto_sel--;
		else if ((a == TUI_A_DOWN || a == TUI_A_PGDN) && s->pareto_sel + 1 < n)
			s->pareto_sel++;
		else if (a == TUI_A_HOME)
			s->pareto_sel = 0;
		else if (a == TUI_A_END)
			s->pareto_sel = n - 1;
		return TUI_HANDLED | TUI_REDRAW;
	}
	if (s->mode == TUI_MODE_HELP) {
		if (a == TUI_A_UP && s->help_top > 0)
			s->help_top--;
		else if (a == TUI_A_DOWN && s->help_top + 1 < tui_nkeys)
			s->help_top++;
		return TUI_HANDLED | TUI_REDRAW;
	}
	if (s->pane == TUI_PANE_CONSTRAINTS) {
		int f = (int)s->field;

		if (a == TUI_A_UP || a == TUI_A_PGUP)
			f = a == TUI_A_UP ? f - 1 : 0;
		else if (a == TUI_A_DOWN || a == TUI_A_PGDN)
			f = a == TUI_A_DOWN ? f + 1 : TUI_F_COUNT - 1;
		else
			f = a == TUI_A_HOME ? 0 : TUI_F_COUNT - 1;
		s->field = (enum tui_field)(f < 0 ? 0 : f >= TUI_F_COUNT ? TUI_F_COUNT - 1 : f);
		return TUI_HANDLED | TUI_REDRAW;
	}
	if (s->pane == TUI_PANE_DETAIL) {
		long top = (long)s->detail_top;

		top += a == TUI_A_UP ? -1 : a == TUI_A_DOWN ? 1 : a == TUI_A_PGUP ? -page
		       : a == TUI_A_PGDN ? page : a == TUI_A_HOME ? -top : 1000000;
		s->detail_top = top < 0 ? 0 : (size_t)top;	/* the view clamps the end */
		return TUI_HANDLED | TUI_REDRAW;
	}
	switch (a) {
	case TUI_A_UP: sel--; break;
	case TUI_A_DOWN: sel++; break;
	case TUI_A_PGUP: sel -= page; break;
	case TUI_A_PGDN: sel += page; break;
	case TUI_A_HOME: sel = 0; break;
	default: sel = (long)s->nview - 1; break;
	}
	select_at(s, sel);
	return TUI_HANDLED | TUI_REDRAW;
}

/* Where help and Esc return to. */
static enum tui_mode
home(const struct tui_state *s)
{
	return s->portfolio ? TUI_MODE_PORTFOLIO : TUI_MODE_MAIN;
}

static unsigned
action(struct tui_state *s, enum tui_action a)
{
	switch (a) {
	case TUI_A_HELP:
		s->mode = s->mode == TUI_MODE_HELP ? home(s) : TUI_MODE_HELP;
		s->help_top = 0;
		return TUI_HANDLED | TUI_REDRAW;
	case TUI_A_QUIT:
		if (s->mode != home(s)) {
			s->mode = home(s);
			return TUI_HANDLED | TUI_REDRAW;
		}
		return TUI_HANDLED | TUI_QUIT;
	case TUI_A_NEXT_PANE:
		s->pane = (enum tui_pane)((s->pane + 1) % TUI_PANE_COUNT);
		return TUI_HANDLED | TUI_REDRAW;
	case TUI_A_PREV_PANE:
		s->pane = (enum tui_pane)((s->pane + TUI_PANE_COUNT - 1) % TUI_PANE_COUNT);
		return TUI_HANDLED | TUI_REDRAW;
	case TUI_A_UP: case TUI_A_DOWN: case TUI_A_PGUP: case TUI_A_PGDN: case TUI_A_HOME:
	case TUI_A_END:
		return move(s, a);
	case TUI_A_EDIT:
		if (s->pane != TUI_PANE_CONSTRAINTS) {
			s->pane = TUI_PANE_CONSTRAINTS;
			return TUI_HANDLED | TUI_REDRAW;
		}
		start_edit(s, TUI_EDIT_FIELD, tui_state_field_text(s, s->field));
		return TUI_HANDLED | TUI_REDRAW;
	case TUI_A_OBJECTIVE:
		s->objective = (enum opt_metric)((s->objective + 1) % OPT_METRIC_COUNT);
		s->stale = true;
		return TUI_HANDLED | TUI_REDRAW | TUI_RECOMPUTE;
	case TUI_A_SORT:
		start_edit(s, TUI_EDIT_SORT, "");	/* one key: the column */
		return TUI_HANDLED | TUI_REDRAW;
	case TUI_A_SORT_PREV:
		set_sort(s, (enum tui_col)((s->sort_col + TUI_COL_COUNT - 1) % TUI_COL_COUNT));
		return TUI_HANDLED | TUI_REDRAW;
	case TUI_A_SORT_NEXT:
		set_sort(s, (enum tui_col)((s->sort_col + 1) % TUI_COL_COUNT));
		return TUI_HANDLED | TUI_REDRAW;
	case TUI_A_SEARCH:
		start_edit(s, TUI_EDIT_SEARCH, s->search);
		return TUI_HANDLED | TUI_REDRAW;
	case TUI_A_FILTER:
		start_edit(s, TUI_EDIT_FILTER, s->filter);
		return TUI_HANDLED | TUI_REDRAW;
	case TUI_A_INFEASIBLE:
		s->show_infeasible = !s->show_infeasible;
		rebuild_view(s, true);
		return TUI_HANDLED | TUI_REDRAW;
	case TUI_A_PARETO:
		if (s->mode == TUI_MODE_PARETO) {
			s->mode = TUI_MODE_MAIN;
			return TUI_HANDLED | TUI_REDRAW;
		}
		s->mode = TUI_MODE_PARETO;
		if (!s->pareto_wanted) {
			s->pareto_wanted = true;
			return TUI_HANDLED | TUI_REDRAW | TUI_RECOMPUTE;
		}
		return TUI_HANDLED | TUI_REDRAW;
	case TUI_A_EXPORT:
		return TUI_HANDLED | TUI_EXPORT | TUI_REDRAW;
	case TUI_A_RESOLVE:
	default:
		s->stale = true;
		return TUI_HANDLED | TUI_REDRAW | TUI_RECOMPUTE;
	}
}

/* The portfolio view: scroll the report, move between the two fields, edit. */
static unsigned
portfolio_action(struct tui_state *s, enum tui_action a)
{
	long top = (long)s->pf_top, page = (long)s->page;

	switch (a) {
	case TUI_A_HELP: case TUI_A_QUIT: case TUI_A_RESOLVE: case TUI_A_EXPORT:
		if (a == TUI_A_RESOLVE)
			s->stale = true;
		return action(s, a);
	case TUI_A_NEXT_PANE: case TUI_A_PREV_PANE:
		s->pane = s->pane == TUI_PANE_CONSTRAINTS ? TUI_PANE_LIST : TUI_PANE_CONSTRAINTS;
		return TUI_HANDLED | TUI_REDRAW;
	case TUI_A_EDIT:
		if (s->pane != TUI_PANE_CONSTRAINTS) {
			s->pane = TUI_PANE_CONSTRAINTS;
			return TUI_HANDLED | TUI_REDRAW;
		}
		start_edit(s, TUI_EDIT_PF, s->pf_value[s->pf_field]);
		return TUI_HANDLED | TUI_REDRAW;
	case TUI_A_UP: case TUI_A_DOWN: case TUI_A_PGUP: case TUI_A_PGDN: case TUI_A_HOME:
	case TUI_A_END:
		if (s->pane == TUI_PANE_CONSTRAINTS) {
			s->pf_field = a == TUI_A_UP || a == TUI_A_PGUP || a == TUI_A_HOME
				      ? TUI_PF_HORIZON : TUI_PF_BUDGET;
			return TUI_HANDLED | TUI_REDRAW;
		}
		top += a == TUI_A_UP ? -1 : a == TUI_A_DOWN ? 1 : a == TUI_A_PGUP ? -page
		       : a == TUI_A_PGDN ? page : a == TUI_A_HOME ? -top : 1000000;
		s->pf_top = top < 0 ? 0 : (size_t)top;	/* the view clamps the end */
		return TUI_HANDLED | TUI_REDRAW;
	default:
		return 0;	/* sorting, search, Pareto: not in a portfolio */
	}
}

/* The form: Up/Down pick a model, t the task, digits the requests, Enter opens. */
static unsigned
form_key(struct tui_state *s, int key)
{
	size_t len = strlen(s->form_requests);

	switch (key) {
	case TUI_K_UP: case 'k':
		if (s->zoo_sel > 0)
			s->zoo_sel--;
		break;
	case TUI_K_DOWN: case 'j':
		if (s->zoo_sel + 1 < s->nzoo)
			s->zoo_sel++;
		break;
	case TUI_K_HOME:
		s->zoo_sel = 0;
		break;
	case TUI_K_END:
		s->zoo_sel = s->nzoo ? s->nzoo - 1 : 0;
		break;
	case 't':
		s->form_infer = !s->form_infer;
		break;
	case TUI_K_BACKSPACE:
		if (len > 0)
			s->form_requests[len - 1] = '\0';
		break;
	case TUI_K_ENTER:
		if (s->nzoo == 0)
			return TUI_HANDLED;
		s->message[0] = '\0';
		return TUI_HANDLED | TUI_REDRAW | TUI_WORKLOAD;
	case 'q': case TUI_K_F10:
		return TUI_HANDLED | TUI_QUIT;
	default:
		if (s->form_infer && key < 0x7f && strchr("0123456789.e", key) && key &&
		    len + 1 < sizeof(s->form_requests)) {
			s->form_requests[len] = (char)key;
			s->form_requests[len + 1] = '\0';
			break;
		}
		return 0;
	}
	return TUI_HANDLED | TUI_REDRAW;
}

unsigned
tui_state_key(struct tui_state *s, int key)
{
	enum tui_action a;
	bool found;

	if (s->mode == TUI_MODE_FORM)
		return form_key(s, key);

	if (s->edit == TUI_EDIT_SORT)
		return sort_key(s, key);
	if (s->edit != TUI_EDIT_NONE)
		return edit_key(s, key);
	if (key == TUI_K_ESC) {
		if (s->mode != home(s)) {
			s->mode = home(s);
			return TUI_HANDLED | TUI_REDRAW;
		}
		if (s->message[0]) {
			s->message[0] = '\0';
			return TUI_HANDLED | TUI_REDRAW;
		}
		return 0;
	}
	if (key == TUI_K_LEFT || key == TUI_K_RIGHT) {
		if (s->mode == TUI_MODE_PARETO)
			return move(s, key == TUI_K_LEFT ? TUI_A_UP : TUI_A_DOWN);
		return 0;
	}
	a = action_of(key, &found);
	if (!found && s->mode == TUI_MODE_HELP) {
		s->mode = home(s);
		return TUI_HANDLED | TUI_REDRAW;
	}
	if (!found)
		return 0;
	if (s->mode == TUI_MODE_HELP && a != TUI_A_UP && a != TUI_A_DOWN && a != TUI_A_QUIT &&
	    a != TUI_A_HELP) {
		s->mode = home(s);	/* any other key returns from help */
		return TUI_HANDLED | TUI_REDRAW;
	}
	if (s->mode == TUI_MODE_PORTFOLIO)
		return portfolio_action(s, a);
	return action(s, a);
}

unsigned
tui_state_click_row(struct tui_state *s, size_t line)
{
	if (s->mode != TUI_MODE_MAIN || s->top + line >= s->nview)
		return 0;
	s->pane = TUI_PANE_LIST;
	select_at(s, (long)(s->top + line));
	return TUI_HANDLED | TUI_REDRAW;
}

unsigned
tui_state_click_header(struct tui_state *s, enum tui_col col)
{
	if (s->mode != TUI_MODE_MAIN || col >= TUI_COL_COUNT)
		return 0;
	set_sort(s, col);
	return TUI_HANDLED | TUI_REDRAW;
}
