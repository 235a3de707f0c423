/*
 * model_onnx.c — reading ONNX files into a profile.
 *
 * The only file that sees protobuf-c and the code generated from
 * onnx.proto.  A model with its weights is mostly initializer data (a
 * ResNet-50 is 100 MB of float32), and protobuf-c copies every bytes field
 * it unpacks, so the file is mapped, never copied, and the outer messages
 * (ModelProto, GraphProto, the initializers' TensorProtos) are walked on
 * the wire by a small scanner that reads names, types and dimensions and
 * steps over the data.  Only the small messages (NodeProto, ValueInfoProto)
 * go through protobuf-c, one at a time, and are freed once their fields
 * are copied out.  Every length is checked against what is left of its
 * enclosing message, so a truncated or corrupt file is an error message,
 * never a read out of bounds.
 *
 * Nodes are then ordered (Kahn's algorithm, which also finds cycles) and
 * walked with shape inference for the operators that exporters emit for
 * CNNs and transformer encoders.  Small integer tensors (what Shape,
 * Gather, Concat … compute to feed Reshape) carry their values, so the
 * shape arithmetic of a dynamic-axes export resolves; nodes doing only
 * that arithmetic are not layers.  An operator without a rule here is
 * kept as a layer with counted = false and named in one warning per type.
 */
#include "config.h"

#include "model.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <protobuf-c/protobuf-c.h>

#include "onnx.pb-c.h"

#include "checked.h"
#include "log.h"
#include "xalloc.h"

#define MAX_VALUES 64		/* integer tensors up to this size carry their values */
#define MAX_SPATIAL (MODEL_MAX_RANK - 2)
#define CANNOT 1		/* an inference rule lacks a constant input */

/* ONNX TensorProto.DataType values that matter here */
enum {
	DT_FLOAT = 1, DT_UINT8 = 2, DT_INT8 = 3, DT_UINT16 = 4, DT_INT16 = 5, DT_INT32 = 6,
	DT_INT64 = 7, DT_STRING = 8, DT_BOOL = 9, DT_FLOAT16 = 10, DT_DOUBLE = 11,
	DT_UINT32 = 12, DT_UINT64 = 13, DT_BFLOAT16 = 16
};

struct tensor {
	const char *name;
	int rank;			/* -1: not known (yet) */
	int64_t d[MODEL_MAX_RANK];
	double elems;
	int dtype;			/* 0: unknown */
	bool init;			/* an initializer, or an alias of one */
	bool is_const;			/* a Constant's output: data, but not a parameter */
	bool is_input;			/* a graph input */
	bool counted;			/* as parameters, already */
	int root;			/* the initializer an alias stands for */
	int producer;			/* node index, -1: none */
	double *val;			/* the values of a small tensor, or NULL */
	int vi_rank;			/* shape declared in value_info, -1: none */
	int64_t vi_d[MODEL_MAX_RANK];
};

struct attr {
	const char *name;
	bool has_i, has_t;
	int64_t i;
	double f;
	const char *s;
	int64_t *ints;
	size_t nints;
	double *floats;
	size_t nfloats;
	/* a tensor attribute (Constant's value): shape, type, small values */
	int t_rank, t_dtype;
	int64_t t_d[MODEL_MAX_RANK];
	double *t_val;
};

struct onode {
	const char *name, *op;
	bool std_domain;		/* "" or "ai.onnx" */
	int *in, *out;			/* tensor indices, -1: an absent optional */
	size_t nin, nout;
	struct attr *attrs;
	size_t nattrs;
};

struct slice {
	const uint8_t *p;
	size_t n;
};

struct unsupported {
	const char *op, *node;
	size_t count, guessed;
};

struct octx {
	const char *path;
	const uint8_t *base;		/* the mapped file */
	size_t size;
	bool mapped;
	unsigned batch, seq;
	int64_t batch_n;		/* samples in one pass of the graph */
	bool batch_set;
	bool seq_used;			/* a symbolic dimension took --seq */
	struct arena work;		/* everything but the profile */
	struct profile *p;
	struct mlf_err *err;

	struct tensor *t;
	size_t nt, cap_t;
	int *hash;			/* open addressing over t, -1: empty */
	size_t hash_cap;

	struct onode *nodes;
	size_t nn;
	struct slice *node_msgs, *input_msgs, *vi_msgs;
	size_t n_node_msgs, n_input_msgs, n_vi_msgs, cap_node, cap_input, cap_vi;

	struct { const char *name; int64_t v; } syms[32];	/* dim_param → value */
	size_t nsyms;

	struct unsupported *unsup;
	size_t nunsup, cap_unsup;
};

struct counts {
	double macs, other;
	const char *type;		/* layer type: mlfit's vocabulary */
	bool view;			/* moves no data (Reshape, Flatten, …) */
};

#define NELEMS(a) (sizeof(a) / sizeof((a)[0]))

