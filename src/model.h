/*
 * model.h — a model's operation profile: how much work one sample is.
 *
 * Layer 2.  A profile lists the layers of a model with, for ONE SAMPLE of
 * inference: multiply-accumulates, other floating-point operations,
 * parameters and activation elements.  1 MAC = 2 FLOPs; "other" FLOPs are
 * those outside multiply-accumulates: activations, normalisation, softmax,
 * pooling and element-wise operations, one FLOP per output element per
 * arithmetic operation (the conventions are in mlfit-profile(1)).
 *
 * Counts are held as element counts (doubles: a 175e9-parameter summary
 * overflows nothing and products of dimensions are checked before they are
 * made); bytes follow from a precision (profile_bytes()).  Training figures
 * are derived from the inference profile with assumptions the caller passes
 * (they live in the catalog, with sources): the forward+backward multiplier
 * and the optimizer's bytes per parameter.
 *
 * Profiles come from model XML (model_xml.c), the zoo (data/models/ NAME.xml,
 * found by the caller), ONNX (model_onnx.c) or a summary (parameters and
 * FLOPs per token, model.c).  A profile owns its memory (its arena);
 * profile_free() releases it.  Nothing here prints.
 */
#ifndef MLFIT_MODEL_H
#define MLFIT_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "err.h"
#include "precision.h"

#define MODEL_MAX_RANK 8

struct layer {
	const char *name;		/* as in the source: "layer3.2.conv1", ONNX node name */
	const char *type;		/* "conv2d", "linear", "attention", "relu", … */
	int in_rank, out_rank;
	int64_t in_shape[MODEL_MAX_RANK];	/* per sample: no batch dimension */
	int64_t out_shape[MODEL_MAX_RANK];
	double macs;			/* multiply-accumulates */
	double other_flops;		/* FLOPs outside MACs */
	double params;			/* parameters (weights + biases), trainable or not */
	double act_in;			/* activation elements read */
	double act_out;			/* activation elements written */
	bool counted;			/* false: an operator mlfit does not model (0 FLOPs) */
};

struct profile {
	struct arena arena;
	const char *name;		/* "resnet50", the file's base name, "summary" */
	const char *origin;		/* "zoo", "xml", "onnx" or "summary" */
	struct layer *layers;
	size_t nlayers;

	/* totals for one sample of inference */
	double params;
	double macs;
	double other_flops;
	double act_elems;		/* Σ (act_in + act_out): traffic for one pass */
	double act_peak;		/* Σ act_out: what training keeps for backward */

	/* what one sample is */
	unsigned seq;			/* tokens per sample for sequence models, else 0 */
	const char *input;		/* "3x224x224", "seq 128" */

	/* the canonical training set, if known (zoo models) */
	const char *dataset;		/* "ImageNet-1k" */
	double dataset_samples;		/* 1281167 images; for LMs, tokens */
	const char *dataset_unit;	/* "images", "tokens", "sequences" */

	size_t nuncounted;		/* layers with counted == false */

	/* causal self-attention, whose keys and values a server caches (0: none) */
	unsigned kv_layers;		/* such attention layers */
	unsigned heads, kv_heads;	/* query heads and key/value heads of each */
	double head_dim;		/* elements per head */

	/* what the source says about itself (NULL / 0: not given) */
	const char *description;	/* "ResNet-50 v1.5, torchvision layout" */
	const char *dataset_source;	/* citation for dataset_samples */
	double ref_params, ref_macs;	/* published figures, to compare with */
	const char *ref_source;		/* their citation */
	size_t cap_layers;		/* allocated entries of layers[] */
};

/*
 * Records one causal self-attention layer (a decoder's): what its KV cache
 * holds per token.  A model's layers are assumed alike in heads and size.
 */
void profile_note_decoder_attention(struct profile *p, unsigned heads, unsigned kv_heads,
				    double head_dim);

/*
 * Bytes of KV cache per token of context: 2 (K and V) × kv_layers ×
 * kv_heads × head_dim × bytes per element; `kv_heads` 0 takes the
 * profile's.  0 for a model without causal self-attention.
 */
double profile_kv_bytes_per_token(const struct profile *p, unsigned kv_heads,
				  enum precision prec);

/* FLOPs for one sample of inference: 2 × MACs + other. */
double profile_flops(const struct profile *p);

/*
 * Bytes moved for one sample at a precision: weights (read once per batch,
 * so divided by batch) + activations (each written once and read once).
 */
