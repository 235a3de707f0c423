/*
 * optimize.h — choosing placements with mixed-integer programs (DESIGN.md §5).
 *
 * Layer 4.  Three parts:
 *
 *   the model     a MILP written against this header (struct opt_model),
 *                 solved by GLPK in optimize_glpk.c, the only file that
 *                 includes glpk.h.  GLPK's terminal output goes to
 *                 log_debug(); nothing here prints.
 *   recommend     one workload: enumerate candidates (candidates.h),
 *                 estimate each (estimate_run), prune the dominated ones,
 *                 choose; alternatives, the Pareto front by ε-constraint,
 *                 the binding constraints and, when nothing is feasible,
 *                 what each constraint would have to become.
 *   portfolio     many workloads over a horizon, with on-prem capacity,
 *                 purchases, power caps and one budget (plan.c fills it).
 *
 * Units: SI in and out (g CO2e, J, USD, s); the models use kg, kWh, USD and
 * hours inside, for the solver's tolerances.
 *
 * Ownership: results own their arrays and estimates and are released with
 * their _release(); they borrow catalog pointers (placements) and the
 * candidate sets they were built from.
 */
#ifndef MLFIT_OPTIMIZE_H
#define MLFIT_OPTIMIZE_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "candidates.h"
#include "catalog.h"
#include "err.h"
#include "estimate.h"

enum opt_metric { OPT_CO2E, OPT_ENERGY, OPT_COST, OPT_TIME, OPT_METRIC_COUNT };

/* A monotonic clock in seconds, for the time limits and the time split. */
double optimize_now_s(void);

/* "co2e", "energy", "cost", "time". */
const char *optimize_metric_name(enum opt_metric m);
/* The metric called `name`, or -1. */
int optimize_metric_parse(const char *name);

/* ---- the model ---- */

enum opt_kind { OPT_CONTINUOUS, OPT_INTEGER, OPT_BINARY };

struct opt_col {
	double lo, hi, obj;		/* ±HUGE_VAL: unbounded */
	enum opt_kind kind;
	const char *name;		/* in the model's arena; NULL: a generic name */
};

struct opt_row {
	double lo, hi;			/* ±HUGE_VAL: unbounded */
	const char *name;
};

struct opt_coef {
	unsigned row, col;
	double v;
};

/* Minimise Σ obj × x subject to lo ≤ Σ coef × x ≤ hi per row and the bounds. */
struct opt_model {
	const char *name;
	struct arena arena;
	struct opt_col *cols;
	struct opt_row *rows;
	struct opt_coef *coefs;
	size_t ncols, nrows, ncoefs;
	size_t cap_cols, cap_rows, cap_coefs;
};

void optimize_model_init(struct opt_model *m, const char *name);
void optimize_model_release(struct opt_model *m);
/* Adds a column or row and returns its index; the name is copied. */
size_t optimize_model_col(struct opt_model *m, const char *name, enum opt_kind kind, double lo,
			  double hi, double obj);
size_t optimize_model_row(struct opt_model *m, const char *name, double lo, double hi);
void optimize_model_coef(struct opt_model *m, size_t row, size_t col, double v);

struct opt_solve_opts {
	double time_limit_s;		/* 0: none */
	double mip_gap;			/* relative; 0: prove optimality */
	bool stop;			/* stop at the first plan of objective ≤ stop_at */
	double stop_at;			/* (a bound known from elsewhere proves it) */
};

enum opt_status {
	OPT_OPTIMAL,			/* proven optimal */
	OPT_WITHIN_GAP,			/* proven within the gap asked for */
	OPT_TIME_LIMIT,			/* the best plan found when time ran out */
	OPT_INFEASIBLE
};

/* "optimal", "within gap", "time limit", "infeasible". */
const char *optimize_status_name(enum opt_status s);

struct opt_solution {
	enum opt_status status;
	double objective;
	double gap;			/* relative gap of the incumbent at the end */
	double seconds;
	double *x;			/* ncols values; NULL if infeasible */
};

/*
 * Solves m with glp_intopt (presolve on).  Returns 0 with the status in
 * sol (infeasible is not an error), or -1 with err (MLF_E_SOLVER) when the
 * solver fails or stops at its time limit with no plan at all.
 */
int optimize_model_solve(const struct opt_model *m, const struct opt_solve_opts *o,
			 struct opt_solution *sol, struct mlf_err *err);
void optimize_solution_release(struct opt_solution *sol);

/*
 * Solves m's LP relaxation (glp_simplex, presolve on): x gets the ncols
 * values and dj (may be NULL) their reduced costs.  Returns 0, 1 if the
 * relaxation is infeasible, or -1 with err.
 */
int optimize_model_relax(const struct opt_model *m, const struct opt_solve_opts *o, double *x,
			 double *dj, double *objective, struct mlf_err *err);

