/*
 * tui_view.c — draws `mlfit tui` with curses; the only file that includes
 * curses (tests/check-layers.sh keeps it so).
 *
 * The screen, top to bottom: the header (workload, objective, solver
 * status, the best plan), the ranked list with its column titles, the
 * counterfactual line, the bottom panes (constraints and detail side by
 * side from 120 columns, else the focused one), the message or prompt
 * line, and the footer, which like the help screen is printed from the
 * key table.  Drawing only reads the state, except the page size the list
 * has room for, which the state needs for PgUp/PgDn.
 *
 * Colour never carries meaning alone: best, infeasible and near-limit rows
 * have markers (* ! ^), and without colour (NO_COLOR, or a terminal
 * without it) the selection is reverse video and infeasible rows are dim.
 * Everything drawn is ASCII, so a C locale shows it as a UTF-8 one does.
 */
#include "config.h"

#include "tui_view.h"

#include <curses.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "report_estimate.h"
#include "units.h"

enum { PAIR_HEADER = 1, PAIR_BEST, PAIR_BAD, PAIR_NEAR, PAIR_ERROR, PAIR_FRONT };

static bool started, colour;

/* ---- terminal ---- */

int
tui_view_start(bool monochrome, struct mlf_err *err)
{
	if (initscr() == NULL)
		return mlf_err_set(err, MLF_E_USAGE, "mlfit tui needs a terminal; use mlfit recommend "
				   "for scripts");
	started = true;
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	set_escdelay(25);
	curs_set(0);
	mousemask(BUTTON1_CLICKED | BUTTON1_PRESSED, NULL);
	mouseinterval(0);
	colour = !monochrome && has_colors();
	if (colour) {
		start_color();
		use_default_colors();
		init_pair(PAIR_HEADER, COLOR_WHITE, COLOR_BLUE);
		init_pair(PAIR_BEST, COLOR_GREEN, -1);
		init_pair(PAIR_BAD, COLOR_RED, -1);
		init_pair(PAIR_NEAR, COLOR_YELLOW, -1);
		init_pair(PAIR_ERROR, COLOR_WHITE, COLOR_RED);
		init_pair(PAIR_FRONT, COLOR_CYAN, -1);
	}
	return 0;
}

void
tui_view_stop(void)
{
	if (!started)
		return;
	started = false;
	endwin();
}

static attr_t
pair(int p)
{
	return colour ? COLOR_PAIR(p) : 0;
}

/* ---- text helpers ---- */

/* Writes text at (y, x) in at most w columns, cut with '~' when longer. */
static void
put(int y, int x, int w, const char *text)
{
	int len = (int)strlen(text);

	if (w <= 0)
		return;
	if (len <= w) {
		mvaddnstr(y, x, text, len);
	} else {
		mvaddnstr(y, x, text, w - 1);
		addch('~');
	}
}

/* Fills a line from x to the right edge with blanks, then writes text. */
static void
line(int y, int x, int w, const char *text)
{
	move(y, x);
	hline(' ', w);
	put(y, x, w, text);
}

static const char *
fmt(double v, enum unit_dim dim, char *buf, size_t size)
{
	if (!isfinite(v))
		return "-";
	return units_format(v, dim, buf, size);
}

/* ---- header ---- */

static void
workload_text(const struct tui_state *s, char *buf, size_t size)
{
	const struct workload *w = &s->w;
	char a[48], b[48];

	if (w->task == TASK_TRAIN) {
		if (w->flops > 0)
			snprintf(buf, size, "%s, training, %s", s->model_label,
				 units_format(w->flops, DIM_FLOPS, a, sizeof(a)));
		else if (w->tokens > 0)
			snprintf(buf, size, "%s, training on %s tokens", s->model_label,
				 units_gfmt(w->tokens, 4, a, sizeof(a)));
		else
			snprintf(buf, size, "%s, training %s epochs of %s samples", s->model_label,
				 units_gfmt(w->epochs, 4, a, sizeof(a)),
				 units_gfmt(w->samples, 4, b, sizeof(b)));
	} else if (w->rate > 0) {
		snprintf(buf, size, "%s, serving %s requests/s for %s", s->model_label,
			 units_gfmt(w->rate, 4, a, sizeof(a)),
			 units_format(w->duration_s, DIM_TIME, b, sizeof(b)));
	} else {
		snprintf(buf, size, "%s, serving %s requests", s->model_label,
			 units_gfmt(w->requests, 4, a, sizeof(a)));
	}
	snprintf(buf + strlen(buf), size - strlen(buf), ", %s", precision_name(w->precision));
}