double profile_weight_bytes(const struct profile *p, enum precision prec);
double profile_activation_bytes(const struct profile *p, enum precision prec);
double profile_bytes(const struct profile *p, enum precision prec, unsigned batch);

/* The assumptions that turn an inference profile into training figures. */
struct train_assumptions {
	double flops_multiplier;	/* forward + backward ≈ 3 × forward */
	double optimizer_bytes_per_param;	/* Adam, mixed precision: 16 (ZeRO) */
	const char *optimizer;		/* "Adam (mixed precision)" */
};

struct train_figures {
	double flops_per_sample;	/* multiplier × forward FLOPs */
	double state_bytes;		/* weights + gradients + optimizer state */
	double activation_bytes_per_sample;	/* kept for the backward pass */
};

void profile_training(const struct profile *p, const struct train_assumptions *a,
		      enum precision prec, struct train_figures *out);

/* A transformer shape for summaries (Kaplan et al. 2020, Table 1). */
struct transformer_shape {
	unsigned layers, width, heads, context, vocab;
};

/*
 * A summary profile: `params` parameters and `flops_per_token` forward
 * FLOPs per token (0: 2 × params, Kaplan's C_forward ≈ 2N), one sample
 * being one token.  NULL with err on absurd input (non-positive, > 1e15
 * parameters).
 */
struct profile *profile_from_summary(double params, double flops_per_token, struct mlf_err *err);

/*
 * A summary from a transformer shape: N = 12 · layers · width² (+ the
 * embeddings, vocab · width, and context · width), forward FLOPs per token
 * 2N + 2 · layers · context · width (the attention term).  One sample is
 * one sequence of `context` tokens.
 */
struct profile *profile_from_transformer(const struct transformer_shape *s, struct mlf_err *err);

/* Reads a model XML file (data/models/model.rng); NULL with "file:line: …". */
/* `seq` overrides the sequence length the file declares (0: keep it). */
struct profile *profile_load_xml(const char *path, const char *schema_path, unsigned seq,
				 struct mlf_err *err);

/*
 * Reads an ONNX file.  Symbolic batch dimensions take `batch`, symbolic
 * sequence dimensions `seq` (0: refuse).  Unsupported operators are kept
 * with counted = false and named in a warning (log_warn); NULL with err
 * naming the node on corrupt files, cycles, bad shapes and overflow.
 */
struct profile *profile_load_onnx(const char *path, unsigned batch, unsigned seq,
				  struct mlf_err *err);

void profile_free(struct profile *p);

/*
 * Samples in one epoch of the canonical training set: dataset_samples, or
 * for a set counted in tokens, tokens / seq (sequences of `seq` tokens).
 * 0 when the profile names no training set.
 */
double profile_dataset_samples(const struct profile *p);

/* ---- for the loaders (model_xml.c, model_onnx.c) and their tests ---- */

/* An empty profile; name and origin are copied into its arena. */
struct profile *profile_new(const char *name, const char *origin);

/*
 * Appends a zeroed, counted layer (name and type copied into the arena).
 * The pointer is valid until the next profile_add_layer().
 */
struct layer *profile_add_layer(struct profile *p, const char *name, const char *type);

/* Recomputes the totals (params, macs, …, nuncounted) from the layers. */
void profile_sum(struct profile *p);

/*
 * The product of a shape's dimensions into *out.  -1 if a dimension is
 * not positive or the product overflows 64 bits (the caller names the
 * layer or node in its message).  An empty shape (a scalar) is 1.
 */
int model_shape_elems(const int64_t *shape, int rank, int64_t *out);

/*
 * FLOPs per output element of an element-wise operation or normalisation
 * called `type` in mlfit's vocabulary ("relu", "gelu", "softmax",
 * "layernorm", "add", …; the table is in mlfit-profile(1)); -1 if the type
 * is not one of them.
 */
double model_elementwise_flops(const char *type);

/*
 * Output length of a sliding window (convolution or pooling) along one
 * axis: floor or ceil of (in + pads - dilation·(kernel-1) - 1) / stride + 1.
 * -1 if the parameters are not positive or the window does not fit.
 */
int model_window_out(int64_t in, int64_t kernel, int64_t stride, int64_t pad_begin,
		     int64_t pad_end, int64_t dilation, bool ceil_mode, int64_t *out);

/* "3x224x224" ("scalar" for rank 0); returns buf. */
char *model_shape_format(const int64_t *shape, int rank, char *buf, size_t size);

#endif