/*
 * The same relaxation, by row and column generation: GLPK's simplex starts
 * with the rows row_start marks (and those 0 does not satisfy) and the
 * columns col_start marks (and those whose lower bound is not 0); a row
 * joins when the solution breaks it, a column when its reduced cost shows
 * it would improve the objective.  Faster where the optimum uses few of
 * many columns and makes few of many rows tight.  Columns left out are 0
 * in x; their dj is priced from the duals.  The returns of
 * optimize_model_relax(), on which it falls back where the columns marked
 * alone are infeasible.
 */
int optimize_model_relax_priced(const struct opt_model *m, const unsigned char *col_start,
				const unsigned char *row_start, const struct opt_solve_opts *o,
				double *x, double *dj, double *objective, struct mlf_err *err);

/* Writes m in CPLEX LP format (glp_write_lp).  -1 with err (MLF_E_DATA) on failure. */
int optimize_model_write_lp(const struct opt_model *m, const char *path, struct mlf_err *err);

/* ---- estimated candidates ---- */

/* What the programs need from one candidate's estimate (SI). */
struct opt_item {
	const struct candidate *cand;
	unsigned units;			/* instances or nodes per unit (rate: per replica group) */
	unsigned devices;		/* devices per unit */
	double co2e_g, energy_j, cost_usd, time_s, latency_s;
	/* serving a rate: the figures above are for one unit at full use for the
	 * duration; these are the parts of them that scale with utilisation */
	double co2e_busy_g, energy_busy_j;
	double throughput;		/* requests/s of one unit */
	double tpot_s;			/* a language model's time per output token, else 0 */
	unsigned max_units;		/* units available (on-prem); 0: any */
	/* for plan: on-prem operational CO2e and electricity cost only */
	double co2e_operational_g, electricity_usd;
	double host_power_w;		/* per node, as estimated */
	bool cost_known;
	/* the high ends of the ranges, for --confidence high (rate: one unit) */
	double time_high_s, cost_high_usd, latency_high_s;
	unsigned replicas;		/* rate: replicas in one unit (0: not serving) */
};

struct opt_skip {
	const char *what;		/* instance type or node id */
	char reason[200];
};

struct opt_cache;

struct opt_eval {
	struct opt_cache *cache;	/* borrowed memo of estimates, or NULL */
	struct opt_item *items;		/* the candidates that were estimated and fit */
	size_t n, cap;
	size_t estimated;		/* estimate_run() calls */
	size_t unfit;			/* candidates whose model does not fit in memory */
	size_t failed;			/* candidates whose estimate failed */
	struct opt_skip *skips;		/* types skipped wholesale (data errors) */
	size_t nskips, cap_skips;
	char unfit_example[320];	/* "8 x …: needs …": the largest that did not fit */
	unsigned unfit_devices;
	struct mlf_err first_err;	/* the first estimate error */
};

/* Clears ev; its cache is NULL (set it after init to estimate through one). */
void optimize_eval_init(struct opt_eval *ev);
void optimize_eval_release(struct opt_eval *ev);

/*
 * Estimates every candidate of cs for w.  With a rate to serve
 * (w->task == TASK_INFER && w->rate > 0) each offering becomes one unit:
 * the fewest instances or nodes holding a replica, with its throughput and
 * its figures at full and half use.  A type whose estimate fails with a
 * data error (a device with no TDP, say) is skipped wholesale and listed in
 * ev->skips; other failing candidates are counted in ev->failed.  Returns
 * 0 (even if nothing fit); ev keeps pointers into cs.
 */
int optimize_evaluate(const struct catalog *cat, const struct workload *w,
		      enum energy_method method, const struct cand_set *cs, struct opt_eval *ev,
		      struct mlf_err *err);

/* ---- a memo of estimates (optimize_cache.c) ---- */

/*
 * A front end that re-solves one workload under changing constraints
 * passes a cache in opt_request.cache: every estimate_run() of the
 * evaluation goes through it, so only new placements are estimated, and
 * the result is the one an uncached optimize_recommend() gives.  The cache
 * empties itself when it sees another workload (the rate and latency SLO
 * aside) or energy method.  Not thread-safe.
 */
struct opt_cache *optimize_cache_new(void) __attribute__((malloc, returns_nonnull));
void optimize_cache_free(struct opt_cache *c);	/* NULL: no-op */
void optimize_cache_clear(struct opt_cache *c);
size_t optimize_cache_size(const struct opt_cache *c);
/* Lookups answered from the memo and estimates run since the last clear. */
void optimize_cache_counts(const struct opt_cache *c, size_t *hits, size_t *misses);
/*
 * estimate_figures(cat, w, pl, method, e, err) through the memo (c NULL:
 * straight through): the figures of estimate_run() without its
 * assumptions (e->nassumptions 0).
 */
