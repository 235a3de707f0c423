/*
 * model.c — profiles: totals, bytes, training figures, summaries, and the
 * arithmetic that the XML and ONNX loaders share.
 *
 * The loaders agree on one vocabulary of operations ("conv2d", "relu",
 * "layernorm", …) and on one table of FLOPs per element, kept here, so
 * that a ResNet written in model XML and the same ResNet exported to ONNX
 * come out with the same counts.
 */
#include "config.h"

#include "model.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checked.h"
#include "xalloc.h"

/* The largest summary mlfit accepts: far above any model built so far. */
#define SUMMARY_MAX_PARAMS 1e15

struct profile *
profile_new(const char *name, const char *origin)
{
	struct profile *p = xcalloc(1, sizeof(*p));

	arena_init(&p->arena);
	p->name = arena_strdup(&p->arena, name);
	p->origin = arena_strdup(&p->arena, origin);
	return p;
}

void
profile_free(struct profile *p)
{
	if (p == NULL)
		return;
	free(p->layers);
	arena_release(&p->arena);
	free(p);
}

struct layer *
profile_add_layer(struct profile *p, const char *name, const char *type)
{
	struct layer *l;

	XGROW(p->layers, p->cap_layers, p->nlayers + 1);
	l = &p->layers[p->nlayers++];
	memset(l, 0, sizeof(*l));
	l->name = arena_strdup(&p->arena, name);
	l->type = arena_strdup(&p->arena, type);
	l->counted = true;
	return l;
}

void
profile_sum(struct profile *p)
{
	size_t i;

	p->params = p->macs = p->other_flops = p->act_elems = p->act_peak = 0;
	p->nuncounted = 0;
	for (i = 0; i < p->nlayers; i++) {
		const struct layer *l = &p->layers[i];

		p->params += l->params;
		p->macs += l->macs;
		p->other_flops += l->other_flops;
		p->act_elems += l->act_in + l->act_out;
		p->act_peak += l->act_out;
		if (!l->counted)
			p->nuncounted++;
	}
}

double
profile_flops(const struct profile *p)
{
	return 2 * p->macs + p->other_flops;
}

double
profile_weight_bytes(const struct profile *p, enum precision prec)
{
	return p->params * precision_bytes(prec);
}

double
profile_activation_bytes(const struct profile *p, enum precision prec)
{
	return p->act_elems * precision_bytes(prec);
}

double
profile_bytes(const struct profile *p, enum precision prec, unsigned batch)
{
	return profile_weight_bytes(p, prec) / (batch > 0 ? batch : 1) +
	       profile_activation_bytes(p, prec);
}

/*
 * The optimizer's figure is the whole training state per parameter
 * (weights, gradients and optimizer moments: ZeRO's 16 B for mixed-precision
 * Adam), so it is not added to the weights again.
 */
void
profile_training(const struct profile *p, const struct train_assumptions *a,
		 enum precision prec, struct train_figures *out)
{
	out->flops_per_sample = a->flops_multiplier * profile_flops(p);
	out->state_bytes = p->params * a->optimizer_bytes_per_param;
	out->activation_bytes_per_sample = p->act_peak * precision_bytes(prec);
}

double
profile_dataset_samples(const struct profile *p)
{
	if (p->dataset_samples <= 0)
		return 0;
	if (p->dataset_unit != NULL && strcmp(p->dataset_unit, "tokens") == 0 && p->seq > 0)
		return p->dataset_samples / p->seq;
	return p->dataset_samples;
}

/* ---- summaries ---- */

struct profile *
profile_from_summary(double params, double flops_per_token, struct mlf_err *err)
{
	struct profile *p;
	struct layer *l;

	if (!(params > 0) || !isfinite(params) || params > SUMMARY_MAX_PARAMS) {
		mlf_err_set(err, MLF_E_DATA, "parameters must be a number above 0 and at most "
			    "1e15, not %g", params);
		return NULL;
	}
	if (!(flops_per_token >= 0) || !isfinite(flops_per_token)) {
		mlf_err_set(err, MLF_E_DATA, "FLOPs per token must not be negative, not %g",
			    flops_per_token);
		return NULL;
	}
	if (flops_per_token == 0)
		flops_per_token = 2 * params;	/* Kaplan et al.: C_forward ≈ 2N */
	p = profile_new("summary", "summary");
	p->seq = 1;
	p->input = "1 token";
	p->description = "a model known by its parameter count (Kaplan et al. 2020: 2N FLOPs per token)";
	l = profile_add_layer(p, "model", "summary");
	l->params = params;
	l->macs = flops_per_token / 2;
	profile_sum(p);
	return p;
}