static void
draw_header(const struct tui_state *s, int cols)
{
	const struct opt_result *r = &s->result;
	char wl[256], buf[512], a[48], b[48], c[48], name[256];
	size_t i, feasible = 0;

	workload_text(s, wl, sizeof(wl));
	/* the status first: a narrow terminal cuts the workload, not the status */
	snprintf(buf, sizeof(buf), " mlfit tui | objective %s | %s%s | %s",
		 optimize_metric_name(s->objective), s->have_result ? s->status_line : "not solved",
		 s->stale ? " | STALE: solving" : "", wl);
	attron(pair(PAIR_HEADER) | A_BOLD);
	line(0, 0, cols, buf);
	attroff(pair(PAIR_HEADER) | A_BOLD);
	for (i = 0; i < s->nrows; i++)
		feasible += s->rows[i].feasible;
	if (r->found && r->best.nparts > 0) {
		name[0] = '\0';
		for (i = 0; i < r->best.nparts; i++) {
			char one[200];

			report_placement_name(&r->best.parts[i].pl, one, sizeof(one));
			snprintf(name + strlen(name), sizeof(name) - strlen(name), "%s%s",
				 i ? " + " : "", one);
		}
		snprintf(buf, sizeof(buf), " best: %s", name);
		line(1, 0, cols, buf);
		snprintf(buf, sizeof(buf), "       %s CO2e, %s, %s, %s; %zu feasible of %zu options, "
			 "%zu new estimates", fmt(r->best.co2e_g, DIM_MASS, a, sizeof(a)),
			 fmt(r->best.energy_j, DIM_ENERGY, b, sizeof(b)),
			 fmt(r->rate_mode ? r->best.latency_s : r->best.time_s, DIM_TIME, c, sizeof(c)),
			 r->best.cost_known ? units_format(r->best.cost_usd, DIM_MONEY, name,
							   sizeof(name)) : "cost unknown",
			 feasible, s->nrows, s->new_estimates);
		line(2, 0, cols, buf);
	} else if (s->have_result) {
		attron(pair(PAIR_BAD) | A_BOLD);
		line(1, 0, cols, " no placement meets the constraints (i shows why each fails)");
		attroff(pair(PAIR_BAD) | A_BOLD);
		buf[0] = '\0';
		if (r->nofit[0])
			snprintf(buf, sizeof(buf), " the model fits on no candidate: %s", r->nofit);
		else if (r->nwhy > 0 && r->why[0].feasible && r->why[0].c < OPT_C_FIRST_FILTER)
			snprintf(buf, sizeof(buf), " without %s the best value is %s",
				 optimize_constraint_name(r->why[0].c),
				 r->why[0].c == OPT_C_MAX_COST ? fmt(r->why[0].value, DIM_MONEY, a, sizeof(a))
				 : r->why[0].c == OPT_C_MAX_DEVICES ? units_gfmt(r->why[0].value, 4, a, sizeof(a))
				 : fmt(r->why[0].value, DIM_TIME, a, sizeof(a)));
		line(2, 0, cols, buf);
	} else {
		line(1, 0, cols, "");
		line(2, 0, cols, "");
	}
}

/* ---- the list ---- */

#define NUM_W 10

static int
name_width(int cols)
{
	return cols - 6 - 4 * (NUM_W + 1);
}

