/*
 * cmd_calibrate.c — `mlfit calibrate RECORDS... -o OVERLAY.xml`.
 *
 * Reads mlfit measure records and CodeCarbon emissions.csv files, names
 * each run's device and workload, asks the estimator what it predicts for
 * each run with the catalog as it is, fits the device's efficiency, load,
 * idle power and per-operation energies (calibrate.c), writes the overlay
 * whole, reloads the catalog with it, and prints the estimator's error on
 * every record before and after, with the medians.
 *
 * A CodeCarbon file has no mlfit_workload column: --workload 'OPTIONS'
 * gives the workload of every record that lacks one, and a sidecar file
 * FILE.workload gives it per run: lines "RUN_ID OPTIONS" ("*" for every
 * run of FILE); '#' starts a comment.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "calibrate.h"
#include "cmd.h"
#include "measure.h"
#include "records.h"
#include "strbuf.h"
#include "workload_opts.h"
#include "xalloc.h"

static const char usage[] =
	"usage: mlfit calibrate RECORDS... -o OVERLAY.xml [--workload 'OPTIONS']\n"
	"                       [--device ID [--count N]]\n"
	"\n"
	"Fits per-device efficiency, load, idle power and energy per MAC and per byte to\n"
	"measured runs (mlfit measure records, CodeCarbon emissions.csv files), writes\n"
	"them as an overlay catalog, and prints the estimator's error before and after.\n"
	"  -o, --output FILE    the overlay to write (use it with --catalog FILE)\n"
	"  --workload OPTIONS   the workload of records that name none, as mlfit estimate's\n"
	"                       options: '--model resnet50 --train --samples 1281167'\n"
	"                       (per run: a sidecar RECORDS.workload, lines 'RUN_ID OPTIONS')\n"
	"  --device ID          the device of records whose reported names match none;\n"
	"                       records that name another device are left out\n"
	"  --count N            how many of --device each such run used\n";

enum { OPT_OUTPUT_LONG = 0x4ff, OPT_C_WORKLOAD = 0x500, OPT_C_DEVICE, OPT_C_COUNT };

static const struct option longopts[] = {
	CLI_COMMON_LONGOPTS,
	{ "output", required_argument, NULL, OPT_OUTPUT_LONG },
	{ "workload", required_argument, NULL, OPT_C_WORKLOAD },
	{ "device", required_argument, NULL, OPT_C_DEVICE },
	{ "count", required_argument, NULL, OPT_C_COUNT },
	{ NULL, 0, NULL, 0 }
};

struct calib_opts {
	const char *output, *workload, *device;
	unsigned long count;
};

static int
calib_option(void *ctx, struct cli *cli, int opt, const char *arg)
{
	struct calib_opts *o = ctx;

	switch (opt) {
	case OPT_OUTPUT_LONG: o->output = arg; return 1;
	case OPT_C_WORKLOAD: o->workload = arg; return 1;
	case OPT_C_DEVICE: o->device = arg; return 1;
	case OPT_C_COUNT: return cli_whole(cli, "count", arg, 1, 100000, &o->count);
	default: return 0;
	}
}

/* ---- one record → the estimator's view of it ---- */

struct run {
	const struct record *rec;
	char label[300];
	char workload[512];
	const struct cat_device *device;
	unsigned count;
	bool use;
	enum precision precision;	/* the estimator's, for this device */
	char eff_source[96];		/* the efficiency parameter the estimate used */
	char eff_prefix[48];		/* its task kind: "efficiency.train-other" */
	struct calib_input in;
	double time_before_s, energy_before_j, energy_after_j, time_after_s;
};

/* "2 x NVIDIA A100-SXM4-80GB" → "NVIDIA A100-SXM4-80GB" */
static const char *
strip_count(const char *model)
{
	const char *x = strstr(model, " x ");

	return x != NULL && x - model < 6 ? x + 3 : model;
}

static bool
is_gpu_run(const struct record *r)
{
	return r->gpu_device[0] != '\0' || r->gpu_energy_j > 0 || r->gpu_count > 0;
}

