/*
 * model_xml.c — reading model XML (data/models/model.rng) into a profile.
 *
 * A model file gives an input shape and a list of layers; every shape
 * after the input is inferred, layer by layer, so a file cannot state a
 * shape that disagrees with its layers.  Real architectures stay short
 * through <repeat>, <residual>, <concat> and parameterised <block>s: a
 * block's body may use "$arg" for any attribute value, bound by the
 * <use> that expands it.  Counting follows the conventions in model.h:
 * one sample, 1 MAC = 2 FLOPs, other FLOPs per element from model.c's
 * table.  Every problem is reported as "file:line: layer: message".
 */
#include "config.h"

#include "model.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checked.h"
#include "strbuf.h"
#include "strutil.h"
#include "units.h"
#include "xalloc.h"
#include "xmlread.h"

#define MAX_BLOCK_DEPTH 16	/* nested <use>: deeper means a block uses itself */
#define MAX_LAYERS 1000000	/* a file expanding past this is a mistake */
/*
 * Elements visited and repeat iterations run, whatever they emit: nested
 * <repeat>s of empty bodies (or only <keep>s) emit nothing but must not
 * run 10^18 times.  Four per layer leaves room for real models.
 */
#define MAX_STEPS (4 * MAX_LAYERS)
#define MAX_ARGS 16
#define MAX_KEPT 16
#define NAME_MAX_LEN 256

struct shape {
	int rank;
	int64_t d[MODEL_MAX_RANK];
};

/* The arguments of the <use> being expanded, already resolved. */
struct frame {
	const char *block;
	const char *names[MAX_ARGS];
	const char *values[MAX_ARGS];
	size_t n;
};

struct kept {
	const char *name;
	struct shape shape;
};

struct xctx {
	struct profile *p;
	const char *file;
	const xmlNode *root;
	unsigned seq;		/* what "seq" in a shape stands for */
	bool used_seq;
	const struct frame *frame;
	struct kept kept[MAX_KEPT];
	size_t nkept;
	int depth;
	long steps;		/* against MAX_STEPS */
	struct str_index blocks;	/* block name → its element's position among root's children */
	const xmlNode **block_nodes;
	struct digest digest;	/* of the file's bytes, against the shipped ones */
	size_t nblocks;
	struct mlf_err *err;
};

/* The element names that are layers (besides the element-wise ones). */
static const char *const structural[] = {
	"conv2d", "linear", "maxpool", "avgpool", "globalavgpool", "globalmaxpool",
	"adaptiveavgpool", "batchnorm", "layernorm", "groupnorm", "flatten", "select",
	"embedding", "attention", "lstm", "gru", "swiglu", "residual", "concat", "repeat", "use",
	"keep", "input",
};

/* Element-wise layers: their FLOPs come from model_elementwise_flops(). */
static const char *const elementwise[] = {
	"relu", "relu6", "leakyrelu", "elu", "sigmoid", "tanh", "gelu", "silu",
	"hardsigmoid", "hardswish", "softplus", "softmax", "dropout",
};

#define NELEMS(a) (sizeof(a) / sizeof((a)[0]))

static bool
in_list(const char *name, const char *const *list, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(list[i], name) == 0)
			return true;
	return false;
}

static const char *
ename(const xmlNode *n)
{
	return (const char *)n->name;
}

static int __attribute__((format(printf, 3, 4)))
fail(struct xctx *c, const xmlNode *n, const char *fmt, ...)
{
	char msg[MLF_ERR_MSG_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	mlf_err_set(c->err, MLF_E_DATA, "%s:%d: %s", c->file, n ? xmlread_line(n) : 0, msg);
	return -1;
}

/* Layer names are built with this: a name cut short is better than none. */
static void __attribute__((format(printf, 3, 4)))
name_printf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, size, fmt, ap);
	va_end(ap);
}

/* ---- attributes, with "$arg" bound by the enclosing <use> ---- */

static int
attr(struct xctx *c, const xmlNode *n, const char *name, const char **out)
{
	const char *v = xmlread_attr(n, name);
	size_t i;

	*out = v;
	if (v == NULL || v[0] != '$')
		return 0;
	for (i = 0; c->frame != NULL && i < c->frame->n; i++) {
		if (strcmp(c->frame->names[i], v + 1) == 0) {
			*out = c->frame->values[i];
			return 0;
		}
	}
	if (c->frame == NULL)
		return fail(c, n, "%s: '%s' outside a block", ename(n), v);
	return fail(c, n, "%s: block '%s' has no argument '%s'", ename(n), c->frame->block, v + 1);
}

static int
parse_i64(const char *text, int64_t *out)
{
	return ck_parse_i64(text, strlen(text), out) ? 0 : -1;
}

/* An integer attribute in [min, max]; `def` when absent. */
static int
attr_int(struct xctx *c, const xmlNode *n, const char *name, int64_t def, int64_t min,
	 int64_t max, int64_t *out)
{
	const char *v;

	if (attr(c, n, name, &v) < 0)
		return -1;
	*out = def;
	if (v == NULL)
		return 0;
	if (parse_i64(v, out) < 0 || *out < min || *out > max)
		return fail(c, n, "%s: %s must be a whole number from %lld to %lld, not '%s'",
			    ename(n), name, (long long)min, (long long)max, v);
	return 0;
}

/* "3" or "3x1": one value for both spatial axes or one each. */
static int
attr_pair(struct xctx *c, const xmlNode *n, const char *name, int64_t def, int64_t min,
	  int64_t out[2])
{
	const char *v, *x;

	if (attr(c, n, name, &v) < 0)
		return -1;
	out[0] = out[1] = def;
	if (v == NULL)
		return 0;
	/* parsed in place, never through a fixed buffer that would cut "0…03junk" to 3 */
	x = strchr(v, 'x');
	if (!ck_parse_i64(v, x ? (size_t)(x - v) : strlen(v), &out[0]) ||
	    !(x ? ck_parse_i64(x + 1, strlen(x + 1), &out[1]) : (out[1] = out[0], true)) ||
	    out[0] < min ||
	    out[1] < min || out[0] > INT32_MAX || out[1] > INT32_MAX)
		return fail(c, n, "%s: %s must be N or NxM with whole numbers of at least %lld, "
			    "not '%s'", ename(n), name, (long long)min, v);
	return 0;
}