static void
draw_titles(const struct tui_state *s, int y, int cols)
{
	static const char *const titles[TUI_COL_COUNT] = {
		"#", "PLACEMENT", "TIME", "ENERGY", "CO2E", "COST"
	};
	char buf[64];
	int c, x;

	move(y, 0);
	hline(' ', cols);
	attron(A_BOLD | A_UNDERLINE);
	for (c = 0, x = 0; c < TUI_COL_COUNT; c++) {
		int w = c == TUI_COL_RANK ? 5 : c == TUI_COL_PLACEMENT ? name_width(cols) : NUM_W;
		const char *t = c == TUI_COL_TIME && s->result.rate_mode ? "LATENCY" : titles[c];

		snprintf(buf, sizeof(buf), "%s%s", t,
			 (int)s->sort_col == c ? (s->sort_reverse ? "-" : "+") : "");
		if (c >= TUI_COL_TIME)
			mvprintw(y, x, "%*s", w, buf);
		else
			put(y, x + (c == TUI_COL_PLACEMENT), w, buf);
		x += w + 1;
	}
	attroff(A_BOLD | A_UNDERLINE);
}

static void
draw_row(const struct tui_state *s, const struct tui_row *r, int y, int cols, bool selected)
{
	char rank[16], a[48];
	int nw = name_width(cols), x;
	attr_t at = 0;
	char mark = r->best ? '*' : !r->feasible ? '!' : r->near ? '^' : ' ';

	if (!r->feasible)
		at |= A_DIM | pair(PAIR_BAD);
	else if (r->best)
		at |= A_BOLD | pair(PAIR_BEST);
	if (selected)
		at |= A_REVERSE;
	attron(at);
	move(y, 0);
	hline(' ', cols);
	snprintf(rank, sizeof(rank), "%c%3s", mark, r->rank ? "" : "-");
	if (r->rank)
		snprintf(rank, sizeof(rank), "%c%3u", mark, r->rank);
	mvaddstr(y, 0, rank);
	put(y, 6, nw - 1, r->name);
	x = 6 + nw;
	if (!r->feasible && !s->show_infeasible)
		goto out;
	if (!r->feasible && r->item == NULL) {
		put(y, x, cols - x, r->reason);
		goto out;
	}
	mvprintw(y, x, "%*s", NUM_W, fmt(r->time_s, DIM_TIME, a, sizeof(a)));
	if (r->near & (1u << OPT_C_DEADLINE))
		mvaddch(y, x + NUM_W, '^');
	x += NUM_W + 1;
	mvprintw(y, x, "%*s", NUM_W, fmt(r->energy_j, DIM_ENERGY, a, sizeof(a)));
	x += NUM_W + 1;
	mvprintw(y, x, "%*s", NUM_W, fmt(r->co2e_g, DIM_MASS, a, sizeof(a)));
	x += NUM_W + 1;
	mvprintw(y, x, "%*s", NUM_W, r->cost_known ? units_format(r->cost_usd, DIM_MONEY, a,
								  sizeof(a)) : "-");
	if (r->near & (1u << OPT_C_MAX_COST))
		mvaddch(y, x + NUM_W, '^');
out:
	attroff(at);
}

/* Infeasible rows with figures get their reason on the line below the list. */
static void
draw_list(struct tui_state *s, int y0, int rows, int cols)
{
	int i;

	tui_state_set_page(s, (size_t)(rows > 0 ? rows : 1));
	for (i = 0; i < rows; i++) {
		size_t k = s->top + (size_t)i;

		if (k >= s->nview) {
			move(y0 + i, 0);
			hline(' ', cols);
			continue;
		}
		draw_row(s, &s->rows[s->view[k]], y0 + i, cols,
			 k == s->sel && s->pane == TUI_PANE_LIST);
		if (k == s->sel && s->pane != TUI_PANE_LIST)
			mvaddch(y0 + i, 0, '>');
	}
}

static void
draw_counterfactual(const struct tui_state *s, int y, int cols)
{
	const struct tui_row *r = tui_state_selected(s);
	char buf[600];

	if (r != NULL && !r->feasible)
		snprintf(buf, sizeof(buf), " ! %s: %s", r->name, r->reason);
	else if (s->nview == 0 && s->have_result)
		snprintf(buf, sizeof(buf), " %s", s->show_infeasible || s->nrows == 0
			 ? "no options match" : "no feasible option (i shows the infeasible ones)");
	else
		snprintf(buf, sizeof(buf), " %s", s->counterfactual);
	attron(A_BOLD);
	line(y, 0, cols, buf);
	attroff(A_BOLD);
}

