/*
 * estimate_serve.c — inference and serving: the latency of one batch, the
 * memory one replica needs, tensor-parallel sharding, language models'
 * prefill and decode, and the busy time that power follows.
 *
 * One batch on a replica of r devices, per layer (the roofline of Williams
 * et al. 2009, applied layer by layer as serving runtimes execute them):
 *
 *   t_layer = max(FLOPs / (r × peak × f_compute), bytes / (r × bandwidth × f_bw))
 *   latency = Σ t_layer + kernels × launch + host + tensor-parallel all-reduces
 *
 * f_compute, f_bw, the per-kernel launch and synchronisation overhead and
 * the per-batch host overhead are catalog parameters per device kind, and
 * for GPUs per runtime (an optimised runtime fuses element-wise layers into
 * the matrix products and replays kernels as a graph: one kernel per layer
 * with multiply-accumulates; an eager framework launches every layer).
 * A layer's bytes are its weights (an embedding table: only the rows looked
 * up) and its activations in and out.
 *
 * Memory: weights + the largest live activation set (one layer's input and
 * output at a time, not the sum over layers) + a language model's KV cache
 * (2 × layers × KV heads × head size × context × batch × bytes), within the
 * usable share of device memory.  When one device cannot hold a replica,
 * it is sharded over 2, 4 … devices of a node (tensor parallelism,
 * Shoeybi et al. 2019): each holds 1/r of the weights and cache and does
 * 1/r of the work, and each transformer layer adds two all-reduces of its
 * activations (ring: 2 (r−1)/r × bytes over the intra-node link, plus a
 * fixed latency each).
 *
 * Language models (decoder-only, with causal self-attention): a request's
 * prompt is one prefill pass (compute-bound: every prompt token through
 * every layer, attention over the tokens before it); each output token is
 * one decode step shared by a continuous batch of b requests (Yu et al.
 * 2022, Kwon et al. 2023): the weights are read once per step and every
 * sequence's KV cache once, so decode is memory-bound until b is large.
 *   TTFT = host + prefill(P);
 *   TPOT = step(b) + (b / O) × prefill(P) + host + b × per-sequence host work
 * (in steady state each step admits b / O new requests, whose prefills
 * stall it; the engine schedules and samples each sequence on the host);
 *   requests/s per replica = b / (O × TPOT).
 * b is --batch, or the most that memory holds (capped by the engine's
 * usual limit), or, serving a rate, the least that reaches it.
 *
 * Offline (--requests without --batch): the batch is the largest power of
 * two that memory holds, up to the catalog's cap, which is the best
 * throughput the model gives (overheads and weights are shared by more
 * samples as the batch grows).
 *
 * Power follows the load the batch reaches: the devices are busy for the
 * share of the latency in which their compute or memory pipe works
 * (Σ t_layer), not during launches and host work; estimate_energy.c turns
 * that busy time into energy.  Ranges: the fast ends of every parameter
 * together, then the slow ends; the batch is chosen at the central values.
 */
#include "config.h"

#include "estimate_impl.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

/* the kinds of layer whose FLOPs grow with the attended context */
#define IS_ATTENTION(l) (strcmp((l)->type, "attention") == 0)
#define IS_SUMMARY_BLOCK(l) (strcmp((l)->type, "transformer-block") == 0)

/* One end (or the centre) of the serving parameters. */
struct rates {
	double f_compute, f_bw;		/* achieved fractions of peak and bandwidth */
	double launch_s, host_s;	/* per kernel, per batch */
	double allreduce_lat_s;		/* fixed cost of one all-reduce */
	double sequence_s;		/* a language-model engine's host work per sequence and step */
};

/* The serving parameters with their ranges, looked up once. */
struct serve_params {
	struct figure f_compute, f_bw, launch, host, ar_lat, usable, max_batch_lm, sequence;
	struct figure max_batch_offline;
	double link_bw;			/* B/s per device, one direction */
};

/* A layer split for serving: per token (or sample), per token × context. */
struct layer_cost {
	double flops;			/* per token (per sample for other models) */
	double ctx_flops;		/* per token per attended context token */
	double weight_bytes;		/* read once per pass */
	double embed_row_bytes;		/* an embedding: bytes per token looked up */
	double act_bytes;		/* per token: inputs and outputs */
	double kv_bytes;		/* per context token: this layer's K and V */
	double ar_bytes;		/* per token: tensor-parallel all-reduce traffic */
	unsigned allreduces;		/* per pass */
	unsigned kernels;		/* launches per pass */
	double count;			/* identical layers this entry stands for */
};

