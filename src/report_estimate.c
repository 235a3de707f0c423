/*
 * report_estimate.c — see report_estimate.h.
 *
 * JSON numbers are in the units their keys name (time_s, energy_kwh,
 * co2e_kg, cost_usd); text output picks readable units.  The LaTeX
 * paragraph follows what Strubell et al. 2019 and Patterson et al. 2021 ask
 * papers to report: hardware, hours, location, PUE, grid intensity, energy
 * and CO2e, and how they were obtained.
 */
#include "config.h"

#include "report_estimate.h"

#include <math.h>
#include <string.h>

#include "units.h"

/* jansson prints any double; guard against a stray NaN or infinity anyway. */
static json_t *
num(double v)
{
	return isfinite(v) ? json_real(v) : json_null();
}

static const char *
placement_region(const struct placement *pl)
{
	return pl->region != NULL ? pl->region->full_id : NULL;
}

static const char *
placement_country(const struct placement *pl)
{
	if (pl->region != NULL)
		return pl->region->country;
	if (pl->site != NULL)
		return pl->site->country;
	return NULL;
}

static void
set_str(json_t *o, const char *key, const char *s)
{
	json_object_set_new(o, key, s != NULL ? json_string(s) : json_null());
}

json_t *
report_candidate_json(const struct placement *pl, const struct estimate *e)
{
	json_t *o = json_object();

	set_str(o, "device", pl->device->id);
	json_object_set_new(o, "count", json_integer(pl->count));
	set_str(o, "instance", pl->instance ? pl->instance->full_id : NULL);
	json_object_set_new(o, "instances", e != NULL && pl->instance ? json_integer(e->instances)
								      : json_null());
	set_str(o, "provider", pl->region ? pl->region->provider->id : NULL);
	set_str(o, "region", placement_region(pl));
	set_str(o, "site", pl->site ? pl->site->id : NULL);
	set_str(o, "node", pl->node ? pl->node->id : NULL);
	set_str(o, "country", placement_country(pl));
	return o;
}

static json_t *
energy_obj(const struct estimate *e, int which)
{
	json_t *o = json_object();
	const struct range *r[4] = { &e->energy_device_j, &e->energy_host_j, &e->energy_it_j,
				     &e->energy_facility_j };
	static const char *const keys[4] = { "device", "host", "it", "facility" };
	size_t i;

	for (i = 0; i < 4; i++) {
		double v = which == 0 ? r[i]->v : which < 0 ? r[i]->low : r[i]->high;

		json_object_set_new(o, keys[i], num(v / UNITS_KWH));
	}
	return o;
}

static json_t *
co2e_obj(const struct estimate *e, int which)
{
	json_t *o = json_object();
	const struct range *r[3] = { &e->co2e_operational_g, &e->co2e_embodied_g,
				     &e->co2e_total_g };
	static const char *const keys[3] = { "operational", "embodied", "total" };
	size_t i;

	for (i = 0; i < 3; i++) {
		double v = which == 0 ? r[i]->v : which < 0 ? r[i]->low : r[i]->high;

		json_object_set_new(o, keys[i], num(v / 1000));
	}
	return o;
}

static json_t *
grid_obj(const struct estimate *e)
{
	json_t *o = json_object();

	json_object_set_new(o, "g_per_kwh", num(e->grid.g_per_j * UNITS_KWH));
	json_object_set_new(o, "g_per_kwh_low", num(e->grid.low * UNITS_KWH));
	json_object_set_new(o, "g_per_kwh_high", num(e->grid.high * UNITS_KWH));
	set_str(o, "basis", catalog_grid_level_name(e->grid.level));
	set_str(o, "grid_basis", catalog_grid_basis_name(e->grid.basis));
	set_str(o, "where", e->grid.where);
	set_str(o, "source", e->grid.source);
	set_str(o, "scope", e->grid.scope);
	json_object_set_new(o, "cfe", e->grid.cfe > 0 ? num(e->grid.cfe) : json_null());
	json_object_set_new(o, "year", e->grid.year ? json_integer(e->grid.year) : json_null());
	return o;
}

