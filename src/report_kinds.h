/*
 * report_kinds.h — what the plan, recommend and estimate reports say:
 * builds a struct report (report.h) from the JSON the command printed
 * and what cmd_report.c found around it (re-solves for the sensitivity
 * and for the other objectives, the catalog it used, the command line).
 *
 * Layer 5.  Every figure of the report is read from that JSON or derived
 * from it here with the formulas the Method section states, and the
 * derived figures are put into the report's JSON (report->data) before
 * they are formatted, so that text, tables, charts and JSON hold the same
 * numbers.  The context is borrowed; the report is the caller's.
 */
#ifndef MLFIT_REPORT_KINDS_H
#define MLFIT_REPORT_KINDS_H

#include <stdbool.h>

#include <jansson.h>

#include "catalog.h"
#include "plan.h"
#include "report.h"

enum report_kind { REPORT_KIND_PLAN, REPORT_KIND_RECOMMEND, REPORT_KIND_ESTIMATE };

enum report_input {
	SENS_EFFICIENCY, SENS_LOAD, SENS_GRID, SENS_PUE, SENS_PRICE, SENS_UTILISATION,
	SENS_LIFETIME, SENS_COUNT
};

/* One end (low or high) of one uncertain input, re-solved. */
struct report_sens_end {
	bool run;		/* re-solved */
	int status;		/* its exit status: 0, 1 (infeasible), … */
	double co2e_kg, cost_usd;
	char *choice;		/* what it recommends, in words (malloc'ed) */
};

struct report_sens {
	const char *name;	/* "device efficiency" */
	char *low_text, *high_text;	/* what the ends are (malloc'ed) */
	const char *why_not;	/* NULL if varied, else why it was not */
	struct report_sens_end end[2];
};

struct report_ctx {
	enum report_kind kind;
	const char *command_line;
	const char *catalog_hash;	/* FNV-1a 64 of the catalog files, hex */
	size_t ncatalog_files;
	const struct catalog *cat;	/* the catalog the run used (unchanged) */
	const struct plan_spec *spec;	/* plan: the workloads file; else NULL */
	const char *model_name;		/* estimate, recommend: as given; may be NULL */
	int argc;			/* the command's own arguments (argv[0]: its name) */
	char **argv;
	double discount_rate;		/* a year, 0: none */
	unsigned experiments;		/* model card: runs in all, 0: not given */
	json_t *result;			/* the command's JSON */
	int status;			/* its exit status (0 or 1) */
	json_t *by_objective[3];	/* plan: re-solved for least co2e, energy, cost (not the run's own) */
	bool sensitivity;		/* section 7 was asked for */
	char *central_choice;		/* what the run itself recommends */
	struct report_sens sens[SENS_COUNT];
};

/* The recommendation of a command's JSON in words (the caller frees it). */
char *report_choice(enum report_kind kind, json_t *result);

/* The headline CO2e (kg) and cost (USD) of a command's JSON; NaN if none. */
void report_headline(enum report_kind kind, json_t *result, double *co2e_kg, double *cost_usd);

/* Builds the report; the caller frees it with report_free(). */
struct report *report_build(const struct report_ctx *ctx);

#endif
