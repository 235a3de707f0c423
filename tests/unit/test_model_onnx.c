/*
 * test_model_onnx.c — the ONNX importer, on graphs built here with the
 * protobuf-c code generated from onnx.proto: what protobuf-c packs, the
 * importer's own wire scanner must read.  Corrupt files are made by
 * cutting and flipping bytes of a real one; under the sanitizers these
 * loops are the check that no length goes unchecked.
 */
#include "config.h"

#include <stdint.h>
#include <string.h>
#include <unistd.h>

#include <protobuf-c/protobuf-c.h>

#include "helpers.h"
#include "log.h"
#include "model.h"
#include "onnx.pb-c.h"

/* ---- everything a test builds is freed at once ---- */

static void *pool[8192];
static size_t npool;

static void *
palloc(size_t size)
{
	void *p = calloc(1, size ? size : 1);

	assert_non_null(p);
	assert_true(npool < sizeof(pool) / sizeof(pool[0]));
	pool[npool++] = p;
	return p;
}

static char *
pstr(const char *s)
{
	return strcpy(palloc(strlen(s) + 1), s);
}

static void
pool_release(void)
{
	while (npool > 0)
		free(pool[--npool]);
}

/* ---- building graphs ---- */

struct graph {
	Onnx__NodeProto *nodes[64];
	Onnx__TensorProto *inits[64];
	Onnx__ValueInfoProto *inputs[8], *infos[8];
	size_t nn, ni, nin, ninfo;
};

/* "a,b,c" → a NULL-free array of copies */
static char **
split(const char *list, size_t *n)
{
	char **out = palloc(16 * sizeof(*out)), *copy = pstr(list), *tok, *save = NULL;

	*n = 0;
	for (tok = strtok_r(copy, ",", &save); tok != NULL; tok = strtok_r(NULL, ",", &save))
		out[(*n)++] = strcmp(tok, "-") == 0 ? pstr("") : tok;
	return out;
}

static Onnx__NodeProto *
node(struct graph *g, const char *op, const char *name, const char *ins, const char *outs)
{
	Onnx__NodeProto *n = palloc(sizeof(*n));

	onnx__node_proto__init(n);
	n->op_type = pstr(op);
	n->name = pstr(name);
	n->input = split(ins, &n->n_input);
	n->output = split(outs, &n->n_output);
	n->attribute = palloc(8 * sizeof(*n->attribute));
	g->nodes[g->nn++] = n;
	return n;
}

static Onnx__AttributeProto *
attr(Onnx__NodeProto *n, const char *name, Onnx__AttributeProto__AttributeType type)
{
	Onnx__AttributeProto *a = palloc(sizeof(*a));

	onnx__attribute_proto__init(a);
	a->name = pstr(name);
	a->has_type = true;
	a->type = type;
	n->attribute[n->n_attribute++] = a;
	return a;
}

static void
attr_int(Onnx__NodeProto *n, const char *name, int64_t v)
{
	Onnx__AttributeProto *a = attr(n, name, ONNX__ATTRIBUTE_PROTO__ATTRIBUTE_TYPE__INT);

	a->has_i = true;
	a->i = v;
}

static void
attr_ints(Onnx__NodeProto *n, const char *name, const int64_t *v, size_t k)
{
	Onnx__AttributeProto *a = attr(n, name, ONNX__ATTRIBUTE_PROTO__ATTRIBUTE_TYPE__INTS);

	a->ints = palloc(k * sizeof(*v));
	memcpy(a->ints, v, k * sizeof(*v));
	a->n_ints = k;
}

static Onnx__TensorProto *
tensor(struct graph *g, const char *name, const int64_t *dims, size_t nd, int32_t type,
       size_t elem_size)
{
	Onnx__TensorProto *t = palloc(sizeof(*t));
	size_t i, n = 1;

	onnx__tensor_proto__init(t);
	t->name = pstr(name);
	t->dims = palloc(nd * sizeof(*dims));
	memcpy(t->dims, dims, nd * sizeof(*dims));
	t->n_dims = nd;
	t->has_data_type = true;
	t->data_type = type;
	for (i = 0; i < nd; i++)
		n *= (size_t)dims[i];
	t->has_raw_data = true;
	t->raw_data.len = n * elem_size;
	t->raw_data.data = palloc(t->raw_data.len);
	g->inits[g->ni++] = t;
	return t;
}

