/*
 * estimate_train.c — the time and the memory fit of a training run.
 *
 * Physics first, then the realized efficiency (doc/design.md §5):
 *
 *   work     model FLOPs per token 6·N + 12·L·d·s (Narayanan et al. 2021,
 *            eq. 3: the dense layers and the attention scores), N the
 *            active parameters; recomputation adds hardware FLOPs only;
 *            a non-transformer is 3 × its forward FLOPs (Kaplan et al.);
 *   layout   every tensor- (within a node), pipeline- and data-parallel
 *            degree and ZeRO stage whose state and activations
 *            (Korthikanti et al. 2022) fit, and the fastest step of them:
 *            compute × (m + p − 1)/m (the 1F1B bubble), tensor-parallel
 *            all-reduces on the intra-node link, pipeline point-to-point,
 *            and the data-parallel reduce-scatter/all-gather on the
 *            network as far as the backward pass does not hide it;
 *   realized the compute runs at a per-generation fraction of peak
 *            (efficiency.train.GENERATION), and the run at a goodput
 *            (train.goodput) for restarts, evaluation and checkpoints;
 *            the range pairs their low and high ends.
 *
 * A non-transformer (a CNN) is data-parallel only, its step a per-layer
 * roofline: each layer takes the longer of its FLOPs at the achieved
 * fraction of peak and its activation traffic at the memory bandwidth
 * (depthwise and element-wise layers are memory-bound; estimate_cnn.c).
 */
#include "config.h"

