/*
 * optimize_glpk.c — the GLPK back end of optimize.h: the only file that
 * includes glpk.h.
 *
 * A struct opt_model is copied into a glp_prob and solved with
 * glp_intopt() and its MIP presolver, so that one code path solves a
 * single choice, a rate split over replicas and a whole portfolio.
 * GLPK's terminal output is caught by glp_term_hook() and handed to
 * log_debug() line by line (mlfit -v shows it); GLPK's fatal errors, which
 * would otherwise abort the program, are caught by glp_error_hook() and
 * become MLF_E_SOLVER.  The gap of the incumbent is followed from the
 * branch-and-bound callback, because GLPK reports it only there.
 */
#include "config.h"

#include "optimize.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include <glpk.h>

#include "log.h"
#include "xalloc.h"

/* Row and column generation: a row is broken, and a column's reduced cost
 * negative, beyond GEN_TOL x (1 + |bound or cost|); GLPK's own tolerances,
 * tol_bnd and tol_dj, are 1e-7. */
#define GEN_TOL 1e-7

/* ---- terminal output and fatal errors ---- */

struct term_buf {
	char line[512];
	size_t len;
};

static int
term_hook(void *info, const char *s)
{
	struct term_buf *t = info;

	for (; *s != '\0'; s++) {
		if (*s == '\n' || t->len + 1 >= sizeof(t->line)) {
			t->line[t->len] = '\0';
			if (t->len > 0)
				log_debug("glpk: %s", t->line);
			t->len = 0;
			if (*s == '\n')
				continue;
		}
		t->line[t->len++] = *s;
	}
	return 1;	/* nothing reaches the terminal */
}

static jmp_buf glpk_fatal;

static void
error_hook(void *info)
{
	(void)info;
	longjmp(glpk_fatal, 1);
}

static void
hooks_on(struct term_buf *t)
{
	t->len = 0;
	glp_term_out(GLP_ON);
	glp_term_hook(term_hook, t);
	glp_error_hook(error_hook, NULL);
}

static void
hooks_off(struct term_buf *t)
{
	if (t->len > 0) {
		t->line[t->len] = '\0';
		log_debug("glpk: %s", t->line);
	}
	glp_term_hook(NULL, NULL);
	glp_error_hook(NULL, NULL);
}

/* ---- building the problem ---- */

/* A name valid in CPLEX LP files: letters, digits, '_' and '.', at most 255. */
static const char *
lp_name(const char *name, char *buf, size_t size)
{
	size_t i, n = 0;

	if (name == NULL)
		return NULL;
	if (!((name[0] >= 'a' && name[0] <= 'z') || (name[0] >= 'A' && name[0] <= 'Z')))
		buf[n++] = 'n';
	for (i = 0; name[i] != '\0' && n + 1 < size && n < 255; i++) {
		char c = name[i];

		buf[n++] = ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			    (c >= '0' && c <= '9') || c == '.') ? c : '_';
	}
	buf[n] = '\0';
	return buf;
}

static int
bounds_type(double lo, double hi)
{
	bool has_lo = lo > -HUGE_VAL, has_hi = hi < HUGE_VAL;

	if (has_lo && has_hi)
		return lo == hi ? GLP_FX : GLP_DB;
	if (has_lo)
		return GLP_LO;
	return has_hi ? GLP_UP : GLP_FR;
}

static double
finite_or_zero(double v)
{
	return isfinite(v) ? v : 0;
}

