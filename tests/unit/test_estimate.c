/*
 * test_estimate.c — the estimate core against hand-computed figures.
 *
 * The catalog is the shipped one (for data/defaults.xml's parameters and
 * real devices) plus tests/fixtures/catalog/mini.xml (a made-up device
 * "t-gpu" and cloud "tc" whose figures make hand computation easy).  The
 * expected values below are written out from the method in estimate.h,
 * with the parameters' values spelled out, so that a changed parameter or
 * a changed formula both fail here.
 */
#include "config.h"

#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog.h"
#include "estimate.h"
#include "estimate_impl.h"
#include "helpers.h"
#include "model.h"
#include "shipped_catalog.h"

#define KWH 3.6e6
#define HOUR 3600.0
#define YEAR 31557600.0

static struct catalog *cat;

static int
setup(void **state)
{
	(void)state;
	cat = shipped_catalog("catalog/mini.xml");
	return cat != NULL ? 0 : -1;
}

static int
teardown(void **state)
{
	(void)state;
	catalog_free(cat);
	return 0;
}

static double
param(const char *id)
{
	const struct cat_param *p = catalog_find_param(cat, id);

	if (p == NULL)
		fail_msg("no param %s", id);
	return p->value.v;
}

static double
param_low(const char *id)
{
	return catalog_find_param(cat, id)->value.low;
}

static double
param_high(const char *id)
{
	return catalog_find_param(cat, id)->value.high;
}

/* A profile written by hand: one layer, given totals. */
static struct profile *
profile_of(double params, double macs, double act_elems, unsigned seq)
{
	struct profile *p = calloc(1, sizeof(*p));

	arena_init(&p->arena);
	p->name = "hand";
	p->origin = seq ? "summary" : "xml";
	p->params = params;
	p->macs = macs;
	p->act_elems = act_elems;
	p->act_peak = act_elems / 2;
	p->seq = seq;
	return p;
}

static struct placement
bare(const char *device, unsigned count, const char *region)
{
	struct placement pl = { 0 };

	pl.device = catalog_find_device(cat, device);
	pl.count = count;
	pl.region = region ? catalog_find_region(cat, region) : NULL;
	assert_non_null(pl.device);
	return pl;
}

/* ---- degenerate input first ---- */

static void
test_estimate_run__rejects_nonsense(void **state)
{
	struct workload w = { .task = TASK_TRAIN, .precision = PREC_BF16, .flops = 1e21 };
	struct placement pl = bare("t-gpu", 0, NULL);
	struct estimate e;
	struct mlf_err err;

	(void)state;
	assert_int_equal(estimate_run(cat, &w, &pl, ENERGY_POWER, NULL, &e, &err), -1);
	assert_int_equal(err.code, MLF_E_USAGE);
	assert_non_null(strstr(err.msg, "device count"));

	pl.count = 8;
	w.flops = 1e30;
	assert_int_equal(estimate_run(cat, &w, &pl, ENERGY_POWER, NULL, &e, &err), -1);
	assert_non_null(strstr(err.msg, "beyond any training run"));

	w.flops = 0;
	assert_int_equal(estimate_run(cat, &w, &pl, ENERGY_POWER, NULL, &e, &err), -1);
	assert_non_null(strstr(err.msg, "no work"));

	/* a job of 1e28 FLOP on one small GPU would take ~100,000 years */
	w.flops = 1e28;
	pl.count = 1;
	assert_int_equal(estimate_run(cat, &w, &pl, ENERGY_POWER, NULL, &e, &err), -1);
	assert_non_null(strstr(err.msg, "the job would take"));
}

static void
test_estimate_run__device_without_tdp(void **state)
{
	struct workload w = { .task = TASK_TRAIN, .precision = PREC_BF16, .flops = 1e20 };
	struct placement pl = bare("aws-trainium", 16, NULL);
	struct estimate e;
	struct mlf_err err;

	(void)state;
	assert_int_equal(estimate_run(cat, &w, &pl, ENERGY_POWER, NULL, &e, &err), -1);
	assert_int_equal(err.code, MLF_E_DATA);
	assert_non_null(strstr(err.msg, "has no published TDP"));
}

/* ---- training, compute-bound, by hand ---- */

static void
test_estimate_run__training_by_hand(void **state)
{
	struct workload w = { .task = TASK_TRAIN, .precision = PREC_BF16, .flops = 1e21 };
	struct placement pl = bare("t-gpu", 8, "tc:r-own");
	struct estimate e;
	struct mlf_err err;
	double t, t_lo, t_hi, dev_w, host_w, it, fac, ram_gb, vcpu_w, ef, g;

	(void)state;
	cat->grid_basis = GRID_BASIS_PROVIDER;	/* the region's own figure, 300 g/kWh */
	assert_int_equal(estimate_run(cat, &w, &pl, ENERGY_POWER, NULL, &e, &err), 0);
	cat->grid_basis = GRID_BASIS_COUNTRY;
	/* t-gpu: 300 TFLOP/s bf16, TDP 400 W, idle 50 W; --flops alone: the compute at
	 * efficiency.train.gpu and train.goodput, their ends paired */
	ef = param("efficiency.train.gpu");
	g = param("train.goodput");
	t = 1e21 / (8 * 300e12 * ef * g);
	t_lo = 1e21 / (8 * 300e12 * param_high("efficiency.train.gpu") * param_high("train.goodput"));
	t_hi = 1e21 / (8 * 300e12 * param_low("efficiency.train.gpu") * param_low("train.goodput"));
	assert_close(e.time_s.v, t, 1e-12);
	assert_close(e.time_s.low, t_lo, 1e-12);
	assert_close(e.time_s.high, t_hi, 1e-12);
	assert_close(e.device_hours, 8 * t / HOUR, 1e-12);
	assert_string_equal(e.bound, "compute");
	assert_int_equal(e.nodes, 1);

	/* device: idle + (TDP − idle) × load.train.gpu (0.8) */
	dev_w = 50 + 350 * 0.8;
	assert_close(e.device_power_w, dev_w, 1e-12);
	assert_close(e.energy_device_j.v, 8 * dev_w * t, 1e-12);
	assert_close(e.energy_device_j.high, 8 * (50 * t_hi + 350 * 1.0 * t_hi), 1e-12);
	assert_close(e.energy_device_j.low, 8 * (50 * t_lo + 350 * 0.6 * t_lo), 1e-12);
	assert_close(e.mfu.v, ef * g, 1e-12);

	/* a bare host like p4d: 8 × 12 vCPUs at 0.64 + 0.5 × (3.97 − 0.64) W, 8 × 144 GiB at 0.375 W/GB */
	vcpu_w = 0.64 + 0.5 * (3.97 - 0.64);
	ram_gb = 8 * 144 * 1073741824.0 / 1e9;
	host_w = 96 * vcpu_w + ram_gb * 0.375;
	assert_close(e.host_power_w, host_w, 1e-9);
	assert_close(e.energy_host_j.v, host_w * t, 1e-9);

	/* facility: × provider PUE 1.1; operational CO2e: × 300 g/kWh (the region's own) */
	it = 8 * dev_w * t + host_w * t;
	fac = it * 1.1;
	assert_close(e.energy_it_j.v, it, 1e-9);
	assert_close(e.energy_facility_j.v, fac, 1e-9);
	assert_close(e.pue, 1.1, 1e-12);
	assert_int_equal(e.grid.level, GRID_REGION);
	assert_close(e.co2e_operational_g.v, fac * 300 / KWH, 1e-9);

	/* embodied: (1000 kg + 8 × 150 kg) × t / 4 years */
	assert_close(e.co2e_embodied_g.v, (1000e3 + 8 * 150e3) * t / (4 * YEAR), 1e-9);
	assert_close(e.co2e_total_g.v, e.co2e_operational_g.v + e.co2e_embodied_g.v, 1e-12);
	assert_false(e.cost_known);
	assert_true(e.nassumptions > 5);
}