static int
attr_bool(struct xctx *c, const xmlNode *n, const char *name, bool def, bool *out)
{
	const char *v;

	if (attr(c, n, name, &v) < 0)
		return -1;
	*out = def;
	if (v == NULL)
		return 0;
	if (strcmp(v, "true") == 0 || strcmp(v, "1") == 0)
		*out = true;
	else if (strcmp(v, "false") == 0 || strcmp(v, "0") == 0)
		*out = false;
	else
		return fail(c, n, "%s: %s must be true or false, not '%s'", ename(n), name, v);
	return 0;
}

/* ---- shapes ---- */

static int
elems(struct xctx *c, const xmlNode *n, const struct shape *s, double *out)
{
	int64_t e;

	*out = 0;
	if (model_shape_elems(s->d, s->rank, &e) < 0)
		return fail(c, n, "%s: shape product overflows 64 bits", ename(n));
	*out = (double)e;
	return 0;
}

static const char *
fmt_shape(const struct shape *s, char *buf, size_t size)
{
	return model_shape_format(s->d, s->rank, buf, size);
}

static int
need_rank(struct xctx *c, const xmlNode *n, const struct shape *s, int rank, const char *what)
{
	char buf[128];

	if (s->rank != rank)
		return fail(c, n, "%s: expects a %s input, got %s", ename(n), what,
			    fmt_shape(s, buf, sizeof(buf)));
	return 0;
}

/* Parses "3x224x224", where "seq" stands for the sequence length. */
static int
parse_shape(struct xctx *c, const xmlNode *n, const char *text, struct shape *s)
{
	const char *p = text;
	int64_t total;

	s->rank = 0;
	while (*p != '\0') {
		size_t len = strcspn(p, "x");

		if (s->rank == MODEL_MAX_RANK)
			return fail(c, n, "input: more than %d dimensions in '%s'", MODEL_MAX_RANK, text);
		if (len == 3 && memcmp(p, "seq", 3) == 0) {
			s->d[s->rank] = c->seq;
			c->used_seq = true;
			if (c->seq == 0)
				return fail(c, n, "input: 'seq' needs a sequence length (seq attribute "
					    "or --seq)");
		} else if (!ck_parse_i64(p, len, &s->d[s->rank])) {
			return fail(c, n, "input: '%.*s' is not a dimension in '%s'", (int)len, p, text);
		}
		if (s->d[s->rank] <= 0)
			return fail(c, n, "input: dimension %d is %lld in '%s': dimensions must be "
				    "positive", s->rank + 1, (long long)s->d[s->rank], text);
		s->rank++;
		p += len;
		if (*p == 'x' && *++p == '\0')
			return fail(c, n, "input: '%s' ends with 'x'", text);
	}
	if (s->rank == 0)
		return fail(c, n, "input: empty shape");
	if (model_shape_elems(s->d, s->rank, &total) < 0)
		return fail(c, n, "input: shape product of '%s' overflows 64 bits", text);
	return 0;
}

/* ---- emitting layers ---- */

/*
 * 1-based position of n among its siblings with the same element name.
 * walk() numbers each sibling list in one pass and keeps the number in the
 * node's _private field (libxml2 leaves it to applications): counting back
 * through the siblings for every layer made 50,000 unnamed layers take 18 s.
 */
static unsigned
ordinal(const xmlNode *n)
{
	const xmlNode *s;
	unsigned k = 1;

	if (n->_private != NULL)
		return (unsigned)(uintptr_t)n->_private;
	for (s = n->prev; s != NULL; s = s->prev)
		if (s->type == XML_ELEMENT_NODE && strcmp(ename(s), ename(n)) == 0)
			k++;
	return k;
}

#define MAX_NAMED_KINDS 64	/* distinct element names per sibling list, numbered at once */

static void
number_siblings(const xmlNode *first)
{
	const char *names[MAX_NAMED_KINDS];
	unsigned counts[MAX_NAMED_KINDS];
	size_t nnames = 0, i;
	const xmlNode *n;

	if (first == NULL || first->_private != NULL)
		return;		/* empty, or numbered on an earlier pass (a repeat) */
	for (n = first; n != NULL; n = xmlread_next(n)) {
		for (i = 0; i < nnames && strcmp(names[i], ename(n)) != 0; i++)
			;
		if (i == nnames) {
			if (nnames == MAX_NAMED_KINDS)
				continue;	/* ordinal() counts this one itself */
			names[nnames] = ename(n);
			counts[nnames++] = 0;
		}
		((xmlNode *)n)->_private = (void *)(uintptr_t)++counts[i];
	}
}

static int
count_step(struct xctx *c, const xmlNode *n)
{
	if (++c->steps <= MAX_STEPS)
		return 0;
	return fail(c, n, "%s: the model takes more than %d steps to expand (repeats nested "
		    "too deep, or repeating nothing?)", ename(n), MAX_STEPS);
}

static void
layer_name(struct xctx *c, const xmlNode *n, const char *prefix, char *buf, size_t size)
{
	const char *name;

	if (attr(c, n, "name", &name) == 0 && name != NULL)
		name_printf(buf, size, "%s%s", prefix, name);
	else
		name_printf(buf, size, "%s%s%u", prefix, ename(n), ordinal(n));
}

static struct layer *
emit(struct xctx *c, const xmlNode *n, const char *prefix, const char *type,
     const struct shape *in, const struct shape *out)
{
	char name[NAME_MAX_LEN];
	struct layer *l;

	if (c->p->nlayers >= MAX_LAYERS) {
		fail(c, n, "%s: the model expands to more than %d layers", ename(n), MAX_LAYERS);
		return NULL;
	}
	layer_name(c, n, prefix, name, sizeof(name));
	l = profile_add_layer(c->p, name, type);
	l->in_rank = in->rank;
	memcpy(l->in_shape, in->d, sizeof(l->in_shape));
	l->out_rank = out->rank;
	memcpy(l->out_shape, out->d, sizeof(l->out_shape));
	return l;
}

static int walk(struct xctx *c, const xmlNode *first, const char *prefix, struct shape *s);

/* ---- layers ---- */

struct window {
	int64_t k[2], s[2], p[2], dl[2];
	bool ceil;
};

