/*
 * estimate.c — the work, the time and the memory fit of a workload on a
 * placement; energy and money follow in estimate_energy.c.
 *
 * Time is a roofline per step (Williams et al. 2009) extended with the
 * network: a data-parallel training step takes the longest of its compute,
 * its memory traffic and its gradient all-reduce, because frameworks
 * overlap the all-reduce with the backward pass (Li et al., "PyTorch
 * Distributed", VLDB 2020).  The range comes from the efficiency's range
 * only: it is the quantity that published runs show to vary most
 * (0.22 to 0.51 of peak across the LLaMA and Pythia runs).
 */
#include "config.h"

#include "estimate_impl.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* Sanity limits on input, not constants of the method: beyond them the
 * input is a mistake (the largest published training run is ~5e26 FLOP). */
#define MAX_FLOPS 1e29
#define MAX_DEVICES 1000000u
#define MAX_TIME_S (1000 * UNITS_YEAR)

void
est_assume(struct est_ctx *c, const char *name, const char *source, const char *fmt, ...)
{
	struct assumption *a;
	va_list ap;

	if (c->e->nassumptions >= ESTIMATE_MAX_ASSUMPTIONS)
		return;
	a = &c->e->assumptions[c->e->nassumptions++];
	snprintf(a->name, sizeof(a->name), "%s", name);
	snprintf(a->source, sizeof(a->source), "%s", source ? source : "");
	va_start(ap, fmt);
	vsnprintf(a->value, sizeof(a->value), fmt, ap);
	va_end(ap);
}

const char *
est_source_of(const struct cat_param *p, const struct figure *f)
{
	if (f->source != NULL)
		return f->source;
	return p != NULL && p->sources.n > 0 ? p->sources.items[0] : "";
}

int
est_param(struct est_ctx *c, const char *id, enum unit_dim dim, struct figure *out)
{
	return catalog_param(c->cat, id, dim, out, c->err);
}

int
est_kind_param(struct est_ctx *c, const char *prefix, struct figure *out, const char **used)
{
	static char id[160];
	const struct cat_device *d = c->pl->device;

	snprintf(id, sizeof(id), "%s.%s", prefix, d->id);
	if (catalog_find_param(c->cat, id) == NULL)
		snprintf(id, sizeof(id), "%s.%s", prefix, catalog_kind_name(d->kind));
	*used = id;
	return est_param(c, id, DIM_NONE, out);
}

/* Formats "0.4 (0.22 to 0.51)" for assumptions. */
static const char *
ranged(const struct figure *f, char *buf, size_t size)
{
	if (f->low == f->v && f->high == f->v)
		snprintf(buf, size, "%.3g", f->v);
	else
		snprintf(buf, size, "%.3g (%.3g to %.3g)", f->v, f->low, f->high);
	return buf;
}

/* ---- precision ---- */

int
estimate_precision_for(const struct cat_device *d, enum precision want, bool *fell_back)
{
	/* what a framework would run instead, best first */
	static const enum precision order[PREC_COUNT][5] = {
		[PREC_FP64] = { PREC_FP64, PREC_FP32, PREC_COUNT },
		[PREC_FP32] = { PREC_FP32, PREC_TF32, PREC_FP64, PREC_COUNT },
		[PREC_TF32] = { PREC_TF32, PREC_FP32, PREC_COUNT },
		[PREC_FP16] = { PREC_FP16, PREC_BF16, PREC_TF32, PREC_FP32, PREC_COUNT },
		[PREC_BF16] = { PREC_BF16, PREC_FP16, PREC_TF32, PREC_FP32, PREC_COUNT },
		[PREC_FP8] = { PREC_FP8, PREC_BF16, PREC_FP16, PREC_FP32, PREC_COUNT },
		[PREC_INT16] = { PREC_INT16, PREC_INT8, PREC_FP16, PREC_FP32, PREC_COUNT },
		[PREC_INT8] = { PREC_INT8, PREC_FP8, PREC_FP16, PREC_BF16, PREC_FP32 },
		[PREC_INT4] = { PREC_INT4, PREC_INT8, PREC_FP16, PREC_FP32, PREC_COUNT },
	};
	size_t i;

	for (i = 0; i < 5 && order[want][i] != PREC_COUNT; i++) {
		if (d->peak[order[want][i]].set) {
			*fell_back = i > 0;
			return (int)order[want][i];
		}
	}
	/* Eyeriss-like devices have one precision only */
	for (i = 0; i < PREC_COUNT; i++) {
		if (d->peak[i].set) {
			*fell_back = true;
			return (int)i;
		}
	}
	return -1;
}