/* "<key>", "<key>_low", "<key>_high" from a range scaled by k. */
static void
set_range3(json_t *o, const char *key, const struct range *r, double k)
{
	char name[96];

	json_object_set_new(o, key, num(r->v * k));
	snprintf(name, sizeof(name), "%s_low", key);
	json_object_set_new(o, name, num(r->low * k));
	snprintf(name, sizeof(name), "%s_high", key);
	json_object_set_new(o, name, num(r->high * k));
}

static json_t *
inference_obj(const struct estimate *e)
{
	json_t *o = json_object();

	json_object_set_new(o, "latency_s", num(e->latency_s));
	json_object_set_new(o, "throughput_per_s", num(e->throughput));
	json_object_set_new(o, "replica_devices", json_integer(e->replica_devices));
	json_object_set_new(o, "replicas", json_integer(e->replicas));
	json_object_set_new(o, "meets_slo", json_boolean(e->meets_slo));
	json_object_set_new(o, "meets_rate", json_boolean(e->meets_rate));
	json_object_set_new(o, "energy_per_1000_kwh", num(e->energy_per_1000_j.v / UNITS_KWH));
	json_object_set_new(o, "energy_per_1000_kwh_low", num(e->energy_per_1000_j.low / UNITS_KWH));
	json_object_set_new(o, "energy_per_1000_kwh_high",
			    num(e->energy_per_1000_j.high / UNITS_KWH));
	/* serving (issue 10): every figure with its range */
	set_str(o, "runtime", e->runtime);
	json_object_set_new(o, "language_model", json_boolean(e->language_model));
	json_object_set_new(o, "batch", json_integer(e->serve_batch));
	json_object_set_new(o, "tensor_parallel", json_integer(e->replica_devices));
	set_range3(o, "latency_s", &e->latency, 1);
	set_range3(o, "throughput_per_s", &e->throughput_rps, 1);
	json_object_set_new(o, "weights_bytes", num(e->weights_bytes));
	json_object_set_new(o, "activation_bytes", num(e->activation_bytes));
	json_object_set_new(o, "kv_cache_bytes", num(e->kv_cache_bytes));
	json_object_set_new(o, "allreduce_s", num(e->allreduce_s));
	if (e->language_model) {
		json_object_set_new(o, "prompt_tokens", num(e->prompt_tokens));
		json_object_set_new(o, "output_tokens", num(e->output_tokens));
		set_range3(o, "ttft_s", &e->ttft_s, 1);
		set_range3(o, "tpot_s", &e->tpot_s, 1);
		set_range3(o, "tokens_per_s", &e->tokens_per_s, 1);
		set_range3(o, "energy_per_token_j", &e->energy_per_token_j, 1);
		set_range3(o, "energy_per_token_device_j", &e->energy_per_token_device_j, 1);
	}
	set_range3(o, "energy_per_request_j", &e->energy_per_request_j, 1);
	set_range3(o, "energy_per_request_device_j", &e->energy_per_request_device_j, 1);
	set_range3(o, "energy_per_request_facility_j", &e->energy_per_request_facility_j, 1);
	set_str(o, "power_scope",
		"energy_per_request_j and energy_per_token_j: devices + hosts before PUE, "
		"comparable to whole-system wall power (MLPerf); *_device_j: accelerators only "
		"(NVML, ML.ENERGY); *_facility_j: IT x PUE");
	return o;
}

/* ---- training: layout, recompute, efficiency, goodput (issue 9) ---- */

static json_t *
range_obj(const struct range *r, const char *source)
{
	json_t *o = json_object();

	json_object_set_new(o, "value", num(r->v));
	json_object_set_new(o, "low", num(r->low));
	json_object_set_new(o, "high", num(r->high));
	set_str(o, "source", source);
	return o;
}

