/*
 * estimate_cnn.c — the training step of a model without a transformer
 * shape (a CNN): data parallel, one roofline per layer and pass.
 *
 * Published ResNet-50 runs are memory-bound, not compute-bound: at 16-bit
 * precision its activations stream about 160 MB per image and pass, 0.24 ms
 * of an A100's bandwidth against 0.08 ms of its tensor-core peak
 * (doc/calibration.md).  So each layer of each pass takes the longer of its
 * FLOPs at the generation's fraction of peak and its activation traffic at
 * a fraction of the memory bandwidth (Williams et al. 2009), and never less
 * than a kernel launch:
 *
 *   passes    forward, data gradient and weight gradient: train.flops-
 *             multiplier (3) times the forward FLOPs and traffic;
 *   layers    with multiply-accumulates (convolutions, linears): compute or
 *             memory, whichever is longer (a depthwise or a small layer is
 *             memory-bound); without (batch norm, activations, adds,
 *             pooling): memory only, at full traffic in an eager framework
 *             (PyTorch, one kernel a layer) and at train.cnn.fused-traffic
 *             of it in an optimised runtime (MXNet's and XLA's fused
 *             convolution, batch-norm, add and ReLU kernels);
 *   step      the layers, the optimizer streaming its state once, the part
 *             of the gradient all-reduce the backward pass does not hide,
 *             and the wait for the slowest of n replicas (a step's jitter
 *             train.cnn.sync-jitter, the expected maximum of n:
 *             1 + cv sqrt(2 ln n));
 *   run       steps / goodput, plus per epoch (a) the evaluation: forward
 *             passes over train.cnn.eval-samples (ImageNet's 50,000
 *             validation images) every train.cnn.eval-interval.RUNTIME
 *             epochs, spread over the replicas like the steps, and (b) the
 *             harness's fixed cost train.cnn.epoch-overhead.RUNTIME (an
 *             eager script's checkpoint and input-pipeline restart: tens of
 *             seconds); and over the run train.cnn.warmup-share.RUNTIME of
 *             the steps' time (an optimised, MLPerf-style harness: the first
 *             epoch's compilation and autotuning, a few per cent, which
 *             shrinks with the step as the devices grow, where a fixed
 *             per-epoch cost would not: MLPerf's 3,584-GPU run spends 0.01 s
 *             an epoch outside its steps, one DGX 0.3 s).
 *
 * The range pairs the fast ends of every figure and the slow ends.
 */
#include "config.h"

#include "estimate_cnn.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* Which end of the ranges a step is taken at. */
enum cnn_end { END_CENTRAL, END_FAST, END_SLOW };

struct cnn_params {
	struct figure passes, bw_fraction, fused, jitter, epoch_overhead, launch;
	struct figure eval_samples, eval_interval, warmup_share;
	bool fused_runtime;
	double act_bytes;	/* per activation element */
	double weight_bytes;	/* per parameter, read once a pass */
};

static double
pick(const struct figure *f, enum cnn_end end, bool fast_is_high)
{
	if (end == END_CENTRAL)
		return f->v;
	return (end == END_FAST) == fast_is_high ? f->high : f->low;
}

/* Eager for GPUs and CPUs unless --runtime says otherwise; a TPU always
 * runs XLA, which fuses. */
static bool
fused_runtime(const struct est_ctx *c)
{
	if (c->w->runtime_given)
		return c->w->runtime == RUNTIME_OPTIMIZED;
	return c->pl->device->kind == KIND_TPU;
}