/* ---- cloud and on-prem cost ---- */

static void
test_estimate_run__cloud_cost(void **state)
{
	struct workload w = { .task = TASK_TRAIN, .precision = PREC_BF16, .flops = 1e21 };
	struct placement pl = bare("t-gpu", 16, "tc:r-own");
	struct estimate e;
	struct mlf_err err;
	double t = 1e21 / (16 * 300e12 * param("efficiency.train.gpu") * param("train.goodput"));

	(void)state;
	pl.instance = catalog_find_instance(cat, "tc:t8");
	assert_int_equal(estimate_run(cat, &w, &pl, ENERGY_POWER, NULL, &e, &err), 0);
	assert_int_equal(e.instances, 2);
	assert_true(e.cost_known);
	/* 2 instances × t × 20 USD/h */
	assert_close(e.cost_usd.v, 2 * t / HOUR * 20, 1e-12);
	/* 96 vCPUs and 1152 GiB per instance */
	assert_close(e.host_power_w, 96 * (0.64 + 0.5 * 3.33) + 1152 * 1073741824.0 / 1e9 * 0.375,
		     1e-9);

	/* no price in that region: the cost is unknown, not zero */
	pl.region = catalog_find_region(cat, "tc:r-mix");
	assert_int_equal(estimate_run(cat, &w, &pl, ENERGY_POWER, NULL, &e, &err), 0);
	assert_false(e.cost_known);
	assert_int_equal(e.grid.level, GRID_MIX);
}

static void
test_estimate_run__onprem_cost(void **state)
{
	struct workload w = { .task = TASK_TRAIN, .precision = PREC_BF16, .flops = 1e21 };
	struct placement pl = bare("t-gpu", 8, NULL);
	struct estimate e;
	struct mlf_err err;
	double t = 1e21 / (8 * 300e12 * param("efficiency.train.gpu") * param("train.goodput")), fac;

	(void)state;
	pl.site = catalog_find_site(cat, "t-site");
	pl.node = catalog_find_node(cat, "t-node");
	assert_int_equal(estimate_run(cat, &w, &pl, ENERGY_POWER, NULL, &e, &err), 0);
	/* host power: the node's 1500 W × host.load 0.5 */
	assert_close(e.host_power_w, 750, 1e-12);
	fac = (8 * (50 + 350 * 0.8) + 750) * t * 1.5;
	assert_close(e.energy_facility_j.v, fac, 1e-9);
	/* DE at 380 g/kWh, by country */
	assert_int_equal(e.grid.level, GRID_COUNTRY);
	assert_close(e.co2e_operational_g.v, fac * 380 / KWH, 1e-9);
	/* 200,000 USD over 4 years, plus 0.2 USD/kWh */
	assert_close(e.cost_usd.v, 200000 * t / (4 * YEAR) + fac / KWH * 0.2, 1e-9);
}

/* ---- memory fit, a model without a transformer shape (data parallel) ---- */

static void
test_estimate_run__fit_replicated_sharded_none(void **state)
{
	struct workload w = { .task = TASK_TRAIN, .precision = PREC_BF16, .samples = 1e9,
			      .epochs = 1, .batch = 1000 };
	struct placement pl = bare("t-gpu", 8, NULL);
	struct profile *p;
	struct estimate e;
	struct mlf_err err;

	(void)state;
	/* 1e9 parameters × 16 B = 16 GB: fits each 80 GB device */
	p = profile_of(1e9, 1e9, 0, 0);
	w.profile = p;
	assert_int_equal(estimate_run(cat, &w, &pl, ENERGY_POWER, NULL, &e, &err), 0);
	assert_true(e.fits);
	assert_false(e.sharded);
	assert_close(e.memory_need_bytes, 16e9, 1e-12);
	/* training FLOPs 3 × 2 × 1e9 MACs × 1e9 samples */
	assert_close(e.flops, 6e18, 1e-12);
	profile_free(p);

	/* 13e9 × 16 B = 208 GB: only sharded over 8 (26 GB each) */
	p = profile_of(13e9, 13e9, 0, 0);
	w.profile = p;
	assert_int_equal(estimate_run(cat, &w, &pl, ENERGY_POWER, NULL, &e, &err), 0);
	assert_true(e.fits);
	assert_true(e.sharded);
	assert_close(e.memory_need_bytes, 26e9, 1e-12);
	profile_free(p);

	/* 100e9 × 16 B / 8 = 200 GB each: does not fit */
	p = profile_of(100e9, 100e9, 0, 0);
	w.profile = p;
	assert_int_equal(estimate_run(cat, &w, &pl, ENERGY_POWER, NULL, &e, &err), 0);
	assert_false(e.fits);
	assert_non_null(strstr(e.fit_reason, "needs 200 GB per device"));
	profile_free(p);
}

/* ---- communication ---- */

