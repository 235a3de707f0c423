/*
 * calibrate.c — least squares on measured runs, and the overlay they make.
 *
 * The fits are small (one to three coefficients over a handful of runs),
 * so the normal equations solved by Gaussian elimination are enough, once
 * the columns are scaled to unit length: MAC counts (1e12) and times (1e2)
 * then meet on equal terms, and a pivot near zero means two columns say the
 * same thing (collinear records), which is a refusal, not a number.
 */
#include "config.h"

#include "calibrate.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "units.h"

#define PIVOT_MIN 1e-9		/* of a unit-scaled normal matrix: collinear below */
#define UTIL_SPREAD_MIN 0.2	/* utilisation must span this to separate idle from load */
#define MAC_SPREAD_MIN 0.1	/* coefficient of variation of MACs for the op-cost fit */
#define TIME_RMS_MAX 0.5	/* runs that disagree more than this share no one efficiency */

static int refuse(struct calib_fit *fit, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int
refuse(struct calib_fit *fit, const char *fmt, ...)
{
	va_list ap;

	fit->ok = false;
	va_start(ap, fmt);
	vsnprintf(fit->why, sizeof(fit->why), fmt, ap);
	va_end(ap);
	return -1;
}

/* Solves the p × p system a β = b in place (partial pivoting). */
static int
solve(double a[3][3], double b[3], size_t p, double beta[3])
{
	size_t i, j, k, best;

	for (k = 0; k < p; k++) {
		best = k;
		for (i = k + 1; i < p; i++)
			if (fabs(a[i][k]) > fabs(a[best][k]))
				best = i;
		if (fabs(a[best][k]) < PIVOT_MIN)
			return -1;
		if (best != k) {
			for (j = 0; j < p; j++) {
				double t = a[k][j];

				a[k][j] = a[best][j];
				a[best][j] = t;
			}
			double t = b[k];

			b[k] = b[best];
			b[best] = t;
		}
		for (i = k + 1; i < p; i++) {
			double f = a[i][k] / a[k][k];

			for (j = k; j < p; j++)
				a[i][j] -= f * a[k][j];
			b[i] -= f * b[k];
		}
	}
	for (k = p; k-- > 0;) {
		double s = b[k];

		for (j = k + 1; j < p; j++)
			s -= a[k][j] * beta[j];
		beta[k] = s / a[k][k];
	}
	return 0;
}

int
calibrate_lsq(const double *x, const double *y, size_t n, size_t p, struct calib_fit *fit)
{
	double a[3][3] = { { 0 } }, b[3] = { 0 }, scale[3] = { 0 }, beta[3] = { 0 };
	double mean = 0, ss_tot = 0, ss_res = 0, rel = 0;
	size_t i, j, k, nrel = 0;

	memset(fit, 0, sizeof(*fit));
	fit->n = n;
	fit->p = p;
	if (p == 0 || p > 3)
		return refuse(fit, "%s", "no coefficients to fit");
	if (n < p + 1 || n < 2) {
		return refuse(fit, "too few records (%zu): at least %zu are needed", n,
			      p + 1 < 2 ? 2 : p + 1);
	}
	for (j = 0; j < p; j++) {
		for (i = 0; i < n; i++)
			scale[j] += x[i * p + j] * x[i * p + j];
		scale[j] = sqrt(scale[j]);
		if (!(scale[j] > 0))
			return refuse(fit, "%s", "a regressor is zero in every record");
	}
	for (i = 0; i < n; i++) {
		for (j = 0; j < p; j++) {
			double xj = x[i * p + j] / scale[j];

			b[j] += xj * y[i];
			for (k = 0; k < p; k++)
				a[j][k] += xj * x[i * p + k] / scale[k];
		}
	}
	if (solve(a, b, p, beta) < 0)
		return refuse(fit, "%s", "the records are degenerate: their regressors are "
			      "(nearly) proportional, so the coefficients cannot be told apart");
	for (j = 0; j < p; j++) {
		fit->beta[j] = beta[j] / scale[j];
		if (!isfinite(fit->beta[j]))
			return refuse(fit, "%s", "the fit did not give a finite number");
	}
	for (i = 0; i < n; i++)
		mean += y[i] / (double)n;
	for (i = 0; i < n; i++) {
		double yhat = 0;

		for (j = 0; j < p; j++)
			yhat += fit->beta[j] * x[i * p + j];
		ss_res += (y[i] - yhat) * (y[i] - yhat);
		ss_tot += (y[i] - mean) * (y[i] - mean);
		if (y[i] != 0) {
			rel += ((yhat - y[i]) / y[i]) * ((yhat - y[i]) / y[i]);
			nrel++;
		}
	}
	fit->r2 = ss_tot > 0 ? 1 - ss_res / ss_tot : (ss_res == 0 ? 1 : 0);
	fit->rms_rel = nrel > 0 ? sqrt(rel / (double)nrel) : 0;
	fit->ok = true;
	return 0;
}

/* ---- the three fits ---- */

static void
fit_time(const struct calib_input *in, size_t n, struct calib_result *out)
{
	double x[64], y[64];
	size_t i, m = 0;

	out->efficiency_low = INFINITY;
	out->efficiency_high = 0;
	for (i = 0; i < n && m < 64; i++) {
		double implied;

		if (!(in[i].time_est_s > 0) || !(in[i].time_s > 0))
			continue;
		x[m] = in[i].time_est_s;
		y[m] = in[i].time_s;
		implied = in[i].efficiency * in[i].time_est_s / in[i].time_s;
		if (implied < out->efficiency_low)
			out->efficiency_low = implied;
		if (implied > out->efficiency_high)
			out->efficiency_high = implied;
		m++;
	}
	if (m == 0) {
		refuse(&out->time_fit, "%s", "no record names its workload, so there is no "
		       "estimate to compare the measured time with (give --workload)");
		return;
	}
	if (calibrate_lsq(x, y, m, 1, &out->time_fit) < 0)
		return;
	out->efficiency = in[0].efficiency / out->time_fit.beta[0];
	if (out->time_fit.rms_rel > TIME_RMS_MAX) {
		refuse(&out->time_fit, "the runs disagree with any one efficiency by %.0f %% rms "
		       "(R^2 %.2f): check their workloads", 100 * out->time_fit.rms_rel,
		       out->time_fit.r2);
		return;
	}
	if (!(out->efficiency > 0) || out->efficiency > 1)
		refuse(&out->time_fit, "%s", "the fit implies an efficiency above 1 of peak: "
		       "the workload or the device of the records is wrong");
}

static void
fit_power(const struct calib_input *in, size_t n, const struct cat_device *d,
	  struct calib_result *out)
{
	double x[128], y[64], u[64], pw[64], umin = 1, umax = 0, idle, dyn;
	size_t i, m = 0;

	if (!d->tdp.set) {
		refuse(&out->power_fit, "%s", "the device has no TDP to scale the load against");
		return;
	}
	for (i = 0; i < n && m < 64; i++) {
		if (!(in[i].energy_j >= 0) || !(in[i].time_s > 0) || in[i].count == 0)
			continue;
		pw[m] = in[i].energy_j / (in[i].count * in[i].time_s);
		u[m] = in[i].utilisation >= 0 ? in[i].utilisation : 1;
		if (u[m] < umin)
			umin = u[m];
		if (u[m] > umax)
			umax = u[m];
		m++;
	}
	if (m == 0) {
		refuse(&out->power_fit, "%s", "no record has a measured energy for this device "
		       "(an energy estimated from CPU time cannot calibrate power)");
		return;
	}
	if (m >= 3 && umax - umin >= UTIL_SPREAD_MIN) {
		for (i = 0; i < m; i++) {
			x[2 * i] = 1;
			x[2 * i + 1] = u[i];
			y[i] = pw[i];
		}
		if (calibrate_lsq(x, y, m, 2, &out->power_fit) == 0) {
			idle = out->power_fit.beta[0];
			dyn = d->tdp.v - idle;
			if (idle < 0 || !(dyn > 0)) {
				refuse(&out->power_fit, "%s", "the fitted idle power is below 0 or "
				       "above TDP: the records do not follow idle + load x utilisation");
				return;
			}
			out->idle_fitted = true;
			out->idle_w = idle;
			out->load = out->power_fit.beta[1] / dyn;
		}
	} else {
		idle = in[0].idle_w;
		dyn = d->tdp.v - idle;
		for (i = 0; i < m; i++) {
			x[i] = dyn * u[i];
			y[i] = pw[i] - idle;
		}
		if (calibrate_lsq(x, y, m, 1, &out->power_fit) == 0) {
			out->idle_w = idle;
			out->load = out->power_fit.beta[0];
		}
	}
	if (!out->power_fit.ok)
		return;
	out->load_low = INFINITY;
	out->load_high = 0;
	for (i = 0; i < m; i++) {
		double l = u[i] > 0 ? (pw[i] - out->idle_w) / ((d->tdp.v - out->idle_w) * u[i])
				    : out->load;

		if (l < out->load_low)
			out->load_low = l;
		if (l > out->load_high)
			out->load_high = l;
	}
	if (!(out->load > 0) || out->load > 1.5)
		refuse(&out->power_fit, "%s", "the fitted load is not between 0 and 1.5 of "
		       "(TDP - idle): measured power and the catalog's TDP disagree");
	if (out->load_low < 0)
		out->load_low = 0;
}

static void
fit_opcost(const struct calib_input *in, size_t n, struct calib_result *out)
{
	double x[192], y[64], mean = 0, var = 0;
	size_t i, m = 0;

	for (i = 0; i < n && m < 64; i++) {
		if (!(in[i].energy_j >= 0) || !(in[i].macs > 0) || !(in[i].bytes > 0))
			continue;
		x[3 * m] = in[i].macs;
		x[3 * m + 1] = in[i].bytes;
		x[3 * m + 2] = in[i].count * in[i].time_s;
		y[m] = in[i].energy_j;
		mean += in[i].macs;
		m++;
	}
	if (m < 4) {
		refuse(&out->opcost_fit, "too few records with MAC and byte counts and a measured "
		       "energy (%zu; at least 4 are needed)", m);
		return;
	}
	mean /= (double)m;
	for (i = 0; i < m; i++)
		var += (x[3 * i] - mean) * (x[3 * i] - mean) / (double)m;
	if (sqrt(var) < MAC_SPREAD_MIN * mean) {
		refuse(&out->opcost_fit, "%s", "the records' MAC counts vary by less than 10 %: "
		       "energy per MAC cannot be told from idle power");
		return;
	}
	if (calibrate_lsq(x, y, m, 3, &out->opcost_fit) < 0)
		return;
	out->j_per_mac = out->opcost_fit.beta[0];
	out->j_per_byte = out->opcost_fit.beta[1];
	out->opcost_idle_w = out->opcost_fit.beta[2];
	if (!(out->j_per_mac > 0) || out->j_per_byte < 0 || out->opcost_idle_w < 0)
		refuse(&out->opcost_fit, "%s", "the fit gives a negative energy per MAC, per byte "
		       "or idle power: the records do not follow a·MACs + b·bytes + P_idle·t");
}

void
calibrate_device(const struct calib_input *in, size_t n, struct calib_result *out)
{
	memset(out, 0, sizeof(*out));
	if (n == 0)
		return;
	out->device = in[0].device;
	out->task = in[0].task;
	out->nrecords = n;
	fit_time(in, n, out);
	fit_power(in, n, in[0].device, out);
	fit_opcost(in, n, out);
}

/* ---- the overlay ---- */

static void
xml_text(struct strbuf *sb, const char *s)
{
	for (; *s != '\0'; s++) {
		switch (*s) {
		case '&': strbuf_addstr(sb, "&amp;"); break;
		case '<': strbuf_addstr(sb, "&lt;"); break;
		case '>': strbuf_addstr(sb, "&gt;"); break;
		case '"': strbuf_addstr(sb, "&quot;"); break;
		default: strbuf_addch(sb, *s); break;
		}
	}
}

static const char *
task_name(enum task t)
{
	return t == TASK_TRAIN ? "train" : "infer";
}

/* prefix "load.train": writes <param id="load.train.DEVICE-ID" …> */
static void
write_param(struct strbuf *sb, const char *prefix, const struct calib_result *r, double v,
	    double lo, double hi, const char *source_id, const char *note)
{
	strbuf_addf(sb, "  <param id=\"%s.%s\" sources=\"%s\"", prefix, r->device->id, source_id);
	if (lo < v && hi > v)
		strbuf_addf(sb, " low=\"%.4g\" high=\"%.4g\"", lo, hi);
	strbuf_addstr(sb, "\n         note=\"");
	xml_text(sb, note);
	strbuf_addf(sb, "\">%.4g</param>\n", v);
}

/* One figure of a copied device entry, in SI with its base unit. */
static void
write_figure(struct strbuf *sb, const char *elem, const char *attr, const struct figure *f,
	     const char *unit)
{
	if (!f->set)
		return;
	strbuf_addf(sb, "    <%s", elem);
	if (attr != NULL)
		strbuf_addf(sb, " %s", attr);
	if (f->source != NULL)
		strbuf_addf(sb, " source=\"%s\"", f->source);
	if (f->year > 0)
		strbuf_addf(sb, " year=\"%d\"", f->year);
	if (f->note != NULL) {
		strbuf_addstr(sb, " note=\"");
		xml_text(sb, f->note);
		strbuf_addch(sb, '"');
	}
	strbuf_addf(sb, ">%.10g %s</%s>\n", f->v, unit, elem);
}

static void
write_text_elem(struct strbuf *sb, const char *elem, const char *text)
{
	if (text == NULL)
		return;
	strbuf_addf(sb, "    <%s>", elem);
	xml_text(sb, text);
	strbuf_addf(sb, "</%s>\n", elem);
}

static void
write_device(struct strbuf *sb, const struct calib_result *r, const char *source_id,
	     enum precision prec)
{
	const struct cat_device *d = r->device;
	struct figure idle = d->idle, mac = d->mac_energy[prec], dram = d->access_energy[MEM_DRAM],
		      rf = d->access_energy[MEM_RF];
	char attr[48];
	size_t i;

	strbuf_addf(sb, "  <device id=\"%s\" kind=\"%s\" sources=\"", d->id,
		    catalog_kind_name(d->kind));
	for (i = 0; i < d->sources.n; i++)
		strbuf_addf(sb, "%s ", d->sources.items[i]);
	strbuf_addf(sb, "%s\">\n", source_id);
	write_text_elem(sb, "vendor", d->vendor);
	write_text_elem(sb, "name", d->name);
	strbuf_addf(sb, "    <year>%d</year>\n", d->year);
	write_figure(sb, "process", NULL, &d->process, "m");
	write_figure(sb, "tdp", NULL, &d->tdp, "W");
	if (r->idle_fitted || r->opcost_fit.ok) {
		idle.set = true;
		idle.v = r->idle_fitted ? r->idle_w : r->opcost_idle_w;
		idle.source = source_id;
		idle.year = 0;
		idle.note = r->idle_fitted ? "calibrated: intercept of power against utilisation"
					   : "calibrated: idle term of the op-cost fit";
	}
	write_figure(sb, "idle", NULL, &idle, "W");
	write_figure(sb, "memory", NULL, &d->memory, "B");
	write_text_elem(sb, "memory-type", d->memory_type);
	write_figure(sb, "bandwidth", NULL, &d->bandwidth, "B/s");
	for (i = 0; i < PREC_COUNT; i++) {
		snprintf(attr, sizeof(attr), "precision=\"%s\"", precision_name((enum precision)i));
		write_figure(sb, "peak", attr, &d->peak[i], "FLOP/s");
	}
	write_figure(sb, "interconnect", NULL, &d->interconnect, "B/s");
	if (d->cores > 0)
		strbuf_addf(sb, "    <cores>%u</cores>\n", d->cores);
	write_figure(sb, "price", NULL, &d->price, "USD");
	write_figure(sb, "embodied", NULL, &d->embodied, "g");
	write_figure(sb, "lifetime", NULL, &d->lifetime, "s");
	if (r->opcost_fit.ok) {
		mac.set = dram.set = true;
		mac.v = r->j_per_mac;
		dram.v = r->j_per_byte;
		mac.source = dram.source = source_id;
		mac.year = dram.year = 0;
		mac.note = dram.note = "calibrated: least squares of E = a MACs + b bytes + P_idle t";
		/*
		 * The fitted a is the whole energy of a MAC; the op-cost method
		 * adds register-file traffic to the MAC energy, so the MAC energy
		 * written is a less that traffic at the catalog's register-file
		 * energy, or, where the device has none (or a larger one), with
		 * 1 % of a put on the register file so that the sum is still a.
		 */
		if (!rf.set || r->rf_bytes_per_mac * rf.v >= r->j_per_mac) {
			rf.set = true;
			rf.v = r->rf_bytes_per_mac > 0 ? 0.01 * r->j_per_mac / r->rf_bytes_per_mac
						       : 0.01 * r->j_per_mac;
			rf.source = source_id;
			rf.year = 0;
			rf.note = "calibrated: 1 % of the fitted energy per MAC, so that MAC + "
				  "register-file energy is the fit's";
		}
		mac.v = r->j_per_mac - r->rf_bytes_per_mac * rf.v;
	}
	for (i = 0; i < PREC_COUNT; i++) {
		const struct figure *f = i == (size_t)prec ? &mac : &d->mac_energy[i];

		snprintf(attr, sizeof(attr), "precision=\"%s\"", precision_name((enum precision)i));
		write_figure(sb, "mac-energy", attr, f, "J");
	}
	for (i = 0; i < MEM_LEVEL_COUNT; i++) {
		const struct figure *f = i == MEM_DRAM ? &dram : i == MEM_RF ? &rf : &d->access_energy[i];

		snprintf(attr, sizeof(attr), "level=\"%s\"", catalog_mem_level_name((enum mem_level)i));
		write_figure(sb, "access-energy", attr, f, "J/B");
	}
	for (i = 0; i < d->notes.n; i++)
		write_text_elem(sb, "note", d->notes.items[i]);
	for (i = 0; i < d->aliases.n; i++)
		write_text_elem(sb, "alias", d->aliases.items[i]);
	strbuf_addstr(sb, "  </device>\n");
}

void
calibrate_write_overlay(const struct calib_result *res, size_t n, const char *source_id,
			const char *cited, struct strbuf *out)
{
	char note[256], prefix[64];
	size_t i;

	strbuf_addstr(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		      "<!-- written by mlfit calibrate: load it with the catalog option -->\n"
		      "<catalog version=\"1\">\n");
	strbuf_addf(out, "  <source id=\"%s\">", source_id);
	xml_text(out, cited);
	strbuf_addstr(out, "</source>\n");
	for (i = 0; i < n; i++) {
		const struct calib_result *r = &res[i];

		if (r->device == NULL)
			continue;
		if (r->time_fit.ok) {
			snprintf(note, sizeof(note),
				 "calibrated from %zu measured runs (estimated before with %s = %.4g): "
				 "time = %.4g x the estimate at the value written, R^2 "
				 "%.3f, rms residual %.1f %%; the range is the runs' own",
				 r->time_fit.n, r->efficiency_source,
				 r->efficiency_was > 0 ? r->efficiency_was
						       : r->efficiency * r->time_fit.beta[0],
				 r->time_fit.beta[0], r->time_fit.r2, 100 * r->time_fit.rms_rel);
			if (r->efficiency_prefix[0] != '\0')
				snprintf(prefix, sizeof(prefix), "%s", r->efficiency_prefix);
			else
				snprintf(prefix, sizeof(prefix), "efficiency.%s", task_name(r->task));
			write_param(out, prefix, r, r->efficiency, r->efficiency_low,
				    r->efficiency_high, source_id, note);
		}
		if (r->power_fit.ok) {
			snprintf(note, sizeof(note),
				 "calibrated from %zu measured runs: mean device power = idle %.4g W + "
				 "(TDP - idle) x load x utilisation, R^2 %.3f, rms residual %.1f %%",
				 r->power_fit.n, r->idle_w, r->power_fit.r2, 100 * r->power_fit.rms_rel);
			snprintf(prefix, sizeof(prefix), "load.%s", task_name(r->task));
			write_param(out, prefix, r, r->load, r->load_low, r->load_high, source_id,
				    note);
		}
		if (r->idle_fitted || r->opcost_fit.ok)
			write_device(out, r, source_id, r->precision);
	}
	strbuf_addstr(out, "</catalog>\n");
}
