/*
 * tui_state.h — the model of `mlfit tui`, without curses (htop's
 * Machine/Table, ncdu's dirlist.c): the workload, the constraints as the
 * user typed them, the cached estimates, the last result and the rows made
 * from it, sort, filter, search, selection, the edit in progress and the
 * key table.  tui_view.c draws it; cmd_tui.c feeds it events.
 *
 * Layer 5.  Every number on screen comes from optimize_recommend() (with a
 * memo of estimates, so a constraint change re-solves without
 * re-estimating) or from estimate_run() for the detail pane: the TUI never
 * computes a figure differently from `mlfit recommend` and `mlfit estimate`.
 *
 * Events: tui_state_key() and tui_state_click() take one event and return a
 * bitmask of enum tui_reaction (htop's HandlerResult): what must be
 * redrawn, whether to re-solve (the caller draws the stale screen first,
 * then calls tui_state_solve()), export or quit.
 *
 * Errors: a field typed wrong is refused with the message the CLI gives
 * for the same option (cli_quantity() and the filters' parsers); the
 * message is in s->message and the last good result stays.
 *
 * Ownership: the state borrows the cli (its catalog) and the workload's
 * profile; it owns everything else (tui_state_release()).
 */
#ifndef MLFIT_TUI_STATE_H
#define MLFIT_TUI_STATE_H

#include <stdbool.h>
#include <stddef.h>

#include "cmd.h"
#include "estimate.h"
#include "optimize.h"

/* Keys that are not characters (the view maps curses' codes onto these). */
enum tui_keycode {
	TUI_K_UP = 0x10000, TUI_K_DOWN, TUI_K_LEFT, TUI_K_RIGHT, TUI_K_PGUP, TUI_K_PGDN,
	TUI_K_HOME, TUI_K_END, TUI_K_ENTER, TUI_K_ESC, TUI_K_TAB, TUI_K_BTAB, TUI_K_BACKSPACE,
	TUI_K_F1, TUI_K_F10
};

enum tui_reaction {
	TUI_HANDLED = 1 << 0,		/* the key meant something */
	TUI_REDRAW = 1 << 1,		/* draw the screen again */
	TUI_RECOMPUTE = 1 << 2,		/* re-solve (tui_state_solve), then redraw */
	TUI_EXPORT = 1 << 3,		/* write the comparison (tui_export) */
	TUI_QUIT = 1 << 4,
	TUI_WORKLOAD = 1 << 5		/* the form chose a workload (tui_state_form_choice) */
};

enum tui_action {
	TUI_A_HELP, TUI_A_QUIT, TUI_A_NEXT_PANE, TUI_A_PREV_PANE, TUI_A_UP, TUI_A_DOWN,
	TUI_A_PGUP, TUI_A_PGDN, TUI_A_HOME, TUI_A_END, TUI_A_EDIT, TUI_A_OBJECTIVE, TUI_A_SORT,
	TUI_A_SORT_PREV, TUI_A_SORT_NEXT, TUI_A_SEARCH, TUI_A_FILTER, TUI_A_INFEASIBLE,
	TUI_A_PARETO, TUI_A_EXPORT, TUI_A_RESOLVE
};

/* One line of the key table: it drives the handling, the help and the footer. */
struct tui_key {
	int keys[3];			/* 0-terminated when fewer */
	const char *label;		/* "q/F10" */
	const char *footer;		/* short word for the footer, or NULL */
	const char *help;		/* the help screen's line */
	enum tui_action action;
};

extern const struct tui_key tui_keys[];
extern const size_t tui_nkeys;

enum tui_pane { TUI_PANE_LIST, TUI_PANE_CONSTRAINTS, TUI_PANE_DETAIL, TUI_PANE_COUNT };
/* FORM: no workload yet, pick a zoo model and the task. */
/* PORTFOLIO: `--plan FILE`, the plan's own report, horizon and budget edited. */
enum tui_mode { TUI_MODE_MAIN, TUI_MODE_HELP, TUI_MODE_PARETO, TUI_MODE_FORM,
		TUI_MODE_PORTFOLIO };

