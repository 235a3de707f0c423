/*
 * model_opts.c — see model_opts.h.
 *
 * Which loader a MODEL goes to is decided by its name alone (".onnx",
 * ".xml" or a '/', else the zoo), so a zoo name can never be shadowed by
 * a file that happens to sit in the current directory.
 */
#include "config.h"

#include "model_opts.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "strbuf.h"
#include "strutil.h"
#include "units.h"
#include "xalloc.h"

#define MAX_ZOO_SUGGESTIONS 3

void
model_opts_init(struct model_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->epochs = 1;
	o->batch = 1;
	o->precision = PREC_FP32;
}

static const char *
opt_name(int opt)
{
	static const struct option longopts[] = { MODEL_OPTS_LONGOPTS };
	size_t i;

	for (i = 0; i < sizeof(longopts) / sizeof(longopts[0]); i++)
		if (longopts[i].val == opt)
			return longopts[i].name;
	return "?";
}

/* A positive number, "175e9" style (units.h's grammar: the C locale's). */
static int
positive(struct cli *cli, int opt, const char *arg, double *out)
{
	struct mlf_err e;

	if (units_parse_number(arg, out, &e) < 0 || !(*out > 0))
		return cli_fail(cli, MLF_E_USAGE, "--%s: expected a number above 0, got '%s'",
				opt_name(opt), arg), -1;
	return 0;
}

/* A count of things (parameters, tokens, samples): at least one. */
static int
count(struct cli *cli, int opt, const char *arg, double *out)
{
	if (positive(cli, opt, arg, out) < 0)
		return -1;
	if (*out < 1)
		return cli_fail(cli, MLF_E_USAGE, "--%s counts %s: expected at least 1, got '%s'",
				opt_name(opt), opt == OPT_PARAMS ? "parameters" : opt == OPT_TOKENS
				? "tokens" : "samples", arg), -1;
	return 0;
}

/* A whole number from 1 to max. */
static int
whole(struct cli *cli, int opt, const char *arg, double max, unsigned *out)
{
	double v;

	if (positive(cli, opt, arg, &v) < 0)
		return -1;
	if (v != floor(v) || v > max)
		return cli_fail(cli, MLF_E_USAGE, "--%s: expected a whole number from 1 to %.0f, "
				"got '%s'", opt_name(opt), max, arg), -1;
	*out = (unsigned)v;
	return 0;
}

static int
set_precision(struct model_opts *o, const char *arg, struct cli *cli)
{
	int p = precision_parse(arg);

	if (p < 0)
		return cli_fail(cli, MLF_E_USAGE, "unknown precision '%s' (fp32, fp16, bf16, int8, "
				"fp64, tf32, fp8, int16 or int4)", arg), -1;
	o->precision = (enum precision)p;
	return 0;
}

int
model_opts_option(struct model_opts *o, int opt, const char *arg, struct cli *cli)
{
	int rc;

	switch (opt) {
	case OPT_MODEL: rc = model_opts_positional(o, arg, cli); break;
	case OPT_PARAMS: rc = count(cli, opt, arg, &o->params); break;
	case OPT_FLOPS_PER_TOKEN: rc = positive(cli, opt, arg, &o->flops_per_token); break;
	case OPT_TOKENS: rc = count(cli, opt, arg, &o->tokens); break;
	case OPT_SAMPLES: rc = count(cli, opt, arg, &o->samples); break;
	case OPT_EPOCHS:
		o->epochs_given = true;
		rc = positive(cli, opt, arg, &o->epochs);
		break;
	case OPT_N_LAYERS: rc = whole(cli, opt, arg, 1e5, &o->shape.layers); break;
	case OPT_WIDTH: rc = whole(cli, opt, arg, 1e7, &o->shape.width); break;
	case OPT_HEADS: rc = whole(cli, opt, arg, 1e5, &o->shape.heads); break;
	case OPT_CONTEXT: rc = whole(cli, opt, arg, 1e8, &o->shape.context); break;
	case OPT_VOCAB: rc = whole(cli, opt, arg, 1e8, &o->shape.vocab); break;
	case OPT_BATCH: rc = whole(cli, opt, arg, 1e8, &o->batch); break;
	case OPT_SEQ: rc = whole(cli, opt, arg, 1e8, &o->seq); break;
	case OPT_PRECISION: rc = set_precision(o, arg, cli); break;
	default: return 0;
	}
	return rc < 0 ? -1 : 1;
}