static void
test_estimate_run__allreduce_bound(void **state)
{
	/* a model with many parameters and little work per step: the all-reduce binds
	 * (estimate_cnn.c: no layers to hide it behind, so all of it is exposed) */
	struct workload w = { .task = TASK_TRAIN, .precision = PREC_BF16, .samples = 1e6,
			      .epochs = 1, .batch = 8 };
	struct placement pl = bare("t-gpu", 16, NULL);
	struct profile *p = profile_of(1e9, 1e3, 0, 0);
	struct estimate e;
	struct mlf_err err;
	double g = 1e9 * 2, intra = 600e9 / 2, inter = 1600e9 / 8, comm, optimizer, sync, step;

	(void)state;
	w.profile = p;
	assert_int_equal(estimate_run(cat, &w, &pl, ENERGY_POWER, NULL, &e, &err), 0);
	assert_int_equal(e.nodes, 2);
	/* ring: 2 (8−1)/8 × G within each node, 2 (2−1)/2 × G between the two */
	comm = 2 * 7.0 / 8 * g / intra + 2 * 1.0 / 2 * g / inter;
	assert_close(e.comm_s, comm, 1e-12);
	assert_string_equal(e.bound, "communication");
	/* the optimizer streams its 16 B per parameter in and out at 0.9 of 2 TB/s, and the
	 * 16 replicas wait for the slowest: 1 + cv sqrt(2 ln 16) */
	optimizer = 2 * param("train.optimizer-bytes-per-param") * 1e9 /
		    (2e12 * param("train.cnn.bandwidth-fraction"));
	sync = 1 + param("train.cnn.sync-jitter") * sqrt(2 * log(16.0));
	step = optimizer * sync + comm;
	assert_close(e.step_s, step, 1e-12);
	/* eager (a GPU's default): no layers, so no evaluation; the script's fixed cost */
	assert_close(e.time_s.v, e.steps * step / param("train.goodput") +
				 param("train.cnn.epoch-overhead.eager"), 1e-12);
	assert_close(e.steps, 1e6 / 8, 1e-12);
	profile_free(p);
}

/* ---- training a transformer: work, layout, memory, generation (issue 9) ---- */

static struct profile *
transformer(unsigned layers, unsigned width, unsigned heads, unsigned seq)
{
	struct transformer_shape sh = { layers, width, heads, seq, 0 };
	struct mlf_err err;
	struct profile *p = profile_from_transformer(&sh, &err);

	assert_non_null(p);
	return p;
}

/* The compute of the step and the 1F1B bubble (p − 1)/(v·m), Narayanan et al. 2021. */
static void
test_train__compute_and_bubble_by_hand(void **state)
{
	struct workload w = { .task = TASK_TRAIN, .precision = PREC_BF16, .samples = 64000,
			      .epochs = 1, .batch = 64, .recompute = RECOMPUTE_NONE,
			      .layout_tp = 1, .layout_pp = 4, .layout_dp = 2 };
	struct placement pl = bare("t-gpu", 8, NULL);
	struct profile *p = transformer(8, 1024, 8, 1024);
	struct estimate e;
	struct mlf_err err;
	double L = 8, d = 1024, s = 1024, n_params, per_token, eff, compute, bubble;

	(void)state;
	w.profile = p;
	assert_int_equal(estimate_run(cat, &w, &pl, ENERGY_POWER, NULL, &e, &err), 0);
	n_params = 12 * L * d * d + s * d;	/* blocks and position embeddings */
	per_token = 6 * n_params + 12 * L * d * s;
	assert_close(e.flops, 64000 * s * per_token, 1e-12);
	assert_int_equal(e.tp, 1);
	assert_int_equal(e.pp, 4);
	assert_int_equal(e.dp, 2);
	assert_int_equal(e.recompute, RECOMPUTE_NONE);
	/* efficiency: the GPU kind's, scaled by d / (d + d0) */
	eff = param("efficiency.train.gpu") * d / (d + param("train.efficiency-half-width"));
	assert_close(e.kernel_efficiency.v, eff, 1e-12);
	compute = 64 * s * per_token / (8 * 300e12 * eff);
	bubble = compute * 3 / (e.vp * e.micro_batches);
	assert_close(e.compute_s, compute + bubble, 1e-9);
	assert_close(e.bubble * e.step_s, bubble, 1e-9);
	assert_close(e.micro_batches * e.micro_batch, 32, 1e-12);
	assert_close(e.time_s.v, e.steps * e.step_s / param("train.goodput"), 1e-12);
	assert_true(e.time_s.low < e.time_s.v && e.time_s.v < e.time_s.high);
	profile_free(p);
}

/* State with ZeRO sharding and Korthikanti et al.'s activations under full recomputation. */
static void
test_train__memory_korthikanti(void **state)
{
	struct workload w = { .task = TASK_TRAIN, .precision = PREC_BF16, .samples = 1e5,
			      .epochs = 1, .batch = 256, .recompute = RECOMPUTE_FULL,
			      .layout_tp = 2, .layout_pp = 1, .layout_dp = 4 };
	struct placement pl = bare("t-gpu", 8, NULL);
	struct profile *p = transformer(24, 4096, 32, 2048);
	struct estimate e;
	struct mlf_err err;
	double n, w_b, g_b, o_b, act, dp = 4;

	(void)state;
	w.profile = p;
	assert_int_equal(estimate_run(cat, &w, &pl, ENERGY_POWER, NULL, &e, &err), 0);
	assert_true(e.fits);
	n = p->params / 2;				/* over TP 2 */
	w_b = 2 * n, g_b = 2 * n, o_b = 12 * n;		/* ZeRO's 2 + 2 + 12 bytes */
	if (e.zero_stage >= 1)
		o_b /= dp;
	if (e.zero_stage >= 2)
		g_b /= dp;
	if (e.zero_stage >= 3)
		w_b /= dp;
	/* full recomputation keeps each layer's input, 2 s b h / t bytes, for all 24 layers */
	act = 24 * 2 * 2048 * e.micro_batch * 4096 / 2;
	assert_close(e.memory_need_bytes, w_b + g_b + o_b + act, 1e-12);
	assert_true(e.memory_need_bytes <= 80e9);
	profile_free(p);

	/* a model whose state alone exceeds the devices even sharded: the leanest layout said */
	p = transformer(96, 12288, 96, 2048);
	w.profile = p;
	w.layout_tp = 0;
	assert_int_equal(estimate_run(cat, &w, &pl, ENERGY_POWER, NULL, &e, &err), 0);
	assert_false(e.fits);
	assert_non_null(strstr(e.fit_reason, "in the smallest layout"));
	profile_free(p);
}