static int
window_attrs(struct xctx *c, const xmlNode *n, bool stride_is_kernel, struct window *w)
{
	if (attr_pair(c, n, "kernel", 1, 1, w->k) < 0 ||
	    attr_pair(c, n, "stride", 1, 1, w->s) < 0 ||
	    attr_pair(c, n, "padding", 0, 0, w->p) < 0 ||
	    attr_pair(c, n, "dilation", 1, 1, w->dl) < 0 ||
	    attr_bool(c, n, "ceil", false, &w->ceil) < 0)
		return -1;
	if (stride_is_kernel && xmlread_attr(n, "stride") == NULL) {
		w->s[0] = w->k[0];
		w->s[1] = w->k[1];
	}
	return 0;
}

/* Spatial output of a window over a C×H×W input into out (C left unset). */
static int
window_out(struct xctx *c, const xmlNode *n, const struct shape *in, const struct window *w,
	   struct shape *out)
{
	int i;

	if (need_rank(c, n, in, 3, "C×H×W") < 0)
		return -1;
	out->rank = 3;
	for (i = 0; i < 2; i++)
		if (model_window_out(in->d[i + 1], w->k[i], w->s[i], w->p[i], w->p[i], w->dl[i],
				     w->ceil, &out->d[i + 1]) < 0)
			return fail(c, n, "%s: a %lldx%lld window does not fit the %lldx%lld input",
				    ename(n), (long long)w->k[0], (long long)w->k[1],
				    (long long)in->d[1], (long long)in->d[2]);
	return 0;
}

static int
do_conv2d(struct xctx *c, const xmlNode *n, const char *prefix, struct shape *s)
{
	struct shape out;
	struct window w;
	int64_t cout, groups, cin_check;
	double in_e, out_e, per_out;
	bool bias;
	struct layer *l;

	if (window_attrs(c, n, false, &w) < 0 ||
	    attr_int(c, n, "out", 0, 1, INT32_MAX, &cout) < 0 ||
	    attr_int(c, n, "groups", 1, 1, INT32_MAX, &groups) < 0 ||
	    attr_int(c, n, "in", 0, 0, INT32_MAX, &cin_check) < 0 ||
	    attr_bool(c, n, "bias", true, &bias) < 0 || window_out(c, n, s, &w, &out) < 0)
		return -1;
	if (cout == 0)
		return fail(c, n, "conv2d: the out attribute (output channels) is required");
	if (cin_check != 0 && cin_check != s->d[0])
		return fail(c, n, "conv2d: expects %lld input channels, got %lld", (long long)cin_check,
			    (long long)s->d[0]);
	if (s->d[0] % groups != 0 || cout % groups != 0)
		return fail(c, n, "conv2d: %lld input and %lld output channels are not multiples of "
			    "%lld groups", (long long)s->d[0], (long long)cout, (long long)groups);
	out.d[0] = cout;
	if (elems(c, n, s, &in_e) < 0 || elems(c, n, &out, &out_e) < 0 ||
	    (l = emit(c, n, prefix, "conv2d", s, &out)) == NULL)
		return -1;
	per_out = (double)(s->d[0] / groups) * (double)w.k[0] * (double)w.k[1];
	l->macs = out_e * per_out;
	l->params = (double)cout * per_out + (bias ? (double)cout : 0);
	l->act_in = in_e;
	l->act_out = out_e;
	*s = out;
	return 0;
}

static int
do_linear(struct xctx *c, const xmlNode *n, const char *prefix, struct shape *s)
{
	struct shape out = *s;
	int64_t nout, in_check;
	double in_e, out_e, k;
	bool bias, tied;
	struct layer *l;

	if (attr_int(c, n, "out", 0, 1, INT32_MAX, &nout) < 0 ||
	    attr_int(c, n, "in", 0, 0, INT32_MAX, &in_check) < 0 ||
	    attr_bool(c, n, "bias", true, &bias) < 0 || attr_bool(c, n, "tied", false, &tied) < 0)
		return -1;
	if (nout == 0)
		return fail(c, n, "linear: the out attribute (output features) is required");
	k = (double)s->d[s->rank - 1];
	if (in_check != 0 && (double)in_check != k)
		return fail(c, n, "linear: expects %lld input features, got %.0f",
			    (long long)in_check, k);
	out.d[out.rank - 1] = nout;
	if (elems(c, n, s, &in_e) < 0 || elems(c, n, &out, &out_e) < 0 ||
	    (l = emit(c, n, prefix, "linear", s, &out)) == NULL)
		return -1;
	l->macs = out_e * k;
	/* tied: the weight matrix is an embedding's, already counted */
	l->params = (tied ? 0 : k * (double)nout) + (bias ? (double)nout : 0);
	l->act_in = in_e;
	l->act_out = out_e;
	*s = out;
	return 0;
}

static int
do_pool(struct xctx *c, const xmlNode *n, const char *prefix, struct shape *s)
{
	struct shape out;
	struct window w;
	double in_e, out_e;
	struct layer *l;

	if (window_attrs(c, n, true, &w) < 0 || window_out(c, n, s, &w, &out) < 0)
		return -1;
	out.d[0] = s->d[0];
	if (elems(c, n, s, &in_e) < 0 || elems(c, n, &out, &out_e) < 0 ||
	    (l = emit(c, n, prefix, ename(n), s, &out)) == NULL)
		return -1;
	/* one comparison or addition per window element */
	l->other_flops = out_e * (double)w.k[0] * (double)w.k[1];
	l->act_in = in_e;
	l->act_out = out_e;
	*s = out;
	return 0;
}

/* Global and adaptive pooling: every input element is visited once. */
static int
do_global_pool(struct xctx *c, const xmlNode *n, const char *prefix, struct shape *s)
{
	struct shape out;
	int64_t size[2] = { 1, 1 };
	double in_e, out_e;
	struct layer *l;

	if (need_rank(c, n, s, 3, "C×H×W") < 0)
		return -1;
	if (strcmp(ename(n), "adaptiveavgpool") == 0 && attr_pair(c, n, "size", 1, 1, size) < 0)
		return -1;
	out.rank = 3;
	out.d[0] = s->d[0];
	out.d[1] = size[0];
	out.d[2] = size[1];
	if (elems(c, n, s, &in_e) < 0 || elems(c, n, &out, &out_e) < 0 ||
	    (l = emit(c, n, prefix, ename(n), s, &out)) == NULL)
		return -1;
	l->other_flops = in_e;
	l->act_in = in_e;
	l->act_out = out_e;
	*s = out;
	return 0;
}

