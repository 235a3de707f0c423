/*
 * report_kinds.c — the contents of the plan, recommend and estimate
 * reports.  See report_kinds.h.
 *
 * The sections follow issue 12: summary, inputs, options compared, the
 * cost–CO2e trade-off, buy vs rent (plan), where energy and CO2e go,
 * sensitivity, method and sources, for a paper (estimate, recommend) and
 * the data appendix.  A section a kind has nothing for is left out, and
 * sections are numbered as they come.
 *
 * Figures derived here (baseline comparisons, cumulative costs, the
 * break-even utilisation, the sensitivity spans) are computed once into
 * the report's JSON ("derived") and formatted from the same doubles.
 */
#include "config.h"

#define MLF_NAN ((double)NAN)

#include "report_kinds.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "strbuf.h"
#include "units.h"
#include "xalloc.h"

#define MONTH_S (UNITS_YEAR / 12)
#define MAX_CHART_ROWS 25

static const char *const input_keys[SENS_COUNT] = {
	"efficiency", "load", "grid_intensity", "pue", "electricity_price", "utilisation",
	"device_lifetime"
};

/* ---- JSON access ---- */

static json_t *
jget(json_t *o, const char *path)
{
	char key[64];
	const char *dot;

	while (o != NULL && path != NULL && *path != '\0') {
		dot = strchr(path, '.');
		snprintf(key, sizeof(key), "%.*s", dot ? (int)(dot - path) : (int)strlen(path), path);
		o = json_is_object(o) ? json_object_get(o, key) : NULL;
		path = dot ? dot + 1 : NULL;
	}
	return o;
}

static double
jnum(json_t *o, const char *path)
{
	json_t *v = jget(o, path);

	return json_is_number(v) ? json_number_value(v) : MLF_NAN;
}

static const char *
jstr(json_t *o, const char *path)
{
	json_t *v = jget(o, path);

	return json_is_string(v) ? json_string_value(v) : NULL;
}

static void
setnum(json_t *o, const char *key, double v)
{
	json_object_set_new(o, key, isfinite(v) ? json_real(v) : json_null());
}

/* report_num() into one of a ring of buffers, so a printf can take several. */
static const char *
N(double v)
{
	static char ring[16][48];
	static unsigned next;

	return report_num(v, ring[next++ % 16], sizeof(ring[0]));
}

static const char *
kind_word(enum report_kind kind)
{
	return kind == REPORT_KIND_PLAN ? "plan" : kind == REPORT_KIND_RECOMMEND ? "recommend"
										 : "estimate";
}

/* "8 x nvidia-t4 (aws:g4dn.metal) in aws:us-east-1" from a candidate object. */
static char *
placement_name(json_t *cand)
{
	const char *host = jstr(cand, "instance") ? jstr(cand, "instance") : jstr(cand, "node");
	const char *where = jstr(cand, "region") ? jstr(cand, "region") : jstr(cand, "site");
	json_t *count = jget(cand, "count");

	return xasprintf("%lld x %s%s%s%s%s%s", json_is_integer(count)
			 ? (long long)json_integer_value(count) : 0LL,
			 jstr(cand, "device") ? jstr(cand, "device") : "?", host ? " (" : "",
			 host ? host : "", host ? ")" : "", where ? " in " : "", where ? where : "");
}

/* ---- what the run recommends ---- */

static char *
plan_in_words(json_t *res)
{
	struct strbuf sb = STRBUF_INIT;
	json_t *plan = jget(res, "plan"), *sites = jget(plan, "sites"), *as = jget(res, "assignments");
	json_t *s, *a;
	size_t i, ncloud = 0, nprem = 0;

	if (!json_is_true(jget(plan, "feasible")))
		return xstrdup("no plan");
	json_array_foreach(sites, i, s) {
		if (jnum(s, "buy") > 0)
			strbuf_addf(&sb, "%sbuy %s x %s for %s", sb.len ? "; " : "", N(jnum(s, "buy")),
				    jstr(s, "node"), jstr(s, "site"));
	}
	json_array_foreach(as, i, a) {
		if (jstr(a, "estimate.candidate.region") != NULL)
			ncloud++;
		else
			nprem++;
	}
	if (nprem > 0)
		strbuf_addf(&sb, "%s%zu workload%s on-prem", sb.len ? "; " : "", nprem,
			    nprem == 1 ? "" : "s");
	if (ncloud > 0) {
		/* the regions, in order of first use */
		const char *regions[64];
		size_t nr = 0, j;

		json_array_foreach(as, i, a) {
			const char *r = jstr(a, "estimate.candidate.region");

			if (r == NULL)
				continue;
			for (j = 0; j < nr && strcmp(regions[j], r) != 0; j++)
				;
			if (j == nr && nr < 64)
				regions[nr++] = r;
		}
		strbuf_addf(&sb, "%s%zu workload%s rented in ", sb.len ? "; " : "", ncloud,
			    ncloud == 1 ? "" : "s");
		for (j = 0; j < nr; j++)
			strbuf_addf(&sb, "%s%s", j == 0 ? "" : j + 1 == nr ? " and " : ", ", regions[j]);
	}
	return strbuf_detach(&sb);
}

char *
report_choice(enum report_kind kind, json_t *result)
{
	json_t *best;

	if (kind == REPORT_KIND_PLAN)
		return plan_in_words(result);
	if (kind == REPORT_KIND_ESTIMATE)
		return placement_name(jget(result, "candidate"));
	best = jget(result, "best");
	if (!json_is_object(best))
		return xstrdup("no placement");
	return placement_name(jget(best, "candidate"));
}

void
report_headline(enum report_kind kind, json_t *result, double *co2e_kg, double *cost_usd)
{
	if (kind == REPORT_KIND_PLAN) {
		*co2e_kg = jnum(result, "plan.co2e_kg");
		*cost_usd = jnum(result, "plan.cost_usd");
	} else if (kind == REPORT_KIND_RECOMMEND) {
		*co2e_kg = jnum(result, "best.total.co2e_kg");
		*cost_usd = jnum(result, "best.total.cost_usd");
		if (!isfinite(*co2e_kg))
			*co2e_kg = jnum(result, "best.co2e_kg.total");
		if (!isfinite(*cost_usd))
			*cost_usd = jnum(result, "best.cost_usd");
	} else {
		*co2e_kg = jnum(result, "co2e_kg.total");
		*cost_usd = jnum(result, "cost_usd");
	}
}

/* ---- the catalog around the run ---- */

struct catalog_facts {
	const char *price_first, *price_last;
	int grid_first, grid_last;
};

static void
catalog_facts(const struct catalog *cat, struct catalog_facts *f)
{
	size_t i, j, k;

	memset(f, 0, sizeof(*f));
	for (i = 0; i < cat->nproviders; i++) {
		const struct cat_provider *p = &cat->providers[i];

		for (j = 0; j < p->ninstances; j++)
			for (k = 0; k < p->instances[j].nprices; k++) {
				const char *d = p->instances[j].prices[k].date;

				if (d == NULL)
					continue;
				if (f->price_first == NULL || strcmp(d, f->price_first) < 0)
					f->price_first = d;
				if (f->price_last == NULL || strcmp(d, f->price_last) > 0)
					f->price_last = d;
			}
		for (j = 0; j < p->nregions; j++) {
			int y = p->regions[j].grid.year;

			if (y > 0 && (f->grid_first == 0 || y < f->grid_first))
				f->grid_first = y;
			if (y > f->grid_last)
				f->grid_last = y;
		}
	}
	for (i = 0; i < cat->ncountries; i++) {
		int y = cat->countries[i].intensity.year;

		if (y > 0 && (f->grid_first == 0 || y < f->grid_first))
			f->grid_first = y;
		if (y > f->grid_last)
			f->grid_last = y;
	}
}

static json_t *
catalog_json(const struct report_ctx *ctx, const struct catalog_facts *f)
{
	json_t *o = json_object();

	json_object_set_new(o, "hash_fnv1a64", json_string(ctx->catalog_hash));
	json_object_set_new(o, "files", json_integer((json_int_t)ctx->ncatalog_files));
	json_object_set_new(o, "prices_dated_from", f->price_first ? json_string(f->price_first)
								  : json_null());
	json_object_set_new(o, "prices_dated_to", f->price_last ? json_string(f->price_last)
								: json_null());
	json_object_set_new(o, "grid_years_from", f->grid_first ? json_integer(f->grid_first)
								: json_null());
	json_object_set_new(o, "grid_years_to", f->grid_last ? json_integer(f->grid_last)
							     : json_null());
	return o;
}

static void
para_catalog(struct report *r, const struct report_ctx *ctx, const struct catalog_facts *f)
{
	report_para(r, "Catalog: prices dated %s to %s; grid intensities of %d to %d; %zu files, "
		    "FNV-1a 64-bit hash %s.", f->price_first ? f->price_first : "(none)",
		    f->price_last ? f->price_last : "(none)", f->grid_first, f->grid_last,
		    ctx->ncatalog_files, ctx->catalog_hash);
}

/* ---- sections shared by every kind ---- */

static unsigned section_no;

static void
section(struct report *r, const char *id, const char *title)
{
	char buf[128];

	snprintf(buf, sizeof(buf), "%u. %s", ++section_no, title);
	report_section_add(r, id, buf);
}

static void
run_line(struct report *r, const struct report_ctx *ctx)
{
	report_para(r, "Command: %s", ctx->command_line);
	report_para(r, "mlfit %s; catalog hash %s (%zu files).", PACKAGE_VERSION,
		    ctx->catalog_hash, ctx->ncatalog_files);
}

/* One estimate's energy and CO2e split, for the stacked bars. */
static void
split_of(json_t *e, double scale, double *dev, double *host, double *over, double *op,
	 double *emb)
{
	*dev = jnum(e, "energy_kwh.device") * scale;
	*host = jnum(e, "energy_kwh.host") * scale;
	*over = (jnum(e, "energy_kwh.facility") - jnum(e, "energy_kwh.it")) * scale;
	*op = jnum(e, "co2e_kg.operational") * scale;
	*emb = jnum(e, "co2e_kg.embodied") * scale;
}

struct split_row {
	char *name;
	double v[5];	/* device, host, overhead kWh; operational, embodied kg */
};