/* ---- bottom panes ---- */

static void
pane_title(int y, int x, int w, const char *title, bool focused)
{
	char buf[128];

	snprintf(buf, sizeof(buf), "%s %s ", focused ? "[*]" : "[ ]", title);
	attron(A_BOLD | (focused ? A_REVERSE : 0));
	move(y, x);
	hline('-', w);
	put(y, x, w, buf);
	attroff(A_BOLD | (focused ? A_REVERSE : 0));
}

static void
draw_constraints(const struct tui_state *s, int y0, int x, int w, int h)
{
	bool focused = s->pane == TUI_PANE_CONSTRAINTS;
	int rows = h - 1, first = 0, i;
	char buf[512];

	pane_title(y0, x, w, "constraints (Enter edits)", focused);
	if ((int)s->field >= rows)
		first = (int)s->field - rows + 1;
	for (i = 0; i < rows; i++) {
		int f = first + i;
		bool bind;

		move(y0 + 1 + i, x);
		hline(' ', w);
		if (f >= TUI_F_COUNT)
			continue;
		bind = f >= TUI_F_MAX_COST && f - TUI_F_MAX_COST < OPT_C_COUNT &&
		       (s->result.binding & (1u << (f - TUI_F_MAX_COST)));
		snprintf(buf, sizeof(buf), "%c%-13s %s%s", focused && (int)s->field == f ? '>' : ' ',
			 tui_field_label((enum tui_field)f),
			 tui_state_field_text(s, (enum tui_field)f)[0] ? tui_state_field_text(s,
			 (enum tui_field)f) : "-", bind ? "  (binds)" : "");
		if (focused && (int)s->field == f)
			attron(A_REVERSE);
		put(y0 + 1 + i, x, w, buf);
		if (focused && (int)s->field == f)
			attroff(A_REVERSE);
	}
}

static size_t count_lines(const char *text);

static void
draw_detail(struct tui_state *s, int y0, int x, int w, int h)
{
	const char *p = s->detail_text;
	size_t total = count_lines(p), i;
	int y = y0 + 1;

	if (s->detail_top + (size_t)(h - 1) > total)
		s->detail_top = total > (size_t)(h - 1) ? total - (size_t)(h - 1) : 0;
	for (i = 0; p && i < s->detail_top; i++)
		p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL;
	pane_title(y0, x, w, s->detail_top ? "detail (mlfit estimate), scrolled"
		   : "detail (mlfit estimate)", s->pane == TUI_PANE_DETAIL);
	while (y < y0 + h) {
		const char *nl = p ? strchr(p, '\n') : NULL;
		char buf[512];
		size_t len;

		move(y, x);
		hline(' ', w);
		if (p == NULL || *p == '\0') {
			y++;
			continue;
		}
		len = nl ? (size_t)(nl - p) : strlen(p);
		snprintf(buf, sizeof(buf), "%.*s", (int)(len < sizeof(buf) ? len : sizeof(buf) - 1),
			 p);
		put(y, x, w, buf);
		p = nl ? nl + 1 : NULL;
		y++;
	}
}

/* ---- prompt, message, footer ---- */