static int
check_shape(const struct transformer_shape *s, struct mlf_err *err)
{
	if (s->layers == 0 || s->width == 0 || s->heads == 0 || s->context == 0)
		return mlf_err_set(err, MLF_E_DATA, "a transformer shape needs layers, width, heads "
				   "and context above 0");
	if (s->width % s->heads != 0)
		return mlf_err_set(err, MLF_E_DATA, "width %u is not a multiple of the %u heads",
				   s->width, s->heads);
	if ((double)s->layers * s->width * s->width * 12 > SUMMARY_MAX_PARAMS)
		return mlf_err_set(err, MLF_E_DATA, "a transformer of %u layers of width %u has more "
				   "than 1e15 parameters", s->layers, s->width);
	return 0;
}

/*
 * One block's activations: the outputs of the operations of a standard
 * pre-norm block, per sequence of n tokens — layer norm, Q/K/V, scores,
 * softmax, attention output, projection, residual add, layer norm, the
 * 4d-wide MLP input and its activation, MLP output and residual add.
 */
static double
block_activations(double n, double d, double heads)
{
	double scores = heads * n * n;

	return n * d * (1 + 3 + 1 + 1 + 1 + 1 + 4 + 4 + 1 + 1) + 2 * scores;
}

struct profile *
profile_from_transformer(const struct transformer_shape *s, struct mlf_err *err)
{
	double n, d, block_params, embed_params;
	struct profile *p;
	struct layer *l;
	unsigned i;
	char name[32];

	if (check_shape(s, err) < 0)
		return NULL;
	n = s->context;
	d = s->width;
	/* Kaplan et al. 2020, Table 1: 2·d·(2·d_attn + d_ff) with d_attn = d, d_ff = 4d */
	block_params = 12 * d * d;
	embed_params = ((double)s->vocab + n) * d;
	p = profile_new("transformer", "summary");
	p->seq = s->context;
	snprintf(name, sizeof(name), "seq %u", s->context);
	p->input = arena_strdup(&p->arena, name);
	p->description = "a decoder-only transformer from its shape (Kaplan et al. 2020)";
	/*
	 * The embeddings' 2 FLOPs per parameter and token stand for the
	 * output projection onto the vocabulary (tied weights), as 2N does.
	 */
	l = profile_add_layer(p, "embeddings", "embedding");
	l->params = embed_params;
	l->macs = n * embed_params;
	l->act_out = n * d;
	for (i = 0; i < s->layers; i++) {
		snprintf(name, sizeof(name), "block.%u", i);
		l = profile_add_layer(p, name, "transformer-block");
		l->params = block_params;
		/* the attention term: 2·n_ctx·d FLOPs per token and layer */
		l->macs = n * (block_params + n * d);
		l->act_in = block_activations(n, d, s->heads);
		l->act_out = l->act_in;
		if (s->heads > 0)
			profile_note_decoder_attention(p, s->heads, s->heads, d / s->heads);
	}
	profile_sum(p);
	return p;
}

/* ---- decoders ---- */

void
profile_note_decoder_attention(struct profile *p, unsigned heads, unsigned kv_heads,
			       double head_dim)
{
	p->kv_layers++;
	p->heads = heads;
	p->kv_heads = kv_heads;
	p->head_dim = head_dim;
}

double
profile_kv_bytes_per_token(const struct profile *p, unsigned kv_heads, enum precision prec)
{
	double kv = kv_heads > 0 ? kv_heads : p->kv_heads;

	return 2.0 * p->kv_layers * kv * p->head_dim * precision_bytes(prec);
}

/* ---- shared arithmetic ---- */

int
model_shape_elems(const int64_t *shape, int rank, int64_t *out)
{
	int64_t n = 1;
	int i;

	for (i = 0; i < rank; i++) {
		if (shape[i] <= 0 || __builtin_mul_overflow(n, shape[i], &n))
			return -1;
	}
	*out = n;
	return 0;
}