int
model_opts_positional(struct model_opts *o, const char *arg, struct cli *cli)
{
	if (o->model != NULL)
		return cli_fail(cli, MLF_E_USAGE, "one model at a time ('%s' and '%s')", o->model,
				arg), -1;
	o->model = arg;
	return 0;
}

static bool
shape_given(const struct transformer_shape *s)
{
	return s->layers || s->width || s->heads || s->context || s->vocab;
}

/* Options that only make sense for a summary, or only for a file, used wrongly. */
static int
check_combination(const struct model_opts *o, struct cli *cli)
{
	bool summary = o->params > 0 || shape_given(&o->shape);

	if (o->model != NULL && summary)
		return cli_fail(cli, MLF_E_USAGE, "give a model or a summary (--params, or a "
				"transformer shape), not both"), -1;
	if (o->model != NULL && o->flops_per_token > 0)
		return cli_fail(cli, MLF_E_USAGE, "--flops-per-token is for summaries; a model's "
				"FLOPs come from its layers"), -1;
	if (o->model == NULL && !summary)
		return cli_fail(cli, MLF_E_USAGE, "no model: give MODEL (a zoo name, FILE.xml or "
				"FILE.onnx), --params N or a transformer shape "
				"(see 'mlfit %s --help')", cli->cmd_name), -1;
	if (o->params > 0 && shape_given(&o->shape))
		return cli_fail(cli, MLF_E_USAGE, "give --params or a transformer shape, not both"),
		       -1;
	if (o->tokens > 0 && o->samples > 0)
		return cli_fail(cli, MLF_E_USAGE, "give --tokens or --samples, not both"), -1;
	if (o->tokens > 0 && o->epochs_given)
		return cli_fail(cli, MLF_E_USAGE, "--tokens counts every token of the run; give "
				"--epochs with --samples instead, not with --tokens"), -1;
	return 0;
}

/* Options that the loaded model cannot use. */
static int
check_loaded(const struct model_opts *o, const struct profile *p, struct cli *cli)
{
	double samples;

	if (o->model != NULL && p->seq == 0 && o->seq > 0)
		return cli_fail(cli, MLF_E_USAGE, "--seq is for sequence models; '%s' takes %s",
				o->model, p->input ? p->input : "no sequence"), -1;
	if (o->model != NULL && p->seq == 0 && o->tokens > 0)
		return cli_fail(cli, MLF_E_USAGE, "--tokens is for language models; '%s' takes %s: "
				"give --samples and --epochs", o->model,
				p->input ? p->input : "no sequence"), -1;
	samples = model_opts_train_samples(o, p);
	if (o->epochs_given && samples > 0 && samples * o->epochs < 1)
		return cli_fail(cli, MLF_E_USAGE, "--epochs %g is less than one sample of the "
				"training set (%.6g samples an epoch)", o->epochs, samples), -1;
	return 0;
}

/* A summary's figures are the user's options: an impossible one is a usage error. */
static struct profile *
as_usage_error(struct profile *p, struct cli *cli)
{
	if (p == NULL && cli->err.code == MLF_E_DATA)
		cli->err.code = MLF_E_USAGE;
	return p;
}

/* "'a'", "'a' or 'b'", "'a', 'b' or 'c'" */
static void
add_choices(struct strbuf *sb, const char *const *names, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		strbuf_addf(sb, "%s'%s'", i == 0 ? "" : i + 1 == n ? " or " : ", ", names[i]);
}

/* The zoo's model names, from the file names in dir. */
static size_t
zoo_names(const char *dir, char ***out)
{
	size_t n = paths_list_xml(dir, out), i;

	for (i = 0; i < n; i++) {
		char *slash = strrchr((*out)[i], '/'), *base = slash ? slash + 1 : (*out)[i];

		memmove((*out)[i], base, strlen(base) - 3);	/* drop the directory and ".xml" */
		(*out)[i][strlen(base) - 4] = '\0';
	}
	return n;
}