static int
do_norm(struct xctx *c, const xmlNode *n, const char *prefix, struct shape *s)
{
	const char *type = ename(n);
	bool affine;
	int64_t groups;
	double e, features;
	struct layer *l;

	if (attr_bool(c, n, "affine", true, &affine) < 0 ||
	    attr_int(c, n, "groups", 1, 1, INT32_MAX, &groups) < 0)
		return -1;
	/* batch and group norm scale channels (axis 0); layer norm the last axis */
	features = (double)(strcmp(type, "layernorm") == 0 ? s->d[s->rank - 1] : s->d[0]);
	if (strcmp(type, "groupnorm") == 0 && s->d[0] % groups != 0)
		return fail(c, n, "groupnorm: %lld channels are not a multiple of %lld groups",
			    (long long)s->d[0], (long long)groups);
	if (elems(c, n, s, &e) < 0 || (l = emit(c, n, prefix, type, s, s)) == NULL)
		return -1;
	l->params = affine ? 2 * features : 0;
	l->other_flops = e * model_elementwise_flops(type);
	l->act_in = l->act_out = e;
	return 0;
}

static int
do_elementwise(struct xctx *c, const xmlNode *n, const char *prefix, struct shape *s)
{
	double e, cost = model_elementwise_flops(ename(n));
	struct layer *l;

	if (elems(c, n, s, &e) < 0 || (l = emit(c, n, prefix, ename(n), s, s)) == NULL)
		return -1;
	l->other_flops = e * cost;
	/* inference dropout is the identity: nothing is read or written */
	if (cost > 0)
		l->act_in = l->act_out = e;
	return 0;
}

/* Flatten and select are views: no arithmetic, no traffic. */
static int
do_flatten(struct xctx *c, const xmlNode *n, const char *prefix, struct shape *s)
{
	struct shape out = { .rank = 1 };

	/* in int64 all the way: through a double, 2^63 - 1 rounds to 2^63 */
	if (model_shape_elems(s->d, s->rank, &out.d[0]) < 0)
		return fail(c, n, "%s: shape product overflows 64 bits", ename(n));
	if (emit(c, n, prefix, "flatten", s, &out) == NULL)
		return -1;
	*s = out;
	return 0;
}

static int
do_select(struct xctx *c, const xmlNode *n, const char *prefix, struct shape *s)
{
	struct shape out = *s;
	int64_t axis, index;
	int i;

	if (attr_int(c, n, "axis", 0, 0, MODEL_MAX_RANK - 1, &axis) < 0 ||
	    attr_int(c, n, "index", 0, 0, INT64_MAX, &index) < 0)
		return -1;
	if (axis >= s->rank || s->rank < 2)
		return fail(c, n, "select: axis %lld of a rank-%d input", (long long)axis, s->rank);
	if (index >= s->d[axis])
		return fail(c, n, "select: index %lld of an axis of %lld", (long long)index,
			    (long long)s->d[axis]);
	for (i = (int)axis; i + 1 < s->rank; i++)
		out.d[i] = s->d[i + 1];
	out.rank--;
	if (emit(c, n, prefix, "select", s, &out) == NULL)
		return -1;
	*s = out;
	return 0;
}

/*
 * kind="tokens" looks token ids (a rank-1 input) up; "positions" and
 * "segments" add a table's rows, indexed by position or segment id, to
 * vectors already there — and a sequence must fit the position table.
 */
static int
do_embedding(struct xctx *c, const xmlNode *n, const char *prefix, struct shape *s)
{
	struct shape out = *s;
	int64_t vocab, dim;
	const char *kind;
	bool add, tied;
	double in_e, out_e;
	char buf[128];
	struct layer *l;

	if (attr_int(c, n, "vocab", 0, 1, INT64_MAX, &vocab) < 0 ||
	    attr_int(c, n, "dim", 0, 1, INT32_MAX, &dim) < 0 || attr(c, n, "kind", &kind) < 0 ||
	    attr_bool(c, n, "tied", false, &tied) < 0)
		return -1;
	if (vocab == 0 || dim == 0)
		return fail(c, n, "embedding: vocab and dim are required");
	add = kind != NULL && strcmp(kind, "tokens") != 0;
	if (add) {
		if (s->rank != 2 || s->d[1] != dim)
			return fail(c, n, "embedding: adding %lld-wide vectors to a %s input",
				    (long long)dim, fmt_shape(s, buf, sizeof(buf)));
		if (strcmp(kind, "positions") == 0 && s->d[0] > vocab)
			return fail(c, n, "embedding: a sequence of %lld is longer than the %lld "
				    "positions of the table", (long long)s->d[0], (long long)vocab);
	} else {
		if (need_rank(c, n, s, 1, "sequence of token ids") < 0)
			return -1;
		out.rank = 2;
		out.d[1] = dim;
	}
	if (elems(c, n, s, &in_e) < 0 || elems(c, n, &out, &out_e) < 0 ||
	    (l = emit(c, n, prefix, "embedding", s, &out)) == NULL)
		return -1;
	l->params = tied ? 0 : (double)vocab * (double)dim;
	l->other_flops = add ? out_e : 0;
	/* the looked-up rows are read as well as the input */
	l->act_in = in_e + (add ? out_e : 0);
	l->act_out = out_e;
	*s = out;
	return 0;
}

static struct kept *
find_kept(struct xctx *c, const char *name)
{
	size_t i;

	for (i = 0; i < c->nkept; i++)
		if (strcmp(c->kept[i].name, name) == 0)
			return &c->kept[i];
	return NULL;
}

/*
 * Multi-head attention with Q, K, V and output projections.  Keys and
 * values come from the input (self-attention) or from a shape kept
 * earlier (memory="NAME": an encoder's output, for cross-attention).
 * Causal masking does not change what is computed.
 */
