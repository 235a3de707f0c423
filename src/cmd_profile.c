/*
 * cmd_profile.c — `mlfit profile MODEL`: how much work one sample is.
 *
 * Every estimate starts from these figures, so the output says how they
 * were counted (1 MAC = 2 FLOPs, which operations count, what "bytes"
 * means) and, with --train, which assumptions turned inference into
 * training and where those come from (the catalog's parameters).
 */
#include "config.h"

#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cmd.h"
#include "model_opts.h"
#include "units.h"

static const char usage[] =
	"usage: mlfit profile MODEL [--layers] [--train] [--batch N] [--seq N] [--precision P]\n"
	"                           [--epochs N] [--samples N] [--format FORMAT]\n"
	"   or: mlfit profile --params N [--flops-per-token F] [--tokens N] [--train]\n"
	"   or: mlfit profile --n-layers N --width D --heads H --context C [--vocab V]\n"
	"                     [--tokens N] [--train]\n"
	"\n"
	"How much work one sample of a model is: parameters, multiply-accumulates\n"
	"(MACs), other FLOPs and bytes moved, for one sample of inference.\n"
	"1 MAC = 2 FLOPs; see mlfit-profile(1) for what counts.\n"
	"\n"
	"  --layers              one row per layer\n"
	"  --train               training figures: forward + backward FLOPs, the state\n"
	"                        of weights, gradients and optimizer, and the total over\n"
	"                        the training set (assumptions from the catalog)\n"
	MODEL_OPTS_USAGE
	"  --format FORMAT       table (default), csv or json\n"
	"  --catalog PATH        add an overlay catalog (training assumptions)\n"
	"\n"
	"The zoo: alexnet, vgg16, resnet18, resnet50, mobilenet_v2, transformer-base,\n"
	"transformer-big, bert-base, bert-large, gpt2-small, gpt3-175b.\n";

#define CONVENTIONS_1 "1 MAC = 2 FLOPs; other FLOPs are activations, normalisation, softmax,"
#define CONVENTIONS_2 "pooling and element-wise operations; bytes are the weights, read once"
#define CONVENTIONS_3 "per batch, plus every activation written once and read once"

/* The counting conventions: one line in JSON, wrapped under a table. */
static const char conventions[] = CONVENTIONS_1 " " CONVENTIONS_2 " " CONVENTIONS_3;
static const char conventions_text[] = CONVENTIONS_1 "\n" CONVENTIONS_2 "\n" CONVENTIONS_3;

struct view {
	const struct profile *p;
	const struct model_opts *o;
	bool layers, train;
	struct train_assumptions ta;
	struct train_figures tf;
	double train_samples;	/* per epoch, 0: unknown */
};

/* ---- numbers for people ---- */

/* "25.56 M", "4.089 G": four significant digits with an SI prefix. */
static char *
si(double v, char *buf, size_t size)
{
	static const char prefixes[] = " kMGTPEZY";
	char num[48];
	int i = 0;

	while (fabs(v) >= 999.95 && prefixes[i + 1] != '\0') {
		v /= 1000;
		i++;
	}
	units_gfmt(v, 4, num, sizeof(num));
	snprintf(buf, size, "%s%s%c", num, i ? " " : "", i ? prefixes[i] : '\0');
	return buf;
}

/* 25557032 → "25,557,032" */
static char *
grouped(double v, char *buf, size_t size)
{
	char digits[64];
	size_t n, i, o = 0;

	snprintf(digits, sizeof(digits), "%.0f", v);
	n = strlen(digits);
	for (i = 0; i < n && o + 2 < size; i++) {
		if (i > 0 && (n - i) % 3 == 0 && digits[i - 1] != '-')
			buf[o++] = ',';
		buf[o++] = digits[i];
	}
	buf[o] = '\0';
	return buf;
}

static char *
bytes_text(double v, char *buf, size_t size)
{
	return units_format(v, DIM_BYTES, buf, size);
}

static double
weights(const struct view *v)
{
	return profile_weight_bytes(v->p, v->o->precision);
}