static void
draw_prompt(const struct tui_state *s, int y, int cols)
{
	char buf[MLF_ERR_MSG_MAX + 300];

	switch (s->edit) {
	case TUI_EDIT_FIELD:
		snprintf(buf, sizeof(buf), " %s (--%s): %s_", tui_field_label(s->field),
			 tui_field_option(s->field), s->editbuf);
		break;
	case TUI_EDIT_SEARCH:
		snprintf(buf, sizeof(buf), " search: %s_", s->editbuf);
		break;
	case TUI_EDIT_FILTER:
		snprintf(buf, sizeof(buf), " filter: %s_", s->editbuf);
		break;
	case TUI_EDIT_SORT:
		snprintf(buf, sizeof(buf), " sort by: r rank, p placement, t time, e energy, c co2e, "
			 "$ cost (the same again reverses)");
		break;
	case TUI_EDIT_NONE:
	default:
		buf[0] = '\0';
		break;
	}
	if (s->message[0] && s->edit == TUI_EDIT_NONE)
		snprintf(buf, sizeof(buf), " %s", s->message);
	if (s->message[0] && s->edit != TUI_EDIT_NONE) {
		/* the refusal on this line, the field still open on the footer's */
		attron(pair(PAIR_ERROR) | A_BOLD);
		line(y, 0, cols, s->message);
		attroff(pair(PAIR_ERROR) | A_BOLD);
		return;
	}
	if (s->message_is_error && s->message[0])
		attron(pair(PAIR_ERROR) | A_BOLD);
	line(y, 0, cols, buf);
	if (s->message_is_error && s->message[0])
		attroff(pair(PAIR_ERROR) | A_BOLD);
}

static void
draw_footer(const struct tui_state *s, int y, int cols)
{
	char buf[512];
	size_t i, len = 0;

	if (s->edit == TUI_EDIT_FIELD && s->message[0]) {
		snprintf(buf, sizeof(buf), " %s (--%s): %s_   (Enter keeps, Esc cancels)",
			 tui_field_label(s->field), tui_field_option(s->field), s->editbuf);
		line(y, 0, cols, buf);
		return;
	}
	buf[0] = '\0';
	for (i = 0; i < tui_nkeys && len < sizeof(buf); i++)
		if (tui_keys[i].footer)
			len += (size_t)snprintf(buf + len, sizeof(buf) - len, "%s%s:%s",
						len ? " " : " ", tui_keys[i].label, tui_keys[i].footer);
	attron(A_REVERSE);
	line(y, 0, cols, buf);
	attroff(A_REVERSE);
}

/* ---- help ---- */

static void
draw_help(const struct tui_state *s, int lines, int cols)
{
	char buf[256];
	int y;
	size_t i;

	erase();
	attron(pair(PAIR_HEADER) | A_BOLD);
	line(0, 0, cols, " mlfit tui: keys (Up/Down scroll; any other key returns)");
	attroff(pair(PAIR_HEADER) | A_BOLD);
	for (i = s->help_top, y = 2; i < tui_nkeys && y < lines - 2; i++, y++) {
		snprintf(buf, sizeof(buf), "  %-12s %s", tui_keys[i].label, tui_keys[i].help);
		put(y, 0, cols, buf);
	}
	if (y < lines - 2)
		put(++y, 0, cols, "  mouse        click a row to select it, a column title to sort by it");
	if (y + 1 < lines - 2)
		put(y + 1, 0, cols, "  markers      * best plan   ! infeasible   ^ within 10 % of a "
		    "binding limit");
}

/* ---- Pareto view ---- */

static double
axis_value(const struct tui_state *s, const struct opt_plan *p, bool x_axis)
{
	enum opt_metric ax = s->objective == OPT_COST ? OPT_CO2E : OPT_COST;

	return optimize_plan_metric(p, x_axis ? ax : s->objective);
}

static enum unit_dim
metric_dim(enum opt_metric m)
{
	return m == OPT_CO2E ? DIM_MASS : m == OPT_ENERGY ? DIM_ENERGY : m == OPT_COST ? DIM_MONEY
										       : DIM_TIME;
}