static int
check_model(const struct opt_model *m, struct mlf_err *err)
{
	size_t i;

	for (i = 0; i < m->ncols; i++)
		if (!isfinite(m->cols[i].obj) || m->cols[i].lo > m->cols[i].hi ||
		    isnan(m->cols[i].lo) || isnan(m->cols[i].hi))
			return mlf_err_set(err, MLF_E_INTERNAL, "model '%s': bad column %zu",
					   m->name, i);
	for (i = 0; i < m->nrows; i++)
		if (m->rows[i].lo > m->rows[i].hi || isnan(m->rows[i].lo) || isnan(m->rows[i].hi))
			return mlf_err_set(err, MLF_E_INTERNAL, "model '%s': bad row %zu ('%s')",
					   m->name, i, m->rows[i].name ? m->rows[i].name : "");
	for (i = 0; i < m->ncoefs; i++)
		if (!isfinite(m->coefs[i].v))
			return mlf_err_set(err, MLF_E_INTERNAL, "model '%s': bad coefficient %zu",
					   m->name, i);
	if (m->ncols > INT_MAX - 1 || m->nrows > INT_MAX - 1 || m->ncoefs > INT_MAX - 1)
		return mlf_err_set(err, MLF_E_SOLVER, "model '%s' is too large for GLPK", m->name);
	return 0;
}

/* Copies m into a new glp_prob (rows and columns keep m's order, 1-based). */
static glp_prob *
build(const struct opt_model *m, bool names)
{
	glp_prob *P = glp_create_prob();
	char buf[260];
	int *ia, *ja;
	double *ar;
	size_t i;

	glp_set_prob_name(P, lp_name(m->name, buf, sizeof(buf)));
	glp_set_obj_dir(P, GLP_MIN);
	glp_set_obj_name(P, "obj");
	if (m->nrows > 0)
		glp_add_rows(P, (int)m->nrows);
	for (i = 0; i < m->nrows; i++) {
		const struct opt_row *r = &m->rows[i];
		int row = (int)i + 1;

		if (names && r->name != NULL)
			glp_set_row_name(P, row, lp_name(r->name, buf, sizeof(buf)));
		glp_set_row_bnds(P, row, bounds_type(r->lo, r->hi), finite_or_zero(r->lo),
				 finite_or_zero(r->hi));
	}
	if (m->ncols > 0)
		glp_add_cols(P, (int)m->ncols);
	for (i = 0; i < m->ncols; i++) {
		const struct opt_col *c = &m->cols[i];
		int col = (int)i + 1;

		if (names && c->name != NULL)
			glp_set_col_name(P, col, lp_name(c->name, buf, sizeof(buf)));
		if (c->kind == OPT_BINARY)
			glp_set_col_kind(P, col, GLP_BV);
		else
			glp_set_col_kind(P, col, c->kind == OPT_INTEGER ? GLP_IV : GLP_CV);
		if (c->kind != OPT_BINARY)
			glp_set_col_bnds(P, col, bounds_type(c->lo, c->hi), finite_or_zero(c->lo),
					 finite_or_zero(c->hi));
		glp_set_obj_coef(P, col, c->obj);
	}
	ia = xreallocarray(NULL, m->ncoefs + 1, sizeof(*ia));
	ja = xreallocarray(NULL, m->ncoefs + 1, sizeof(*ja));
	ar = xreallocarray(NULL, m->ncoefs + 1, sizeof(*ar));
	for (i = 0; i < m->ncoefs; i++) {
		ia[i + 1] = (int)m->coefs[i].row + 1;
		ja[i + 1] = (int)m->coefs[i].col + 1;
		ar[i + 1] = m->coefs[i].v;
	}
	glp_load_matrix(P, (int)m->ncoefs, ia, ja, ar);
	free(ia);
	free(ja);
	free(ar);
	return P;
}

/* ---- solving ---- */

struct progress {
	double gap;
	bool have_gap;
	const struct opt_solve_opts *o;
	bool stopped;			/* a plan good enough for the caller */
};

