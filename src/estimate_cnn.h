/*
 * estimate_cnn.h — the training step of a non-transformer model
 * (estimate_cnn.c); called from estimate_train.c, not for other modules.
 */
#ifndef MLFIT_ESTIMATE_CNN_H
#define MLFIT_ESTIMATE_CNN_H

#include "estimate_impl.h"

/* What estimate_train.c has worked out before the step: the work, the
 * memory fit and the gradient all-reduce. */
struct cnn_run {
	double batch;			/* global, samples */
	double steps;
	double epochs;			/* passes over the data set (1 when not given) */
	double state_bytes_per_device;	/* weights, gradients, optimizer state */
	double comm_s;			/* the gradient all-reduce of one step */
	const struct figure *goodput;
};

/*
 * Fills c->e's step and time figures (compute_s, memory_s, comm_s, step_s,
 * bound, time_s with its range) from a per-layer roofline of the profile
 * at c->efficiency.  0, or -1 with c->err set (a missing or bad parameter).
 */
int est_cnn_training_time(struct est_ctx *c, const struct cnn_run *run);

#endif