static int
name_device(struct cli *cli, const struct calib_opts *o, struct run *run)
{
	const struct record *r = run->rec;
	const struct cat_device *forced = o->device ? catalog_find_device(cli->cat, o->device) : NULL;
	const struct cat_device *named = NULL;
	bool gpu = is_gpu_run(r);

	if (gpu)
		named = r->gpu_device[0] ? catalog_find_device(cli->cat, r->gpu_device)
					 : measure_match_device(cli->cat, KIND_GPU,
								strip_count(r->gpu_model));
	else
		named = r->cpu_device[0] ? catalog_find_device(cli->cat, r->cpu_device)
					 : measure_match_device(cli->cat, KIND_CPU, r->cpu_model);
	if (forced != NULL && named != NULL && named != forced) {
		cli_warn(cli, "%s: the run was on '%s', not '%s': left out", run->label, named->id,
			 forced->id);
		return -1;
	}
	run->device = named ? named : forced;
	if (run->device == NULL) {
		cli_warn(cli, "%s: cannot name the run's %s ('%s'): left out (give --device ID)",
			 run->label, gpu ? "GPU" : "CPU", gpu ? r->gpu_model : r->cpu_model);
		return -1;
	}
	run->count = gpu ? (r->gpu_count > 0 ? (unsigned)r->gpu_count : 1) : 1;
	if (o->count > 0 && run->device == forced)
		run->count = (unsigned)o->count;
	return 0;
}

/* Looks a workload up in FILE.workload: "RUN_ID OPTIONS" or "* OPTIONS". */
static void
sidecar_workload(const struct record *r, char *out, size_t size)
{
	char *path = xasprintf("%s.workload", r->file), line[1024];
	FILE *f = fopen(path, "r");

	free(path);
	if (f == NULL)
		return;
	while (fgets(line, sizeof(line), f) != NULL) {
		size_t idlen = strcspn(line, " \t");
		char *rest = line + idlen;

		line[strcspn(line, "\r\n")] = '\0';
		if (line[0] == '#' || line[0] == '\0' || *rest == '\0')
			continue;
		*rest++ = '\0';
		rest += strspn(rest, " \t");
		if (strcmp(line, "*") == 0 || strcmp(line, r->run_id) == 0) {
			snprintf(out, size, "%s", rest);
			if (strcmp(line, "*") != 0)
				break;
		}
	}
	fclose(f);
}

/* Splits workload options on spaces ('…' and "…" group words). */
static size_t
split_words(char *s, char **argv, size_t max)
{
	size_t n = 0;

	while (*s != '\0' && n < max) {
		char q = 0, *w;

		s += strspn(s, " \t");
		if (*s == '\0')
			break;
		if (*s == '\'' || *s == '"')
			q = *s++;
		w = s;
		while (*s != '\0' && (q ? *s != q : (*s != ' ' && *s != '\t')))
			s++;
		if (*s != '\0')
			*s++ = '\0';
		argv[n++] = w;
	}
	return n;
}

/* Builds the workload the options describe; 0, or an exit status. */
static int
parse_workload(struct cli *cli, const char *text, struct workload_opts *wo, struct workload *w)
{
	static const struct option wl_longopts[] = { WORKLOAD_LONGOPTS, { NULL, 0, NULL, 0 } };
	char *copy = xasprintf("mlfit %s", text), *argv[64];
	int argc = (int)split_words(copy, argv, 63), opt, rc = 0, saved_opterr = opterr;

	argv[argc] = NULL;
	optind = 0;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, "", wl_longopts, NULL)) != -1) {
		if (opt == '?' || opt == ':') {
			rc = cli_fail(cli, MLF_E_DATA, "workload '%s': unknown or incomplete option",
				      text);
			break;
		}
		if (workload_opts_option(wo, cli, opt, optarg) <= 0) {
			rc = cli_fail(cli, MLF_E_DATA, "workload '%s': %s", text, cli->err.msg);
			break;
		}
	}
	if (rc == 0)
		rc = workload_opts_finish(wo, cli, optind < argc ? argv[optind] : NULL, true, w);
	opterr = saved_opterr;
	free(copy);
	return rc;
}

/*
 * The efficiency parameter the estimate used (e->efficiency_source: for
 * training by device generation and task kind, estimate_train.c; for
 * inference by device or kind, estimate_serve.c) and its value before any
 * width factor: the one an overlay's PREFIX.DEVICE-ID replaces.  The
 * prefix is the id's first two parts, "efficiency.train-other".
 */