/* A float32 weight, its data written out (zeros): a real, complete file. */
static void
weight(struct graph *g, const char *name, const int64_t *dims, size_t nd)
{
	tensor(g, name, dims, nd, ONNX__TENSOR_PROTO__DATA_TYPE__FLOAT, 4);
}

static void
int64s(struct graph *g, const char *name, const int64_t *v, size_t k)
{
	int64_t dims[1] = { (int64_t)k };
	Onnx__TensorProto *t = tensor(g, name, dims, 1, ONNX__TENSOR_PROTO__DATA_TYPE__INT64, 8);

	memcpy(t->raw_data.data, v, k * 8);
}

/* A symbolic dimension: "batch" first, "sequence" after. */
#define SYMBOLIC INT64_MIN

/* A graph input or value_info; every other value is written as dim_value, 0 and negatives too. */
static Onnx__ValueInfoProto *
value_info(const char *name, const int64_t *dims, size_t nd, int32_t elem)
{
	Onnx__ValueInfoProto *vi = palloc(sizeof(*vi));
	Onnx__TypeProto *tp = palloc(sizeof(*tp));
	Onnx__TypeProto__Tensor *tt = palloc(sizeof(*tt));
	Onnx__TensorShapeProto *sp = palloc(sizeof(*sp));
	size_t i;

	onnx__value_info_proto__init(vi);
	onnx__type_proto__init(tp);
	onnx__type_proto__tensor__init(tt);
	onnx__tensor_shape_proto__init(sp);
	vi->name = pstr(name);
	vi->type = tp;
	tp->value_case = ONNX__TYPE_PROTO__VALUE_TENSOR_TYPE;
	tp->tensor_type = tt;
	tt->has_elem_type = true;
	tt->elem_type = elem;
	tt->shape = sp;
	sp->dim = palloc(nd * sizeof(*sp->dim));
	sp->n_dim = nd;
	for (i = 0; i < nd; i++) {
		Onnx__TensorShapeProto__Dimension *d = palloc(sizeof(*d));

		onnx__tensor_shape_proto__dimension__init(d);
		if (dims[i] != SYMBOLIC) {
			d->value_case = ONNX__TENSOR_SHAPE_PROTO__DIMENSION__VALUE_DIM_VALUE;
			d->dim_value = dims[i];
		} else {
			d->value_case = ONNX__TENSOR_SHAPE_PROTO__DIMENSION__VALUE_DIM_PARAM;
			d->dim_param = pstr(i == 0 ? "batch" : "sequence");
		}
		sp->dim[i] = d;
	}
	return vi;
}

static void
input(struct graph *g, const char *name, const int64_t *dims, size_t nd)
{
	g->inputs[g->nin++] = value_info(name, dims, nd, ONNX__TENSOR_PROTO__DATA_TYPE__FLOAT);
}

static uint8_t *
pack(const struct graph *g, size_t *len)
{
	Onnx__ModelProto m;
	Onnx__GraphProto gp;
	Onnx__OperatorSetIdProto opset, *opsets[1] = { &opset };
	uint8_t *buf;

	onnx__model_proto__init(&m);
	onnx__graph_proto__init(&gp);
	onnx__operator_set_id_proto__init(&opset);
	opset.domain = pstr("");
	opset.has_version = true;
	opset.version = 13;
	gp.name = pstr("test");
	gp.node = (Onnx__NodeProto **)g->nodes;
	gp.n_node = g->nn;
	gp.initializer = (Onnx__TensorProto **)g->inits;
	gp.n_initializer = g->ni;
	gp.input = (Onnx__ValueInfoProto **)g->inputs;
	gp.n_input = g->nin;
	gp.value_info = (Onnx__ValueInfoProto **)g->infos;
	gp.n_value_info = g->ninfo;
	m.has_ir_version = true;
	m.ir_version = 8;
	m.graph = &gp;
	m.opset_import = opsets;
	m.n_opset_import = 1;
	*len = onnx__model_proto__get_packed_size(&m);
	buf = palloc(*len);
	onnx__model_proto__pack(&m, buf);
	return buf;
}

static const char *
write_file(const uint8_t *buf, size_t len)
{
	static char path[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s/mlfit-onnx-%ld.onnx", getenv("TMPDIR") ? getenv("TMPDIR")
		 : "/tmp", (long)getpid());
	f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(buf, 1, len, f), len);
	fclose(f);
	return path;
}

static struct profile *
load_graph(const struct graph *g, unsigned batch, unsigned seq, struct mlf_err *err)
{
	size_t len;
	uint8_t *buf = pack(g, &len);
	const char *path = write_file(buf, len);
	struct profile *p = profile_load_onnx(path, batch, seq, err);

	unlink(path);
	return p;
}