struct serve {
	struct est_ctx *c;
	struct serve_params sp;
	struct layer_cost *lc;
	size_t n;
	double per;			/* tokens per profile sample (LM) or 1 */
	bool lm;
	double wbytes;			/* bytes per weight / activation element */
	double weights;			/* all weights */
	double kv_per_token;		/* KV cache bytes per context token */
	double peak_act_per_unit;	/* largest live set per token (LM) or sample */
	double prompt, output;		/* tokens per request (LM) */
	unsigned r;			/* devices per replica */
};

/* One pass: its time, the part the device pipes are busy, its all-reduces. */
struct pass {
	double t, busy, allreduce;
};

/* ---- parameters ---- */

/* "gpu-eager" for a GPU under an eager framework, else the device kind. */
static const char *
serve_set_name(const struct est_ctx *c)
{
	if (c->pl->device->kind == KIND_GPU && c->w->runtime == RUNTIME_EAGER)
		return "gpu-eager";
	return catalog_kind_name(c->pl->device->kind);
}

int
est_serve_param(struct est_ctx *c, const char *prefix, struct figure *out, const char **used)
{
	static char id[160];

	if (c->pl->device->kind == KIND_GPU && c->w->runtime == RUNTIME_EAGER) {
		est_param_id(id, sizeof(id), prefix, serve_set_name(c));
		*used = id;
		return est_param(c, id, DIM_NONE, out);
	}
	return est_kind_param(c, prefix, out, used);
}

static int
serve_param_dim(struct est_ctx *c, const char *prefix, enum unit_dim dim, struct figure *out)
{
	char id[160];

	est_param_id(id, sizeof(id), prefix, serve_set_name(c));
	return est_param(c, id, dim, out);
}

static int
link_bandwidth(struct est_ctx *c, double *bw)
{
	struct figure f;

	if (c->body != NULL && c->body->intra_bandwidth.set)
		*bw = c->body->intra_bandwidth.v / 2;
	else if (c->pl->device->interconnect.set)
		*bw = c->pl->device->interconnect.v / 2;
	else if (est_param(c, "network.intra-bandwidth", DIM_BYTE_RATE, &f) < 0)
		return -1;
	else
		*bw = f.v / 2;
	return 0;
}

static int apply_power_cap(struct est_ctx *c, struct serve_params *sp);

static int
load_params(struct est_ctx *c, struct serve_params *sp)
{
	const char *id;

	sp->f_compute = c->efficiency;
	if (est_serve_param(c, "infer.bandwidth-fraction", &sp->f_bw, &id) < 0)
		return -1;
	if (!(sp->f_bw.low > 0 && sp->f_bw.high <= 1))
		return mlf_err_set(c->err, MLF_E_DATA, "param '%s': a fraction must be in (0, 1]", id);
	est_assume(c, "bandwidth", id, "%.3g (%.3g to %.3g) of peak memory bandwidth",
		   sp->f_bw.v, sp->f_bw.low, sp->f_bw.high);
	if (serve_param_dim(c, "infer.launch-overhead", DIM_TIME, &sp->launch) < 0 ||
	    serve_param_dim(c, "infer.host-overhead", DIM_TIME, &sp->host) < 0 ||
	    serve_param_dim(c, "infer.sequence-overhead", DIM_TIME, &sp->sequence) < 0 ||
	    est_param(c, "infer.allreduce-latency", DIM_TIME, &sp->ar_lat) < 0 ||
	    est_param(c, "infer.memory-usable-fraction", DIM_NONE, &sp->usable) < 0 ||
	    est_param(c, "infer.max-batch-lm", DIM_NONE, &sp->max_batch_lm) < 0 ||
	    est_param(c, "infer.max-batch-offline", DIM_NONE, &sp->max_batch_offline) < 0 ||
	    link_bandwidth(c, &sp->link_bw) < 0 || apply_power_cap(c, sp) < 0)
		return -1;
	est_assume(c, "overheads", "infer.launch-overhead infer.host-overhead",
		   "%.3g us per kernel, %.3g us per batch (%s runtime, %s)", sp->launch.v * 1e6,
		   sp->host.v * 1e6, c->w->runtime == RUNTIME_EAGER ? "eager" : "optimized",
		   serve_set_name(c));
	return 0;
}

/*
 * A power cap below what the busy device would draw: the load is held at
 * the cap, and the clocks drop, slowing compute by the cap's share of the
 * dynamic power to the power `dvfs` (1/3 when voltage follows frequency,
 * P ∝ f³; 1 when only the frequency moves).  Memory bandwidth is left as
 * it is: HBM is not clocked with the cores.
 */