/* ---- hosts ---- */

static int
count_hosts(struct est_ctx *c)
{
	struct estimate *e = c->e;
	const struct placement *pl = c->pl;
	struct figure dpn;

	if (pl->instance != NULL)
		c->body = &pl->instance->body;
	else if (pl->node != NULL)
		c->body = &pl->node->body;
	if (c->body != NULL) {
		e->devices_per_node = (unsigned)c->body->accel_count;
	} else {
		if (est_param(c, "node.devices-per-node", DIM_NONE, &dpn) < 0)
			return -1;
		e->devices_per_node = (unsigned)dpn.v;
		if (e->devices_per_node > pl->count)
			e->devices_per_node = pl->count;
	}
	if (e->devices_per_node == 0)
		e->devices_per_node = 1;
	e->devices = pl->count;
	e->nodes = (pl->count + e->devices_per_node - 1) / e->devices_per_node;
	e->instances = pl->instance != NULL ? e->nodes : 0;
	if (pl->instance != NULL && pl->count % e->devices_per_node != 0)
		est_assume(c, "instances", pl->instance->full_id,
			   "%u devices need %u instances of %u; the last is partly idle",
			   pl->count, e->nodes, e->devices_per_node);
	return 0;
}

/* ---- the work ---- */

static double
tokens_per_sample(const struct profile *p)
{
	return p->seq > 0 ? p->seq : 1;
}

/*
 * Default global batch: samples, or tokens for models known by their
 * parameter count or shape (the large language models whose batches are
 * quoted in tokens); a zoo model's sample is what its papers batch.
 */
static int
default_batch(struct est_ctx *c, double *batch)
{
	const struct profile *p = c->w->profile;
	const char *id;
	struct figure f;
	bool tokens = p != NULL && strcmp(p->origin, "summary") == 0;

	if (c->w->batch > 0) {
		*batch = c->w->batch;
		return 0;
	}
	if (c->w->task == TASK_INFER)
		id = "infer.default-batch";
	else
		id = tokens ? "train.default-batch-tokens" : "train.default-batch";
	if (est_param(c, id, DIM_NONE, &f) < 0)
		return -1;
	*batch = tokens && c->w->task == TASK_TRAIN ? fmax(1, round(f.v / tokens_per_sample(p)))
						    : f.v;
	est_assume(c, "batch", id, "%.6g samples per step (the default)", *batch);
	return 0;
}

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
		*samples = w->tokens / tokens_per_sample(p);
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