static void
split_charts(struct report *r, struct split_row *rows, size_t n, const char *what,
	     json_t *derived)
{
	static const char *const es[3] = { "devices", "hosts", "facility overhead" };
	static const char *const cs[2] = { "operational", "embodied" };
	struct report_chart *ce, *cc;
	json_t *arr = json_array();
	size_t i, s;

	ce = report_chart_add(r, CHART_STACKED, "chart-energy-split",
			      "Energy by where it is used, per option", "energy (kWh)", what, n, 3);
	cc = report_chart_add(r, CHART_STACKED, "chart-co2e-split",
			      "Operational and embodied CO2e, per option", "CO2e (kg)", what, n, 2);
	ce->x_unit = xstrdup("kWh");
	cc->x_unit = xstrdup("kg");
	for (s = 0; s < 3; s++)
		report_chart_series(ce, s, es[s]);
	for (s = 0; s < 2; s++)
		report_chart_series(cc, s, cs[s]);
	for (i = 0; i < n; i++) {
		json_t *o = json_object();

		report_chart_label(ce, i, rows[i].name);
		report_chart_label(cc, i, rows[i].name);
		for (s = 0; s < 3; s++)
			*report_chart_value(ce, i, s) = rows[i].v[s];
		for (s = 0; s < 2; s++)
			*report_chart_value(cc, i, s) = rows[i].v[3 + s];
		json_object_set_new(o, "name", json_string(rows[i].name));
		setnum(o, "energy_device_kwh", rows[i].v[0]);
		setnum(o, "energy_host_kwh", rows[i].v[1]);
		setnum(o, "energy_overhead_kwh", rows[i].v[2]);
		setnum(o, "co2e_operational_kg", rows[i].v[3]);
		setnum(o, "co2e_embodied_kg", rows[i].v[4]);
		json_array_append_new(arr, o);
	}
	json_object_set_new(derived, "breakdown", arr);
}

/* ---- sensitivity ---- */

static void
sensitivity_section(struct report *r, const struct report_ctx *ctx, json_t *derived)
{
	static const char *const head[9] = {
		"input", "low end", "high end", "CO2e at low (kg)", "CO2e at high (kg)",
		"cost at low (USD)", "cost at high (USD)", "choice at low", "choice at high"
	};
	static const bool numeric[9] = { false, false, false, true, true, true, true, false, false };
	double co2e, cost;
	struct report_table *t;
	struct report_chart *tc, *tk;
	json_t *arr;
	size_t order[SENS_COUNT], nv = 0, i, j;
	bool decides = ctx->kind != REPORT_KIND_ESTIMATE;

	section(r, "sensitivity", "Sensitivity");
	report_headline(ctx->kind, ctx->result, &co2e, &cost);
	if (!ctx->sensitivity) {
		report_para(r, "Not computed (--no-sensitivity).");
		json_object_set_new(derived, "sensitivity", json_null());
		return;
	}
	arr = json_array();
	report_para(r, "Each uncertain input was set to its low and then its high value and the "
		    "%s was %s; everything else stayed central.  The central run emits %s kg CO2e "
		    "and costs %s USD.", decides ? "problem" : "estimate",
		    decides ? "solved again (a new optimisation, not a rescaling)" : "made again",
		    N(co2e), N(cost));
	t = report_table_add(r, "What each input moves", 9, head, numeric);
	for (i = 0; i < SENS_COUNT; i++) {
		const struct report_sens *s = &ctx->sens[i];
		json_t *o = json_object();
		const char *cells[9];
		char *ch[2];

		json_object_set_new(o, "input", json_string(input_keys[i]));
		json_object_set_new(o, "name", json_string(s->name));
		if (s->why_not != NULL) {
			json_object_set_new(o, "varied", json_false());
			json_object_set_new(o, "why_not", json_string(s->why_not));
			json_array_append_new(arr, o);
			cells[0] = s->name;
			cells[1] = cells[2] = "not varied";
			cells[3] = cells[4] = cells[5] = cells[6] = "";
			cells[7] = s->why_not;
			cells[8] = "";
			report_table_row(t, cells);
			continue;
		}
		json_object_set_new(o, "varied", json_true());
		json_object_set_new(o, "low", json_string(s->low_text));
		json_object_set_new(o, "high", json_string(s->high_text));
		for (j = 0; j < 2; j++) {
			const struct report_sens_end *e = &s->end[j];
			json_t *eo = json_object();
			bool same = e->choice && ctx->central_choice &&
				    strcmp(e->choice, ctx->central_choice) == 0;

			json_object_set_new(eo, "status", json_integer(e->status));
			setnum(eo, "co2e_kg", e->co2e_kg);
			setnum(eo, "cost_usd", e->cost_usd);
			json_object_set_new(eo, "choice", e->choice ? json_string(e->choice)
								    : json_null());
			json_object_set_new(eo, "choice_changes", json_boolean(decides && !same));
			json_object_set_new(o, j == 0 ? "at_low" : "at_high", eo);
			ch[j] = !decides ? xstrdup("(no choice in an estimate)")
				: e->status == 1 ? xstrdup("infeasible")
				: same ? xstrdup("unchanged") : xasprintf("changes: %s", e->choice);
		}
		json_array_append_new(arr, o);
		cells[0] = s->name;
		cells[1] = s->low_text;
		cells[2] = s->high_text;
		cells[3] = N(s->end[0].co2e_kg);
		cells[4] = N(s->end[1].co2e_kg);
		cells[5] = N(s->end[0].cost_usd);
		cells[6] = N(s->end[1].cost_usd);
		cells[7] = ch[0];
		cells[8] = ch[1];
		report_table_row(t, cells);
		free(ch[0]);
		free(ch[1]);
		order[nv++] = i;
	}
	json_object_set_new(derived, "sensitivity", arr);
	/* widest swing first */
	for (i = 1; i < nv; i++)
		for (j = i; j > 0; j--) {
			const struct report_sens *a = &ctx->sens[order[j]], *b = &ctx->sens[order[j - 1]];

			if (fabs(a->end[1].co2e_kg - a->end[0].co2e_kg) <=
			    fabs(b->end[1].co2e_kg - b->end[0].co2e_kg))
				break;
			{
				size_t x = order[j];

				order[j] = order[j - 1];
				order[j - 1] = x;
			}
		}
	tc = report_chart_add(r, CHART_TORNADO, "chart-tornado-co2e",
			      "CO2e of the chosen option at each input's low and high end",
			      "CO2e (kg)", "input", nv, 2);
	tk = report_chart_add(r, CHART_TORNADO, "chart-tornado-cost",
			      "Cost of the chosen option at each input's low and high end",
			      "cost (USD)", "input", nv, 2);
	tc->base = co2e;
	tk->base = cost;
	tc->x_unit = xstrdup("kg");
	tk->x_unit = xstrdup("USD");
	for (j = 0; j < 2; j++) {
		report_chart_series(tc, j, j == 0 ? "at the low end" : "at the high end");
		report_chart_series(tk, j, j == 0 ? "at the low end" : "at the high end");
	}
	for (i = 0; i < nv; i++) {
		const struct report_sens *s = &ctx->sens[order[i]];

		report_chart_label(tc, i, s->name);
		report_chart_label(tk, i, s->name);
		for (j = 0; j < 2; j++) {
			*report_chart_value(tc, i, j) = s->end[j].co2e_kg;
			*report_chart_value(tk, i, j) = s->end[j].cost_usd;
		}
	}
	/* in words */
	for (i = 0; decides && i < nv; i++) {
		const struct report_sens *s = &ctx->sens[order[i]];
		bool same[2];

		for (j = 0; j < 2; j++)
			same[j] = s->end[j].choice && ctx->central_choice &&
				  strcmp(s->end[j].choice, ctx->central_choice) == 0;
		if (same[0] && same[1])
			report_para(r, "%s: the recommendation is the same at both ends (%s and %s).",
				    s->name, s->low_text, s->high_text);
		else
			for (j = 0; j < 2; j++)
				if (!same[j])
					report_para(r, "%s at its %s end (%s): the recommendation "
						    "changes to: %s.", s->name, j ? "high" : "low",
						    j ? s->high_text : s->low_text,
						    s->end[j].status == 1 ? "none is feasible"
						    : s->end[j].choice);
	}
	if (!decides)
		report_para(r, "An estimate has no choice to change: the table shows how far its "
			    "figures move.");
}

/* ---- method and sources ---- */

struct seen {
	const char **ids;
	size_t n, cap;
};

static void
seen_add(struct seen *s, const char *id)
{
	size_t i;

	if (id == NULL || *id == '\0')
		return;
	for (i = 0; i < s->n; i++)
		if (strcmp(s->ids[i], id) == 0)
			return;
	XGROW(s->ids, s->cap, s->n + 1);
	s->ids[s->n++] = id;
}

/* Source ids in a "[a b c]"-style list. */
static void
seen_add_list(struct seen *s, const struct catalog *cat, const char *list)
{
	char buf[512], *tok, *save = NULL;

	snprintf(buf, sizeof(buf), "%s", list ? list : "");
	for (tok = strtok_r(buf, " ,", &save); tok; tok = strtok_r(NULL, " ,", &save)) {
		const struct cat_source *src = catalog_find_source(cat, tok);

		if (src != NULL)
			seen_add(s, src->id);
		else {
			const struct cat_param *p = catalog_find_param(cat, tok);
			size_t i;

			for (i = 0; p != NULL && i < p->sources.n; i++)
				seen_add(s, p->sources.items[i]);
		}
	}
}