static int
apply_power_cap(struct est_ctx *c, struct serve_params *sp)
{
	const struct cat_device *d = c->pl->device;
	struct figure frac, dvfs;
	double idle, dyn, cap = c->w->power_cap_w, *ends[3] = { &c->load.v, &c->load.low,
							       &c->load.high };
	double *eff[3] = { &sp->f_compute.v, &sp->f_compute.high, &sp->f_compute.low };
	const char *id;
	int i;

	if (!(cap > 0))
		return 0;
	if (!d->tdp.set)
		return mlf_err_set(c->err, MLF_E_USAGE, "--power-cap: %s has no TDP to cap", d->id);
	if (d->idle.set)
		idle = d->idle.v;
	else if (est_kind_param(c, "idle.fraction", &frac, &id) < 0)
		return -1;
	else
		idle = frac.v * d->tdp.v;
	if (!(cap > idle))
		return mlf_err_set(c->err, MLF_E_USAGE,
				   "--power-cap %.4g W is not above %s's idle power (%.4g W)", cap,
				   d->id, idle);
	if (est_param(c, "power.dvfs-exponent", DIM_NONE, &dvfs) < 0)
		return -1;
	dyn = d->tdp.v - idle;
	/* the central load with the central exponent; the fast end with the mild one */
	for (i = 0; i < 3; i++) {
		double want = *ends[i], allowed = (cap - idle) / dyn;
		double ex = i == 0 ? dvfs.v : i == 1 ? dvfs.low : dvfs.high;

		if (want > allowed) {
			*eff[i] *= pow(allowed / want, ex);
			*ends[i] = allowed;
		}
	}
	est_assume(c, "power cap", "power.dvfs-exponent",
		   "%.4g W per device: load held at %.3g, compute at %.3g of peak", cap, c->load.v,
		   sp->f_compute.v);
	return 0;
}

static void
rates_at(const struct serve_params *sp, int end, struct rates *k)
{
	/* end 0: central; -1: the fast end of everything; +1: the slow end */
	k->f_compute = end < 0 ? sp->f_compute.high : end > 0 ? sp->f_compute.low : sp->f_compute.v;
	k->f_bw = end < 0 ? sp->f_bw.high : end > 0 ? sp->f_bw.low : sp->f_bw.v;
	k->launch_s = end < 0 ? sp->launch.low : end > 0 ? sp->launch.high : sp->launch.v;
	k->host_s = end < 0 ? sp->host.low : end > 0 ? sp->host.high : sp->host.v;
	k->allreduce_lat_s = end < 0 ? sp->ar_lat.low : end > 0 ? sp->ar_lat.high : sp->ar_lat.v;
	k->sequence_s = end < 0 ? sp->sequence.low : end > 0 ? sp->sequence.high : sp->sequence.v;
}

/* ---- the model, split per token for serving ---- */

/* Is this a decoder-only language model (every attention layer causal self-attention)? */
static bool
is_language_model(const struct profile *p)
{
	size_t i, attn = 0;

	if (p->kv_layers == 0 || p->seq == 0)
		return false;
	for (i = 0; i < p->nlayers; i++)
		attn += IS_ATTENTION(&p->layers[i]) || IS_SUMMARY_BLOCK(&p->layers[i]);
	return attn == p->kv_layers;
}

static unsigned
kernels_of(const struct layer *l, enum serve_runtime rt)
{
	if (!l->counted)
		return 0;
	if (rt == RUNTIME_OPTIMIZED)
		return l->macs > 0;
	return l->macs > 0 || l->other_flops > 0 || l->act_in + l->act_out > 0;
}

static double
width_of(const struct layer *l)
{
	return l->out_rank > 0 ? (double)l->out_shape[l->out_rank - 1] : 0;
}

/*
 * Splits one layer.  For a language model, the profile's sample is `seq`
 * tokens; the attention scores and context (2·s²·d MACs and the softmax
 * over h·s² scores) grow with the context, the rest with the tokens.
 */