static double
layer_bytes(const struct view *v, const struct layer *l, double *w, double *a)
{
	double b = precision_bytes(v->o->precision);

	*w = l->params * b;
	*a = (l->act_in + l->act_out) * b;
	return *w / v->o->batch + *a;
}

/* ---- table ---- */

/* text cut at a word boundary before `max` characters (the JSON has it whole) */
static const char *
shorten(const char *text, char *buf, size_t max)
{
	size_t len;

	if (text == NULL)
		return "";
	len = strlen(text);
	if (len <= max)
		return text;
	for (len = max; len > 0 && text[len] != ' '; len--)
		;
	snprintf(buf, max + 8, "%.*s ...", (int)(len ? len : max), text);
	return buf;
}

static void
row(struct table *t, const char *what, double num, const char *value, const char *note)
{
	table_row(t);
	table_str(t, what);
	table_num(t, num, value);
	table_str(t, note);
}

static void
summary_rows(const struct view *v, struct table *t)
{
	const struct profile *p = v->p;
	char a[64], b[64], note[256];

	snprintf(note, sizeof(note), "%s", si(p->params, b, sizeof(b)));
	row(t, "parameters", p->params, grouped(p->params, a, sizeof(a)), note);
	row(t, "MACs", p->macs, si(p->macs, a, sizeof(a)), "multiply-accumulates");
	snprintf(note, sizeof(note), "2 x MACs + %s other", si(p->other_flops, b, sizeof(b)));
	row(t, "FLOPs", profile_flops(p), si(profile_flops(p), a, sizeof(a)), note);
	snprintf(note, sizeof(note), "%s, read once per batch of %u",
		 precision_name(v->o->precision), v->o->batch);
	row(t, "weights", weights(v), bytes_text(weights(v), a, sizeof(a)), note);
	row(t, "activations", profile_activation_bytes(p, v->o->precision),
	    bytes_text(profile_activation_bytes(p, v->o->precision), a, sizeof(a)),
	    "each written once and read once");
	row(t, "bytes moved", profile_bytes(p, v->o->precision, v->o->batch),
	    bytes_text(profile_bytes(p, v->o->precision, v->o->batch), a, sizeof(a)),
	    "per sample");
	if (p->ref_params > 0 || p->ref_macs > 0) {
		char c[64], value[160];

		if (p->ref_params > 0 && p->ref_macs > 0)
			snprintf(value, sizeof(value), "%s / %s MACs", si(p->ref_params, a, sizeof(a)),
				 si(p->ref_macs, c, sizeof(c)));
		else
			snprintf(value, sizeof(value), "%s%s", si(p->ref_params + p->ref_macs, a, sizeof(a)),
				 p->ref_macs > 0 ? " MACs" : "");
		row(t, "published", p->ref_params > 0 ? p->ref_params : p->ref_macs, value,
		    shorten(p->ref_source, note, 64));
	}
}

static void
train_rows(const struct view *v, struct table *t)
{
	const struct profile *p = v->p;
	char a[64], b[64], note[512];

	snprintf(note, sizeof(note), "%s x forward (train.flops-multiplier)",
		 units_gfmt(v->ta.flops_multiplier, 6, b, sizeof(b)));
	row(t, "training FLOPs/sample", v->tf.flops_per_sample,
	    si(v->tf.flops_per_sample, a, sizeof(a)), note);
	snprintf(note, sizeof(note), "%s per parameter: %s (train.optimizer-bytes-per-param)",
		 bytes_text(v->ta.optimizer_bytes_per_param, b, sizeof(b)), v->ta.optimizer);
	row(t, "training state", v->tf.state_bytes, bytes_text(v->tf.state_bytes, a, sizeof(a)), note);
	row(t, "activations kept", v->tf.activation_bytes_per_sample,
	    bytes_text(v->tf.activation_bytes_per_sample, a, sizeof(a)), "per sample, for the backward pass");
	if (v->train_samples <= 0)
		return;
	if (v->o->tokens > 0)
		snprintf(note, sizeof(note), "per epoch: --tokens in samples of %u token%s",
			 p->seq ? p->seq : 1, p->seq > 1 ? "s" : "");
	else if (v->o->samples > 0 || p->dataset == NULL)
		snprintf(note, sizeof(note), "per epoch, from --samples");
	else
		snprintf(note, sizeof(note), "per epoch: %s (%s %s)", p->dataset,
			 grouped(p->dataset_samples, b, sizeof(b)), p->dataset_unit ? p->dataset_unit : "");
	row(t, "training samples", v->train_samples, si(v->train_samples, a, sizeof(a)), note);
	snprintf(note, sizeof(note), "over %s epoch%s", units_gfmt(v->o->epochs, 6, b, sizeof(b)),
		 v->o->epochs == 1 ? "" : "s");
	row(t, "training FLOPs", v->tf.flops_per_sample * v->train_samples * v->o->epochs,
	    units_gfmt(v->tf.flops_per_sample * v->train_samples * v->o->epochs, 4, a, sizeof(a)),
	    note);
}