/* One chip, one speed: A100-40GB and -80GB take the same generation figure. */
static void
test_train__generation_shared(void **state)
{
	struct workload w = { .task = TASK_TRAIN, .precision = PREC_BF16, .samples = 1e6,
			      .epochs = 1, .batch = 512 };
	struct placement a = bare("nvidia-a100-sxm4-40gb", 64, NULL);
	struct placement b = bare("nvidia-a100-sxm4-80gb", 64, NULL);
	struct profile *p = transformer(24, 2048, 16, 2048);
	struct estimate e40, e80;
	struct mlf_err err;

	(void)state;
	w.profile = p;
	assert_int_equal(estimate_run(cat, &w, &a, ENERGY_POWER, NULL, &e40, &err), 0);
	assert_int_equal(estimate_run(cat, &w, &b, ENERGY_POWER, NULL, &e80, &err), 0);
	assert_string_equal(e40.efficiency_source, "efficiency.train.nvidia-a100");
	assert_string_equal(e80.efficiency_source, "efficiency.train.nvidia-a100");
	assert_close(e40.kernel_efficiency.v, e80.kernel_efficiency.v, 1e-12);
	profile_free(p);
}

/* ---- precision ---- */

static void
test_estimate_precision_for__falls_back(void **state)
{
	const struct cat_device *d = catalog_find_device(cat, "t-gpu");
	bool fell;

	(void)state;
	assert_int_equal(estimate_precision_for(d, PREC_BF16, &fell), PREC_BF16);
	assert_false(fell);
	assert_int_equal(estimate_precision_for(d, PREC_FP8, &fell), PREC_BF16);
	assert_true(fell);
	assert_int_equal(estimate_precision_for(d, PREC_FP64, &fell), PREC_FP32);
	assert_true(fell);
	assert_int_equal(estimate_precision_for(d, PREC_INT8, &fell), PREC_BF16);
}

/* ---- inference ---- */

static void
test_estimate_run__inference_rate(void **state)
{
	struct workload w = { .task = TASK_INFER, .precision = PREC_BF16, .rate = 100,
			      .duration_s = 86400, .latency_slo_s = 0.05 };
	struct placement pl = bare("t-gpu", 2, "tc:r-own");
	/* 25e6 parameters and 4e9 MACs per sample, 1e7 activation elements */
	struct profile *p = profile_of(25e6, 4e9, 1e7, 0);
	struct estimate e;
	struct mlf_err err;
	double lat, busy;

	(void)state;
	w.profile = p;
	assert_int_equal(estimate_run(cat, &w, &pl, ENERGY_POWER, NULL, &e, &err), 0);
	/*
	 * batch 1 (infer.default-batch), one layer: max(compute 8e9 / (300e12 ×
	 * f_compute), memory 25e6·2 + 1e7·2 B / (2 TB/s × f_bw)), plus one
	 * kernel launch and the host's work per batch
	 */
	busy = fmax(8e9 / (300e12 * param("efficiency.infer.gpu")),
		    (25e6 * 2 + 1e7 * 2) / (2e12 * param("infer.bandwidth-fraction.gpu")));
	lat = busy + param("infer.launch-overhead.gpu") + param("infer.host-overhead.gpu");
	assert_close(e.latency_s, lat, 1e-12);
	assert_close(e.latency.v, lat, 1e-12);
	assert_true(e.latency.low < lat && lat < e.latency.high);
	assert_int_equal(e.replica_devices, 1);
	assert_int_equal(e.replicas, 2);
	assert_close(e.throughput, 2 / lat, 1e-12);
	assert_true(e.meets_slo);
	assert_true(e.meets_rate);
	/* devices are on for the whole day, their pipes busy `busy` per request */
	assert_close(e.time_s.v, 86400, 1e-12);
	assert_close(e.energy_device_j.v,
		     2 * (50 * 86400 + 350 * param("load.infer.gpu") * 100 * 86400 * busy / 2),
		     1e-9);
	assert_close(e.energy_per_1000_j.v, e.energy_facility_j.v / (100 * 86400) * 1000, 1e-9);
	assert_close(e.energy_per_request_device_j.v, e.energy_device_j.v / (100 * 86400), 1e-12);
	assert_close(e.energy_per_request_j.v, e.energy_it_j.v / (100 * 86400), 1e-12);

	/* ten times the rate: two devices cannot keep up */
	w.rate = 1e5;
	assert_int_equal(estimate_run(cat, &w, &pl, ENERGY_POWER, NULL, &e, &err), 0);
	assert_false(e.meets_rate);

	/* an SLO below the latency is missed */
	w.rate = 100;
	w.latency_slo_s = lat / 2;
	assert_int_equal(estimate_run(cat, &w, &pl, ENERGY_POWER, NULL, &e, &err), 0);
	assert_false(e.meets_slo);
	profile_free(p);
}

/* ---- serving (issue 10) ---- */

/* A hand-made layer of a profile (per sample). */
static void
add_layer(struct profile *p, const char *type, double macs, double other, double params,
	  double act_in, double act_out, int64_t seq, int64_t width)
{
	struct layer *l = profile_add_layer(p, type, type);

	l->macs = macs;
	l->other_flops = other;
	l->params = params;
	l->act_in = act_in;
	l->act_out = act_out;
	l->in_rank = l->out_rank = seq > 0 ? 2 : 1;
	l->in_shape[0] = l->out_shape[0] = seq > 0 ? seq : width;
	l->in_shape[1] = l->out_shape[1] = width;
}

/*
 * A linear layer and a ReLU, batch 4: the optimised runtime fuses the ReLU
 * (its FLOPs stay, its traffic and launch go); eager launches both and
 * streams the ReLU's tensors.
 */