struct elementwise_cost {
	const char *type;
	double flops;
};

/*
 * FLOPs per output element: the arithmetic operations of the usual
 * formula, a transcendental function (exp, erf, tanh, sqrt) counting as
 * one.  Keep in step with the table in doc/mlfit-profile.1.in.
 */
static const struct elementwise_cost costs[] = {
	{ "relu", 1 },		/* max(x, 0) */
	{ "relu6", 2 },		/* min(max(x, 0), 6) */
	{ "clip", 2 },
	{ "leakyrelu", 2 },	/* max(x, a·x) */
	{ "prelu", 2 },
	{ "elu", 3 },		/* exp, sub, mul on the negative side */
	{ "sigmoid", 4 },	/* 1 / (1 + exp(-x)) */
	{ "tanh", 1 },
	{ "gelu", 5 },		/* x · 0.5 · (1 + erf(x / √2)) */
	{ "silu", 5 },		/* x · sigmoid(x) */
	{ "hardsigmoid", 4 },	/* min(max(x / 6 + 0.5, 0), 1) */
	{ "hardswish", 5 },	/* x · hardsigmoid(x) */
	{ "softplus", 3 },	/* log(1 + exp(x)) */
	{ "softmax", 5 },	/* max, subtract, exp, sum, divide */
	{ "batchnorm", 2 },	/* inference: scale and shift, folded */
	{ "layernorm", 7 },	/* mean, subtract, square, variance, normalise, scale, shift */
	{ "groupnorm", 7 },
	{ "instancenorm", 7 },
	{ "add", 1 }, { "sub", 1 }, { "mul", 1 }, { "div", 1 }, { "pow", 1 },
	{ "max", 1 }, { "min", 1 }, { "mean", 1 }, { "sum", 1 },
	{ "exp", 1 }, { "log", 1 }, { "sqrt", 1 }, { "erf", 1 }, { "neg", 1 },
	{ "abs", 1 }, { "reciprocal", 1 }, { "floor", 1 }, { "ceil", 1 },
	{ "sin", 1 }, { "cos", 1 }, { "sign", 1 }, { "round", 1 },
	{ "equal", 1 }, { "less", 1 }, { "greater", 1 }, { "where", 1 }, { "not", 1 },
	{ "and", 1 }, { "or", 1 },
	{ "dropout", 0 },	/* inference: the identity */
};

double
model_elementwise_flops(const char *type)
{
	size_t i;

	for (i = 0; i < sizeof(costs) / sizeof(costs[0]); i++)
		if (strcmp(costs[i].type, type) == 0)
			return costs[i].flops;
	return -1;
}

int
model_window_out(int64_t in, int64_t kernel, int64_t stride, int64_t pad_begin,
		 int64_t pad_end, int64_t dilation, bool ceil_mode, int64_t *out)
{
	int64_t span, room, pads, n;

	if (in <= 0 || kernel <= 0 || stride <= 0 || dilation <= 0 || pad_begin < 0 || pad_end < 0)
		return -1;
	/* every step checked: pads of 2^62 each must not wrap into a small window */
	if (!ck_mul(dilation, kernel - 1, &span) || !ck_add(pad_begin, pad_end, &pads) ||
	    !ck_add(in, pads, &room) || room > INT64_MAX / 2 || !ck_sub(room, span, &room) ||
	    !ck_sub(room, 1, &room))
		return -1;
	if (room < 0)
		return -1;
	n = room / stride + 1;
	/* ceil mode: a last window may start in the padding only if it starts inside in + pad_begin */
	if (ceil_mode && room % stride != 0 && (n * stride) < in + pad_begin)
		n++;
	*out = n;
	return 0;
}

char *
model_shape_format(const int64_t *shape, int rank, char *buf, size_t size)
{
	size_t len = 0;
	int i;

	buf[0] = '\0';
	if (rank == 0) {
		snprintf(buf, size, "scalar");
		return buf;
	}
	for (i = 0; i < rank && len < size; i++) {
		int w = snprintf(buf + len, size - len, "%s%lld", i ? "x" : "",
				 (long long)shape[i]);

		if (w < 0)
			break;
		len += (size_t)w;
	}
	return buf;
}