static void
callback(glp_tree *T, void *info)
{
	struct progress *pr = info;
	int reason = glp_ios_reason(T);

	/* heuristics find plans without GLP_IBINGO: look at the incumbent at every call */
	if (pr->o->stop && (reason == GLP_IBINGO || reason == GLP_ISELECT || reason == GLP_IHEUR)) {
		glp_prob *P = glp_ios_get_prob(T);

		if ((glp_mip_status(P) == GLP_FEAS || glp_mip_status(P) == GLP_OPT) &&
		    glp_mip_obj_val(P) <= pr->o->stop_at) {
			pr->stopped = true;
			glp_ios_terminate(T);
			return;
		}
	}
	if (reason == GLP_IBINGO || reason == GLP_ISELECT) {
		double g = glp_ios_mip_gap(T);

		if (isfinite(g)) {
			pr->gap = g;
			pr->have_gap = true;
		}
	}
}

/* A model without columns: feasible iff every row admits 0. */
static void
solve_empty(const struct opt_model *m, struct opt_solution *sol)
{
	size_t i;

	sol->status = OPT_OPTIMAL;
	for (i = 0; i < m->nrows; i++)
		if (m->rows[i].lo > 0 || m->rows[i].hi < 0)
			sol->status = OPT_INFEASIBLE;
	if (sol->status == OPT_OPTIMAL)
		sol->x = xcalloc(1, sizeof(double));
}

static int
time_limit_ms(double s)
{
	if (!(s > 0) || s * 1000 >= INT_MAX)
		return INT_MAX;
	return s * 1000 < 1 ? 1 : (int)(s * 1000);
}

/* The solution of the problem last solved by glp_intopt(), with its status. */
static void
take_solution(const struct opt_model *m, glp_prob *P, enum opt_status status, double gap,
	      struct opt_solution *sol)
{
	size_t i;

	sol->status = status;
	sol->gap = gap;
	sol->objective = glp_mip_obj_val(P);
	sol->x = xreallocarray(NULL, m->ncols, sizeof(double));
	for (i = 0; i < m->ncols; i++)
		sol->x[i] = glp_mip_col_val(P, (int)i + 1);
}

static int
status_of(const struct opt_model *m, glp_prob *P, int ret, const struct progress *pr,
	  const struct opt_solve_opts *o, struct opt_solution *sol, struct mlf_err *err)
{
	int st = glp_mip_status(P);

	if (ret == GLP_ENOPFS || st == GLP_NOFEAS) {
		sol->status = OPT_INFEASIBLE;
		return 0;
	}
	if (ret == GLP_ENODFS)
		return mlf_err_set(err, MLF_E_SOLVER, "model '%s' is unbounded (a bug in mlfit)",
				   m->name);
	if (st != GLP_OPT && st != GLP_FEAS) {
		if (ret == GLP_ETMLIM)
			return mlf_err_set(err, MLF_E_SOLVER,
					   "the solver found no plan within its time limit (%g s); "
					   "allow more with --time-limit", o->time_limit_s);
		return mlf_err_set(err, MLF_E_SOLVER, "GLPK failed on model '%s' (glp_intopt "
				   "returned %d)", m->name, ret);
	}
	if (ret == 0 && st == GLP_OPT)
		take_solution(m, P, OPT_OPTIMAL, 0, sol);
	else if (ret == GLP_EMIPGAP || (ret == 0 && st == GLP_FEAS) ||
		 (ret == GLP_ESTOP && pr->stopped))
		take_solution(m, P, OPT_WITHIN_GAP, pr->have_gap ? pr->gap : o->mip_gap, sol);
	else
		take_solution(m, P, OPT_TIME_LIMIT, pr->have_gap ? pr->gap : HUGE_VAL, sol);
	return 0;
}

int
optimize_model_solve(const struct opt_model *m, const struct opt_solve_opts *o,
		     struct opt_solution *sol, struct mlf_err *err)
{
	struct term_buf term;
	struct progress pr = { 0, false, o, false };
	glp_prob *volatile P = NULL;
	glp_iocp parm;
	double t0 = optimize_now_s();
	int ret, rc;

