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

const char workload_opts_usage[] =
	MODEL_OPTS_USAGE
	"  --train               a training job (the default)\n"
	"  --flops F             its total training FLOPs, instead of a model\n"
	"  --infer               serving: --requests N, or --rate R/s for --duration D\n"
	"  --requests N          requests to serve in all\n"
	"  --rate R              requests per second, e.g. 100 or 100/s\n"
	"  --duration D          how long the service runs, e.g. 30d\n"
	"  --latency-slo T       the most a batch may take, e.g. 50ms\n"
	"  --batch-tokens N      training: the global batch in tokens instead of --batch\n"
	"  --recompute R         training: none, selective or full activation\n"
	"                        recomputation (default: the least that fits)\n"
	"  --active-params N     training a mixture of experts: parameters per token\n"
	"  --layout TPxPPxDP     training: fix the tensor x pipeline x data parallel\n"
	"                        degrees (default: the fastest layout that fits)\n";

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
	if (w->task == TASK_INFER && need_model && !(w->requests > 0) && !(w->rate > 0))
		return cli_fail(cli, MLF_E_USAGE,
				"how much serving? give --requests N, or --rate R and --duration D");
	return 0;
}
