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
