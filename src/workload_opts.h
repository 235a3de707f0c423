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
 *   infer   --infer, --requests N | --rate R [--duration D], --latency-slo T
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
	{ "batch-tokens", required_argument, NULL, OPT_WL_BATCH_TOKENS }, \
	{ "recompute", required_argument, NULL, OPT_WL_RECOMPUTE },       \
	{ "active-params", required_argument, NULL, OPT_WL_ACTIVE_PARAMS }, \
	{ "layout", required_argument, NULL, OPT_WL_LAYOUT }

/* The usage lines for these options (model options included), for --help. */
extern const char workload_opts_usage[];

struct workload_opts {
	struct model_opts model;	/* --model … --tokens, --samples, --epochs */
	bool train, infer;
	bool batch_given, precision_given;
	double flops;
	double requests, rate, duration_s, latency_slo_s;
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
