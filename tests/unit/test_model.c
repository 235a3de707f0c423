/*
 * test_model.c — profiles: arithmetic, summaries, training figures, the
 * model XML loader and the zoo against published counts.
 */
#include "config.h"

#include <string.h>

#include "helpers.h"
#include "model.h"

/* torchvision's num_params and "GFLOPS" (multiply-accumulates), shared/validation/op-counts.csv */
struct published {
	const char *name;
	double params, macs, params_tol, macs_tol;
};

static const struct published zoo[] = {
	{ "alexnet", 61100840, 0.714e9, 0, 0.01 },
	{ "resnet18", 11689512, 1.814e9, 0, 0.01 },
	{ "resnet50", 25557032, 4.089e9, 0, 0.01 },
	{ "vgg16", 138357544, 15.470e9, 0, 0.01 },
	{ "mobilenet_v2", 3504872, 0.301e9, 0, 0.01 },
	/* Devlin et al.: "110M" */
	{ "bert-base", 110e6, 0, 0.01, 0 },
	/*
	 * Devlin et al. say 340M, but their architecture (L=24, H=1024, A=16,
	 * vocabulary 30,522) has 335,141,888 parameters with the pooler, as
	 * Hugging Face's bert-large-uncased has: the paper rounds.
	 */
	{ "bert-large", 340e6, 0, 0.015, 0 },
	{ "gpt2-small", 124439808, 0, 0, 0 },
	/* Vaswani et al. Table 3: 65M and 213M (see the test below for base) */
	{ "transformer-base", 65e6, 0, 0.03, 0 },
	{ "transformer-big", 213e6, 0, 0.01, 0 },
	{ "gpt3-175b", 175e9, 0, 0.01, 0 },
};

static struct profile *
load(const char *rel, unsigned seq)
{
	struct mlf_err err;
	char path[4096], schema[4096];
	struct profile *p;

	/* source_path() returns one static buffer */
	snprintf(path, sizeof(path), "%s", source_path(rel));
	snprintf(schema, sizeof(schema), "%s", source_path("data/models/model.rng"));
	p = profile_load_xml(path, schema, seq, &err);
	if (p == NULL)
		print_error("%s: %s\n", rel, err.msg);
	assert_non_null(p);
	return p;
}

static struct profile *
zoo_model(const char *name, unsigned seq)
{
	char rel[256];

	snprintf(rel, sizeof(rel), "data/models/%s.xml", name);
	return load(rel, seq);
}

/* Loads a fixture that must fail, and checks the message and code. */
static void
expect_failure(const char *fixture, const char *needle)
{
	struct mlf_err err;
	char rel[256], path[4096];
	struct profile *p;

	snprintf(rel, sizeof(rel), "models/%s", fixture);
	snprintf(path, sizeof(path), "%s", fixture_path(rel));
	mlf_err_init(&err);
	p = profile_load_xml(path, source_path("data/models/model.rng"), 0, &err);
	assert_null(p);
	assert_int_equal(err.code, MLF_E_DATA);
	if (strstr(err.msg, needle) == NULL)
		fail_msg("%s: '%s' does not say '%s'", fixture, err.msg, needle);
}

/* ---- shared arithmetic ---- */