static int
cnn_params_of(struct est_ctx *c, struct cnn_params *cp)
{
	char launch_id[64], overhead_id[64], interval_id[64], share_id[64];
	const char *rt;

	memset(cp, 0, sizeof(*cp));
	cp->fused_runtime = fused_runtime(c);
	rt = cp->fused_runtime ? "optimized" : "eager";
	snprintf(overhead_id, sizeof(overhead_id), "train.cnn.epoch-overhead.%s", rt);
	snprintf(interval_id, sizeof(interval_id), "train.cnn.eval-interval.%s", rt);
	snprintf(share_id, sizeof(share_id), "train.cnn.warmup-share.%s", rt);
	if (est_param(c, "train.flops-multiplier", DIM_NONE, &cp->passes) < 0 ||
	    est_param(c, "train.cnn.bandwidth-fraction", DIM_NONE, &cp->bw_fraction) < 0 ||
	    est_param(c, "train.cnn.fused-traffic", DIM_NONE, &cp->fused) < 0 ||
	    est_param(c, "train.cnn.sync-jitter", DIM_NONE, &cp->jitter) < 0 ||
	    est_param(c, overhead_id, DIM_TIME, &cp->epoch_overhead) < 0 ||
	    est_param(c, "train.cnn.eval-samples", DIM_NONE, &cp->eval_samples) < 0 ||
	    est_param(c, interval_id, DIM_NONE, &cp->eval_interval) < 0 ||
	    est_param(c, share_id, DIM_NONE, &cp->warmup_share) < 0)
		return -1;
	/* the serving figures: a kernel launch costs the same in training */
	if (c->pl->device->kind == KIND_GPU && !cp->fused_runtime)
		snprintf(launch_id, sizeof(launch_id), "infer.launch-overhead.gpu-eager");
	else
		snprintf(launch_id, sizeof(launch_id), "infer.launch-overhead.%s",
			 catalog_kind_name(c->pl->device->kind));
	if (est_param(c, launch_id, DIM_TIME, &cp->launch) < 0)
		return -1;
	if (!(cp->bw_fraction.low > 0 && cp->bw_fraction.high <= 1))
		return mlf_err_set(c->err, MLF_E_DATA,
				   "param 'train.cnn.bandwidth-fraction' must be in (0, 1]");
	if (!(cp->fused.low >= 0 && cp->fused.high <= 1))
		return mlf_err_set(c->err, MLF_E_DATA, "param 'train.cnn.fused-traffic' must be in [0, 1]");
	if (!(cp->jitter.low >= 0 && cp->epoch_overhead.low >= 0 && cp->eval_samples.low >= 0))
		return mlf_err_set(c->err, MLF_E_DATA,
				   "params 'train.cnn.sync-jitter', '%s' and 'train.cnn.eval-samples' "
				   "must not be negative", overhead_id);
	if (!(cp->warmup_share.low >= 0))
		return mlf_err_set(c->err, MLF_E_DATA, "param '%s' must not be negative", share_id);
	if (!(cp->eval_interval.low >= 1))
		return mlf_err_set(c->err, MLF_E_DATA, "param '%s' must be at least 1 epoch",
				   interval_id);
	cp->act_bytes = precision_bytes(c->prec) < 2 ? 2 : precision_bytes(c->prec);
	cp->weight_bytes = cp->act_bytes;
	est_assume(c, "runtime", "train.cnn.fused-traffic",
		   "%s: element-wise layers move %s of their traffic",
		   cp->fused_runtime ? "optimized (fused kernels)" : "eager (a kernel per layer)",
		   cp->fused_runtime ? "a fraction" : "all");
	est_assume(c, "memory bound", "train.cnn.bandwidth-fraction williams-2009-roofline",
		   "each layer and pass the longer of its FLOPs and its traffic at %.3g (%.3g to "
		   "%.3g) of the memory bandwidth, at least a %.3g us launch", cp->bw_fraction.v,
		   cp->bw_fraction.low, cp->bw_fraction.high, cp->launch.v * 1e6);
	return 0;
}

struct cnn_step {
	double layers_s, compute_s, memory_s, optimizer_s, exposed_comm_s, step_s;
	double eval_s;		/* forward passes over the validation set, per epoch */
	double bytes;		/* to and from device memory, per device */
};

/* What one end of the range (central, fast, slow) runs a layer at. */
struct cnn_rates {
	double flops_per_s;	/* peak x efficiency */
	double bw;		/* attainable bytes per second */
	double launch;		/* the shortest a kernel takes */
	double fused;		/* share of an element-wise layer's traffic still moved */
};

static double
larger(double a, double b)
{
	/* fmax() without its call: none of these is a NaN */
	return a > b ? a : b;
}

/*
 * One layer's forward, data-gradient and weight-gradient passes over b
 * samples, at the three ends of the range at once (the layer's FLOPs and
 * traffic are the same for all three); each s[k] gets the layer's time, the
 * two rooflines and the bytes moved.
 */
static void
layer_times(const struct cnn_params *cp, const struct layer *l, double b,
	    const struct cnn_rates r[3], struct cnn_step s[3])
{
	double passes = cp->passes.v;
	double moved = (l->act_in + l->act_out) * cp->act_bytes * b;
	double flops = (2 * l->macs + l->other_flops) * b;
	int k;

	if (l->macs > 0)
		moved += l->params * cp->weight_bytes;
	for (k = 0; k < 3; k++) {
		double traffic = moved, tc = 0, tm;

		if (l->macs > 0)
			tc = flops / r[k].flops_per_s;
		else if (cp->fused_runtime)
			/* folded into the neighbouring convolution's prologue or
			 * epilogue; their few FLOPs per element are far below any
			 * ridge point */
			traffic *= r[k].fused;
		tm = r[k].bw > 0 ? traffic / r[k].bw : 0;
		s[k].compute_s += passes * tc;
		s[k].memory_s += passes * tm;
		s[k].bytes += passes * traffic;
		s[k].layers_s += passes * larger(larger(tc, tm), r[k].launch);
	}
}

static void
rates_at(const struct est_ctx *c, const struct cnn_params *cp, enum cnn_end end,
	 struct cnn_rates *r)
{
	r->flops_per_s = c->peak * pick(&c->efficiency, end, true);
	r->bw = (c->pl->device->bandwidth.set ? c->pl->device->bandwidth.v : 0) *
		pick(&cp->bw_fraction, end, true);
	r->launch = pick(&cp->launch, end, false);
	r->fused = pick(&cp->fused, end, false);
}

/* The step around the layers: optimizer, exposed all-reduce, the wait for
 * the slowest replica, and the evaluation's share. */