	memset(sol, 0, sizeof(*sol));
	if (check_model(m, err) < 0)
		return -1;
	if (m->ncols == 0) {
		solve_empty(m, sol);
		return 0;
	}
	hooks_on(&term);
	if (setjmp(glpk_fatal) != 0) {
		/* GLPK's environment is unusable after a fatal error */
		hooks_off(&term);
		glp_free_env();
		return mlf_err_set(err, MLF_E_SOLVER, "GLPK stopped with an internal error on "
				   "model '%s' (run with -v to see its log)", m->name);
	}
	P = build(m, false);
	glp_init_iocp(&parm);
	parm.presolve = GLP_ON;
	parm.msg_lev = GLP_MSG_ON;
	parm.mip_gap = o->mip_gap;
	parm.cb_func = callback;
	parm.cb_info = &pr;
	parm.tm_lim = time_limit_ms(o->time_limit_s);
	ret = glp_intopt(P, &parm);
	rc = status_of(m, P, ret, &pr, o, sol, err);
	glp_delete_prob(P);
	hooks_off(&term);
	sol->seconds = optimize_now_s() - t0;
	log_debug("model '%s': %zu columns, %zu rows, %zu coefficients: %s in %.3g s",
		  m->name, m->ncols, m->nrows, m->ncoefs,
		  rc < 0 ? "failed" : optimize_status_name(sol->status), sol->seconds);
	return rc;
}

void
optimize_solution_release(struct opt_solution *sol)
{
	free(sol->x);
	memset(sol, 0, sizeof(*sol));
}

int
optimize_model_relax(const struct opt_model *m, const struct opt_solve_opts *o, double *x,
		     double *dj, double *objective, struct mlf_err *err)
{
	struct term_buf term;
	glp_prob *volatile P = NULL;
	glp_smcp parm;
	double t0 = optimize_now_s();
	size_t i;
	int ret, st;

	if (check_model(m, err) < 0)
		return -1;
	if (m->ncols == 0) {
		struct opt_solution s = { 0 };

		solve_empty(m, &s);
		*objective = 0;
		free(s.x);
		return s.status == OPT_INFEASIBLE ? 1 : 0;
	}
	hooks_on(&term);
	if (setjmp(glpk_fatal) != 0) {
		hooks_off(&term);
		glp_free_env();
		return mlf_err_set(err, MLF_E_SOLVER, "GLPK stopped with an internal error on the "
				   "relaxation of '%s'", m->name);
	}
	P = build(m, false);
	glp_init_smcp(&parm);
	parm.presolve = GLP_ON;
	parm.msg_lev = GLP_MSG_ERR;
	parm.tm_lim = time_limit_ms(o->time_limit_s);
	ret = glp_simplex(P, &parm);
	st = glp_get_status(P);
	if (ret == GLP_ENOPFS || st == GLP_NOFEAS) {
		ret = 1;
	} else if (ret != 0 || st != GLP_OPT) {
		ret = mlf_err_set(err, MLF_E_SOLVER, "GLPK could not solve the relaxation of '%s' "
				  "(glp_simplex returned %d)", m->name, ret);
	} else {
		*objective = glp_get_obj_val(P);
		for (i = 0; i < m->ncols; i++) {
			x[i] = glp_get_col_prim(P, (int)i + 1);
			if (dj != NULL)
				dj[i] = glp_get_col_dual(P, (int)i + 1);
		}
	}
	glp_delete_prob(P);
	hooks_off(&term);
	log_debug("relaxation of '%s': %zu columns, %zu rows, %zu coefficients: %.3g s", m->name,
		  m->ncols, m->nrows, m->ncoefs, optimize_now_s() - t0);
	return ret;
}

/* ---- the relaxation by row and column generation ---- */