static void
method_formulas(struct report *r, const struct report_ctx *ctx)
{
	report_para(r, "Time: a roofline per layer (compute at the realised fraction of peak, "
		    "memory traffic at the realised fraction of bandwidth) plus communication, over "
		    "the steps of the run; the realised efficiency and the device load come from "
		    "published runs, with their low and high values.");
	report_para(r, "Energy: device power = idle + (TDP - idle) x load; host power per node; "
		    "IT energy = power x time; facility energy = IT energy x PUE.  CO2e: "
		    "operational = facility energy x grid intensity; embodied = the hardware's "
		    "embodied CO2e x run time / lifetime (bought hardware in a plan: in full).");
	report_para(r, "Cost: cloud = instances x hours x on-demand price; on-prem = electricity "
		    "(facility energy x the site's price) plus capex: in a plan, owned hardware is "
		    "sunk and purchases are charged in full.");
	if (ctx->kind == REPORT_KIND_PLAN) {
		report_para(r, "Buy vs rent: each option's cost is spread evenly over the months of "
			    "the horizon, purchases paid at month 0.  Cumulative cost after month m = "
			    "capex + sum over k = 1..m of (cost - capex) / M x (1 + r)^(-k/12), with M "
			    "the months of the horizon and r the discount rate a year (--discount-rate, "
			    "here %s); r = 0 gives the undiscounted sum.", N(ctx->discount_rate));
		report_para(r, "Break-even utilisation: an owned node used a share u of the horizon's "
			    "H hours costs c(u) = [capex + A x H x ((1 - u) x P_idle + u x P_busy) x "
			    "PUE x price] / (u x H) per used node-hour, with A = the mean discount "
			    "factor of the months; renting costs R per node-hour (the cheapest "
			    "on-demand instance with the same device, per device x devices per node) x "
			    "A.  c(u*) = R A gives u* = (capex / H + A I) / (A (R - B + I)), I = "
			    "P_idle x PUE x price, B = P_busy x PUE x price.  P_busy = devices x (idle "
			    "+ (TDP - idle) x the training load) + host power; P_idle = devices x idle "
			    "+ host power (host power taken whole: an upper bound).");
	}
	report_para(r, "Sensitivity: each input is set to its low, then its high value and the "
		    "whole run is repeated (for plan and recommend a new optimisation); the "
		    "recommendation is compared with the central one.%s",
		    ctx->kind == REPORT_KIND_PLAN ? "  The plan's re-solves (the other objectives "
		    "and the sensitivity) stop after 5 s each and then give the best plan found, "
		    "marked \"time limit\" in the tables." : "");
}

static void
assumptions_table(struct report *r, const struct report_ctx *ctx, json_t **ests, size_t n,
		  struct seen *src)
{
	static const char *const head[3] = { "assumption", "value", "source" };
	struct report_table *t = report_table_add(r, "Assumptions (as estimate lists them)", 3,
						  head, NULL);
	struct seen rows = { 0 };
	size_t i, j;

	for (i = 0; i < n; i++) {
		json_t *a, *as = jget(ests[i], "assumptions");

		json_array_foreach(as, j, a) {
			const char *cells[3] = { jstr(a, "name"), jstr(a, "value"), jstr(a, "source") };
			char *key = xasprintf("%s\t%s\t%s", cells[0], cells[1], cells[2]);
			size_t before = rows.n;

			seen_add(&rows, key);
			if (rows.n == before) {
				free(key);
				continue;
			}
			report_table_row(t, cells);
			seen_add_list(src, ctx->cat, cells[2]);
		}
	}
	for (i = 0; i < rows.n; i++)
		free((char *)rows.ids[i]);
	free(rows.ids);
}

static void
grid_table(struct report *r, const struct report_ctx *ctx, json_t **ests, size_t n,
	   struct seen *src)
{
	static const char *const head[5] = { "where", "gCO2e/kWh", "basis", "dataset", "year" };
	static const bool numeric[5] = { false, true, false, false, true };
	struct report_table *t = report_table_add(r, "Grid intensity per place", 5, head, numeric);
	struct seen where = { 0 };
	size_t i;

	for (i = 0; i < n; i++) {
		json_t *g = jget(ests[i], "grid");
		const char *w = jstr(g, "where"), *cells[5];
		char year[24];
		size_t before = where.n;

		seen_add(&where, w);
		if (w == NULL || where.n == before)
			continue;
		snprintf(year, sizeof(year), "%.0f", jnum(g, "year"));
		cells[0] = w;
		cells[1] = N(jnum(g, "g_per_kwh"));
		cells[2] = jstr(g, "basis");
		cells[3] = jstr(g, "source") ? jstr(g, "source") : "given";
		cells[4] = isfinite(jnum(g, "year")) ? year : "";
		report_table_row(t, cells);
		seen_add_list(src, ctx->cat, jstr(g, "source"));
	}
	free(where.ids);
}

static void
params_table(struct report *r, const struct report_ctx *ctx, struct seen *src, json_t *arr)
{
	static const char *const head[5] = { "parameter", "value", "low", "high", "sources" };
	static const bool numeric[5] = { false, true, true, true, false };
	static const char *const prefixes[] = { "efficiency.", "load.", "sensitivity." };
	struct report_table *t = report_table_add(r, "Uncertain parameters and their ranges", 5,
						  head, numeric);
	size_t i, k, j;

	for (k = 0; k < sizeof(prefixes) / sizeof(prefixes[0]); k++)
		for (i = 0; i < ctx->cat->nparams; i++) {
			const struct cat_param *p = &ctx->cat->params[i];
			struct strbuf sb = STRBUF_INIT;
			const char *cells[5];
			double scale = p->value.dim == DIM_TIME ? UNITS_YEAR : 1;

			if (strncmp(p->id, prefixes[k], strlen(prefixes[k])) != 0)
				continue;
			for (j = 0; j < p->sources.n; j++) {
				strbuf_addf(&sb, "%s%s", j ? " " : "", p->sources.items[j]);
				seen_add(src, p->sources.items[j]);
			}
			json_array_append_new(arr, json_pack("{s:s, s:f, s:f, s:f, s:s}", "id", p->id,
							     "value", p->value.v / scale,
							     "low", p->value.low / scale,
							     "high", p->value.high / scale,
							     "sources", sb.buf));
			cells[0] = p->id;
			cells[1] = N(p->value.v / scale);
			cells[2] = N(p->value.low / scale);
			cells[3] = N(p->value.high / scale);
			cells[4] = sb.buf;
			report_table_row(t, cells);
			strbuf_release(&sb);
		}
}

static void
sources_table(struct report *r, const struct report_ctx *ctx, struct seen *src, json_t *arr)
{
	static const char *const head[3] = { "source", "reference", "link" };
	struct report_table *t = report_table_add(r, "Sources", 3, head, NULL);
	size_t i;

	for (i = 0; i < src->n; i++) {
		const struct cat_source *s = catalog_find_source(ctx->cat, src->ids[i]);
		struct strbuf text = STRBUF_INIT;
		const char *cells[3], *p;

		if (s == NULL)
			continue;
		/* the catalog's text is wrapped XML content: fold its white space */
		for (p = s->text; p && *p; p++) {
			if (*p == ' ' || *p == '\n' || *p == '\t') {
				if (text.len > 0 && text.buf[text.len - 1] != ' ')
					strbuf_addch(&text, ' ');
			} else {
				strbuf_addch(&text, *p);
			}
		}
		json_array_append_new(arr, json_pack("{s:s, s:s, s:o}", "id", s->id, "text", text.buf,
						     "url", s->url ? json_string(s->url) : json_null()));
		cells[0] = s->id;
		cells[1] = text.buf;
		cells[2] = s->url ? s->url : "";
		report_table_row(t, cells);
		strbuf_release(&text);
	}
}

static void
method_section(struct report *r, const struct report_ctx *ctx, json_t **ests, size_t n,
	       json_t *derived)
{
	struct seen src = { 0 };
	json_t *params = json_array(), *sources = json_array();

	section(r, "method", "Method and sources");
	method_formulas(r, ctx);
	assumptions_table(r, ctx, ests, n, &src);
	grid_table(r, ctx, ests, n, &src);
	params_table(r, ctx, &src, params);
	seen_add(&src, "hershcovich-2022-climate-awareness");
	sources_table(r, ctx, &src, sources);
	json_object_set_new(derived, "parameters", params);
	json_object_set_new(derived, "sources", sources);
	free(src.ids);
}

/* ---- for a paper ---- */

static const char *
device_name(const struct report_ctx *ctx, json_t *e)
{
	const struct cat_device *d = catalog_find_device(ctx->cat, jstr(e, "candidate.device") ?
							 jstr(e, "candidate.device") : "");

	return d && d->name ? d->name : jstr(e, "candidate.device");
}

static const char *
where_of(json_t *e)
{
	return jstr(e, "candidate.region") ? jstr(e, "candidate.region")
					   : jstr(e, "candidate.site");
}

static void
range_text(struct strbuf *sb, json_t *e, const char *key, const char *sub, const char *unit)
{
	char k[64];
	double v, lo, hi;

	snprintf(k, sizeof(k), "%s.%s", key, sub);
	v = jnum(e, k);
	snprintf(k, sizeof(k), "%s_low.%s", key, sub);
	lo = jnum(e, k);
	snprintf(k, sizeof(k), "%s_high.%s", key, sub);
	hi = jnum(e, k);
	strbuf_addf(sb, "%s %s", N(v), unit);
	if (lo != v || hi != v)
		strbuf_addf(sb, " (%s to %s %s)", N(lo), N(hi), unit);
}

static void
escape_into(struct strbuf *sb, const char *s, bool latex)
{
	for (; s && *s; s++) {
		if (latex && strchr("_%&#${}", *s))
			strbuf_addch(sb, '\\');
		if (latex && *s == '~') {
			strbuf_addstr(sb, "\\textasciitilde{}");
			continue;
		}
		if (!latex && strchr("\\`*_[]<>|#", *s))
			strbuf_addch(sb, '\\');
		strbuf_addch(sb, *s);
	}
}