static void
training_fields(json_t *o, const struct estimate *e)
{
	json_t *l = json_object();

	json_object_set_new(l, "tp", json_integer(e->tp));
	json_object_set_new(l, "pp", json_integer(e->pp));
	json_object_set_new(l, "dp", json_integer(e->dp));
	json_object_set_new(l, "zero_stage", json_integer(e->zero_stage));
	json_object_set_new(l, "virtual_stages", json_integer(e->vp > 0 ? e->vp : 1));
	json_object_set_new(l, "micro_batch", num(e->micro_batch));
	set_str(l, "text", e->layout_text);
	json_object_set_new(o, "layout", l);
	json_object_set_new(o, "micro_batches", num(e->micro_batches));
	json_object_set_new(o, "global_batch", num(e->batch));
	json_object_set_new(o, "seq", num(e->seq));
	set_str(o, "recompute", estimate_recompute_name(e->recompute));
	json_object_set_new(o, "step_s", num(e->step_s));
	/* the step at the ends of the efficiency's range, before the goodput */
	json_object_set_new(o, "step_s_low", num(e->steps > 0 ? e->time_s.low * e->goodput.high /
								 e->steps : 0));
	json_object_set_new(o, "step_s_high", num(e->steps > 0 ? e->time_s.high * e->goodput.low /
								  e->steps : 0));
	json_object_set_new(o, "bubble", num(e->bubble));
	json_object_set_new(o, "efficiency", range_obj(&e->kernel_efficiency, e->efficiency_source));
	json_object_set_new(o, "mfu", range_obj(&e->mfu, "flops / (devices x peak x time)"));
	json_object_set_new(o, "goodput", range_obj(&e->goodput, "train.goodput"));
	set_str(o, "warning", e->train_warning[0] ? e->train_warning : NULL);
}

static json_t *
assumptions_arr(const struct estimate *e)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; i < e->nassumptions; i++) {
		json_t *o = json_object();

		json_object_set_new(o, "name", json_string(e->assumptions[i].name));
		json_object_set_new(o, "value", json_string(e->assumptions[i].value));
		json_object_set_new(o, "source", json_string(e->assumptions[i].source));
		json_array_append_new(a, o);
	}
	return a;
}

json_t *
report_estimate_json(const struct estimate *e, const struct placement *pl)
{
	json_t *o = json_object();

	json_object_set_new(o, "candidate", report_candidate_json(pl, e));
	set_str(o, "task", e->task == TASK_TRAIN ? "train" : "infer");
	set_str(o, "method", e->accounting ? "accounting"
					    : e->method == ENERGY_OPCOST ? "opcost" : "power");
	json_object_set_new(o, "time_s", num(e->time_s.v));
	json_object_set_new(o, "time_s_low", num(e->time_s.low));
	json_object_set_new(o, "time_s_high", num(e->time_s.high));
	json_object_set_new(o, "device_hours", num(e->device_hours));
	set_str(o, "bound", e->bound);
	json_object_set_new(o, "steps", num(e->steps));
	json_object_set_new(o, "flops", num(e->flops));
	json_object_set_new(o, "fits", json_boolean(e->fits));
	json_object_set_new(o, "sharded", json_boolean(e->sharded));
	json_object_set_new(o, "memory_need_bytes", num(e->memory_need_bytes));
	json_object_set_new(o, "memory_have_bytes", num(e->memory_have_bytes));
	set_str(o, "fit_reason", e->fits ? NULL : e->fit_reason);
	json_object_set_new(o, "energy_kwh", energy_obj(e, 0));
	json_object_set_new(o, "energy_kwh_low", energy_obj(e, -1));
	json_object_set_new(o, "energy_kwh_high", energy_obj(e, 1));
	json_object_set_new(o, "pue", num(e->pue));
	json_object_set_new(o, "grid", grid_obj(e));
	json_object_set_new(o, "co2e_kg", co2e_obj(e, 0));
	json_object_set_new(o, "co2e_kg_low", co2e_obj(e, -1));
	json_object_set_new(o, "co2e_kg_high", co2e_obj(e, 1));
	json_object_set_new(o, "cost_usd", e->cost_known ? num(e->cost_usd.v) : json_null());
	json_object_set_new(o, "cost_usd_low", e->cost_known ? num(e->cost_usd.low) : json_null());
	json_object_set_new(o, "cost_usd_high", e->cost_known ? num(e->cost_usd.high) : json_null());
	set_str(o, "cost_basis", e->cost_known ? e->cost_basis : NULL);
	if (e->task == TASK_INFER && !e->accounting)
		json_object_set_new(o, "inference", inference_obj(e));
	if (e->task == TASK_TRAIN && !e->accounting)
		training_fields(o, e);
	json_object_set_new(o, "assumptions", assumptions_arr(e));
	return o;
}