/* The constraints pane, in order; each is a recommend option. */
enum tui_field {
	TUI_F_OBJECTIVE, TUI_F_MAX_COST, TUI_F_DEADLINE, TUI_F_LATENCY, TUI_F_MAX_DEVICES,
	TUI_F_PROVIDERS, TUI_F_REGIONS, TUI_F_COUNTRIES, TUI_F_DEVICES, TUI_F_KIND, TUI_F_ON_PREM,
	TUI_F_COUNT
};

/* The option a field stands for ("max-cost", …) and its label ("budget"). */
const char *tui_field_option(enum tui_field f);
const char *tui_field_label(enum tui_field f);

/* Sortable columns of the ranked list. */
enum tui_col { TUI_COL_RANK, TUI_COL_PLACEMENT, TUI_COL_TIME, TUI_COL_ENERGY, TUI_COL_CO2E,
	       TUI_COL_COST, TUI_COL_COUNT };

const char *tui_col_name(enum tui_col c);

/* What the keys type into: nothing, a field, the search, the filter, or the sort column. */
enum tui_edit { TUI_EDIT_NONE, TUI_EDIT_FIELD, TUI_EDIT_SEARCH, TUI_EDIT_FILTER, TUI_EDIT_SORT,
		TUI_EDIT_PF };

/* The portfolio view's fields: plan's --horizon and --budget. */
enum tui_pf_field { TUI_PF_HORIZON, TUI_PF_BUDGET, TUI_PF_COUNT };

/* Marker bits of a row: the constraint (enum opt_constraint) it is close to. */
struct tui_row {
	const struct opt_item *item;	/* in s->result.eval; NULL: did not fit or skipped */
	struct placement pl;
	char name[200];			/* report_placement_name() */
	char reason[320];		/* why it is infeasible ("" if feasible) */
	bool feasible, best;
	unsigned rank;			/* by the objective among feasible rows, 1-based; 0: none */
	unsigned near;			/* bit per numeric constraint within 10 % of its limit */
	double time_s, energy_j, co2e_g, cost_usd;	/* time: latency when serving a rate */
	bool cost_known;
	unsigned devices;
};

struct tui_state {
	struct cli *cli;		/* borrowed: catalog, and the CLI's parsers */
	struct workload w;
	char *model_label;		/* "resnet50" … */
	bool have_workload;

	/* the form (TUI_MODE_FORM): zoo names, owned; the choice */
	char **zoo;
	size_t nzoo, zoo_sel;
	bool form_infer;
	char form_requests[64];		/* inference: the number of requests, as typed */

	/* the portfolio view (TUI_MODE_PORTFOLIO) */
	bool portfolio;
	char *pf_file;
	char *pf_value[TUI_PF_COUNT];	/* as typed; NULL: the file's or plan's default */
	enum tui_pf_field pf_field;
	char *pf_text;			/* `mlfit plan`'s report of the last good solve */
	size_t pf_top;			/* its first line shown */

	char *text[TUI_F_COUNT];	/* constraints as typed; NULL: none */
	enum opt_metric objective;
	struct opt_cache *cache;

	struct opt_result result;	/* the last good solve */
	bool have_result;
	bool stale;			/* constraints changed since result */
	bool pareto_wanted;		/* include the front in the next solve */
	double solve_s;			/* the last solve's wall time */
	size_t new_estimates;		/* estimates the last solve ran */
	char status_line[160];		/* "optimal in 3.2 ms" / "infeasible" */

	struct tui_row *rows;
	size_t nrows;
	size_t *view;			/* visible rows (filter, infeasible), sorted */
	size_t nview;

	enum tui_col sort_col;
	bool sort_reverse;
	bool show_infeasible;
	char filter[256];
	char search[256];

	enum tui_mode mode;
	enum tui_pane pane;
	size_t sel;			/* index into view */
	size_t top;			/* first visible row of view */
	size_t page;			/* rows the list shows (set by the view) */
	enum tui_field field;		/* the constraints pane's cursor */
	size_t pareto_sel;		/* the Pareto view's point */
	size_t help_top;

	enum tui_edit edit;
	char editbuf[256];
	size_t editlen;