static void
expect_error(const struct graph *g, unsigned seq, const char *needle)
{
	struct mlf_err err;

	mlf_err_init(&err);
	assert_null(load_graph(g, 1, seq, &err));
	assert_int_equal(err.code, MLF_E_DATA);
	if (strstr(err.msg, needle) == NULL)
		fail_msg("'%s' does not say '%s'", err.msg, needle);
}

/*
 * A small CNN: Conv 3→8 (3x3, pad 1) → BatchNormalization → Relu →
 * GlobalAveragePool → Flatten → Gemm 8→10, on 1x3x32x32.
 */
static void
small_cnn(struct graph *g)
{
	static const int64_t x[] = { 1, 3, 32, 32 }, w[] = { 8, 3, 3, 3 }, c[] = { 8 },
		fc[] = { 10, 8 }, fb[] = { 10 }, k[] = { 3, 3 }, pads[] = { 1, 1, 1, 1 };
	Onnx__NodeProto *n;

	input(g, "x", x, 4);
	weight(g, "w", w, 4);
	weight(g, "scale", c, 1);
	weight(g, "bias", c, 1);
	weight(g, "mean", c, 1);
	weight(g, "var", c, 1);
	weight(g, "fc.w", fc, 2);
	weight(g, "fc.b", fb, 1);
	n = node(g, "Conv", "conv", "x,w", "c");
	attr_ints(n, "kernel_shape", k, 2);
	attr_ints(n, "pads", pads, 4);
	node(g, "BatchNormalization", "bn", "c,scale,bias,mean,var", "b");
	node(g, "Relu", "relu", "b", "r");
	node(g, "GlobalAveragePool", "gap", "r", "p");
	attr_int(node(g, "Flatten", "flatten", "p", "f"), "axis", 1);
	attr_int(node(g, "Gemm", "fc", "f,fc.w,fc.b", "y"), "transB", 1);
}

/* ---- tests ---- */

static void
test_profile_load_onnx__small_cnn(void **state)
{
	struct graph g = { 0 };
	struct mlf_err err;
	struct profile *p;

	(void)state;
	small_cnn(&g);
	p = load_graph(&g, 1, 0, &err);
	assert_non_null(p);
	/* conv 8·27, BN scale and bias (not the running statistics), fc 80 + 10 */
	assert_close(p->params, 216 + 16 + 90, 0);
	assert_close(p->macs, 8.0 * 32 * 32 * 27 + 80, 0);
	assert_int_equal(p->nlayers, 6);
	assert_string_equal(p->layers[0].type, "conv2d");
	assert_string_equal(p->layers[5].type, "linear");
	assert_string_equal(p->input, "3x32x32");
	assert_string_equal(p->origin, "onnx");
	/* flatten is a view: no traffic */
	assert_close(p->layers[4].act_in + p->layers[4].act_out, 0, 0);
	profile_free(p);
	pool_release();
}

static void
test_profile_load_onnx__every_truncation(void **state)
{
	struct graph g = { 0 };
	struct mlf_err err;
	size_t len, cut;
	uint8_t *buf;

	(void)state;
	small_cnn(&g);
	buf = pack(&g, &len);
	for (cut = 0; cut < len; cut++) {
		const char *path = write_file(buf, cut);
		struct profile *p = profile_load_onnx(path, 1, 0, &err);

		if (p != NULL)
			fail_msg("a file cut to %zu of %zu bytes was accepted", cut, len);
		assert_int_equal(err.code, MLF_E_DATA);
		if (strstr(err.msg, "truncated") == NULL && strstr(err.msg, "not an ONNX model") == NULL)
			fail_msg("cut to %zu: %s", cut, err.msg);
		unlink(path);
	}
	pool_release();
}

/* Flipped bytes: an error or a profile, never a crash or an overrun. */
static void
test_profile_load_onnx__flipped_bytes(void **state)
{
	static const uint8_t masks[] = { 0xff, 0x01, 0x80 };
	struct graph g = { 0 };
	struct mlf_err err;
	size_t len, i, m, failed = 0;
	uint8_t *buf;

	(void)state;
	small_cnn(&g);
	buf = pack(&g, &len);
	for (m = 0; m < sizeof(masks); m++) {
		for (i = 0; i < len; i++) {
			const char *path;
			struct profile *p;

			buf[i] ^= masks[m];
			path = write_file(buf, len);
			p = profile_load_onnx(path, 1, 0, &err);
			buf[i] ^= masks[m];
			if (p == NULL) {
				assert_int_equal(err.code, MLF_E_DATA);
				failed++;
			}
			profile_free(p);
			unlink(path);
		}
	}
	print_message("%zu of %zu corrupted files refused\n", failed, sizeof(masks) * len);
	assert_true(failed > 0);
	pool_release();
}

