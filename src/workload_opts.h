/*
 * workload_opts.h — the command-line options that describe a workload,
 * shared by `mlfit estimate`, `mlfit recommend` (and the TUI later).
 *
 * Layer 5.  A command puts WORKLOAD_LONGOPTS in its getopt_long table,
 * offers each option to workload_opts_option() first, and after the loop
 * calls workload_opts_finish() to load the model and fill a struct
 * workload.  The options:
 *
 *   model   MODEL (positional, or --model NAME|FILE.xml|FILE.onnx), or a
 *           summary (--params N [--flops-per-token F], or a transformer
 *           shape), --batch N, --seq N, --precision P, and the training
 *           set: --samples N, --epochs E, --tokens D   (model_opts.h)
 *   train   --train [--flops F]  (a zoo model's data set stands in for
 *           --samples; --batch defaults to the catalog's train.default-batch,
 *           or for transformers to the published practice by size),
 *           --batch-tokens N, --recompute none|selective|full,
 *           --active-params N (mixture of experts), --layout TPxPPxDP
 *   infer   --infer, --requests N | --rate R [--duration D], --latency-slo T,
 *           --runtime optimized|eager; language models: --prompt-tokens N,
 *           --output-tokens N, --kv-heads N, --tpot-slo T; --tensor-parallel N,
 *           --power-cap W
 *
 * Quantities accept units ("--duration 30d", "--latency-slo 50ms",
 * "--rate 100/s" or "--rate 100"), and are checked: zero, negative,
 * non-numeric or absurd values are usage errors (exit 2) naming the option.
 */
#ifndef MLFIT_WORKLOAD_OPTS_H
#define MLFIT_WORKLOAD_OPTS_H

#include <getopt.h>
#include <stdbool.h>

#include "cmd.h"
#include "estimate.h"
#include "model_opts.h"

enum {
	OPT_WL_TRAIN = OPT_MODEL_LAST + 1,
	OPT_WL_INFER,
	OPT_WL_FLOPS,
	OPT_WL_REQUESTS,
	OPT_WL_RATE,
	OPT_WL_DURATION,
	OPT_WL_LATENCY_SLO,
	OPT_WL_TPOT_SLO,
	OPT_WL_KV_HEADS,
	OPT_WL_PROMPT_TOKENS,
	OPT_WL_OUTPUT_TOKENS,
	OPT_WL_RUNTIME,
	OPT_WL_TENSOR_PARALLEL,
	OPT_WL_POWER_CAP,
	OPT_WL_BATCH_TOKENS,
	OPT_WL_RECOMPUTE,
	OPT_WL_ACTIVE_PARAMS,
	OPT_WL_LAYOUT,
	OPT_WL_LAST
};

#define WORKLOAD_LONGOPTS                                                 \
	MODEL_OPTS_LONGOPTS,                                              \
	{ "train", no_argument, NULL, OPT_WL_TRAIN },                     \
	{ "infer", no_argument, NULL, OPT_WL_INFER },                     \
	{ "flops", required_argument, NULL, OPT_WL_FLOPS },               \
	{ "requests", required_argument, NULL, OPT_WL_REQUESTS },         \
	{ "rate", required_argument, NULL, OPT_WL_RATE },                 \
	{ "duration", required_argument, NULL, OPT_WL_DURATION },         \
	{ "latency-slo", required_argument, NULL, OPT_WL_LATENCY_SLO },   \
	{ "tpot-slo", required_argument, NULL, OPT_WL_TPOT_SLO },         \
	{ "kv-heads", required_argument, NULL, OPT_WL_KV_HEADS },         \
	{ "prompt-tokens", required_argument, NULL, OPT_WL_PROMPT_TOKENS }, \
	{ "output-tokens", required_argument, NULL, OPT_WL_OUTPUT_TOKENS }, \
	{ "runtime", required_argument, NULL, OPT_WL_RUNTIME },           \
	{ "tensor-parallel", required_argument, NULL, OPT_WL_TENSOR_PARALLEL }, \
	{ "power-cap", required_argument, NULL, OPT_WL_POWER_CAP }, \
	{ "batch-tokens", required_argument, NULL, OPT_WL_BATCH_TOKENS }, \
	{ "recompute", required_argument, NULL, OPT_WL_RECOMPUTE },       \
	{ "active-params", required_argument, NULL, OPT_WL_ACTIVE_PARAMS }, \
	{ "layout", required_argument, NULL, OPT_WL_LAYOUT }