/*
 * A large plan's relaxation has tens of thousands of columns, of which the
 * optimum uses about one per group, and as many rows that only a few of
 * them make tight (a portfolio's nodes-at-once rows); GLPK's simplex, whose
 * every step costs in proportion to the rows, spends its time on the rest.
 * So the simplex starts with the columns and rows the caller expects to
 * matter; a row left out joins when the solution breaks it, and a column
 * left out joins when its reduced cost, priced with the rows' duals, shows
 * it would lower the objective; GLPK goes on from its last basis each time
 * (the dual simplex after rows join, the primal after columns do).  When
 * neither happens the solution is optimal for the whole program: a column
 * left out is at its lower bound 0, and a row left out holds with dual 0,
 * so every optimality condition of the whole holds, and the objective is
 * optimize_model_relax()'s.
 */
struct gen {
	const struct opt_model *m;
	size_t *cbeg, *cidx;	/* column j's coefficients: m->coefs[cidx[cbeg[j] .. cbeg[j+1])] */
	size_t *rbeg, *ridx;	/* row i's, likewise */
	int *prow, *pcol;	/* m's row and column in P, 1-based; 0: not (yet) in P */
	double *pi;		/* per row of m: its dual (0 while it is not in P) */
	size_t *best;		/* per row of m: the column priced in for it ... */
	double *best_d;		/* ... and its reduced cost */
	double *x;		/* per column of m: its value (0 while it is not in P) */
	int *ind;		/* scratch for glp_set_mat_row/col */
	double *val;
	glp_prob *P;
	size_t rows_added, cols_added;
};

/* by[k] .. by[k+1] in idx: the coefficients whose row (or column) is k. */
static void
gen_index(const struct opt_model *m, bool by_col, size_t n, size_t **beg, size_t **idx)
{
	size_t i, *fill;

	*beg = xcalloc(n + 2, sizeof(size_t));
	*idx = xreallocarray(NULL, m->ncoefs + 1, sizeof(size_t));
	for (i = 0; i < m->ncoefs; i++)
		(*beg)[(by_col ? m->coefs[i].col : m->coefs[i].row) + 1]++;
	for (i = 0; i < n; i++)
		(*beg)[i + 1] += (*beg)[i];
	fill = xreallocarray(NULL, n + 1, sizeof(size_t));
	memcpy(fill, *beg, n * sizeof(size_t));
	for (i = 0; i < m->ncoefs; i++)
		(*idx)[fill[by_col ? m->coefs[i].col : m->coefs[i].row]++] = i;
	free(fill);
}

static void
gen_init(struct gen *g, const struct opt_model *m)
{
	size_t n = (m->nrows > m->ncols ? m->nrows : m->ncols) + 2;

	memset(g, 0, sizeof(*g));
	g->m = m;
	gen_index(m, true, m->ncols, &g->cbeg, &g->cidx);
	gen_index(m, false, m->nrows, &g->rbeg, &g->ridx);
	g->prow = xcalloc(m->nrows + 1, sizeof(int));
	g->pcol = xcalloc(m->ncols + 1, sizeof(int));
	g->pi = xcalloc(m->nrows + 1, sizeof(double));
	g->best = xcalloc(m->nrows + 1, sizeof(size_t));
	g->best_d = xcalloc(m->nrows + 1, sizeof(double));
	g->x = xcalloc(m->ncols + 1, sizeof(double));
	g->ind = xreallocarray(NULL, n, sizeof(int));
	g->val = xreallocarray(NULL, n, sizeof(double));
}

static void
gen_release(struct gen *g)
{
	free(g->cbeg);
	free(g->cidx);
	free(g->rbeg);
	free(g->ridx);
	free(g->prow);
	free(g->pcol);
	free(g->pi);
	free(g->best);
	free(g->best_d);
	free(g->x);
	free(g->ind);
	free(g->val);
}