static const char *
layer_shape(const int64_t *d, int rank, char *buf, size_t size)
{
	return rank > 0 ? model_shape_format(d, rank, buf, size) : "";
}

static void
layer_rows(const struct view *v, struct table *t, bool human)
{
	size_t i;

	for (i = 0; i < v->p->nlayers; i++) {
		const struct layer *l = &v->p->layers[i];
		char in[128], out[128], a[64];
		double w, act, bytes = layer_bytes(v, l, &w, &act);

		table_row(t);
		table_str(t, l->name);
		table_str(t, l->type);
		table_str(t, layer_shape(l->in_shape, l->in_rank, in, sizeof(in)));
		table_str(t, layer_shape(l->out_shape, l->out_rank, out, sizeof(out)));
		table_num(t, l->params, human ? grouped(l->params, a, sizeof(a)) : NULL);
		table_num(t, l->macs, human ? si(l->macs, a, sizeof(a)) : NULL);
		if (!human) {
			table_num(t, l->other_flops, NULL);
			table_num(t, 2 * l->macs + l->other_flops, NULL);
			table_num(t, w, NULL);
			table_num(t, act, NULL);
		} else {
			table_num(t, 2 * l->macs + l->other_flops, si(2 * l->macs + l->other_flops, a, sizeof(a)));
		}
		table_num(t, bytes, human ? bytes_text(bytes, a, sizeof(a)) : NULL);
		table_str(t, l->counted ? "yes" : "no");
	}
}

static void
layer_columns(struct table *t, bool human)
{
	table_col(t, "LAYER", "name", false);
	table_col(t, "TYPE", "type", false);
	table_col(t, "INPUT", "input", false);
	table_col(t, "OUTPUT", "output", false);
	table_col(t, "PARAMS", "params", true);
	table_col(t, "MACS", "macs", true);
	if (!human) {
		table_col(t, "OTHER FLOPS", "other_flops", true);
		table_col(t, "FLOPS", "flops", true);
		table_col(t, "WEIGHTS", "weights_bytes", true);
		table_col(t, "ACTIVATIONS", "activations_bytes", true);
	} else {
		table_col(t, "FLOPS", "flops", true);
	}
	table_col(t, "BYTES", "bytes", true);
	table_col(t, "COUNTED", "counted", false);
}

static int
write_table(const struct view *v, FILE *f)
{
	const struct profile *p = v->p;
	struct table *t = table_new();
	int rc;

	fprintf(f, "%s (%s%s%s)\n", p->name, p->origin, p->description ? ": " : "",
		p->description ? p->description : "");
	if (p->seq > 0)
		fprintf(f, "one sample = %u token%s", p->seq, p->seq == 1 ? "" : "s");
	else
		fprintf(f, "one sample = %s", p->input ? p->input : "?");
	fprintf(f, ", %s, batch %u\n\n", precision_name(v->o->precision), v->o->batch);
	table_col(t, "PER SAMPLE", "quantity", false);
	table_col(t, "VALUE", "value", true);
	table_col(t, "", "note", false);
	summary_rows(v, t);
	if (v->train)
		train_rows(v, t);
	rc = table_write(t, FORMAT_TABLE, f);
	table_free(t);
	if (rc == 0 && v->layers) {
		t = table_new();
		layer_columns(t, true);
		layer_rows(v, t, true);
		fputc('\n', f);
		rc = table_write(t, FORMAT_TABLE, f);
		table_free(t);
	}
	fprintf(f, "\n%s.\n", conventions_text);
	return rc;
}