void
report_placement_name(const struct placement *pl, char *buf, size_t size)
{
	const char *host = pl->instance ? pl->instance->full_id : pl->node ? pl->node->id : NULL;
	const char *where = pl->region ? pl->region->full_id : pl->site ? pl->site->id : NULL;

	snprintf(buf, size, "%u x %s%s%s%s%s%s", pl->count, pl->device->id, host ? " (" : "",
		 host ? host : "", host ? ")" : "", where ? " in " : "", where ? where : "");
}

/* ---- text ---- */

/* "1.43 Wh (0.59 to 5.65 Wh)": the range in its value's unit. */
static void
line_range(FILE *out, const char *label, const struct range *r, enum unit_dim dim, double scale)
{
	char v[48], lo[48], hi[48];
	const char *unit = units_pick(r->v * scale, dim);

	units_format(r->v * scale, dim, v, sizeof(v));
	if (r->low == r->v && r->high == r->v) {
		fprintf(out, "  %-22s %s\n", label, v);
		return;
	}
	if (unit[0] == '\0') {
		char *lo_cur;
		const char *v_cur = strrchr(v, ' ');

		units_format(r->low * scale, dim, lo, sizeof(lo));
		units_format(r->high * scale, dim, hi, sizeof(hi));
		/* money: the currency once, after the range ("1.6 (1.4 to 2 USD)") */
		lo_cur = strrchr(lo, ' ');
		if (dim == DIM_MONEY && lo_cur != NULL && v_cur != NULL && strcmp(lo_cur, v_cur) == 0)
			*lo_cur = '\0';
		fprintf(out, "  %-22s %s (%s to %s)\n", label, v, lo, hi);
		return;
	}
	fprintf(out, "  %-22s %s (%s to %s %s)\n", label, v,
		units_format_in(r->low * scale, dim, unit, 4, lo, sizeof(lo)),
		units_format_in(r->high * scale, dim, unit, 4, hi, sizeof(hi)), unit);
}

/* What accounting mode leaves out reads "not counted", not "0 g". */
static void
line_counted(FILE *out, const char *label, const struct range *r, enum unit_dim dim,
	     bool counted)
{
	if (counted)
		line_range(out, label, r, dim, 1);
	else
		fprintf(out, "  %-22s not counted\n", label);
}

static void
text_time(const struct estimate *e, FILE *out)
{
	char a[48], b[48], c[48];

	line_range(out, "time", &e->time_s, DIM_TIME, 1);
	if (!e->accounting) {
		fprintf(out, "  %-22s %.4g\n", "device-hours", e->device_hours);
		fprintf(out, "  %-22s %s bound: compute %s, memory %s, communication %s per step\n",
			"step", e->bound ? e->bound : "?",
			units_format(e->compute_s, DIM_TIME, a, sizeof(a)),
			units_format(e->memory_s, DIM_TIME, b, sizeof(b)),
			units_format(e->comm_s, DIM_TIME, c, sizeof(c)));
		fprintf(out, "  %-22s %s\n", "work", units_format(e->flops, DIM_FLOPS, a, sizeof(a)));
		if (e->task == TASK_TRAIN && e->layout_text[0]) {
			fprintf(out, "  %-22s %s\n", "layout", e->layout_text);
			fprintf(out, "  %-22s %.3g (%.3g to %.3g) of peak, goodput %.3g\n", "MFU",
				e->mfu.v, e->mfu.low, e->mfu.high, e->goodput.v);
		}
	}
}

