/*
 * workload_opts.c — see workload_opts.h.
 *
 * The model options belong to model_opts.c; this file adds what the task
 * is and how much of it, and turns both into a struct workload.  --batch
 * and --precision are model options too, but a workload must know whether
 * they were given: an estimate's defaults (a training batch of 256, bf16
 * mixed precision) differ from a profile's (one sample, fp32).
 */
#include "config.h"

#include "workload_opts.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char workload_opts_usage[] = WORKLOAD_OPTS_USAGE;

void
workload_opts_init(struct workload_opts *wo)
{
	memset(wo, 0, sizeof(*wo));
	model_opts_init(&wo->model);
}

void
workload_opts_release(struct workload_opts *wo)
{
	profile_free(wo->profile);
	wo->profile = NULL;
}

/* Token and head counts: whole numbers from 1. */
static int
whole(struct cli *cli, const char *name, const char *arg, unsigned long max, double *out)
{
	unsigned long v;

	if (cli_whole(cli, name, arg, 1, max, &v) < 0)
		return -1;
	*out = (double)v;
	return 1;
}

static int
parse_recompute(struct workload_opts *wo, struct cli *cli, const char *arg)
{
	static const enum recompute all[] = { RECOMPUTE_NONE, RECOMPUTE_SELECTIVE, RECOMPUTE_FULL };
	size_t i;

	for (i = 0; i < sizeof(all) / sizeof(all[0]); i++) {
		if (strcmp(arg, estimate_recompute_name(all[i])) == 0) {
			wo->recompute = all[i];
			return 1;
		}
	}
	return cli_fail(cli, MLF_E_USAGE, "--recompute: expected none, selective or full, got '%s'",
			arg), -1;
}

/* "8x16x128": three whole numbers from 1 to 1e6 joined by 'x'. */
static int
parse_layout(struct workload_opts *wo, struct cli *cli, const char *arg)
{
	const char *p = arg;
	char *end;
	unsigned long v;
	int i;

	for (i = 0; i < 3; i++) {
		if (*p < '0' || *p > '9')
			break;
		v = strtoul(p, &end, 10);
		if (v == 0 || v > 1000000 || (i < 2 && *end != 'x') || (i == 2 && *end != '\0'))
			break;
		wo->layout[i] = (unsigned)v;
		p = end + 1;
	}
	if (i < 3)
		return cli_fail(cli, MLF_E_USAGE, "--layout: expected TPxPPxDP such as 8x16x128, got "
				"'%s'", arg), -1;
	return 1;
}

int
workload_opts_option(struct workload_opts *wo, struct cli *cli, int opt, const char *arg)
{
	if (opt == OPT_BATCH)
		wo->batch_given = true;
	if (opt == OPT_PRECISION)
		wo->precision_given = true;
	switch (opt) {
	case OPT_WL_TRAIN:
		wo->train = true;
		return 1;
	case OPT_WL_INFER:
		wo->infer = true;
		return 1;
	case OPT_WL_FLOPS:
		return cli_quantity(cli, "flops", arg, DIM_FLOPS, "FLOP", 1e29, &wo->flops);
	case OPT_WL_REQUESTS:
		return cli_quantity(cli, "requests", arg, DIM_NONE, NULL, 1e18, &wo->requests);
	case OPT_WL_RATE:
		return cli_quantity(cli, "rate", arg, DIM_RATE, "/s", 1e9, &wo->rate);
	case OPT_WL_DURATION:
		return cli_quantity(cli, "duration", arg, DIM_TIME, NULL, 100 * UNITS_YEAR,
				&wo->duration_s);
	case OPT_WL_LATENCY_SLO:
		return cli_quantity(cli, "latency-slo", arg, DIM_TIME, NULL, UNITS_DAY,
				&wo->latency_slo_s);
	case OPT_WL_TPOT_SLO:
		wo->serve_given = true;
		return cli_quantity(cli, "tpot-slo", arg, DIM_TIME, NULL, UNITS_HOUR, &wo->tpot_slo_s);
	case OPT_WL_KV_HEADS:
		wo->serve_given = true;
		return whole(cli, "kv-heads", arg, 65536, &wo->kv_heads);
	case OPT_WL_PROMPT_TOKENS:
		wo->serve_given = true;
		return whole(cli, "prompt-tokens", arg, 100000000, &wo->prompt_tokens);
	case OPT_WL_OUTPUT_TOKENS:
		wo->serve_given = true;
		return whole(cli, "output-tokens", arg, 100000000, &wo->output_tokens);
	case OPT_WL_TENSOR_PARALLEL:
		wo->serve_given = true;
		return whole(cli, "tensor-parallel", arg, 1024, &wo->tensor_parallel);
	case OPT_WL_POWER_CAP:
		wo->serve_given = true;
		return cli_quantity(cli, "power-cap", arg, DIM_POWER, "W", 1e5, &wo->power_cap_w);
	case OPT_WL_RUNTIME:
		wo->runtime_given = true;
		if (strcmp(arg, "optimized") == 0)
			wo->runtime = RUNTIME_OPTIMIZED;
		else if (strcmp(arg, "eager") == 0)
			wo->runtime = RUNTIME_EAGER;
		else
			return cli_fail(cli, MLF_E_USAGE,
					"--runtime: expected optimized or eager, got '%s'", arg), -1;
		return 1;
	case OPT_WL_BATCH_TOKENS:
		return cli_quantity(cli, "batch-tokens", arg, DIM_NONE, NULL, 1e12, &wo->batch_tokens);
	case OPT_WL_ACTIVE_PARAMS:
		return cli_quantity(cli, "active-params", arg, DIM_NONE, NULL, 1e15, &wo->active_params);
	case OPT_WL_RECOMPUTE:
		return parse_recompute(wo, cli, arg);
	case OPT_WL_LAYOUT:
		return parse_layout(wo, cli, arg);
	default:
		return model_opts_option(&wo->model, opt, arg, cli);
	}
}