/* Row i into P, with its coefficients on the columns already there. */
static void
gen_add_row(struct gen *g, size_t i)
{
	const struct opt_row *r = &g->m->rows[i];
	int n = 0;
	size_t k;

	g->prow[i] = glp_add_rows(g->P, 1);
	glp_set_row_bnds(g->P, g->prow[i], bounds_type(r->lo, r->hi), finite_or_zero(r->lo),
			 finite_or_zero(r->hi));
	for (k = g->rbeg[i]; k < g->rbeg[i + 1]; k++) {
		const struct opt_coef *e = &g->m->coefs[g->ridx[k]];

		if (g->pcol[e->col] == 0)
			continue;
		n++;
		g->ind[n] = g->pcol[e->col];
		g->val[n] = e->v;
	}
	if (n > 0)
		glp_set_mat_row(g->P, g->prow[i], n, g->ind, g->val);
}

/* Column j into P, with its coefficients in the rows already there. */
static void
gen_add_col(struct gen *g, size_t j)
{
	const struct opt_col *c = &g->m->cols[j];
	int n = 0, col;
	size_t k;

	for (k = g->cbeg[j]; k < g->cbeg[j + 1]; k++) {
		const struct opt_coef *e = &g->m->coefs[g->cidx[k]];

		if (g->prow[e->row] == 0)
			continue;
		n++;
		g->ind[n] = g->prow[e->row];
		g->val[n] = e->v;
	}
	col = g->pcol[j] = glp_add_cols(g->P, 1);
	glp_set_col_bnds(g->P, col, bounds_type(c->lo, c->hi), finite_or_zero(c->lo),
			 finite_or_zero(c->hi));
	glp_set_obj_coef(g->P, col, c->obj);
	if (n > 0)
		glp_set_mat_col(g->P, col, n, g->ind, g->val);
}

/* A column may be left out only where it rests at 0, its lower bound. */
static bool
may_leave_out(const struct opt_col *c)
{
	return c->lo == 0 && c->hi > 0;
}

/* The rows marked and those 0 breaks, then the columns marked and those that must be in. */
static void
gen_load(struct gen *g, const unsigned char *col_start, const unsigned char *row_start)
{
	const struct opt_model *m = g->m;
	size_t i;

	g->P = glp_create_prob();
	glp_set_obj_dir(g->P, GLP_MIN);
	for (i = 0; i < m->nrows; i++)
		if (row_start[i] || m->rows[i].lo > 0 || m->rows[i].hi < 0)
			gen_add_row(g, i);
	for (i = 0; i < m->ncols; i++)
		if (col_start[i] || !may_leave_out(&m->cols[i]))
			gen_add_col(g, i);
}

/* Adds the rows left out that the solution breaks; returns how many. */
static size_t
gen_add_broken_rows(struct gen *g)
{
	const struct opt_model *m = g->m;
	size_t i, k, n = 0;

	for (i = 0; i < m->ncols; i++)
		g->x[i] = g->pcol[i] != 0 ? glp_get_col_prim(g->P, g->pcol[i]) : 0;
	for (i = 0; i < m->nrows; i++) {
		const struct opt_row *r = &m->rows[i];
		double act = 0;

		if (g->prow[i] != 0)
			continue;
		for (k = g->rbeg[i]; k < g->rbeg[i + 1]; k++)
			act += m->coefs[g->ridx[k]].v * g->x[m->coefs[g->ridx[k]].col];
		if (act > r->hi + GEN_TOL * (1 + fabs(r->hi)) ||
		    act < r->lo - GEN_TOL * (1 + fabs(r->lo))) {
			gen_add_row(g, i);
			n++;
		}
	}
	g->rows_added += n;
	return n;
}

static double
gen_reduced_cost(const struct gen *g, size_t j)
{
	double d = g->m->cols[j].obj;
	size_t k;

	for (k = g->cbeg[j]; k < g->cbeg[j + 1]; k++) {
		const struct opt_coef *e = &g->m->coefs[g->cidx[k]];

		d -= e->v * g->pi[e->row];
	}
	return d;
}

/*
 * Adds, for each row, the column left out that touches it with the most
 * negative reduced cost (about one per group of options, rather than every
 * option that would improve on the present basis); returns how many.
 */