static void
test_profile_load_onnx__not_onnx(void **state)
{
	static const char text[] = "hello, this is not a model\n";
	struct mlf_err err;
	const char *path = write_file((const uint8_t *)text, sizeof(text) - 1);

	(void)state;
	assert_null(profile_load_onnx(path, 1, 0, &err));
	assert_non_null(strstr(err.msg, "not an ONNX model"));
	path = write_file((const uint8_t *)text, 0);
	assert_null(profile_load_onnx(path, 1, 0, &err));
	assert_non_null(strstr(err.msg, "empty file"));
	unlink(path);
	assert_null(profile_load_onnx("/nonexistent/model.onnx", 1, 0, &err));
	assert_non_null(strstr(err.msg, "cannot open"));
}

static void
test_profile_load_onnx__cycle(void **state)
{
	static const int64_t x[] = { 1, 8 };
	struct graph g = { 0 };

	(void)state;
	input(&g, "x", x, 2);
	node(&g, "Add", "add", "x,b", "a");
	node(&g, "Relu", "relu", "a", "b");
	node(&g, "Relu", "after", "b", "y");
	expect_error(&g, 0, "the graph has a cycle through node '");
	pool_release();
}

static void
test_profile_load_onnx__bad_dimensions(void **state)
{
	static const int64_t zero[] = { 1, 0 }, negative[] = { 1, -5 },
		huge[] = { INT64_C(1) << 32, INT64_C(1) << 32, 4 };
	struct graph a = { 0 }, b = { 0 }, c = { 0 };

	(void)state;
	input(&a, "x", zero, 2);
	node(&a, "Relu", "relu", "x", "y");
	expect_error(&a, 0, "input 'x': dimension 2 is 0: dimensions must be positive");
	input(&b, "x", huge, 3);
	node(&b, "Relu", "relu", "x", "y");
	expect_error(&b, 0, "input 'x': shape product overflows 64 bits");
	input(&c, "x", negative, 2);
	node(&c, "Relu", "relu", "x", "y");
	expect_error(&c, 0, "input 'x': dimension 2 is -5: dimensions must be positive");
	pool_release();
}

static void
test_profile_load_onnx__conv_channel_mismatch(void **state)
{
	static const int64_t x[] = { 1, 3, 16, 16 }, w[] = { 8, 4, 3, 3 };
	struct graph g = { 0 };

	(void)state;
	input(&g, "x", x, 4);
	weight(&g, "w", w, 4);
	node(&g, "Conv", "stem", "x,w", "y");
	expect_error(&g, 0, "node 'stem' (Conv): the input has 3 channels but the weights expect 4");
	pool_release();
}

/* An output whose product overflows: 2^32 x 2^32 from two thin matrices. */
static void
test_profile_load_onnx__overflow_in_node(void **state)
{
	static const int64_t a[] = { INT64_C(1) << 32, 2 }, b[] = { 2, INT64_C(1) << 32 };
	struct graph g = { 0 };

	(void)state;
	input(&g, "a", a, 2);
	input(&g, "b", b, 2);
	node(&g, "MatMul", "mm", "a,b", "y");
	node(&g, "Relu", "relu", "y", "z");
	expect_error(&g, 0, "node 'mm' (MatMul): shape product overflows 64 bits");
	pool_release();
}

static char warned[1024];

static void
capture(enum log_level level, const char *msg, void *data)
{
	(void)data;
	if (level == LOG_WARN)
		snprintf(warned, sizeof(warned), "%s", msg);
}

static void
test_profile_load_onnx__unsupported_operator(void **state)
{
	static const int64_t x[] = { 1, 4, 8, 8 }, shape[] = { 1, 4, 16, 16 };
	struct graph g = { 0 };
	struct mlf_err err;
	struct profile *p;

	(void)state;
	input(&g, "x", x, 4);
	node(&g, "Resize", "up", "x", "u");
	node(&g, "Relu", "relu", "u", "y");
	/* the file says what Resize makes: value_info wins over guessing */
	g.infos[g.ninfo++] = value_info("u", shape, 4, ONNX__TENSOR_PROTO__DATA_TYPE__FLOAT);
	warned[0] = '\0';
	log_set_sink(capture, NULL);
	p = load_graph(&g, 1, 0, &err);
	log_set_sink(NULL, NULL);
	assert_non_null(p);
	assert_non_null(strstr(warned, "operator Resize (node 'up') is not supported"));
	assert_int_equal(p->nuncounted, 1);
	assert_false(p->layers[0].counted);
	assert_close(p->layers[0].act_out, 4 * 16 * 16, 0);
	assert_close(p->layers[1].other_flops, 4 * 16 * 16, 0);
	profile_free(p);
	pool_release();
}