	char message[MLF_ERR_MSG_MAX];	/* a refusal, an error, or what export wrote */
	bool message_is_error;

	struct estimate detail;		/* the selected row's full estimate */
	bool have_detail;
	char *detail_text;		/* report_estimate_text() of it, lines */
	size_t detail_top;		/* its first line shown (the detail pane scrolls) */
	char counterfactual[320];
};

/*
 * Sets up the state for workload w (copied; its profile is borrowed) and
 * the catalog of cli (loaded).  model_label names the model in the header.
 */
void tui_state_init(struct tui_state *s, struct cli *cli, const struct workload *w,
		    const char *model_label);
void tui_state_release(struct tui_state *s);

/*
 * Opens on the form instead (no workload given): the user picks one of the
 * zoo names (taken over, with the array) and the task; tui_state_key()
 * returns TUI_WORKLOAD on Enter, and the caller builds the workload and
 * calls tui_state_set_workload() (or sets s->message with the refusal).
 */
void tui_state_init_form(struct tui_state *s, struct cli *cli, char **zoo, size_t nzoo);
/*
 * Opens on the portfolio view of a workloads file (--plan), with starting
 * horizon and budget (NULL: none).  Each TUI_RECOMPUTE asks the caller to
 * run `mlfit plan` with tui_state_pf_args() and to hand back what it
 * printed with tui_state_pf_done(): the plan command itself checks the
 * values, so a refused one carries its message.
 */
void tui_state_init_portfolio(struct tui_state *s, struct cli *cli, const char *file,
			      const char *horizon, const char *budget);
/* "FILE", "--horizon", "3y", "--budget", … (the value being edited, if any). */
size_t tui_state_pf_args(const struct tui_state *s, const char **argv, size_t max);
/*
 * The plan's outcome: status is its exit status; output its report (taken
 * over, may be NULL), msg its error.  A usage or data error refuses the
 * value being edited (the field stays open); otherwise the value is kept.
 */
void tui_state_pf_done(struct tui_state *s, int status, char *output, const char *msg);

/* Takes a workload (copied; profile borrowed): the memo is emptied, main view. */
void tui_state_set_workload(struct tui_state *s, const struct workload *w,
			    const char *model_label);

/*
 * Sets one constraint from text as the recommend option would take it (""
 * or NULL clears it).  Returns 0, or -1 with err holding the CLI's message
 * for that option; the field then keeps its old value.
 */
int tui_state_set_field(struct tui_state *s, enum tui_field f, const char *text,
			struct mlf_err *err);

/* The field's text for display ("" when unset). */
const char *tui_state_field_text(const struct tui_state *s, enum tui_field f);

/*
 * Fills rq from the constraints (rq->filter resolved against the catalog;
 * release it with candidates_filter_release()); sets the workload's latency
 * SLO.  -1 with err if a
 * constraint does not resolve.
 */
int tui_state_request(struct tui_state *s, struct opt_request *rq, struct mlf_err *err);

/*
 * Re-solves with the current constraints through optimize_recommend() and
 * the memo of estimates; rebuilds the rows.  On failure (-1, err and
 * s->message set) the last good result and rows stay.
 */
int tui_state_solve(struct tui_state *s, struct mlf_err *err);

/* One key; returns enum tui_reaction bits. */
unsigned tui_state_key(struct tui_state *s, int key);

/* A click on list row `line` (0: first visible) or on column header `col`. */
unsigned tui_state_click_row(struct tui_state *s, size_t line);
unsigned tui_state_click_header(struct tui_state *s, enum tui_col col);

/* The list shows `rows` rows now (after a resize); keeps the selection visible. */
void tui_state_set_page(struct tui_state *s, size_t rows);

/* The selected row, or NULL. */
const struct tui_row *tui_state_selected(const struct tui_state *s);

/*
 * The constraints as recommend options ("--objective", "cost",
 * "--max-cost", "500", …) into argv (at most max entries; strings borrowed
 * from s); returns how many.  Export runs `mlfit recommend` with them.
 */
size_t tui_state_args(const struct tui_state *s, const char **argv, size_t max);

#endif