static int
do_attention(struct xctx *c, const xmlNode *n, const char *prefix, struct shape *s)
{
	int64_t heads, kv_heads, dim;
	const char *mem_name;
	const struct kept *mem = NULL;
	double q, m, d, dm, h, kvd;
	bool bias, causal;
	struct layer *l;

	if (attr_int(c, n, "heads", 0, 1, INT32_MAX, &heads) < 0 ||
	    attr_int(c, n, "kv_heads", 0, 1, INT32_MAX, &kv_heads) < 0 ||
	    attr_int(c, n, "dim", 0, 0, INT32_MAX, &dim) < 0 ||
	    attr_bool(c, n, "bias", true, &bias) < 0 ||
	    attr_bool(c, n, "causal", false, &causal) < 0 || attr(c, n, "memory", &mem_name) < 0 ||
	    need_rank(c, n, s, 2, "sequence×width") < 0)
		return -1;
	if (heads == 0)
		return fail(c, n, "attention: the heads attribute is required");
	if (kv_heads == 0)
		kv_heads = heads;
	if (heads % kv_heads != 0)
		return fail(c, n, "attention: %lld heads cannot share %lld key/value heads evenly",
			    (long long)heads, (long long)kv_heads);
	if (dim != 0 && dim != s->d[1])
		return fail(c, n, "attention: expects width %lld, got %lld", (long long)dim,
			    (long long)s->d[1]);
	if (s->d[1] % heads != 0)
		return fail(c, n, "attention: width %lld is not a multiple of %lld heads",
			    (long long)s->d[1], (long long)heads);
	if (mem_name != NULL && (mem = find_kept(c, mem_name)) == NULL)
		return fail(c, n, "attention: no <keep as=\"%s\"/> before it", mem_name);
	if (mem != NULL && mem->shape.rank != 2)
		return fail(c, n, "attention: memory '%s' is not sequence×width", mem_name);
	if ((l = emit(c, n, prefix, "attention", s, s)) == NULL)
		return -1;
	q = (double)s->d[0];
	d = (double)s->d[1];
	m = mem ? (double)mem->shape.d[0] : q;
	dm = mem ? (double)mem->shape.d[1] : d;
	h = (double)heads;
	/* grouped-query attention (Ainslie et al. 2023): K and V have kv_heads heads */
	kvd = d * (double)kv_heads / h;
	/* projections Q and output (q·d·d each), K and V (m·dm·kvd each), scores and context */
	l->macs = 2 * q * d * d + 2 * m * dm * kvd + 2 * q * m * d;
	l->params = 2 * d * d + 2 * dm * kvd + (bias ? 2 * d + 2 * kvd : 0);
	l->other_flops = h * q * m * (1 + model_elementwise_flops("softmax"));
	/* what the six steps read and write: Q, K, V, scores, softmax, context, output */
	l->act_in = 3 * q * d + 2 * m * dm + 2 * m * kvd + 2 * h * q * m;
	l->act_out = 3 * q * d + 2 * m * kvd + 2 * h * q * m;
	if (causal && mem == NULL)
		profile_note_decoder_attention(c->p, (unsigned)heads, (unsigned)kv_heads, d / h);
	return 0;
}

/*
 * SwiGLU (Shazeer 2020): the input's last axis holds the gate and the
 * value side by side (one fused projection); the output is silu(gate) ×
 * value, half as wide.
 */
static int
do_swiglu(struct xctx *c, const xmlNode *n, const char *prefix, struct shape *s)
{
	struct shape out = *s;
	double in_e, out_e;
	struct layer *l;

	if (s->d[s->rank - 1] % 2 != 0)
		return fail(c, n, "swiglu: the last axis (%lld) must hold gate and value halves",
			    (long long)s->d[s->rank - 1]);
	out.d[out.rank - 1] /= 2;
	if (elems(c, n, s, &in_e) < 0 || elems(c, n, &out, &out_e) < 0 ||
	    (l = emit(c, n, prefix, "swiglu", s, &out)) == NULL)
		return -1;
	l->other_flops = out_e * (model_elementwise_flops("silu") + 1);
	l->act_in = in_e;
	l->act_out = out_e;
	*s = out;
	return 0;
}

/* LSTM (4 gates) and GRU (3 gates), PyTorch's layout: two bias vectors per gate. */
static int
do_recurrent(struct xctx *c, const xmlNode *n, const char *prefix, struct shape *s)
{
	bool lstm = strcmp(ename(n), "lstm") == 0, bidir, bias;
	int64_t hidden, layers, k;
	double gates = lstm ? 4 : 3, steps, in, hd, dirs, sig, tnh, cell;
	struct shape out = *s;
	struct layer *l;

	if (attr_int(c, n, "hidden", 0, 1, INT32_MAX, &hidden) < 0 ||
	    attr_int(c, n, "layers", 1, 1, 1000, &layers) < 0 ||
	    attr_bool(c, n, "bidirectional", false, &bidir) < 0 ||
	    attr_bool(c, n, "bias", true, &bias) < 0 ||
	    need_rank(c, n, s, 2, "sequence×features") < 0)
		return -1;
	if (hidden == 0)
		return fail(c, n, "%s: the hidden attribute is required", ename(n));
	dirs = bidir ? 2 : 1;
	out.d[1] = hidden * (bidir ? 2 : 1);
	if ((l = emit(c, n, prefix, ename(n), s, &out)) == NULL)
		return -1;
	steps = (double)s->d[0];
	hd = (double)hidden;
	sig = model_elementwise_flops("sigmoid");
	tnh = model_elementwise_flops("tanh");
	/* per unit and step: the gate non-linearities, bias additions and cell update */
	cell = lstm ? 3 * sig + 2 * tnh + 4 + 2 * gates : 2 * sig + tnh + 6 + 2 * gates;
	for (k = 0; k < layers; k++) {
		in = k == 0 ? (double)s->d[1] : hd * dirs;
		l->params += dirs * (gates * hd * (in + hd) + (bias ? 2 * gates * hd : 0));
		l->macs += dirs * steps * gates * hd * (in + hd);
		l->other_flops += dirs * steps * hd * cell;
		l->act_in += dirs * steps * (in + hd);
		l->act_out += dirs * steps * hd * (gates + 2);
	}
	*s = out;
	return 0;
}

static bool
same_shape(const struct shape *a, const struct shape *b)
{
	return a->rank == b->rank && memcmp(a->d, b->d, (size_t)a->rank * sizeof(a->d[0])) == 0;
}

