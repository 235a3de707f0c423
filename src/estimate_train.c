/*
 * estimate_train.c — the time and the memory fit of a training run.
 *
 * A data-parallel training step takes the longest of its compute, its
 * memory traffic and its gradient all-reduce, because frameworks overlap
 * the all-reduce with the backward pass (Li et al., "PyTorch
 * Distributed", VLDB 2020).  The range comes from the efficiency's range
 * only: it is the quantity that published runs show to vary most
 * (0.22 to 0.51 of peak across the LLaMA and Pythia runs).
 */
#include "config.h"

#include "estimate_impl.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* ---- the work ---- */

static int
training_work(struct est_ctx *c, double *flops, double *samples)
{
	const struct workload *w = c->w;
	const struct profile *p = w->profile;
	const struct cat_param *mp = catalog_find_param(c->cat, "train.flops-multiplier");
	struct figure mult;

	if (w->flops > 0) {
		*flops = w->flops;
		*samples = 0;
		return 0;
	}
	if (p == NULL)
		return mlf_err_set(c->err, MLF_E_USAGE, "give a model or --flops");
	if (est_param(c, "train.flops-multiplier", DIM_NONE, &mult) < 0)
		return -1;
	if (w->tokens > 0)
		*samples = w->tokens / est_tokens_per_sample(p);
	else
		*samples = w->samples * (w->epochs > 0 ? w->epochs : 1);
	if (!(*samples > 0))
		return mlf_err_set(c->err, MLF_E_USAGE,
				   "say how much to train: --samples and --epochs, or --tokens");
	*flops = mult.v * profile_flops(p) * *samples;
	est_assume(c, "training FLOPs", est_source_of(mp, &mult),
		   "%.3g x forward FLOPs (forward + backward)", mult.v);
	return 0;
}

/* ---- communication ---- */

/* Per-direction bandwidths (B/s): within a node per device, between nodes per node. */
static int
link_bandwidths(struct est_ctx *c, double *intra, double *inter)
{
	const struct cat_node_body *b = c->body;
	struct figure f;

	if (b != NULL && b->intra_bandwidth.set)
		*intra = b->intra_bandwidth.v / 2;
	else if (c->pl->device->interconnect.set)
		*intra = c->pl->device->interconnect.v / 2;
	else {
		if (est_param(c, "network.intra-bandwidth", DIM_BYTE_RATE, &f) < 0)
			return -1;
		*intra = f.v / 2;
	}
	if (b != NULL && b->inter_bandwidth.set) {
		*inter = b->inter_bandwidth.v;
	} else {
		if (est_param(c, "network.inter-bandwidth", DIM_BYTE_RATE, &f) < 0)
			return -1;
		*inter = f.v;
	}
	return 0;
}

/*
 * Hierarchical ring all-reduce of `bytes` of gradients: 2 (d−1)/d × bytes
 * over the intra-node links, then 2 (k−1)/k × bytes over each node's
 * network link, for d devices per node and k nodes.
 */
static int
allreduce_time(struct est_ctx *c, double bytes, double *t)
{
	double intra, inter, d = c->e->devices_per_node, k = c->e->nodes;

	if (c->e->devices <= 1) {
		*t = 0;
		return 0;
	}
	if (link_bandwidths(c, &intra, &inter) < 0)
		return -1;
	d = fmin(d, c->e->devices);
	*t = 2 * (d - 1) / d * bytes / intra;
	if (k > 1)
		*t += 2 * (k - 1) / k * bytes / inter;
	return 0;
}

/* ---- memory fit for training ---- */

static int
training_fit(struct est_ctx *c, double batch, struct train_figures *tf)
{
	struct estimate *e = c->e;
	const struct cat_device *d = c->pl->device;
	double n = e->devices, act = tf->activation_bytes_per_sample * batch / n;
	char need[32], have[32];

	e->memory_have_bytes = d->memory.set ? d->memory.v : 0;
	e->memory_need_bytes = tf->state_bytes + act;
	e->fits = true;
	if (!d->memory.set || d->kind == KIND_CPU) {
		est_assume(c, "memory fit", "", "not checked (%s)",
			   d->kind == KIND_CPU ? "host memory" : "the device lists no memory");
		return 0;
	}
	if (e->memory_need_bytes <= e->memory_have_bytes)
		return 0;
	/* shard weights, gradients and optimizer state over the devices */
	e->memory_need_bytes = tf->state_bytes / n + act;
	if (e->memory_need_bytes <= e->memory_have_bytes) {
		e->sharded = true;
		return 0;
	}
	e->fits = false;
	units_format(e->memory_need_bytes, DIM_BYTES, need, sizeof(need));
	units_format(e->memory_have_bytes, DIM_BYTES, have, sizeof(have));
	if (e->devices == 1)
		snprintf(e->fit_reason, sizeof(e->fit_reason), "needs %s on its one device; %s has %s",
			 need, d->id, have);
	else
		snprintf(e->fit_reason, sizeof(e->fit_reason),
			 "needs %s per device even with the state sharded over %u devices; %s has %s",
			 need, e->devices, d->id, have);
	return 0;
}