static int __attribute__((format(printf, 2, 3)))
file_fail(struct octx *c, const char *fmt, ...)
{
	char msg[MLF_ERR_MSG_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	mlf_err_set(c->err, MLF_E_DATA, "%s: %s", c->path, msg);
	return -1;
}

static int __attribute__((format(printf, 3, 4)))
node_fail(struct octx *c, const struct onode *n, const char *fmt, ...)
{
	char msg[MLF_ERR_MSG_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	mlf_err_set(c->err, MLF_E_DATA, "%s: node '%s' (%s): %s", c->path, n->name, n->op, msg);
	return -1;
}

/* rc: what wire_next() said, -2 for a field that runs past the end of its message */
static int
corrupt(struct octx *c, const uint8_t *where, const char *what, int rc)
{
	if (rc == -2)
		return file_fail(c, "truncated, or not an ONNX model: %s is cut short at byte %zu "
				 "of %zu", what, (size_t)(where - c->base), c->size);
	return file_fail(c, "not an ONNX model, or a corrupt one: %s is malformed at byte %zu "
			 "of %zu", what, (size_t)(where - c->base), c->size);
}

/* ---- the protobuf wire format ---- */

enum { WT_VARINT = 0, WT_I64 = 1, WT_LEN = 2, WT_I32 = 5 };

struct wire {
	const uint8_t *p, *end;
};

struct field {
	uint32_t num;
	int type;
	uint64_t v;
	const uint8_t *data;
	size_t len;
};

/* -2: the data ends inside the varint; -1: more than ten bytes */
static int
wire_varint(struct wire *w, uint64_t *out)
{
	uint64_t v = 0;
	int shift;

	for (shift = 0; shift < 64; shift += 7) {
		uint8_t b;

		if (w->p >= w->end)
			return -2;
		b = *w->p++;
		v |= (uint64_t)(b & 0x7f) << shift;
		if ((b & 0x80) == 0) {
			*out = v;
			return 0;
		}
	}
	return -1;
}

/*
 * 1: a field was read; 0: the message ended; -2: a field runs past the
 * end; -1: malformed (groups included: ONNX has none).
 */
static int
wire_next(struct wire *w, struct field *f)
{
	uint64_t key, len;
	int rc;

	if (w->p == w->end)
		return 0;
	if ((rc = wire_varint(w, &key)) < 0)
		return rc;
	if ((key >> 3) == 0 || (key >> 3) > 0x1fffffff)
		return -1;
	f->num = (uint32_t)(key >> 3);
	f->type = (int)(key & 7);
	f->data = w->p;
	switch (f->type) {
	case WT_VARINT:
		return (rc = wire_varint(w, &f->v)) < 0 ? rc : 1;
	case WT_I64:
	case WT_I32:
		f->len = f->type == WT_I64 ? 8 : 4;
		if ((size_t)(w->end - w->p) < f->len)
			return -2;
		w->p += f->len;
		return 1;
	case WT_LEN:
		if ((rc = wire_varint(w, &len)) < 0)
			return rc;
		if (len > (uint64_t)(w->end - w->p))
			return -2;
		f->data = w->p;
		f->len = (size_t)len;
		w->p += len;
		return 1;
	default:
		return -1;
	}
}

static const char *
wire_string(struct octx *c, const struct field *f)
{
	return arena_strndup(&c->work, (const char *)f->data, f->len);
}

/* ---- tensors by name ---- */

static size_t
hash_name(const char *s)
{
	size_t h = 1469598103934665603u;

	while (*s != '\0')
		h = (h ^ (unsigned char)*s++) * 1099511628211u;
	return h;
}

static void
hash_insert(struct octx *c, int idx)
{
	size_t i = hash_name(c->t[idx].name) & (c->hash_cap - 1);

	while (c->hash[i] >= 0)
		i = (i + 1) & (c->hash_cap - 1);
	c->hash[i] = idx;
}

static void
hash_grow(struct octx *c)
{
	size_t i;

	free(c->hash);
	c->hash_cap = c->hash_cap ? 2 * c->hash_cap : 1024;
	c->hash = xcalloc(c->hash_cap, sizeof(*c->hash));
	for (i = 0; i < c->hash_cap; i++)
		c->hash[i] = -1;
	for (i = 0; i < c->nt; i++)
		hash_insert(c, (int)i);
}

static int
find_tensor(const struct octx *c, const char *name)
{
	size_t i;

	if (c->hash_cap == 0)
		return -1;
	for (i = hash_name(name) & (c->hash_cap - 1); c->hash[i] >= 0; i = (i + 1) & (c->hash_cap - 1))
		if (strcmp(c->t[c->hash[i]].name, name) == 0)
			return c->hash[i];
	return -1;
}

/* The tensor called name, created (shape unknown) if new; name is copied. */
static int
tensor_at(struct octx *c, const char *name)
{
	int idx = find_tensor(c, name);
	struct tensor *t;

	if (idx >= 0)
		return idx;
	if (2 * (c->nt + 1) > c->hash_cap)
		hash_grow(c);
	XGROW(c->t, c->cap_t, c->nt + 1);
	t = &c->t[c->nt];
	memset(t, 0, sizeof(*t));
	t->name = arena_strdup(&c->work, name);
	t->rank = -1;
	t->vi_rank = -1;
	t->producer = -1;
	t->root = (int)c->nt;
	hash_insert(c, (int)c->nt);
	return (int)c->nt++;
}

/* ---- tensor data: dimensions, and the values of small tensors ---- */

struct tdata {
	int rank, dtype;
	int64_t d[MODEL_MAX_RANK];
	const uint8_t *raw;
	size_t raw_len;
	bool has_raw;
	double vals[MAX_VALUES];	/* from the typed fields */
	size_t nvals;
	bool too_many;			/* more typed values than MAX_VALUES */
};

static bool
is_int_type(int dtype)
{
	return dtype == DT_INT64 || dtype == DT_INT32 || dtype == DT_INT16 || dtype == DT_INT8 ||
	       dtype == DT_UINT8 || dtype == DT_UINT16 || dtype == DT_UINT32 ||
	       dtype == DT_UINT64 || dtype == DT_BOOL;
}

static bool
is_param_type(int dtype)
{
	return dtype == DT_FLOAT || dtype == DT_FLOAT16 || dtype == DT_BFLOAT16 ||
	       dtype == DT_DOUBLE || dtype == DT_INT8 || dtype == DT_UINT8;
}

/* Product of dimensions, zero allowed (empty tensors); -1 on overflow or a negative one. */
static int
data_elems(const int64_t *d, int rank, int64_t *out)
{
	int64_t n = 1;
	int i;

	for (i = 0; i < rank; i++)
		if (d[i] < 0 || __builtin_mul_overflow(n, d[i], &n))
			return -1;
	*out = n;
	return 0;
}

static double
raw_value(const uint8_t *p, int dtype)
{
	int64_t i64;
	int32_t i32;
	float f;
	double d;

	switch (dtype) {
	case DT_INT64:
		memcpy(&i64, p, 8);
		return (double)i64;
	case DT_INT32:
		memcpy(&i32, p, 4);
		return i32;
	case DT_FLOAT:
		memcpy(&f, p, 4);
		return (double)f;
	case DT_DOUBLE:
		memcpy(&d, p, 8);
		return d;
	default:
		return *p;	/* one-byte types: bool, uint8 */
	}
}

static size_t
raw_size(int dtype)
{
	switch (dtype) {
	case DT_INT64: case DT_DOUBLE: return 8;
	case DT_INT32: case DT_FLOAT: return 4;
	case DT_BOOL: case DT_UINT8: return 1;
	default: return 0;
	}
}

/*
 * The values of a small numeric tensor, from raw_data or the typed field
 * (little-endian raw data, as ONNX specifies); NULL if it is large, of
 * another type, or its data is elsewhere.
 */
static double *
tdata_values(struct octx *c, const struct tdata *td)
{
	int64_t n;
	double *v;
	size_t i, size = raw_size(td->dtype);

	if (data_elems(td->d, td->rank, &n) < 0 || n > MAX_VALUES || size == 0)
		return NULL;
	v = arena_calloc(&c->work, (size_t)n + 1, sizeof(*v));
	if (td->has_raw) {
		if (td->raw_len != (size_t)n * size)
			return NULL;
		for (i = 0; i < (size_t)n; i++)
			v[i] = raw_value(td->raw + i * size, td->dtype);
		return v;
	}
	if (td->too_many || td->nvals != (size_t)n)
		return NULL;
	memcpy(v, td->vals, (size_t)n * sizeof(*v));
	return v;
}

static void
tdata_add(struct tdata *td, double v)
{
	if (td->nvals < MAX_VALUES)
		td->vals[td->nvals++] = v;
	else
		td->too_many = true;
}

static int
put_int(struct tdata *td, uint64_t v, bool dims)
{
	if (!dims) {
		tdata_add(td, (double)(int64_t)v);
		return 0;
	}
	if (td->rank == MODEL_MAX_RANK)
		return -2;
	td->d[td->rank++] = (int64_t)v;
	return 0;
}

/* A repeated integer field, packed (LEN) or not (VARINT). */
static int
scan_ints(const struct field *f, struct tdata *td, bool dims)
{
	struct wire w = { f->data, f->data + f->len };
	uint64_t v;
	int rc = 0;

	if (f->type == WT_VARINT)
		return put_int(td, f->v, dims);
	if (f->type != WT_LEN)
		return -1;
	while (w.p < w.end && rc == 0) {
		if (wire_varint(&w, &v) < 0)
			return -1;
		rc = put_int(td, v, dims);
	}
	return rc;
}

/* A repeated float or double field, packed or not. */
static int
scan_reals(const struct field *f, struct tdata *td, size_t size)
{
	const uint8_t *p;
	float fl;
	double db;

	/* a fixed-width value must come with the wire type of its width: a varint is 1 to 10 bytes */
	if (f->type != WT_LEN && f->type != (size == 4 ? WT_I32 : WT_I64))
		return -1;
	if (f->type != WT_LEN) {
		memcpy(size == 4 ? (void *)&fl : (void *)&db, f->data, size);
		tdata_add(td, size == 4 ? (double)fl : db);
		return 0;
	}
	if (f->len % size != 0)
		return -1;
	/* large float data (weights) is stepped over: only the count matters */
	if (f->len / size > MAX_VALUES) {
		td->too_many = true;
		return 0;
	}
	for (p = f->data; p < f->data + f->len; p += size) {
		memcpy(size == 4 ? (void *)&fl : (void *)&db, p, size);
		tdata_add(td, size == 4 ? (double)fl : db);
	}
	return 0;
}

/* Reads a TensorProto from the wire without touching its data; name may be NULL. */
static int
scan_tensor(struct octx *c, const uint8_t *p, size_t n, struct tdata *td, const char **name)
{
	struct wire w = { p, p + n };
	struct field f;
	int r, bad = 0;

	memset(td, 0, sizeof(*td));
	if (name != NULL)
		*name = NULL;
	while ((r = wire_next(&w, &f)) == 1 && bad == 0) {
		switch (f.num) {
		case 1: bad = scan_ints(&f, td, true); break;
		case 2: td->dtype = (int)f.v; bad = f.type != WT_VARINT; break;
		case 5: case 7: bad = scan_ints(&f, td, false); break;
		case 4: bad = scan_reals(&f, td, 4); break;
		case 10: bad = scan_reals(&f, td, 8); break;
		case 8:
			bad = f.type != WT_LEN;
			if (!bad && name != NULL)
				*name = wire_string(c, &f);
			break;
		case 9:
			bad = f.type != WT_LEN;
			td->raw = f.data;
			td->raw_len = f.len;
			td->has_raw = true;
			break;
		default:
			break;
		}
	}
	if (bad == -2)
		return file_fail(c, "a tensor has more than %d dimensions", MODEL_MAX_RANK);
	if (r < 0 || bad != 0)
		return corrupt(c, w.p, "a tensor", r < 0 ? r : -1);
	return 0;
}

/* ---- the outer messages ---- */

static void
add_slice(struct slice **arr, size_t *n, size_t *cap, const struct field *f)
{
	XGROW(*arr, *cap, *n + 1);
	(*arr)[*n].p = f->data;
	(*arr)[(*n)++].n = f->len;
}

static int
add_initializer(struct octx *c, const struct field *f)
{
	struct tdata td;
	const char *name;
	struct tensor *t;
	int64_t n;
	int idx;

	if (scan_tensor(c, f->data, f->len, &td, &name) < 0)
		return -1;
	if (name == NULL || name[0] == '\0')
		return file_fail(c, "an initializer has no name");
	if (data_elems(td.d, td.rank, &n) < 0)
		return file_fail(c, "initializer '%s': a negative dimension or a shape product "
				 "that overflows 64 bits", name);
	idx = tensor_at(c, name);
	t = &c->t[idx];
	if (t->init)
		return file_fail(c, "two initializers are called '%s'", name);
	t->init = true;
	t->rank = td.rank;
	memcpy(t->d, td.d, sizeof(t->d));
	t->elems = (double)n;
	t->dtype = td.dtype;
	t->val = tdata_values(c, &td);
	return 0;
}

/*
 * The kernel maps file pages around every one touched (fault-around, large
 * page-cache folios), so reading the headers of a hundred weight tensors
 * would map most of the file; each tensor's interior is never needed, so
 * its pages are let go as soon as its header is read.
 */
static void
release_pages(const struct octx *c, const uint8_t *p, size_t n)
{
	uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
	uintptr_t from = ((uintptr_t)p + page - 1) & ~(page - 1);
	uintptr_t to = ((uintptr_t)p + n) & ~(page - 1);

	if (c->mapped && to > from)
		madvise((void *)from, to - from, MADV_DONTNEED);
}

static int
scan_graph(struct octx *c, const uint8_t *p, size_t n)
{
	struct wire w = { p, p + n };
	struct field f;
	int r;

	while ((r = wire_next(&w, &f)) == 1) {
		if ((f.num == 1 || f.num == 5 || f.num == 11 || f.num == 13) && f.type != WT_LEN)
			return corrupt(c, f.data, "a graph field", -1);
		if (f.num == 1)
			add_slice(&c->node_msgs, &c->n_node_msgs, &c->cap_node, &f);
		else if (f.num == 5 && add_initializer(c, &f) < 0)
			return -1;
		else if (f.num == 5)
			release_pages(c, f.data, f.len);
		else if (f.num == 11)
			add_slice(&c->input_msgs, &c->n_input_msgs, &c->cap_input, &f);
		else if (f.num == 13)
			add_slice(&c->vi_msgs, &c->n_vi_msgs, &c->cap_vi, &f);
		else if (f.num == 15)
			log_warn("%s: sparse initializers are not counted as parameters", c->path);
	}
	if (r < 0)
		return corrupt(c, w.p, "the graph", r);
	return 0;
}

/*
 * An OperatorSetIdProto is only checked: the rules tell an attribute from
 * an input by which one a node has, not by the opset version.
 */
static int
check_opset(struct octx *c, const struct field *of)
{
	struct wire w = { of->data, of->data + of->len };
	struct field f;
	int r;

	while ((r = wire_next(&w, &f)) == 1)
		;
	return r < 0 ? corrupt(c, w.p, "an opset_import", r) : 0;
}

static int
scan_model(struct octx *c)
{
	struct wire w = { c->base, c->base + c->size };
	struct field f, graph = { 0 };
	bool have_ir = false, have_graph = false, have_opset = false;
	int r;

	while ((r = wire_next(&w, &f)) == 1) {
		if (f.num == 1 && f.type == WT_VARINT) {
			have_ir = true;
		} else if (f.num == 7 && f.type == WT_LEN) {
			graph = f;
			have_graph = true;
		} else if (f.num == 8 && f.type == WT_LEN) {
			if (check_opset(c, &f) < 0)
				return -1;
			have_opset = true;
		} else if (f.num <= 8 && f.type != WT_LEN && f.num != 5) {
			return corrupt(c, f.data, "a model field", -1);
		}
	}
	if (r < 0)
		return corrupt(c, w.p, "the model", r);
	if (!have_ir || !have_graph || !have_opset)
		return file_fail(c, "not an ONNX model, or a truncated one: no %s",
				 !have_ir ? "ir_version" : !have_graph ? "graph" : "opset_import");
	return scan_graph(c, graph.data, graph.len);
}

/* ---- value infos and graph inputs ---- */

static int
sym_value(const struct octx *c, const char *name, int64_t *v)
{
	size_t i;

	for (i = 0; i < c->nsyms; i++)
		if (strcmp(c->syms[i].name, name) == 0) {
			*v = c->syms[i].v;
			return 0;
		}
	return -1;
}

static void
sym_add(struct octx *c, const char *name, int64_t v)
{
	int64_t old;

	if (name != NULL && name[0] != '\0' && sym_value(c, name, &old) < 0 &&
	    c->nsyms < NELEMS(c->syms)) {
		c->syms[c->nsyms].name = arena_strdup(&c->work, name);
		c->syms[c->nsyms++].v = v;
	}
}

static Onnx__TensorShapeProto *
vi_shape(const Onnx__ValueInfoProto *vi)
{
	if (vi->type == NULL || vi->type->value_case != ONNX__TYPE_PROTO__VALUE_TENSOR_TYPE ||
	    vi->type->tensor_type == NULL)
		return NULL;
	return vi->type->tensor_type->shape;
}

/*
 * A graph input's dimension: a number, or a symbol — the first axis is
 * the batch (--batch), any other the sequence (--seq).
 */
static int
input_dim(struct octx *c, const char *name, size_t k, const Onnx__TensorShapeProto__Dimension *dim,
	  int64_t *out)
{
	const char *sym = dim->value_case == ONNX__TENSOR_SHAPE_PROTO__DIMENSION__VALUE_DIM_PARAM
			  ? dim->dim_param : NULL;

	if (dim->value_case == ONNX__TENSOR_SHAPE_PROTO__DIMENSION__VALUE_DIM_VALUE) {
		*out = dim->dim_value;
		if (*out <= 0)
			return file_fail(c, "input '%s': dimension %zu is %lld: dimensions must be "
					 "positive", name, k + 1, (long long)*out);
		return 0;
	}
	if (k == 0) {
		*out = c->batch;
		c->batch_set = true;
	} else if (c->seq > 0) {
		*out = c->seq;
		c->seq_used = true;
	} else {
		return file_fail(c, "input '%s': dimension %zu ('%s') is symbolic: give the sequence "
				 "length with --seq", name, k + 1, sym ? sym : "unnamed");
	}
	sym_add(c, sym, *out);
	return 0;
}

static int
add_input(struct octx *c, const Onnx__ValueInfoProto *vi)
{
	const Onnx__TensorShapeProto *s = vi_shape(vi);
	struct tensor *t;
	int64_t n;
	size_t k;
	int idx;

	if (vi->name == NULL || vi->name[0] == '\0')
		return file_fail(c, "a graph input has no name");
	idx = tensor_at(c, vi->name);	/* may move c->t */
	t = &c->t[idx];
	if (t->init)
		return 0;	/* older exporters list the weights as inputs too */
	if (s == NULL)
		return file_fail(c, "input '%s': not a tensor of known rank", vi->name);
	if (s->n_dim > MODEL_MAX_RANK)
		return file_fail(c, "input '%s': %zu dimensions, more than mlfit handles (%d)",
				 vi->name, s->n_dim, MODEL_MAX_RANK);
	for (k = 0; k < s->n_dim; k++)
		if (input_dim(c, vi->name, k, s->dim[k], &t->d[k]) < 0)
			return -1;
	t->rank = (int)s->n_dim;
	if (model_shape_elems(t->d, t->rank, &n) < 0)
		return file_fail(c, "input '%s': shape product overflows 64 bits", vi->name);
	t->elems = (double)n;
	t->is_input = true;
	t->dtype = vi->type->tensor_type->has_elem_type ? vi->type->tensor_type->elem_type : 0;
	if (!c->batch_set && c->batch_n == 0 && t->rank > 0)
		c->batch_n = t->d[0];
	return 0;
}

/* A value_info shape, if every dimension is a number or a known symbol. */
static int
add_value_info(struct octx *c, const Onnx__ValueInfoProto *vi)
{
	const Onnx__TensorShapeProto *s = vi_shape(vi);
	struct tensor *t;
	size_t k;
	int idx;

	if (vi->name == NULL || s == NULL || s->n_dim > MODEL_MAX_RANK)
		return 0;
	idx = tensor_at(c, vi->name);	/* may move c->t */
	t = &c->t[idx];
	for (k = 0; k < s->n_dim; k++) {
		const Onnx__TensorShapeProto__Dimension *dim = s->dim[k];

		if (dim->value_case == ONNX__TENSOR_SHAPE_PROTO__DIMENSION__VALUE_DIM_VALUE)
			t->vi_d[k] = dim->dim_value;
		else if (dim->value_case != ONNX__TENSOR_SHAPE_PROTO__DIMENSION__VALUE_DIM_PARAM ||
			 sym_value(c, dim->dim_param, &t->vi_d[k]) < 0)
			return 0;
		if (t->vi_d[k] <= 0)
			return file_fail(c, "value_info '%s': dimension %zu is %lld: dimensions must be "
					 "positive", vi->name, k + 1, (long long)t->vi_d[k]);
	}
	t->vi_rank = (int)s->n_dim;
	return 0;
}

static int
read_value_infos(struct octx *c, const struct slice *msgs, size_t n,
		 int (*fn)(struct octx *, const Onnx__ValueInfoProto *), const char *what)
{
	size_t i;

	for (i = 0; i < n; i++) {
		Onnx__ValueInfoProto *vi = onnx__value_info_proto__unpack(NULL, msgs[i].n, msgs[i].p);
		int rc;

		if (vi == NULL)
			return corrupt(c, msgs[i].p, what, -1);
		rc = fn(c, vi);
		onnx__value_info_proto__free_unpacked(vi, NULL);
		if (rc < 0)
			return -1;
	}
	return 0;
}

/* ---- nodes ---- */

static void
copy_tensor_attr(struct octx *c, struct attr *a, const Onnx__TensorProto *t)
{
	struct tdata td;
	size_t i;

	memset(&td, 0, sizeof(td));
	if (t->n_dims > MODEL_MAX_RANK)
		return;
	td.rank = (int)t->n_dims;
	if (t->n_dims > 0)
		memcpy(td.d, t->dims, t->n_dims * sizeof(int64_t));
	td.dtype = t->data_type;
	td.has_raw = t->has_raw_data;
	td.raw = t->raw_data.data;
	td.raw_len = t->raw_data.len;
	for (i = 0; i < t->n_int64_data; i++)
		tdata_add(&td, (double)t->int64_data[i]);
	for (i = 0; i < t->n_int32_data; i++)
		tdata_add(&td, t->int32_data[i]);
	for (i = 0; i < t->n_float_data; i++)
		tdata_add(&td, (double)t->float_data[i]);
	for (i = 0; i < t->n_double_data; i++)
		tdata_add(&td, t->double_data[i]);
	a->has_t = true;
	a->t_rank = td.rank;
	a->t_dtype = td.dtype;
	memcpy(a->t_d, td.d, sizeof(a->t_d));
	a->t_val = tdata_values(c, &td);
}

static void
copy_attr(struct octx *c, struct attr *a, const Onnx__AttributeProto *pa)
{
	size_t i;

	memset(a, 0, sizeof(*a));
	a->name = arena_strdup(&c->work, pa->name ? pa->name : "");
	a->has_i = pa->has_i;
	a->i = pa->i;
	a->f = (double)pa->f;
	if (pa->has_s)
		a->s = arena_strndup(&c->work, (const char *)pa->s.data, pa->s.len);
	if (pa->n_ints > 0) {
		a->ints = arena_calloc(&c->work, pa->n_ints, sizeof(*a->ints));
		memcpy(a->ints, pa->ints, pa->n_ints * sizeof(*a->ints));
		a->nints = pa->n_ints;
	}
	if (pa->n_floats > 0) {
		a->floats = arena_calloc(&c->work, pa->n_floats, sizeof(*a->floats));
		for (i = 0; i < pa->n_floats; i++)
			a->floats[i] = (double)pa->floats[i];
		a->nfloats = pa->n_floats;
	}
	if (pa->t != NULL)
		copy_tensor_attr(c, a, pa->t);
}

static int *
tensor_list(struct octx *c, char **names, size_t n)
{
	int *idx = arena_calloc(&c->work, n + 1, sizeof(*idx));
	size_t i;

	for (i = 0; i < n; i++)
		idx[i] = names[i] == NULL || names[i][0] == '\0' ? -1 : tensor_at(c, names[i]);
	return idx;
}

static void
copy_node(struct octx *c, struct onode *n, const Onnx__NodeProto *pn, size_t index)
{
	char name[64];
	size_t i;

	n->op = arena_strdup(&c->work, pn->op_type ? pn->op_type : "");
	if (pn->name != NULL && pn->name[0] != '\0') {
		n->name = arena_strdup(&c->work, pn->name);
	} else {
		snprintf(name, sizeof(name), "%.40s_%zu", n->op, index);
		n->name = arena_strdup(&c->work, name);
	}
	n->std_domain = pn->domain == NULL || pn->domain[0] == '\0' ||
			strcmp(pn->domain, "ai.onnx") == 0;
	n->in = tensor_list(c, pn->input, pn->n_input);
	n->nin = pn->n_input;
	n->out = tensor_list(c, pn->output, pn->n_output);
	n->nout = pn->n_output;
	n->attrs = arena_calloc(&c->work, pn->n_attribute + 1, sizeof(*n->attrs));
	for (i = 0; i < pn->n_attribute; i++)
		copy_attr(c, &n->attrs[i], pn->attribute[i]);
	n->nattrs = pn->n_attribute;
}

static int
read_nodes(struct octx *c)
{
	size_t i;

	c->nodes = arena_calloc(&c->work, c->n_node_msgs + 1, sizeof(*c->nodes));
	for (i = 0; i < c->n_node_msgs; i++) {
		Onnx__NodeProto *pn = onnx__node_proto__unpack(NULL, c->node_msgs[i].n,
							       c->node_msgs[i].p);

		if (pn == NULL)
			return corrupt(c, c->node_msgs[i].p, "a node", -1);
		copy_node(c, &c->nodes[i], pn, i);
		onnx__node_proto__free_unpacked(pn, NULL);
		if (c->nodes[i].op[0] == '\0')
			return node_fail(c, &c->nodes[i], "the node has no op_type");
	}
	c->nn = c->n_node_msgs;
	return 0;
}

/* ---- attributes, inputs and outputs of a node ---- */

static const struct attr *
attr_find(const struct onode *n, const char *name)
{
	size_t i;

	for (i = 0; i < n->nattrs; i++)
		if (strcmp(n->attrs[i].name, name) == 0)
			return &n->attrs[i];
	return NULL;
}

static int64_t
attr_i(const struct onode *n, const char *name, int64_t def)
{
	const struct attr *a = attr_find(n, name);

	return a != NULL && a->has_i ? a->i : def;
}

static const char *
attr_s(const struct onode *n, const char *name, const char *def)
{
	const struct attr *a = attr_find(n, name);

	return a != NULL && a->s != NULL ? a->s : def;
}

/* The INTS attribute `name`: its values and count; NULL if absent. */
static const int64_t *
attr_ints(const struct onode *n, const char *name, size_t *count)
{
	const struct attr *a = attr_find(n, name);

	*count = a != NULL ? a->nints : 0;
	return a != NULL && a->nints > 0 ? a->ints : NULL;
}

static struct tensor *
in_t(struct octx *c, const struct onode *n, size_t i)
{
	return i < n->nin && n->in[i] >= 0 ? &c->t[n->in[i]] : NULL;
}

static struct tensor *
out_t(struct octx *c, const struct onode *n, size_t i)
{
	return i < n->nout && n->out[i] >= 0 ? &c->t[n->out[i]] : NULL;
}

/* Input i, which must be present with a known shape. */
static int
need(struct octx *c, const struct onode *n, size_t i, struct tensor **out)
{
	struct tensor *t = in_t(c, n, i);

	*out = t;
	if (t == NULL)
		return node_fail(c, n, "input %zu is missing", i + 1);
	if (t->rank < 0)
		return node_fail(c, n, "input '%s' has no known shape", t->name);
	*out = t;
	return 0;
}

/* The values of input i: 0, CANNOT if they are not known, -1 if it is missing. */
static int
values_of(struct octx *c, const struct onode *n, size_t i, const double **v, size_t *count)
{
	struct tensor *t;

	*v = NULL;
	*count = 0;
	if (need(c, n, i, &t) < 0)
		return -1;
	if (t->val == NULL)
		return CANNOT;
	*v = t->val;
	*count = (size_t)t->elems;
	return 0;
}

static const char *
fmt(const int64_t *d, int rank, char *buf, size_t size)
{
	return model_shape_format(d, rank, buf, size);
}

static int
check_out_shape(struct octx *c, const struct onode *n, int rank, const int64_t *d, bool empty_ok,
		int64_t *elems)
{
	char buf[128];
	int k;

	if (rank > MODEL_MAX_RANK)
		return node_fail(c, n, "an output of rank %d, more than mlfit handles (%d)", rank,
				 MODEL_MAX_RANK);
	for (k = 0; k < rank; k++)
		if (d[k] < 0 || (d[k] == 0 && !empty_ok))
			return node_fail(c, n, "output shape %s: dimensions must be positive",
					 fmt(d, rank, buf, sizeof(buf)));
	if (data_elems(d, rank, elems) < 0)
		return node_fail(c, n, "shape product overflows 64 bits");
	return 0;
}

/*
 * Sets output i's shape (and values, when vals is not NULL and the output
 * is small).  An output the node does not have is quietly ignored.
 */
static int
set_out(struct octx *c, const struct onode *n, size_t i, int rank, const int64_t *d,
	const double *vals)
{
	struct tensor *t = out_t(c, n, i);
	int64_t elems = 0;

	if (t == NULL)
		return 0;
	if (check_out_shape(c, n, rank, d, vals != NULL, &elems) < 0)
		return -1;
	t->rank = rank;
	memcpy(t->d, d, (size_t)rank * sizeof(*d));
	t->elems = (double)elems;
	t->val = NULL;
	if (vals != NULL && elems <= MAX_VALUES) {
		t->val = arena_calloc(&c->work, (size_t)elems + 1, sizeof(*t->val));
		memcpy(t->val, vals, (size_t)elems * sizeof(*vals));
	}
	return 0;
}

static int
norm_axis(struct octx *c, const struct onode *n, int64_t axis, int rank, int *out)
{
	if (axis < -rank || axis >= rank)
		return node_fail(c, n, "axis %lld is out of range for rank %d", (long long)axis, rank);
	*out = (int)(axis < 0 ? axis + rank : axis);
	return 0;
}

/*
 * A value computed or read by shape inference, as a whole int64: a shape
 * of 1e300 or NaN is an error in the file, and casting it is undefined.
 */
static int
value_int(struct octx *c, const struct onode *n, double v, const char *what, int64_t *out)
{
	if (ck_from_double(v, out))
		return 0;
	if (isnan(v))
		return node_fail(c, n, "%s is NaN", what);
	return node_fail(c, n, "%s %g is not a whole number in the 64-bit range", what, v);
}

static int
overflow(struct octx *c, const struct onode *n, const char *what)
{
	return node_fail(c, n, "%s overflows 64 bits", what);
}

/* ---- value arithmetic for the small tensors of shape computations ---- */

static bool
integer_out(struct octx *c, const struct onode *n)
{
	const struct tensor *x = in_t(c, n, 0);

	return x != NULL && is_int_type(x->dtype);
}

static bool
apply_op(const char *op, double a, double b, bool integer, double *r)
{
	if (strcmp(op, "Add") == 0 || strcmp(op, "Sum") == 0)
		*r = a + b;
	else if (strcmp(op, "Sub") == 0)
		*r = a - b;
	else if (strcmp(op, "Mul") == 0)
		*r = a * b;
	else if (strcmp(op, "Div") == 0 && b != 0)
		*r = integer ? trunc(a / b) : a / b;
	else if (strcmp(op, "Max") == 0)
		*r = fmax(a, b);
	else if (strcmp(op, "Min") == 0)
		*r = fmin(a, b);
	else if (strcmp(op, "Equal") == 0)
		*r = a == b;
	else if (strcmp(op, "Less") == 0)
		*r = a < b;
	else if (strcmp(op, "Greater") == 0)
		*r = a > b;
	else if (strcmp(op, "Mod") == 0 && b != 0)
		*r = fmod(a, b);
	else
		return false;
	return true;
}

/* Index into a broadcast input of the output's flat index `flat`. */
static size_t
bcast_index(int64_t flat, int rank, const int64_t *d, const struct tensor *t)
{
	size_t idx = 0, stride = 1;
	int k;

	for (k = rank - 1; k >= 0; k--) {
		int tk = k - (rank - t->rank);
		int64_t coord = flat % d[k];

		flat /= d[k];
		if (tk < 0)
			continue;
		if (t->d[tk] > 1)
			idx += (size_t)coord * stride;
		stride *= (size_t)t->d[tk];
	}
	return idx;
}

/* Element-wise values of all inputs (broadcast), or NULL if any is unknown. */
static double *
bcast_values(struct octx *c, const struct onode *n, int rank, const int64_t *d)
{
	bool integer = integer_out(c, n), where = strcmp(n->op, "Where") == 0;
	const struct tensor *in[8];
	int64_t elems, i;
	double *v;
	size_t k;

	if (data_elems(d, rank, &elems) < 0 || elems > MAX_VALUES || n->nin == 0 ||
	    n->nin > NELEMS(in) || (where && n->nin != 3))
		return NULL;
	for (k = 0; k < n->nin; k++) {
		in[k] = in_t(c, n, k);
		if (in[k] == NULL || in[k]->val == NULL)
			return NULL;
	}
	v = arena_calloc(&c->work, (size_t)elems + 1, sizeof(*v));
	for (i = 0; i < elems; i++) {
		double acc = in[0]->val[bcast_index(i, rank, d, in[0])];

		if (where) {
			v[i] = acc != 0 ? in[1]->val[bcast_index(i, rank, d, in[1])]
					: in[2]->val[bcast_index(i, rank, d, in[2])];
			continue;
		}
		for (k = 1; k < n->nin; k++)
			if (!apply_op(n->op, acc, in[k]->val[bcast_index(i, rank, d, in[k])], integer, &acc))
				return NULL;
		v[i] = acc;
	}
	return v;
}

/* ---- inference rules: each sets the outputs' shapes and the work done ---- */

/* Multidirectional (numpy) broadcasting of every input present. */
static int
broadcast(struct octx *c, const struct onode *n, int *rank, int64_t *d)
{
	char a[128], b[128];
	size_t i;
	int k;

	*rank = 0;
	for (i = 0; i < n->nin; i++) {
		struct tensor *t;
		int r;

		if (in_t(c, n, i) == NULL)
			continue;
		if (need(c, n, i, &t) < 0)
			return -1;
		r = t->rank > *rank ? t->rank : *rank;
		/* right-align: shift what we have to the new rank */
		memmove(d + (r - *rank), d, (size_t)*rank * sizeof(*d));
		for (k = 0; k < r - *rank; k++)
			d[k] = 1;
		for (k = 0; k < t->rank; k++) {
			int64_t *have = &d[r - t->rank + k], want = t->d[k];

			if (*have == 1)
				*have = want;
			else if (want != 1 && want != *have)
				return node_fail(c, n, "shapes %s and %s do not broadcast",
						 fmt(d, r, a, sizeof(a)), fmt(t->d, t->rank, b, sizeof(b)));
		}
		*rank = r;
	}
	return 0;
}

static double
cost_of(const char *type)
{
	double f = type != NULL ? model_elementwise_flops(type) : -1;

	return f > 0 ? f : 0;
}

static int
infer_elementwise(struct octx *c, const struct onode *n, struct counts *k)
{
	int64_t d[MODEL_MAX_RANK];
	struct tensor *y = out_t(c, n, 0);
	int rank;

	if (broadcast(c, n, &rank, d) < 0 ||
	    set_out(c, n, 0, rank, d, bcast_values(c, n, rank, d)) < 0)
		return -1;
	if (y == NULL)
		return 0;
	k->other = y->elems * cost_of(k->type);
	if (strcmp(n->op, "Equal") == 0 || strcmp(n->op, "Less") == 0 ||
	    strcmp(n->op, "Greater") == 0)
		y->dtype = DT_BOOL;
	return 0;
}

/* Values that survive an operator that keeps them (Identity, Cast, Neg, …). */
static double *
unary_values(struct octx *c, const struct onode *n, const struct tensor *x)
{
	bool neg = strcmp(n->op, "Neg") == 0;
	double *v;
	size_t i;

	if (x->val == NULL || (!neg && strcmp(n->op, "Identity") != 0 && strcmp(n->op, "Cast") != 0))
		return NULL;
	v = arena_calloc(&c->work, (size_t)x->elems + 1, sizeof(*v));
	for (i = 0; i < (size_t)x->elems; i++)
		v[i] = neg ? -x->val[i] : x->val[i];
	return v;
}

/* Operators whose output has their first input's shape. */
static int
infer_same(struct octx *c, const struct onode *n, struct counts *k)
{
	struct tensor *x, *y;

	if (need(c, n, 0, &x) < 0 || set_out(c, n, 0, x->rank, x->d, unary_values(c, n, x)) < 0)
		return -1;
	/* Dropout's mask */
	if (strcmp(n->op, "Dropout") == 0 && set_out(c, n, 1, x->rank, x->d, NULL) < 0)
		return -1;
	y = out_t(c, n, 0);
	if (y == NULL)
		return 0;
	k->other = y->elems * cost_of(k->type);
	if (strcmp(n->op, "Cast") == 0)
		y->dtype = (int)attr_i(n, "to", 0);
	/* an exporter's alias of a weight (Identity, Cast) is still that weight */
	if (x->init && (strcmp(n->op, "Identity") == 0 || strcmp(n->op, "Cast") == 0)) {
		y->init = true;
		y->root = x->root;
	}
	y->is_const = x->is_const;
	return 0;
}

struct window {
	int sp;
	int64_t k[MAX_SPATIAL], s[MAX_SPATIAL], dl[MAX_SPATIAL], pb[MAX_SPATIAL], pe[MAX_SPATIAL];
	bool ceil;
};

static int
ints_or(const struct onode *n, const char *name, int sp, int64_t def, int64_t *out)
{
	size_t count, i;
	const int64_t *v = attr_ints(n, name, &count);

	for (i = 0; i < (size_t)sp; i++)
		out[i] = def;
	if (v == NULL)
		return 0;
	if (count != (size_t)sp)
		return -1;
	memcpy(out, v, count * sizeof(*v));
	return 0;
}

/* Reads kernel_shape (or the weights' spatial dims), strides, dilations and pads. */
static int
window_attrs(struct octx *c, const struct onode *n, int sp, const int64_t *wk, struct window *w)
{
	size_t count;
	const int64_t *pads = attr_ints(n, "pads", &count);
	int i;

	w->sp = sp;
	w->ceil = attr_i(n, "ceil_mode", 0) != 0;
	if (ints_or(n, "kernel_shape", sp, 0, w->k) < 0 || ints_or(n, "strides", sp, 1, w->s) < 0 ||
	    ints_or(n, "dilations", sp, 1, w->dl) < 0 || (pads != NULL && count != (size_t)(2 * sp)))
		return node_fail(c, n, "kernel_shape, strides, dilations or pads do not fit %d "
				 "spatial dimensions", sp);
	for (i = 0; i < sp; i++) {
		if (w->k[i] == 0 && wk != NULL)
			w->k[i] = wk[i];
		if (wk != NULL && w->k[i] != wk[i])
			return node_fail(c, n, "kernel_shape disagrees with the weights");
		if (w->k[i] <= 0)
			return node_fail(c, n, "no kernel_shape");
		w->pb[i] = pads ? pads[i] : 0;
		w->pe[i] = pads ? pads[i + sp] : 0;
	}
	return 0;
}

/* Spatial output sizes, honouring auto_pad (SAME_UPPER/SAME_LOWER/VALID). */
static int
window_out(struct octx *c, const struct onode *n, const struct tensor *x, struct window *w,
	   int64_t *out)
{
	const char *pad = attr_s(n, "auto_pad", "NOTSET");
	char buf[128];
	int i;

	for (i = 0; i < w->sp; i++) {
		int64_t in = x->d[i + 2];

		if (strncmp(pad, "SAME", 4) == 0 && w->s[i] > 0) {
			int64_t o, total, span;

			/* total = (o - 1)·s + (k - 1)·dl + 1 - in, every step checked */
			if (!ck_div_ceil(in, w->s[i], &o) || !ck_mul(o - 1, w->s[i], &total) ||
			    !ck_mul(w->k[i] - 1, w->dl[i], &span) || !ck_add(total, span, &total) ||
			    !ck_add(total, 1 - in, &total))
				return overflow(c, n, "the SAME padding");
			total = total > 0 ? total : 0;
			w->pb[i] = strcmp(pad, "SAME_LOWER") == 0 ? total - total / 2 : total / 2;
			w->pe[i] = total - w->pb[i];
		} else if (strcmp(pad, "VALID") == 0) {
			w->pb[i] = w->pe[i] = 0;
		}
		if (model_window_out(in, w->k[i], w->s[i], w->pb[i], w->pe[i], w->dl[i], w->ceil,
				     &out[i + 2]) < 0)
			return node_fail(c, n, "the window does not fit the input %s",
					 fmt(x->d, x->rank, buf, sizeof(buf)));
	}
	return 0;
}

static int
need_spatial(struct octx *c, const struct onode *n, const struct tensor *x)
{
	char buf[128];

	if (x->rank < 3 || x->rank > MODEL_MAX_RANK)
		return node_fail(c, n, "expects an N×C×spatial input, got %s",
				 fmt(x->d, x->rank, buf, sizeof(buf)));
	return 0;
}

static int
infer_conv(struct octx *c, const struct onode *n, struct counts *k)
{
	static const char *const types[] = { "conv1d", "conv2d", "conv3d" };
	struct tensor *x, *w;
	int64_t out[MODEL_MAX_RANK], group = attr_i(n, "group", 1);
	struct window win;
	int64_t cin;

	if (need(c, n, 0, &x) < 0 || need(c, n, 1, &w) < 0 || need_spatial(c, n, x) < 0)
		return -1;
	if (w->rank != x->rank)
		return node_fail(c, n, "weights of rank %d for an input of rank %d", w->rank, x->rank);
	if (group < 1 || w->d[0] % group != 0)
		return node_fail(c, n, "group %lld does not divide %lld output channels",
				 (long long)group, (long long)w->d[0]);
	if (!ck_mul(w->d[1], group, &cin))
		return overflow(c, n, "channels per group x groups");
	if (x->d[1] != cin)
		return node_fail(c, n, "the input has %lld channels but the weights expect %lld "
				 "(%lld per group x %lld groups)", (long long)x->d[1],
				 (long long)cin, (long long)w->d[1], (long long)group);
	if (window_attrs(c, n, x->rank - 2, w->d + 2, &win) < 0 || window_out(c, n, x, &win, out) < 0)
		return -1;
	out[0] = x->d[0];
	out[1] = w->d[0];
	if (set_out(c, n, 0, x->rank, out, NULL) < 0)
		return -1;
	k->macs = out_t(c, n, 0) ? out_t(c, n, 0)->elems * (w->elems / (double)w->d[0]) : 0;
	k->type = win.sp <= 3 ? types[win.sp - 1] : "conv";
	return 0;
}

static int
infer_pool(struct octx *c, const struct onode *n, struct counts *k)
{
	struct tensor *x;
	int64_t out[MODEL_MAX_RANK];
	struct window win;
	double window = 1;
	int i;

	if (need(c, n, 0, &x) < 0 || need_spatial(c, n, x) < 0 ||
	    window_attrs(c, n, x->rank - 2, NULL, &win) < 0 || window_out(c, n, x, &win, out) < 0)
		return -1;
	out[0] = x->d[0];
	out[1] = x->d[1];
	/* MaxPool's optional second output holds the indices */
	if (set_out(c, n, 0, x->rank, out, NULL) < 0 || set_out(c, n, 1, x->rank, out, NULL) < 0)
		return -1;
	for (i = 0; i < win.sp; i++)
		window *= (double)win.k[i];
	k->other = out_t(c, n, 0) ? out_t(c, n, 0)->elems * window : 0;
	return 0;
}

static int
infer_global_pool(struct octx *c, const struct onode *n, struct counts *k)
{
	struct tensor *x;
	int64_t out[MODEL_MAX_RANK];
	int i;

	if (need(c, n, 0, &x) < 0 || need_spatial(c, n, x) < 0)
		return -1;
	for (i = 0; i < x->rank; i++)
		out[i] = i < 2 ? x->d[i] : 1;
	k->other = x->elems;
	return set_out(c, n, 0, x->rank, out, NULL);
}

static int
infer_gemm(struct octx *c, const struct onode *n, struct counts *k)
{
	struct tensor *a, *b;
	bool ta = attr_i(n, "transA", 0) != 0, tb = attr_i(n, "transB", 0) != 0;
	int64_t out[2], ka, kb;

	if (need(c, n, 0, &a) < 0 || need(c, n, 1, &b) < 0)
		return -1;
	if (a->rank != 2 || b->rank != 2)
		return node_fail(c, n, "expects two matrices, got ranks %d and %d", a->rank, b->rank);
	out[0] = ta ? a->d[1] : a->d[0];
	ka = ta ? a->d[0] : a->d[1];
	kb = tb ? b->d[1] : b->d[0];
	out[1] = tb ? b->d[0] : b->d[1];
	if (ka != kb)
		return node_fail(c, n, "inner dimensions %lld and %lld do not match", (long long)ka,
				 (long long)kb);
	k->macs = (double)out[0] * (double)ka * (double)out[1];
	return set_out(c, n, 0, 2, out, NULL);
}

static int
infer_matmul(struct octx *c, const struct onode *n, struct counts *k)
{
	struct tensor *a, *b;
	int64_t ad[MODEL_MAX_RANK + 1], bd[MODEL_MAX_RANK + 1], out[MODEL_MAX_RANK + 1];
	int ar, br, r, i, orank = 0;
	double batch = 1;
	char x[128], y[128];

	if (need(c, n, 0, &a) < 0 || need(c, n, 1, &b) < 0)
		return -1;
	if (a->rank == 0 || b->rank == 0)
		return node_fail(c, n, "cannot multiply scalars");
	/* numpy: a vector is a 1×K row on the left, a K×1 column on the right */
	ar = a->rank == 1 ? 2 : a->rank;
	br = b->rank == 1 ? 2 : b->rank;
	ad[0] = 1;
	memcpy(ad + (a->rank == 1), a->d, (size_t)a->rank * sizeof(*ad));
	memcpy(bd, b->d, (size_t)b->rank * sizeof(*bd));
	if (b->rank == 1)
		bd[1] = 1;
	if (ad[ar - 1] != bd[br - 2])
		return node_fail(c, n, "inner dimensions of %s and %s do not match",
				 fmt(a->d, a->rank, x, sizeof(x)), fmt(b->d, b->rank, y, sizeof(y)));
	r = ar > br ? ar : br;
	for (i = 0; i < r - 2; i++) {
		int ai = i - (r - ar), bi = i - (r - br);
		int64_t da = ai >= 0 ? ad[ai] : 1, db = bi >= 0 ? bd[bi] : 1;

		if (da != db && da != 1 && db != 1)
			return node_fail(c, n, "batch dimensions of %s and %s do not broadcast",
					 fmt(a->d, a->rank, x, sizeof(x)),
					 fmt(b->d, b->rank, y, sizeof(y)));
		out[orank++] = da > db ? da : db;
		batch *= (double)out[orank - 1];
	}
	if (a->rank > 1)
		out[orank++] = ad[ar - 2];
	if (b->rank > 1)
		out[orank++] = bd[br - 1];
	k->macs = batch * (double)ad[ar - 2] * (double)ad[ar - 1] * (double)bd[br - 1];
	k->type = b->init ? "linear" : "matmul";
	return set_out(c, n, 0, orank, out, NULL);
}

static int
infer_flatten(struct octx *c, const struct onode *n, struct counts *k)
{
	struct tensor *x;
	int64_t out[2] = { 1, 1 }, axis = attr_i(n, "axis", 1);
	int i;

	(void)k;
	if (need(c, n, 0, &x) < 0)
		return -1;
	if (axis < 0)
		axis += x->rank;
	if (axis < 0 || axis > x->rank)
		return node_fail(c, n, "axis %lld is out of range for rank %d", (long long)axis, x->rank);
	for (i = 0; i < x->rank; i++)
		if (!ck_mul(out[i < axis ? 0 : 1], x->d[i], &out[i < axis ? 0 : 1]))
			return overflow(c, n, "the flattened shape");
	return set_out(c, n, 0, 2, out, x->val);
}

static int
infer_reshape(struct octx *c, const struct onode *n, struct counts *k)
{
	struct tensor *x;
	const double *v;
	size_t nv, i;
	int64_t out[MODEL_MAX_RANK], known = 1, have;
	int infer_at = -1, rc = -1;
	bool allowzero = attr_i(n, "allowzero", 0) != 0;
	char a[128], b[128];

	(void)k;
	if (need(c, n, 0, &x) < 0 || (rc = values_of(c, n, 1, &v, &nv)) != 0)
		return rc;
	if (nv > MODEL_MAX_RANK)
		return node_fail(c, n, "a target shape of rank %zu", nv);
	for (i = 0; i < nv; i++) {
		if (value_int(c, n, v[i], "a target dimension", &out[i]) < 0)
			return -1;
		if (out[i] == 0 && !allowzero)
			out[i] = (int)i < x->rank ? x->d[i] : 0;
		if (out[i] == -1 && infer_at < 0)
			infer_at = (int)i;
		else if (out[i] <= 0 || !ck_mul(known, out[i], &known))
			/* only the entries read so far: the rest are not set */
			return node_fail(c, n, "cannot reshape %s into %s…",
					 fmt(x->d, x->rank, a, sizeof(a)),
					 fmt(out, (int)i + 1, b, sizeof(b)));
	}
	have = (int64_t)x->elems;
	if (infer_at >= 0)
		out[infer_at] = known > 0 && have % known == 0 ? have / known : -1;
	if (data_elems(out, (int)nv, &known) < 0 || known != have)
		return node_fail(c, n, "cannot reshape %s (%lld elements) into %s",
				 fmt(x->d, x->rank, a, sizeof(a)), (long long)have,
				 fmt(out, (int)nv, b, sizeof(b)));
	return set_out(c, n, 0, (int)nv, out, x->val);
}

static int
infer_transpose(struct octx *c, const struct onode *n, struct counts *k)
{
	struct tensor *x;
	size_t count;
	const int64_t *perm = attr_ints(n, "perm", &count);
	int64_t out[MODEL_MAX_RANK];
	bool seen[MODEL_MAX_RANK] = { false };
	int i;

	(void)k;
	if (need(c, n, 0, &x) < 0)
		return -1;
	if (perm != NULL && count != (size_t)x->rank)
		return node_fail(c, n, "perm has %zu entries for rank %d", count, x->rank);
	for (i = 0; i < x->rank; i++) {
		int64_t p = perm ? perm[i] : x->rank - 1 - i;

		if (p < 0 || p >= x->rank || seen[p])
			return node_fail(c, n, "perm is not a permutation of the axes");
		seen[p] = true;
		out[i] = x->d[p];
	}
	return set_out(c, n, 0, x->rank, out, x->rank <= 1 ? x->val : NULL);
}

static int
infer_concat(struct octx *c, const struct onode *n, struct counts *k)
{
	struct tensor *first, *t;
	int64_t out[MODEL_MAX_RANK];
	double vals[MAX_VALUES];
	size_t i, nvals = 0;
	bool have_vals = true;
	int axis = 0, j;
	char a[128], b[128];

	(void)k;
	if (need(c, n, 0, &first) < 0 ||
	    norm_axis(c, n, attr_i(n, "axis", 0), first->rank, &axis) < 0)
		return -1;
	memcpy(out, first->d, sizeof(out));
	out[axis] = 0;
	for (i = 0; i < n->nin; i++) {
		if (need(c, n, i, &t) < 0)
			return -1;
		for (j = 0; j < first->rank; j++)
			if (t->rank != first->rank || (j != axis && t->d[j] != first->d[j]))
				return node_fail(c, n, "cannot join %s and %s along axis %d",
						 fmt(first->d, first->rank, a, sizeof(a)),
						 fmt(t->d, t->rank, b, sizeof(b)), axis);
		if (__builtin_add_overflow(out[axis], t->d[axis], &out[axis]))
			return node_fail(c, n, "shape product overflows 64 bits");
		have_vals = have_vals && t->val != NULL && nvals + (size_t)t->elems <= MAX_VALUES;
		if (have_vals) {
			memcpy(vals + nvals, t->val, (size_t)t->elems * sizeof(*vals));
			nvals += (size_t)t->elems;
		}
	}
	/* values concatenate simply only along the outermost axis */
	return set_out(c, n, 0, first->rank, out, have_vals && axis == 0 ? vals : NULL);
}

static int
infer_gather(struct octx *c, const struct onode *n, struct counts *k)
{
	struct tensor *data, *idx;
	int64_t out[MODEL_MAX_RANK * 2];
	double vals[MAX_VALUES];
	int axis = 0, r = 0, i;
	bool have_vals;

	if (need(c, n, 0, &data) < 0 || need(c, n, 1, &idx) < 0 ||
	    norm_axis(c, n, attr_i(n, "axis", 0), data->rank, &axis) < 0)
		return -1;
	for (i = 0; i < axis; i++)
		out[r++] = data->d[i];
	for (i = 0; i < idx->rank; i++)
		out[r++] = idx->d[i];
	for (i = axis + 1; i < data->rank; i++)
		out[r++] = data->d[i];
	/* the shape arithmetic case: picking entries of a shape vector */
	have_vals = data->rank == 1 && data->val != NULL && idx->val != NULL &&
		    idx->elems <= MAX_VALUES;
	for (i = 0; have_vals && i < (int)idx->elems; i++) {
		int64_t j;

		if (value_int(c, n, idx->val[i], "an index", &j) < 0)
			return -1;
		j = j < 0 ? j + data->d[0] : j;	/* j ≥ INT64_MIN + d[0] > INT64_MIN */
		if (j < 0 || j >= data->d[0])
			return node_fail(c, n, "index %lld is out of range", (long long)j);
		vals[i] = data->val[j];
	}
	k->type = data->init ? "embedding" : "gather";
	if (set_out(c, n, 0, r, out, have_vals ? vals : NULL) < 0)
		return -1;
	if (out_t(c, n, 0) != NULL)
		out_t(c, n, 0)->dtype = data->dtype;
	return 0;
}

/* Axes from the attribute (older opsets) or the second input (opset 13 on). */
static int
axes_of(struct octx *c, const struct onode *n, size_t input, int64_t *axes, size_t *count)
{
	size_t na, i;
	const int64_t *a = attr_ints(n, "axes", &na);
	const double *v;
	int rc = -1;

	*count = 0;
	if (a == NULL && in_t(c, n, input) != NULL) {
		if ((rc = values_of(c, n, input, &v, &na)) != 0)
			return rc;
		if (na > MODEL_MAX_RANK)
			return node_fail(c, n, "too many axes");
		for (i = 0; i < na; i++)
			if (value_int(c, n, v[i], "an axis", &axes[i]) < 0)
				return -1;
	} else if (a != NULL) {
		if (na > MODEL_MAX_RANK)
			return node_fail(c, n, "too many axes");
		memcpy(axes, a, na * sizeof(*a));
	}
	*count = na;
	return 0;
}

static int
infer_unsqueeze(struct octx *c, const struct onode *n, struct counts *k)
{
	struct tensor *x;
	int64_t axes[MODEL_MAX_RANK], out[MODEL_MAX_RANK];
	bool ins[MODEL_MAX_RANK] = { false };
	size_t na, i;
	int r, j, src = 0, rc = -1, ax = 0;

	(void)k;
	if (need(c, n, 0, &x) < 0 || (rc = axes_of(c, n, 1, axes, &na)) != 0)
		return rc;
	r = x->rank + (int)na;
	if (r > MODEL_MAX_RANK)
		return node_fail(c, n, "an output of rank %d, more than mlfit handles (%d)", r,
				 MODEL_MAX_RANK);
	for (i = 0; i < na; i++) {
		if (norm_axis(c, n, axes[i], r, &ax) < 0)
			return -1;
		if (ins[ax])
			return node_fail(c, n, "axis %d is given twice", ax);
		ins[ax] = true;
	}
	for (j = 0; j < r; j++)
		out[j] = ins[j] ? 1 : x->d[src++];
	return set_out(c, n, 0, r, out, x->val);
}

static int
infer_squeeze(struct octx *c, const struct onode *n, struct counts *k)
{
	struct tensor *x;
	int64_t axes[MODEL_MAX_RANK], out[MODEL_MAX_RANK];
	bool drop[MODEL_MAX_RANK] = { false };
	size_t na, i;
	int r = 0, j, rc = -1, ax = 0;

	(void)k;
	if (need(c, n, 0, &x) < 0 || (rc = axes_of(c, n, 1, axes, &na)) != 0)
		return rc;
	for (i = 0; i < na; i++) {
		if (norm_axis(c, n, axes[i], x->rank, &ax) < 0)
			return -1;
		if (x->d[ax] != 1)
			return node_fail(c, n, "cannot squeeze axis %d of size %lld", ax,
					 (long long)x->d[ax]);
		drop[ax] = true;
	}
	for (j = 0; j < x->rank; j++)
		if (!(na > 0 ? drop[j] : x->d[j] == 1))
			out[r++] = x->d[j];
	return set_out(c, n, 0, r, out, x->val);
}

static int
infer_shape(struct octx *c, const struct onode *n, struct counts *k)
{
	struct tensor *x;
	double vals[MODEL_MAX_RANK];
	int64_t start = attr_i(n, "start", 0), end, len;
	int i;

	(void)k;
	if (need(c, n, 0, &x) < 0)
		return -1;
	end = attr_i(n, "end", x->rank);
	start = start < 0 ? start + x->rank : start;
	end = end < 0 ? end + x->rank : end;
	start = start < 0 ? 0 : start > x->rank ? x->rank : start;
	end = end < start ? start : end > x->rank ? x->rank : end;
	len = end - start;
	for (i = 0; i < len; i++)
		vals[i] = (double)x->d[start + i];
	if (set_out(c, n, 0, 1, &len, vals) < 0)
		return -1;
	if (out_t(c, n, 0) != NULL)
		out_t(c, n, 0)->dtype = DT_INT64;
	return 0;
}

static int
infer_size(struct octx *c, const struct onode *n, struct counts *k)
{
	struct tensor *x;
	int64_t scalar[1] = { 0 };

	(void)k;
	if (need(c, n, 0, &x) < 0 || set_out(c, n, 0, 0, scalar, &x->elems) < 0)
		return -1;
	if (out_t(c, n, 0) != NULL)
		out_t(c, n, 0)->dtype = DT_INT64;
	return 0;
}

/* One axis of a Slice, clamped as ONNX says; in doubles, as ends are often INT64_MAX. */
static int64_t
slice_len(int64_t dim, double start, double end, double step, int64_t *first)
{
	double s = start < 0 ? start + (double)dim : start;
	double e = end < 0 ? end + (double)dim : end;
	double len;

	if (step > 0) {
		s = fmin(fmax(s, 0), (double)dim);
		e = fmin(fmax(e, 0), (double)dim);
		len = ceil((e - s) / step);
	} else {
		s = fmin(fmax(s, 0), (double)dim - 1);
		e = fmin(fmax(e, -1), (double)dim - 1);
		len = ceil((s - e) / -step);
	}
	/* s and len are clamped to [0, dim] above, so the casts are exact */
	*first = isnan(s) ? 0 : (int64_t)s;
	return len > 0 && len <= (double)dim ? (int64_t)len : len > 0 ? dim : 0;
}

/* Starts, ends, axes and steps: inputs (opset 10 on) or attributes. */
static int
slice_params(struct octx *c, const struct onode *n, const double **v, size_t *nv,
	     double (*own)[MODEL_MAX_RANK])
{
	static const char *const names[] = { "starts", "ends", "axes" };
	int i, rc = -1;

	for (i = 0; i < 4; i++) {
		size_t count;
		const int64_t *a;

		v[i] = NULL;
		nv[i] = 0;
		if (n->nin > 1 && in_t(c, n, (size_t)i + 1) != NULL) {
			if ((rc = values_of(c, n, (size_t)i + 1, &v[i], &nv[i])) != 0)
				return rc;
		} else if (i < 3 && (a = attr_ints(n, names[i], &count)) != NULL) {
			size_t j;

			if (count > MODEL_MAX_RANK)
				return node_fail(c, n, "too many %s", names[i]);
			for (j = 0; j < count; j++)
				own[i][j] = (double)a[j];
			v[i] = own[i];
			nv[i] = count;
		}
	}
	if (v[0] == NULL || v[1] == NULL || nv[0] != nv[1] || (v[2] && nv[2] != nv[0]) ||
	    (v[3] && nv[3] != nv[0]) || nv[0] > MODEL_MAX_RANK)
		return node_fail(c, n, "starts, ends, axes and steps do not agree");
	return 0;
}

static int
infer_slice(struct octx *c, const struct onode *n, struct counts *k)
{
	struct tensor *x;
	const double *v[4];
	double own[3][MODEL_MAX_RANK], vals[MAX_VALUES];
	size_t nv[4], i;
	int64_t out[MODEL_MAX_RANK], first = 0, step = 1;
	int rc = -1, ax = 0;

	(void)k;
	if (need(c, n, 0, &x) < 0 || (rc = slice_params(c, n, v, nv, own)) != 0)
		return rc;
	memcpy(out, x->d, sizeof(out));
	for (i = 0; i < nv[0]; i++) {
		int64_t axis = (int64_t)i;

		if ((v[3] && value_int(c, n, v[3][i], "a step", &step) < 0) ||
		    (v[2] && value_int(c, n, v[2][i], "an axis", &axis) < 0))
			return -1;
		if (isnan(v[0][i]) || isnan(v[1][i]))
			return node_fail(c, n, "a start or end is NaN");
		if (step == 0 || norm_axis(c, n, axis, x->rank, &ax) < 0)
			return step == 0 ? node_fail(c, n, "a step of 0") : -1;
		out[ax] = slice_len(x->d[ax], v[0][i], v[1][i], (double)step, &first);
	}
	/* values: a slice of a shape vector */
	if (x->rank == 1 && x->val != NULL && nv[0] == 1) {
		for (i = 0; i < (size_t)out[0]; i++)
			vals[i] = x->val[first + (int64_t)i * step];
		return set_out(c, n, 0, 1, out, vals);
	}
	return set_out(c, n, 0, x->rank, out, NULL);
}

static int
infer_split(struct octx *c, const struct onode *n, struct counts *k)
{
	struct tensor *x;
	int64_t sizes[64], out[MODEL_MAX_RANK], sum = 0;
	size_t count, i, ns = n->nout;
	const int64_t *a = attr_ints(n, "split", &count);
	const double *v;
	int ax = 0, rc = -1;

	(void)k;
	if (need(c, n, 0, &x) < 0 || norm_axis(c, n, attr_i(n, "axis", 0), x->rank, &ax) < 0)
		return -1;
	if (ns == 0 || ns > NELEMS(sizes))
		return node_fail(c, n, "%zu outputs", ns);
	if (a == NULL && in_t(c, n, 1) != NULL) {
		if ((rc = values_of(c, n, 1, &v, &count)) != 0)
			return rc;
		for (i = 0; i < count && i < ns; i++)
			if (value_int(c, n, v[i], "a split size", &sizes[i]) < 0)
				return -1;
	} else if (a != NULL) {
		for (i = 0; i < count && i < ns; i++)
			sizes[i] = a[i];
	} else {
		/* equal parts; a smaller last one (opset 18) */
		count = ns;
		if (!ck_div_ceil(x->d[ax], (int64_t)ns, &sizes[0]))
			return overflow(c, n, "an equal split");
		for (i = 1; i < ns; i++)
			sizes[i] = sizes[0];
		sizes[ns - 1] = x->d[ax] - sizes[0] * (int64_t)(ns - 1);	/* ≤ d: no overflow */
	}
	for (i = 0; i < ns && count == ns; i++)
		if (sizes[i] < 0 || !ck_add(sum, sizes[i], &sum))
			return node_fail(c, n, "the split sizes do not add up to %lld",
					 (long long)x->d[ax]);
	if (count != ns || sum != x->d[ax])
		return node_fail(c, n, "the split sizes do not add up to %lld", (long long)x->d[ax]);
	memcpy(out, x->d, sizeof(out));
	for (i = 0; i < ns; i++) {
		out[ax] = sizes[i];
		if (set_out(c, n, i, x->rank, out, NULL) < 0)
			return -1;
	}
	return 0;
}

static int
infer_pad(struct octx *c, const struct onode *n, struct counts *k)
{
	struct tensor *x;
	int64_t out[MODEL_MAX_RANK];
	size_t count, i;
	const int64_t *a = attr_ints(n, "pads", &count);
	const double *v = NULL;
	int rc = -1;

	(void)k;
	if (need(c, n, 0, &x) < 0)
		return -1;
	if (a == NULL && (rc = values_of(c, n, 1, &v, &count)) != 0)
		return rc;
	if (count != (size_t)(2 * x->rank))
		return node_fail(c, n, "%zu pads for rank %d", count, x->rank);
	for (i = 0; i < (size_t)x->rank; i++) {
		int64_t before, after;

		if (a != NULL) {
			before = a[i];
			after = a[i + count / 2];
		} else if (value_int(c, n, v[i], "a pad", &before) < 0 ||
			   value_int(c, n, v[i + count / 2], "a pad", &after) < 0) {
			return -1;
		}
		if (!ck_add(x->d[i], before, &out[i]) || !ck_add(out[i], after, &out[i]))
			return overflow(c, n, "a padded dimension");
	}
	return set_out(c, n, 0, x->rank, out, NULL);
}

static int
infer_constant(struct octx *c, const struct onode *n, struct counts *k)
{
	const struct attr *a;
	struct tensor *y = out_t(c, n, 0);
	int64_t len;

	(void)k;
	if ((a = attr_find(n, "value")) != NULL && a->has_t) {
		if (set_out(c, n, 0, a->t_rank, a->t_d, a->t_val) < 0)
			return -1;
		if (y != NULL)
			y->dtype = a->t_dtype;
	} else if ((a = attr_find(n, "value_int")) != NULL || (a = attr_find(n, "value_float")) != NULL) {
		double v = a->has_i ? (double)a->i : a->f;
		int64_t scalar[1] = { 0 };

		if (set_out(c, n, 0, 0, scalar, &v) < 0)
			return -1;
		if (y != NULL)
			y->dtype = a->has_i ? DT_INT64 : DT_FLOAT;
	} else if ((a = attr_find(n, "value_ints")) != NULL || (a = attr_find(n, "value_floats")) != NULL) {
		double vals[MAX_VALUES];
		size_t i, cnt = a->nints ? a->nints : a->nfloats;

		len = (int64_t)cnt;
		for (i = 0; i < cnt && i < MAX_VALUES; i++)
			vals[i] = a->nints ? (double)a->ints[i] : a->floats[i];
		if (set_out(c, n, 0, 1, &len, cnt <= MAX_VALUES ? vals : NULL) < 0)
			return -1;
		if (y != NULL)
			y->dtype = a->nints ? DT_INT64 : DT_FLOAT;
	} else {
		return node_fail(c, n, "a Constant without a value mlfit understands");
	}
	if (y != NULL)
		y->is_const = true;
	return 0;
}

static int
dims_from_values(struct octx *c, const struct onode *n, const double *v, size_t nv, int64_t *d)
{
	size_t i;

	if (nv > MODEL_MAX_RANK)
		return node_fail(c, n, "a shape of rank %zu, more than mlfit handles (%d)", nv,
				 MODEL_MAX_RANK);
	for (i = 0; i < nv; i++)
		if (value_int(c, n, v[i], "a dimension", &d[i]) < 0)
			return -1;
	return 0;
}

static int
infer_constant_of_shape(struct octx *c, const struct onode *n, struct counts *k)
{
	const struct attr *a = attr_find(n, "value");
	const double *v;
	double vals[MAX_VALUES], fill = a && a->t_val ? a->t_val[0] : 0;
	int64_t d[MODEL_MAX_RANK];
	size_t nv, i;
	int rc = -1;

	(void)k;
	if ((rc = values_of(c, n, 0, &v, &nv)) != 0 || dims_from_values(c, n, v, nv, d) < 0)
		return rc ? rc : -1;
	for (i = 0; i < MAX_VALUES; i++)
		vals[i] = fill;
	if (set_out(c, n, 0, (int)nv, d, vals) < 0)
		return -1;
	if (out_t(c, n, 0) != NULL)
		out_t(c, n, 0)->dtype = a && a->has_t ? a->t_dtype : DT_FLOAT;
	return 0;
}

/* Expand: broadcast the input against a shape given as values. */
static int
infer_expand(struct octx *c, const struct onode *n, struct counts *k)
{
	struct tensor *x, shape_t = { .rank = 1 };
	const double *v;
	int64_t d[MODEL_MAX_RANK], out[MODEL_MAX_RANK];
	size_t nv;
	int rank, rc = -1, i;
	char a[128], b[128];

	(void)k;
	if (need(c, n, 0, &x) < 0 || (rc = values_of(c, n, 1, &v, &nv)) != 0)
		return rc;
	if (dims_from_values(c, n, v, nv, shape_t.d) < 0)
		return -1;
	shape_t.rank = (int)nv;
	rank = x->rank > shape_t.rank ? x->rank : shape_t.rank;
	for (i = 0; i < rank; i++) {
		int xi = i - (rank - x->rank), si = i - (rank - shape_t.rank);
		int64_t dx = xi >= 0 ? x->d[xi] : 1, ds = si >= 0 ? shape_t.d[si] : 1;

		if (dx != ds && dx != 1 && ds != 1)
			return node_fail(c, n, "cannot expand %s to %s", fmt(x->d, x->rank, a, sizeof(a)),
					 fmt(shape_t.d, shape_t.rank, b, sizeof(b)));
		d[i] = dx == 1 ? ds : dx;
	}
	memcpy(out, d, sizeof(out));
	if (x->val != NULL && x->elems == 1 && rank <= 1) {
		/* one value broadcast to every output element, not read past its buffer */
		double vals[MAX_VALUES];
		int64_t e = rank == 0 ? 1 : out[0], j;

		for (j = 0; j < e && j < MAX_VALUES; j++)
			vals[j] = x->val[0];
		return set_out(c, n, 0, rank, out, e >= 0 && e <= MAX_VALUES ? vals : NULL);
	}
	return set_out(c, n, 0, rank, out, NULL);
}

static int
infer_range(struct octx *c, const struct onode *n, struct counts *k)
{
	const double *s, *l, *dl;
	size_t ns, nl, nd, i;
	double vals[MAX_VALUES];
	int64_t len;
	int rc = -1;

	(void)k;
	if ((rc = values_of(c, n, 0, &s, &ns)) != 0 || (rc = values_of(c, n, 1, &l, &nl)) != 0 ||
	    (rc = values_of(c, n, 2, &dl, &nd)) != 0)
		return rc;
	if (ns != 1 || nl != 1 || nd != 1 || dl[0] == 0)
		return node_fail(c, n, "start, limit and delta must be non-zero scalars");
	if (value_int(c, n, fmax(ceil((l[0] - s[0]) / dl[0]), 0), "the length of the range",
		      &len) < 0)
		return -1;
	for (i = 0; i < (size_t)len && i < MAX_VALUES; i++)
		vals[i] = s[0] + (double)i * dl[0];
	return set_out(c, n, 0, 1, &len, len <= MAX_VALUES ? vals : NULL);
}

static int
infer_tile(struct octx *c, const struct onode *n, struct counts *k)
{
	struct tensor *x;
	const double *v;
	int64_t out[MODEL_MAX_RANK];
	size_t nv;
	int i, rc = -1;

	(void)k;
	if (need(c, n, 0, &x) < 0 || (rc = values_of(c, n, 1, &v, &nv)) != 0)
		return rc;
	if (nv != (size_t)x->rank)
		return node_fail(c, n, "%zu repeats for rank %d", nv, x->rank);
	for (i = 0; i < x->rank; i++)
		if (!(v[i] >= 1 && v[i] < 9.2e18) || !ck_mul(x->d[i], (int64_t)v[i], &out[i]))
			return node_fail(c, n, "repeats must be positive and the shape product must "
					 "fit 64 bits");
	return set_out(c, n, 0, x->rank, out, NULL);
}

/* ReduceMean, ReduceSum, …, ArgMax: one FLOP per input element. */
static int
infer_reduce(struct octx *c, const struct onode *n, struct counts *k)
{
	struct tensor *x;
	int64_t axes[MODEL_MAX_RANK], out[MODEL_MAX_RANK];
	bool red[MODEL_MAX_RANK] = { false }, keep = attr_i(n, "keepdims", 1) != 0;
	size_t na, i;
	int r = 0, j, ax = 0, rc = -1;

	if (need(c, n, 0, &x) < 0)
		return -1;
	if (strncmp(n->op, "Arg", 3) == 0) {
		axes[0] = attr_i(n, "axis", 0);
		na = 1;
	} else if ((rc = axes_of(c, n, 1, axes, &na)) != 0) {
		return rc;
	}
	for (i = 0; i < na; i++) {
		if (norm_axis(c, n, axes[i], x->rank, &ax) < 0)
			return -1;
		red[ax] = true;
	}
	for (j = 0; j < x->rank; j++) {
		bool gone = na > 0 ? red[j] : attr_i(n, "noop_with_empty_axes", 0) == 0;

		if (!gone)
			out[r++] = x->d[j];
		else if (keep)
			out[r++] = 1;
	}
	k->other = x->elems;
	return set_out(c, n, 0, r, out, NULL);
}

struct op {
	const char *onnx, *type;
	int (*infer)(struct octx *, const struct onode *, struct counts *);
	bool view;
};

static const struct op ops[] = {
	{ "Conv", NULL, infer_conv, false },
	{ "MaxPool", "maxpool", infer_pool, false },
	{ "AveragePool", "avgpool", infer_pool, false },
	{ "LpPool", "lppool", infer_pool, false },
	{ "GlobalAveragePool", "globalavgpool", infer_global_pool, false },
	{ "GlobalMaxPool", "globalmaxpool", infer_global_pool, false },
	{ "Gemm", "linear", infer_gemm, false },
	{ "MatMul", NULL, infer_matmul, false },
	{ "Add", "add", infer_elementwise, false }, { "Sub", "sub", infer_elementwise, false },
	{ "Mul", "mul", infer_elementwise, false }, { "Div", "div", infer_elementwise, false },
	{ "Pow", "pow", infer_elementwise, false }, { "Max", "max", infer_elementwise, false },
	{ "Min", "min", infer_elementwise, false }, { "Sum", "sum", infer_elementwise, false },
	{ "Mean", "mean", infer_elementwise, false }, { "Mod", "div", infer_elementwise, false },
	{ "Equal", "equal", infer_elementwise, false }, { "Less", "less", infer_elementwise, false },
	{ "Greater", "greater", infer_elementwise, false },
	{ "LessOrEqual", "less", infer_elementwise, false },
	{ "GreaterOrEqual", "greater", infer_elementwise, false },
	{ "Where", "where", infer_elementwise, false }, { "And", "and", infer_elementwise, false },
	{ "Or", "or", infer_elementwise, false }, { "PRelu", "prelu", infer_elementwise, false },
	{ "Relu", "relu", infer_same, false }, { "Clip", "clip", infer_same, false },
	{ "LeakyRelu", "leakyrelu", infer_same, false }, { "Elu", "elu", infer_same, false },
	{ "Selu", "elu", infer_same, false }, { "Sigmoid", "sigmoid", infer_same, false },
	{ "Tanh", "tanh", infer_same, false }, { "Gelu", "gelu", infer_same, false },
	{ "HardSigmoid", "hardsigmoid", infer_same, false },
	{ "HardSwish", "hardswish", infer_same, false },
	{ "Softplus", "softplus", infer_same, false }, { "Erf", "erf", infer_same, false },
	{ "Exp", "exp", infer_same, false }, { "Log", "log", infer_same, false },
	{ "Sqrt", "sqrt", infer_same, false }, { "Neg", "neg", infer_same, false },
	{ "Abs", "abs", infer_same, false }, { "Reciprocal", "reciprocal", infer_same, false },
	{ "Floor", "floor", infer_same, false }, { "Ceil", "ceil", infer_same, false },
	{ "Sin", "sin", infer_same, false }, { "Cos", "cos", infer_same, false },
	{ "Sign", "sign", infer_same, false }, { "Round", "round", infer_same, false },
	{ "Not", "not", infer_same, false },
	{ "Softmax", "softmax", infer_same, false }, { "LogSoftmax", "softmax", infer_same, false },
	{ "BatchNormalization", "batchnorm", infer_same, false },
	{ "LayerNormalization", "layernorm", infer_same, false },
	{ "InstanceNormalization", "instancenorm", infer_same, false },
	{ "GroupNormalization", "groupnorm", infer_same, false },
	{ "Cast", "cast", infer_same, false }, { "Trilu", "trilu", infer_same, false },
	{ "Dropout", "dropout", infer_same, true }, { "Identity", "identity", infer_same, true },
	{ "Flatten", "flatten", infer_flatten, true },
	{ "Reshape", "reshape", infer_reshape, true },
	{ "Squeeze", "squeeze", infer_squeeze, true },
	{ "Unsqueeze", "unsqueeze", infer_unsqueeze, true },
	{ "Transpose", "transpose", infer_transpose, false },
	{ "Concat", "concat", infer_concat, false },
	{ "Gather", NULL, infer_gather, false },
	{ "Slice", "slice", infer_slice, false },
	{ "Split", "split", infer_split, false },
	{ "Pad", "pad", infer_pad, false },
	{ "Expand", "expand", infer_expand, false },
	{ "Tile", "tile", infer_tile, false },
	{ "Shape", "shape", infer_shape, true },
	{ "Size", "size", infer_size, true },
	{ "Constant", "constant", infer_constant, true },
	{ "ConstantOfShape", "constantofshape", infer_constant_of_shape, false },
	{ "Range", "range", infer_range, false },
	{ "ReduceMean", "reducemean", infer_reduce, false },
	{ "ReduceSum", "reducesum", infer_reduce, false },
	{ "ReduceMax", "reducemax", infer_reduce, false },
	{ "ReduceMin", "reducemin", infer_reduce, false },
	{ "ReduceProd", "reduceprod", infer_reduce, false },
	{ "ReduceL2", "reducel2", infer_reduce, false },
	{ "ReduceSumSquare", "reducesumsquare", infer_reduce, false },
	{ "ArgMax", "argmax", infer_reduce, false },
	{ "ArgMin", "argmin", infer_reduce, false },
};

static const struct op *
find_op(const struct onode *n)
{
	size_t i;

	if (!n->std_domain)
		return NULL;
	for (i = 0; i < NELEMS(ops); i++)
		if (strcmp(ops[i].onnx, n->op) == 0)
			return &ops[i];
	return NULL;
}

/* ---- ordering ---- */

static int
link_producers(struct octx *c)
{
	size_t i, j;

	for (i = 0; i < c->nn; i++) {
		for (j = 0; j < c->nodes[i].nout; j++) {
			struct tensor *t = out_t(c, &c->nodes[i], j);

			if (t == NULL)
				continue;
			if (t->producer >= 0)
				return file_fail(c, "tensor '%s' is the output of two nodes, '%s' and '%s'",
						 t->name, c->nodes[t->producer].name, c->nodes[i].name);
			if (t->init || t->is_input)
				return node_fail(c, &c->nodes[i], "its output '%s' is also a graph input "
						 "or an initializer", t->name);
			t->producer = (int)i;
		}
	}
	return 0;
}

/* A node on the cycle that keeps `start` from being ordered. */
static size_t
on_cycle(struct octx *c, const size_t *indeg, size_t start)
{
	size_t v = start, steps, j;

	/* walking back through unordered producers nn times must end inside a cycle */
	for (steps = 0; steps < c->nn; steps++) {
		for (j = 0; j < c->nodes[v].nin; j++) {
			const struct tensor *t = in_t(c, &c->nodes[v], j);

			if (t != NULL && t->producer >= 0 && indeg[t->producer] > 0) {
				v = (size_t)t->producer;
				break;
			}
		}
	}
	return v;
}

/* Kahn's algorithm: the nodes in an order where inputs come first. */
static int
order_nodes(struct octx *c, size_t *order)
{
	size_t *indeg = xcalloc(c->nn + 1, sizeof(*indeg)), *first = xcalloc(c->nn + 2, sizeof(*first));
	size_t *succ, head = 0, tail = 0, i, j, nedges = 0;
	int rc = 0;

	for (i = 0; i < c->nn && rc == 0; i++) {
		for (j = 0; j < c->nodes[i].nin; j++) {
			const struct tensor *t = in_t(c, &c->nodes[i], j);

			if (t == NULL)
				continue;
			if (t->producer >= 0) {
				indeg[i]++;
				first[t->producer + 1]++;
				nedges++;
			} else if (!t->init && !t->is_input) {
				rc = node_fail(c, &c->nodes[i], "input '%s' is neither a graph input, an "
					       "initializer nor another node's output", t->name);
				break;
			}
		}
	}
	for (i = 0; i < c->nn; i++)
		first[i + 1] += first[i];
	succ = xcalloc(nedges + 1, sizeof(*succ));
	for (i = 0; i < c->nn && rc == 0; i++) {
		for (j = 0; j < c->nodes[i].nin; j++) {
			const struct tensor *t = in_t(c, &c->nodes[i], j);

			if (t != NULL && t->producer >= 0)
				succ[first[t->producer]++] = i;
		}
	}
	/* first[v] now ends v's successors; they start where v-1's end */
	for (i = 0; i < c->nn && rc == 0; i++)
		if (indeg[i] == 0)
			order[tail++] = i;
	while (head < tail && rc == 0) {
		size_t v = order[head++], from = v ? first[v - 1] : 0;

		for (j = from; j < first[v]; j++)
			if (--indeg[succ[j]] == 0)
				order[tail++] = succ[j];
	}
	if (rc == 0 && tail < c->nn) {
		for (i = 0; indeg[i] == 0; i++)
			;
		rc = file_fail(c, "the graph has a cycle through node '%s'",
			       c->nodes[on_cycle(c, indeg, i)].name);
	}
	free(indeg);
	free(first);
	free(succ);
	return rc;
}

/* ---- walking ---- */

static void
note_unsupported(struct octx *c, const struct onode *n, bool guessed)
{
	size_t i;

	for (i = 0; i < c->nunsup; i++)
		if (strcmp(c->unsup[i].op, n->op) == 0)
			break;
	if (i == c->nunsup) {
		XGROW(c->unsup, c->cap_unsup, c->nunsup + 1);
		memset(&c->unsup[i], 0, sizeof(c->unsup[i]));
		c->unsup[i].op = n->op;
		c->unsup[i].node = n->name;
		c->nunsup++;
	}
	c->unsup[i].count++;
	c->unsup[i].guessed += guessed;
}

/*
 * Outputs the rules could not shape: value_info's shape, else (for an
 * operator without a rule) its first input's.
 */
static int
fallback_shapes(struct octx *c, const struct onode *n, bool unsupported, bool *guessed)
{
	struct tensor *x = in_t(c, n, 0);
	size_t i;

	for (i = 0; i < n->nout; i++) {
		struct tensor *t = out_t(c, n, i);

		if (t == NULL || t->rank >= 0)
			continue;
		if (t->vi_rank >= 0) {
			if (set_out(c, n, i, t->vi_rank, t->vi_d, NULL) < 0)
				return -1;
		} else if (unsupported && x != NULL && x->rank >= 0) {
			if (set_out(c, n, i, x->rank, x->d, NULL) < 0)
				return -1;
			*guessed = true;
		} else if (unsupported) {
			return node_fail(c, n, "the operator is not supported and the file gives no "
					 "shape for its output '%s'", t->name);
		} else {
			return node_fail(c, n, "cannot infer the shape of '%s' (an input that sets it "
					 "is not a constant) and the file gives none", t->name);
		}
	}
	return 0;
}

/* Work that does not depend on the sample: constants and shape arithmetic. */
static bool
is_bookkeeping(struct octx *c, const struct onode *n)
{
	bool all_vals = n->nout > 0, all_const = true;
	size_t i;

	for (i = 0; i < n->nout; i++)
		if (out_t(c, n, i) != NULL && out_t(c, n, i)->val == NULL)
			all_vals = false;
	for (i = 0; i < n->nin; i++) {
		const struct tensor *t = in_t(c, n, i);

		if (t != NULL && !t->init && !t->is_const)
			all_const = false;
	}
	return all_vals || all_const;
}

/* A per-sample shape: without the batch axis. */
static void
sample_shape(const struct octx *c, const struct tensor *t, int *rank, int64_t *d)
{
	int drop = t != NULL && t->rank >= 2 && t->d[0] == c->batch_n;

	*rank = 0;
	if (t == NULL || t->rank < 0)
		return;
	*rank = t->rank - drop;
	memcpy(d, t->d + drop, (size_t)*rank * sizeof(*d));
}

static void
count_params(struct octx *c, const struct onode *n, struct layer *l)
{
	bool bn = strcmp(n->op, "BatchNormalization") == 0;
	size_t i;

	for (i = 0; i < n->nin; i++) {
		struct tensor *t = in_t(c, n, i), *r;

		/* BatchNormalization's running mean and variance are statistics, not parameters */
		if (t == NULL || !t->init || (bn && i >= 3))
			continue;
		r = &c->t[t->root];
		if (r->counted || r->rank < 1 || !is_param_type(r->dtype))
			continue;
		l->params += r->elems;
		r->counted = true;
	}
}

static void
emit_layer(struct octx *c, const struct onode *n, const struct counts *k, bool counted)
{
	char type[64];
	const struct tensor *x = NULL;
	struct layer *l;
	double b = (double)c->batch_n;
	size_t i;

	if (k->type == NULL) {
		for (i = 0; n->op[i] != '\0' && i + 1 < sizeof(type); i++)
			type[i] = (char)(n->op[i] >= 'A' && n->op[i] <= 'Z' ? n->op[i] - 'A' + 'a' : n->op[i]);
		type[i] = '\0';
	}
	l = profile_add_layer(c->p, n->name, k->type ? k->type : type);
	for (i = 0; i < n->nin && x == NULL; i++)
		if (in_t(c, n, i) != NULL && !in_t(c, n, i)->init && !in_t(c, n, i)->is_const)
			x = in_t(c, n, i);
	sample_shape(c, x ? x : in_t(c, n, 0), &l->in_rank, l->in_shape);
	sample_shape(c, out_t(c, n, 0), &l->out_rank, l->out_shape);
	l->macs = k->macs / b;
	l->other_flops = k->other / b;
	l->counted = counted;
	count_params(c, n, l);
	for (i = 0; i < n->nin && !k->view; i++)
		if (in_t(c, n, i) != NULL && !in_t(c, n, i)->init && !in_t(c, n, i)->is_const)
			l->act_in += in_t(c, n, i)->elems / b;
	for (i = 0; i < n->nout && !k->view; i++)
		if (out_t(c, n, i) != NULL)
			l->act_out += out_t(c, n, i)->elems / b;
}

static int
walk_node(struct octx *c, const struct onode *n)
{
	const struct op *op = find_op(n);
	struct counts k = { .type = op ? op->type : NULL, .view = op ? op->view : false };
	bool guessed = false;
	size_t i;
	int rc = op ? op->infer(c, n, &k) : CANNOT;

	if (rc < 0 || (rc == CANNOT && fallback_shapes(c, n, op == NULL, &guessed) < 0))
		return -1;
	/* dtypes follow the first input unless the rule said otherwise */
	for (i = 0; i < n->nout; i++)
		if (out_t(c, n, i) != NULL && out_t(c, n, i)->dtype == 0 && in_t(c, n, 0) != NULL)
			out_t(c, n, i)->dtype = in_t(c, n, 0)->dtype;
	if (op == NULL)
		note_unsupported(c, n, guessed);
	if (op != NULL && is_bookkeeping(c, n))
		return 0;
	emit_layer(c, n, &k, op != NULL);
	return 0;
}

static void
warn_unsupported(const struct octx *c)
{
	size_t i;

	for (i = 0; i < c->nunsup; i++) {
		const struct unsupported *u = &c->unsup[i];
		char more[64] = "";

		if (u->count > 1)
			snprintf(more, sizeof(more), " and %zu more", u->count - 1);
		log_warn("%s: operator %s (node '%s'%s) is not supported: counted as 0 FLOPs, with "
			 "its memory traffic%s", c->path, u->op, u->node, more,
			 u->guessed ? "; its output shape is assumed to be its input's" : "");
	}
}

static void
describe_input(struct octx *c)
{
	char buf[128];
	int64_t d[MODEL_MAX_RANK];
	int rank;
	size_t i;

	for (i = 0; i < c->nt; i++) {
		if (!c->t[i].is_input)
			continue;
		sample_shape(c, &c->t[i], &rank, d);
		if (c->seq_used && rank == 1)
			snprintf(buf, sizeof(buf), "seq %u", c->seq);
		else
			fmt(d, rank, buf, sizeof(buf));
		c->p->input = arena_strdup(&c->p->arena, buf);
		return;
	}
}

/* Exporters write nodes in order; the per-layer table should keep it. */
static bool
in_file_order(struct octx *c, size_t *order)
{
	size_t i, j;

	for (i = 0; i < c->nn; i++) {
		for (j = 0; j < c->nodes[i].nin; j++) {
			const struct tensor *t = in_t(c, &c->nodes[i], j);

			if (t != NULL && (t->producer >= (int)i ||
					  (t->producer < 0 && !t->init && !t->is_input)))
				return false;
		}
		order[i] = i;
	}
	return true;
}

static int
walk(struct octx *c)
{
	size_t *order = xcalloc(c->nn + 1, sizeof(*order)), i;
	int rc = link_producers(c);

	if (rc == 0 && !in_file_order(c, order))
		rc = order_nodes(c, order);
	for (i = 0; rc == 0 && i < c->nn; i++)
		rc = walk_node(c, &c->nodes[order[i]]);
	free(order);
	return rc;
}

static int
load(struct octx *c)
{
	if (scan_model(c) < 0 ||
	    read_value_infos(c, c->input_msgs, c->n_input_msgs, add_input, "a graph input") < 0 ||
	    read_value_infos(c, c->vi_msgs, c->n_vi_msgs, add_value_info, "a value_info") < 0 ||
	    read_nodes(c) < 0)
		return -1;
	if (c->nn == 0)
		return file_fail(c, "the graph has no nodes");
	if (c->batch_set || c->batch_n <= 0)
		c->batch_n = c->batch_set ? c->batch : 1;
	if (walk(c) < 0)
		return -1;
	warn_unsupported(c);
	describe_input(c);
	profile_sum(c->p);
	return 0;
}

static int
map_file(struct octx *c, void **map)
{
	struct stat st;
	int fd = open(c->path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return file_fail(c, "cannot open: %s", strerror(errno));
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return file_fail(c, "not a regular file");
	}
	if (st.st_size == 0) {
		close(fd);
		return file_fail(c, "empty file: not an ONNX model");
	}
	*map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (*map == MAP_FAILED)
		return file_fail(c, "cannot map: %s", strerror(errno));
	/* the weights are stepped over: reading them ahead would only fill memory */
	madvise(*map, (size_t)st.st_size, MADV_RANDOM);
	c->base = *map;
	c->size = (size_t)st.st_size;
	c->mapped = true;
	return 0;
}

static const char *
model_name(const char *path, char *buf, size_t size)
{
	const char *slash = strrchr(path, '/'), *b = slash ? slash + 1 : path;
	size_t len = strlen(b);

	if (len > 5 && strcmp(b + len - 5, ".onnx") == 0)
		len -= 5;
	snprintf(buf, size, "%.*s", (int)len, b);
	return buf;
}

static void
release(struct octx *c, void *map)
{
	if (map != NULL)
		munmap(map, c->size);
	arena_release(&c->work);
	free(c->t);
	free(c->hash);
	free(c->node_msgs);
	free(c->input_msgs);
	free(c->vi_msgs);
	free(c->unsup);
}

struct profile *
profile_load_onnx(const char *path, unsigned batch, unsigned seq, struct mlf_err *err)
{
	struct octx c = { .path = path, .batch = batch ? batch : 1, .seq = seq, .err = err };
	void *map = NULL;
	char name[256];
	int rc = -1;

	arena_init(&c.work);
	c.p = profile_new(model_name(path, name, sizeof(name)), "onnx");
	rc = map_file(&c, &map);
	if (rc == 0)
		rc = load(&c);
	if (rc == 0 && c.seq_used)
		c.p->seq = c.seq;
	release(&c, map);
	if (rc < 0) {
		profile_free(c.p);
		return NULL;
	}
	return c.p;
}