static void
text_fit(const struct estimate *e, FILE *out)
{
	char need[32], have[32];

	if (e->accounting)
		return;
	if (!e->fits) {
		fprintf(out, "  %-22s no: %s\n", "fits in memory", e->fit_reason);
		return;
	}
	if (e->memory_have_bytes > 0 && e->task == TASK_INFER)
		fprintf(out, "  %-22s yes: %s of %s per device%s%.0u%s\n", "fits in memory",
			units_format(e->memory_need_bytes, DIM_BYTES, need, sizeof(need)),
			units_format(e->memory_have_bytes, DIM_BYTES, have, sizeof(have)),
			e->replica_devices > 1 ? ", a replica tensor-parallel over " : "",
			e->replica_devices > 1 ? e->replica_devices : 0,
			e->replica_devices > 1 ? " devices" : "");
	else if (e->memory_have_bytes > 0)
		fprintf(out, "  %-22s yes: %s of %s per device%s\n", "fits in memory",
			units_format(e->memory_need_bytes, DIM_BYTES, need, sizeof(need)),
			units_format(e->memory_have_bytes, DIM_BYTES, have, sizeof(have)),
			e->sharded ? ", state sharded" : ", state replicated");
}

static void
text_lm(const struct estimate *e, FILE *out)
{
	char a[48], b[48];

	fprintf(out, "  %-22s %.6g prompt + %.6g output tokens, %u decoded together\n",
		"per request", e->prompt_tokens, e->output_tokens, e->serve_batch);
	line_range(out, "time to first token", &e->ttft_s, DIM_TIME, 1);
	line_range(out, "time per output token", &e->tpot_s, DIM_TIME, 1);
	fprintf(out, "  %-22s %.5g (%.5g to %.5g) per second\n", "output tokens", e->tokens_per_s.v,
		e->tokens_per_s.low, e->tokens_per_s.high);
	fprintf(out, "  %-22s weights %s, KV cache %s per replica\n", "memory",
		units_format(e->weights_bytes, DIM_BYTES, a, sizeof(a)),
		units_format(e->kv_cache_bytes, DIM_BYTES, b, sizeof(b)));
	line_range(out, "energy per token, IT", &e->energy_per_token_j, DIM_ENERGY, 1);
}

static void
text_inference(const struct estimate *e, FILE *out)
{
	char a[48];

	if (e->task != TASK_INFER || e->accounting)
		return;
	if (e->language_model)
		text_lm(e, out);
	else
		fprintf(out, "  %-22s %s per batch of %u%s\n", "latency",
			units_format(e->latency_s, DIM_TIME, a, sizeof(a)), e->serve_batch,
			e->meets_slo ? "" : " (misses the SLO)");
	if (e->language_model && !e->meets_slo)
		fprintf(out, "  %-22s misses the SLO\n", "latency");
	fprintf(out, "  %-22s %.4g requests/s on %u replica%s of %u device%s%s\n", "throughput",
		e->throughput, e->replicas, e->replicas == 1 ? "" : "s", e->replica_devices,
		e->replica_devices == 1 ? "" : "s", e->meets_rate ? "" : " (below the rate)");
	line_range(out, "energy per request, IT", &e->energy_per_request_j, DIM_ENERGY, 1);
	line_range(out, "  of which devices", &e->energy_per_request_device_j, DIM_ENERGY, 1);
	line_range(out, "energy per 1000 req.", &e->energy_per_1000_j, DIM_ENERGY, 1);
}

void
report_estimate_text(const struct estimate *e, const struct placement *pl, FILE *out)
{
	char name[256], a[48], gd[256];
	size_t i;

	report_placement_name(pl, name, sizeof(name));
	fprintf(out, "%s %s\n", e->task == TASK_TRAIN ? "training on" : "serving on", name);
	text_time(e, out);
	text_fit(e, out);
	text_inference(e, out);
	line_range(out, "energy, devices", &e->energy_device_j, DIM_ENERGY, 1);
	line_counted(out, "energy, hosts", &e->energy_host_j, DIM_ENERGY,
		     !e->accounting || e->energy_host_j.v != 0);
	line_range(out, "energy, IT", &e->energy_it_j, DIM_ENERGY, 1);
	line_range(out, "energy, facility", &e->energy_facility_j, DIM_ENERGY, 1);
	fprintf(out, "  %-22s %.3g\n", "PUE", e->pue);
	fprintf(out, "  %-22s %s (%s)\n", "grid intensity",
		units_format(e->grid.g_per_j, DIM_INTENSITY, a, sizeof(a)),
		catalog_grid_describe(&e->grid, gd, sizeof(gd)));
	line_range(out, "CO2e, operational", &e->co2e_operational_g, DIM_MASS, 1);
	line_counted(out, "CO2e, embodied", &e->co2e_embodied_g, DIM_MASS,
		     !e->accounting || e->co2e_embodied_g.v != 0);
	line_range(out, "CO2e, total", &e->co2e_total_g, DIM_MASS, 1);
	if (e->cost_known) {
		line_range(out, "cost", &e->cost_usd, DIM_MONEY, 1);
		fprintf(out, "  %-22s %s\n", "cost basis", e->cost_basis);
	} else {
		fprintf(out, "  %-22s unknown\n", "cost");
	}
	fputs("assumptions:\n", out);
	for (i = 0; i < e->nassumptions; i++)
		fprintf(out, "  %-22s %s%s%s%s\n", e->assumptions[i].name, e->assumptions[i].value,
			e->assumptions[i].source[0] ? " [" : "", e->assumptions[i].source,
			e->assumptions[i].source[0] ? "]" : "");
}