static void
sub_prefix(struct xctx *c, const xmlNode *n, const char *prefix, const char *suffix,
	   char *buf, size_t size)
{
	char name[NAME_MAX_LEN];

	layer_name(c, n, prefix, name, sizeof(name));
	name_printf(buf, size, "%s.%s", name, suffix);
}

static const xmlNode *
child_named(const xmlNode *n, const char *name)
{
	const xmlNode *k;

	for (k = xmlread_first(n); k != NULL; k = xmlread_next(k))
		if (xmlread_is(k, name))
			return k;
	return NULL;
}

/* main path + shortcut (identity unless given), added element-wise */
static int
do_residual(struct xctx *c, const xmlNode *n, const char *prefix, struct shape *s)
{
	struct shape main = *s, sc = *s;
	const xmlNode *shortcut = child_named(n, "shortcut");
	char pre[NAME_MAX_LEN], a[128], b[128];
	double e;
	struct layer *l;

	sub_prefix(c, n, prefix, "", pre, sizeof(pre));
	if (walk(c, xmlread_first(n), pre, &main) < 0)
		return -1;
	if (shortcut != NULL) {
		sub_prefix(c, n, prefix, "shortcut.", pre, sizeof(pre));
		if (walk(c, xmlread_first(shortcut), pre, &sc) < 0)
			return -1;
	}
	if (!same_shape(&main, &sc))
		return fail(c, n, "residual: the branch gives %s but the shortcut gives %s",
			    fmt_shape(&main, a, sizeof(a)), fmt_shape(&sc, b, sizeof(b)));
	if (elems(c, n, &main, &e) < 0 || (l = emit(c, n, prefix, "add", &main, &main)) == NULL)
		return -1;
	l->other_flops = e;
	l->act_in = 2 * e;
	l->act_out = e;
	*s = main;
	return 0;
}

/* Joins two branch outputs along axis; -1 if they differ elsewhere. */
static int
join_shapes(struct shape *acc, const struct shape *b, int axis)
{
	int i;

	if (acc->rank != b->rank || axis >= acc->rank)
		return -1;
	for (i = 0; i < acc->rank; i++)
		if (i != axis && acc->d[i] != b->d[i])
			return -1;
	if (__builtin_add_overflow(acc->d[axis], b->d[axis], &acc->d[axis]))
		return -1;
	return 0;
}

/* every <branch> sees the input; their outputs are joined along `axis` */
static int
do_concat(struct xctx *c, const xmlNode *n, const char *prefix, struct shape *s)
{
	struct shape out = { 0 }, b;
	const xmlNode *k;
	int64_t axis;
	char pre[NAME_MAX_LEN], x[128], y[128];
	double e, total_in = 0;
	unsigned i = 0;
	struct layer *l;

	if (attr_int(c, n, "axis", 0, 0, MODEL_MAX_RANK - 1, &axis) < 0)
		return -1;
	for (k = xmlread_first(n); k != NULL; k = xmlread_next(k)) {
		char suffix[32];

		snprintf(suffix, sizeof(suffix), "branch%u.", ++i);
		sub_prefix(c, n, prefix, suffix, pre, sizeof(pre));
		b = *s;
		if (walk(c, xmlread_first(k), pre, &b) < 0 || elems(c, n, &b, &e) < 0)
			return -1;
		total_in += e;
		if (i == 1)
			out = b;
		else if (join_shapes(&out, &b, (int)axis) < 0)
			return fail(c, k, "concat: branch %u gives %s, which does not join %s "
				    "along axis %lld", i, fmt_shape(&b, x, sizeof(x)),
				    fmt_shape(&out, y, sizeof(y)), (long long)axis);
	}
	if (elems(c, n, &out, &e) < 0 || (l = emit(c, n, prefix, "concat", s, &out)) == NULL)
		return -1;
	l->act_in = total_in;
	l->act_out = e;
	*s = out;
	return 0;
}

static int
do_repeat(struct xctx *c, const xmlNode *n, const char *prefix, struct shape *s)
{
	int64_t count, i;
	const char *name;
	char pre[NAME_MAX_LEN];

	if (attr_int(c, n, "count", 1, 1, MAX_LAYERS, &count) < 0 || attr(c, n, "name", &name) < 0)
		return -1;
	for (i = 0; i < count; i++) {
		if (count_step(c, n) < 0)
			return -1;
		if (name != NULL)
			name_printf(pre, sizeof(pre), "%s%s.%lld.", prefix, name, (long long)i);
		else
			name_printf(pre, sizeof(pre), "%srepeat%u.%lld.", prefix, ordinal(n),
				 (long long)i);
		if (walk(c, xmlread_first(n), pre, s) < 0)
			return -1;
	}
	return 0;
}

/* The blocks by name, indexed once: a <use> must not scan every block. */
static void
index_blocks(struct xctx *c)
{
	const xmlNode *k;
	size_t cap = 0;

	for (k = xmlread_first(c->root); k != NULL; k = xmlread_next(k)) {
		const char *v = xmlread_is(k, "block") ? xmlread_attr(k, "name") : NULL;

		if (v == NULL)
			continue;
		XGROW(c->block_nodes, cap, c->nblocks + 1);
		c->block_nodes[c->nblocks] = k;
		if (str_index_put(&c->blocks, v, c->nblocks, NULL))
			c->nblocks++;	/* the first of two same-named blocks wins, as before */
	}
}

static const xmlNode *
find_block(const struct xctx *c, const char *name)
{
	size_t at;

	return str_index_get(&c->blocks, name, &at) ? c->block_nodes[at] : NULL;
}

/* Binds the block's declared arguments to the <use>'s attributes. */
static int
bind_args(struct xctx *c, const xmlNode *use, const xmlNode *block, struct frame *f)
{
	const char *args = xmlread_attr(block, "args"), *p = args ? args : "";
	const xmlAttr *a;

	f->n = 0;
	while (*p != '\0') {
		size_t len;
		char *arg;

		p += strspn(p, " \t\r\n");
		len = strcspn(p, " \t\r\n");
		if (len == 0)
			break;
		if (f->n == MAX_ARGS)
			return fail(c, block, "block: more than %d arguments", MAX_ARGS);
		arg = arena_strndup(&c->p->arena, p, len);
		f->names[f->n] = arg;
		if (attr(c, use, arg, &f->values[f->n]) < 0)
			return -1;
		if (f->values[f->n] == NULL)
			return fail(c, use, "use: block '%s' needs the argument '%s'", f->block, arg);
		f->n++;
		p += len;
	}
	for (a = use->properties; a != NULL; a = a->next) {
		const char *an = (const char *)a->name;
		size_t i;

		for (i = 0; i < f->n && strcmp(f->names[i], an) != 0; i++)
			;
		if (i == f->n && strcmp(an, "block") != 0 && strcmp(an, "name") != 0)
			return fail(c, use, "use: block '%s' has no argument '%s'", f->block, an);
	}
	return 0;
}