static char *
paper_paragraph(const struct report_ctx *ctx, json_t *e, bool latex)
{
	struct strbuf sb = STRBUF_INIT;
	const char *co2 = latex ? "CO$_2$e" : "CO2e", *sp = latex ? "~" : " ";
	const char *where = where_of(e), *src = jstr(e, "grid.source");
	bool acct = jstr(e, "method") && strcmp(jstr(e, "method"), "accounting") == 0;
	bool train = jstr(e, "task") && strcmp(jstr(e, "task"), "train") == 0;
	const struct cat_source *cs = src ? catalog_find_source(ctx->cat, src) : NULL;

	strbuf_addstr(&sb, train ? "Training " : "Serving ");
	escape_into(&sb, ctx->model_name ? ctx->model_name : "the model", latex);
	strbuf_addf(&sb, " %s %s%shours on %s%s", acct ? "took" : "is estimated to take",
		    N(jnum(e, "time_s") / UNITS_HOUR), sp, N(jnum(e, "candidate.count")), sp);
	escape_into(&sb, device_name(ctx, e), latex);
	strbuf_addstr(&sb, jnum(e, "candidate.count") == 1 ? " device" : " devices");
	if (where) {
		strbuf_addstr(&sb, " in ");
		escape_into(&sb, where, latex);
		if (jstr(e, "candidate.country")) {
			strbuf_addstr(&sb, " (");
			escape_into(&sb, jstr(e, "candidate.country"), latex);
			strbuf_addch(&sb, ')');
		}
	}
	strbuf_addf(&sb, " (%s device-hours).  With a PUE of %s and a grid carbon intensity of "
		    "%s%sg%s/kWh (", N(jnum(e, "device_hours")), N(jnum(e, "pue")),
		    N(jnum(e, "grid.g_per_kwh")), sp, co2);
	escape_into(&sb, jstr(e, "grid.basis"), latex);
	if (src) {
		strbuf_addstr(&sb, ", ");
		escape_into(&sb, src, latex);
	}
	if (isfinite(jnum(e, "grid.year")))
		strbuf_addf(&sb, ", %.0f", jnum(e, "grid.year"));
	strbuf_addf(&sb, "), it %s ", acct ? "used" : "uses");
	range_text(&sb, e, "energy_kwh", "facility", "kWh");
	strbuf_addf(&sb, " of electricity at the facility and %s ", acct ? "emitted" : "emits");
	range_text(&sb, e, "co2e_kg", "total", latex ? "kg CO$_2$e" : "kg CO2e");
	if (acct)
		strbuf_addstr(&sb, "; embodied emissions of the hardware are not counted.");
	else
		strbuf_addf(&sb, ", of which %s%skg are embodied emissions of the hardware.",
			    N(jnum(e, "co2e_kg.embodied")), sp);
	strbuf_addf(&sb, "  The figures were %s with mlfit %s", acct ? "computed" : "estimated",
		    PACKAGE_VERSION);
	if (cs != NULL) {
		strbuf_addstr(&sb, "; the grid intensity is from ");
		escape_into(&sb, cs->id, latex);
		if (cs->url) {
			strbuf_addstr(&sb, latex ? " (\\url{" : " (<");
			strbuf_addstr(&sb, cs->url);
			strbuf_addstr(&sb, latex ? "})" : ">)");
		}
	}
	strbuf_addstr(&sb, ".");
	return strbuf_detach(&sb);
}

static void
paper_section(struct report *r, const struct report_ctx *ctx, json_t *e, json_t *derived)
{
	static const char *const head[2] = { "item (Hershcovich et al. 2022)", "value" };
	struct report_table *t;
	char *tex = paper_paragraph(ctx, e, true), *md = paper_paragraph(ctx, e, false);
	char *buf, *hw, *loc;
	double h = jnum(e, "time_s") / UNITS_HOUR, kwh = jnum(e, "energy_kwh.facility");
	double kg = jnum(e, "co2e_kg.total");
	json_t *card = json_object();
	const char *cells[2];
	struct strbuf sb = STRBUF_INIT;

	section(r, "paper", "For a paper");
	report_para(r, "A paragraph to paste, in LaTeX and in Markdown (numbers as in the JSON):");
	report_code(r, "latex", tex);
	report_code(r, "markdown", md);
	json_object_set_new(derived, "paragraph_latex", json_string(tex));
	json_object_set_new(derived, "paragraph_markdown", json_string(md));
	free(tex);
	free(md);
	t = report_table_add(r, "Climate performance model card (Hershcovich et al. 2022)", 2,
			     head, NULL);
	hw = xasprintf("%s x %s", N(jnum(e, "candidate.count")), device_name(ctx, e));
	loc = xasprintf("%s%s%s%s", where_of(e) ? where_of(e) : "not given",
			jstr(e, "candidate.country") ? " (" : "",
			jstr(e, "candidate.country") ? jstr(e, "candidate.country") : "",
			jstr(e, "candidate.country") ? ")" : "");
	cells[0] = "Hardware";
	cells[1] = hw;
	report_table_row(t, cells);
	buf = xasprintf("%s h", N(h));
	cells[0] = "Time of the final run";
	cells[1] = buf;
	report_table_row(t, cells);
	free(buf);
	strbuf_reset(&sb);
	range_text(&sb, e, "energy_kwh", "facility", "kWh");
	cells[0] = "Energy of the final run (facility, PUE included)";
	cells[1] = sb.buf;
	report_table_row(t, cells);
	cells[0] = "Location";
	cells[1] = loc;
	report_table_row(t, cells);
	buf = xasprintf("%s gCO2e/kWh (%s%s%s)", N(jnum(e, "grid.g_per_kwh")),
			jstr(e, "grid.basis") ? jstr(e, "grid.basis") : "",
			jstr(e, "grid.source") ? ", " : "",
			jstr(e, "grid.source") ? jstr(e, "grid.source") : "");
	cells[0] = "Energy mix at the location (grid intensity)";
	cells[1] = buf;
	report_table_row(t, cells);
	free(buf);
	strbuf_reset(&sb);
	range_text(&sb, e, "co2e_kg", "total", "kg");
	cells[0] = "CO2e of the final run";
	cells[1] = sb.buf;
	report_table_row(t, cells);
	json_object_set_new(card, "hardware", json_string(hw));
	setnum(card, "final_hours", h);
	setnum(card, "final_energy_kwh", kwh);
	json_object_set_new(card, "location", json_string(loc));
	setnum(card, "final_co2e_kg", kg);
	if (ctx->experiments > 0) {
		double n = ctx->experiments;

		buf = xasprintf("%s h (%u runs)", N(h * n), ctx->experiments);
		cells[0] = "Time of all experiments";
		cells[1] = buf;
		report_table_row(t, cells);
		free(buf);
		buf = xasprintf("%s kWh", N(kwh * n));
		cells[0] = "Energy of all experiments";
		cells[1] = buf;
		report_table_row(t, cells);
		free(buf);
		buf = xasprintf("%s kg", N(kg * n));
		cells[0] = "CO2e of all experiments";
		cells[1] = buf;
		report_table_row(t, cells);
		free(buf);
		json_object_set_new(card, "experiments", json_integer(ctx->experiments));
		setnum(card, "all_hours", h * n);
		setnum(card, "all_energy_kwh", kwh * n);
		setnum(card, "all_co2e_kg", kg * n);
	} else {
		report_para(r, "--experiments N adds the time, energy and CO2e of all N runs of the "
			    "experiments to the card.");
	}
	json_object_set_new(derived, "model_card", card);
	strbuf_release(&sb);
	free(hw);
	free(loc);
}

static void
appendix_section(struct report *r, const struct report_ctx *ctx)
{
	section(r, "data", "Data appendix");
	report_para(r, "The report's numbers as JSON, the same text as --format json prints: "
		    "\"result\" is the output of mlfit %s --format json for this run, \"derived\" "
		    "what the report computed from it.", kind_word(ctx->kind));
}

/* ---- plan ---- */

struct plan_option {
	char *name;
	json_t *res;		/* a result object (plan or baseline) */
	const char *reason;	/* when infeasible */
};

static size_t
plan_options(const struct report_ctx *ctx, struct plan_option *o)
{
	static const char *const all[3] = { "co2e", "energy", "cost" };
	const char *obj = jstr(ctx->result, "objective");
	size_t n = 0, i;

	o[n].name = xasprintf("the plan (least %s)", obj ? obj : "co2e");
	o[n++].res = jget(ctx->result, "plan");
	for (i = 0; i < 3; i++)
		if (ctx->by_objective[i] != NULL) {
			o[n].name = xasprintf("plan for least %s", all[i]);
			o[n++].res = jget(ctx->by_objective[i], "plan");
		}
	o[n].name = xstrdup("all in the cloud");
	o[n++].res = jget(ctx->result, "baselines.all_cloud");
	o[n].name = xstrdup("all on-prem");
	o[n++].res = jget(ctx->result, "baselines.all_on_prem");
	for (i = 0; i < n; i++) {
		o[i].reason = NULL;
		if (!json_is_true(jget(o[i].res, "feasible")))
			o[i].reason = jstr(o[i].res, "unplaceable")
				? "a workload has no option there" : jstr(ctx->result, "why")
				? jstr(ctx->result, "why") : "no plan within the limits";
	}
	return n;
}

static const char *
horizon_text(double s)
{
	static char buf[48];

	if (fabs(s / UNITS_YEAR - round(s / UNITS_YEAR)) < 1e-9)
		snprintf(buf, sizeof(buf), "%s-year", N(s / UNITS_YEAR));
	else
		snprintf(buf, sizeof(buf), "%s-day", N(s / UNITS_DAY));
	return buf;
}

static char *
totals_text(json_t *res)
{
	if (!json_is_true(jget(res, "feasible")))
		return xstrdup("not possible");
	return xasprintf("%s kg CO2e, %s kWh, %s USD", N(jnum(res, "co2e_kg")),
			 N(jnum(res, "energy_kwh")), N(jnum(res, "cost_usd")));
}