/*
 * The usage lines for these options (model options included), for --help.
 * The defaults are the catalog's as shipped (train.default-batch,
 * train.default-batch-tokens, infer.default-batch); tests/cli/t0050-help.sh
 * checks that they agree.
 */
#define WORKLOAD_OPTS_USAGE                                                                 \
	MODEL_OPTS_USAGE_WHICH                                                              \
	"  --batch N             samples per step (default: 256 for training, 4e6 tokens\n"   \
	"                        for a summary, 1 for serving; see 'mlfit catalog list\n"      \
	"                        params')\n"                                                   \
	"  --seq N               tokens per sample, for sequence models only\n"                \
	"  --precision P         bf16 (default: mixed precision), fp32, fp16, int8, …\n"       \
	MODEL_OPTS_USAGE_SIZE                                                               \
	"  --train               a training job (the default)\n"                               \
	"  --flops F             its total training FLOPs, instead of a model\n"               \
	"  --infer               serving: --requests N, or --rate R/s for --duration D\n"      \
	"  --requests N          requests to serve in all\n"                                   \
	"  --rate R              requests per second, e.g. 100 or 100/s\n"                     \
	"  --duration D          how long the service runs, e.g. 30d\n"                        \
	"  --latency-slo T       the most a batch may take, e.g. 50ms; for a language\n"      \
	"                        model, the time to first token (serving only)\n"             \
	"  --tpot-slo T          language models: the most time per output token\n"          \
	"  --prompt-tokens N     language models: prompt tokens per request (default 161)\n"  \
	"  --output-tokens N     language models: output tokens per request (default 338)\n"  \
	"  --kv-heads N          language models: key/value heads (grouped-query attention)\n" \
	"  --runtime R           optimized (TensorRT, vLLM, XLA; the serving default) or\n"  \
	"                        eager (PyTorch; the default for training a CNN on a GPU)\n" \
	"  --tensor-parallel N   devices per replica (default: the fewest that hold it)\n"    \
	"  --power-cap W         serving under a per-device power limit, e.g. 350W\n"     \
	"  --batch-tokens N      training: the global batch in tokens instead of --batch\n"  \
	"  --recompute R         training: none, selective or full activation\n"            \
	"                        recomputation (default: the least that fits)\n"           \
	"  --active-params N     training a mixture of experts: parameters per token\n"     \
	"  --layout TPxPPxDP     training: fix the tensor x pipeline x data parallel\n"     \
	"                        degrees (default: the fastest layout that fits)\n"
extern const char workload_opts_usage[];

struct workload_opts {
	struct model_opts model;	/* --model … --tokens, --samples, --epochs */
	bool train, infer;
	bool batch_given, precision_given;
	double flops;
	double requests, rate, duration_s, latency_slo_s;
	double tpot_slo_s, prompt_tokens, output_tokens, kv_heads, tensor_parallel, power_cap_w;
	bool serve_given;		/* a serving-only option was given */
	enum serve_runtime runtime;
	bool runtime_given;
	/* training layout (issue 9) */
	double batch_tokens, active_params;
	enum recompute recompute;
	unsigned layout[3];		/* TP, PP, DP; 0: search */
	struct profile *profile;	/* loaded by workload_opts_finish() */
};

void workload_opts_init(struct workload_opts *wo);
void workload_opts_release(struct workload_opts *wo);

/*
 * Handles opt if it is a workload (or model) option: returns 1 if it was,
 * 0 if not, -1 on a bad value (cli->err set, MLF_E_USAGE).
 */
int workload_opts_option(struct workload_opts *wo, struct cli *cli, int opt, const char *arg);

/*
 * Takes the positional MODEL (may be NULL), loads the model, and fills w
 * (w->profile points into wo).  Without a model, --flops must be given, or
 * need_model false (accounting).  Returns 0 or an exit status with
 * cli->err set.
 */
int workload_opts_finish(struct workload_opts *wo, struct cli *cli, const char *positional,
			 bool need_model, struct workload *w);

#endif