static int
do_use(struct xctx *c, const xmlNode *n, const char *prefix, struct shape *s)
{
	const char *bname = xmlread_attr(n, "block"), *name;
	const xmlNode *block;
	const struct frame *saved = c->frame;
	struct frame f = { 0 };
	char pre[NAME_MAX_LEN];
	int rc;

	if (bname == NULL || (block = find_block(c, bname)) == NULL)
		return fail(c, n, "use: no block named '%s'", bname ? bname : "");
	if (c->depth >= MAX_BLOCK_DEPTH)
		return fail(c, n, "use: blocks nest more than %d deep (does '%s' use itself?)",
			    MAX_BLOCK_DEPTH, bname);
	f.block = bname;
	if (bind_args(c, n, block, &f) < 0 || attr(c, n, "name", &name) < 0)
		return -1;
	name_printf(pre, sizeof(pre), "%s%s.", prefix, name ? name : bname);
	c->frame = &f;
	c->depth++;
	rc = walk(c, xmlread_first(block), pre, s);
	c->depth--;
	c->frame = saved;
	return rc;
}

static int
do_keep(struct xctx *c, const xmlNode *n, const char *prefix, struct shape *s)
{
	const char *as = xmlread_attr(n, "as");
	struct kept *k;

	(void)prefix;
	if (as == NULL)
		return fail(c, n, "keep: the as attribute is required");
	k = find_kept(c, as);
	if (k == NULL) {
		if (c->nkept == MAX_KEPT)
			return fail(c, n, "keep: more than %d kept shapes", MAX_KEPT);
		k = &c->kept[c->nkept++];
		k->name = arena_strdup(&c->p->arena, as);
	}
	k->shape = *s;
	return 0;
}

/* A second input inside the layers: a decoder's target tokens. */
static int
do_input(struct xctx *c, const xmlNode *n, const char *prefix, struct shape *s)
{
	const char *text;

	(void)prefix;
	if (attr(c, n, "shape", &text) < 0)
		return -1;
	if (text == NULL)
		return fail(c, n, "input: the shape attribute is required");
	return parse_shape(c, n, text, s);
}

struct handler {
	const char *elem;
	int (*fn)(struct xctx *c, const xmlNode *n, const char *prefix, struct shape *s);
};

static const struct handler handlers[] = {
	{ "conv2d", do_conv2d }, { "linear", do_linear },
	{ "maxpool", do_pool }, { "avgpool", do_pool },
	{ "globalavgpool", do_global_pool }, { "globalmaxpool", do_global_pool },
	{ "adaptiveavgpool", do_global_pool },
	{ "batchnorm", do_norm }, { "layernorm", do_norm }, { "groupnorm", do_norm },
	{ "flatten", do_flatten }, { "select", do_select }, { "embedding", do_embedding },
	{ "attention", do_attention }, { "lstm", do_recurrent }, { "gru", do_recurrent },
	{ "swiglu", do_swiglu },
	{ "residual", do_residual }, { "concat", do_concat }, { "repeat", do_repeat },
	{ "use", do_use }, { "keep", do_keep }, { "input", do_input },
};

static int
walk(struct xctx *c, const xmlNode *first, const char *prefix, struct shape *s)
{
	const xmlNode *n;
	size_t i;

	number_siblings(first);
	for (n = first; n != NULL; n = xmlread_next(n)) {
		const char *e = ename(n);

		if (count_step(c, n) < 0)
			return -1;
		/* a residual's shortcut and a concat's branches are walked by their parent */
		if (strcmp(e, "shortcut") == 0 || strcmp(e, "branch") == 0)
			continue;
		for (i = 0; i < NELEMS(handlers) && strcmp(handlers[i].elem, e) != 0; i++)
			;
		if (i < NELEMS(handlers)) {
			if (handlers[i].fn(c, n, prefix, s) < 0)
				return -1;
		} else if (do_elementwise(c, n, prefix, s) < 0) {
			return -1;
		}
	}
	return 0;
}

/* ---- the document ---- */

static bool
known_layer(const char *name)
{
	return in_list(name, structural, NELEMS(structural)) ||
	       in_list(name, elementwise, NELEMS(elementwise));
}

/*
 * Before the schema: an unknown layer type gets a message naming it and
 * the nearest known ones, rather than the schema's "did not expect".
 */
static int
check_layer_types(struct xctx *c, const xmlNode *n)
{
	const xmlNode *k;

	for (k = xmlread_first(n); k != NULL; k = xmlread_next(k)) {
		const char *e = ename(k);
		const char *names[NELEMS(structural) + NELEMS(elementwise)], *near[2];
		size_t nn;

		if (strcmp(e, "shortcut") == 0 || strcmp(e, "branch") == 0 || known_layer(e)) {
			if (check_layer_types(c, k) < 0)
				return -1;
			continue;
		}
		memcpy(names, structural, sizeof(structural));
		memcpy(names + NELEMS(structural), elementwise, sizeof(elementwise));
		nn = str_nearest(e, names, NELEMS(names), near, 2);
		if (nn > 0)
			return fail(c, k, "unknown layer type '%s'; did you mean '%s'%s%s%s?", e,
				    near[0], nn > 1 ? " or '" : "", nn > 1 ? near[1] : "",
				    nn > 1 ? "'" : "");
		return fail(c, k, "unknown layer type '%s' (see mlfit-profile(1) for the list)", e);
	}
	return 0;
}

static int
check_all_layer_types(struct xctx *c)
{
	const xmlNode *k;

	for (k = xmlread_first(c->root); k != NULL; k = xmlread_next(k))
		if ((xmlread_is(k, "layers") || xmlread_is(k, "block")) && check_layer_types(c, k) < 0)
			return -1;
	return 0;
}