static void
plan_summary(struct report *r, const struct report_ctx *ctx, struct plan_option *o, size_t n,
	     const struct catalog_facts *f)
{
	static const char *const head[7] = { "option", "status", "CO2e (kg)", "energy (kWh)",
					     "cost (USD)", "of which purchases (USD)",
					     "embodied (kg)" };
	static const bool numeric[7] = { false, false, true, true, true, true, true };
	json_t *plan = o[0].res, *cloud = o[n - 2].res, *prem = o[n - 1].res;
	struct report_table *t;
	size_t i;

	section(r, "summary", "Summary");
	if (!json_is_true(jget(plan, "feasible")))
		report_para(r, "No plan: %s.", o[0].reason);
	else
		report_para(r, "Recommendation: %s.", ctx->central_choice);
	if (json_is_true(jget(plan, "feasible"))) {
		char *c = totals_text(cloud), *p = totals_text(prem);

		report_para(r, "Over the %s horizon the plan emits %s kg CO2e, uses %s kWh and costs "
			    "%s USD (of which %s USD purchases).  All in the cloud: %s.  All on-prem: "
			    "%s.", horizon_text(jnum(ctx->result, "horizon_s")),
			    N(jnum(plan, "co2e_kg")), N(jnum(plan, "energy_kwh")),
			    N(jnum(plan, "cost_usd")), N(jnum(plan, "capex_usd")), c, p);
		free(c);
		free(p);
	}
	t = report_table_add(r, "The plan and the baselines over the horizon", 7, head, numeric);
	for (i = 0; i < n; i++) {
		const char *cells[7];

		if (i > 0 && i < n - 2)
			continue;	/* the other objectives are in "Options compared" */
		cells[0] = o[i].name;
		cells[1] = o[i].reason ? "infeasible" : jstr(o[i].res, "status");
		cells[2] = o[i].reason ? "" : N(jnum(o[i].res, "co2e_kg"));
		cells[3] = o[i].reason ? "" : N(jnum(o[i].res, "energy_kwh"));
		cells[4] = o[i].reason ? "" : N(jnum(o[i].res, "cost_usd"));
		cells[5] = o[i].reason ? "" : N(jnum(o[i].res, "capex_usd"));
		cells[6] = o[i].reason ? "" : N(jnum(o[i].res, "embodied_kg"));
		report_table_row(t, cells);
	}
	if (json_is_true(jget(plan, "feasible")))
		report_para(r, "Solver: %s, relative gap %s.", jstr(plan, "status"),
			    N(jnum(plan, "gap")));
	para_catalog(r, ctx, f);
}

static void
plan_inputs(struct report *r, const struct report_ctx *ctx, json_t *derived)
{
	json_t *wj = json_array(), *sj = json_array();
	static const char *const wh[6] = { "workload", "task", "model", "amount", "runs",
					   "deadline or SLO" };
	static const bool wn[6] = { false, false, false, false, true, false };
	static const char *const sh[8] = { "site", "node", "owned", "may buy", "capex per node (USD)",
					   "PUE", "electricity (USD/kWh)", "power cap (kW)" };
	static const bool sn[8] = { false, false, true, true, true, true, true, true };
	struct report_table *t;
	json_t *s;
	size_t i;

	section(r, "inputs", "Inputs");
	report_para(r, "Horizon %s years; budget %s%s; objective: least %s.",
		    N(jnum(ctx->result, "horizon_s") / UNITS_YEAR),
		    isfinite(jnum(ctx->result, "budget_usd")) ? N(jnum(ctx->result, "budget_usd"))
		    : "none", isfinite(jnum(ctx->result, "budget_usd")) ? " USD" : "",
		    jstr(ctx->result, "objective"));
	if (ctx->spec != NULL) {
		t = report_table_add(r, "Workloads", 6, wh, wn);
		for (i = 0; i < ctx->spec->n; i++) {
			const struct plan_workload *pw = &ctx->spec->workloads[i];
			const struct workload *w = &pw->w;
			char amount[96], runs[16], limit[64];
			const char *cells[6];

			if (w->task == TASK_TRAIN)
				snprintf(amount, sizeof(amount), "%s%s%s",
					 w->tokens > 0 ? N(w->tokens) : w->flops > 0 ? N(w->flops)
					 : N(w->epochs > 0 ? w->epochs : 1),
					 w->tokens > 0 ? " tokens" : w->flops > 0 ? " FLOP" : " epochs",
					 "");
			else if (w->rate > 0)
				snprintf(amount, sizeof(amount), "%s requests/s", N(w->rate));
			else
				snprintf(amount, sizeof(amount), "%s requests", N(w->requests));
			snprintf(runs, sizeof(runs), "%u", pw->runs ? pw->runs : 1);
			if (pw->deadline_s > 0)
				snprintf(limit, sizeof(limit), "deadline %s h", N(pw->deadline_s / UNITS_HOUR));
			else if (w->latency_slo_s > 0)
				snprintf(limit, sizeof(limit), "latency %s ms", N(w->latency_slo_s * 1e3));
			else
				snprintf(limit, sizeof(limit), "none");
			json_array_append_new(wj, json_pack(
				"{s:s, s:s, s:f, s:f, s:f, s:f, s:f, s:f, s:i, s:f, s:f}", "id", pw->id,
				"task", w->task == TASK_TRAIN ? "train" : "serve", "epochs", w->epochs,
				"tokens", w->tokens, "flops", w->flops, "rate_per_s", w->rate,
				"requests", w->requests, "samples", w->samples,
				"runs", (int)(pw->runs ? pw->runs : 1), "deadline_h",
				pw->deadline_s / UNITS_HOUR, "latency_slo_ms", w->latency_slo_s * 1e3));
			cells[0] = pw->id;
			cells[1] = w->task == TASK_TRAIN ? "train" : "serve";
			cells[2] = pw->model ? pw->model : "(FLOPs only)";
			cells[3] = amount;
			cells[4] = runs;
			cells[5] = limit;
			report_table_row(t, cells);
		}
	}
	t = report_table_add(r, "On-prem sites", 8, sh, sn);
	json_array_foreach(jget(ctx->result, "plan.sites"), i, s) {
		const struct cat_site *site = catalog_find_site(ctx->cat, jstr(s, "site"));
		const struct cat_node *node = catalog_find_node(ctx->cat, jstr(s, "node"));
		const char *cells[8];
		char maybuy[32] = "0";
		size_t k;

		for (k = 0; site && k < site->nbuyable; k++)
			if (site->buyable[k].node == node)
				snprintf(maybuy, sizeof(maybuy), "%s", site->buyable[k].count
					 ? N(site->buyable[k].count) : "any");
		{
			json_t *so = json_object();

			json_object_set_new(so, "site", json_string(jstr(s, "site")));
			json_object_set_new(so, "node", json_string(jstr(s, "node")));
			setnum(so, "owned", jnum(s, "owned"));
			json_object_set_new(so, "may_buy", json_string(maybuy));
			setnum(so, "capex_usd", node && node->price.set ? node->price.v : MLF_NAN);
			setnum(so, "pue", site && site->pue.set ? site->pue.v : MLF_NAN);
			setnum(so, "electricity_usd_per_kwh", site && site->electricity_price.set
			       ? site->electricity_price.v * UNITS_KWH : MLF_NAN);
			setnum(so, "power_cap_kw", site && site->power_cap.set
			       ? site->power_cap.v / 1e3 : MLF_NAN);
			json_array_append_new(sj, so);
		}
		cells[0] = jstr(s, "site");
		cells[1] = jstr(s, "node");
		cells[2] = N(jnum(s, "owned"));
		cells[3] = maybuy;
		cells[4] = node && node->price.set ? N(node->price.v) : "n/a";
		cells[5] = site && site->pue.set ? N(site->pue.v) : "n/a";
		cells[6] = site && site->electricity_price.set
			   ? N(site->electricity_price.v * UNITS_KWH) : "n/a";
		cells[7] = site && site->power_cap.set ? N(site->power_cap.v / 1e3) : "none";
		report_table_row(t, cells);
	}
	json_object_set_new(derived, "workloads", wj);
	json_object_set_new(derived, "sites", sj);
	run_line(r, ctx);
}

static void
plan_options_section(struct report *r, const struct report_ctx *ctx, struct plan_option *o,
		     size_t n)
{
	static const char *const head[7] = { "rank", "option", "feasible", "CO2e (kg)",
					     "energy (kWh)", "cost (USD)", "why not" };
	static const bool numeric[7] = { true, false, false, true, true, true, false };
	static const char *const ah[7] = { "workload", "task", "runs", "placement", "CO2e (kg)",
					   "energy (kWh)", "cost (USD)" };
	static const bool an[7] = { false, false, true, false, true, true, true };
	size_t order[8], i, j;
	struct report_table *t;
	struct report_chart *c;
	json_t *a;

	section(r, "options", "Options compared");
	for (i = 0; i < n; i++)
		order[i] = i;
	for (i = 1; i < n; i++)		/* feasible by CO2e, then the infeasible */
		for (j = i; j > 0; j--) {
			struct plan_option *x = &o[order[j]], *y = &o[order[j - 1]];
			bool swap = (y->reason && !x->reason) ||
				    (!x->reason && !y->reason &&
				     jnum(x->res, "co2e_kg") < jnum(y->res, "co2e_kg"));
			size_t tmp;

			if (!swap)
				break;
			tmp = order[j];
			order[j] = order[j - 1];
			order[j - 1] = tmp;
		}
	t = report_table_add(r, "Options, least CO2e first", 7, head, numeric);
	c = report_chart_add(r, CHART_BAR, "chart-options-co2e", "CO2e per option over the horizon",
			     "CO2e (kg)", "option", n, 1);
	report_chart_series(c, 0, "CO2e (kg)");
	c->muted = xcalloc(n, sizeof(bool));
	for (i = 0; i < n; i++) {
		struct plan_option *x = &o[order[i]];
		char rank[24];
		const char *cells[7];

		snprintf(rank, sizeof(rank), "%zu", i + 1);
		cells[0] = rank;
		cells[1] = x->name;
		cells[2] = x->reason ? "no" : "yes";
		cells[3] = x->reason ? "" : N(jnum(x->res, "co2e_kg"));
		cells[4] = x->reason ? "" : N(jnum(x->res, "energy_kwh"));
		cells[5] = x->reason ? "" : N(jnum(x->res, "cost_usd"));
		cells[6] = x->reason ? x->reason : "";
		report_table_row(t, cells);
		report_chart_label(c, i, x->name);
		*report_chart_value(c, i, 0) = x->reason ? MLF_NAN : jnum(x->res, "co2e_kg");
		c->muted[i] = x->reason != NULL;
		if (order[i] == 0)
			c->marked = (int)i;
	}
	t = report_table_add(r, "Where each workload of the plan runs", 7, ah, an);
	json_array_foreach(jget(ctx->result, "assignments"), i, a) {
		char *place = placement_name(jget(a, "estimate.candidate"));
		const char *cells[7];
		char runs[24];

		snprintf(runs, sizeof(runs), "%.0f", jnum(a, "runs"));
		cells[0] = jstr(a, "workload");
		cells[1] = jstr(a, "task");
		cells[2] = runs;
		cells[3] = place;
		cells[4] = N(jnum(a, "co2e_kg"));
		cells[5] = N(jnum(a, "energy_kwh"));
		cells[6] = N(jnum(a, "cost_usd"));
		report_table_row(t, cells);
		free(place);
	}
}