static int
check_work(struct est_ctx *c, double flops)
{
	if (!(flops > 0))
		return mlf_err_set(c->err, MLF_E_USAGE, "the workload has no work (0 FLOPs)");
	if (!(flops <= MAX_FLOPS))
		return mlf_err_set(c->err, MLF_E_USAGE,
				   "%.3g FLOPs is beyond any training run (the largest published is "
				   "about 5e26); check the numbers", flops);
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
	snprintf(e->fit_reason, sizeof(e->fit_reason),
		 "needs %s per device even with the state sharded over %u devices; %s has %s",
		 units_format(e->memory_need_bytes, DIM_BYTES, need, sizeof(need)), e->devices,
		 d->id, units_format(e->memory_have_bytes, DIM_BYTES, have, sizeof(have)));
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

static int
training_time(struct est_ctx *c)
{
	struct estimate *e = c->e;
	const struct profile *p = c->w->profile;
	struct train_assumptions ta;
	struct train_figures tf = { 0 };
	struct figure comm_factor;
	struct step s;
	double flops = 0, samples = 0, batch = 0, n = e->devices, params;
	const char *bound;

	if (training_work(c, &flops, &samples) < 0 || check_work(c, flops) < 0)
		return -1;
	if (default_batch(c, &batch) < 0 || train_assumptions(c, &ta) < 0)
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

/* ---- inference time ---- */

/* Devices one replica needs: the fewest (1, 2, 4 … up to count) that hold it. */
static unsigned
replica_size(struct est_ctx *c, double weights, double act_per_batch)
{
	const struct cat_device *d = c->pl->device;
	unsigned r;

	if (!d->memory.set || d->kind == KIND_CPU)
		return 1;
	for (r = 1; r <= c->e->devices; r *= 2)
		if ((weights + act_per_batch) / r <= d->memory.v)
			return r;
	return 0;
}

static int
inference_fit(struct est_ctx *c, double weights, double act)
{
	struct estimate *e = c->e;
	char need[32], have[32];

	e->replica_devices = replica_size(c, weights, act);
	e->memory_have_bytes = c->pl->device->memory.set ? c->pl->device->memory.v : 0;
	e->memory_need_bytes = weights + act;
	e->fits = e->replica_devices > 0;
	if (e->fits) {
		e->memory_need_bytes /= e->replica_devices;
		return 0;
	}
	snprintf(e->fit_reason, sizeof(e->fit_reason),
		 "needs %s for weights and activations; %u x %s hold %s",
		 units_format(weights + act, DIM_BYTES, need, sizeof(need)), e->devices,
		 c->pl->device->id,
		 units_format(e->devices * e->memory_have_bytes, DIM_BYTES, have, sizeof(have)));
	return 0;
}

static double
batch_latency(struct est_ctx *c, double flops, double bytes, double eff)
{
	double r = c->e->replica_devices;
	double compute = flops / (r * c->peak * eff);
	double memory = c->pl->device->bandwidth.set ? bytes / (r * c->pl->device->bandwidth.v) : 0;

	return fmax(compute, memory);
}

static int
inference_time(struct est_ctx *c)
{
	struct estimate *e = c->e;
	const struct workload *w = c->w;
	const struct profile *p = w->profile;
	double batch, weights, act, flops_batch, bytes_batch, requests;
	double lat_lo, lat_hi;

	if (p == NULL)
		return mlf_err_set(c->err, MLF_E_USAGE, "inference needs a model");
	if (default_batch(c, &batch) < 0)
		return -1;
	weights = profile_weight_bytes(p, c->prec);
	act = profile_activation_bytes(p, c->prec) * batch;
	if (inference_fit(c, weights, act) < 0)
		return -1;
	if (!e->fits)
		e->replica_devices = e->devices;
	flops_batch = profile_flops(p) * batch;
	bytes_batch = weights + act;
	e->latency_s = batch_latency(c, flops_batch, bytes_batch, c->efficiency.v);
	lat_lo = batch_latency(c, flops_batch, bytes_batch, c->efficiency.high);
	lat_hi = batch_latency(c, flops_batch, bytes_batch, c->efficiency.low);
	e->replicas = e->devices / e->replica_devices;
	e->throughput = e->replicas * batch / e->latency_s;
	e->meets_slo = w->latency_slo_s <= 0 || e->latency_s <= w->latency_slo_s;
	e->bound = flops_batch / (e->replica_devices * c->peak * c->efficiency.v) >=
		   e->latency_s ? "compute" : "memory";
	if (w->rate > 0) {
		if (!(w->duration_s > 0))
			return mlf_err_set(c->err, MLF_E_USAGE, "a rate needs --duration");
		requests = w->rate * w->duration_s;
		e->meets_rate = e->throughput >= w->rate;
		c->utilisation = fmin(1, w->rate / e->throughput);
		e->time_s.v = e->time_s.low = e->time_s.high = w->duration_s;
		c->busy_time_s.v = w->duration_s * c->utilisation;
		c->busy_time_s.low = w->duration_s * fmin(1, w->rate * lat_lo / (e->replicas * batch));
		c->busy_time_s.high = w->duration_s * fmin(1, w->rate * lat_hi / (e->replicas * batch));
	} else {
		requests = w->requests;
		if (!(requests > 0))
			return mlf_err_set(c->err, MLF_E_USAGE,
					   "say how much to serve: --requests, or --rate and --duration");
		e->meets_rate = true;
		c->utilisation = 1;
		e->time_s.v = requests / e->throughput;
		e->time_s.low = requests / (e->replicas * batch / lat_lo);
		e->time_s.high = requests / (e->replicas * batch / lat_hi);
		c->busy_time_s = e->time_s;
	}
	e->steps = requests / batch;
	e->flops = profile_flops(p) * requests;
	c->macs = p->macs * requests;
	c->offchip_bytes = bytes_batch * e->steps;
	e->compute_s = flops_batch / (e->replica_devices * c->peak * c->efficiency.v);
	e->memory_s = c->pl->device->bandwidth.set
			      ? bytes_batch / (e->replica_devices * c->pl->device->bandwidth.v) : 0;
	return check_work(c, e->flops);
}

/* ---- set-up ---- */

static int
resolve_precision(struct est_ctx *c)
{
	const struct cat_device *d = c->pl->device;
	bool fell_back = false;
	int p = estimate_precision_for(d, c->w->precision, &fell_back);

	if (p < 0)
		return mlf_err_set(c->err, MLF_E_DATA, "device '%s' lists no peak throughput", d->id);
	c->prec = (enum precision)p;
	c->peak = d->peak[p].v;
	if (fell_back)
		est_assume(c, "precision", d->id, "%s (%s has no %s peak)", precision_name(c->prec),
			   d->id, precision_name(c->w->precision));
	return 0;
}

static int
efficiency_and_load(struct est_ctx *c)
{
	const char *task = c->w->task == TASK_TRAIN ? "train" : "infer";
	char prefix[32], buf[64];
	const char *id;

	snprintf(prefix, sizeof(prefix), "efficiency.%s", task);
	if (est_kind_param(c, prefix, &c->efficiency, &id) < 0)
		return -1;
	if (!(c->efficiency.low > 0 && c->efficiency.high <= 1))
		return mlf_err_set(c->err, MLF_E_DATA, "param '%s': efficiency must be in (0, 1]", id);
	est_assume(c, "efficiency", id, "%s of peak", ranged(&c->efficiency, buf, sizeof(buf)));
	snprintf(prefix, sizeof(prefix), "load.%s", task);
	if (est_kind_param(c, prefix, &c->load, &id) < 0)
		return -1;
	est_assume(c, "load", id, "%s of (TDP - idle) while busy", ranged(&c->load, buf, sizeof(buf)));
	return 0;
}

static int
check_placement(const struct placement *pl, struct mlf_err *err)
{
	if (pl->device == NULL)
		return mlf_err_set(err, MLF_E_USAGE, "no device to estimate on");
	if (pl->count == 0 || pl->count > MAX_DEVICES)
		return mlf_err_set(err, MLF_E_USAGE, "the device count must be from 1 to %u, not %u",
				   MAX_DEVICES, pl->count);
	return 0;
}

static int
check_time(struct est_ctx *c)
{
	char t[32];

	if (!(c->e->time_s.high <= MAX_TIME_S))
		return mlf_err_set(c->err, MLF_E_USAGE,
				   "the job would take %s on %u x %s; check the workload",
				   units_format(c->e->time_s.high, DIM_TIME, t, sizeof(t)),
				   c->e->devices, c->pl->device->id);
	return 0;
}

int
estimate_run(const struct catalog *cat, const struct workload *w, const struct placement *pl,
	     enum energy_method method, const struct accounting *acct,
	     struct estimate *e, struct mlf_err *err)
{
	struct est_ctx c = { .cat = cat, .w = w, .pl = pl, .acct = acct, .e = e, .err = err };

	memset(e, 0, sizeof(*e));
	e->task = w->task;
	e->method = method;
	e->fits = true;
	e->meets_slo = e->meets_rate = true;
	if (check_placement(pl, err) < 0 || count_hosts(&c) < 0)
		return -1;
	if (acct != NULL)
		return est_accounting(&c);
	if (resolve_precision(&c) < 0 || efficiency_and_load(&c) < 0)
		return -1;
	if ((w->task == TASK_TRAIN ? training_time(&c) : inference_time(&c)) < 0)
		return -1;
	if (check_time(&c) < 0)
		return -1;
	e->device_hours = e->devices * e->time_s.v / UNITS_HOUR;
	return est_energy(&c);
}

/* ---- parameter check ---- */

struct param_spec {
	const char *id;
	enum unit_dim dim;
};

static const struct param_spec needed[] = {
	{ "train.flops-multiplier", DIM_NONE },
	{ "train.optimizer-bytes-per-param", DIM_BYTES },
	{ "train.default-batch", DIM_NONE },
	{ "train.default-batch-tokens", DIM_NONE },
	{ "train.sharded-comm-factor", DIM_NONE },
	{ "infer.default-batch", DIM_NONE },
	{ "host.load", DIM_NONE },
	{ "host.vcpu-power", DIM_POWER },
	{ "host.ram-power", DIM_POWER_PER_BYTE },
	{ "host.vcpus-per-accelerator", DIM_NONE },
	{ "host.ram-per-accelerator", DIM_BYTES },
	{ "node.devices-per-node", DIM_NONE },
	{ "network.intra-bandwidth", DIM_BYTE_RATE },
	{ "network.inter-bandwidth", DIM_BYTE_RATE },
	{ "pue.default", DIM_NONE },
	{ "embodied.server-base", DIM_MASS },
	{ "embodied.per-accelerator", DIM_MASS },
	{ "lifetime.server", DIM_TIME },
	{ "opcost.rf-accesses-per-mac", DIM_NONE },
	{ "grid.world-average", DIM_INTENSITY },
};

/* Per-kind parameters: every kind needs one of each. */
static const char *const per_kind[] = {
	"efficiency.train", "efficiency.infer", "load.train", "load.infer", "idle.fraction",
};

static int
check_one(struct catalog *cat, const char *id, enum unit_dim dim)
{
	const struct cat_param *p = catalog_find_param(cat, id);

	if (p == NULL) {
		catalog_add_diag(cat, NULL, 0, "the catalog has no parameter '%s'", id);
		return 1;
	}
	if (p->value.dim != dim) {
		catalog_add_diag(cat, p->at.file, p->at.line, "param '%s' must be a %s such as '%s'",
				 id, units_dim_name(dim), units_dim_example(dim));
		return 1;
	}
	return 0;
}

int
estimate_check_params(struct catalog *cat)
{
	char id[96];
	size_t i, k;
	int bad = 0;

	for (i = 0; i < sizeof(needed) / sizeof(needed[0]); i++)
		bad += check_one(cat, needed[i].id, needed[i].dim);
	for (i = 0; i < sizeof(per_kind) / sizeof(per_kind[0]); i++) {
		for (k = 0; k < KIND_COUNT; k++) {
			snprintf(id, sizeof(id), "%s.%s", per_kind[i],
				 catalog_kind_name((enum device_kind)k));
			bad += check_one(cat, id, DIM_NONE);
		}
	}
	for (i = 0; i < cat->nparams; i++) {
		const struct cat_param *p = &cat->params[i];

		for (k = 0; k < sizeof(per_kind) / sizeof(per_kind[0]); k++) {
			size_t len = strlen(per_kind[k]);

			if (strncmp(p->id, per_kind[k], len) == 0 && p->id[len] == '.' &&
			    p->value.dim != DIM_NONE) {
				catalog_add_diag(cat, p->at.file, p->at.line,
						 "param '%s' must be a plain number", p->id);
				bad++;
			}
		}
	}
	return bad;
}