/* ---- CSV: the totals in one row, or one row per layer and a total ---- */

static int
write_csv(const struct view *v, FILE *f)
{
	const struct profile *p = v->p;
	struct table *t = table_new();
	double b = precision_bytes(v->o->precision);
	int rc;

	layer_columns(t, false);
	if (v->layers)
		layer_rows(v, t, false);
	table_row(t);
	table_str(t, v->layers ? "total" : p->name);
	table_str(t, p->origin);
	table_str(t, p->input);
	table_str(t, NULL);
	table_num(t, p->params, NULL);
	table_num(t, p->macs, NULL);
	table_num(t, p->other_flops, NULL);
	table_num(t, profile_flops(p), NULL);
	table_num(t, p->params * b, NULL);
	table_num(t, p->act_elems * b, NULL);
	table_num(t, profile_bytes(p, v->o->precision, v->o->batch), NULL);
	table_str(t, p->nuncounted ? "no" : "yes");
	rc = table_write(t, FORMAT_CSV, f);
	table_free(t);
	return rc;
}

/* ---- JSON ---- */

static void
set_str(json_t *o, const char *key, const char *s)
{
	if (s != NULL)
		json_object_set_new(o, key, json_string(s));
}

static void
set_num(json_t *o, const char *key, double v)
{
	json_object_set_new(o, key, json_real(v));
}

static json_t *
json_layer(const struct view *v, const struct layer *l)
{
	json_t *o = json_object();
	char buf[128];
	double w, a, bytes = layer_bytes(v, l, &w, &a);

	set_str(o, "name", l->name);
	set_str(o, "type", l->type);
	set_str(o, "input", layer_shape(l->in_shape, l->in_rank, buf, sizeof(buf)));
	set_str(o, "output", layer_shape(l->out_shape, l->out_rank, buf, sizeof(buf)));
	set_num(o, "params", l->params);
	set_num(o, "macs", l->macs);
	set_num(o, "other_flops", l->other_flops);
	set_num(o, "flops", 2 * l->macs + l->other_flops);
	set_num(o, "weights_bytes", w);
	set_num(o, "activations_bytes", a);
	set_num(o, "bytes", bytes);
	json_object_set_new(o, "counted", json_boolean(l->counted));
	return o;
}

static json_t *
json_train(const struct view *v)
{
	json_t *o = json_object();

	set_num(o, "flops_multiplier", v->ta.flops_multiplier);
	set_num(o, "optimizer_bytes_per_param", v->ta.optimizer_bytes_per_param);
	set_str(o, "optimizer", v->ta.optimizer);
	set_num(o, "flops_per_sample", v->tf.flops_per_sample);
	set_num(o, "state_bytes", v->tf.state_bytes);
	set_num(o, "activation_bytes_per_sample", v->tf.activation_bytes_per_sample);
	if (v->train_samples > 0) {
		set_num(o, "samples_per_epoch", v->train_samples);
		set_num(o, "epochs", v->o->epochs);
		set_num(o, "flops", v->tf.flops_per_sample * v->train_samples * v->o->epochs);
	}
	return o;
}

static void
json_extras(const struct view *v, json_t *root)
{
	const struct profile *p = v->p;
	json_t *o;

	if (p->ref_params > 0 || p->ref_macs > 0) {
		o = json_object();
		if (p->ref_params > 0)
			set_num(o, "params", p->ref_params);
		if (p->ref_macs > 0)
			set_num(o, "macs", p->ref_macs);
		set_str(o, "source", p->ref_source);
		json_object_set_new(root, "published", o);
	}
	if (p->dataset != NULL) {
		o = json_object();
		set_str(o, "name", p->dataset);
		set_num(o, "size", p->dataset_samples);
		set_str(o, "unit", p->dataset_unit);
		set_num(o, "samples", profile_dataset_samples(p));
		set_str(o, "source", p->dataset_source);
		json_object_set_new(root, "dataset", o);
	}
}