static void
free_names(char **names, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

static int
unknown_zoo_model(struct cli *cli, const char *name, const char *dir)
{
	struct strbuf sb = STRBUF_INIT;
	const char *near[MAX_ZOO_SUGGESTIONS];
	char **names;
	size_t n = zoo_names(dir, &names);
	size_t nn = str_nearest(name, (const char *const *)names, n, near, MAX_ZOO_SUGGESTIONS);

	if (nn > 0) {
		add_choices(&sb, near, nn);
		cli_fail(cli, MLF_E_USAGE, "unknown model '%s'; did you mean %s?", name, sb.buf);
	} else {
		add_choices(&sb, (const char *const *)names, n);
		cli_fail(cli, MLF_E_USAGE, "unknown model '%s': not a .xml or .onnx file, and the "
			 "zoo has %s", name, n ? sb.buf : "no models");
	}
	strbuf_release(&sb);
	free_names(names, n);
	return -1;
}

static bool
exists(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0;
}

static struct profile *
load_file(struct model_opts *o, struct cli *cli)
{
	const char *datadir = paths_datadir();
	char *dir = xasprintf("%s/data/models", datadir);
	char *schema = xasprintf("%s/model.rng", dir);
	char *zoo = NULL;
	struct profile *p = NULL;

	if (str_has_suffix(o->model, ".onnx")) {
		p = profile_load_onnx(o->model, o->batch, o->seq, &cli->err);
		o->source = o->model;
	} else if (str_has_suffix(o->model, ".xml") || strchr(o->model, '/') != NULL) {
		p = profile_load_xml(o->model, schema, o->seq, &cli->err);
		o->source = o->model;
	} else {
		zoo = xasprintf("%s/%s.xml", dir, o->model);
		if (!exists(zoo)) {
			unknown_zoo_model(cli, o->model, dir);
		} else if ((p = profile_load_xml(zoo, schema, o->seq, &cli->err)) != NULL) {
			p->origin = "zoo";
			o->source = arena_strdup(&p->arena, zoo);
		}
	}
	free(zoo);
	free(schema);
	free(dir);
	return p;
}

/* --flops-per-token with a transformer shape: the given figure wins. */
static void
rescale_flops(struct profile *p, double flops_per_token)
{
	double target = flops_per_token * (p->seq ? p->seq : 1) / 2, now = p->macs + p->other_flops / 2;
	size_t i;

	for (i = 0; i < p->nlayers && now > 0; i++) {
		p->layers[i].macs *= target / now;
		p->layers[i].other_flops *= target / now;
	}
	profile_sum(p);
}

struct profile *
model_opts_load(struct model_opts *o, struct cli *cli)
{
	struct profile *p;

	if (check_combination(o, cli) < 0)
		return NULL;
	if (o->model != NULL) {
		p = load_file(o, cli);
	} else {
		o->source = NULL;
		if (o->params > 0) {
			p = as_usage_error(profile_from_summary(o->params, o->flops_per_token,
								&cli->err), cli);
		} else {
			p = as_usage_error(profile_from_transformer(&o->shape, &cli->err), cli);
			if (p != NULL && o->flops_per_token > 0)
				rescale_flops(p, o->flops_per_token);
		}
	}
	if (p != NULL && check_loaded(o, p, cli) < 0) {
		profile_free(p);
		return NULL;
	}
	return p;
}

double
model_opts_train_samples(const struct model_opts *o, const struct profile *p)
{
	if (o->samples > 0)
		return o->samples;
	if (o->tokens > 0)
		return o->tokens / (p->seq ? p->seq : 1);
	return profile_dataset_samples(p);
}

int
model_opts_train_assumptions(struct cli *cli, struct train_assumptions *a)
{
	const struct catalog *cat = cli_catalog(cli);
	struct figure mult, opt;

	if (cat == NULL ||
	    catalog_param(cat, "train.flops-multiplier", DIM_NONE, &mult, &cli->err) < 0 ||
	    catalog_param(cat, "train.optimizer-bytes-per-param", DIM_BYTES, &opt, &cli->err) < 0)
		return -1;
	a->flops_multiplier = mult.v;
	a->optimizer_bytes_per_param = opt.v;
	a->optimizer = opt.note != NULL ? opt.note : "optimizer state as in the catalog";
	return 0;
}