static void
test_estimate_serve__layer_latency_and_runtime(void **state)
{
	struct workload w = { .task = TASK_INFER, .precision = PREC_BF16, .requests = 1000,
			      .batch = 4 };
	struct placement pl = bare("t-gpu", 1, NULL);
	struct profile *p = profile_new("two", "xml");
	struct estimate e;
	struct mlf_err err;
	double lin, relu, want;

	(void)state;
	/* linear 4096 -> 4096: 16.8M MACs and parameters, 4096 in, 4096 out */
	add_layer(p, "linear", 4096.0 * 4096, 0, 4096.0 * 4096, 4096, 4096, 0, 4096);
	add_layer(p, "relu", 0, 4096, 0, 4096, 4096, 0, 4096);
	profile_sum(p);
	w.profile = p;
	assert_int_equal(estimate_run(cat, &w, &pl, ENERGY_POWER, NULL, &e, &err), 0);
	lin = fmax(4 * 2 * 4096.0 * 4096 / (300e12 * param("efficiency.infer.gpu")),
		   (4096.0 * 4096 * 2 + 4 * 8192 * 2) / (2e12 * param("infer.bandwidth-fraction.gpu")));
	relu = 4 * 4096 / (300e12 * param("efficiency.infer.gpu"));
	want = lin + relu + param("infer.launch-overhead.gpu") + param("infer.host-overhead.gpu");
	assert_close(e.latency_s, want, 1e-12);
	assert_close(e.throughput, 4 / want, 1e-12);
	assert_string_equal(e.runtime, "optimized");

	w.runtime = RUNTIME_EAGER;
	assert_int_equal(estimate_run(cat, &w, &pl, ENERGY_POWER, NULL, &e, &err), 0);
	lin = fmax(4 * 2 * 4096.0 * 4096 / (300e12 * param("efficiency.infer.gpu-eager")),
		   (4096.0 * 4096 * 2 + 4 * 8192 * 2) /
			   (2e12 * param("infer.bandwidth-fraction.gpu-eager")));
	relu = fmax(4 * 4096 / (300e12 * param("efficiency.infer.gpu-eager")),
		    4 * 8192 * 2 / (2e12 * param("infer.bandwidth-fraction.gpu-eager")));
	want = lin + relu + 2 * param("infer.launch-overhead.gpu-eager") +
	       param("infer.host-overhead.gpu-eager");
	assert_close(e.latency_s, want, 1e-12);
	assert_string_equal(e.runtime, "eager");
	profile_free(p);
}

/*
 * A one-layer decoder: attention of width 1024 with 8 heads sharing 2 KV
 * heads, a sample of 16 tokens.  The KV cache is 2 × 1 layer × 2 heads ×
 * 128 × context × batch × 2 B; with 8 prompt and 8 output tokens (within
 * the 16-token context) a request holds 8 + 4.5 tokens on average.
 */
static void
test_estimate_serve__kv_cache_and_decode(void **state)
{
	struct workload w = { .task = TASK_INFER, .precision = PREC_BF16, .requests = 1000,
			      .batch = 8, .prompt_tokens = 8, .output_tokens = 8 };
	struct placement pl = bare("t-gpu", 1, NULL);
	struct profile *p = profile_new("dec", "xml");
	struct estimate e;
	struct mlf_err err;
	double s = 16, d = 1024, kvd = 256, tpot;

	(void)state;
	/* as model_xml.c counts it: projections, scores and context */
	add_layer(p, "attention", 2 * s * d * d + 2 * s * d * kvd + 2 * s * s * d, 8 * s * s * 6,
		  2 * d * d + 2 * d * kvd, 3 * s * d + 2 * s * d + 2 * s * kvd + 2 * 8 * s * s,
		  3 * s * d + 2 * s * kvd + 2 * 8 * s * s, (int64_t)s, (int64_t)d);
	profile_note_decoder_attention(p, 8, 2, 128);
	p->seq = 16;
	profile_sum(p);
	w.profile = p;
	assert_close(profile_kv_bytes_per_token(p, 0, PREC_BF16), 2 * 1 * 2 * 128 * 2, 1e-12);
	assert_close(profile_kv_bytes_per_token(p, 8, PREC_BF16), 2 * 1 * 8 * 128 * 2, 1e-12);
	assert_int_equal(estimate_run(cat, &w, &pl, ENERGY_POWER, NULL, &e, &err), 0);
	assert_true(e.language_model);
	assert_close(e.kv_cache_bytes, 2 * 2 * 128 * 2 * (8 + 4.5) * 8, 1e-12);
	/* tokens/s = requests/s × output tokens = batch / TPOT */
	assert_close(e.tokens_per_s.v, e.throughput * 8, 1e-12);
	assert_close(e.throughput, 8 / (8 * e.tpot_s.v), 1e-12);
	assert_true(e.ttft_s.low <= e.ttft_s.v && e.ttft_s.v <= e.ttft_s.high);
	assert_true(e.tpot_s.low < e.tpot_s.v && e.tpot_s.v < e.tpot_s.high);
	assert_close(e.latency_s, e.ttft_s.v, 1e-12);
	assert_close(e.energy_per_token_j.v, e.energy_it_j.v / (1000 * 8), 1e-12);

	tpot = e.tpot_s.v;
	/* more tokens than the context: a usage error */
	w.output_tokens = 9;
	assert_int_equal(estimate_run(cat, &w, &pl, ENERGY_POWER, NULL, &e, &err), -1);
	assert_int_equal(err.code, MLF_E_USAGE);
	w.output_tokens = 8;

	/* an SLO on the time per output token below it is missed */
	w.tpot_slo_s = tpot / 2;
	assert_int_equal(estimate_run(cat, &w, &pl, ENERGY_POWER, NULL, &e, &err), 0);
	assert_false(e.meets_slo);

	/* 3 KV heads cannot serve 8 query heads evenly */
	w.kv_heads = 3;
	assert_int_equal(estimate_run(cat, &w, &pl, ENERGY_POWER, NULL, &e, &err), -1);
	assert_int_equal(err.code, MLF_E_USAGE);
	profile_free(p);
}

/* A power cap holds the load at the cap and slows compute by (share)^exponent. */
static void
test_estimate_serve__power_cap(void **state)
{
	struct workload w = { .task = TASK_INFER, .precision = PREC_BF16, .requests = 10000,
			      .batch = 1024 };
	struct placement pl = bare("t-gpu", 1, NULL);
	struct profile *p = profile_new("one", "xml");
	struct estimate free_run, capped;
	struct mlf_err err;
	double allowed = (200 - 50) / 350.0, load = param("load.infer.gpu");

	(void)state;
	add_layer(p, "linear", 4096.0 * 4096, 0, 4096.0 * 4096, 4096, 4096, 0, 4096);
	profile_sum(p);
	w.profile = p;
	assert_int_equal(estimate_run(cat, &w, &pl, ENERGY_POWER, NULL, &free_run, &err), 0);
	assert_string_equal(free_run.bound, "compute");
	w.power_cap_w = 200;
	assert_int_equal(estimate_run(cat, &w, &pl, ENERGY_POWER, NULL, &capped, &err), 0);
	assert_true(allowed < load);
	assert_true(capped.latency_s > free_run.latency_s);
	assert_close(capped.compute_s,
		     free_run.compute_s / pow(allowed / load, param("power.dvfs-exponent")), 1e-9);
	/* no cap below idle */
	w.power_cap_w = 40;
	assert_int_equal(estimate_run(cat, &w, &pl, ENERGY_POWER, NULL, &capped, &err), -1);
	profile_free(p);
}