static void
draw_pareto(const struct tui_state *s, int lines, int cols)
{
	const struct opt_result *r = &s->result;
	enum opt_metric ax = s->objective == OPT_COST ? OPT_CO2E : OPT_COST;
	int px = 12, py = 3, pw = cols - px - 2, ph = lines - py - 6, y;
	double x0 = HUGE_VAL, x1 = -HUGE_VAL, y0 = HUGE_VAL, y1 = -HUGE_VAL;
	char buf[512], a[48], b[48];
	size_t i;

	erase();
	snprintf(buf, sizeof(buf), " Pareto front: %s (up) against %s (right); %zu points%s; "
		 "arrows move, p or Esc returns", optimize_metric_name(s->objective),
		 optimize_metric_name(ax), r->npareto, r->pareto_truncated ? " (the first)" : "");
	attron(pair(PAIR_HEADER) | A_BOLD);
	line(0, 0, cols, buf);
	attroff(pair(PAIR_HEADER) | A_BOLD);
	if (r->npareto == 0) {
		put(2, 1, cols - 2, s->stale ? "solving..." : "no front: nothing is feasible");
		return;
	}
	for (i = 0; i < r->npareto; i++) {
		double vx = axis_value(s, &r->pareto[i], true), vy = axis_value(s, &r->pareto[i], false);

		x0 = fmin(x0, vx), x1 = fmax(x1, vx), y0 = fmin(y0, vy), y1 = fmax(y1, vy);
	}
	if (!(x1 > x0))
		x1 = x0 + fmax(fabs(x0) * 0.1, 1e-9);
	if (!(y1 > y0))
		y1 = y0 + fmax(fabs(y0) * 0.1, 1e-9);
	for (y = 0; y <= ph; y++)
		mvaddch(py + y, px - 1, '|');
	move(py + ph + 1, px - 1);
	hline('-', pw + 1);
	mvaddstr(py, 0, fmt(y1, metric_dim(s->objective), a, sizeof(a)));
	mvaddstr(py + ph, 0, fmt(y0, metric_dim(s->objective), a, sizeof(a)));
	mvaddstr(py + ph + 2, px, fmt(x0, metric_dim(ax), a, sizeof(a)));
	put(py + ph + 2, px + pw - 10, 10, fmt(x1, metric_dim(ax), a, sizeof(a)));
	for (i = 0; i < r->npareto; i++) {
		double vx = axis_value(s, &r->pareto[i], true), vy = axis_value(s, &r->pareto[i], false);
		int cx = px + (int)lround((vx - x0) / (x1 - x0) * (pw - 1));
		int cy = py + ph - (int)lround((vy - y0) / (y1 - y0) * ph);
		bool pick = i == 0;	/* the front starts at the least objective: the pick */
		attr_t at = i == s->pareto_sel ? A_REVERSE | A_BOLD : pair(PAIR_FRONT) | A_BOLD;

		attron(at);
		mvaddch(cy, cx, i == s->pareto_sel ? '@' : pick ? '*' : 'o');
		attroff(at);
	}
	{
		const struct opt_plan *p = &r->pareto[s->pareto_sel];
		char name[256];

		report_placement_name(&p->parts[0].pl, name, sizeof(name));
		snprintf(buf, sizeof(buf), " @ point %zu of %zu: %s%s", s->pareto_sel + 1, r->npareto,
			 name, p->nparts > 1 ? " + ..." : "");
		line(lines - 2, 0, cols, buf);
		snprintf(buf, sizeof(buf), "   %s %s, %s %s   (* the recommended plan, o the front)",
			 optimize_metric_name(s->objective),
			 fmt(axis_value(s, p, false), metric_dim(s->objective), a, sizeof(a)),
			 optimize_metric_name(ax), fmt(axis_value(s, p, true), metric_dim(ax), b,
							 sizeof(b)));
		line(lines - 1, 0, cols, buf);
	}
}

/* ---- the portfolio view ---- */

static size_t
count_lines(const char *text)
{
	size_t n = 0;

	for (; text && *text; text++)
		n += *text == '\n';
	return n;
}

