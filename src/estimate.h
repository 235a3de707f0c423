/*
 * estimate.h — time, energy, CO2e and cost of a workload on a placement.
 *
 * Layer 3.  estimate_run() is a pure function: it reads a profile, a
 * workload, a placement and the catalog's parameters and fills a struct
 * estimate; it does no I/O and keeps no state.  The method is DESIGN.md §4:
 *
 *   time    roofline per step: max(compute, memory, communication), with
 *           compute = FLOPs / (devices × peak × efficiency), memory = bytes
 *           moved per device / bandwidth, communication = gradient
 *           all-reduce (ring: 2 (n−1)/n × bytes, within then between nodes),
 *           overlapped with the backward pass as data-parallel frameworks
 *           do; inference: latency of one batch on one replica, replicas
 *           for a rate;
 *   energy  power method: device power = idle + (TDP − idle) × load, host
 *           power per node, IT energy, facility = IT × PUE; or op-cost:
 *           MACs × J/MAC + bytes × J/B + idle power × time;
 *   CO2e    operational = facility energy × grid intensity (which lookup
 *           level is said); embodied = amortised over the lifetime;
 *   cost    cloud: instances × time × hourly price; on-prem: capex ×
 *           time / lifetime + facility energy × electricity price.
 *
 * Every constant comes from catalog parameters (data/defaults.xml) or the
 * catalog entries, and every figure has a low and a high from the
 * parameters' ranges (efficiency, load, intensity).  Accounting mode
 * (measured hours and power, as papers report) goes through the same
 * energy and CO2e code.
 *
 * Units: SI (s, J, W, B, FLOP, g CO2e, USD).
 */
#ifndef MLFIT_ESTIMATE_H
#define MLFIT_ESTIMATE_H

#include <stdbool.h>
#include <stddef.h>

#include "catalog.h"
#include "err.h"
#include "model.h"

enum task { TASK_TRAIN, TASK_INFER };
/* how a server runs the model: a compiled, fused runtime (TensorRT, vLLM
 * with CUDA graphs, XLA, ONNX Runtime) or an eager framework (PyTorch) */
enum serve_runtime { RUNTIME_OPTIMIZED, RUNTIME_EAGER };
/* Activation recomputation (Korthikanti et al. 2022): none, the attention
 * core only (selective), or every layer's forward pass (full). */
enum recompute { RECOMPUTE_AUTO, RECOMPUTE_NONE, RECOMPUTE_SELECTIVE, RECOMPUTE_FULL };
enum energy_method { ENERGY_POWER, ENERGY_OPCOST };

struct workload {
	const struct profile *profile;	/* NULL only in accounting mode or with `flops` */
	enum task task;
	enum precision precision;
	unsigned batch;			/* global batch in samples; 0: the default */

	/* training: samples × epochs, or tokens, or a total */
	double samples;			/* per epoch */
	double epochs;
	double tokens;			/* > 0: samples = tokens / tokens per sample */
	double flops;			/* > 0: total training FLOPs, overrides the rest */

	/* inference: requests in total, or a rate for a duration */
	double requests;
	double rate;			/* requests per second */
	double duration_s;
	double latency_slo_s;		/* 0: none; a language model's time to first token */

	/* serving (estimate_serve.c) */
	enum serve_runtime runtime;
	bool runtime_given;		/* training: else eager on GPUs, fused (XLA) on TPUs */
	unsigned kv_heads;		/* key/value heads; 0: the model's */
	double prompt_tokens;		/* per request, language models; 0: the default */
	double output_tokens;		/* per request, language models; 0: the default */
	double tpot_slo_s;		/* time per output token; 0: none */
	unsigned tensor_parallel;	/* devices per replica; 0: the fewest that hold it */
	double power_cap_w;		/* per device (nvidia-smi -pl, MLPerf MaxQ); 0: none */

	/* training: the shape of the work and how it is laid out (issue 9) */
	double batch_tokens;		/* > 0: global batch in tokens, instead of batch */
	unsigned seq;			/* > 0: tokens per sequence for a summary (--seq) */
	double active_params;		/* > 0: parameters a token passes through (MoE) */
	enum recompute recompute;	/* RECOMPUTE_AUTO: the least that fits */
	unsigned layout_tp, layout_pp, layout_dp;	/* all > 0: --layout fixes it */
	/* a new field must be compared in workload_same() (estimate.c) */
};