/* ---- op-cost ---- */

static void
test_estimate_run__opcost_eyeriss(void **state)
{
	struct workload w = { .task = TASK_INFER, .precision = PREC_INT16, .requests = 1000,
			      .batch = 4 };
	struct placement pl = bare("mit-eyeriss-v1", 1, NULL);
	struct profile *p = profile_of(2.3e6, 666e6, 1e6, 0);
	double server;
	struct estimate e;
	struct mlf_err err;
	double per_mac, dram_bytes, idle, t;

	(void)state;
	w.profile = p;
	assert_int_equal(estimate_run(cat, &w, &pl, ENERGY_OPCOST, NULL, &e, &err), 0);
	/* 1.5 pJ per MAC + 4 register-file accesses of 2 bytes at 0.75 pJ/B */
	per_mac = 1.5e-12 + 4 * 2 * 0.75e-12;
	/* off-chip: weights once per batch of 4, activations per sample, 150 pJ/B */
	dram_bytes = (2.3e6 * 2 + 4 * 1e6 * 2) * (1000 / 4.0);
	idle = 0.13 * 0.278;
	t = e.time_s.v;
	assert_close(e.energy_device_j.v, 666e6 * 1000 * per_mac + dram_bytes * 150e-12 + idle * t,
		     1e-9);
	/* one device: an eighth of a base server (1000 kg / 8) plus one accelerator (150 kg) */
	server = 1000e3 / 8 + 150e3;
	assert_close(e.co2e_embodied_g.v, server * t / (4 * YEAR), 1e-9);

	/* a GPU has no per-operation energies */
	pl = bare("t-gpu", 1, NULL);
	w.precision = PREC_BF16;
	assert_int_equal(estimate_run(cat, &w, &pl, ENERGY_OPCOST, NULL, &e, &err), -1);
	assert_non_null(strstr(err.msg, "no per-operation energies"));
	profile_free(p);
}

/* ---- accounting ---- */

/* Strubell et al. 2019 Table 3, Transformer big: 8 × P100, 84 h, 1515.43 W in all. */
static void
test_estimate_run__accounting_strubell(void **state)
{
	struct workload w = { .task = TASK_TRAIN };
	struct placement pl = bare("nvidia-p100-pcie-16gb", 8, NULL);
	struct accounting a = { .hours = 84, .power_w = 1515.43 / 8, .pue = 1.58,
				.intensity_g_per_j = 0.954 * 453.59237 / KWH };
	struct estimate e;
	struct mlf_err err;

	(void)state;
	assert_int_equal(estimate_run(cat, &w, &pl, ENERGY_POWER, &a, &e, &err), 0);
	assert_true(e.accounting);
	/* published: 201 kWh·PUE and 192 lbs CO2e */
	assert_close(e.energy_facility_j.v / KWH, 201, 0.01);
	assert_close(e.co2e_operational_g.v / 453.59237, 192, 0.01);
	assert_close(e.co2e_embodied_g.v, 0, 0);
	assert_close(e.energy_facility_j.low, e.energy_facility_j.high, 1e-12);
}

static void
test_estimate_check_params__shipped_and_broken(void **state)
{
	struct catalog *c2 = catalog_new();
	struct mlf_err err;

	(void)state;
	assert_int_equal(estimate_check_params(cat), 0);
	/* an empty catalog misses every parameter */
	assert_int_equal(catalog_load(c2, fixture_path("catalog/mini.xml"), SCHEMA, &err), 0);
	assert_int_equal(catalog_finish(c2, &err), 0);
	assert_true(estimate_check_params(c2) > 20);
	catalog_free(c2);
}

/* ---- training a CNN: the per-layer roofline of estimate_cnn.c (issue 9, item 5) ---- */

/* A convolution of 1 GMAC and a ReLU, each 2M activation elements per sample. */
static struct profile *
two_layer_cnn(void)
{
	struct profile *p = profile_of(1e6, 1e9, 4e6, 0);

	p->layers = calloc(2, sizeof(*p->layers));	/* profile_free() frees it */
	assert_non_null(p->layers);
	p->nlayers = 2;
	p->layers[0] = (struct layer){ .name = "conv", .type = "conv2d", .macs = 1e9,
				       .params = 1e6, .act_in = 1e6, .act_out = 1e6,
				       .counted = true };
	p->layers[1] = (struct layer){ .name = "relu", .type = "relu", .act_in = 1e6,
				       .act_out = 1e6, .counted = true };
	return p;
}

/* Each layer's three passes take the longer of FLOPs at the efficiency and traffic at
 * the bandwidth fraction, at least a launch; eager moves the ReLU's traffic, optimized
 * train.cnn.fused-traffic of it; the optimizer streams its state; one epoch's
 * warm-up, evaluation and fixed cost. */
static void
test_train_cnn__layers_by_hand(void **state)
{
	static const enum serve_runtime runtimes[] = { RUNTIME_EAGER, RUNTIME_OPTIMIZED };
	struct profile *p = two_layer_cnn();
	struct placement pl = bare("t-gpu", 1, NULL);
	size_t i;

	(void)state;
	for (i = 0; i < 2; i++) {
		struct workload w = { .task = TASK_TRAIN, .precision = PREC_BF16, .samples = 8,
				      .epochs = 1, .batch = 8, .runtime = runtimes[i],
				      .runtime_given = true, .profile = p };
		struct estimate e;
		struct mlf_err err;
		bool fused = runtimes[i] == RUNTIME_OPTIMIZED;
		double eff = param("efficiency.train-other.gpu"), bw = 2e12 *
			     param("train.cnn.bandwidth-fraction");
		double launch = param(fused ? "infer.launch-overhead.gpu" :
					      "infer.launch-overhead.gpu-eager");
		double conv_c = 2e9 * 8 / (300e12 * eff), conv_m = (2e6 * 2 * 8 + 1e6 * 2) / bw;
		double relu_m = 2e6 * 2 * 8 * (fused ? param("train.cnn.fused-traffic") : 1) / bw;
		double layers = 3 * (fmax(fmax(conv_c, conv_m), launch) + fmax(relu_m, launch));
		double optimizer = 2 * 1e6 * param("train.optimizer-bytes-per-param") / bw;

		assert_int_equal(estimate_run(cat, &w, &pl, ENERGY_POWER, NULL, &e, &err), 0);
		assert_close(e.steps, 1, 1e-12);
		assert_close(e.step_s, layers + optimizer, 1e-12);
		assert_close(e.compute_s, 3 * conv_c, 1e-12);
		/* one epoch: the harness's warm-up share of the step, an evaluation (a forward
		 * pass, a third of the layers' passes, over eval-samples in batches of 8, every
		 * eval-interval epochs) and its fixed cost */
		const char *rt = fused ? "optimized" : "eager";
		char id[64];
		double share, eval, fixed;

		snprintf(id, sizeof(id), "train.cnn.warmup-share.%s", rt);
		share = param(id);
		snprintf(id, sizeof(id), "train.cnn.eval-interval.%s", rt);
		eval = param("train.cnn.eval-samples") / 8 * layers / 3 / param(id);
		snprintf(id, sizeof(id), "train.cnn.epoch-overhead.%s", rt);
		fixed = param(id);
		assert_close(e.time_s.v, e.step_s * (1 + share) / param("train.goodput") + eval + fixed,
			     1e-12);
		assert_true(e.time_s.low < e.time_s.v && e.time_s.v < e.time_s.high);
		assert_string_equal(e.bound, 3 * conv_c > 3 * (conv_m + relu_m) ? "compute" : "memory");
	}
	profile_free(p);
}