static void
split_layer(const struct serve *s, const struct layer *l, double kv_ratio, struct layer_cost *o)
{
	double seq = s->per, flops = 2 * l->macs + l->other_flops, act = l->act_in + l->act_out;
	double d = width_of(l), heads = s->c->w->profile->heads;

	memset(o, 0, sizeof(*o));
	o->count = 1;
	o->weight_bytes = l->params * s->wbytes;
	o->kernels = kernels_of(l, s->c->w->runtime);
	/* an optimised runtime fuses layers without MACs into the one before:
	 * their arithmetic stays, their traffic to memory goes */
	if (s->c->w->runtime == RUNTIME_OPTIMIZED && l->macs == 0 &&
	    strcmp(l->type, "embedding") != 0)
		act = 0;
	if (s->lm && IS_ATTENTION(l)) {
		/* scores and context: 2·s·s·d MACs; softmax: h·s·s·6 FLOPs */
		double score_flops = 4 * seq * seq * d + l->other_flops;

		o->flops = (flops - score_flops) / seq;
		o->ctx_flops = score_flops / (seq * seq);
		/* fused attention keeps the h·s·s scores on chip */
		o->act_bytes = (act - 4 * heads * seq * seq) / seq * s->wbytes;
		o->kv_bytes = 2 * d * kv_ratio * s->wbytes;
		o->ar_bytes = 2 * d * s->wbytes;
		o->allreduces = 2;
	} else if (s->lm && IS_SUMMARY_BLOCK(l)) {
		double d_model = sqrt(l->params / 12);
		double score_flops = 2 * seq * seq * d_model;

		o->flops = (flops - score_flops) / seq;
		o->ctx_flops = score_flops / (seq * seq);
		o->act_bytes = act / seq * s->wbytes;
		o->kv_bytes = 2 * d_model * kv_ratio * s->wbytes;
		o->ar_bytes = 2 * d_model * s->wbytes;
		o->allreduces = 2;
		/* the layers a block stands for (as model_xml.c writes GPT-2's): fused,
		 * attention and two linears; eager, also two norms, two adds, a GELU */
		o->kernels = s->c->w->runtime == RUNTIME_OPTIMIZED ? 3 : 8;
	} else {
		o->flops = flops / seq;
		o->act_bytes = act / seq * s->wbytes;
		if (IS_ATTENTION(l)) {
			o->ar_bytes = 2 * d * (l->in_rank > 0 ? (double)l->in_shape[0] : 1) *
				      s->wbytes;
			o->allreduces = 2;
		}
	}
	if (strcmp(l->type, "embedding") == 0 && d > 0) {
		/* a lookup reads only its rows */
		o->embed_row_bytes = d * s->wbytes;
		o->weight_bytes = 0;
	}
}

/*
 * Adds a layer's cost, folding it into an identical one already there: a
 * model's repeated blocks cost the same, and every pass is a sum over layers.
 */
static void
add_cost(struct serve *s, const struct layer_cost *one)
{
	size_t i, from = s->n > 64 ? s->n - 64 : 0;

	for (i = from; i < s->n; i++) {
		struct layer_cost *l = &s->lc[i];
		double keep = l->count;

		l->count = one->count;
		if (memcmp(l, one, sizeof(*l)) == 0) {
			l->count = keep + one->count;
			return;
		}
		l->count = keep;
	}
	s->lc[s->n++] = *one;
}

/* A profile known by its totals only: one layer that is all of it. */
static void
split_totals(struct serve *s, const struct profile *p)
{
	struct layer_cost *o = &s->lc[0];

	s->n = 1;
	o->flops = profile_flops(p) / s->per;
	o->weight_bytes = p->params * s->wbytes;
	o->act_bytes = p->act_elems / s->per * s->wbytes;
	o->kernels = 1;
	o->count = 1;
	s->peak_act_per_unit = o->act_bytes;
}

static int
split_profile(struct serve *s)
{
	const struct profile *p = s->c->w->profile;
	unsigned kv_heads = s->c->w->kv_heads;
	double kv_ratio = 1, biggest = 0;
	size_t i;

	if (p->nlayers == 0) {
		s->lm = false;
		s->per = 1;
		s->lc = xcalloc(1, sizeof(*s->lc));
		split_totals(s, p);
		s->weights = profile_weight_bytes(p, s->c->prec);
		return 0;
	}
	if (s->lm && p->heads > 0)
		kv_ratio = (kv_heads > 0 ? kv_heads : p->kv_heads) / (double)p->heads;
	s->lc = xcalloc(p->nlayers > 0 ? p->nlayers : 1, sizeof(*s->lc));
	s->n = 0;
	for (i = 0; i < p->nlayers; i++) {
		struct layer_cost one;

		split_layer(s, &p->layers[i], kv_ratio, &one);
		biggest = fmax(biggest, one.act_bytes);
		add_cost(s, &one);
	}
	s->peak_act_per_unit = biggest;
	s->weights = profile_weight_bytes(p, s->c->prec);
	s->kv_per_token = s->lm ? profile_kv_bytes_per_token(p, kv_heads, s->c->prec) : 0;
	return 0;
}

/* ---- one pass ---- */

static double
allreduce_time(const struct serve *s, const struct rates *k, double bytes)
{
	double r = s->r;

	if (s->r <= 1)
		return 0;
	return k->allreduce_lat_s + 2 * (r - 1) / r * bytes / s->sp.link_bw;
}

/*
 * A pass over every layer: `tokens` new tokens (samples for other models),
 * each attending to `ctx` tokens of context on average, `seqs` sequences
 * whose KV caches are read.
 */
static void
run_pass(const struct serve *s, const struct rates *k, double tokens, double ctx, double seqs,
	 struct pass *out)
{
	const struct est_ctx *c = s->c;
	double r = s->r, peak = r * c->peak * k->f_compute;
	double bw = c->pl->device->bandwidth.set ? r * c->pl->device->bandwidth.v * k->f_bw : 0;
	double kernels = 0;
	size_t i;