static int
train_assumptions(struct est_ctx *c, struct train_assumptions *ta)
{
	struct figure f;

	if (est_param(c, "train.optimizer-bytes-per-param", DIM_BYTES, &f) < 0)
		return -1;
	ta->optimizer_bytes_per_param = f.v;
	ta->optimizer = "Adam (mixed precision)";
	if (est_param(c, "train.flops-multiplier", DIM_NONE, &f) < 0)
		return -1;
	ta->flops_multiplier = f.v;
	est_assume(c, "optimizer", "train.optimizer-bytes-per-param",
		   "%s, %.3g bytes per parameter", ta->optimizer, ta->optimizer_bytes_per_param);
	return 0;
}

/* ---- training time ---- */

struct step {
	double flops;		/* per device */
	double bytes;		/* per device */
	double comm_s;
};

static double
step_time(struct est_ctx *c, const struct step *s, double eff, const char **bound)
{
	double compute = s->flops / (c->peak * eff);
	double memory = s->bytes / c->pl->device->bandwidth.v;
	double t = compute;

	if (!c->pl->device->bandwidth.set)
		memory = 0;
	*bound = "compute";
	if (memory > t) {
		t = memory;
		*bound = "memory";
	}
	if (s->comm_s > t) {
		t = s->comm_s;
		*bound = "communication";
	}
	return t;
}

int
est_training_time(struct est_ctx *c)
{
	struct estimate *e = c->e;
	const struct profile *p = c->w->profile;
	struct train_assumptions ta;
	struct train_figures tf = { 0 };
	struct figure comm_factor;
	struct step s;
	double flops = 0, samples = 0, batch = 0, n = e->devices, params;
	const char *bound;

	if (training_work(c, &flops, &samples) < 0 || est_check_work(c, flops) < 0)
		return -1;
	if (est_default_batch(c, &batch) < 0 || train_assumptions(c, &ta) < 0)
		return -1;
	if (p != NULL)
		profile_training(p, &ta, c->prec, &tf);
	params = p != NULL ? p->params : 0;
	if (training_fit(c, batch, &tf) < 0)
		return -1;
	e->flops = flops;
	e->steps = samples > 0 ? fmax(1, samples / batch) : 1;
	s.flops = flops / e->steps / n;
	/* weights read twice (forward, backward), state read and written once */
	s.bytes = 2 * params * precision_bytes(c->prec) +
		  2 * (e->sharded ? tf.state_bytes / n : tf.state_bytes) +
		  tf.activation_bytes_per_sample * 3 * batch / n;
	if (allreduce_time(c, params * precision_bytes(c->prec), &s.comm_s) < 0)
		return -1;
	if (e->sharded) {
		if (est_param(c, "train.sharded-comm-factor", DIM_NONE, &comm_factor) < 0)
			return -1;
		s.comm_s *= comm_factor.v;
		est_assume(c, "state", "train.sharded-comm-factor",
			   "sharded over %u devices (ZeRO-3 / FSDP), %.3g x the all-reduce traffic",
			   e->devices, comm_factor.v);
	}
	e->compute_s = s.flops / (c->peak * c->efficiency.v);
	e->memory_s = c->pl->device->bandwidth.set ? s.bytes / c->pl->device->bandwidth.v : 0;
	e->comm_s = s.comm_s;
	c->macs = p != NULL && profile_flops(p) > 0 ? flops * p->macs / profile_flops(p) : flops / 2;
	c->offchip_bytes = s.bytes * n * e->steps;
	e->time_s.v = e->steps * step_time(c, &s, c->efficiency.v, &e->bound);
	e->time_s.low = e->steps * step_time(c, &s, c->efficiency.high, &bound);
	e->time_s.high = e->steps * step_time(c, &s, c->efficiency.low, &bound);
	c->busy_time_s = e->time_s;
	c->utilisation = 1;
	return 0;
}