int optimize_cache_estimate(struct opt_cache *c, const struct catalog *cat,
			    const struct workload *w, const struct placement *pl,
			    enum energy_method method, struct estimate *e, struct mlf_err *err);
/* The remembered figures of pl at rate into e; false if none (or it failed). */
bool optimize_cache_find(const struct opt_cache *c, const struct placement *pl, double rate,
			 struct estimate *e);

/* ---- recommend: one workload ---- */

enum opt_constraint {
	OPT_C_MAX_COST,
	OPT_C_DEADLINE,
	OPT_C_LATENCY,
	OPT_C_MAX_DEVICES,
	OPT_C_PROVIDERS,		/* the filters, in enum cand_dim order */
	OPT_C_REGIONS,
	OPT_C_COUNTRIES,
	OPT_C_DEVICES,
	OPT_C_KIND,
	OPT_C_COUNT
};

#define OPT_C_FIRST_FILTER OPT_C_PROVIDERS

/* "max-cost", "deadline", "latency-slo", "max-devices", "providers", … */
const char *optimize_constraint_name(enum opt_constraint c);

struct opt_request {
	const struct workload *w;	/* latency SLO: w->latency_slo_s */
	enum energy_method method;
	enum opt_metric objective;
	double max_cost_usd;		/* 0: none */
	double deadline_s;		/* 0: none; not with a rate */
	unsigned max_devices;		/* 0: none */
	struct cand_filter filter;	/* borrowed: sites to include, filters */
	unsigned top;			/* alternatives wanted */
	bool pareto;
	enum opt_metric pareto_axis;	/* OPT_COST or OPT_TIME, against the objective */
	unsigned pareto_max;		/* 0: 20 */
	bool explain;			/* find the binding constraints */
	struct opt_solve_opts solve;
	const char *write_lp;		/* the unpruned model to this file, or NULL */
	struct opt_cache *cache;	/* borrowed memo of estimates (TUI), or NULL */
	/* limits (cost, deadline, SLO) at the high end of the range, not the central one */
	bool confidence_high;
};

void optimize_request_init(struct opt_request *rq);

struct opt_part {
	struct placement pl;
	unsigned units;			/* instances or nodes */
	double rate;			/* requests/s it serves (rate), else 0 */
	struct estimate e;
};

struct opt_plan {
	struct opt_part *parts;
	size_t nparts;
	double co2e_g, energy_j, cost_usd, time_s, latency_s;
	unsigned devices;
	bool cost_known;
	enum opt_status status;
	double gap;
	/* the high ends of the parts' ranges (time and latency: the longest part) */
	double time_high_s, cost_high_usd, latency_high_s;
	unsigned idle_devices;		/* devices paid for that the plan leaves idle */
};

/* The plan's value of a metric (SI). */
double optimize_plan_metric(const struct opt_plan *p, enum opt_metric m);

struct opt_why {
	enum opt_constraint c;
	bool feasible;			/* a plan meets every other constraint */
	double value;			/* numeric c: its quantity in the best such plan (SI) */
	struct opt_plan plan;		/* that plan (when feasible) */
};

struct opt_stats {
	size_t enumerated;		/* candidates before region pruning */
	size_t region_pruned;		/* dropped as dominated regions */
	size_t candidates;		/* enumerated − region_pruned */
	size_t estimated;		/* estimate_run() calls */
	size_t fit;			/* candidates that fit (estimated items) */
	size_t feasible;		/* … that meet every constraint */
	size_t model_items;		/* … left in the main model after pruning */
	size_t model_cols, model_rows;
	unsigned solves;
	double enumerate_s, estimate_s, solve_s;	/* wall-clock, all solves */
};

struct opt_result {
	bool found;
	bool rate_mode;
	struct opt_plan best;
	struct opt_plan *alternatives;
	size_t nalternatives;
	struct opt_plan *pareto;	/* by increasing objective */
	size_t npareto;
	bool pareto_truncated;
	unsigned binding;		/* bit (1 << enum opt_constraint) per binding one */
	unsigned high_breaks;		/* bit per limit the best plan's high end breaks */
	unsigned given;			/* bit per constraint given */
	struct opt_why why[OPT_C_COUNT];	/* when !found, one per constraint given */
	size_t nwhy;
	const struct opt_skip *skips;	/* borrowed from the main evaluation */
	size_t nskips;
	char nofit[320];		/* when no candidate fits at all */
	struct opt_stats stats;
	/* kept for the borrowed pointers above */
	struct cand_set cands;
	struct opt_eval eval;
};

void optimize_result_init(struct opt_result *r);
void optimize_result_release(struct opt_result *r);