static size_t
gen_add_priced_cols(struct gen *g)
{
	const struct opt_model *m = g->m;
	size_t i, k, n = 0;

	for (i = 0; i < m->nrows; i++) {
		g->pi[i] = g->prow[i] != 0 ? glp_get_row_dual(g->P, g->prow[i]) : 0;
		g->best[i] = SIZE_MAX;
		g->best_d[i] = 0;
	}
	for (i = 0; i < m->ncols; i++) {
		double d;

		if (g->pcol[i] != 0 || !may_leave_out(&m->cols[i]))
			continue;
		d = gen_reduced_cost(g, i);
		if (!(d < -GEN_TOL * (1 + fabs(m->cols[i].obj))))
			continue;
		for (k = g->cbeg[i]; k < g->cbeg[i + 1]; k++) {
			unsigned row = m->coefs[g->cidx[k]].row;

			if (d < g->best_d[row]) {
				g->best_d[row] = d;
				g->best[row] = i;
			}
		}
	}
	for (i = 0; i < m->nrows; i++) {
		if (g->best[i] == SIZE_MAX || g->pcol[g->best[i]] != 0)
			continue;
		gen_add_col(g, g->best[i]);
		n++;
	}
	g->cols_added += n;
	return n;
}

static void
gen_take(const struct gen *g, double *x, double *dj)
{
	size_t i;

	for (i = 0; i < g->m->ncols; i++) {
		int c = g->pcol[i];

		x[i] = c != 0 ? glp_get_col_prim(g->P, c) : 0;
		if (dj != NULL)
			dj[i] = c != 0 ? glp_get_col_dual(g->P, c) : gen_reduced_cost(g, i);
	}
}

/* One glp_simplex from the present basis, afresh if it no longer factorizes. */
static int
gen_simplex(struct gen *g, glp_smcp *parm)
{
	int ret = glp_simplex(g->P, parm);

	if (ret == GLP_EBADB || ret == GLP_ESING || ret == GLP_ECOND) {
		glp_std_basis(g->P);
		ret = glp_simplex(g->P, parm);
	}
	if (ret == GLP_ENOPFS || (ret == 0 && glp_get_status(g->P) == GLP_NOFEAS))
		return 1;
	if (ret == 0 && glp_get_status(g->P) != GLP_OPT)
		return GLP_EFAIL;
	return ret;
}

/*
 * Solves until no row breaks and no column prices in: 0; 1 if what is in P
 * is infeasible (with columns left out the whole program may not be); or
 * a glp_simplex error.
 */
static int
gen_solve(struct gen *g, const struct opt_solve_opts *o, unsigned *rounds)
{
	glp_smcp parm;
	double t0 = optimize_now_s();
	int ret;

	glp_init_smcp(&parm);
	parm.presolve = GLP_ON;
	parm.msg_lev = GLP_MSG_ERR;
	for (*rounds = 1;; ++*rounds) {
		double left = o->time_limit_s > 0 ? o->time_limit_s - (optimize_now_s() - t0) : 0;

		if (o->time_limit_s > 0 && left <= 0)
			return GLP_ETMLIM;
		parm.tm_lim = time_limit_ms(left);
		if ((ret = gen_simplex(g, &parm)) != 0)
			return ret;
		log_debug("relaxation round %u: %d columns, %d rows, %.3g s", *rounds,
			  glp_get_num_cols(g->P), glp_get_num_rows(g->P), optimize_now_s() - t0);
		/* go on from the basis just found: the dual simplex keeps it optimal
		 * as rows join, the primal keeps it feasible as columns do */
		parm.presolve = GLP_OFF;
		if (gen_add_broken_rows(g) > 0) {
			parm.meth = GLP_DUALP;
			continue;
		}
		if (gen_add_priced_cols(g) == 0)
			return 0;
		parm.meth = GLP_PRIMAL;
	}
}