/* Marks the points no other point beats on both axes (lower is better). */
static void
pareto_front(struct report_chart *c)
{
	size_t i, j;

	c->front = xcalloc(c->n ? c->n : 1, sizeof(bool));
	for (i = 0; i < c->n; i++) {
		double xi = c->values[i * 2], yi = c->values[i * 2 + 1];
		bool dominated = false;

		if (!isfinite(xi) || !isfinite(yi))
			continue;
		for (j = 0; j < c->n && !dominated; j++) {
			double xj = c->values[j * 2], yj = c->values[j * 2 + 1];

			if (j != i && isfinite(xj) && isfinite(yj) && xj <= xi && yj <= yi &&
			    (xj < xi || yj < yi))
				dominated = true;
		}
		c->front[i] = !dominated;
	}
}

/* The trade-off section's scatter of cost against CO2e, one point per option;
 * the caller fills the points and marks the front. */
static struct report_chart *
tradeoff_chart(struct report *r, size_t n)
{
	struct report_chart *c;

	section(r, "tradeoff", "Cost and carbon trade-off");
	c = report_chart_add(r, CHART_SCATTER, "chart-pareto", "Cost against CO2e of each option",
			     "cost (USD)", "CO2e (kg)", n, 2);
	report_chart_series(c, 0, "cost (USD)");
	report_chart_series(c, 1, "CO2e (kg)");
	return c;
}

static void
plan_tradeoff(struct report *r, struct plan_option *o, size_t n, json_t *derived)
{
	struct report_chart *c;
	json_t *arr = json_array();
	size_t i;

	c = tradeoff_chart(r, n);
	for (i = 0; i < n; i++) {
		report_chart_label(c, i, o[i].name);
		*report_chart_value(c, i, 0) = o[i].reason ? MLF_NAN : jnum(o[i].res, "cost_usd");
		*report_chart_value(c, i, 1) = o[i].reason ? MLF_NAN : jnum(o[i].res, "co2e_kg");
	}
	c->marked = 0;
	pareto_front(c);
	for (i = 0; i < n; i++) {
		json_t *p = json_object();

		json_object_set_new(p, "option", json_string(o[i].name));
		json_object_set_new(p, "feasible", json_boolean(o[i].reason == NULL));
		json_object_set_new(p, "on_front", json_boolean(c->front[i]));
		setnum(p, "cost_usd", *report_chart_value(c, i, 0));
		setnum(p, "co2e_kg", *report_chart_value(c, i, 1));
		setnum(p, "energy_kwh", o[i].reason ? MLF_NAN : jnum(o[i].res, "energy_kwh"));
		setnum(p, "capex_usd", o[i].reason ? MLF_NAN : jnum(o[i].res, "capex_usd"));
		setnum(p, "embodied_kg", o[i].reason ? MLF_NAN : jnum(o[i].res, "embodied_kg"));
		setnum(p, "operational_kg", o[i].reason ? MLF_NAN : jnum(o[i].res, "co2e_kg") -
						    jnum(o[i].res, "embodied_kg"));
		json_array_append_new(arr, p);
	}
	json_object_set_new(derived, "options", arr);
	report_para(r, "%s is %s the front of the options compared: no other option is both "
		    "cheaper and lower in CO2e%s.", o[0].name, c->front[0] ? "on" : "not on",
		    c->front[0] ? "" : " than it (a baseline beats it)");
}

/* Cumulative cost after month m of an option, discounted at r a year. */
static double
cumulative(json_t *res, double months, double m, double rate)
{
	double capex = jnum(res, "capex_usd"), run = jnum(res, "cost_usd") - capex, sum = capex;
	int k;

	if (!isfinite(capex))
		capex = 0, sum = 0, run = jnum(res, "cost_usd");
	for (k = 1; k <= (int)m; k++)
		sum += run / months * pow(1 + rate, -k / 12.0);
	return sum;
}

struct breakeven {
	const struct cat_site *site;
	const struct cat_node *node;
	const struct cat_instance *inst;
	const struct cat_region *region;
	double capex, p_busy, p_idle, pue, price_j, rent_dev_h, annuity, u;
};

/* The cheapest on-demand instance with the node's device, per device-hour. */
static void
cheapest_rent(const struct catalog *cat, struct breakeven *b)
{
	size_t i, j, k;

	b->rent_dev_h = MLF_NAN;
	for (i = 0; i < cat->nproviders; i++)
		for (j = 0; j < cat->providers[i].ninstances; j++) {
			const struct cat_instance *in = &cat->providers[i].instances[j];

			if (in->body.accel != b->node->body.accel || !(in->body.accel_count > 0))
				continue;
			for (k = 0; k < in->nprices; k++) {
				double per = in->prices[k].price.v * UNITS_HOUR / in->body.accel_count;

				if (in->prices[k].price.set && !(per >= b->rent_dev_h)) {
					b->rent_dev_h = per;
					b->inst = in;
					b->region = in->prices[k].region;
				}
			}
		}
}

static int
breakeven_find(const struct report_ctx *ctx, double horizon_h, double months, struct breakeven *b)
{
	const struct cat_param *load;
	size_t i, k;
	int m;

	memset(b, 0, sizeof(*b));
	for (i = 0; i < ctx->cat->nsites && b->node == NULL; i++)
		for (k = 0; k < ctx->cat->sites[i].nbuyable; k++) {
			const struct cat_node *n = ctx->cat->sites[i].buyable[k].node;

			if (n && n->price.set && n->body.accel && ctx->cat->sites[i].electricity_price.set) {
				b->site = &ctx->cat->sites[i];
				b->node = n;
				break;
			}
		}
	if (b->node == NULL)
		return -1;
	cheapest_rent(ctx->cat, b);
	if (!isfinite(b->rent_dev_h))
		return -1;
	{
		char id[96];

		snprintf(id, sizeof(id), "load.train.%s", catalog_kind_name(b->node->body.accel->kind));
		load = catalog_find_param(ctx->cat, id);
	}
	{
		const struct cat_device *d = b->node->body.accel;
		double n = b->node->body.accel_count, idle = d->idle.set ? d->idle.v : 0;
		double l = load ? load->value.v : 1;

		b->p_busy = n * (idle + (d->tdp.v - idle) * l) + b->node->body.host_power.v;
		b->p_idle = n * idle + b->node->body.host_power.v;
	}
	b->capex = b->node->price.v;
	b->pue = b->site->pue.set ? b->site->pue.v : 1;
	b->price_j = b->site->electricity_price.v;
	b->annuity = 0;
	for (m = 1; m <= (int)months; m++)
		b->annuity += pow(1 + ctx->discount_rate, -m / 12.0);
	b->annuity = months >= 1 ? b->annuity / (int)months : 1;
	{
		double I = b->p_idle * b->pue * b->price_j * UNITS_HOUR;
		double B = b->p_busy * b->pue * b->price_j * UNITS_HOUR;
		double R = b->rent_dev_h * b->node->body.accel_count;

		b->u = R > B ? (b->capex / horizon_h + b->annuity * I) / (b->annuity * (R - B + I))
			     : HUGE_VAL;
	}
	return 0;
}

/* Owned cost per used device-hour at utilisation u. */
static double
owned_per_device_hour(const struct breakeven *b, double horizon_h, double u)
{
	double e = ((1 - u) * b->p_idle + u * b->p_busy) * b->pue * b->price_j * UNITS_HOUR;

	return (b->capex + b->annuity * horizon_h * e) / (u * horizon_h) /
	       b->node->body.accel_count;
}

