/*
 * model_opts.h — the command-line options that say which model: shared by
 * `mlfit profile`, `mlfit estimate` and the commands that come after them.
 *
 * Layer 5 (front ends).  A model is one of
 *   - a zoo name: data/models/NAME.xml under the data directory;
 *   - a model XML file (FILE.xml, or any path with a '/');
 *   - an ONNX file (FILE.onnx);
 *   - a summary: --params N [--flops-per-token F], or a transformer shape
 *     (--n-layers, --width, --heads, --context, --vocab).
 * --batch, --seq and --precision say how it runs; --tokens, --samples and
 * --epochs size the training set, so that training figures need no more.
 *
 * A command lists MODEL_OPTS_LONGOPTS in its getopt_long table, passes each
 * option to model_opts_option() before its own switch, passes a positional
 * MODEL to model_opts_positional(), then calls model_opts_load().  The
 * option codes start at OPT_MODEL_FIRST (0x300), above a command's own.
 * Errors go into cli->err; the return values are the usual 0/-1 or NULL.
 */
#ifndef MLFIT_MODEL_OPTS_H
#define MLFIT_MODEL_OPTS_H

#include <getopt.h>
#include <stdbool.h>

#include "cmd.h"
#include "model.h"

struct model_opts {
	const char *model;		/* zoo name or file; NULL: a summary */
	double params;			/* --params, 0: not given */
	double flops_per_token;		/* --flops-per-token, 0: not given */
	double tokens;			/* --tokens: training tokens, 0: not given */
	double samples;			/* --samples per epoch, 0: not given */
	double epochs;			/* --epochs, default 1 */
	bool epochs_given;		/* --epochs was written */
	struct transformer_shape shape;	/* --n-layers … --vocab, 0: not given */
	unsigned batch;			/* --batch, default 1 */
	unsigned seq;			/* --seq, 0: the model's own */
	enum precision precision;	/* --precision, default fp32 */
	const char *source;		/* after loading: the file read, NULL for summaries */
};

enum {
	OPT_MODEL_FIRST = 0x300,
	OPT_MODEL = OPT_MODEL_FIRST,
	OPT_PARAMS, OPT_FLOPS_PER_TOKEN, OPT_TOKENS, OPT_SAMPLES, OPT_EPOCHS,
	OPT_N_LAYERS, OPT_WIDTH, OPT_HEADS, OPT_CONTEXT, OPT_VOCAB,
	OPT_BATCH, OPT_SEQ, OPT_PRECISION,
	OPT_MODEL_LAST
};

#define MODEL_OPTS_LONGOPTS                                                  \
	{ "model", required_argument, NULL, OPT_MODEL },                     \
	{ "params", required_argument, NULL, OPT_PARAMS },                   \
	{ "flops-per-token", required_argument, NULL, OPT_FLOPS_PER_TOKEN }, \
	{ "tokens", required_argument, NULL, OPT_TOKENS },                   \
	{ "samples", required_argument, NULL, OPT_SAMPLES },                 \
	{ "epochs", required_argument, NULL, OPT_EPOCHS },                   \
	{ "n-layers", required_argument, NULL, OPT_N_LAYERS },               \
	{ "width", required_argument, NULL, OPT_WIDTH },                     \
	{ "heads", required_argument, NULL, OPT_HEADS },                     \
	{ "context", required_argument, NULL, OPT_CONTEXT },                 \
	{ "vocab", required_argument, NULL, OPT_VOCAB },                     \
	{ "batch", required_argument, NULL, OPT_BATCH },                     \
	{ "seq", required_argument, NULL, OPT_SEQ },                         \
	{ "precision", required_argument, NULL, OPT_PRECISION }

/*
 * The options' lines for a command's usage text, in three parts so that a
 * command whose defaults differ (estimate: a training batch and bf16) can
 * put its own --batch and --precision lines in the middle.
 */
#define MODEL_OPTS_USAGE_WHICH                                                              \
	"  MODEL, --model MODEL  a zoo name (resnet50, bert-base, …), FILE.xml or FILE.onnx\n"  \
	"  --params N            a model known by its parameter count (a summary)\n"          \
	"  --flops-per-token F   its forward FLOPs per token (default 2 x params)\n"           \
	"  --n-layers N --width D --heads H --context C --vocab V\n"                           \
	"                        a decoder-only transformer known by its shape\n"
#define MODEL_OPTS_USAGE_RUN                                                                \
	"  --batch N             samples per batch (default 1; symbolic ONNX batch axes)\n"    \
	"  --seq N               tokens per sample, for sequence models only\n"                \
	"  --precision P         fp32 (default), fp16, bf16, int8, …\n"
#define MODEL_OPTS_USAGE_SIZE                                                               \
	"  --tokens N            training tokens (summaries, language models)\n"               \
	"  --samples N           training samples per epoch (default: the zoo's data set)\n"    \
	"  --epochs N            passes over the training set (default 1)\n"
#define MODEL_OPTS_USAGE MODEL_OPTS_USAGE_WHICH MODEL_OPTS_USAGE_RUN MODEL_OPTS_USAGE_SIZE

void model_opts_init(struct model_opts *o);

/*
 * Handles one of the options above: 1 if it was one, 0 if not (the
 * command's own), -1 on a bad argument (cli->err, MLF_E_USAGE).
 */
int model_opts_option(struct model_opts *o, int opt, const char *arg, struct cli *cli);

/* A positional MODEL; -1 if a model is already named. */
int model_opts_positional(struct model_opts *o, const char *arg, struct cli *cli);

/*
 * Loads the model the options name.  NULL with cli->err: MLF_E_USAGE for
 * contradictory or missing options, options the model cannot use (--seq or
 * --tokens for a model without a sequence, an epoch of less than one
 * sample) and unknown zoo names (with the nearest names suggested),
 * MLF_E_DATA for a file that cannot be read.
 */
struct profile *model_opts_load(struct model_opts *o, struct cli *cli);

/*
 * Training samples in one epoch: --samples, else --tokens in sequences of
 * the profile's seq tokens, else the profile's own training set; 0 when
 * none is known.
 */
double model_opts_train_samples(const struct model_opts *o, const struct profile *p);

/*
 * The training assumptions from the catalog's parameters
 * (train.flops-multiplier, train.optimizer-bytes-per-param); the strings
 * are the catalog's.  -1 with cli->err if the catalog lacks them.
 */
int model_opts_train_assumptions(struct cli *cli, struct train_assumptions *a);

#endif
