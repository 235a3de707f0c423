/*
 * estimate_impl.h — what estimate.c and estimate_energy.c share; not for
 * other modules.
 *
 * The estimate is built in stages over one `struct est_ctx`: parameters
 * (looked up once), then work and time (estimate.c), then power, energy,
 * emissions and cost (estimate_energy.c).  Each stage records the
 * assumptions it makes, with their sources.
 */
#ifndef MLFIT_ESTIMATE_IMPL_H
#define MLFIT_ESTIMATE_IMPL_H

#include "estimate.h"

#include <string.h>

/* Equal to the bit (0.0 and -0.0 differ, a NaN equals itself): what a memo
 * must compare, so that a hit is an input no stage can tell apart. */
static inline bool
est_same_bits(double a, double b)
{
	return memcmp(&a, &b, sizeof(a)) == 0;
}

/* A profile's transformer shape as estimate_train.c's layer scan finds it:
 * its attention layers and the width of the last.  A memo keeps it, so a
 * search over many placements scans a large model's layers once. */
struct est_shape {
	const struct profile *of;	/* NULL: not scanned yet */
	double layers, width;
};

struct est_ctx {
	const struct catalog *cat;
	const struct workload *w;
	const struct placement *pl;
	const struct accounting *acct;
	struct estimate *e;
	struct mlf_err *err;
	/* false while a candidate is only ranked (estimate_figures()): every
	 * est_assume() returns before formatting, and the figures are the same */
	bool text;
	struct est_shape *shape;	/* NULL, or a memo's scan of the profile */

	enum precision prec;
	const struct cat_node_body *body;	/* the hosts' description, or NULL */
	struct figure efficiency;		/* fraction of peak */
	struct figure load;			/* fraction of (TDP − idle) drawn when busy */
	double peak;				/* FLOP/s per device at prec */
	double utilisation;			/* inference at a rate: busy fraction */
	struct range busy_time_s;		/* time the devices work (≤ time_s) */
	double macs;				/* multiply-accumulates in all (op-cost) */
	double offchip_bytes;			/* bytes to and from device memory in all */
};

/* Adds an assumption (silently dropped past ESTIMATE_MAX_ASSUMPTIONS; not
 * formatted at all without c->text). */
void est_assume(struct est_ctx *c, const char *name, const char *source, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* "prefix.suffix" into buf, cut to size − 1 characters as snprintf() would
 * (without its cost: every candidate's estimate builds a dozen ids). */
const char *est_param_id(char *buf, size_t size, const char *prefix, const char *suffix);

/* A parameter, with the source named in assumptions by its own sources. */
int est_param(struct est_ctx *c, const char *id, enum unit_dim dim, struct figure *out);

/*
 * A per-kind parameter: "<prefix>.<device-id>" if the catalog has one (a
 * calibrated value), else "<prefix>.<kind>".  *used gets the id used.
 */
int est_kind_param(struct est_ctx *c, const char *prefix, struct figure *out,
		   const char **used);

/*
 * A serving parameter: as est_kind_param(), but a GPU under an eager
 * framework (--runtime eager) takes "<prefix>.gpu-eager".
 */
int est_serve_param(struct est_ctx *c, const char *prefix, struct figure *out,
		    const char **used);

/* Text for a figure's source: its own source, else the param's first source. */
const char *est_source_of(const struct cat_param *p, const struct figure *f);

/* The work (estimate.c): tokens in one sample of a profile (1 for a
 * non-sequence model); the global batch in samples, the default one said in
 * the assumptions; a check that the work is positive and plausible. */
double est_tokens_per_sample(const struct profile *p);
int est_default_batch(struct est_ctx *c, double *batch);
int est_check_work(struct est_ctx *c, double flops);

/* Stage 1: time and memory fit of training (estimate_train.c) and of
 * inference (estimate_serve.c); each fills e->time_s, the fit and the
 * step figures, and c->busy_time_s, c->utilisation, c->macs, c->offchip_bytes. */
int est_training_time(struct est_ctx *c);
int est_inference_time(struct est_ctx *c);
/* est_training_time(c), or its outputs remembered for the same inputs
 * (estimate_memo.c); c->text must be false. */
int est_memo_training_time(struct est_memo *m, struct est_ctx *c);

/* Stage 2 (estimate_energy.c): power, energy, CO2e, cost. */
int est_energy(struct est_ctx *c);
/* Accounting mode: hours and power given; energy, CO2e and cost from them. */
int est_accounting(struct est_ctx *c);

#endif