#include "estimate_cnn.h"
#include "estimate_impl.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* Degrees tried for tensor parallelism and interleaving, and micro-batch
 * sizes: powers of two (Megatron-LM's TP must divide the heads). */
#define MAX_POW2 16
/* Larger micro-batches only widen the window that hides the data-parallel
 * traffic, at more memory and a longer bubble; 64 sequences is past any
 * published configuration (Megatron-LM and NeMo use 1 to 8). */
#define MAX_MICRO_BATCH 64
/* The search's tie-break, not a constant of the method: of two layouts
 * within 0.5 % of each other the simpler (found first) is kept. */
#define LAYOUT_MARGIN 0.005

const char *
estimate_recompute_name(enum recompute r)
{
	switch (r) {
	case RECOMPUTE_NONE: return "none";
	case RECOMPUTE_SELECTIVE: return "selective";
	case RECOMPUTE_FULL: return "full";
	default: return "auto";
	}
}

/* ---- what is trained ---- */

struct train_model {
	bool transformer;
	double params;		/* all of them: memory */
	double active;		/* those a token passes through: FLOPs */
	double layers, width, heads, seq;
	double flops_per_sample;	/* model FLOPs, forward + backward */
	double act_bytes_per_sample;	/* non-transformer: kept for backward */
};

struct train_params {
	struct figure opt_bytes, aspect, head_dim, goodput, zero3_comm;
	double act_bytes;	/* bytes per activation element (the precision's) */
};

/* L, d from the profile's attention layers (zoo and XML models). */
static void
shape_from_layers(const struct profile *p, struct train_model *m)
{
	size_t i;

	for (i = 0; i < p->nlayers; i++) {
		const struct layer *l = &p->layers[i];

		/* two letters before strcmp: a large model has thousands of layers
		 * (two residual "add"s per block) and every search reads them */
		if (l->type[0] == 'a' && l->type[1] == 't' && strcmp(l->type, "attention") == 0 &&
		    l->out_rank == 2) {
			m->layers++;
			m->width = (double)l->out_shape[1];
		} else if (l->type[0] == 't' && strcmp(l->type, "transformer-block") == 0) {
			m->layers++;
			m->width = sqrt(l->params / 12);
		}
	}
}

static int
train_model_of(struct est_ctx *c, const struct train_params *tp, struct train_model *m)
{
	const struct workload *w = c->w;
	const struct profile *p = w->profile;
	struct figure seq;

	memset(m, 0, sizeof(*m));
	m->params = p->params;
	m->active = w->active_params > 0 ? w->active_params : p->params;
	if (w->active_params > p->params)
		return mlf_err_set(c->err, MLF_E_USAGE,
				   "--active-params %.4g exceeds the model's %.4g parameters",
				   w->active_params, p->params);
	if (c->shape != NULL && c->shape->of == p) {
		m->layers = c->shape->layers;
		m->width = c->shape->width;
	} else {
		shape_from_layers(p, m);
		if (c->shape != NULL)
			*c->shape = (struct est_shape){ p, m->layers, m->width };
	}
	m->seq = p->seq > 1 ? p->seq : 0;
	if (strcmp(p->origin, "summary") == 0 && m->layers == 0) {
		/* a summary known by N alone: GPT-3's shape rule, d = aspect × L */
		m->layers = fmax(1, round(cbrt(m->active / (12 * tp->aspect.v * tp->aspect.v))));
		m->width = tp->aspect.v * m->layers;
		est_assume(c, "shape", "train.aspect-ratio",
			   "%.0f layers of width %.0f (N = 12 L d^2, d = %.3g L)", m->layers,
			   m->width, tp->aspect.v);
	}
	m->transformer = m->layers > 0 && m->width > 0;
	if (!m->transformer) {
		m->flops_per_sample = 0;	/* set by the caller from the profile */
		return 0;
	}
	if (w->seq > 0)
		m->seq = w->seq;
	if (m->seq == 0) {
		if (est_param(c, "train.default-seq", DIM_NONE, &seq) < 0)
			return -1;
		m->seq = seq.v;
		est_assume(c, "sequence", "train.default-seq", "%.0f tokens (the default)", seq.v);
	}
	m->heads = fmax(1, round(m->width / tp->head_dim.v));
	m->flops_per_sample = m->seq * (6 * m->active + 12 * m->layers * m->width * m->seq);
	est_assume(c, "training FLOPs", "narayanan-2021",
		   "6 N + 12 L d s per token: N %.4g, L %.0f, d %.0f, s %.0f", m->active, m->layers,
		   m->width, m->seq);
	return 0;
}

/* Samples (sequences) to train on; 0 with --flops. */
static int
training_samples(struct est_ctx *c, const struct train_model *m, double *samples)
{
	const struct workload *w = c->w;
	const struct profile *p = w->profile;
	double tokens;

	if (w->tokens > 0)
		tokens = w->tokens;
	else
		tokens = w->samples * (w->epochs > 0 ? w->epochs : 1) * est_tokens_per_sample(p);
	if (!(tokens > 0))
		return mlf_err_set(c->err, MLF_E_USAGE,
				   "say how much to train: --samples and --epochs, or --tokens");
	*samples = m->transformer ? tokens / m->seq : tokens / est_tokens_per_sample(p);
	return 0;
}

/*
 * The global batch in samples: --batch, --batch-tokens, or the published
 * practice for a transformer of this size (train.default-batch-tokens at
 * train.batch-reference-params, growing as N^train.batch-exponent), or the
 * catalog's default for other models.
 */
static int
global_batch(struct est_ctx *c, const struct train_model *m, double *batch)
{
	const struct workload *w = c->w;
	struct figure tokens, ref, expo;
	double t;

	if (w->batch > 0) {
		*batch = w->batch;
		return 0;
	}
	if (w->batch_tokens > 0) {
		*batch = fmax(1, round(w->batch_tokens / (m->transformer ? m->seq : 1)));
		return 0;
	}
	if (!m->transformer)
		return est_default_batch(c, batch);
	if (est_param(c, "train.default-batch-tokens", DIM_NONE, &tokens) < 0 ||
	    est_param(c, "train.batch-reference-params", DIM_NONE, &ref) < 0 ||
	    est_param(c, "train.batch-exponent", DIM_NONE, &expo) < 0)
		return -1;
	t = tokens.v * pow(m->active / ref.v, expo.v);
	*batch = fmax(1, round(t / m->seq));
	est_assume(c, "batch", "train.default-batch-tokens train.batch-exponent",
		   "%.6g sequences of %.0f tokens (%.3g M tokens for %.3g B parameters)", *batch,
		   m->seq, *batch * m->seq / 1e6, m->active / 1e9);
	return 0;
}

/* ---- links ---- */

struct links {
	double intra;		/* B/s per device, one direction, inside a node */
	double inter;		/* B/s per device, one direction, between nodes */
	double hbm;		/* B/s device memory */
	unsigned per_node;
};

/* A per-generation network parameter ("network.inter-bandwidth.nvidia-h100"),
 * else the general one. */
static int
network_param(struct est_ctx *c, const char *prefix, struct figure *f, const char **used)
{
	char id[128];
	const char *dash;
	size_t len;

	est_param_id(id, sizeof(id), prefix, c->pl->device->id);
	for (;;) {
		if (catalog_find_param(c->cat, id) != NULL)
			break;
		dash = strrchr(id + strlen(prefix) + 1, '-');
		if (dash == NULL) {
			snprintf(id, sizeof(id), "%s", prefix);
			break;
		}
		len = (size_t)(dash - id);
		id[len] = '\0';
	}
	*used = catalog_find_param(c->cat, id) ? catalog_find_param(c->cat, id)->id : prefix;
	return est_param(c, id, DIM_BYTE_RATE, f);
}

static int
links_of(struct est_ctx *c, struct links *k)
{
	const struct cat_node_body *b = c->body;
	const struct cat_device *d = c->pl->device;
	const char *id;
	struct figure f;

	k->per_node = c->e->devices_per_node;
	k->hbm = d->bandwidth.set ? d->bandwidth.v : 0;
	/* catalog link figures are bidirectional; a ring sends one way */
	if (b != NULL && b->intra_bandwidth.set) {
		k->intra = b->intra_bandwidth.v / 2;
	} else if (d->interconnect.set) {
		k->intra = d->interconnect.v / 2;
	} else {
		if (est_param(c, "network.intra-bandwidth", DIM_BYTE_RATE, &f) < 0)
			return -1;
		k->intra = f.v / 2;
	}
	if (d->kind == KIND_TPU && d->interconnect.set) {
		/* a TPU slice is one torus of ICI links: no separate network */
		k->inter = k->intra;
		return 0;
	}
	if (b != NULL && b->inter_bandwidth.set) {
		k->inter = b->inter_bandwidth.v / k->per_node;
		return 0;
	}
	if (network_param(c, "network.inter-bandwidth", &f, &id) < 0)
		return -1;
	k->inter = f.v / k->per_node;
	est_assume(c, "network", id, "%.4g Gb/s per device between nodes", k->inter * 8 / 1e9);
	return 0;
}

/* Ring all-reduce of `bytes` among g ranks: 2 (g−1)/g × bytes each way. */
static double
allreduce_s(double bytes, double g, double bw)
{
	return g > 1 && bw > 0 ? 2 * (g - 1) / g * bytes / bw : 0;
}

/* ---- one layout ---- */

struct layout {
	unsigned tp, pp, dp, zero;
	unsigned v;		/* virtual pipeline stages per device (interleaving) */
	double b, m;		/* micro-batch (samples), micro-batches per step */
	enum recompute rc;
	double mem;		/* bytes per device */
	double compute, bubble, tp_s, pp_s, dp_s, other_s, step;
};

struct search {
	struct est_ctx *c;
	const struct train_model *m;
	const struct train_params *tp;
	const struct links *k;
	double batch, peak, eff, mem_have, prec_bytes;
	bool check_memory;
};

/* Hardware FLOPs over model FLOPs for a recompute choice (Korthikanti
 * et al. 2022: selective recomputes the attention core, 4·L·d·s FLOPs
 * per token forward; full recomputes the whole forward pass, 1/3 more). */
static double
recompute_factor(const struct train_model *m, enum recompute rc)
{
	double per_token = 6 * m->active + 12 * m->layers * m->width * m->seq;

	if (rc == RECOMPUTE_FULL)
		return 4.0 / 3;
	if (rc == RECOMPUTE_SELECTIVE)
		return (per_token + 4 * m->layers * m->width * m->seq) / per_token;
	return 1;
}

/* Korthikanti et al. 2022, Table 2 (with sequence parallelism): bytes of
 * activations one layer keeps per micro-batch of b sequences. */
static double
layer_activation_bytes(const struct train_model *m, double b, double t, enum recompute rc)
{
	double sbh = m->seq * b * m->width;

	if (rc == RECOMPUTE_FULL)
		return 2 * sbh / t;
	if (rc == RECOMPUTE_SELECTIVE)
		return sbh * 34 / t;
	return sbh * (34 + 5 * m->heads * m->seq / m->width) / t;
}

static double
state_bytes(const struct search *s, const struct layout *l)
{
	double n = s->m->params / (l->tp * l->pp), dp = l->dp;
	double w = 2 * n, g = 2 * n, o = (s->tp->opt_bytes.v - 4) * n;

	/* ZeRO (Rajbhandari et al. 2020): stage 1 shards the optimizer state,
	 * 2 the gradients too, 3 the weights too */
	if (l->zero >= 1)
		o /= dp;
	if (l->zero >= 2)
		g /= dp;
	if (l->zero >= 3)
		w /= dp;
	return w + g + o;
}

/* 1F1B keeps p micro-batches in flight on the first stage, L layers'
 * worth; interleaving adds (p − 1)/(p v) of it (Korthikanti et al. 2022).
 * The memory need is state_bytes() + held_layers() × layer_activation_bytes(). */
static double
held_layers(const struct search *s, const struct layout *l)
{
	double held = fmin(l->m, l->pp) / l->pp * s->m->layers;

	if (l->v > 1)
		held *= 1 + (l->pp - 1.0) / (l->pp * l->v);
	return held;
}

/* The network a group of g ranks spaced `stride` devices apart uses. */
static double
group_bw(const struct search *s, double g, double stride)
{
	return g * stride <= s->k->per_node ? s->k->intra : s->k->inter;
}

/* The matrix products of a step at `factor` hardware FLOPs per model FLOP. */
static double
compute_time(const struct search *s, const struct layout *l, double factor)
{
	const struct train_model *m = s->m;
	double tokens_step = s->batch * m->seq, n = (double)l->tp * l->pp * l->dp;
	double busy = fmin(l->dp, s->batch) / l->dp;	/* replicas beyond the batch idle */

	return m->flops_per_sample / m->seq * factor * tokens_step / (n * busy * s->peak * s->eff);
}

/* The 1F1B bubble, shortened v times by interleaved stages (Narayanan et
 * al. 2021, section 2.2.2), at v times the point-to-point traffic. */
static double
bubble_time(const struct layout *l, double compute)
{
	return compute * (l->pp - 1) / (l->v * l->m);
}

/* Megatron-LM: two all-reduces of the layer's activations forward, two
 * backward (three each way when the forward pass is recomputed). */
static double
tp_time(const struct search *s, const struct layout *l, enum recompute rc)
{
	const struct train_model *m = s->m;
	double act_msg = l->b * m->seq * m->width * s->prec_bytes;
	double ar_per_layer = rc == RECOMPUTE_FULL ? 6 : 4;

	return l->m * (m->layers / l->pp) * ar_per_layer * allreduce_s(act_msg, l->tp, s->k->intra);
}

/* Steady-state sends overlap the next micro-batch's compute; the fill and
 * the drain carry theirs on the critical path (forward and back). */
static double
pp_time(const struct search *s, const struct layout *l)
{
	const struct train_model *m = s->m;
	double act_msg = l->b * m->seq * m->width * s->prec_bytes;

	return l->pp > 1 ? 2 * (l->pp - 1) * act_msg / group_bw(s, 2, (double)l->tp) : 0;
}

/*
 * The optimizer reads and writes its shard of the state (`state` bytes)
 * once; the element-wise work (norms, softmax, activations, dropout)
 * streams each layer's activations, 34 s b h / t bytes (Korthikanti et al.
 * 2022), written forward and read and written backward, once more when
 * recomputed: memory-bound kernels between the matrix products.
 */
static double
other_time(const struct search *s, const struct layout *l, enum recompute rc, double state)
{
	const struct train_model *m = s->m;
	double tokens_step = s->batch * m->seq;
	double busy = fmin(l->dp, s->batch) / l->dp;	/* replicas beyond the batch idle */
	double t = s->k->hbm > 0 ? 2 * state / s->k->hbm : 0;

	if (s->k->hbm > 0)
		t += (rc == RECOMPUTE_NONE ? 3 : 4) * tokens_step / (l->dp * busy) *
		     (m->layers / l->pp) * 34 * m->width / l->tp / s->k->hbm;
	return t;
}

static void
transformer_step(const struct search *s, struct layout *l)
{
	const struct train_model *m = s->m;
	double grads = m->params / (l->tp * l->pp) * s->prec_bytes;
	double mb_compute, window, dp_bw = group_bw(s, l->dp, (double)l->tp * l->pp);

	l->compute = compute_time(s, l, recompute_factor(m, l->rc));
	l->bubble = bubble_time(l, l->compute);
	l->tp_s = tp_time(s, l, l->rc);
	l->pp_s = pp_time(s, l);
	mb_compute = l->compute / l->m;
	if (l->zero >= 3) {
		/* weights gathered forward and backward, gradients scattered, per
		 * micro-batch: train.sharded-comm-factor x the all-reduce (ZeRO §7) */
		l->dp_s = l->m * fmax(0, s->tp->zero3_comm.v * allreduce_s(grads, l->dp, dp_bw) -
					      mb_compute);
	} else {
		/* the reduce-scatter hides behind the last micro-batch's backward, the
		 * all-gather behind the next step's first forward */
		window = l->m > 1 ? mb_compute : l->compute;
		l->dp_s = fmax(0, allreduce_s(grads, l->dp, dp_bw) - window);
	}
	l->other_s = other_time(s, l, l->rc, state_bytes(s, l));
	l->step = l->compute + l->bubble + l->tp_s + l->pp_s + l->dp_s + l->other_s;
}

/*
 * The search keeps the fastest layout that fits and, while none does, the
 * leanest that does not (for the message and the figures of a model that
 * fits nowhere).  It skips a group of layouts only when a lower bound
 * shows that no layout in it can change either: the result is the one of
 * trying every layout.  The bounds hold in floating point too: every term
 * of a step and of a memory need is non-negative and grows with the
 * recomputation, and rounding is monotone.
 */
struct pick {
	struct layout *best;		/* tp 0: none fits yet */
	struct layout *smallest;	/* tp 0: none yet */
	bool want_smallest;		/* false: the caller reads best only */
};

/* The recomputation with the fewest activations that the search tries. */
static enum recompute
leanest_recompute(const struct search *s)
{
	return s->c->w->recompute != RECOMPUTE_AUTO ? s->c->w->recompute : RECOMPUTE_FULL;
}

/* Whether a layout needing at least mem_floor bytes could fit or be the leanest. */
static bool
memory_may_matter(const struct search *s, const struct pick *p, double mem_floor)
{
	if (!s->check_memory || mem_floor <= s->mem_have)
		return true;
	return p->want_smallest && p->best->tp == 0 &&
	       (p->smallest->tp == 0 || mem_floor < p->smallest->mem);
}

/* Whether a layout whose step is at least step_floor could replace the best. */
static bool
could_win(const struct pick *p, double step_floor)
{
	return p->best->tp == 0 || !(step_floor >= p->best->step * (1 - LAYOUT_MARGIN));
}

/* The terms of a step that interleaving does not change (all but the
 * bubble), for one ZeRO stage, micro-batch size and recomputation. */
struct step_terms {
	bool known;
	double compute, tp_s, pp_s, dp_s, other_s;
};

/* transformer_step(s, l), from the terms of an earlier interleaving when known. */
static void
step_with(const struct search *s, struct layout *l, struct step_terms *t)
{
	if (!t->known) {
		transformer_step(s, l);
		*t = (struct step_terms){ true, l->compute, l->tp_s, l->pp_s, l->dp_s, l->other_s };
		return;
	}
	l->compute = t->compute;
	l->bubble = bubble_time(l, l->compute);
	l->tp_s = t->tp_s;
	l->pp_s = t->pp_s;
	l->dp_s = t->dp_s;
	l->other_s = t->other_s;
	l->step = l->compute + l->bubble + l->tp_s + l->pp_s + l->dp_s + l->other_s;
}

/* Keeps l (its memory need `mem`) if it fits and beats the best; remembers
 * the leanest that does not fit.  Returns whether it fits. */
static bool
consider(const struct search *s, struct layout *l, double mem, struct step_terms *terms,
	 struct pick *p)
{
	l->mem = mem;
	if (s->check_memory && !(l->mem <= s->mem_have)) {
		if (p->smallest->tp == 0 || l->mem < p->smallest->mem)
			*p->smallest = *l;
		return false;
	}
	step_with(s, l, &terms[l->rc]);
	/* a later (more elaborate) layout must win clearly */
	if (p->best->tp == 0 || l->step < p->best->step * (1 - LAYOUT_MARGIN))
		*p->best = *l;
	return true;
}

/* The recomputation asked for, or the least that fits: within one layout
 * more recomputation only adds FLOPs and all-reduces, so the first that
 * fits is the fastest (it is across layouts that it can pay, by allowing
 * a leaner one, and every layout is tried).  act[rc]: a layer's
 * activations under each recomputation. */
static void
each_recompute(const struct search *s, struct layout *l, double state, const double *act,
	       struct step_terms *terms, struct pick *p)
{
	static const enum recompute order[] = { RECOMPUTE_NONE, RECOMPUTE_SELECTIVE, RECOMPUTE_FULL };
	enum recompute leanest = leanest_recompute(s);
	double held = held_layers(s, l);
	size_t i;

	if (!memory_may_matter(s, p, state + held * act[leanest]))
		return;
	if (s->c->w->recompute != RECOMPUTE_AUTO) {
		l->rc = s->c->w->recompute;
		consider(s, l, state + held * act[l->rc], terms, p);
		return;
	}
	for (i = 0; i < sizeof(order) / sizeof(order[0]); i++) {
		l->rc = order[i];
		if (consider(s, l, state + held * act[l->rc], terms, p))
			return;
	}
}

/* Interleaving needs at least a layer per virtual stage and as many
 * micro-batches as stages: the most virtual stages l allows (1 without
 * pipelining). */
static unsigned
deepest_interleaving(const struct search *s, const struct layout *l)
{
	unsigned v = 1;

	while (l->pp > 1 && 2 * v * l->pp <= s->m->layers && l->m >= l->pp && 2 * v <= MAX_POW2)
		v *= 2;
	return v;
}

/* What one micro-batch size of a layout gives every ZeRO stage alike. */
struct micro_batch {
	double m, b;			/* micro-batches per step, sequences in one */
	double act[RECOMPUTE_FULL + 1];	/* a layer's activations under each recomputation */
	double held;			/* held_layers() without interleaving */
	double tp_floor, pp_s;		/* tensor-parallel traffic unrecomputed, pipeline sends */
	unsigned vmax;			/* deepest_interleaving() */
};

/* The micro-batch sizes of a layout, worked out at its first ZeRO stage
 * that needs them: powers of two up to the sequences per replica. */
struct micro_batches {
	bool known;
	size_t n;
	struct micro_batch mb[8];	/* 1 to MAX_MICRO_BATCH */
};

static void
micro_batches_of(const struct search *s, struct layout *l, struct micro_batches *mbs)
{
	double per_replica = fmax(1, s->batch / l->dp), bi;
	struct micro_batch *mb;

	mbs->known = true;
	mbs->n = 0;
	for (bi = 1; bi < 2 * per_replica && bi <= MAX_MICRO_BATCH; bi *= 2) {
		mb = &mbs->mb[mbs->n++];
		/* whole sequences per micro-batch; the last may be short */
		l->m = mb->m = ceil(per_replica / bi);
		l->b = mb->b = fmin(bi, per_replica);
		l->v = 1;
		mb->act[RECOMPUTE_AUTO] = 0;
		mb->act[RECOMPUTE_NONE] = layer_activation_bytes(s->m, l->b, l->tp, RECOMPUTE_NONE);
		mb->act[RECOMPUTE_SELECTIVE] = layer_activation_bytes(s->m, l->b, l->tp,
								      RECOMPUTE_SELECTIVE);
		mb->act[RECOMPUTE_FULL] = layer_activation_bytes(s->m, l->b, l->tp, RECOMPUTE_FULL);
		mb->held = held_layers(s, l);
		/* a step is at least its terms without recomputation and with
		 * the data-parallel traffic hidden */
		mb->tp_floor = tp_time(s, l, RECOMPUTE_NONE);
		mb->pp_s = pp_time(s, l);
		mb->vmax = deepest_interleaving(s, l);
	}
}

/* The micro-batches of one layout and ZeRO stage: sizes, interleaving, recomputation. */
static void
each_micro_batch(const struct search *s, struct layout *l, double compute_floor,
		 struct micro_batches *mbs, struct pick *p)
{
	double state = state_bytes(s, l);
	struct step_terms terms[RECOMPUTE_FULL + 1];
	enum recompute leanest = leanest_recompute(s);
	const struct micro_batch *mb;
	unsigned v;
	double other_floor;
	size_t i;

	if (!memory_may_matter(s, p, state))
		return;
	/* the memory-bound work depends on the state, not the micro-batch */
	other_floor = other_time(s, l, RECOMPUTE_NONE, state);
	if (!mbs->known)
		micro_batches_of(s, l, mbs);
	for (i = 0; i < mbs->n; i++) {
		mb = &mbs->mb[i];
		l->m = mb->m;
		l->b = mb->b;
		terms[RECOMPUTE_NONE].known = terms[RECOMPUTE_SELECTIVE].known = false;
		terms[RECOMPUTE_FULL].known = false;
		/* interleaving only adds held activations */
		l->v = 1;
		if (!memory_may_matter(s, p, state + mb->held * mb->act[leanest]))
			continue;
		/* the deepest interleaving has the shortest bubble: if even its
		 * floor cannot win, no interleaving can (nothing changes the
		 * best in between) */
		l->v = mb->vmax;
		if (!could_win(p, compute_floor + bubble_time(l, compute_floor) + mb->tp_floor +
				  mb->pp_s + other_floor))
			continue;
		for (v = 1; v <= mb->vmax; v *= 2) {
			l->v = v;
			if (could_win(p, compute_floor + bubble_time(l, compute_floor) +
					 mb->tp_floor + mb->pp_s + other_floor))
				each_recompute(s, l, state, mb->act, terms, p);
		}
	}
}

/*
 * Whether any variant of a layout at ZeRO stage l0->zero (micro-batch,
 * interleaving, recomputation) could change the pick, from bounds over all
 * of them: for memory, one sequence per micro-batch, one micro-batch in
 * flight and the leanest recomputation; for time, no recomputation, the
 * most micro-batches and virtual stages (the shortest bubble), the fewest
 * bytes per send and no exposed tensor- or data-parallel traffic.  At the
 * highest stage the state is the leanest, so that stage bounds the layout.
 */
static bool
variants_may_matter(const struct search *s, const struct layout *l0, double compute_floor,
		    const struct pick *p)
{
	struct layout l = *l0;
	double state, held, act, step_floor;

	state = state_bytes(s, &l);
	l.m = 1;
	l.b = 1;
	l.v = 1;
	held = held_layers(s, &l);
	act = layer_activation_bytes(s->m, l.b, l.tp, leanest_recompute(s));
	if (!memory_may_matter(s, p, state + held * act))
		return false;
	l.m = ceil(fmax(1, s->batch / l.dp));
	while (l.pp > 1 && 2 * l.v * l.pp <= s->m->layers && 2 * l.v <= MAX_POW2)
		l.v *= 2;
	step_floor = compute_floor + bubble_time(&l, compute_floor) + pp_time(s, &l) +
		     other_time(s, &l, RECOMPUTE_NONE, state);
	return could_win(p, step_floor);
}

static void
try_layout(const struct search *s, unsigned tp, unsigned pp, unsigned dp, struct pick *p)
{
	struct layout l = { .tp = tp, .pp = pp, .dp = dp, .v = 1 };
	/* without recomputation: the least compute of any variant of the layout */
	double compute_floor = compute_time(s, &l, 1);
	struct micro_batches mbs;	/* filled at its first use: not zeroed here */
	unsigned z;

	mbs.known = false;
	l.zero = dp > 1 ? 3 : 0;
	if (!variants_may_matter(s, &l, compute_floor, p))
		return;
	for (z = 0; z <= 3; z++) {
		if (z > 0 && dp == 1)
			break;
		l.zero = z;
		each_micro_batch(s, &l, compute_floor, &mbs, p);
	}
}

static bool
divides(unsigned a, unsigned n)
{
	return a > 0 && n % a == 0;
}

/*
 * Every TP (a power of two up to the devices in a node), PP (a divisor
 * of the rest, at most one layer per stage) and DP; or the --layout given.
 */
static void
search_layouts(const struct search *s, unsigned n, struct pick *p)
{
	const struct workload *w = s->c->w;
	unsigned tp, pp;

	if (w->layout_tp > 0) {
		try_layout(s, w->layout_tp, w->layout_pp, w->layout_dp, p);
		return;
	}
	for (tp = 1; tp <= s->k->per_node && tp <= MAX_POW2 * 8 && tp <= s->m->width; tp *= 2) {
		/* the heads are a shape rule's (width / train.head-dim), not the
		 * model's own, so they do not restrict the degree */
		if (!divides(tp, n))
			continue;
		for (pp = 1; pp <= n / tp && pp <= s->m->layers; pp++)
			if (divides(pp, n / tp))
				try_layout(s, tp, pp, n / (tp * pp), p);
	}
}

/* "TP 8 x PP 16 x DP 128, interleaved 4, ZeRO-1, 16 micro-batches of 1, recompute selective" */
static void
describe_layout(struct estimate *e, const struct layout *l)
{
	char zero[24], inter[40];

	if (l->v > 1)
		snprintf(inter, sizeof(inter), ", interleaved %u", l->v);
	else
		inter[0] = '\0';
	if (l->zero > 0)
		snprintf(zero, sizeof(zero), ", ZeRO-%u", l->zero);
	else
		zero[0] = '\0';
	snprintf(e->layout_text, sizeof(e->layout_text),
		 "TP %u x PP %u x DP %u%s%s, %.0f micro-batch%s of %.3g, recompute %s", l->tp, l->pp,
		 l->dp, inter, zero, l->m, l->m == 1 ? "" : "es", l->b, estimate_recompute_name(l->rc));
}

static void
no_fit(struct est_ctx *c, const struct layout *smallest)
{
	struct estimate *e = c->e;
	char need[32], have[32];

	e->fits = false;
	e->memory_need_bytes = smallest->mem;
	snprintf(e->fit_reason, sizeof(e->fit_reason),
		 "needs %s per device in the smallest layout (TP %u x PP %u x DP %u, ZeRO-%u, "
		 "recompute %s); %s has %s",
		 units_format(smallest->mem, DIM_BYTES, need, sizeof(need)), smallest->tp,
		 smallest->pp, smallest->dp, smallest->zero, estimate_recompute_name(smallest->rc),
		 c->pl->device->id, units_format(e->memory_have_bytes, DIM_BYTES, have, sizeof(have)));
}

/* ---- a model without a transformer shape: data parallel ---- */

/*
 * A CNN or other non-transformer trains data-parallel, the all-reduce
 * overlapping the backward pass (Li et al., "PyTorch Distributed", VLDB
 * 2020); its step is estimate_cnn.c's per-layer roofline at the task
 * kind's efficiency (efficiency.train-other.*).
 */

/* Per-direction bandwidths (B/s): within a node per device, between nodes per node. */
static int
dp_link_bandwidths(struct est_ctx *c, double *intra, double *inter)
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
dp_allreduce_time(struct est_ctx *c, double bytes, double *t)
{
	double intra, inter, d = c->e->devices_per_node, k = c->e->nodes;

	if (c->e->devices <= 1) {
		*t = 0;
		return 0;
	}
	if (dp_link_bandwidths(c, &intra, &inter) < 0)
		return -1;
	d = fmin(d, c->e->devices);
	*t = 2 * (d - 1) / d * bytes / intra;
	if (k > 1)
		*t += 2 * (k - 1) / k * bytes / inter;
	return 0;
}

static void
dp_fit(struct est_ctx *c, double batch, const struct train_figures *tf)
{
	struct estimate *e = c->e;
	const struct cat_device *d = c->pl->device;
	double n = e->devices, act = tf->activation_bytes_per_sample * batch / n;
	char need[32], have[32];

	e->memory_need_bytes = tf->state_bytes + act;
	if (!d->memory.set || d->kind == KIND_CPU) {
		est_assume(c, "memory fit", "", "not checked (%s)",
			   d->kind == KIND_CPU ? "host memory" : "the device lists no memory");
		return;
	}
	if (e->memory_need_bytes <= e->memory_have_bytes)
		return;
	/* shard weights, gradients and optimizer state over the devices */
	e->memory_need_bytes = tf->state_bytes / n + act;
	if (e->memory_need_bytes <= e->memory_have_bytes) {
		e->sharded = true;
		return;
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
}

/* The data-parallel run: the memory fit and the gradient all-reduce here,
 * the per-layer step in estimate_cnn.c. */
static int
data_parallel_time(struct est_ctx *c, const struct train_params *tp, double batch)
{
	struct estimate *e = c->e;
	const struct profile *p = c->w->profile;
	struct train_assumptions ta = { .optimizer_bytes_per_param = tp->opt_bytes.v };
	struct train_figures tf;
	struct figure mult;
	struct cnn_run run = { .batch = batch, .goodput = &tp->goodput };
	double n = e->devices, wbytes = p->params * precision_bytes(c->prec);

	if (est_param(c, "train.flops-multiplier", DIM_NONE, &mult) < 0)
		return -1;
	ta.flops_multiplier = mult.v;
	profile_training(p, &ta, c->prec, &tf);
	dp_fit(c, batch, &tf);
	if (dp_allreduce_time(c, wbytes, &run.comm_s) < 0)
		return -1;
	if (e->sharded) {
		run.comm_s *= tp->zero3_comm.v;
		est_assume(c, "state", "train.sharded-comm-factor",
			   "sharded over %u devices (ZeRO-3 / FSDP), %.3g x the all-reduce traffic",
			   e->devices, tp->zero3_comm.v);
	}
	run.steps = e->steps;
	run.epochs = c->w->epochs > 0 ? c->w->epochs : 1;
	run.state_bytes_per_device = e->sharded ? tf.state_bytes / n : tf.state_bytes;
	if (est_cnn_training_time(c, &run) < 0)
		return -1;
	e->tp = e->pp = 1;
	e->dp = e->devices;
	e->zero_stage = e->sharded ? 3 : 0;
	e->micro_batches = 1;
	e->micro_batch = batch / n;
	e->recompute = RECOMPUTE_NONE;
	snprintf(e->layout_text, sizeof(e->layout_text), "DP %u%s, 1 micro-batch of %.3g",
		 e->devices, e->sharded ? ", ZeRO-3" : "", batch / n);
	c->macs = profile_flops(p) > 0 ? e->flops * p->macs / profile_flops(p) : e->flops / 2;
	return 0;
}

/* ---- the efficiency and goodput of the run ---- */

static int
train_params_of(struct est_ctx *c, struct train_params *tp)
{
	if (est_param(c, "train.optimizer-bytes-per-param", DIM_BYTES, &tp->opt_bytes) < 0 ||
	    est_param(c, "train.aspect-ratio", DIM_NONE, &tp->aspect) < 0 ||
	    est_param(c, "train.head-dim", DIM_NONE, &tp->head_dim) < 0 ||
	    est_param(c, "train.goodput", DIM_NONE, &tp->goodput) < 0 ||
	    est_param(c, "train.sharded-comm-factor", DIM_NONE, &tp->zero3_comm) < 0)
		return -1;
	if (!(tp->goodput.low > 0 && tp->goodput.high <= 1))
		return mlf_err_set(c->err, MLF_E_DATA, "param 'train.goodput' must be in (0, 1]");
	est_assume(c, "optimizer", "train.optimizer-bytes-per-param",
		   "Adam (mixed precision), %.3g bytes per parameter", tp->opt_bytes.v);
	return 0;
}

static void
set_range(struct range *r, const struct figure *f)
{
	r->v = f->v;
	r->low = f->low;
	r->high = f->high;
}

/* ---- the driver ---- */

static int
run_layout(struct search *s, unsigned n, struct layout *best)
{
	struct est_ctx *c = s->c;
	struct layout smallest = { 0 };
	struct pick p = { best, &smallest, true };

	memset(best, 0, sizeof(*best));
	search_layouts(s, n, &p);
	if (best->tp == 0 && smallest.tp == 0)
		return mlf_err_set(c->err, MLF_E_USAGE,
				   "no layout of %u devices: --layout needs TP x PP x DP = %u "
				   "with TP within a node", n, n);
	if (best->tp == 0) {
		no_fit(c, &smallest);
		*best = smallest;
		transformer_step(s, best);
	}
	return 0;
}

static int
check_layout_option(struct est_ctx *c)
{
	const struct workload *w = c->w;

	if (w->layout_tp == 0)
		return 0;
	if ((unsigned long long)w->layout_tp * w->layout_pp * w->layout_dp != c->e->devices)
		return mlf_err_set(c->err, MLF_E_USAGE,
				   "--layout %ux%ux%u is %llu devices, not the %u placed", w->layout_tp,
				   w->layout_pp, w->layout_dp,
				   (unsigned long long)w->layout_tp * w->layout_pp * w->layout_dp,
				   c->e->devices);
	if (w->layout_tp > c->e->devices_per_node)
		return mlf_err_set(c->err, MLF_E_USAGE,
				   "--layout: tensor parallelism %u spans more than the %u devices of "
				   "a node", w->layout_tp, c->e->devices_per_node);
	return 0;
}

/* Time of the run at efficiency eff and goodput g: the layout re-tuned at
 * that efficiency (a faster chip may favour more tensor parallelism, more
 * micro-batches or another ZeRO stage), or the one --layout fixes. */
static double
run_time(struct search *s, const struct layout *central, double eff, double g, double steps)
{
	struct layout x, smallest = { 0 };
	struct pick p = { &x, &smallest, false };

	s->eff = eff;
	memset(&x, 0, sizeof(x));
	/* the central pipeline depth; tensor parallelism, ZeRO stage,
	 * micro-batch, interleaving and recomputation chosen again (searching
	 * the depth too would triple the cost of an estimate) */
	if (s->c->e->fits && s->c->w->layout_tp == 0) {
		unsigned tp, n = s->c->e->devices;

		for (tp = 1; tp <= s->k->per_node && tp <= s->m->width; tp *= 2)
			if (divides(tp * central->pp, n))
				try_layout(s, tp, central->pp, n / (tp * central->pp), &p);
	} else if (s->c->e->fits) {
		try_layout(s, central->tp, central->pp, central->dp, &p);
	}
	if (x.tp == 0) {
		x = *central;
		transformer_step(s, &x);
	}
	s->eff = s->c->efficiency.v;
	return steps * x.step / g;
}

static void
warn_devices_beyond_batch(struct est_ctx *c, const struct layout *l, double batch)
{
	if (l->dp <= batch)
		return;
	snprintf(c->e->train_warning, sizeof(c->e->train_warning),
		 "%u data-parallel replicas share a batch of %.6g samples: %.6g of them idle "
		 "(give a larger --batch)", l->dp, batch, l->dp - batch);
}

static void
record(struct est_ctx *c, const struct layout *l, const struct train_model *m, double batch)
{
	struct estimate *e = c->e;

	e->tp = l->tp;
	e->pp = l->pp;
	e->dp = l->dp;
	e->zero_stage = l->zero;
	e->vp = l->v;
	e->micro_batches = l->m;
	e->micro_batch = l->b;
	e->recompute = l->rc;
	e->batch = batch;
	e->seq = m->transformer ? m->seq : 1;
	e->step_s = l->step;
	e->bubble = l->step > 0 ? l->bubble / l->step : 0;
	e->memory_need_bytes = e->fits ? l->mem : e->memory_need_bytes;
	e->sharded = l->zero > 0;
	e->compute_s = l->compute + l->bubble;
	e->memory_s = l->other_s;
	e->comm_s = l->tp_s + l->pp_s + l->dp_s;
	e->bound = e->comm_s > e->compute_s ? "communication" : "compute";
	describe_layout(e, l);
}

/* The generation's efficiency for a task kind: "efficiency.train" for
 * transformers, "efficiency.train-other" for the rest. */
static int
kernel_efficiency(struct est_ctx *c, const char *prefix)
{
	const char *id;
	char buf[64];

	if (est_kind_param(c, prefix, &c->efficiency, &id) < 0)
		return -1;
	if (!(c->efficiency.low > 0 && c->efficiency.high <= 1))
		return mlf_err_set(c->err, MLF_E_DATA, "param '%s': efficiency must be in (0, 1]", id);
	if (c->text) {
		if (c->efficiency.low == c->efficiency.v && c->efficiency.high == c->efficiency.v)
			snprintf(buf, sizeof(buf), "%.3g", c->efficiency.v);
		else
			snprintf(buf, sizeof(buf), "%.3g (%.3g to %.3g)", c->efficiency.v,
				 c->efficiency.low, c->efficiency.high);
		est_assume(c, "efficiency", id, "%s of peak", buf);
	}
	snprintf(c->e->efficiency_source, sizeof(c->e->efficiency_source), "%s", id);
	set_range(&c->e->kernel_efficiency, &c->efficiency);
	return 0;
}

/*
 * Narrow layers keep less of the chip busy: their matrix products are too
 * small to fill it (tile and wave quantisation) and the fixed costs per
 * kernel weigh more.  The generation's figure is that of a wide model,
 * scaled by d / (d + d0): the published runs' implied efficiency falls
 * from 0.55 to 0.35 between widths of 10,000 and 1,000 (doc/calibration.md).
 */
static int
width_efficiency(struct est_ctx *c, const struct train_model *m)
{
	struct figure d0;
	double f;

	if (est_param(c, "train.efficiency-half-width", DIM_NONE, &d0) < 0)
		return -1;
	f = m->width / (m->width + d0.v);
	c->efficiency.v *= f;
	c->efficiency.low *= f;
	c->efficiency.high *= f;
	set_range(&c->e->kernel_efficiency, &c->efficiency);
	est_assume(c, "efficiency at width", "train.efficiency-half-width",
		   "%.3g (%.3g to %.3g) of peak while computing: %s x %.3g for width %.0f",
		   c->efficiency.v, c->efficiency.low, c->efficiency.high,
		   c->e->efficiency_source, f, m->width);
	return 0;
}

/*
 * --flops without a model: no shape, so no layout or memory fit; the
 * compute at the realized efficiency and goodput, said as such.
 */
static int
flops_only_time(struct est_ctx *c)
{
	struct estimate *e = c->e;
	struct figure g;
	double ideal;

	if (est_param(c, "train.goodput", DIM_NONE, &g) < 0 ||
	    kernel_efficiency(c, "efficiency.train") < 0)
		return -1;
	if (est_check_work(c, c->w->flops) < 0)
		return -1;
	e->flops = c->w->flops;
	e->steps = 1;
	ideal = e->flops / (e->devices * c->peak);
	e->time_s.v = ideal / (c->efficiency.v * g.v);
	e->time_s.low = ideal / (c->efficiency.high * g.high);
	e->time_s.high = ideal / (c->efficiency.low * g.low);
	e->compute_s = e->step_s = e->time_s.v * g.v;
	e->bound = "compute";
	e->tp = e->pp = 1;
	e->dp = e->devices;
	e->micro_batches = e->micro_batch = 1;
	e->recompute = RECOMPUTE_NONE;
	set_range(&e->goodput, &g);
	e->mfu.v = c->efficiency.v * g.v;
	e->mfu.low = c->efficiency.low * g.low;
	e->mfu.high = c->efficiency.high * g.high;
	snprintf(e->layout_text, sizeof(e->layout_text), "not modelled (--flops gives no shape)");
	est_assume(c, "memory fit", "", "not checked (--flops gives no model)");
	est_assume(c, "goodput", "train.goodput", "%.3g (%.3g to %.3g) of the wall time", g.v, g.low,
		   g.high);
	c->macs = e->flops / 2;
	c->offchip_bytes = 0;
	c->busy_time_s = e->time_s;
	c->utilisation = 1;
	return 0;
}

/* The mixed-precision model and the run of a non-transformer. */
static int
other_model_time(struct est_ctx *c, const struct train_params *tp, struct train_model *m)
{
	struct estimate *e = c->e;
	const struct profile *p = c->w->profile;
	struct figure mult;
	double samples = 0, batch = 0;

	if (est_param(c, "train.flops-multiplier", DIM_NONE, &mult) < 0 ||
	    kernel_efficiency(c, "efficiency.train-other") < 0)
		return -1;
	m->flops_per_sample = mult.v * profile_flops(p);
	if (c->text)
		est_assume(c, "training FLOPs",
			   est_source_of(catalog_find_param(c->cat, "train.flops-multiplier"), &mult),
			   "%.3g x forward FLOPs (forward + backward)", mult.v);
	if (training_samples(c, m, &samples) < 0 || global_batch(c, m, &batch) < 0)
		return -1;
	e->flops = m->flops_per_sample * samples;
	if (est_check_work(c, e->flops) < 0)
		return -1;
	e->steps = fmax(1, samples / batch);
	e->batch = batch;
	e->seq = 1;
	e->memory_have_bytes = c->pl->device->memory.set ? c->pl->device->memory.v : 0;
	if (data_parallel_time(c, tp, batch) < 0)
		return -1;
	set_range(&e->goodput, &tp->goodput);
	return 0;
}

/* A transformer: the fastest layout and its step. */
static int
transformer_time(struct est_ctx *c, const struct train_params *tp, struct train_model *m)
{
	struct estimate *e = c->e;
	struct links k;
	struct search s = { .c = c };
	struct layout best;
	double samples = 0, batch = 0;

	if (kernel_efficiency(c, "efficiency.train") < 0 || width_efficiency(c, m) < 0 ||
	    links_of(c, &k) < 0 || check_layout_option(c) < 0)
		return -1;
	if (training_samples(c, m, &samples) < 0 || global_batch(c, m, &batch) < 0)
		return -1;
	e->flops = m->flops_per_sample * samples;
	if (est_check_work(c, e->flops) < 0)
		return -1;
	e->steps = fmax(1, samples / batch);
	e->memory_have_bytes = c->pl->device->memory.set ? c->pl->device->memory.v : 0;
	s.m = m;
	s.tp = tp;
	s.k = &k;
	s.batch = batch;
	s.peak = c->peak;
	s.eff = c->efficiency.v;
	s.prec_bytes = precision_bytes(c->prec) < 2 ? 2 : precision_bytes(c->prec);
	s.mem_have = e->memory_have_bytes;
	s.check_memory = c->pl->device->memory.set && c->pl->device->kind != KIND_CPU;
	if (run_layout(&s, e->devices, &best) < 0)
		return -1;
	record(c, &best, m, batch);
	warn_devices_beyond_batch(c, &best, batch);
	set_range(&e->goodput, &tp->goodput);
	e->time_s.v = e->steps * best.step / tp->goodput.v;
	e->time_s.low = run_time(&s, &best, c->efficiency.high, tp->goodput.high, e->steps);
	e->time_s.high = run_time(&s, &best, c->efficiency.low, tp->goodput.low, e->steps);
	est_assume(c, "layout", "narayanan-2021 korthikanti-2022", "%s", e->layout_text);
	c->macs = e->flops / 2;
	/* weights read forward and backward per micro-batch */
	c->offchip_bytes = 2 * m->params * s.prec_bytes * best.m * e->steps;
	return 0;
}

int
est_training_time(struct est_ctx *c)
{
	struct estimate *e = c->e;
	struct train_params tp;
	struct train_model m;
	double peak_all;

	if (c->w->profile == NULL)
		return flops_only_time(c);
	if (train_params_of(c, &tp) < 0 || train_model_of(c, &tp, &m) < 0)
		return -1;
	if ((m.transformer ? transformer_time(c, &tp, &m) : other_model_time(c, &tp, &m)) < 0)
		return -1;
	peak_all = e->devices * c->peak;
	e->mfu.v = e->flops / (peak_all * e->time_s.v);
	e->mfu.low = e->flops / (peak_all * e->time_s.high);
	e->mfu.high = e->flops / (peak_all * e->time_s.low);
	est_assume(c, "goodput", "train.goodput", "%.3g (%.3g to %.3g) of the wall time",
		   tp.goodput.v, tp.goodput.low, tp.goodput.high);
	c->busy_time_s = e->time_s;
	c->utilisation = 1;
	return 0;
}
