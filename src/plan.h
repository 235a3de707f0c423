/*
 * plan.h — a portfolio of workloads over a horizon (`mlfit plan`): the
 * workloads file, and turning it into the portfolio program of optimize.h.
 *
 * Layer 5 (beside the commands, below the output): no I/O but reading the
 * workloads file (plan_xml.c, through xmlread.h).  The file's format is
 * data/workloads.rng; every problem is reported as "file:line: message".
 *
 * Flow: plan_load_xml() reads the file into a struct plan_spec; the caller
 * resolves each workload's model into a profile (model_opts, which knows
 * the zoo) and fills w.profile; plan_build() enumerates the candidates once,
 * estimates every workload on each (workloads that are the same are
 * estimated once) and fills the portfolio, one program workload per group
 * of identical workloads (same estimates, runs and deadline: the same
 * options), with their count; plan_solve() solves it three times: the
 * plan, and the all-cloud and all-on-prem baselines.  plan_choice() gives
 * each workload of a group one of the group's places, in input order.
 *
 * Accounting: a training job's figures are per run × runs; a service at a
 * rate runs for its duration (default: the horizon; clipped to it, with a
 * warning) on one offering (no split across offerings in a portfolio): in
 * the cloud on whole instances, on-prem on the device-hours its replicas
 * need, on nodes shared with other work (plan.c, rate_options()).
 * Owned hardware follows one rule with recommend (the filter's `sunk`):
 * sunk, its capex and embodied CO2e are not charged; or amortised, they
 * are charged at 1/lifetime per node-hour used, so a job on an owned node
 * costs and emits what recommend says for it (opt_pf_option.hardware_usd
 * and _g hold its share).  Options carry operational CO2e and electricity;
 * the program adds the owned node-hours' share (opt_portfolio.amortised).
 * Purchases are charged in full (capex and embodied CO2e) either way.
 *
 * Ownership: a plan_spec owns its strings (arena); a struct plan owns its
 * candidate sets, estimates, portfolio and results, and borrows the spec
 * and the catalog.
 */
#ifndef MLFIT_PLAN_H
#define MLFIT_PLAN_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "candidates.h"
#include "catalog.h"
#include "err.h"
#include "estimate.h"
#include "optimize.h"

struct plan_workload {
	const char *id;
	const char *model;		/* as written: zoo name or file (NULL: flops only) */
	const char *model_path;		/* a file, resolved against the workloads file; or NULL */
	struct workload w;		/* w.profile: set by the caller */
	unsigned runs;			/* training: runs over the horizon (1) */
	double deadline_s;		/* training: 0 none */
	unsigned seq;			/* 0: the model's own */
	bool precision_set;		/* else the caller's default */
	int line;
};

struct plan_spec {
	struct arena arena;
	const char *path;
	double horizon_s;		/* 0: not given */
	double budget_usd;		/* 0: not given */
	int objective;			/* enum opt_metric, -1: not given */
	double max_utilisation;		/* 0: not given */
	const char **sites;		/* site ids, as written */
	int *site_lines;
	size_t nsites, cap_sites;
	struct plan_workload *workloads;
	size_t n, cap;
};

/*
 * Reads a workloads file checked against schema_path.  NULL with err:
 * MLF_E_DATA "file:line: …" for malformed XML, schema violations, bad
 * units, zero or negative quantities, duplicate ids.
 */
struct plan_spec *plan_load_xml(const char *path, const char *schema_path, struct mlf_err *err);
void plan_spec_free(struct plan_spec *spec);

/* A workload that cannot be placed at all, and why. */
struct plan_unplaceable {
	size_t workload;
	char reason[400];
};

struct plan {
	const struct plan_spec *spec;
	struct opt_portfolio pf;
	struct cand_set batch, rate;	/* the candidates, shared by all workloads */
	struct opt_eval *evals;		/* one per distinct workload */
	size_t nevals;
	size_t *eval_of;		/* per workload: its evaluation */
	size_t *group_of;		/* per workload: its program workload (pf.workloads) */
	size_t *slot_of;		/* per workload: its place in a result's choice */
	struct plan_unplaceable *unplaceable;
	size_t nunplaceable;
	const struct opt_skip *skips;	/* types skipped (from the first evaluation) */
	size_t nskips;
	size_t estimated;		/* estimate_run() calls */
	size_t options;			/* options before pruning */
	char warnings[8][240];		/* resources not offered fully, durations clipped */
	size_t nwarnings;
	struct opt_pf_result results[3];	/* enum opt_pf_mode: plan, all-cloud, all-on-prem */
	bool plan_from_baseline;	/* a baseline beat the (time-limited) plan */
	double estimate_s;
};

/*
 * Enumerates candidates (the filter's sites, with their buyable nodes, and
 * its cloud filters), estimates every workload and builds pl->pf with the
 * spec's horizon, budget and objective (which the caller has settled).
 * Returns 0 (unplaceable workloads are listed, not an error) or -1 with err.
 */
int plan_build(const struct catalog *cat, const struct plan_spec *spec,
	       const struct cand_filter *filter, enum energy_method method, enum opt_metric objective,
	       double horizon_s, double budget_usd, double max_utilisation, struct plan *pl,
	       struct mlf_err *err);

/*
 * Solves the plan and both baselines.  write_lp (may be NULL) gets the
 * unpruned program of the plan.  Returns 0 or -1 with err.
 */
int plan_solve(struct plan *pl, const struct opt_solve_opts *so, const char *write_lp,
	       struct mlf_err *err);

void plan_release(struct plan *pl);

/* The option a workload was given in a result, or NULL if none. */
const struct opt_pf_option *plan_choice(const struct plan *pl, const struct opt_pf_result *r,
					size_t workload);

#endif