static void
draw_portfolio(struct tui_state *s, int lines, int cols)
{
	static const char *const labels[TUI_PF_COUNT] = { "horizon", "budget" };
	int rows = lines - 7, y, f;
	size_t total = count_lines(s->pf_text), i;
	const char *p = s->pf_text;
	char buf[MLF_ERR_MSG_MAX + 300];

	erase();
	snprintf(buf, sizeof(buf), " mlfit tui | portfolio %s | %s", s->pf_file,
		 s->stale ? "STALE: solving" : "mlfit plan's report, re-solved on each change");
	attron(pair(PAIR_HEADER) | A_BOLD);
	line(0, 0, cols, buf);
	attroff(pair(PAIR_HEADER) | A_BOLD);
	for (f = 0; f < TUI_PF_COUNT; f++) {
		bool cur = s->pane == TUI_PANE_CONSTRAINTS && (int)s->pf_field == f;

		snprintf(buf, sizeof(buf), "%c%-8s %s", cur ? '>' : ' ', labels[f],
			 s->pf_value[f] ? s->pf_value[f] : "- (the file's)");
		if (cur)
			attron(A_REVERSE);
		line(1 + f, 0, cols, buf);
		if (cur)
			attroff(A_REVERSE);
	}
	tui_state_set_page(s, (size_t)rows);
	if (s->pf_top + (size_t)rows > total)
		s->pf_top = total > (size_t)rows ? total - (size_t)rows : 0;
	for (i = 0; p && *p && i < s->pf_top; i++)
		p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL;
	for (y = 4; y < 4 + rows; y++) {
		const char *nl = p ? strchr(p, '\n') : NULL;
		size_t len = p ? (nl ? (size_t)(nl - p) : strlen(p)) : 0;

		snprintf(buf, sizeof(buf), "%.*s", (int)(len < 400 ? len : 400), p ? p : "");
		line(y, 0, cols, buf);
		p = nl ? nl + 1 : NULL;
	}
	if (s->edit == TUI_EDIT_PF)
		snprintf(buf, sizeof(buf), " %s (--%s): %s_", labels[s->pf_field], labels[s->pf_field],
			 s->editbuf);
	else
		buf[0] = '\0';
	if (s->message[0]) {
		attron(pair(PAIR_ERROR) | A_BOLD);
		line(lines - 3, 0, cols, s->message);
		attroff(pair(PAIR_ERROR) | A_BOLD);
	} else {
		line(lines - 3, 0, cols, "");
	}
	line(lines - 2, 0, cols, buf);
	attron(A_REVERSE);
	line(lines - 1, 0, cols, " ?:help q:quit Tab:pane Enter:edit Up/Down/PgUp/PgDn:scroll "
	     "e:export r:re-solve");
	attroff(A_REVERSE);
}

/* ---- the form: no workload given ---- */

static void
draw_form(const struct tui_state *s, int lines, int cols)
{
	char buf[256];
	int rows = lines - 8, first = 0, i;

	erase();
	attron(pair(PAIR_HEADER) | A_BOLD);
	line(0, 0, cols, " mlfit tui | pick a model of the zoo and the task");
	attroff(pair(PAIR_HEADER) | A_BOLD);
	snprintf(buf, sizeof(buf), " task: %s   (t switches)%s%s%s", s->form_infer ? "inference"
		 : "training (the model's own data set, 1 epoch)", s->form_infer ?
		 "   requests: " : "", s->form_infer ? s->form_requests : "",
		 s->form_infer ? "_ (type the number)" : "");
	put(2, 0, cols, buf);
	if ((int)s->zoo_sel >= rows)
		first = (int)s->zoo_sel - rows + 1;
	for (i = 0; i < rows && (size_t)(first + i) < s->nzoo; i++) {
		bool sel = (size_t)(first + i) == s->zoo_sel;

		snprintf(buf, sizeof(buf), " %c %s", sel ? '>' : ' ', s->zoo[first + i]);
		if (sel)
			attron(A_REVERSE);
		line(4 + i, 0, 40, buf);
		if (sel)
			attroff(A_REVERSE);
	}
	if (s->message[0]) {
		attron(pair(PAIR_ERROR) | A_BOLD);
		line(lines - 2, 0, cols, s->message);
		attroff(pair(PAIR_ERROR) | A_BOLD);
	}
	attron(A_REVERSE);
	line(lines - 1, 0, cols, " Up/Down:model t:task Enter:open q:quit   (mlfit tui MODEL "
	     "[options] starts on the comparison)");
	attroff(A_REVERSE);
}

/* ---- the screen ---- */