static int
check_task(struct workload_opts *wo, struct cli *cli)
{
	if (wo->train && wo->infer)
		return cli_fail(cli, MLF_E_USAGE, "--train or --infer, not both");
	if (wo->infer && wo->flops > 0)
		return cli_fail(cli, MLF_E_USAGE, "--flops describes a training job; not with --infer");
	if (!wo->infer && (wo->requests > 0 || wo->rate > 0 || wo->duration_s > 0))
		return cli_fail(cli, MLF_E_USAGE, "--requests, --rate and --duration need --infer");
	if (!wo->infer && wo->serve_given)
		return cli_fail(cli, MLF_E_USAGE, "--prompt-tokens, --output-tokens, "
				"--kv-heads, --tensor-parallel, --power-cap and --tpot-slo need --infer");
	if (wo->infer && wo->requests > 0 && wo->rate > 0)
		return cli_fail(cli, MLF_E_USAGE, "--requests or --rate, not both");
	if (wo->infer && (wo->batch_tokens > 0 || wo->recompute != RECOMPUTE_AUTO ||
			  wo->active_params > 0 || wo->layout[0] > 0))
		return cli_fail(cli, MLF_E_USAGE, "--batch-tokens, --recompute, --active-params and "
				"--layout describe training; not with --infer");
	if (wo->batch_given && wo->batch_tokens > 0)
		return cli_fail(cli, MLF_E_USAGE, "--batch or --batch-tokens, not both");
	if (wo->infer && wo->rate > 0 && !(wo->duration_s > 0))
		return cli_fail(cli, MLF_E_USAGE, "--rate needs --duration (how long the service runs)");
	if (!wo->infer && wo->latency_slo_s > 0)
		return cli_fail(cli, MLF_E_USAGE, "--latency-slo is for serving (--infer); a training "
				"job has a deadline instead");
	if (wo->infer && (wo->model.epochs_given || wo->model.samples > 0 || wo->model.tokens > 0))
		return cli_fail(cli, MLF_E_USAGE, "--epochs, --samples and --tokens size a training "
				"job; not with --infer");
	return 0;
}

static bool
names_a_model(const struct model_opts *m)
{
	return m->model != NULL || m->params > 0 || m->shape.layers > 0 || m->shape.width > 0;
}

int
workload_opts_finish(struct workload_opts *wo, struct cli *cli, const char *positional,
		     bool need_model, struct workload *w)
{
	int rc;

	memset(w, 0, sizeof(*w));
	if ((rc = check_task(wo, cli)) != 0)
		return rc;
	if (positional != NULL && model_opts_positional(&wo->model, positional, cli) < 0)
		return cli->err.code;
	w->task = wo->infer ? TASK_INFER : TASK_TRAIN;
	w->precision = wo->precision_given ? wo->model.precision : PREC_BF16;
	w->batch = wo->batch_given ? wo->model.batch : 0;
	if (wo->flops > 0 && names_a_model(&wo->model))
		return cli_fail(cli, MLF_E_USAGE, "--flops is the training job's total instead of a "
				"model; give a model or --flops, not both");
	if (wo->flops > 0 && (wo->model.epochs_given || wo->model.samples > 0 ||
			      wo->model.tokens > 0))
		return cli_fail(cli, MLF_E_USAGE, "--flops is the whole training job; --epochs, "
				"--samples and --tokens size a model's, not with --flops");
	if (names_a_model(&wo->model)) {
		wo->profile = model_opts_load(&wo->model, cli);
		if (wo->profile == NULL)
			return cli->err.code;
	} else if (need_model && wo->flops <= 0) {
		return cli_fail(cli, MLF_E_USAGE,
				"which model? give MODEL (a zoo name, FILE.xml or FILE.onnx), "
				"--params, or --flops");
	}
	w->profile = wo->profile;
	w->flops = wo->flops;
	if (w->task == TASK_TRAIN && wo->profile != NULL && wo->flops <= 0) {
		w->samples = model_opts_train_samples(&wo->model, wo->profile);
		w->epochs = wo->model.tokens > 0 ? 1 : wo->model.epochs;
		if (need_model && !(w->samples > 0))
			return cli_fail(cli, MLF_E_USAGE,
					"how much training? %s has no training set in the zoo: "
					"give --samples and --epochs, or --tokens", wo->profile->name);
	}
	w->batch_tokens = wo->batch_tokens;
	w->active_params = wo->active_params;
	w->recompute = wo->recompute;
	w->layout_tp = wo->layout[0];
	w->layout_pp = wo->layout[1];
	w->layout_dp = wo->layout[2];
	if (wo->profile != NULL && wo->profile->seq <= 1)
		w->seq = wo->model.seq;	/* a summary's sequence; a model's own is in its profile */
	w->requests = wo->requests;
	w->rate = wo->rate;
	w->duration_s = wo->duration_s;
	w->latency_slo_s = wo->latency_slo_s;
	w->tpot_slo_s = wo->tpot_slo_s;
	w->runtime = wo->runtime;
	w->runtime_given = wo->runtime_given;
	w->kv_heads = (unsigned)wo->kv_heads;
	w->tensor_parallel = (unsigned)wo->tensor_parallel;
	w->power_cap_w = wo->power_cap_w;
	w->prompt_tokens = wo->prompt_tokens;
	w->output_tokens = wo->output_tokens;
	if (w->task == TASK_INFER && need_model && !(w->requests > 0) && !(w->rate > 0))
		return cli_fail(cli, MLF_E_USAGE,
				"how much serving? give --requests N, or --rate R and --duration D");
	return 0;
}