/*
 * Where and on what.  Exactly one of instance (cloud, with its region),
 * site (on-prem) or neither (a bare device count, placed in `region` or
 * nowhere in particular) describes the hosts.
 */
struct placement {
	const struct cat_device *device;
	unsigned count;				/* devices in all */
	const struct cat_instance *instance;	/* cloud instance type, or NULL */
	const struct cat_region *region;	/* cloud region, or NULL */
	const struct cat_site *site;		/* on-prem site, or NULL */
	const struct cat_node *node;		/* the site's node type, or NULL */
	/* on-prem: the hardware's capex and embodied CO2e are sunk (not charged)
	 * rather than amortised over its lifetime for the time used */
	bool sunk;
};

/* Measured figures for accounting mode; 0 = not given. */
struct accounting {
	double hours;			/* wall-clock hours */
	double power_w;			/* average power per device, host included if so measured */
	double pue;			/* 0: the placement's */
	double intensity_g_per_j;	/* 0: the placement's */
};

struct range {
	double v, low, high;
};

#define ESTIMATE_MAX_ASSUMPTIONS 40

struct assumption {
	char name[48];		/* "efficiency", "pue", "grid intensity", … */
	char value[160];		/* human text: "0.40 (0.22 to 0.51)" */
	char source[160];	/* a source id, a parameter id, or how it was derived */
};

struct estimate {
	/* what was estimated */
	enum task task;
	enum energy_method method;
	bool accounting;
	unsigned devices, nodes, devices_per_node, instances;
	double flops;			/* total work */
	double steps;			/* training steps, or inference batches */

	/* memory fit */
	bool fits;
	bool sharded;			/* optimizer state sharded over devices (ZeRO-3/FSDP) */
	double memory_need_bytes;	/* per device */
	double memory_have_bytes;	/* per device */
	char fit_reason[256];		/* why not, when !fits */

	/* time */
	struct range time_s;
	double compute_s, memory_s, comm_s;	/* per step, central */
	const char *bound;		/* "compute", "memory" or "communication" */
	double device_hours;		/* devices × time */

	/* training: the layout chosen and the realized efficiency (issue 9) */
	unsigned tp, pp, dp;		/* tensor-, pipeline-, data-parallel degrees */
	unsigned zero_stage;		/* 0: replicated state; 1, 2, 3: ZeRO stage */
	unsigned vp;			/* interleaved (virtual) stages per pipeline stage */
	double micro_batches;		/* per step and pipeline */
	double micro_batch;		/* sequences (or samples) per micro-batch */
	double batch;			/* global batch in samples (sequences) */
	double seq;			/* tokens per sample; 1 for non-sequence models */
	enum recompute recompute;
	double step_s;			/* one step, central, before goodput */
	double bubble;			/* pipeline bubble, fraction of the step */
	struct range mfu;		/* model FLOPs / (devices × peak × time) */
	struct range kernel_efficiency;	/* the parameter: fraction of peak while computing */
	struct range goodput;		/* productive fraction of the run's wall time */
	char efficiency_source[96];	/* the parameter id used */
	char layout_text[128];		/* "TP 8 × PP 16 × DP 128, ZeRO-1, 1,024 micro-batches of 1" */
	char train_warning[200];	/* e.g. more data-parallel replicas than samples */

	/* inference */
	double latency_s;		/* one batch on one replica; a language model's TTFT */
	double latency_high_s;		/* … at the low end of efficiency (0: not known) */
	double throughput;		/* requests per second, all replicas */
	unsigned replica_devices;	/* devices per replica */
	unsigned replicas;		/* replicas available (or needed, for a rate) */
	bool meets_slo;
	bool meets_rate;
	struct range energy_per_1000_j;