static double
used_efficiency(const struct catalog *cat, const struct estimate *e, char *prefix, size_t size)
{
	const struct cat_param *p = catalog_find_param(cat, e->efficiency_source);
	const char *dot = strchr(e->efficiency_source, '.');

	dot = dot != NULL ? strchr(dot + 1, '.') : NULL;
	snprintf(prefix, size, "%.*s", dot != NULL ? (int)(dot - e->efficiency_source) : 0,
		 e->efficiency_source);
	return p != NULL ? p->value.v : 0;
}

/* The estimator takes an eager GPU runtime's efficiency per kind only
 * (est_serve_param): a per-device figure would not be read. */
static bool
per_device_efficiency_read(const char *source)
{
	size_t n = strlen(source), k = strlen(".gpu-eager");

	return !(n >= k && strcmp(source + n - k, ".gpu-eager") == 0);
}

static double
idle_of(const struct catalog *cat, const struct cat_device *d)
{
	char id[160];
	const struct cat_param *p;

	if (d->idle.set)
		return d->idle.v;
	snprintf(id, sizeof(id), "idle.fraction.%s", d->id);
	p = catalog_find_param(cat, id);
	if (p == NULL) {
		snprintf(id, sizeof(id), "idle.fraction.%s", catalog_kind_name(d->kind));
		p = catalog_find_param(cat, id);
	}
	return p != NULL && d->tdp.set ? p->value.v * d->tdp.v : 0;
}

/*
 * Runs the estimator on one record with catalog cat: time and device
 * energy, and (for the fit) MACs and off-chip bytes.
 */
static int
estimate_record(struct cli *cli, const struct catalog *cat, const struct run *run,
		struct estimate *e, enum task *task, double *macs, double *bytes,
		enum precision *prec)
{
	struct workload_opts wo;
	struct workload w;
	struct placement pl = { 0 };
	const struct cat_device *d = catalog_find_device(cat, run->device->id);
	int rc;

	workload_opts_init(&wo);
	rc = parse_workload(cli, run->workload, &wo, &w);
	if (rc == 0) {
		pl.device = d;
		pl.count = run->count;
		if (estimate_run(cat, &w, &pl, ENERGY_POWER, NULL, e, &cli->err) < 0)
			rc = cli->err.code;
	}
	if (rc == 0) {
		bool fell_back;
		int p = estimate_precision_for(d, w.precision, &fell_back);

		*prec = p >= 0 ? (enum precision)p : w.precision;
		*task = w.task;
		*macs = w.profile != NULL && profile_flops(w.profile) > 0
				? e->flops * w.profile->macs / profile_flops(w.profile) : e->flops / 2;
		*bytes = d->bandwidth.set ? e->memory_s * d->bandwidth.v * e->devices * e->steps : -1;
	}
	workload_opts_release(&wo);
	return rc;
}

/* Measured device energy of a run, if it was measured (not estimated). */
static double
measured_energy(const struct record *r, bool gpu)
{
	const char *src = gpu ? r->gpu_source : r->cpu_source;

	if (strcmp(src, "estimated") == 0 || strcmp(src, "none") == 0)
		return -1;
	return gpu ? r->gpu_energy_j : r->cpu_energy_j;
}

static double
utilisation_of(const struct record *r, bool gpu)
{
	if (gpu)
		return r->gpu_utilisation;
	if (r->cpu_time_s >= 0 && r->duration_s > 0 && r->cpu_count > 0)
		return fmin(1, r->cpu_time_s / (r->duration_s * r->cpu_count));
	return -1;
}