/* ---- CSV ---- */

static const char csv_header[] =
	"device,count,instance,region,site,time_s,time_s_low,time_s_high,device_hours,fits,"
	"energy_device_kwh,energy_host_kwh,energy_it_kwh,energy_facility_kwh,"
	"energy_facility_kwh_low,energy_facility_kwh_high,pue,grid_g_per_kwh,grid_basis,"
	"co2e_operational_kg,co2e_embodied_kg,co2e_total_kg,co2e_total_kg_low,co2e_total_kg_high,"
	"cost_usd,cost_usd_low,cost_usd_high\n";

void
report_estimate_csv_header(FILE *out)
{
	fputs(csv_header, out);
}

static void
csv_num(FILE *out, double v, bool known)
{
	char buf[48];

	fputc(',', out);
	if (known && isfinite(v))
		fputs(units_gfmt(v, 10, buf, sizeof(buf)), out);
}

void
report_estimate_csv_row(const struct estimate *e, const struct placement *pl, FILE *out)
{
	fprintf(out, "%s,%u,%s,%s,%s", pl->device->id, pl->count,
		pl->instance ? pl->instance->full_id : "", pl->region ? pl->region->full_id : "",
		pl->site ? pl->site->id : "");
	csv_num(out, e->time_s.v, true);
	csv_num(out, e->time_s.low, true);
	csv_num(out, e->time_s.high, true);
	csv_num(out, e->device_hours, true);
	fputs(e->fits ? ",true" : ",false", out);
	csv_num(out, e->energy_device_j.v / UNITS_KWH, true);
	csv_num(out, e->energy_host_j.v / UNITS_KWH, true);
	csv_num(out, e->energy_it_j.v / UNITS_KWH, true);
	csv_num(out, e->energy_facility_j.v / UNITS_KWH, true);
	csv_num(out, e->energy_facility_j.low / UNITS_KWH, true);
	csv_num(out, e->energy_facility_j.high / UNITS_KWH, true);
	csv_num(out, e->pue, true);
	csv_num(out, e->grid.g_per_j * UNITS_KWH, true);
	fprintf(out, ",%s", catalog_grid_level_name(e->grid.level));
	csv_num(out, e->co2e_operational_g.v / 1000, true);
	csv_num(out, e->co2e_embodied_g.v / 1000, true);
	csv_num(out, e->co2e_total_g.v / 1000, true);
	csv_num(out, e->co2e_total_g.low / 1000, true);
	csv_num(out, e->co2e_total_g.high / 1000, true);
	csv_num(out, e->cost_usd.v, e->cost_known);
	csv_num(out, e->cost_usd.low, e->cost_known);
	csv_num(out, e->cost_usd.high, e->cost_known);
	fputc('\n', out);
}

/* ---- LaTeX ---- */

/* Escapes the characters LaTeX treats specially in running text. */
static void
latex_text(FILE *out, const char *s)
{
	for (; s != NULL && *s != '\0'; s++) {
		switch (*s) {
		case '_': case '%': case '&': case '#': case '$': case '{': case '}':
			fputc('\\', out);
			fputc(*s, out);
			break;
		case '~':
			fputs("\\textasciitilde{}", out);
			break;
		case '\\':
			fputs("\\textbackslash{}", out);
			break;
		default:
			fputc(*s, out);
		}
	}
}