	memset(out, 0, sizeof(*out));
	for (i = 0; i < s->n; i++) {
		const struct layer_cost *l = &s->lc[i];
		double flops = tokens * (l->flops + ctx * l->ctx_flops);
		double bytes = l->weight_bytes + tokens * (l->act_bytes + l->embed_row_bytes) +
			       seqs * ctx * l->kv_bytes + tokens * l->kv_bytes;
		double t = fmax(flops / peak, bw > 0 ? bytes / bw : 0);

		out->busy += l->count * t;
		kernels += l->count * l->kernels;
		if (l->allreduces > 0 && s->r > 1)
			out->allreduce += l->count * l->allreduces *
					  allreduce_time(s, k, tokens * l->ar_bytes / l->allreduces);
	}
	out->t = out->busy + kernels * k->launch_s + out->allreduce;
}

/* ---- memory ---- */

/*
 * A request's mean KV cache in steady state: its prompt and half its
 * output (a paged cache grows with each sequence; the batch holds requests
 * at every stage of their output).
 */
static double
mean_context(const struct serve *s)
{
	return s->prompt + (s->output + 1) / 2;
}

/* Bytes a replica needs for `batch` requests. */
static double
memory_need(const struct serve *s, double batch)
{
	if (s->lm)
		return s->weights + s->peak_act_per_unit * s->prompt +
		       s->kv_per_token * mean_context(s) * batch;
	return s->weights + s->peak_act_per_unit * batch;
}

static double
memory_room(const struct serve *s, unsigned r)
{
	const struct cat_device *d = s->c->pl->device;

	return d->memory.set ? r * d->memory.v * s->sp.usable.v : HUGE_VAL;
}

/* The fewest devices of one node (1, 2, 4 …) that hold `batch` requests; 0: none. */
static unsigned
replica_size(const struct serve *s, double batch)
{
	const struct estimate *e = s->c->e;
	unsigned r, most = e->devices < e->devices_per_node ? e->devices : e->devices_per_node;

	if (s->c->w->tensor_parallel > 0) {
		r = s->c->w->tensor_parallel;
		return r <= most && memory_need(s, batch) <= memory_room(s, r) ? r : 0;
	}
	if (s->c->pl->device->kind == KIND_CPU)
		return memory_need(s, batch) <= memory_room(s, 1) ? 1 : 0;
	for (r = 1; r <= most; r *= 2)
		if (memory_need(s, batch) <= memory_room(s, r))
			return r;
	return 0;
}

/* The most requests a replica of s->r devices holds at once (0: not one). */
static double
batch_room(const struct serve *s)
{
	double room = memory_room(s, s->r), per;

	if (room == HUGE_VAL)
		return HUGE_VAL;
	per = s->lm ? s->kv_per_token * mean_context(s) : s->peak_act_per_unit;
	if (!(per > 0))
		return HUGE_VAL;
	return floor((room - memory_need(s, 0)) / per);
}

static void
explain_no_fit(struct serve *s, double batch)
{
	struct estimate *e = s->c->e;
	char need[32], have[32], kv[32];
	unsigned most = e->devices < e->devices_per_node ? e->devices : e->devices_per_node;

	if (s->lm)
		snprintf(kv, sizeof(kv), " and %s of KV cache",
			 units_format(s->kv_per_token * mean_context(s) * batch, DIM_BYTES,
				      need, sizeof(need)));
	else
		kv[0] = '\0';
	snprintf(e->fit_reason, sizeof(e->fit_reason),
		 "needs %s (weights%s%s) for a batch of %.0f; %u x %s of one node hold %s usable",
		 units_format(memory_need(s, batch), DIM_BYTES, need, sizeof(need)),
		 s->lm ? ", activations" : " and activations", kv, batch, most,
		 s->c->pl->device->id,
		 units_format(memory_room(s, most), DIM_BYTES, have, sizeof(have)));
}

/* ---- language models ---- */

struct lm_figures {
	double prefill, step, ttft, tpot, per_replica_rps, busy_per_request;
	double allreduce_step;
};

static void
lm_figures_at(const struct serve *s, const struct rates *k, double b, struct lm_figures *f)
{
	struct pass pre, dec;
	double ctx = mean_context(s);

	run_pass(s, k, s->prompt, (s->prompt + 1) / 2, 0, &pre);
	run_pass(s, k, b, ctx, b, &dec);
	f->prefill = pre.t;
	f->step = dec.t;
	f->allreduce_step = dec.allreduce;
	f->ttft = k->host_s + pre.t;
	/*
	 * In steady state a step also admits b / O new requests, whose
	 * prefills stall it, and the engine schedules and samples every
	 * sequence on the host.
	 */
	f->tpot = dec.t + b / s->output * pre.t + k->host_s + b * k->sequence_s;
	f->per_replica_rps = b / (s->output * f->tpot);
	f->busy_per_request = pre.busy + s->output * dec.busy / b;
}

