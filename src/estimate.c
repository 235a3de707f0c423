/*
 * estimate.c — the driver of an estimate: the device's precision and
 * peak, the hosts, the work, the parameters, and the order of the stages.
 * Training time is in estimate_train.c, inference in estimate_serve.c,
 * power, energy, CO2e and money in estimate_energy.c.
 */
#include "config.h"

#include "estimate_impl.h"

#include <math.h>
#include <stdarg.h>
#include <stddef.h>
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

	if (!c->text || c->e->nassumptions >= ESTIMATE_MAX_ASSUMPTIONS)
		return;
	a = &c->e->assumptions[c->e->nassumptions++];
	snprintf(a->name, sizeof(a->name), "%s", name);
	snprintf(a->source, sizeof(a->source), "%s", source ? source : "");
	va_start(ap, fmt);
	vsnprintf(a->value, sizeof(a->value), fmt, ap);
	va_end(ap);
}

const char *
est_param_id(char *buf, size_t size, const char *prefix, const char *suffix)
{
	size_t np = strlen(prefix), ns = strlen(suffix), n = 0;

	if (size == 0)
		return buf;
	size--;
	memcpy(buf, prefix, np < size ? np : size);
	n = np < size ? np : size;
	if (n < size)
		buf[n++] = '.';
	memcpy(buf + n, suffix, ns < size - n ? ns : size - n);
	n += ns < size - n ? ns : size - n;
	buf[n] = '\0';
	return buf;
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

	char *dash;

	/* the device, then its generation by dash-prefix ("nvidia-a100-sxm4-40gb",
	 * "nvidia-a100-sxm4", "nvidia-a100"), then its kind */
	est_param_id(id, sizeof(id), prefix, d->id);
	while (catalog_find_param(c->cat, id) == NULL) {
		dash = strrchr(id + strlen(prefix) + 1, '-');
		if (dash == NULL) {
			est_param_id(id, sizeof(id), prefix, catalog_kind_name(d->kind));
			break;
		}
		*dash = '\0';
	}
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
			   "%u device%s need%s %u instance%s of %u, all %u paid for; %s partly idle",
			   pl->count, pl->count == 1 ? "" : "s", pl->count == 1 ? "s" : "",
			   e->nodes, e->nodes == 1 ? "" : "s", e->devices_per_node,
			   e->nodes * e->devices_per_node, e->nodes == 1 ? "it is" : "the last is");
	return 0;
}

/* ---- the work ---- */

double
est_tokens_per_sample(const struct profile *p)
{
	return p->seq > 0 ? p->seq : 1;
}

/*
 * Default global batch: samples, or tokens for models known by their
 * parameter count or shape (the large language models whose batches are
 * quoted in tokens); a zoo model's sample is what its papers batch.
 */
int
est_default_batch(struct est_ctx *c, double *batch)
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
	*batch = tokens && c->w->task == TASK_TRAIN ? fmax(1, round(f.v / est_tokens_per_sample(p)))
						    : f.v;
	est_assume(c, "batch", id, "%.6g samples per step (the default)", *batch);
	return 0;
}