static const char *
latex_num(double v, int digits, char *buf, size_t size)
{
	return units_gfmt(v, digits, buf, size);
}

/* "X~unit" or, when the range is not a point, "X~unit (L to H~unit)". */
static void
latex_range(FILE *out, const struct range *r, double scale, const char *unit)
{
	char v[48], lo[48], hi[48];

	fprintf(out, "%s~%s", latex_num(r->v / scale, 3, v, sizeof(v)), unit);
	if (r->low != r->v || r->high != r->v)
		fprintf(out, " (%s to %s~%s)", latex_num(r->low / scale, 3, lo, sizeof(lo)),
			latex_num(r->high / scale, 3, hi, sizeof(hi)), unit);
}

/* Hardware, hours and place: "Training M is estimated to take … (N device-hours). " */
static void
latex_run(const struct estimate *e, const struct placement *pl, const char *model_name,
	  FILE *out)
{
	char hours[48], dh[48];
	const char *where = pl->region ? pl->region->full_id : pl->site ? pl->site->id : NULL;

	fputs(e->task == TASK_TRAIN ? "Training " : "Serving ", out);
	latex_text(out, model_name ? model_name : "the model");
	fprintf(out, " %s %s~hours on %u~", e->accounting ? "took" : "is estimated to take",
		latex_num(e->time_s.v / UNITS_HOUR, 3, hours, sizeof(hours)), pl->count);
	latex_text(out, pl->device->name ? pl->device->name : pl->device->id);
	fprintf(out, " %s", pl->count == 1 ? "device" : "devices");
	if (where != NULL) {
		fputs(" in ", out);
		latex_text(out, where);
	}
	fprintf(out, " (%s device-hours). ", latex_num(e->device_hours, 4, dh, sizeof(dh)));
}

/*
 * PUE, intensity, energy and CO2e.  Every figure has its own buffer: the
 * old single printf shared buffers between arguments, so the CO2e range
 * showed the energy figures (issue 8 item 1).  Embodied CO2e is named only
 * when it is counted: accounting mode reports operational CO2e alone.
 */
static void
latex_figures(const struct estimate *e, FILE *out)
{
	char pue[48], grid[48], emb[48];

	fprintf(out, "With a PUE of %s and a grid carbon intensity of %s~gCO$_2$e/kWh (",
		latex_num(e->pue, 3, pue, sizeof(pue)),
		latex_num(e->grid.g_per_j * UNITS_KWH, 4, grid, sizeof(grid)));
	latex_text(out, catalog_grid_level_name(e->grid.level));
	if (e->grid.source != NULL) {
		fputs(", ", out);
		latex_text(out, e->grid.source);
	}
	fputs("), it uses ", out);
	latex_range(out, &e->energy_facility_j, UNITS_KWH, "kWh");
	fputs(" of electricity at the facility and emits ", out);
	latex_range(out, &e->co2e_total_g, 1000, "kg CO$_2$e");
	if (e->accounting)
		fputs("; embodied emissions of the hardware are not counted. ", out);
	else
		fprintf(out, ", of which %s~kg are embodied emissions of the hardware. ",
			latex_num(e->co2e_embodied_g.v / 1000, 3, emb, sizeof(emb)));
}

void
report_estimate_latex(const struct estimate *e, const struct placement *pl,
		      const char *model_name, FILE *out)
{
	latex_run(e, pl, model_name, out);
	latex_figures(e, out);
	if (e->accounting)
		fputs("Energy is the measured average power times the hours, times the PUE; "
		      "CO$_2$e is energy times the grid intensity", out);
	else
		fprintf(out, "The figures were estimated with mlfit %s (%s method: %s), with device "
			"efficiency and load taken from published training runs; the ranges "
			"follow the spread of those runs", PACKAGE_VERSION,
			e->method == ENERGY_OPCOST ? "operation-cost" : "power",
			e->method == ENERGY_OPCOST
				? "multiply-accumulates and bytes moved times energy per operation"
				: "roofline time times device and host power");
	fputs(".\n", out);
}