static void
draw_too_small(int lines, int cols)
{
	char buf[96];

	erase();
	snprintf(buf, sizeof(buf), "terminal too small: %dx%d, needs %dx%d", cols, lines,
		 TUI_MIN_COLS, TUI_MIN_LINES);
	put(lines / 2, 0, cols, buf);
}

void
tui_view_draw(struct tui_state *s)
{
	int lines = LINES, cols = COLS, bottom, list_rows, y;

	if (cols < TUI_MIN_COLS || lines < TUI_MIN_LINES) {
		draw_too_small(lines, cols);
	} else if (s->mode == TUI_MODE_PORTFOLIO) {
		draw_portfolio(s, lines, cols);
	} else if (s->mode == TUI_MODE_FORM) {
		draw_form(s, lines, cols);
	} else if (s->mode == TUI_MODE_HELP) {
		draw_help(s, lines, cols);
	} else if (s->mode == TUI_MODE_PARETO) {
		draw_pareto(s, lines, cols);
	} else {
		bottom = lines >= 36 ? 13 : 9;
		list_rows = lines - 3 - 1 - 1 - bottom - 2;
		draw_header(s, cols);
		draw_titles(s, 3, cols);
		draw_list(s, 4, list_rows, cols);
		y = 4 + list_rows;
		draw_counterfactual(s, y++, cols);
		if (cols >= 120) {
			draw_constraints(s, y, 0, 44, bottom);
			draw_detail(s, y, 45, cols - 45, bottom);
		} else if (s->pane == TUI_PANE_CONSTRAINTS) {
			draw_constraints(s, y, 0, cols, bottom);
		} else {
			draw_detail(s, y, 0, cols, bottom);
		}
		draw_prompt(s, lines - 2, cols);
		draw_footer(s, lines - 1, cols);
	}
	refresh();
}

/* ---- input ---- */

static int
map_key(int ch)
{
	switch (ch) {
	case KEY_UP: return TUI_K_UP;
	case KEY_DOWN: return TUI_K_DOWN;
	case KEY_LEFT: return TUI_K_LEFT;
	case KEY_RIGHT: return TUI_K_RIGHT;
	case KEY_PPAGE: return TUI_K_PGUP;
	case KEY_NPAGE: return TUI_K_PGDN;
	case KEY_HOME: return TUI_K_HOME;
	case KEY_END: return TUI_K_END;
	case KEY_ENTER: case '\r': case '\n': return TUI_K_ENTER;
	case 27: return TUI_K_ESC;
	case '\t': return TUI_K_TAB;
	case KEY_BTAB: return TUI_K_BTAB;
	case KEY_BACKSPACE: case 127: case 8: return TUI_K_BACKSPACE;
	case KEY_F(1): return TUI_K_F1;
	case KEY_F(10): return TUI_K_F10;
	default: return ch;
	}
}

/* A click: a column title sorts, a list row selects. */
static unsigned
click(struct tui_state *s)
{
	MEVENT ev;
	int x, c, cols = COLS;

	if (getmouse(&ev) != OK || cols < TUI_MIN_COLS || LINES < TUI_MIN_LINES)
		return 0;
	if (ev.y == 3) {
		for (c = 0, x = 0; c < TUI_COL_COUNT; c++) {
			int w = c == TUI_COL_RANK ? 5 : c == TUI_COL_PLACEMENT ? name_width(cols) : NUM_W;

			if (ev.x >= x && ev.x <= x + w)
				return tui_state_click_header(s, (enum tui_col)c);
			x += w + 1;
		}
		return 0;
	}
	if (ev.y >= 4 && (size_t)(ev.y - 4) < s->page)
		return tui_state_click_row(s, (size_t)(ev.y - 4));
	return 0;
}

unsigned
tui_view_event(struct tui_state *s)
{
	int ch = getch();

	if (ch == ERR)
		return 0;
	if (ch == KEY_RESIZE)
		return TUI_REDRAW;
	if (ch == KEY_MOUSE)
		return click(s);
	return tui_state_key(s, map_key(ch));
}