int
optimize_model_relax_priced(const struct opt_model *m, const unsigned char *col_start,
			    const unsigned char *row_start, const struct opt_solve_opts *o,
			    double *x, double *dj, double *objective, struct mlf_err *err)
{
	struct term_buf term;
	struct gen g;
	double t0 = optimize_now_s();
	unsigned rounds = 0;
	int ret, ncols = 0, nrows = 0;

	if (check_model(m, err) < 0)
		return -1;
	if (m->ncols == 0)
		return optimize_model_relax(m, o, x, dj, objective, err);
	gen_init(&g, m);
	hooks_on(&term);
	if (setjmp(glpk_fatal) != 0) {
		hooks_off(&term);
		glp_free_env();
		gen_release(&g);
		return mlf_err_set(err, MLF_E_SOLVER, "GLPK stopped with an internal error on the "
				   "relaxation of '%s'", m->name);
	}
	gen_load(&g, col_start, row_start);
	ret = gen_solve(&g, o, &rounds);
	if (ret == 0) {
		*objective = glp_get_obj_val(g.P);
		gen_take(&g, x, dj);
	}
	ncols = glp_get_num_cols(g.P);
	nrows = glp_get_num_rows(g.P);
	glp_delete_prob(g.P);
	hooks_off(&term);
	log_debug("relaxation of '%s' by generation: %d of %zu columns (%zu priced in), %d of %zu "
		  "rows (%zu broken), %u rounds: %.3g s", m->name, ncols, m->ncols, g.cols_added,
		  nrows, m->nrows, g.rows_added, rounds, optimize_now_s() - t0);
	gen_release(&g);
	if (ret == 1)		/* too few columns to be feasible: the whole program decides */
		return optimize_model_relax(m, o, x, dj, objective, err);
	if (ret != 0)
		return mlf_err_set(err, MLF_E_SOLVER, "GLPK could not solve the relaxation of '%s' "
				   "(glp_simplex returned %d)", m->name, ret);
	return 0;
}

/* The process's umask (reading it means setting it; set it back at once). */
static mode_t
current_umask(void)
{
	mode_t u = umask(0);

	umask(u);
	return u;
}

/*
 * GLPK writes the file in place; it goes to a temporary name beside it and
 * is renamed only when complete, so that a failure (a full disk, a GLPK
 * error) never leaves half a model where the user asked for one.
 */
int
optimize_model_write_lp(const struct opt_model *m, const char *path, struct mlf_err *err)
{
	struct term_buf term;
	glp_prob *volatile P = NULL;
	struct stat st;
	char *tmp;
	int ret, fd;

	if (check_model(m, err) < 0)
		return -1;
	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
		return mlf_err_set(err, MLF_E_DATA,
				   "cannot write the model to '%s': it is a directory (give a file name)",
				   path);
	tmp = xasprintf("%s.XXXXXX", path);
	fd = mkstemp(tmp);
	if (fd < 0) {
		mlf_err_set(err, MLF_E_DATA, "cannot write the model to '%s': %s", path,
			    strerror(errno));
		free(tmp);
		return -1;
	}
	/* mkstemp makes the file 0600; the model is an ordinary file (umask) */
	fchmod(fd, 0666 & ~current_umask());
	close(fd);
	hooks_on(&term);
	if (setjmp(glpk_fatal) != 0) {
		hooks_off(&term);
		glp_free_env();
		unlink(tmp);
		free(tmp);
		return mlf_err_set(err, MLF_E_SOLVER, "GLPK failed writing '%s'", path);
	}
	P = build(m, true);
	ret = glp_write_lp(P, NULL, tmp);
	glp_delete_prob(P);
	hooks_off(&term);
	if (ret != 0 || rename(tmp, path) != 0) {
		int e = errno;

		unlink(tmp);
		free(tmp);
		return mlf_err_set(err, MLF_E_DATA, "cannot write the model to '%s': %s", path,
				   strerror(e));
	}
	free(tmp);
	return 0;
}