static int
write_json(const struct view *v, FILE *f)
{
	const struct profile *p = v->p;
	json_t *root = json_object(), *layers;
	size_t i;
	int rc;

	set_str(root, "model", p->name);
	set_str(root, "origin", p->origin);
	set_str(root, "source", v->o->source);
	set_str(root, "description", p->description);
	set_str(root, "input", p->input);
	json_object_set_new(root, "seq", json_integer(p->seq));
	set_str(root, "precision", precision_name(v->o->precision));
	json_object_set_new(root, "batch", json_integer(v->o->batch));
	set_str(root, "conventions", conventions);
	set_num(root, "params", p->params);
	set_num(root, "macs", p->macs);
	set_num(root, "other_flops", p->other_flops);
	set_num(root, "flops", profile_flops(p));
	set_num(root, "weights_bytes", weights(v));
	set_num(root, "activations_bytes", profile_activation_bytes(p, v->o->precision));
	set_num(root, "bytes", profile_bytes(p, v->o->precision, v->o->batch));
	json_object_set_new(root, "uncounted_layers", json_integer((json_int_t)p->nuncounted));
	json_extras(v, root);
	if (v->train)
		json_object_set_new(root, "train", json_train(v));
	if (v->layers) {
		layers = json_array();
		for (i = 0; i < p->nlayers; i++)
			json_array_append_new(layers, json_layer(v, &p->layers[i]));
		json_object_set_new(root, "layers", layers);
	}
	rc = json_dumpf(root, f, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(10));
	fputc('\n', f);
	json_decref(root);
	return rc;
}

/* ---- the command ---- */

enum { OPT_LAYERS = OPT_FIRST_COMMAND_OPTION, OPT_TRAIN };

struct profile_ctx {
	struct model_opts *o;
	struct view *v;
};

/* Model options first, then profile's own switches. */
static int
profile_option(void *data, struct cli *cli, int opt, const char *arg)
{
	struct profile_ctx *ctx = data;
	struct view *v = ctx->v;
	int rc = model_opts_option(ctx->o, opt, arg, cli);

	if (rc != 0)
		return rc;
	if (opt == OPT_LAYERS)
		v->layers = true;
	else if (opt == OPT_TRAIN)
		v->train = true;
	else
		return 0;
	return 1;
}

/* Returns 0 to go on, -1 after --help, or an exit status. */
static int
parse(struct cli *cli, int argc, char **argv, struct model_opts *o, struct view *v)
{
	static const struct option longopts[] = {
		CLI_COMMON_LONGOPTS,
		MODEL_OPTS_LONGOPTS,
		{ "layers", no_argument, NULL, OPT_LAYERS },
		{ "train", no_argument, NULL, OPT_TRAIN },
		{ NULL, 0, NULL, 0 }
	};
	struct profile_ctx ctx = { o, v };
	int rc = cli_parse(cli, argc, argv, longopts, usage, profile_option, &ctx);

	if (rc != 0)
		return rc;
	for (; optind < argc; optind++)
		if (model_opts_positional(o, argv[optind], cli) < 0)
			return cli->err.code;
	return 0;
}

int
cmd_profile(struct cli *cli, int argc, char **argv)
{
	struct model_opts o;
	struct view v = { .o = &o };
	struct profile *p;
	int rc;

	model_opts_init(&o);
	rc = parse(cli, argc, argv, &o, &v);
	if (rc != 0)
		return rc < 0 ? 0 : rc;
	if (v.train && model_opts_train_assumptions(cli, &v.ta) < 0)
		return cli->err.code;
	p = model_opts_load(&o, cli);
	if (p == NULL)
		return cli->err.code;
	v.p = p;
	if (v.train) {
		profile_training(p, &v.ta, o.precision, &v.tf);
		v.train_samples = model_opts_train_samples(&o, p);
	}
	if (cli->format == FORMAT_JSON)
		rc = write_json(&v, cli->out);
	else if (cli->format == FORMAT_CSV)
		rc = write_csv(&v, cli->out);
	else
		rc = write_table(&v, cli->out);
	profile_free(p);
	if (rc < 0)
		return cli_fail(cli, MLF_E_INTERNAL, "profile: cannot write the output");
	return 0;
}