static void
plan_buy_vs_rent(struct report *r, const struct report_ctx *ctx, struct plan_option *o,
		 size_t n, json_t *derived)
{
	double horizon = jnum(ctx->result, "horizon_s"), months = round(horizon / MONTH_S);
	json_t *cloud = o[n - 2].res, *prem = o[n - 1].res, *plan = o[0].res, *bv = json_object();
	json_t *series = json_array();
	bool has[3] = { json_is_true(jget(cloud, "feasible")), json_is_true(jget(prem, "feasible")),
			json_is_true(jget(plan, "feasible")) };
	json_t *res[3] = { cloud, prem, plan };
	static const char *const names[3] = { "rent: all in the cloud", "buy: all on-prem",
					      "the plan" };
	struct report_chart *c;
	struct breakeven b;
	int cross = -1;
	size_t i, s;

	section(r, "buy-vs-rent", "Buy vs rent");
	if (!(months >= 1))
		months = 1;
	c = report_chart_add(r, CHART_LINE, "chart-cumulative", "Cumulative cost, month by month",
			     "month", "cumulative cost (USD)", (size_t)months + 1, 3);
	c->xs = xcalloc((size_t)months + 1, sizeof(double));
	c->y_unit = xstrdup("USD");
	for (s = 0; s < 3; s++)
		report_chart_series(c, s, names[s]);
	for (i = 0; i <= (size_t)months; i++) {
		char lab[24];

		snprintf(lab, sizeof(lab), "%zu", i);
		report_chart_label(c, i, lab);
		c->xs[i] = (double)i;
		for (s = 0; s < 3; s++)
			*report_chart_value(c, i, s) = has[s] ? cumulative(res[s], months, (double)i,
									   ctx->discount_rate)
							      : MLF_NAN;
		if (cross < 0 && i > 0 && has[0] && has[1] &&
		    *report_chart_value(c, i, 1) <= *report_chart_value(c, i, 0))
			cross = (int)i;
	}
	for (s = 0; s < 3; s++) {
		json_t *a = json_array();

		for (i = 0; i <= (size_t)months; i++)
			json_array_append_new(a, has[s] ? json_real(*report_chart_value(c, i, s))
							: json_null());
		json_array_append_new(series, json_pack("{s:s, s:o}", "name", names[s],
							"cumulative_usd", a));
	}
	setnum(bv, "discount_rate", ctx->discount_rate);
	json_object_set_new(bv, "months", json_integer((json_int_t)months));
	json_object_set_new(bv, "series", series);
	json_object_set_new(bv, "crossover_month", cross >= 0 ? json_integer(cross) : json_null());
	if (!has[0] || !has[1])
		report_para(r, "%s is not possible, so there is nothing to compare it with.",
			    !has[0] ? "Renting everything" : "Buying for everything");
	else if (cross < 0)
		report_para(r, "Buying for everything (all on-prem, %s USD of purchases up front) "
			    "never becomes cheaper than renting everything within the %s months: "
			    "after %s months it has cost %s USD against %s USD.",
			    N(jnum(prem, "capex_usd")), N(months), N(months),
			    N(*report_chart_value(c, (size_t)months, 1)),
			    N(*report_chart_value(c, (size_t)months, 0)));
	else {
		c->mark_x = cross;
		c->mark_label = xasprintf("crossover: month %d", cross);
		report_para(r, "Buying for everything becomes cheaper than renting everything from "
			    "month %d on (cumulative cost %s USD against %s USD).", cross,
			    N(*report_chart_value(c, (size_t)cross, 1)),
			    N(*report_chart_value(c, (size_t)cross, 0)));
	}
	if (ctx->discount_rate > 0)
		report_para(r, "Costs are discounted at %s %% a year (net present value).",
			    N(ctx->discount_rate * 100));
	if (breakeven_find(ctx, horizon / UNITS_HOUR, months, &b) == 0) {
		struct report_chart *u;
		json_t *be = json_object(), *curve = json_array();
		double rent = b.rent_dev_h;
		char *inst = xasprintf("rent %s in %s", b.inst->full_id,
				       b.region ? b.region->full_id : "?");
		char *own = xasprintf("own %s at %s", b.node->id, b.site->id);

		u = report_chart_add(r, CHART_LINE, "chart-breakeven",
				     "Owned cost per device-hour against utilisation",
				     "utilisation (%)", "cost per device-hour (USD)", 20, 2);
		u->xs = xcalloc(20, sizeof(double));
		u->y_unit = xstrdup("USD");
		report_chart_series(u, 0, own);
		report_chart_series(u, 1, inst);
		for (i = 0; i < 20; i++) {
			double util = (double)(i + 1) * 0.05;
			char lab[24];

			snprintf(lab, sizeof(lab), "%zu", (i + 1) * 5);
			report_chart_label(u, i, lab);
			u->xs[i] = util * 100;
			*report_chart_value(u, i, 0) = owned_per_device_hour(&b, horizon / UNITS_HOUR,
									     util);
			*report_chart_value(u, i, 1) = rent * b.annuity;
			json_array_append_new(curve, json_pack("{s:f, s:f, s:f}", "utilisation",
							       util, "owned_usd_per_device_hour",
							       *report_chart_value(u, i, 0),
							       "rent_usd_per_device_hour",
							       *report_chart_value(u, i, 1)));
		}
		json_object_set_new(be, "curve", curve);
		json_object_set_new(be, "site", json_string(b.site->id));
		json_object_set_new(be, "node", json_string(b.node->id));
		setnum(be, "capex_usd", b.capex);
		setnum(be, "busy_power_w", b.p_busy);
		setnum(be, "idle_power_w", b.p_idle);
		setnum(be, "pue", b.pue);
		setnum(be, "electricity_usd_per_kwh", b.price_j * UNITS_KWH);
		json_object_set_new(be, "rent_instance", json_string(b.inst->full_id));
		json_object_set_new(be, "rent_region", b.region ? json_string(b.region->full_id)
								: json_null());
		setnum(be, "rent_usd_per_device_hour", rent);
		setnum(be, "discount_factor", b.annuity);
		setnum(be, "breakeven_utilisation", isfinite(b.u) ? b.u : MLF_NAN);
		json_object_set_new(derived, "breakeven", be);
		if (isfinite(b.u) && b.u <= 1) {
			u->mark_x = b.u * 100;
			u->mark_label = xasprintf("break-even: %s %%", N(b.u * 100));
			report_para(r, "A %s bought for %s (%s USD) costs less per device-hour than "
				    "renting %s at %s USD per device-hour once it is used more than %s %% "
				    "of the horizon (the break-even utilisation).", b.node->id,
				    b.site->id, N(b.capex), b.inst->full_id, N(rent), N(b.u * 100));
		} else {
			char need[64] = "";

			if (isfinite(b.u))
				snprintf(need, sizeof(need), " (it would need %s %%)", N(b.u * 100));
			report_para(r, "A %s bought for %s (%s USD) costs more per device-hour than "
				    "renting %s at %s USD per device-hour even at full use over the "
				    "horizon: there is no break-even utilisation%s.", b.node->id,
				    b.site->id, N(b.capex), b.inst->full_id, N(rent), need);
		}
		free(inst);
		free(own);
	} else {
		report_para(r, "No site can buy a priced node whose device is also rented in the "
			    "catalog: no break-even utilisation to compute.");
	}
	json_object_set_new(derived, "buy_vs_rent", bv);
}

static void
plan_breakdown(struct report *r, const struct report_ctx *ctx, struct plan_option *o, size_t n,
	       json_t *derived)
{
	static const char *const head[4] = { "option", "operational (kg)", "embodied (kg)",
					     "total (kg)" };
	static const bool numeric[4] = { false, true, true, true };
	struct split_row rows[MAX_CHART_ROWS + 1];
	struct report_table *t;
	size_t i, nr = 0, na;
	json_t *as = jget(ctx->result, "assignments"), *a;
	double other[5] = { 0 };
	size_t nother = 0;

	section(r, "breakdown", "Where the energy and CO2e go");
	t = report_table_add(r, "Operational and embodied CO2e per option", 4, head, numeric);
	for (i = 0; i < n; i++) {
		const char *cells[4];

		if (o[i].reason)
			continue;
		cells[0] = o[i].name;
		cells[1] = N(jnum(o[i].res, "co2e_kg") - jnum(o[i].res, "embodied_kg"));
		cells[2] = N(jnum(o[i].res, "embodied_kg"));
		cells[3] = N(jnum(o[i].res, "co2e_kg"));
		report_table_row(t, cells);
	}
	report_para(r, "Per workload of the plan (one run's split, scaled to the workload's "
		    "total energy over the horizon%s):", json_array_size(as) > MAX_CHART_ROWS
		    ? "; the largest 25 by energy, the rest as one bar" : "");
	na = json_array_size(as);
	{
		size_t *idx = xcalloc(na ? na : 1, sizeof(size_t)), j;

		for (i = 0; i < na; i++)
			idx[i] = i;
		for (i = 1; i < na; i++)	/* insertion sort by energy, largest first */
			for (j = i; j > 0 && jnum(json_array_get(as, idx[j]), "energy_kwh") >
					     jnum(json_array_get(as, idx[j - 1]), "energy_kwh"); j--) {
				size_t x = idx[j];

				idx[j] = idx[j - 1];
				idx[j - 1] = x;
			}
		for (i = 0; i < na; i++) {
			double v[5], fac, scale;
			size_t k;

			a = json_array_get(as, idx[i]);
			fac = jnum(a, "estimate.energy_kwh.facility");
			scale = fac > 0 ? jnum(a, "energy_kwh") / fac : 0;
			split_of(jget(a, "estimate"), scale, &v[0], &v[1], &v[2], &v[3], &v[4]);
			if (nr < MAX_CHART_ROWS) {
				rows[nr].name = xstrdup(jstr(a, "workload"));
				memcpy(rows[nr++].v, v, sizeof(v));
			} else {
				for (k = 0; k < 5; k++)
					other[k] += isfinite(v[k]) ? v[k] : 0;
				nother++;
			}
		}
		free(idx);
	}
	if (nother > 0) {
		rows[nr].name = xasprintf("%zu other workloads", nother);
		memcpy(rows[nr++].v, other, sizeof(other));
	}
	split_charts(r, rows, nr, "workload", derived);
	for (i = 0; i < nr; i++)
		free(rows[i].name);
}

static struct report *
build_plan(const struct report_ctx *ctx, json_t *derived)
{
	struct report *r = report_new("mlfit procurement report");
	struct plan_option o[8];
	struct catalog_facts f;
	json_t **ests, *a;
	size_t n, i, ne = 0;

	catalog_facts(ctx->cat, &f);
	json_object_set_new(derived, "catalog", catalog_json(ctx, &f));
	n = plan_options(ctx, o);
	r->subtitle = xasprintf("%s; mlfit %s", ctx->spec ? ctx->spec->path : "plan",
				PACKAGE_VERSION);
	plan_summary(r, ctx, o, n, &f);
	plan_inputs(r, ctx, derived);
	plan_options_section(r, ctx, o, n);
	plan_tradeoff(r, o, n, derived);
	plan_buy_vs_rent(r, ctx, o, n, derived);
	plan_breakdown(r, ctx, o, n, derived);
	sensitivity_section(r, ctx, derived);
	ests = xcalloc(json_array_size(jget(ctx->result, "assignments")) + 1, sizeof(*ests));
	json_array_foreach(jget(ctx->result, "assignments"), i, a)
		if (json_is_array(jget(a, "estimate.assumptions")))
			ests[ne++] = jget(a, "estimate");
	method_section(r, ctx, ests, ne, derived);
	free(ests);
	appendix_section(r, ctx);
	for (i = 0; i < n; i++)
		free(o[i].name);
	return r;
}

/* ---- recommend and estimate ---- */

/* The options of a recommend run: the best, the alternatives, the front. */
struct rec_option {
	char *name;
	json_t *e;
	bool best, front;
};

static size_t
rec_options(json_t *res, struct rec_option *o, size_t max)
{
	static const char *const lists[2] = { "alternatives", "pareto" };
	size_t n = 0, i, j, l;
	json_t *e;

	if (json_is_object(jget(res, "best"))) {
		o[n].name = placement_name(jget(res, "best.candidate"));
		o[n].e = jget(res, "best");
		o[n].best = true;
		o[n++].front = false;
	}
	for (l = 0; l < 2; l++)
		json_array_foreach(jget(res, lists[l]), i, e) {
			char *name = placement_name(jget(e, "candidate"));

			for (j = 0; j < n && strcmp(o[j].name, name) != 0; j++)
				;
			if (j < n) {
				o[j].front |= l == 1;
				free(name);
				continue;
			}
			if (n == max) {
				free(name);
				continue;
			}
			o[n].name = name;
			o[n].e = e;
			o[n].best = false;
			o[n++].front = l == 1;
		}
	return n;
}