/* The least continuous batch (≤ most) whose replicas reach `need` requests/s. */
static double
lm_batch_for_rate(const struct serve *s, const struct rates *k, double most, double need,
		  unsigned replicas)
{
	struct lm_figures f;
	double lo = 1, hi = most;

	lm_figures_at(s, k, most, &f);
	if (replicas * f.per_replica_rps < need)
		return most;
	while (hi - lo > 0.5) {
		double mid = floor((lo + hi) / 2);

		lm_figures_at(s, k, mid, &f);
		if (replicas * f.per_replica_rps >= need)
			hi = mid;
		else
			lo = mid + 1;
		if (lo >= hi)
			break;
	}
	return hi;
}

static int
lm_tokens(struct est_ctx *c, struct serve *s)
{
	const struct workload *w = c->w;
	struct figure f;

	if (w->prompt_tokens > 0) {
		s->prompt = w->prompt_tokens;
	} else {
		if (est_param(c, "infer.prompt-tokens", DIM_NONE, &f) < 0)
			return -1;
		s->prompt = f.v;
	}
	if (w->output_tokens > 0) {
		s->output = w->output_tokens;
	} else {
		if (est_param(c, "infer.output-tokens", DIM_NONE, &f) < 0)
			return -1;
		s->output = f.v;
	}
	if (s->prompt + s->output > w->profile->seq)
		return mlf_err_set(c->err, MLF_E_USAGE,
				   "%.0f prompt + %.0f output tokens are beyond %s's context of %u "
				   "tokens", s->prompt, s->output, w->profile->name, w->profile->seq);
	est_assume(c, "tokens", w->prompt_tokens > 0 && w->output_tokens > 0
				       ? "given" : "infer.prompt-tokens infer.output-tokens",
		   "%.6g prompt and %.6g output tokens per request%s", s->prompt, s->output,
		   w->prompt_tokens > 0 && w->output_tokens > 0 ? "" : " (defaults for what is not given)");
	return 0;
}

/* ---- the estimate ---- */

static double
requests_of(const struct workload *w)
{
	return w->rate > 0 ? w->rate * w->duration_s : w->requests;
}

/*
 * Offline, a language model on the fewest devices that hold it may have
 * room for only a few sequences: of the replica sizes from there up to a
 * node, the one with the most tokens per second over all devices.
 */
static void
widen_replica(struct serve *s)
{
	const struct estimate *e = s->c->e;
	unsigned r, best = s->r, most = e->devices < e->devices_per_node ? e->devices
									 : e->devices_per_node;
	double best_rps = 0;
	struct lm_figures f;
	struct rates k;

	rates_at(&s->sp, 0, &k);
	for (r = s->r; r <= most; r *= 2) {
		double b, rps;

		s->r = r;
		b = fmax(1, fmin(batch_room(s), s->sp.max_batch_lm.v));
		lm_figures_at(s, &k, b, &f);
		rps = (e->devices / r) * f.per_replica_rps;
		if (rps > best_rps * (1 + 1e-9)) {
			best_rps = rps;
			best = r;
		}
	}
	s->r = best;
}

/* The batch (requests per replica step) and the replica that holds it. */
static int
choose_batch(struct serve *s, double *batch)
{
	struct est_ctx *c = s->c;
	const struct workload *w = c->w;
	struct estimate *e = c->e;
	struct rates k;
	double room;

	if (w->batch > 0) {
		*batch = w->batch;
		s->r = replica_size(s, *batch);
		return 0;
	}
	if (!s->lm && w->rate > 0)
		return est_default_batch(c, batch) < 0 ? -1 : (s->r = replica_size(s, *batch), 0);
	s->r = replica_size(s, 1);
	if (s->r == 0) {
		*batch = 1;
		return 0;
	}
	if (s->lm && w->rate <= 0 && w->tensor_parallel == 0)
		widen_replica(s);
	room = batch_room(s);
	if (s->lm) {
		*batch = fmax(1, fmin(room, s->sp.max_batch_lm.v));
		if (w->rate > 0) {
			rates_at(&s->sp, 0, &k);
			*batch = lm_batch_for_rate(s, &k, *batch, w->rate, e->devices / s->r);
		}
		est_assume(c, "batch", "infer.max-batch-lm",
			   "%.0f requests decoded together (%s)", *batch,
			   w->rate > 0 ? "the least that reaches the rate, within memory"
				       : "continuous batching, as many as memory and the engine allow");
	} else {
		double cap = fmin(room, fmin(s->sp.max_batch_offline.v, requests_of(w)));

		*batch = cap >= 1 ? exp2(floor(log2(cap))) : 1;
		est_assume(c, "batch", "infer.max-batch-offline",
			   "%.0f samples per batch (the largest power of two memory holds, "
			   "for the best throughput)", *batch);
	}
	return 0;
}