static void
test_model_shape_elems__edges(void **state)
{
	int64_t big[] = { INT64_C(3000000000), INT64_C(3000000000), 3 }, ok[] = { 3, 224, 224 };
	int64_t zero[] = { 3, 0 }, neg[] = { 3, -1 }, n = 0;

	(void)state;
	assert_int_equal(model_shape_elems(ok, 0, &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(model_shape_elems(ok, 3, &n), 0);
	assert_int_equal(n, 150528);
	assert_int_equal(model_shape_elems(zero, 2, &n), -1);
	assert_int_equal(model_shape_elems(neg, 2, &n), -1);
	assert_int_equal(model_shape_elems(big, 3, &n), -1);
}

static void
test_model_window_out__pytorch_rules(void **state)
{
	int64_t out = 0;

	(void)state;
	assert_int_equal(model_window_out(224, 7, 2, 3, 3, 1, false, &out), 0);
	assert_int_equal(out, 112);
	assert_int_equal(model_window_out(112, 3, 2, 1, 1, 1, false, &out), 0);
	assert_int_equal(out, 56);
	assert_int_equal(model_window_out(6, 3, 2, 1, 1, 1, true, &out), 0);
	assert_int_equal(out, 4);
	/* ceil mode drops a last window that would start in the right padding */
	assert_int_equal(model_window_out(5, 2, 2, 1, 1, 1, true, &out), 0);
	assert_int_equal(out, 3);
	assert_int_equal(model_window_out(14, 3, 1, 2, 2, 2, false, &out), 0);
	assert_int_equal(out, 14);
	assert_int_equal(model_window_out(4, 7, 1, 0, 0, 1, false, &out), -1);
	assert_int_equal(model_window_out(4, 0, 1, 0, 0, 1, false, &out), -1);
	assert_int_equal(model_window_out(4, 3, 0, 0, 0, 1, false, &out), -1);
}

static void
test_model_elementwise_flops__table(void **state)
{
	(void)state;
	assert_close(model_elementwise_flops("relu"), 1, 0);
	assert_close(model_elementwise_flops("gelu"), 5, 0);
	assert_close(model_elementwise_flops("batchnorm"), 2, 0);
	assert_close(model_elementwise_flops("dropout"), 0, 0);
	assert_close(model_elementwise_flops("conv2d"), -1, 0);
	assert_close(model_elementwise_flops(""), -1, 0);
}

static void
test_model_shape_format__forms(void **state)
{
	int64_t d[] = { 3, 224, 224 };
	char buf[64];

	(void)state;
	assert_string_equal(model_shape_format(d, 3, buf, sizeof(buf)), "3x224x224");
	assert_string_equal(model_shape_format(d, 0, buf, sizeof(buf)), "scalar");
	assert_string_equal(model_shape_format(d, 3, buf, 5), "3x22");
}

/* ---- summaries and training ---- */

static const struct train_assumptions kaplan = { 3, 16, "Adam (mixed precision)" };

static void
test_profile_from_summary__bad_input(void **state)
{
	struct mlf_err err;

	(void)state;
	assert_null(profile_from_summary(0, 0, &err));
	assert_int_equal(err.code, MLF_E_DATA);
	assert_null(profile_from_summary(-1, 0, &err));
	assert_null(profile_from_summary(2e15, 0, &err));
	assert_null(profile_from_summary(1e9, -5, &err));
}

/* GPT-3: 6 N D = 6 × 175e9 × 300e9 = 3.15e23 (Kaplan et al.; Patterson et al. 2021) */
static void
test_profile_from_summary__gpt3(void **state)
{
	struct mlf_err err;
	struct profile *p = profile_from_summary(175e9, 0, &err);
	struct train_figures tf;

	(void)state;
	assert_non_null(p);
	assert_close(p->params, 175e9, 1e-12);
	assert_close(profile_flops(p), 350e9, 1e-12);
	assert_int_equal(p->seq, 1);
	profile_training(p, &kaplan, PREC_BF16, &tf);
	assert_close(tf.flops_per_sample * 300e9, 3.15e23, 1e-12);
	assert_close(tf.state_bytes, 175e9 * 16, 1e-12);
	profile_free(p);
	p = profile_from_summary(1e9, 3e9, &err);
	assert_close(profile_flops(p), 3e9, 1e-12);
	profile_free(p);
}

static void
test_profile_from_transformer__gpt3_shape(void **state)
{
	struct transformer_shape s = { 96, 12288, 96, 2048, 50257 };
	struct mlf_err err;
	struct profile *p = profile_from_transformer(&s, &err);
	double n = 12.0 * 96 * 12288.0 * 12288 + (50257.0 + 2048) * 12288;

	(void)state;
	assert_non_null(p);
	assert_close(p->params, n, 1e-12);
	assert_close(p->params, 175e9, 0.01);
	assert_int_equal(p->seq, 2048);
	/* per token: 2N + 2 · n_layer · n_ctx · d (Kaplan et al. 2020) */
	assert_close(profile_flops(p) / 2048, 2 * n + 2.0 * 96 * 2048 * 12288, 1e-12);
	assert_int_equal(p->nlayers, 97);
	profile_free(p);
}

static void
test_profile_from_transformer__bad_shape(void **state)
{
	struct transformer_shape zero = { 0, 768, 12, 1024, 50257 }, odd = { 12, 768, 7, 1024, 0 };
	struct mlf_err err;

	(void)state;
	assert_null(profile_from_transformer(&zero, &err));
	assert_int_equal(err.code, MLF_E_DATA);
	assert_null(profile_from_transformer(&odd, &err));
	assert_non_null(strstr(err.msg, "heads"));
}

static void
test_profile_bytes__batch_shares_weights(void **state)
{
	struct profile *p = profile_new("t", "xml");
	struct layer *l = profile_add_layer(p, "fc", "linear");

	(void)state;
	l->params = 1000;
	l->act_in = 10;
	l->act_out = 20;
	profile_sum(p);
	assert_close(profile_weight_bytes(p, PREC_FP32), 4000, 0);
	assert_close(profile_activation_bytes(p, PREC_FP16), 60, 0);
	assert_close(profile_bytes(p, PREC_FP32, 1), 4120, 0);
	assert_close(profile_bytes(p, PREC_FP32, 8), 500 + 120, 0);
	assert_close(profile_bytes(p, PREC_FP32, 0), 4120, 0);
	assert_close(p->act_peak, 20, 0);
	profile_free(p);
	profile_free(NULL);
}

/* ---- the zoo ---- */

static void
test_profile_load_xml__zoo_matches_published(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(zoo) / sizeof(zoo[0]); i++) {
		struct profile *p = zoo_model(zoo[i].name, 0);

		print_message("%-17s params %.0f (published %.0f), MACs %.4g (published %.4g)\n",
			      zoo[i].name, p->params, zoo[i].params, p->macs, zoo[i].macs);
		assert_close(p->params, zoo[i].params, zoo[i].params_tol);
		if (zoo[i].macs > 0)
			assert_close(p->macs, zoo[i].macs, zoo[i].macs_tol);
		assert_string_equal(p->origin, "xml");
		assert_non_null(p->dataset);
		assert_true(profile_dataset_samples(p) > 0);
		assert_int_equal(p->nuncounted, 0);
		profile_free(p);
	}
}

/* The exact architectures behind the rounded published figures. */
static void
test_profile_load_xml__zoo_exact_counts(void **state)
{
	struct profile *p;

	(void)state;
	p = zoo_model("bert-base", 0);
	assert_close(p->params, 109482240, 0);	/* Hugging Face BertModel */
	profile_free(p);
	p = zoo_model("bert-large", 0);
	assert_close(p->params, 335141888, 0);
	profile_free(p);
	/* 6 + 6 layers, d 512, shared 37,000-token embeddings: 63.1M against the paper's 65M */
	p = zoo_model("transformer-base", 0);
	assert_close(p->params, 63082496, 0);
	profile_free(p);
}

static void
test_profile_load_xml__datasets(void **state)
{
	struct profile *p = zoo_model("resnet50", 0);

	(void)state;
	assert_string_equal(p->dataset, "ImageNet-1k");
	assert_close(profile_dataset_samples(p), 1281167, 0);
	assert_string_equal(p->dataset_unit, "images");
	assert_non_null(strstr(p->dataset_source, "1,281,167"));
	profile_free(p);
	/* language models count tokens; a sample is a sequence of seq of them */
	p = zoo_model("bert-base", 0);
	assert_int_equal(p->seq, 128);
	assert_close(profile_dataset_samples(p), 3.3e9 / 128, 1e-12);
	profile_free(p);
	p = zoo_model("gpt3-175b", 0);
	assert_close(p->dataset_samples, 300e9, 0);
	profile_free(p);
}

static void
test_profile_load_xml__seq_override(void **state)
{
	struct profile *p128 = zoo_model("bert-base", 0), *p512 = zoo_model("bert-base", 512);
	struct mlf_err err;
	char path[4096];

	(void)state;
	assert_int_equal(p512->seq, 512);
	assert_string_equal(p512->input, "seq 512");
	assert_close(p512->params, p128->params, 0);
	/* the projections grow with the sequence, the scores with its square */
	assert_true(p512->macs > 4 * p128->macs);
	profile_free(p128);
	profile_free(p512);
	/* BERT has 512 positions */
	snprintf(path, sizeof(path), "%s", source_path("data/models/bert-base.xml"));
	assert_null(profile_load_xml(path, source_path("data/models/model.rng"), 1024, &err));
	assert_non_null(strstr(err.msg, "512 positions"));
}

/* ---- fixtures ---- */

static void
test_profile_load_xml__features_by_hand(void **state)
{
	struct profile *p = load("tests/fixtures/models/features.xml", 0);

	(void)state;
	/* see features.xml: stem 108 + 8, body 2 × 152, concat 10, residual 2 × 48, fc 90 */
	assert_close(p->params, 616, 0);
	assert_close(p->macs, 27472, 0);
	assert_string_equal(p->input, "3x8x8");
	assert_int_equal(p->nlayers, 21);
	assert_string_equal(p->layers[3].name, "body.0.residual1.unit.conv2d1");
	assert_string_equal(p->layers[13].type, "concat");
	assert_int_equal(p->layers[13].out_shape[0], 6);
	assert_close(p->ref_params, 1234, 0);
	assert_close(p->dataset_samples, 1000, 0);
	profile_free(p);
}

static void
test_profile_load_xml__sequence_layers(void **state)
{
	struct profile *p = load("tests/fixtures/models/sequence.xml", 0);

	(void)state;
	assert_int_equal(p->seq, 10);
	/* lstm 8→4: 4·4·(8+4) + 2·4·4; gru 4→4 both ways: 2·(3·4·8 + 2·3·4) */
	assert_close(p->layers[2].params, 224, 0);
	assert_close(p->layers[2].macs, 1920, 0);
	assert_close(p->layers[3].params, 240, 0);
	/* attention d 8: 4·64 + 4·8; 4·10·64 + 2·10·10·8 */
	assert_close(p->layers[5].params, 288, 0);
	assert_close(p->layers[5].macs, 4160, 0);
	/* tied weights are not counted twice */
	assert_close(p->layers[4].params, 0, 0);
	assert_close(p->layers[8].params, 0, 0);
	assert_close(p->params, 1968, 0);
	profile_free(p);
}

static void
test_profile_load_xml__bad_input(void **state)
{
	struct mlf_err err;

	(void)state;
	expect_failure("unknown-layer.xml", ":6: unknown layer type 'conv3d'; did you mean 'conv2d'?");
	expect_failure("malformed.xml", "malformed XML");
	expect_failure("conv-channels.xml", ":6: conv2d: expects 4 input channels, got 3");
	expect_failure("zero-dim.xml", ":3: input: dimension 2 is 0");
	expect_failure("negative-dim.xml", "dimension 2 is -5");
	expect_failure("overflow.xml", "overflows 64 bits");
	expect_failure("overflow-layer.xml", ":5: linear: shape product overflows 64 bits");
	expect_failure("residual-mismatch.xml", "the branch gives 8x32x32 but the shortcut gives 3x32x32");
	expect_failure("missing-arg.xml", "block 'b' needs the argument 'width'");
	expect_failure("recursive.xml", "does 'b' use itself?");
	expect_failure("window.xml", "a 7x7 window does not fit the 4x4 input");
	expect_failure("schema-violation.xml", ":5:");
	assert_null(profile_load_xml(fixture_path("models/no-such-file.xml"), NULL, 0, &err));
	assert_int_equal(err.code, MLF_E_DATA);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_model_shape_elems__edges),
		cmocka_unit_test(test_model_window_out__pytorch_rules),
		cmocka_unit_test(test_model_elementwise_flops__table),
		cmocka_unit_test(test_model_shape_format__forms),
		cmocka_unit_test(test_profile_from_summary__bad_input),
		cmocka_unit_test(test_profile_from_summary__gpt3),
		cmocka_unit_test(test_profile_from_transformer__gpt3_shape),
		cmocka_unit_test(test_profile_from_transformer__bad_shape),
		cmocka_unit_test(test_profile_bytes__batch_shares_weights),
		cmocka_unit_test(test_profile_load_xml__zoo_matches_published),
		cmocka_unit_test(test_profile_load_xml__zoo_exact_counts),
		cmocka_unit_test(test_profile_load_xml__datasets),
		cmocka_unit_test(test_profile_load_xml__seq_override),
		cmocka_unit_test(test_profile_load_xml__features_by_hand),
		cmocka_unit_test(test_profile_load_xml__sequence_layers),
		cmocka_unit_test(test_profile_load_xml__bad_input),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