static double
rec_total(json_t *e, const char *what)
{
	char k[64];
	double v;

	snprintf(k, sizeof(k), "total.%s", what);
	v = jnum(e, k);
	if (isfinite(v))
		return v;
	if (strcmp(what, "co2e_kg") == 0)
		return jnum(e, "co2e_kg.total");
	if (strcmp(what, "energy_kwh") == 0)
		return jnum(e, "energy_kwh.facility");
	return jnum(e, what);
}

static void
one_run_summary(struct report *r, json_t *e, const char *lead)
{
	struct strbuf sb = STRBUF_INIT;
	char *name = placement_name(jget(e, "candidate"));

	strbuf_addf(&sb, "%s%s: ", lead, name);
	strbuf_addf(&sb, "%s h", N(jnum(e, "time_s") / UNITS_HOUR));
	if (jnum(e, "time_s_low") != jnum(e, "time_s") || jnum(e, "time_s_high") != jnum(e, "time_s"))
		strbuf_addf(&sb, " (%s to %s h)", N(jnum(e, "time_s_low") / UNITS_HOUR),
			    N(jnum(e, "time_s_high") / UNITS_HOUR));
	strbuf_addstr(&sb, ", ");
	range_text(&sb, e, "energy_kwh", "facility", "kWh");
	strbuf_addstr(&sb, ", ");
	range_text(&sb, e, "co2e_kg", "total", "kg CO2e");
	if (isfinite(jnum(e, "cost_usd")))
		strbuf_addf(&sb, ", %s USD (%s to %s USD)", N(jnum(e, "cost_usd")),
			    N(jnum(e, "cost_usd_low")), N(jnum(e, "cost_usd_high")));
	else
		strbuf_addstr(&sb, ", cost unknown");
	strbuf_addch(&sb, '.');
	report_para(r, "%s", sb.buf);
	strbuf_release(&sb);
	free(name);
}

static void
args_table(struct report *r, const struct report_ctx *ctx, int argc, char **argv)
{
	static const char *const head[2] = { "option", "value" };
	struct report_table *t = report_table_add(r, "Workload, limits and choices as given", 2,
						  head, NULL);
	int i;

	(void)ctx;
	for (i = 1; i < argc; i++) {
		const char *cells[2] = { argv[i], "" };
		char *eq = NULL;

		if (argv[i][0] != '-') {
			cells[0] = "model";
			cells[1] = argv[i];
		} else if ((eq = strchr(argv[i], '=')) != NULL) {
			char *k = xstrndup(argv[i], (size_t)(eq - argv[i]));

			cells[0] = k;
			cells[1] = eq + 1;
			report_table_row(t, cells);
			free(k);
			continue;
		} else if (i + 1 < argc && argv[i + 1][0] != '-') {
			cells[1] = argv[++i];
		} else {
			cells[1] = "yes";
		}
		report_table_row(t, cells);
	}
}

static void
rec_sections(struct report *r, const struct report_ctx *ctx, json_t *derived, int argc,
	     char **argv)
{
	static const char *const head[7] = { "rank", "placement", "time (h)", "CO2e (kg)",
					     "energy (kWh)", "cost (USD)", "on the front" };
	static const bool numeric[7] = { true, false, true, true, true, true, false };
	struct rec_option o[64];
	size_t n = rec_options(ctx->result, o, 64), i;
	struct catalog_facts f;
	struct report_table *t;
	struct report_chart *c;
	struct split_row *rows;
	json_t *w, *ests[64];

	catalog_facts(ctx->cat, &f);
	json_object_set_new(derived, "catalog", catalog_json(ctx, &f));
	section(r, "summary", "Summary");
	if (n > 0 && o[0].best) {
		one_run_summary(r, o[0].e, "Recommendation (least ");
		/* the lead must name the objective: rewrite the first paragraph's start */
		{
			struct report_section *s = &r->sections[r->nsections - 1];
			char *old = s->blocks[s->nblocks - 1].text;

			s->blocks[s->nblocks - 1].text = xasprintf("Recommendation (least %s): %s",
				jstr(ctx->result, "objective") ? jstr(ctx->result, "objective") : "co2e",
				old + strlen("Recommendation (least "));
			free(old);
		}
		struct strbuf bind = STRBUF_INIT;
		json_t *b;

		json_array_foreach(jget(ctx->result, "binding"), i, b)
			strbuf_addf(&bind, "%s%s", i ? ", " : "", json_string_value(b));
		report_para(r, "Solver: %s.  Binding limits: %s.", jstr(o[0].e, "status")
			    ? jstr(o[0].e, "status") : "optimal", bind.len ? bind.buf : "none");
		strbuf_release(&bind);
	} else {
		report_para(r, "No placement meets the limits.");
	}
	json_array_foreach(jget(ctx->result, "infeasible"), i, w)
		report_para(r, "Without %s: %s.", jstr(w, "constraint"), jstr(w, "message"));
	para_catalog(r, ctx, &f);

	section(r, "inputs", "Inputs");
	report_para(r, "Objective: least %s.", jstr(ctx->result, "objective"));
	args_table(r, ctx, argc, argv);
	run_line(r, ctx);
	if (n == 0) {
		sensitivity_section(r, ctx, derived);
		appendix_section(r, ctx);
		return;
	}
	section(r, "options", "Options compared");
	t = report_table_add(r, "The recommendation, the next best and the Pareto front", 7, head,
			     numeric);
	c = report_chart_add(r, CHART_BAR, "chart-options-co2e", "CO2e per option", "CO2e (kg)",
			     "option", n, 1);
	report_chart_series(c, 0, "CO2e (kg)");
	c->marked = 0;
	for (i = 0; i < n; i++) {
		char rank[24];
		const char *cells[7];

		snprintf(rank, sizeof(rank), "%zu", i + 1);
		cells[0] = rank;
		cells[1] = o[i].name;
		cells[2] = N(jnum(o[i].e, "time_s") / UNITS_HOUR);
		cells[3] = N(rec_total(o[i].e, "co2e_kg"));
		cells[4] = N(rec_total(o[i].e, "energy_kwh"));
		cells[5] = N(rec_total(o[i].e, "cost_usd"));
		cells[6] = o[i].front ? "yes" : "no";
		report_table_row(t, cells);
		report_chart_label(c, i, o[i].name);
		*report_chart_value(c, i, 0) = rec_total(o[i].e, "co2e_kg");
	}
	report_para(r, "Every option listed meets the limits; what is ruled out by which limit is "
		    "in the summary.");

	c = tradeoff_chart(r, n);
	for (i = 0; i < n; i++) {
		report_chart_label(c, i, o[i].name);
		*report_chart_value(c, i, 0) = rec_total(o[i].e, "cost_usd");
		*report_chart_value(c, i, 1) = rec_total(o[i].e, "co2e_kg");
	}
	c->marked = 0;
	pareto_front(c);

	section(r, "breakdown", "Where the energy and CO2e go");
	rows = xcalloc(n, sizeof(*rows));
	for (i = 0; i < n; i++) {
		double fac = jnum(o[i].e, "energy_kwh.facility"), tot = rec_total(o[i].e, "energy_kwh");

		rows[i].name = o[i].name;
		split_of(o[i].e, fac > 0 && isfinite(tot) ? tot / fac : 1, &rows[i].v[0],
			 &rows[i].v[1], &rows[i].v[2], &rows[i].v[3], &rows[i].v[4]);
	}
	split_charts(r, rows, n, "option", derived);
	free(rows);
	sensitivity_section(r, ctx, derived);
	for (i = 0; i < n && i < 64; i++)
		ests[i] = o[i].e;
	method_section(r, ctx, ests, 1, derived);
	paper_section(r, ctx, o[0].e, derived);
	appendix_section(r, ctx);
	for (i = 0; i < n; i++)
		free(o[i].name);
}

static void
est_sections(struct report *r, const struct report_ctx *ctx, json_t *derived, int argc,
	     char **argv)
{
	json_t *e = ctx->result;
	struct catalog_facts f;
	struct split_row row;

	catalog_facts(ctx->cat, &f);
	json_object_set_new(derived, "catalog", catalog_json(ctx, &f));
	section(r, "summary", "Summary");
	one_run_summary(r, e, jstr(e, "task") && strcmp(jstr(e, "task"), "train") == 0
			? "Training on " : "Serving on ");
	if (jstr(e, "method") && strcmp(jstr(e, "method"), "accounting") == 0)
		report_para(r, "Accounting mode: from the hours and power given; embodied CO2e is "
			    "not counted.");
	para_catalog(r, ctx, &f);
	section(r, "inputs", "Inputs");
	args_table(r, ctx, argc, argv);
	run_line(r, ctx);
	section(r, "breakdown", "Where the energy and CO2e go");
	row.name = placement_name(jget(e, "candidate"));
	split_of(e, 1, &row.v[0], &row.v[1], &row.v[2], &row.v[3], &row.v[4]);
	split_charts(r, &row, 1, "run", derived);
	free(row.name);
	sensitivity_section(r, ctx, derived);
	method_section(r, ctx, &e, 1, derived);
	paper_section(r, ctx, e, derived);
	appendix_section(r, ctx);
}

struct report *
report_build(const struct report_ctx *ctx)
{
	struct report *r;
	json_t *data = json_object(), *derived = json_object();

	section_no = 0;
	if (ctx->kind == REPORT_KIND_PLAN) {
		r = build_plan(ctx, derived);
	} else {
		r = report_new(ctx->kind == REPORT_KIND_RECOMMEND ? "mlfit recommendation report"
								  : "mlfit estimate report");
		r->subtitle = xasprintf("%s; mlfit %s", ctx->model_name ? ctx->model_name : "workload",
					PACKAGE_VERSION);
		if (ctx->kind == REPORT_KIND_RECOMMEND)
			rec_sections(r, ctx, derived, ctx->argc, ctx->argv);
		else
			est_sections(r, ctx, derived, ctx->argc, ctx->argv);
	}
	json_object_set_new(data, "report", json_string(kind_word(ctx->kind)));
	json_object_set_new(data, "mlfit_version", json_string(PACKAGE_VERSION));
	json_object_set_new(data, "command", json_string(ctx->command_line));
	json_object_set_new(data, "result", json_incref(ctx->result));
	json_object_set_new(data, "derived", derived);
	r->data = data;
	return r;
}