static int
prepare_run(struct cli *cli, const struct calib_opts *o, struct run *run)
{
	const struct record *r = run->rec;
	struct estimate e;
	enum task task;
	double macs, bytes, efficiency;
	bool gpu = is_gpu_run(r);
	int rc;

	snprintf(run->label, sizeof(run->label), "%s:%d", r->file, r->line);
	if (name_device(cli, o, run) < 0)
		return 0;
	snprintf(run->workload, sizeof(run->workload), "%s", r->workload);
	if (run->workload[0] == '\0')
		sidecar_workload(r, run->workload, sizeof(run->workload));
	if (run->workload[0] == '\0' && o->workload != NULL)
		snprintf(run->workload, sizeof(run->workload), "%s", o->workload);
	if (run->workload[0] == '\0') {
		cli_warn(cli, "%s: no workload (give --workload or a %s.workload file): left out",
			 run->label, r->file);
		return 0;
	}
	if (!(r->duration_s > 0)) {
		cli_warn(cli, "%s: no duration: left out", run->label);
		return 0;
	}
	rc = estimate_record(cli, cli->cat, run, &e, &task, &macs, &bytes, &run->precision);
	if (rc != 0)
		return mlf_err_prefix(&cli->err, "%s", run->label), rc;
	efficiency = used_efficiency(cli->cat, &e, run->eff_prefix, sizeof(run->eff_prefix));
	snprintf(run->eff_source, sizeof(run->eff_source), "%s", e.efficiency_source);
	run->use = true;
	run->in.label = run->label;
	run->in.device = run->device;
	run->in.count = run->count;
	run->in.task = task;
	run->in.time_s = r->duration_s;
	run->in.energy_j = measured_energy(r, gpu);
	run->in.utilisation = utilisation_of(r, gpu);
	run->in.time_est_s = run->time_before_s = e.time_s.v;
	run->in.efficiency = efficiency;
	run->in.idle_w = idle_of(cli->cat, run->device);
	run->in.macs = r->macs > 0 ? r->macs : macs;
	run->in.bytes = r->bytes > 0 ? r->bytes : bytes;
	run->energy_before_j = e.energy_device_j.v;
	return 0;
}

/* ---- grouping, fitting, writing ---- */

/*
 * Runs of one device and one efficiency kind: their time fits one
 * efficiency.  Load, idle and op-cost are per device and task (train,
 * infer), so they are fitted once over all the device's runs of the task,
 * in the first group of it (pooled false in the others).
 */
struct group {
	const struct cat_device *device;
	enum task task;
	const char *eff_prefix, *eff_source;	/* the first run's */
	bool pooled;			/* load and op-cost fitted in an earlier group */
	double was;			/* the efficiency the estimate used */
	struct run **runs;		/* of in[], to estimate them again */
	enum precision precision;	/* the first run's, as the estimator ran it */
	struct calib_input *in;
	size_t n, cap;
	struct calib_result res;
};

static size_t
group_runs(struct run *runs, size_t n, struct group **out)
{
	struct group *g = NULL;
	size_t ng = 0, cap = 0, i, j;

	for (i = 0; i < n; i++) {
		if (!runs[i].use)
			continue;
		for (j = 0; j < ng; j++)
			if (g[j].device == runs[i].device && g[j].task == runs[i].in.task &&
			    strcmp(g[j].eff_source, runs[i].eff_source) == 0)
				break;
		if (j == ng) {
			XGROW(g, cap, ng + 1);
			memset(&g[ng], 0, sizeof(g[ng]));
			g[ng].device = runs[i].device;
			g[ng].task = runs[i].in.task;
			g[ng].eff_prefix = runs[i].eff_prefix;
			g[ng].eff_source = runs[i].eff_source;
			g[ng].precision = runs[i].precision;
			g[ng].was = runs[i].in.efficiency;
			ng++;
		}
		XGROW(g[j].in, g[j].cap, g[j].n + 1);
		g[j].runs = xreallocarray(g[j].runs, g[j].cap, sizeof(*g[j].runs));
		g[j].runs[g[j].n] = &runs[i];
		g[j].in[g[j].n++] = runs[i].in;
	}
	*out = g;
	return ng;
}

static void
cite(struct strbuf *sb, const struct run *runs, size_t n)
{
	size_t i, used = 0;

	for (i = 0; i < n; i++)
		used += runs[i].use;
	strbuf_addf(sb, "mlfit calibrate, least squares over %zu measured runs:", used);
	for (i = 0; i < n; i++)
		if (runs[i].use)
			strbuf_addf(sb, " %s (run %s, %s, %.4g s)", runs[i].label,
				    runs[i].rec->run_id[0] ? runs[i].rec->run_id : "?",
				    runs[i].rec->timestamp[0] ? runs[i].rec->timestamp : "no date",
				    runs[i].rec->duration_s);
}