static int
attr_number(struct xctx *c, const xmlNode *n, const char *name, double *out)
{
	const char *v = xmlread_attr(n, name);
	struct mlf_err e;

	*out = 0;
	if (v == NULL)
		return 0;
	if (units_parse_number(v, out, &e) < 0 || *out < 0)
		return fail(c, n, "%s: %s: expected a number of at least 0, got '%s'", ename(n),
			    name, v);
	return 0;
}

/* The texts of the <source>s whose ids are listed in `ids`, joined by "; ". */
static const char *
cite(struct xctx *c, const char *ids)
{
	struct strbuf buf = STRBUF_INIT;
	const xmlNode *k;
	const char *res;

	if (ids == NULL)
		return NULL;
	for (k = xmlread_first(c->root); k != NULL; k = xmlread_next(k)) {
		const char *id = xmlread_is(k, "source") ? xmlread_attr(k, "id") : NULL;
		char *text;
		size_t idlen = id ? strlen(id) : 0;
		const char *hit = id ? strstr(ids, id) : NULL;

		/* whole words only: "bert" must not match "bert-base" */
		if (hit == NULL || (hit != ids && hit[-1] != ' ') ||
		    (hit[idlen] != '\0' && hit[idlen] != ' '))
			continue;
		text = xmlread_text_alloc(k);
		strbuf_addf(&buf, "%s%s", buf.len ? "; " : "", text);
		free(text);
	}
	res = buf.len ? arena_strdup(&c->p->arena, buf.buf) : NULL;
	strbuf_release(&buf);
	return res;
}

static int
read_header(struct xctx *c)
{
	struct profile *p = c->p;
	const xmlNode *k;

	for (k = xmlread_first(c->root); k != NULL; k = xmlread_next(k)) {
		if (xmlread_is(k, "description")) {
			p->description = xmlread_text_dup(k, &p->arena);
		} else if (xmlread_is(k, "dataset")) {
			const char *name = xmlread_attr(k, "name"), *unit = xmlread_attr(k, "unit");

			p->dataset = name ? arena_strdup(&p->arena, name) : NULL;
			p->dataset_unit = unit ? arena_strdup(&p->arena, unit) : NULL;
			p->dataset_source = cite(c, xmlread_attr(k, "sources"));
			if (attr_number(c, k, "samples", &p->dataset_samples) < 0)
				return -1;
		} else if (xmlread_is(k, "reference")) {
			p->ref_source = cite(c, xmlread_attr(k, "sources"));
			if (attr_number(c, k, "params", &p->ref_params) < 0 ||
			    attr_number(c, k, "macs", &p->ref_macs) < 0)
				return -1;
		}
	}
	return 0;
}

static int
read_input(struct xctx *c, struct shape *s)
{
	const xmlNode *in = child_named(c->root, "input");
	const char *text = in ? xmlread_attr(in, "shape") : NULL;
	int64_t seq;
	char buf[128];

	if (text == NULL)
		return fail(c, c->root, "model: an <input shape=\"…\"/> is required");
	if (c->seq == 0) {
		if (attr_int(c, in, "seq", 0, 0, INT32_MAX, &seq) < 0)
			return -1;
		c->seq = (unsigned)seq;
	}
	if (parse_shape(c, in, text, s) < 0)
		return -1;
	if (c->used_seq)
		snprintf(buf, sizeof(buf), "seq %u", c->seq);
	else
		fmt_shape(s, buf, sizeof(buf));
	c->p->input = arena_strdup(&c->p->arena, buf);
	c->p->seq = c->used_seq ? c->seq : 0;
	return 0;
}

/* A zoo model as shipped was checked by make check: checking it again would find nothing. */
static int
validate(struct xctx *c, xmlDoc *doc, const char *schema_path)
{
	struct xmlread_schema *schema;

	if (schema_path == NULL)
		return 0;
	schema = xmlread_schema_load(schema_path, c->err);
	if (schema == NULL)
		return -1;
	if (xmlread_schema_vouches(schema, &c->digest))
		return 0;
	return xmlread_validate(doc, schema, c->file, NULL, NULL, c->err) > 0 ? -1 : 0;
}

static const char *
base_name(const char *path, char *buf, size_t size)
{
	const char *slash = strrchr(path, '/'), *b = slash ? slash + 1 : path;
	size_t len = strlen(b);

	if (str_has_suffix(b, ".xml"))
		len -= 4;
	snprintf(buf, size, "%.*s", (int)len, b);
	return buf;
}

static int
load(struct xctx *c, xmlDoc *doc, const char *schema_path)
{
	const xmlNode *layers;
	const char *name;
	struct shape s;

	c->root = xmlDocGetRootElement(doc);
	if (c->root == NULL || !xmlread_is(c->root, "model"))
		return fail(c, c->root, "not a model file (the root element must be <model>)");
	if (check_all_layer_types(c) < 0 || validate(c, doc, schema_path) < 0)
		return -1;
	name = xmlread_attr(c->root, "name");
	if (name != NULL)
		c->p->name = arena_strdup(&c->p->arena, name);
	index_blocks(c);
	if (read_header(c) < 0 || read_input(c, &s) < 0)
		return -1;
	layers = child_named(c->root, "layers");
	if (layers == NULL)
		return fail(c, c->root, "model: a <layers> element is required");
	if (walk(c, xmlread_first(layers), "", &s) < 0)
		return -1;
	profile_sum(c->p);
	return 0;
}

struct profile *
profile_load_xml(const char *path, const char *schema_path, unsigned seq, struct mlf_err *err)
{
	struct xctx c = { .file = path, .seq = seq, .err = err };
	xmlDoc *doc = xmlread_file_digest(path, XMLREAD_MAX_BYTES, &c.digest, err);
	char name[256];
	int rc;

	if (doc == NULL)
		return NULL;
	c.p = profile_new(base_name(path, name, sizeof(name)), "xml");
	str_index_init(&c.blocks);
	rc = load(&c, doc, schema_path);
	str_index_release(&c.blocks);
	free(c.block_nodes);
	xmlFreeDoc(doc);
	if (rc < 0) {
		profile_free(c.p);
		return NULL;
	}
	return c.p;
}