int
est_check_work(struct est_ctx *c, double flops)
{
	if (!(flops > 0))
		return mlf_err_set(c->err, MLF_E_USAGE, "the workload has no work (0 FLOPs)");
	if (!(flops <= MAX_FLOPS))
		return mlf_err_set(c->err, MLF_E_USAGE,
				   "%.3g FLOPs is beyond any training run (the largest published is "
				   "about 5e26); check the numbers", flops);
	return 0;
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

	/* training takes its efficiency by task kind (estimate_train.c) */
	if (c->w->task != TASK_TRAIN) {
		est_param_id(prefix, sizeof(prefix), "efficiency", task);
		if (est_serve_param(c, prefix, &c->efficiency, &id) < 0)
			return -1;
		if (!(c->efficiency.low > 0 && c->efficiency.high <= 1))
			return mlf_err_set(c->err, MLF_E_DATA,
					   "param '%s': efficiency must be in (0, 1]", id);
		if (c->text)
			est_assume(c, "efficiency", id, "%s of peak",
				   ranged(&c->efficiency, buf, sizeof(buf)));
		/* as training does: what calibrate and the JSON report read */
		snprintf(c->e->efficiency_source, sizeof(c->e->efficiency_source), "%s", id);
		c->e->kernel_efficiency.v = c->efficiency.v;
		c->e->kernel_efficiency.low = c->efficiency.low;
		c->e->kernel_efficiency.high = c->efficiency.high;
	}
	est_param_id(prefix, sizeof(prefix), "load", task);
	if (est_kind_param(c, prefix, &c->load, &id) < 0)
		return -1;
	if (c->text)
		est_assume(c, "load", id, "%s of (TDP - idle) while busy",
			   ranged(&c->load, buf, sizeof(buf)));
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

/*
 * The stages, over e cleared up to its assumptions: the assumption list
 * (most of an estimate's size) is only ever read up to e->nassumptions, so
 * it is not zeroed, and it is not written at all without text.
 */
static int
run_stages(const struct catalog *cat, const struct workload *w, const struct placement *pl,
	   enum energy_method method, const struct accounting *acct, struct est_memo *memo,
	   bool text, struct estimate *e, struct mlf_err *err)
{
	struct est_ctx c = { .cat = cat, .w = w, .pl = pl, .acct = acct, .e = e, .err = err,
			     .text = text };
	int rc;

	memset(e, 0, offsetof(struct estimate, assumptions));
	e->nassumptions = 0;
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
	if (w->task != TASK_TRAIN)
		rc = est_inference_time(&c);
	else
		rc = memo != NULL && !text ? est_memo_training_time(memo, &c) : est_training_time(&c);
	if (rc < 0)
		return -1;
	if (check_time(&c) < 0)
		return -1;
	e->device_hours = e->devices * e->time_s.v / UNITS_HOUR;
	return est_energy(&c);
}

int
estimate_run(const struct catalog *cat, const struct workload *w, const struct placement *pl,
	     enum energy_method method, const struct accounting *acct,
	     struct estimate *e, struct mlf_err *err)
{
	return run_stages(cat, w, pl, method, acct, NULL, true, e, err);
}

int
estimate_figures(const struct catalog *cat, const struct workload *w, const struct placement *pl,
		 enum energy_method method, struct estimate *e, struct mlf_err *err)
{
	return run_stages(cat, w, pl, method, NULL, NULL, false, e, err);
}

int
estimate_figures_memo(const struct catalog *cat, const struct workload *w,
		      const struct placement *pl, enum energy_method method,
		      struct est_memo *memo, struct estimate *e, struct mlf_err *err)
{
	return run_stages(cat, w, pl, method, NULL, memo, false, e, err);
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
	{ "train.default-seq", DIM_NONE },
	{ "train.aspect-ratio", DIM_NONE },
	{ "train.head-dim", DIM_NONE },
	{ "train.batch-reference-params", DIM_NONE },
	{ "train.batch-exponent", DIM_NONE },
	{ "train.goodput", DIM_NONE },
	{ "train.sharded-comm-factor", DIM_NONE },
	{ "train.efficiency-half-width", DIM_NONE },
	{ "infer.default-batch", DIM_NONE },
	{ "infer.allreduce-latency", DIM_TIME },
	{ "infer.memory-usable-fraction", DIM_NONE },
	{ "infer.max-batch-lm", DIM_NONE },
	{ "infer.max-batch-offline", DIM_NONE },
	{ "infer.prompt-tokens", DIM_NONE },
	{ "infer.output-tokens", DIM_NONE },
	{ "power.dvfs-exponent", DIM_NONE },
	/* an eager framework on a GPU (--runtime eager) */
	{ "efficiency.infer.gpu-eager", DIM_NONE },
	{ "infer.bandwidth-fraction.gpu-eager", DIM_NONE },
	{ "infer.launch-overhead.gpu-eager", DIM_TIME },
	{ "infer.host-overhead.gpu-eager", DIM_TIME },
	{ "infer.sequence-overhead.gpu-eager", DIM_TIME },
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
	"efficiency.train", "efficiency.train-other", "efficiency.infer", "load.train",
	"load.infer", "idle.fraction", "infer.bandwidth-fraction",
};

/* Per-kind serving overheads (times). */
static const char *const per_kind_time[] = {
	"infer.launch-overhead", "infer.host-overhead", "infer.sequence-overhead",
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
		catalog_add_diag(cat, p->at.file, p->at.line, "param '%s' must be %s %s such as '%s'",
				 id, units_dim_article(dim), units_dim_name(dim), units_dim_example(dim));
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
	for (i = 0; i < sizeof(per_kind_time) / sizeof(per_kind_time[0]); i++) {
		for (k = 0; k < KIND_COUNT; k++) {
			snprintf(id, sizeof(id), "%s.%s", per_kind_time[i],
				 catalog_kind_name((enum device_kind)k));
			bad += check_one(cat, id, DIM_TIME);
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

bool
workload_same(const struct workload *a, const struct workload *b)
{
	return a->profile == b->profile && a->task == b->task && a->precision == b->precision &&
	       a->batch == b->batch && est_same_bits(a->samples, b->samples) &&
	       est_same_bits(a->epochs, b->epochs) && est_same_bits(a->tokens, b->tokens) &&
	       est_same_bits(a->flops, b->flops) && est_same_bits(a->requests, b->requests) &&
	       est_same_bits(a->rate, b->rate) && est_same_bits(a->duration_s, b->duration_s) &&
	       est_same_bits(a->latency_slo_s, b->latency_slo_s) && a->runtime == b->runtime &&
	       a->runtime_given == b->runtime_given && a->kv_heads == b->kv_heads &&
	       est_same_bits(a->prompt_tokens, b->prompt_tokens) &&
	       est_same_bits(a->output_tokens, b->output_tokens) &&
	       est_same_bits(a->tpot_slo_s, b->tpot_slo_s) && a->tensor_parallel == b->tensor_parallel &&
	       est_same_bits(a->power_cap_w, b->power_cap_w) &&
	       est_same_bits(a->batch_tokens, b->batch_tokens) && a->seq == b->seq &&
	       est_same_bits(a->active_params, b->active_params) && a->recompute == b->recompute &&
	       a->layout_tp == b->layout_tp && a->layout_pp == b->layout_pp &&
	       a->layout_dp == b->layout_dp;
}
