/*
 * report_estimate.h — an estimate and its placement, for people and for
 * programs.  Shared by `mlfit estimate`, `mlfit recommend` and `mlfit plan`.
 *
 * Layer 5.  The JSON object is the contract scripts rely on (mlfit(1)):
 *   candidate: device, count, instance, instances, provider, region, site,
 *              node, country
 *   time_s, time_s_low, time_s_high, device_hours, bound, steps, flops,
 *   fits, sharded, memory_need_bytes, memory_have_bytes, fit_reason,
 *   energy_kwh {device, host, it, facility}, energy_kwh_low {…},
 *   energy_kwh_high {…}, pue,
 *   grid {g_per_kwh, basis, where, source, year},
 *   co2e_kg {operational, embodied, total}, co2e_kg_low {…}, co2e_kg_high {…},
 *   cost_usd (null if unknown), cost_usd_low, cost_usd_high, cost_basis,
 *   inference (only for inference): latency_s, throughput_per_s,
 *     replica_devices, replicas, meets_slo, meets_rate, energy_per_1000_kwh,
 *   assumptions [{name, value, source}].
 * Every number is finite: unknown values are null, never NaN.
 */
#ifndef MLFIT_REPORT_ESTIMATE_H
#define MLFIT_REPORT_ESTIMATE_H

#include <stdio.h>

#include <jansson.h>

#include "estimate.h"

/* The placement's fields (the "candidate" object). */
json_t *report_candidate_json(const struct placement *pl, const struct estimate *e);

/* The whole estimate object, candidate included.  The caller owns it. */
json_t *report_estimate_json(const struct estimate *e, const struct placement *pl);

/* A short name for a placement: "8 x nvidia-a100-sxm4-80gb (gcp:a2-ultragpu-8g) in gcp:europe-west4". */
void report_placement_name(const struct placement *pl, char *buf, size_t size);

/* The estimate for people: a block of "label  value (low to high)" lines. */
void report_estimate_text(const struct estimate *e, const struct placement *pl, FILE *out);

/* One CSV header line and one row per estimate, same columns. */
void report_estimate_csv_header(FILE *out);
void report_estimate_csv_row(const struct estimate *e, const struct placement *pl, FILE *out);

/* A LaTeX paragraph for a paper's appendix (Strubell et al.'s recommendation). */
void report_estimate_latex(const struct estimate *e, const struct placement *pl,
			   const char *model_name, FILE *out);

#endif