/*
 * The layout search skips only what provably cannot win: its pick is as
 * fast as the best of every TP x PP x DP fixed by hand (--layout), up to
 * the search's 0.5 % tie margin, for a 52B model that fits 64 H100s
 * without recomputation only with tensor or pipeline parallelism.
 */
static void
test_train__search_matches_every_layout(void **state)
{
	struct workload w = { .task = TASK_TRAIN, .precision = PREC_BF16, .samples = 1e6,
			      .epochs = 1, .batch = 1024, .recompute = RECOMPUTE_NONE };
	struct placement pl = bare("nvidia-h100-sxm5-80gb", 64, NULL);
	struct profile *p = transformer(64, 8192, 64, 2048);
	struct estimate *e = malloc(sizeof(*e));
	struct mlf_err err;
	double chosen, fastest = 0;
	unsigned tp, pp, fitting = 0, unfit = 0;

	(void)state;
	w.profile = p;
	assert_int_equal(estimate_figures(cat, &w, &pl, ENERGY_POWER, e, &err), 0);
	assert_true(e->fits);
	chosen = e->step_s;
	for (tp = 1; tp <= 8; tp *= 2) {
		for (pp = 1; pp <= 64 / tp && pp <= 64; pp++) {
			if ((64 / tp) % pp != 0)
				continue;
			w.layout_tp = tp;
			w.layout_pp = pp;
			w.layout_dp = 64 / (tp * pp);
			assert_int_equal(estimate_figures(cat, &w, &pl, ENERGY_POWER, e, &err), 0);
			if (!e->fits) {
				unfit++;
				continue;
			}
			fitting++;
			if (fastest == 0 || e->step_s < fastest)
				fastest = e->step_s;
		}
	}
	/* a real choice: some layouts do not fit, many do */
	assert_true(unfit >= 1);
	assert_true(fitting >= 10);
	assert_true(chosen >= fastest * (1 - 1e-12));
	assert_true(chosen <= fastest / (1 - 0.005) * (1 + 1e-12));
	free(e);
	profile_free(p);
}

/* est_param_id() is snprintf("%s.%s") without its cost, truncation included. */
static void
test_est_param_id__as_snprintf(void **state)
{
	static const char *const prefixes[] = { "", "load", "efficiency.train" };
	static const char *const suffixes[] = { "", "gpu", "nvidia-a100-sxm4-80gb" };
	char want[40], got[40];
	size_t i, j, size;

	(void)state;
	for (i = 0; i < 3; i++)
		for (j = 0; j < 3; j++)
			for (size = 1; size <= sizeof(want); size++) {
				snprintf(want, size, "%s.%s", prefixes[i], suffixes[j]);
				memset(got, 'x', sizeof(got));
				assert_ptr_equal(est_param_id(got, size, prefixes[i], suffixes[j]),
						 got);
				assert_string_equal(got, want);
			}
}

/* ---- ranking without text (issue 14) ---- */

/* estimate_figures() gives estimate_run()'s figures to the bit, without assumptions. */
static void
check_figures_match(const struct workload *w, const struct placement *pl)
{
	struct estimate *full = malloc(sizeof(*full)), *bare_e = malloc(sizeof(*bare_e));
	struct mlf_err err;

	assert_int_equal(estimate_run(cat, w, pl, ENERGY_POWER, NULL, full, &err), 0);
	/* scribble over the whole struct: nothing may depend on it being zeroed */
	memset(bare_e, 0xa5, sizeof(*bare_e));
	assert_int_equal(estimate_figures(cat, w, pl, ENERGY_POWER, bare_e, &err), 0);
	assert_true(full->nassumptions >= 8);
	assert_int_equal(bare_e->nassumptions, 0);
	assert_memory_equal(full, bare_e, offsetof(struct estimate, assumptions));
	free(full);
	free(bare_e);
}

static void
test_estimate_figures__same_bits_without_text(void **state)
{
	struct workload tw = { .task = TASK_TRAIN, .precision = PREC_BF16, .samples = 1e6,
			       .epochs = 1, .batch = 512 };
	struct workload cw = { .task = TASK_TRAIN, .precision = PREC_BF16, .samples = 1e6,
			       .epochs = 2, .batch = 256 };
	struct workload iw = { .task = TASK_INFER, .precision = PREC_BF16, .rate = 50,
			       .duration_s = 86400 };
	struct placement h100 = bare("nvidia-h100-sxm5-80gb", 64, NULL);
	struct placement own = bare("t-gpu", 16, "tc:r-own");
	struct profile *llm = transformer(32, 4096, 32, 2048);
	struct profile *cnn = profile_of(25e6, 4e9, 1e7, 0);

	(void)state;
	tw.profile = llm;		/* the layout search */
	check_figures_match(&tw, &h100);
	check_figures_match(&tw, &own);
	cw.profile = cnn;		/* data parallel */
	check_figures_match(&cw, &own);
	iw.profile = cnn;		/* serving a rate */
	check_figures_match(&iw, &own);
	profile_free(llm);
	profile_free(cnn);
}

/* ---- the memo of the training-time stage (issue 14) ---- */