	/* serving (estimate_serve.c): every figure with its range */
	const char *runtime;		/* "optimized" or "eager" */
	bool language_model;		/* prefill + decode with a KV cache */
	unsigned serve_batch;		/* requests per batch (a language model's continuous batch) */
	double prompt_tokens, output_tokens;	/* per request (language models) */
	struct range latency;		/* latency_s with its range */
	struct range throughput_rps;	/* throughput with its range */
	struct range ttft_s;		/* time to first token (language models) */
	struct range tpot_s;		/* time per output token (language models) */
	struct range tokens_per_s;	/* output tokens per second, all replicas */
	double weights_bytes, activation_bytes, kv_cache_bytes;	/* per replica */
	double allreduce_s;		/* tensor-parallel all-reduces per batch or decode step */
	/* energy per request and per output token: devices only (what NVML
	 * reads), IT = devices + hosts (what a wall meter on the servers reads),
	 * facility = IT × PUE */
	struct range energy_per_request_device_j, energy_per_request_j;
	struct range energy_per_request_facility_j;
	struct range energy_per_token_device_j, energy_per_token_j;

	/* energy */
	double device_power_w, host_power_w;	/* per device / per node, central */
	struct range energy_device_j, energy_host_j, energy_it_j, energy_facility_j;
	double pue;

	/* emissions */
	struct grid_lookup grid;
	struct range co2e_operational_g, co2e_embodied_g, co2e_total_g;

	/* money */
	bool cost_known;
	struct range cost_usd;
	const char *cost_basis;		/* "cloud on-demand", "on-prem amortised", … */

	struct assumption assumptions[ESTIMATE_MAX_ASSUMPTIONS];
	size_t nassumptions;
};

/*
 * Estimates `w` on `pl`.  `acct` (may be NULL) switches to accounting mode.
 * Returns 0, or -1 with err: MLF_E_DATA for a missing or malformed
 * parameter, MLF_E_USAGE for a workload that makes no sense (no devices,
 * a device without the precision, work or time out of range).
 * A model that does not fit is not an error: e->fits is false and
 * e->fit_reason says why.
 */
int estimate_run(const struct catalog *cat, const struct workload *w, const struct placement *pl,
		 enum energy_method method, const struct accounting *acct,
		 struct estimate *e, struct mlf_err *err);

/*
 * Whether a and b are the same workload: every field equal, reals to the
 * bit.  What the memos (plan's groups, optimize_cache.c, estimate_memo.c)
 * key on; a new field of struct workload goes there too.
 */
bool workload_same(const struct workload *a, const struct workload *b);

/*
 * The figures of estimate_run(cat, w, pl, method, NULL, e, err), the same
 * to the bit, without the assumption text (e->nassumptions is 0): for the
 * candidates a search only ranks.  Whatever prints an estimate's
 * assumptions estimates it again with estimate_run().
 */
int estimate_figures(const struct catalog *cat, const struct workload *w, const struct placement *pl,
		     enum energy_method method, struct estimate *e, struct mlf_err *err);

/*
 * A memo of the training-time stage for a search over many placements of
 * one workload (estimate_memo.c): candidates that differ only in region,
 * price or site share the device, the count and the hosts, and so the
 * layout search.  estimate_figures_memo() gives what estimate_figures()
 * gives, to the bit; memo may be NULL.  A memo holds one catalog's and one
 * workload's stages and empties itself when asked about another.
 */
struct est_memo;
struct est_memo *estimate_memo_new(void);
void estimate_memo_free(struct est_memo *memo);
int estimate_figures_memo(const struct catalog *cat, const struct workload *w,
			  const struct placement *pl, enum energy_method method,
			  struct est_memo *memo, struct estimate *e, struct mlf_err *err);

/*
 * Checks that every parameter estimate_run() may need exists with the right
 * dimension; adds a catalog diagnostic for each one that does not.
 * Returns the number of problems.  For `mlfit catalog validate`.
 */
int estimate_check_params(struct catalog *cat);

/* The precision a device runs a workload at: `want` if it has a peak for
 * it, else the best it has (fp16/bf16 → bf16/fp16 → tf32 → fp32, int8 →
 * fp16 …); -1 if none.  *fell_back tells whether it differs from want. */
int estimate_precision_for(const struct cat_device *d, enum precision want, bool *fell_back);

/* "none", "selective", "full" ("auto" for RECOMPUTE_AUTO). */
const char *estimate_recompute_name(enum recompute r);

#endif