static void
step_around_layers(const struct est_ctx *c, const struct cnn_params *cp,
		   const struct cnn_run *run, enum cnn_end end, double bw, struct cnn_step *s)
{
	double n = c->e->devices, sync;

	/* the optimizer reads and writes its state once a step */
	s->optimizer_s = bw > 0 ? 2 * run->state_bytes_per_device / bw : 0;
	s->bytes += 2 * run->state_bytes_per_device;
	/* the all-reduce overlaps the backward passes (two of the three) */
	s->exposed_comm_s = fmax(0, run->comm_s - s->layers_s * (cp->passes.v - 1) / cp->passes.v);
	sync = n > 1 ? 1 + pick(&cp->jitter, end, false) * sqrt(2 * log(n)) : 1;
	s->step_s = (s->layers_s + s->optimizer_s) * sync + s->exposed_comm_s;
	/* one forward pass of the validation set in global batches: each replica
	 * takes its share, as in training */
	s->eval_s = cp->eval_samples.v / run->batch * s->layers_s / cp->passes.v /
		    cp->eval_interval.v;
}

/* The step at the central, fast and slow ends, in one walk over the layers:
 * a recommendation asks for it thousands of times. */
static void
cnn_steps(const struct est_ctx *c, const struct cnn_params *cp, const struct cnn_run *run,
	  struct cnn_step *mid, struct cnn_step *fast, struct cnn_step *slow)
{
	static const enum cnn_end ends[3] = { END_CENTRAL, END_FAST, END_SLOW };
	const struct profile *p = c->w->profile;
	double b = run->batch / c->e->devices;
	struct cnn_rates r[3];
	struct cnn_step s[3];
	size_t i;
	int k;

	memset(s, 0, sizeof(s));
	for (k = 0; k < 3; k++)
		rates_at(c, cp, ends[k], &r[k]);
	for (i = 0; i < p->nlayers; i++)
		if (p->layers[i].counted)
			layer_times(cp, &p->layers[i], b, r, s);
	for (k = 0; k < 3; k++)
		step_around_layers(c, cp, run, ends[k], r[k].bw, &s[k]);
	*mid = s[0];
	*fast = s[1];
	*slow = s[2];
}

static double
run_seconds(const struct cnn_run *run, const struct cnn_step *s,
	    double goodput, double overhead, double warmup)
{
	double steps_s = run->steps * s->step_s;

	return steps_s * (1 + warmup) / goodput + run->epochs * (s->eval_s + overhead);
}

int
est_cnn_training_time(struct est_ctx *c, const struct cnn_run *run)
{
	struct estimate *e = c->e;
	struct cnn_params cp;
	struct cnn_step mid, fast, slow;

	if (cnn_params_of(c, &cp) < 0)
		return -1;
	cnn_steps(c, &cp, run, &mid, &fast, &slow);
	e->compute_s = mid.compute_s;
	e->memory_s = mid.memory_s + mid.optimizer_s;
	e->comm_s = run->comm_s;
	e->step_s = mid.step_s;
	e->bound = mid.exposed_comm_s > 0 ? "communication"
		   : mid.memory_s > mid.compute_s ? "memory" : "compute";
	e->time_s.v = run_seconds(run, &mid, run->goodput->v, cp.epoch_overhead.v,
				  cp.warmup_share.v);
	e->time_s.low = run_seconds(run, &fast, run->goodput->high, cp.epoch_overhead.low,
				    cp.warmup_share.low);
	e->time_s.high = run_seconds(run, &slow, run->goodput->low, cp.epoch_overhead.high,
				     cp.warmup_share.high);
	c->offchip_bytes = mid.bytes * e->devices * run->steps;
	if (e->devices > 1)
		est_assume(c, "synchronisation", "train.cnn.sync-jitter",
			   "%.3g x the step: the slowest of %u replicas at a jitter of %.3g",
			   1 + cp.jitter.v * sqrt(2 * log((double)e->devices)), e->devices,
			   cp.jitter.v);
	est_assume(c, "evaluation", "train.cnn.eval-samples",
		   "a forward pass over %.0f validation samples every %.3g epoch%s: %.3g s an epoch",
		   cp.eval_samples.v, cp.eval_interval.v, cp.eval_interval.v == 1 ? "" : "s",
		   mid.eval_s);
	est_assume(c, "per epoch", cp.fused_runtime ? "train.cnn.epoch-overhead.optimized"
						    : "train.cnn.epoch-overhead.eager",
		   "%.3g s (%.3g to %.3g s) of the %s harness (checkpoint, input pipeline), "
		   "%.3g epoch%s", cp.epoch_overhead.v, cp.epoch_overhead.low,
		   cp.epoch_overhead.high, cp.fused_runtime ? "optimized" : "eager", run->epochs,
		   run->epochs == 1 ? "" : "s");
	if (cp.warmup_share.high > 0)
		est_assume(c, "warm-up", cp.fused_runtime ? "train.cnn.warmup-share.optimized"
							  : "train.cnn.warmup-share.eager",
			   "%.3g (%.3g to %.3g) of the steps' time again (compilation, autotuning, "
			   "the first epoch)", cp.warmup_share.v, cp.warmup_share.low,
			   cp.warmup_share.high);
	return 0;
}