static void
set_range(struct range *r, double v, double a, double b)
{
	r->v = v;
	r->low = fmin(a, b);
	r->high = fmax(a, b);
}

/* Fills time, busy time and the per-request figures from throughput at three ends. */
static int
finish_time(struct est_ctx *c, const double thr[3], const double busy_per_req[3])
{
	struct estimate *e = c->e;
	const struct workload *w = c->w;
	double requests = requests_of(w);
	int i;

	if (!(requests > 0))
		return mlf_err_set(c->err, MLF_E_USAGE,
				   "say how much to serve: --requests, or --rate and --duration");
	for (i = 0; i < 3; i++)
		if (!(thr[i] > 0) || !isfinite(thr[i]))
			return mlf_err_set(c->err, MLF_E_DATA,
					   "the serving parameters give no throughput on %s",
					   c->pl->device->id);
	e->throughput = thr[0];
	set_range(&e->throughput_rps, thr[0], thr[1], thr[2]);
	if (w->rate > 0) {
		e->meets_rate = e->throughput >= w->rate;
		e->time_s.v = e->time_s.low = e->time_s.high = w->duration_s;
	} else {
		e->meets_rate = true;
		e->time_s.v = requests / thr[0];
		e->time_s.low = requests / thr[1];
		e->time_s.high = requests / thr[2];
	}
	/* devices busy: each request's busy share, spread over the replicas */
	c->busy_time_s.v = fmin(e->time_s.v, requests * busy_per_req[0] / e->replicas);
	c->busy_time_s.low = fmin(e->time_s.low, requests * busy_per_req[1] / e->replicas);
	c->busy_time_s.high = fmin(e->time_s.high, requests * busy_per_req[2] / e->replicas);
	c->utilisation = e->time_s.v > 0 ? c->busy_time_s.v / e->time_s.v : 1;
	return 0;
}

static int
serve_lm(struct serve *s, double batch)
{
	struct est_ctx *c = s->c;
	struct estimate *e = c->e;
	struct lm_figures f[3];
	struct rates k;
	double thr[3], busy[3];
	int i, end[3] = { 0, -1, 1 };

	for (i = 0; i < 3; i++) {
		rates_at(&s->sp, end[i], &k);
		lm_figures_at(s, &k, batch, &f[i]);
		thr[i] = e->replicas * f[i].per_replica_rps;
		busy[i] = f[i].busy_per_request;
	}
	set_range(&e->ttft_s, f[0].ttft, f[1].ttft, f[2].ttft);
	set_range(&e->tpot_s, f[0].tpot, f[1].tpot, f[2].tpot);
	e->latency = e->ttft_s;
	e->latency_s = e->ttft_s.v;
	e->latency_high_s = e->ttft_s.high;
	e->allreduce_s = f[0].allreduce_step;
	e->comm_s = e->allreduce_s;
	e->meets_slo = (c->w->latency_slo_s <= 0 || e->ttft_s.v <= c->w->latency_slo_s) &&
		       (c->w->tpot_slo_s <= 0 || e->tpot_s.v <= c->w->tpot_slo_s);
	e->bound = "memory";
	if (f[0].step * e->output_tokens < f[0].prefill * batch)
		e->bound = "compute";
	if (finish_time(c, thr, busy) < 0)
		return -1;
	/* serving a rate: what is served, at most what the replicas can */
	for (i = 0; i < 3; i++)
		if (c->w->rate > 0)
			thr[i] = fmin(thr[i], c->w->rate);
	set_range(&e->tokens_per_s, thr[0] * s->output, thr[1] * s->output, thr[2] * s->output);
	return 0;
}

static int
serve_batch(struct serve *s, double batch)
{
	struct est_ctx *c = s->c;
	struct estimate *e = c->e;
	struct pass p[3];
	struct rates k;
	double thr[3], busy[3], lat[3];
	int i, end[3] = { 0, -1, 1 };

	for (i = 0; i < 3; i++) {
		rates_at(&s->sp, end[i], &k);
		run_pass(s, &k, batch, 0, 0, &p[i]);
		lat[i] = p[i].t + k.host_s;
		thr[i] = e->replicas * batch / lat[i];
		busy[i] = p[i].busy / batch;
	}
	set_range(&e->latency, lat[0], lat[1], lat[2]);
	e->latency_s = lat[0];
	e->latency_high_s = e->latency.high;
	e->allreduce_s = p[0].allreduce;
	e->comm_s = e->allreduce_s;
	e->meets_slo = c->w->latency_slo_s <= 0 || e->latency_s <= c->w->latency_slo_s;
	return finish_time(c, thr, busy);
}