/*
 * A dynamic-axes export: the sequence length comes from --seq, and the
 * Reshape's target is computed by Shape → Gather → Unsqueeze → Concat.
 */
static void
seq_graph(struct graph *g)
{
	static const int64_t ids[] = { SYMBOLIC, SYMBOLIC }, emb[] = { 100, 16 }, w[] = { 16, 16 }, zero[] = { 0 },
		one[] = { 1 }, heads[] = { 4, 4 };

	g->inputs[g->nin++] = value_info("ids", ids, 2, ONNX__TENSOR_PROTO__DATA_TYPE__INT64);
	weight(g, "emb", emb, 2);
	weight(g, "w", w, 2);
	int64s(g, "zero", zero, 1);
	int64s(g, "one", one, 1);
	int64s(g, "heads", heads, 2);
	node(g, "Gather", "embed", "emb,ids", "e");
	node(g, "MatMul", "proj", "e,w", "q");
	node(g, "Shape", "shape", "q", "s");
	attr_int(node(g, "Gather", "batch", "s,zero", "b"), "axis", 0);
	attr_int(node(g, "Gather", "len", "s,one", "l"), "axis", 0);
	attr_int(node(g, "Concat", "target", "b,l,heads", "t"), "axis", 0);
	node(g, "Reshape", "split", "q,t", "r");
	node(g, "Softmax", "softmax", "r", "y");
}

static void
test_profile_load_onnx__symbolic_axes(void **state)
{
	struct graph g = { 0 };
	struct mlf_err err;
	struct profile *p1, *p4;

	(void)state;
	seq_graph(&g);
	expect_error(&g, 0, "input 'ids': dimension 2 ('sequence') is symbolic: give the sequence "
		     "length with --seq");
	p1 = load_graph(&g, 1, 32, &err);
	assert_non_null(p1);
	p4 = load_graph(&g, 4, 32, &err);
	assert_non_null(p4);
	assert_int_equal(p1->seq, 32);
	assert_string_equal(p1->input, "seq 32");
	assert_close(p1->params, 1600 + 256, 0);
	assert_close(p1->macs, 32.0 * 16 * 16, 0);
	/* per sample, whatever the batch */
	assert_close(p4->macs, p1->macs, 1e-12);
	assert_close(p4->act_elems, p1->act_elems, 1e-12);
	/* shape arithmetic is not a layer: embed, proj, split, softmax */
	assert_int_equal(p1->nlayers, 4);
	assert_string_equal(p1->layers[3].name, "softmax");
	assert_int_equal(p1->layers[3].out_rank, 3);
	assert_int_equal(p1->layers[3].out_shape[1], 4);
	profile_free(p1);
	profile_free(p4);
	pool_release();
}

static void
test_profile_load_onnx__dangling_input(void **state)
{
	static const int64_t x[] = { 1, 8 };
	struct graph g = { 0 };

	(void)state;
	input(&g, "x", x, 2);
	node(&g, "Add", "add", "x,ghost", "y");
	expect_error(&g, 0, "node 'add' (Add): input 'ghost' is neither a graph input");
	pool_release();
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_profile_load_onnx__small_cnn),
		cmocka_unit_test(test_profile_load_onnx__every_truncation),
		cmocka_unit_test(test_profile_load_onnx__flipped_bytes),
		cmocka_unit_test(test_profile_load_onnx__not_onnx),
		cmocka_unit_test(test_profile_load_onnx__cycle),
		cmocka_unit_test(test_profile_load_onnx__bad_dimensions),
		cmocka_unit_test(test_profile_load_onnx__conv_channel_mismatch),
		cmocka_unit_test(test_profile_load_onnx__overflow_in_node),
		cmocka_unit_test(test_profile_load_onnx__unsupported_operator),
		cmocka_unit_test(test_profile_load_onnx__symbolic_axes),
		cmocka_unit_test(test_profile_load_onnx__dangling_input),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