/*
 * Recommends a placement for rq->w.  Returns 0 whether or not a plan was
 * found (r->found), or -1 with err: MLF_E_USAGE for contradictory input
 * (a deadline while serving a rate), the workload's own estimate error if
 * every candidate failed with it, MLF_E_SOLVER, MLF_E_DATA for --write-lp.
 */
int optimize_recommend(const struct catalog *cat, const struct opt_request *rq,
		       struct opt_result *r, struct mlf_err *err);

/* ---- portfolio: many workloads, purchases, one budget ---- */

struct opt_pf_option {
	const struct opt_item *item;	/* borrowed: placement and figures */
	unsigned units;			/* instances or nodes, all at once */
	unsigned devices;		/* a service on shared nodes: its replicas' devices; 0: units' */
	double co2e_g, energy_j, cost_usd;	/* over all the workload's runs */
	/* amortised, on-prem: the capex and embodied CO2e share of its node-hours,
	 * which recommend charges the same job (shown, not in co2e_g or cost_usd) */
	double hardware_usd, hardware_g;
	long resource;			/* index into pf->resources, -1: cloud */
	double node_hours;		/* capacity used over the horizon */
};

/* One workload, or `count` identical ones (same options) that the program
 * places with integer multiplicities (optimize_portfolio.c). */
struct opt_pf_workload {
	const char *id;
	struct opt_pf_option *options;
	size_t noptions, cap_options;
	size_t count;			/* the workloads it stands for; 0 or 1: one */
};

/* A node type at a site: owned nodes, and what may be bought. */
struct opt_pf_resource {
	const struct cat_site *site;
	const struct cat_node *node;
	unsigned owned;
	bool buyable;
	double buy_max;			/* HUGE_VAL: any */
	double capex_usd;		/* per node bought */
	double embodied_g;		/* per node bought, charged in full */
	double power_w;			/* nameplate IT power per node */
	double lifetime_s;		/* amortised: capex and embodied CO2e over this */
};

struct opt_portfolio {
	enum opt_metric objective;	/* co2e, energy or cost */
	double horizon_s;
	double budget_usd;		/* 0: none */
	double max_utilisation;		/* of on-prem node-hours; 0: 1 */
	/* owned hardware amortised: its capex and embodied CO2e are charged at
	 * 1/lifetime per node-hour used (the options carry electricity and
	 * operational CO2e only); else it is sunk.  Purchases are charged in full
	 * either way, and jobs run on bought nodes first (they are paid for) */
	bool amortised;
	struct opt_pf_workload *workloads;
	size_t nworkloads, cap_workloads;
	struct opt_pf_resource *resources;
	size_t nresources, cap_resources;
};

enum opt_pf_mode { OPT_PF_ALL, OPT_PF_CLOUD_ONLY, OPT_PF_ONPREM_ONLY };

/* "plan", "all-cloud", "all-on-prem". */
const char *optimize_pf_mode_name(enum opt_pf_mode mode);

struct opt_pf_result {
	enum opt_pf_mode mode;
	bool found;
	enum opt_status status;
	double gap;
	size_t *choice;			/* per workload: the option chosen; a workload of
					 * count c has c slots, in order, options ascending */
	double *buy;			/* per resource: nodes bought */
	double co2e_g, energy_j, cost_usd;	/* totals, purchases included */
	double capex_usd, embodied_g;	/* of the purchases */
	double amortised_usd, amortised_g;	/* amortised: owned node-hours' share */
	double *node_hours;		/* per resource: used */
	long unplaceable;		/* a workload with no option in this mode, or -1 */
	size_t options, options_pruned;	/* in the model / dropped as dominated */
	size_t cols, rows;
	double solve_s;
};

void optimize_pf_result_release(struct opt_pf_result *r);

/*
 * Solves the portfolio program (DESIGN.md §5) in one mode.  With prune,
 * options dominated in objective and cost by one that uses no more
 * capacity are dropped first.  Returns 0 (r->found false if infeasible),
 * or -1 with err (MLF_E_SOLVER).
 */
int optimize_portfolio(const struct opt_portfolio *pf, enum opt_pf_mode mode, bool prune,
		       const struct opt_solve_opts *so, struct opt_pf_result *r,
		       struct mlf_err *err);

/*
 * Drops the options of pf->workloads[w] that the pruning of every mode
 * drops (dominated by an option of the same kind: cloud by cloud, on-prem
 * by on-prem on its node type), keeping the others in order, so that a
 * large portfolio keeps only what a program may use.  Whatever the
 * objective the pruning sorts by, the plans are the same.  Returns how
 * many are left.
 */
size_t optimize_portfolio_compact(struct opt_portfolio *pf, size_t w);

/* Writes the program of one mode, unpruned, in CPLEX LP format. */
int optimize_portfolio_write_lp(const struct opt_portfolio *pf, enum opt_pf_mode mode,
				const char *path, struct mlf_err *err);

#endif