/* The compute and memory parts of one batch, for the breakdown. */
static void
split_bound(struct serve *s, double batch)
{
	struct estimate *e = s->c->e;
	double flops = 0, bytes = 0, r = s->r;
	size_t i;

	for (i = 0; i < s->n; i++) {
		const struct layer_cost *l = &s->lc[i];

		flops += l->count * batch * l->flops;
		bytes += l->count * (l->weight_bytes + batch * (l->act_bytes + l->embed_row_bytes));
	}
	e->compute_s = flops / (r * s->c->peak * s->sp.f_compute.v);
	e->memory_s = s->c->pl->device->bandwidth.set
			      ? bytes / (r * s->c->pl->device->bandwidth.v * s->sp.f_bw.v) : 0;
	e->bound = e->compute_s >= e->memory_s ? "compute" : "memory";
}

static void
record_fit(struct serve *s, double batch)
{
	struct estimate *e = s->c->e;
	const struct cat_device *d = s->c->pl->device;

	e->weights_bytes = s->weights;
	e->activation_bytes = s->peak_act_per_unit * (s->lm ? s->prompt : batch);
	e->kv_cache_bytes = s->kv_per_token * mean_context(s) * (s->lm ? batch : 0);
	e->memory_have_bytes = d->memory.set ? d->memory.v : 0;
	e->memory_need_bytes = memory_need(s, batch) / (s->r > 0 ? s->r : 1);
	if (s->r > 1)
		est_assume(s->c, "tensor parallel", "shoeybi-2019-megatron",
			   "one replica over %u devices: 1/%u of the weights and work each, "
			   "two all-reduces per layer", s->r, s->r);
}

/* FLOPs of one request: a language model's prompt and output tokens, with attention. */
static double
flops_per_request(const struct serve *s)
{
	double f = 0, tokens = s->lm ? s->prompt + s->output : 1;
	/* Σ over tokens of the context each attends to */
	double ctx = s->lm ? s->prompt * (s->prompt + 1) / 2 +
				     s->output * (s->prompt + (s->output + 1) / 2) : 0;
	size_t i;

	for (i = 0; i < s->n; i++)
		f += s->lc[i].count * (tokens * s->lc[i].flops + ctx * s->lc[i].ctx_flops);
	return f;
}

static int
serve_estimate(struct serve *s)
{
	struct est_ctx *c = s->c;
	struct estimate *e = c->e;
	const struct workload *w = c->w;
	double batch;

	if (w->profile == NULL)
		return mlf_err_set(c->err, MLF_E_USAGE, "inference needs a model");
	s->lm = is_language_model(w->profile);
	s->per = s->lm ? w->profile->seq : 1;
	s->wbytes = precision_bytes(c->prec);
	if (w->kv_heads > 0 && !s->lm)
		return mlf_err_set(c->err, MLF_E_USAGE,
				   "--kv-heads is for language models (decoders); %s is not one",
				   w->profile->name);
	if (s->lm && w->kv_heads > 0 && w->profile->heads % w->kv_heads != 0)
		return mlf_err_set(c->err, MLF_E_USAGE,
				   "--kv-heads %u: %s's %u heads cannot share it evenly", w->kv_heads,
				   w->profile->name, w->profile->heads);
	if (load_params(c, &s->sp) < 0 || split_profile(s) < 0 || (s->lm && lm_tokens(c, s) < 0))
		return -1;
	e->runtime = w->runtime == RUNTIME_EAGER ? "eager" : "optimized";
	e->language_model = s->lm;
	e->prompt_tokens = s->lm ? s->prompt : 0;
	e->output_tokens = s->lm ? s->output : 0;
	if (choose_batch(s, &batch) < 0)
		return -1;
	e->fits = s->r > 0;
	if (!e->fits) {
		explain_no_fit(s, batch);
		s->r = e->devices < e->devices_per_node ? e->devices : e->devices_per_node;
	}
	record_fit(s, batch);
	e->replica_devices = s->r;
	e->replicas = e->devices / s->r;
	e->serve_batch = (unsigned)batch;
	split_bound(s, batch);
	if ((s->lm ? serve_lm(s, batch) : serve_batch(s, batch)) < 0)
		return -1;
	e->steps = requests_of(w) / batch;
	e->flops = flops_per_request(s) * requests_of(w);
	c->macs = e->flops / 2;
	/* op-cost counts every activation to and from memory, as the profile does */
	c->offchip_bytes = (s->weights + profile_activation_bytes(w->profile, c->prec) *
					 (s->lm ? (s->prompt + s->output) / s->per : batch)) * e->steps;
	return est_check_work(c, e->flops);
}

int
est_inference_time(struct est_ctx *c)
{
	struct serve s = { .c = c };
	int rc = serve_estimate(&s);

	free(s.lc);
	return rc;
}