static int
write_file(struct cli *cli, const char *path, const struct strbuf *sb)
{
	char *tmp = xasprintf("%s.tmp.%ld", path, (long)getpid());
	FILE *f = fopen(tmp, "w");
	bool ok;

	if (f == NULL) {
		free(tmp);
		return cli_fail(cli, MLF_E_DATA, "cannot write '%s': %s", path, strerror(errno));
	}
	ok = fwrite(sb->buf, 1, sb->len, f) == sb->len;
	ok = fclose(f) == 0 && ok;
	if (!ok || rename(tmp, path) < 0) {
		remove(tmp);
		free(tmp);
		return cli_fail(cli, MLF_E_DATA, "cannot write '%s': %s", path, strerror(errno));
	}
	free(tmp);
	return 0;
}

/* The catalog with the overlay on top, to estimate "after". */
static struct catalog *
catalog_with(struct cli *cli, const char *overlay)
{
	struct catalog *saved = cli->cat, *with;

	XGROW(cli->catalog_paths, cli->cap_catalog_paths, cli->ncatalog_paths + 1);
	cli->catalog_paths[cli->ncatalog_paths++] = overlay;
	cli->cat = NULL;
	with = cli_catalog(cli);
	cli->cat = saved;
	cli->ncatalog_paths--;
	return with;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double
median(double *v, size_t n)
{
	if (n == 0)
		return 0;
	qsort(v, n, sizeof(*v), cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* The device's runs of the task in all groups from first on. */
static size_t
pool_runs(const struct group *g, size_t ng, size_t first, struct calib_input **out)
{
	struct calib_input *in = NULL;
	size_t cap = 0, n = 0, i, k;

	for (i = first; i < ng; i++) {
		if (g[i].device != g[first].device || g[i].task != g[first].task)
			continue;
		XGROW(in, cap, n + g[i].n);
		for (k = 0; k < g[i].n; k++)
			in[n++] = g[i].in[k];
	}
	*out = in;
	return n;
}

/*
 * Fits group i of ng: its efficiency from its own runs; load, idle and
 * op-cost from all the device's runs of the task, in the first group
 * of them only (the overlay has one load and one device entry per device).
 */
static void
fit_group(const struct catalog *cat, struct group *g, size_t ng, size_t i)
{
	const struct cat_param *rf = catalog_find_param(cat, "opcost.rf-accesses-per-mac");
	struct calib_result *r = &g[i].res, pooled;
	struct calib_input *in;
	size_t j, n;

	calibrate_device(g[i].in, g[i].n, r);
	r->precision = g[i].precision;
	r->rf_bytes_per_mac = (rf ? rf->value.v : 0) * precision_bytes(g[i].precision);
	snprintf(r->efficiency_source, sizeof(r->efficiency_source), "%s", g[i].eff_source);
	snprintf(r->efficiency_prefix, sizeof(r->efficiency_prefix), "%s", g[i].eff_prefix);
	r->efficiency_was = g[i].was;
	if (r->time_fit.ok && !per_device_efficiency_read(g[i].eff_source)) {
		r->time_fit.ok = false;
		snprintf(r->time_fit.why, sizeof(r->time_fit.why), "the estimator takes an eager "
			 "runtime's efficiency per kind (%s), not per device", g[i].eff_source);
	}
	for (j = 0; j < i; j++)
		if (g[j].device == g[i].device && g[j].task == g[i].task)
			break;
	if (j < i) {
		g[i].pooled = true;
		r->power_fit.ok = r->opcost_fit.ok = r->idle_fitted = false;
		snprintf(r->power_fit.why, sizeof(r->power_fit.why), "%s", "fitted with the "
			 "device's other runs of the task");
		snprintf(r->opcost_fit.why, sizeof(r->opcost_fit.why), "%s", r->power_fit.why);
		return;
	}
	n = pool_runs(g, ng, i, &in);
	if (n > g[i].n) {
		calibrate_device(in, n, &pooled);
		r->power_fit = pooled.power_fit;
		r->idle_fitted = pooled.idle_fitted;
		r->idle_w = pooled.idle_w;
		r->load = pooled.load;
		r->load_low = pooled.load_low;
		r->load_high = pooled.load_high;
		r->opcost_fit = pooled.opcost_fit;
		r->j_per_mac = pooled.j_per_mac;
		r->j_per_byte = pooled.j_per_byte;
		r->opcost_idle_w = pooled.opcost_idle_w;
	}
	free(in);
}

/* "train-other" of "efficiency.train-other" */
static const char *
kind_label(const struct group *g)
{
	const char *dot = strchr(g->eff_prefix, '.');

	return dot != NULL ? dot + 1 : g->task == TASK_TRAIN ? "train" : "infer";
}

static void
print_fit(struct cli *cli, const struct group *g)
{
	const struct calib_result *r = &g->res;
	FILE *out = cli->out;

	fprintf(out, "%s (%s, %zu runs):\n", g->device->id, kind_label(g), g->n);
	if (r->time_fit.ok)
		fprintf(out, "  efficiency    %.4g (runs %.4g to %.4g; was %.4g from %s)  R^2 %.4f\n",
			r->efficiency, r->efficiency_low, r->efficiency_high, g->was,
			r->efficiency_source, r->time_fit.r2);
	else
		fprintf(out, "  efficiency    not fitted: %s\n", r->time_fit.why);
	if (g->pooled) {
		fprintf(out, "  load, op-cost fitted above, over all the device's %s runs\n",
			g->task == TASK_TRAIN ? "training" : "inference");
		return;
	}
	if (r->power_fit.n > g->n)
		fprintf(out, "  (load and op-cost over all %zu of the device's %s runs)\n",
			r->power_fit.n, g->task == TASK_TRAIN ? "training" : "inference");
	if (r->power_fit.ok)
		fprintf(out, "  load          %.4g (runs %.4g to %.4g), idle %.4g W (%s)  R^2 %.4f\n",
			r->load, r->load_low, r->load_high, r->idle_w,
			r->idle_fitted ? "fitted" : "the catalog's", r->power_fit.r2);
	else
		fprintf(out, "  load, idle    not fitted: %s\n", r->power_fit.why);
	if (r->opcost_fit.ok)
		fprintf(out, "  op-cost       %.4g pJ/MAC, %.4g pJ/B, idle %.4g W  R^2 %.4f\n",
			r->j_per_mac * 1e12, r->j_per_byte * 1e12, r->opcost_idle_w, r->opcost_fit.r2);
	else
		fprintf(out, "  op-cost       not fitted: %s\n", r->opcost_fit.why);
}

static bool
partly_busy(const struct run *runs, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (runs[i].use && runs[i].in.energy_j > 0 && runs[i].in.utilisation >= 0 &&
		    runs[i].in.utilisation < 0.95)
			return true;
	return false;
}

static int
report_after(struct cli *cli, struct run *runs, size_t n, const struct catalog *after)
{
	double *tb = xcalloc(n + 1, sizeof(double)), *ta = xcalloc(n + 1, sizeof(double));
	double *eb = xcalloc(n + 1, sizeof(double)), *ea = xcalloc(n + 1, sizeof(double));
	size_t i, nt = 0, ne = 0;
	int rc = 0;

	fprintf(cli->out, "\n%-28s %-22s %10s %9s %9s %9s %9s\n", "record", "device", "time s",
		"t before", "t after", "E before", "E after");
	for (i = 0; i < n && rc == 0; i++) {
		struct run *r = &runs[i];
		struct estimate e;
		enum task task;
		enum precision prec;
		double macs, bytes, errtb, errta;
		char eb_s[16] = "-", ea_s[16] = "-";

		if (!r->use)
			continue;
		rc = estimate_record(cli, after, r, &e, &task, &macs, &bytes, &prec);
		if (rc != 0)
			break;
		r->time_after_s = e.time_s.v;
		r->energy_after_j = e.energy_device_j.v;
		errtb = r->time_before_s / r->in.time_s - 1;
		errta = r->time_after_s / r->in.time_s - 1;
		tb[nt] = fabs(errtb);
		ta[nt++] = fabs(errta);
		if (r->in.energy_j > 0) {
			double b = r->energy_before_j / r->in.energy_j - 1,
			       a = r->energy_after_j / r->in.energy_j - 1;

			eb[ne] = fabs(b);
			ea[ne++] = fabs(a);
			snprintf(eb_s, sizeof(eb_s), "%+.1f%%", 100 * b);
			snprintf(ea_s, sizeof(ea_s), "%+.1f%%", 100 * a);
		}
		fprintf(cli->out, "%-28.28s %-22.22s %10.4g %+8.1f%% %+8.1f%% %9s %9s\n", r->label,
			r->device->id, r->in.time_s, 100 * errtb, 100 * errta, eb_s, ea_s);
	}
	if (rc == 0) {
		fprintf(cli->out, "median |error|: time %.1f %% before, %.1f %% after",
			100 * median(tb, nt), 100 * median(ta, nt));
		if (ne > 0)
			fprintf(cli->out, "; device energy %.1f %% before, %.1f %% after",
				100 * median(eb, ne), 100 * median(ea, ne));
		fputc('\n', cli->out);
		if (partly_busy(runs, n))
			fputs("(the estimator takes a training device as fully busy: runs measured at a "
			      "lower utilisation keep an energy error after calibration)\n", cli->out);
	}
	free(tb);
	free(ta);
	free(eb);
	free(ea);
	return rc;
}

static void
overlay_of(const struct run *runs, size_t n, const struct group *g, size_t ng, struct strbuf *xml)
{
	struct calib_result *res = xcalloc(ng, sizeof(*res));
	struct strbuf cited;
	size_t i;

	strbuf_init(&cited);
	cite(&cited, runs, n);
	for (i = 0; i < ng; i++)
		res[i] = g[i].res;
	calibrate_write_overlay(res, ng, "mlfit-calibration", cited.buf, xml);
	strbuf_release(&cited);
	free(res);
}

/*
 * The estimator's time is not quite proportional to 1 / efficiency (a
 * transformer's step has memory and optimizer terms, and its layout is
 * re-tuned at each efficiency), so one proportional fit leaves the overlay
 * a few per cent off the measured times.  Refit from the estimate the
 * overlay itself gives (implied = efficiency' × t_est' / t_measured) until
 * the efficiencies move by less than REFINE_TOL; the fixed point is the
 * efficiency at which the estimator reproduces the runs.  The overlay is
 * written to a temporary file next to OUTPUT for this.
 */
#define REFINE_ROUNDS 8
#define REFINE_TOL 1e-4

static int
refine_efficiency(struct cli *cli, const struct calib_opts *o, struct run *runs, size_t n,
		  struct group *g, size_t ng)
{
	char *tmp = xasprintf("%s.refine.%ld", o->output, (long)getpid());
	struct strbuf xml;
	int rc = 0, round;
	size_t i, k;
	double moved = 1;

	for (round = 0; round < REFINE_ROUNDS && moved > REFINE_TOL && rc == 0; round++) {
		struct catalog *with;

		strbuf_init(&xml);
		overlay_of(runs, n, g, ng, &xml);
		rc = write_file(cli, tmp, &xml);
		strbuf_release(&xml);
		if (rc != 0)
			break;
		with = catalog_with(cli, tmp);
		remove(tmp);
		if (with == NULL) {
			rc = cli->err.code = MLF_E_INTERNAL;
			break;
		}
		moved = 0;
		for (i = 0; i < ng && rc == 0; i++) {
			struct calib_result *r = &g[i].res, again;

			if (!r->time_fit.ok)
				continue;
			for (k = 0; k < g[i].n && rc == 0; k++) {
				struct estimate e;
				enum task task;
				enum precision prec;
				double macs, bytes;

				rc = estimate_record(cli, with, g[i].runs[k], &e, &task, &macs, &bytes,
						     &prec);
				g[i].in[k].time_est_s = e.time_s.v;
				g[i].in[k].efficiency = r->efficiency;
			}
			if (rc != 0)
				break;
			calibrate_device(g[i].in, g[i].n, &again);
			if (!again.time_fit.ok)
				continue;	/* keep the proportional fit */
			moved = fmax(moved, fabs(again.efficiency / r->efficiency - 1));
			r->time_fit = again.time_fit;
			r->efficiency = again.efficiency;
			r->efficiency_low = again.efficiency_low;
			r->efficiency_high = again.efficiency_high;
		}
		catalog_free(with);
	}
	free(tmp);
	return rc;
}

static int
calibrate_runs(struct cli *cli, const struct calib_opts *o, struct run *runs, size_t n)
{
	struct group *g = NULL;
	struct strbuf xml;
	struct catalog *after;
	size_t ng, i, fitted = 0;
	int rc = 0;

	ng = group_runs(runs, n, &g);
	if (ng == 0) {
		free(g);
		return cli_fail(cli, MLF_E_DATA, "no record can be used (see the warnings): "
				"nothing to calibrate");
	}
	for (i = 0; i < ng; i++) {
		fit_group(cli->cat, g, ng, i);
		fitted += g[i].res.time_fit.ok || g[i].res.power_fit.ok || g[i].res.opcost_fit.ok;
	}
	if (fitted > 0)
		rc = refine_efficiency(cli, o, runs, n, g, ng);
	for (i = 0; i < ng && rc == 0; i++)
		print_fit(cli, &g[i]);
	if (fitted == 0) {
		/* a failed command's stdout is not shown: say why on stderr */
		for (i = 0; i < ng; i++) {
			const char *dev = g[i].device->id;

			cli_warn(cli, "%s: efficiency not fitted: %s", dev, g[i].res.time_fit.why);
			cli_warn(cli, "%s: load, idle not fitted: %s", dev, g[i].res.power_fit.why);
			cli_warn(cli, "%s: op-cost not fitted: %s", dev, g[i].res.opcost_fit.why);
			free(g[i].in);
			free(g[i].runs);
		}
		free(g);
		return cli_fail(cli, MLF_E_DATA, "nothing could be fitted from these records "
				"(see why above); no overlay written");
	}
	strbuf_init(&xml);
	if (rc == 0)
		overlay_of(runs, n, g, ng, &xml);
	if (rc == 0)
		rc = write_file(cli, o->output, &xml);
	if (rc == 0) {
		after = catalog_with(cli, o->output);
		if (after == NULL) {
			mlf_err_prefix(&cli->err, "the overlay written to '%s' does not load (a bug)",
				       o->output);
			remove(o->output);
			rc = cli->err.code = MLF_E_INTERNAL;
		} else {
			rc = report_after(cli, runs, n, after);
			catalog_free(after);
		}
		if (rc == 0)
			fprintf(cli->out, "wrote %s: use it with --catalog %s\n", o->output, o->output);
	}
	strbuf_release(&xml);
	for (i = 0; i < ng; i++) {
		free(g[i].in);
		free(g[i].runs);
	}
	free(g);
	return rc;
}

static int calibrate_all(struct cli *cli, struct calib_opts *o, int argc, char **argv);

int
cmd_calibrate(struct cli *cli, int argc, char **argv)
{
	struct calib_opts o = { 0 };
	char *made[8] = { 0 };
	size_t i;
	int rc;

	cli_long_output(argc, argv, made, 8);
	rc = cli_parse(cli, argc, argv, longopts, usage, calib_option, &o);
	if (rc == 0)
		rc = calibrate_all(cli, &o, argc, argv);
	for (i = 0; i < 8; i++)
		free(made[i]);
	return rc < 0 ? MLF_OK : rc;
}

static int
calibrate_all(struct cli *cli, struct calib_opts *o, int argc, char **argv)
{
	struct record_list recs;
	struct run *runs = NULL;
	size_t i;
	int rc = 0;

	if (optind >= argc)
		return cli_fail(cli, MLF_E_USAGE, "which records? mlfit calibrate RECORDS... -o OVERLAY.xml");
	if (o->output == NULL)
		return cli_fail(cli, MLF_E_USAGE, "where to? give -o OVERLAY.xml");
	if (o->count > 0 && o->device == NULL)
		return cli_fail(cli, MLF_E_USAGE, "--count needs --device");
	if (cli_catalog(cli) == NULL)
		return cli->err.code;
	if (o->device != NULL && catalog_find_device(cli->cat, o->device) == NULL)
		return cli_unknown_id(cli, "device", o->device);
	record_list_init(&recs);
	for (i = (size_t)optind; i < (size_t)argc && rc == 0; i++)
		if (records_load(argv[i], &recs, &cli->err) < 0)
			rc = cli->err.code;
	if (rc == 0 && recs.n == 0)
		rc = cli_fail(cli, MLF_E_DATA, "the files hold no records");
	if (rc == 0) {
		runs = xcalloc(recs.n, sizeof(*runs));
		for (i = 0; i < recs.n && rc == 0; i++) {
			runs[i].rec = &recs.items[i];
			rc = prepare_run(cli, o, &runs[i]);
		}
	}
	if (rc == 0)
		rc = calibrate_runs(cli, o, runs, recs.n);
	free(runs);
	record_list_release(&recs);
	return rc;
}