/* A cloud instance type's `k` instances in a region, as recommend places them. */
static struct placement
on_instance(const char *type, unsigned k, const char *region)
{
	struct placement pl = { 0 };

	pl.instance = catalog_find_instance(cat, type);
	assert_non_null(pl.instance);
	pl.device = pl.instance->body.accel;
	pl.count = k * (unsigned)pl.instance->body.accel_count;
	pl.region = catalog_find_region(cat, region);
	assert_non_null(pl.region);
	return pl;
}

static struct placement
at_site(const char *site, const char *node, unsigned count)
{
	struct placement pl = { 0 };

	pl.site = catalog_find_site(cat, site);
	pl.node = catalog_find_node(cat, node);
	assert_non_null(pl.site);
	assert_non_null(pl.node);
	pl.device = pl.node->body.accel;
	pl.count = count;
	return pl;
}

/* estimate_figures_memo() gives estimate_figures()'s bits or its error, hit or miss. */
static void
check_memo_matches(struct est_memo *memo, const struct workload *w, const struct placement *pl)
{
	struct estimate *want = malloc(sizeof(*want)), *got = malloc(sizeof(*got));
	struct mlf_err want_err, got_err;
	int want_rc, got_rc;

	want_rc = estimate_figures(cat, w, pl, ENERGY_POWER, want, &want_err);
	/* scribble: a hit must write every figure the stage writes */
	memset(got, 0x5a, sizeof(*got));
	got_rc = estimate_figures_memo(cat, w, pl, ENERGY_POWER, memo, got, &got_err);
	assert_int_equal(got_rc, want_rc);
	if (want_rc < 0) {
		assert_int_equal(got_err.code, want_err.code);
		assert_string_equal(got_err.msg, want_err.msg);
	} else {
		assert_int_equal(got->nassumptions, 0);
		assert_memory_equal(got, want, offsetof(struct estimate, assumptions));
	}
	free(want);
	free(got);
}

/* Each placement twice over one memo: the second round all hits. */
static void
check_memo_rounds(struct est_memo *memo, const struct workload *w, const struct placement *pls,
		  size_t n)
{
	size_t round, i;

	for (round = 0; round < 2; round++)
		for (i = 0; i < n; i++)
			check_memo_matches(memo, w, &pls[i]);
}

/*
 * The same device and count in other regions, under other prices and on
 * other hosts share a layout search; every figure after it (energy, CO2e,
 * cost) is the placement's own.  Another workload, or the same one with
 * one option changed, must not see the first one's stages.
 */
static void
test_estimate_memo__same_bits_as_without(void **state)
{
	struct workload tw = { .task = TASK_TRAIN, .precision = PREC_BF16, .samples = 1e6,
			       .epochs = 1, .batch = 512 };
	struct workload cw = { .task = TASK_TRAIN, .precision = PREC_BF16, .samples = 1e6,
			       .epochs = 2, .batch = 256 };
	struct placement pls[] = {
		bare("nvidia-h100-sxm5-80gb", 64, NULL),
		bare("nvidia-h100-sxm5-80gb", 64, "tc:r-own"),
		bare("nvidia-h100-sxm5-80gb", 64, "tc:r-country"),
		bare("nvidia-h100-sxm5-80gb", 32, "tc:r-own"),
		bare("t-gpu", 16, "tc:r-own"),
		on_instance("tc:t8", 2, "tc:r-own"),
		on_instance("tc:t8", 2, "tc:r-country"),
		on_instance("tc:t8", 4, "tc:r-zone"),
		on_instance("aws:p5.48xlarge", 8, "aws:us-east-1"),
		on_instance("aws:p5.48xlarge", 8, "aws:eu-north-1"),
		/* the same 64 H100s on a slower network, and on the default one */
		on_instance("gcp:a3-megagpu-8g", 8, "gcp:us-central1"),
		on_instance("gcp:a3-highgpu-8g", 8, "gcp:us-central1"),
		at_site("t-site", "t-node", 16),
		at_site("t-site", "t-node", 8),
	};
	size_t n = sizeof(pls) / sizeof(pls[0]);
	struct profile *llm = transformer(32, 4096, 32, 2048);
	struct profile *cnn = profile_of(25e6, 4e9, 1e7, 0);
	struct est_memo *memo = estimate_memo_new();

	(void)state;
	tw.profile = llm;		/* the layout search */
	check_memo_rounds(memo, &tw, pls, n);
	tw.recompute = RECOMPUTE_FULL;	/* one option changed: new stages */
	check_memo_rounds(memo, &tw, pls, n);
	tw.batch = 2048;
	check_memo_rounds(memo, &tw, pls, n);
	/* a stage that fails is remembered with its message: no layout of 3 x 1 x 1 */
	tw.layout_tp = 3;
	tw.layout_pp = tw.layout_dp = 1;
	check_memo_rounds(memo, &tw, pls, n);
	cw.profile = cnn;		/* data parallel */
	check_memo_rounds(memo, &cw, pls, n);
	estimate_memo_free(memo);
	profile_free(llm);
	profile_free(cnn);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_estimate_run__rejects_nonsense),
		cmocka_unit_test(test_estimate_run__device_without_tdp),
		cmocka_unit_test(test_estimate_run__training_by_hand),
		cmocka_unit_test(test_estimate_run__cloud_cost),
		cmocka_unit_test(test_estimate_run__onprem_cost),
		cmocka_unit_test(test_estimate_run__fit_replicated_sharded_none),
		cmocka_unit_test(test_estimate_run__allreduce_bound),
		cmocka_unit_test(test_train__compute_and_bubble_by_hand),
		cmocka_unit_test(test_train__memory_korthikanti),
		cmocka_unit_test(test_train__generation_shared),
		cmocka_unit_test(test_estimate_precision_for__falls_back),
		cmocka_unit_test(test_estimate_run__inference_rate),
		cmocka_unit_test(test_estimate_serve__layer_latency_and_runtime),
		cmocka_unit_test(test_estimate_serve__kv_cache_and_decode),
		cmocka_unit_test(test_estimate_serve__power_cap),
		cmocka_unit_test(test_estimate_run__opcost_eyeriss),
		cmocka_unit_test(test_estimate_run__accounting_strubell),
		cmocka_unit_test(test_estimate_check_params__shipped_and_broken),
		cmocka_unit_test(test_train_cnn__layers_by_hand),
		cmocka_unit_test(test_estimate_figures__same_bits_without_text),
		cmocka_unit_test(test_est_param_id__as_snprintf),
		cmocka_unit_test(test_train__search_matches_every_layout),
		cmocka_unit_test(test_estimate_memo__same_bits_as_without),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
