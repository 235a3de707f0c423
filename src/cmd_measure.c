/*
 * cmd_measure.c — `mlfit measure [options] -- COMMAND [ARGS...]`.
 *
 * Runs the command under measure_run(), names the host's devices from the
 * catalog, turns energy into CO2e with the place's grid intensity and PUE,
 * and appends one record to the output file (CodeCarbon's emissions.csv
 * layout, or a JSON object per line), written whole to a temporary file and
 * renamed.  The exit status is the command's (128 + signal if it was killed,
 * 127 if it could not start); the record is written in every case.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "cmd.h"
#include "measure.h"
#include "records.h"
#include "strbuf.h"
#include "workload_opts.h"
#include "xalloc.h"

static const char usage[] =
	"usage: mlfit measure [-o FILE] [--format csv|json] [--interval T] [--timeseries FILE]\n"
	"                     [--region P:R | --country CC | --site ID] [--intensity G] [--pue P]\n"
	"                     [--device ID [--count N]] [--project NAME] [workload options]\n"
	"                     -- COMMAND [ARGS...]\n"
	"\n"
	"Runs COMMAND (no shell), measures the energy it used and appends one record to\n"
	"FILE; exits with COMMAND's status (128 + signal if killed, 127 if it cannot run).\n"
	"  -o, --output FILE   the record file (default emissions.csv, or emissions.json\n"
	"                      with --format json); CodeCarbon's emissions.csv columns\n"
	"  --format F          csv (default) or json (one object per line)\n"
	"  --interval T        time between samples (default 1 s; e.g. 0.5, 200ms)\n"
	"  --timeseries FILE   every sample as CSV: time_s,domain,part,power_w,energy_j,estimated\n"
	"  --region P:R        a cloud region (grid intensity and PUE), e.g. gcp:europe-west4\n"
	"  --country CC        a country's grid intensity (ISO 3166 alpha-2)\n"
	"  --site ID           an on-prem site's grid and PUE\n"
	"  --intensity G       grid intensity (g/kWh unless a unit is given)\n"
	"  --pue P             power usage effectiveness (default: the place's, else 1)\n"
	"  --device ID         the catalog device the host's CPU or GPUs are, when their\n"
	"                      reported names do not match one\n"
	"  --count N           how many of --device the command used\n"
	"  --project NAME      CodeCarbon's project_name (default mlfit)\n"
	"Workload options (recorded for mlfit calibrate):\n"
	"  --model M, --train, --infer, --samples N, --epochs E, --batch N, --tokens N,\n"
	"  --params N, --precision P, --requests N, … as for mlfit estimate\n";

enum {
	OPT_OUTPUT_LONG = 0x500, OPT_INTERVAL, OPT_TIMESERIES, OPT_M_REGION, OPT_COUNTRY, OPT_M_SITE,
	OPT_M_INTENSITY, OPT_M_PUE, OPT_M_DEVICE, OPT_M_COUNT, OPT_PROJECT
};

static const struct option longopts[] = {
	CLI_COMMON_LONGOPTS,
	WORKLOAD_LONGOPTS,
	{ "output", required_argument, NULL, OPT_OUTPUT_LONG },
	{ "interval", required_argument, NULL, OPT_INTERVAL },
	{ "timeseries", required_argument, NULL, OPT_TIMESERIES },
	{ "region", required_argument, NULL, OPT_M_REGION },
	{ "country", required_argument, NULL, OPT_COUNTRY },
	{ "site", required_argument, NULL, OPT_M_SITE },
	{ "intensity", required_argument, NULL, OPT_M_INTENSITY },
	{ "pue", required_argument, NULL, OPT_M_PUE },
	{ "device", required_argument, NULL, OPT_M_DEVICE },
	{ "count", required_argument, NULL, OPT_M_COUNT },
	{ "project", required_argument, NULL, OPT_PROJECT },
	{ NULL, 0, NULL, 0 }
};

struct measure_opts {
	const char *output, *timeseries, *region, *country, *site, *device, *project;
	double interval_s, intensity_g_per_j, pue;
	unsigned long count;
	struct workload_opts wo;
	bool have_workload;
	struct strbuf workload_text;	/* the workload options as given */
	char *made[8];			/* argv strings made by cli_long_output() */
};

static const char *
long_name(int opt)
{
	size_t i;

	for (i = 0; longopts[i].name != NULL; i++)
		if (longopts[i].val == opt)
			return longopts[i].name;
	return "?";
}

static int
measure_option(void *ctx, struct cli *cli, int opt, const char *arg)
{
	struct measure_opts *o = ctx;
	int rc = workload_opts_option(&o->wo, cli, opt, arg);

	if (rc != 0) {
		if (rc == 1) {
			o->have_workload = true;
			strbuf_addf(&o->workload_text, "%s--%s", o->workload_text.len ? " " : "",
				    long_name(opt));
			if (arg != NULL)
				strbuf_addf(&o->workload_text, " %s", arg);
		}
		return rc;
	}
	switch (opt) {
	case OPT_OUTPUT_LONG: o->output = arg; return 1;
	case OPT_TIMESERIES: o->timeseries = arg; return 1;
	case OPT_M_REGION: o->region = arg; return 1;
	case OPT_COUNTRY: o->country = arg; return 1;
	case OPT_M_SITE: o->site = arg; return 1;
	case OPT_M_DEVICE: o->device = arg; return 1;
	case OPT_PROJECT: o->project = arg; return 1;
	case OPT_INTERVAL:
		return cli_quantity(cli, "interval", arg, DIM_TIME, "s", 86400, &o->interval_s);
	case OPT_M_INTENSITY:
		return cli_quantity(cli, "intensity", arg, DIM_INTENSITY, "g/kWh", 0,
				    &o->intensity_g_per_j);
	case OPT_M_PUE:
		if (cli_quantity(cli, "pue", arg, DIM_NONE, "", 5, &o->pue) < 0)
			return -1;
		if (o->pue < 1)
			return cli_fail(cli, MLF_E_USAGE, "--pue must be at least 1, not '%s'", arg),
			       -1;
		return 1;
	case OPT_M_COUNT:
		return cli_whole(cli, "count", arg, 1, 100000, &o->count);
	default:
		return 0;
	}
}

/*
 * Where mlfit's options end: at "--", or at the first word that is neither
 * an option nor an option's value, so that the command's own options are
 * never taken for mlfit's.
 */
static int
command_start(int argc, char **argv)
{
	int i = 1;

	while (i < argc) {
		const char *a = argv[i];
		size_t j, len;

		if (strcmp(a, "--") == 0)
			return i + 1;
		if (a[0] != '-' || a[1] == '\0')
			return i;
		if (a[1] == '-') {
			len = strcspn(a + 2, "=");
			for (j = 0; longopts[j].name != NULL; j++)
				if (strlen(longopts[j].name) == len &&
				    strncmp(longopts[j].name, a + 2, len) == 0)
					break;
			i += longopts[j].name != NULL && longopts[j].has_arg == required_argument &&
			     a[2 + len] != '=' ? 2 : 1;
		} else {
			i += strcmp(a, "-o") == 0 ? 2 : 1;
		}
	}
	return i;
}

/* ---- the place: grid intensity and PUE ---- */

static int
place(struct cli *cli, const struct measure_opts *o, struct record *r)
{
	const struct catalog *cat = cli->cat;
	const struct cat_region *region = NULL;
	const struct cat_site *site = NULL;
	const char *country = NULL, *zone = NULL;
	struct grid_lookup g;
	struct figure f;
	double pue = 0;

	if ((o->region != NULL) + (o->country != NULL) + (o->site != NULL) > 1)
		return cli_fail(cli, MLF_E_USAGE, "give one of --region, --country and --site");
	if (o->region != NULL) {
		region = catalog_find_region(cat, o->region);
		if (region == NULL)
			return cli_unknown_id(cli, "region", o->region);
		country = region->country;
		snprintf(r->cloud_provider, sizeof(r->cloud_provider), "%s", region->provider->id);
		snprintf(r->cloud_region, sizeof(r->cloud_region), "%s", region->id);
		snprintf(r->on_cloud, sizeof(r->on_cloud), "Y");
		pue = region->pue.set ? region->pue.v : region->provider->pue.v;
	} else if (o->site != NULL) {
		site = catalog_find_site(cat, o->site);
		if (site == NULL)
			return cli_unknown_id(cli, "site", o->site);
		country = site->country;
		zone = site->zone;
		pue = site->pue.set ? site->pue.v : 0;
	} else if (o->country != NULL) {
		if (catalog_find_country(cat, o->country) == NULL)
			return cli_unknown_id(cli, "country", o->country);
		country = o->country;
	}
	if (region == NULL)
		snprintf(r->on_cloud, sizeof(r->on_cloud), "N");
	if (country != NULL) {
		const struct cat_grid *c = catalog_find_country(cat, country);

		snprintf(r->country, sizeof(r->country), "%s", country);
		if (c != NULL && c->name != NULL)
			snprintf(r->country_name, sizeof(r->country_name), "%s", c->name);
	}
	if (zone != NULL)
		snprintf(r->region, sizeof(r->region), "%s", zone);
	if (o->intensity_g_per_j > 0) {
		r->intensity_g_per_j = o->intensity_g_per_j;
		snprintf(r->intensity_basis, sizeof(r->intensity_basis), "given");
	} else {
		if (catalog_grid_intensity(cat, region, country, zone, &g, &cli->err) < 0)
			return cli->err.code;
		r->intensity_g_per_j = g.g_per_j;
		snprintf(r->intensity_basis, sizeof(r->intensity_basis), "%s",
			 catalog_grid_level_name(g.level));
		if (g.level == GRID_WORLD)
			cli_warn(cli, "no --region, --country, --site or --intensity: CO2e uses the "
				 "world-average grid intensity (%.0f g/kWh), as the record says",
				 g.g_per_j * 3.6e6);
	}
	if (o->pue > 0)
		pue = o->pue;
	if (!(pue > 0)) {
		if (catalog_param(cat, "measure.default-pue", DIM_NONE, &f, &cli->err) < 0)
			return cli->err.code;
		pue = f.v;
	}
	r->pue = pue;
	return 0;
}

/* ---- naming the devices ---- */

struct devices {
	const struct cat_device *cpu, *gpu;
	char cpu_model[128];
	unsigned ncpus;
	double cpu_power_per_core_w;
	const char *cpu_power_from;
};

static int
name_cpu(struct cli *cli, const struct measure_opts *o, struct devices *dv)
{
	const struct cat_device *forced = o->device ? catalog_find_device(cli->cat, o->device) : NULL;
	struct figure f;

	if (o->device != NULL && forced == NULL)
		return cli_unknown_id(cli, "device", o->device);
	measure_host_cpu(NULL, dv->cpu_model, sizeof(dv->cpu_model), &dv->ncpus);
	dv->cpu = forced && forced->kind == KIND_CPU
			  ? forced : measure_match_device(cli->cat, KIND_CPU, dv->cpu_model);
	if (dv->cpu == NULL && !(forced && forced->kind == KIND_CPU))
		cli_warn(cli, "the CPU '%s' is not in the catalog: give --device ID to name it "
			 "(mlfit catalog list devices)", dv->cpu_model[0] ? dv->cpu_model : "?");
	if (dv->cpu != NULL && dv->cpu->tdp.set && dv->cpu->cores > 0) {
		dv->cpu_power_per_core_w = dv->cpu->tdp.v / dv->cpu->cores;
		dv->cpu_power_from = dv->cpu->id;
		return 0;
	}
	if (catalog_param(cli->cat, "measure.cpu-power-per-core.unknown", DIM_POWER, &f,
			  &cli->err) < 0)
		return cli->err.code;
	dv->cpu_power_per_core_w = f.v;
	dv->cpu_power_from = "measure.cpu-power-per-core.unknown";
	return 0;
}

static void
name_gpus(struct cli *cli, const struct measure_opts *o, struct measure *m, struct devices *dv,
	  struct record *r)
{
	const struct cat_device *forced = o->device ? catalog_find_device(cli->cat, o->device) : NULL;
	unsigned n = 0;
	size_t i;

	if (forced != NULL && forced->kind != KIND_CPU)
		dv->gpu = forced;
	for (i = 0; i < m->ndomains; i++) {
		const struct measure_domain *d = &m->domains[i];
		const struct cat_device *c;

		if (d->part != MEASURE_GPU)
			continue;
		n++;
		if (r->gpu_model[0] == '\0')
			snprintf(r->gpu_model, sizeof(r->gpu_model), "%s", d->reported);
		if (dv->gpu != NULL && forced != NULL)
			continue;
		c = measure_match_device(cli->cat, KIND_GPU, d->reported);
		if (c == NULL)
			cli_warn(cli, "the GPU '%s' (%s) is not in the catalog: give --device ID to "
				 "name it", d->reported[0] ? d->reported : "?", d->name);
		else if (dv->gpu == NULL)
			dv->gpu = c;
	}
	r->gpu_count = o->count > 0 && forced != NULL && forced->kind != KIND_CPU ? (double)o->count
									     : (double)n;
	if (n > 0) {
		/* CodeCarbon's form: "2 x NVIDIA A100-SXM4-80GB" */
		char model[sizeof(r->gpu_model)];

		if (snprintf(model, sizeof(model), "%u x %s", n, r->gpu_model) >= (int)sizeof(model))
			model[sizeof(model) - 1] = '\0';
		memcpy(r->gpu_model, model, sizeof(model));
	}
}

/* ---- the record ---- */

static void
make_run_id(char *out, size_t size)
{
	unsigned char b[16];
	FILE *f = fopen("/dev/urandom", "rb");
	size_t i;

	if (f == NULL || fread(b, 1, sizeof(b), f) != sizeof(b)) {
		unsigned long s = (unsigned long)time(NULL) ^ ((unsigned long)getpid() << 16);

		for (i = 0; i < sizeof(b); i++) {
			s = s * 6364136223846793005UL + 1442695040888963407UL;
			b[i] = (unsigned char)(s >> 56);
		}
	}
	if (f != NULL)
		fclose(f);
	b[6] = (unsigned char)((b[6] & 0x0f) | 0x40);	/* a version 4 UUID, as CodeCarbon's */
	b[8] = (unsigned char)((b[8] & 0x3f) | 0x80);
	snprintf(out, size, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
		 b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12],
		 b[13], b[14], b[15]);
}

static const char *
source_of(const struct measure *m, enum measure_part part)
{
	size_t i;

	for (i = 0; i < m->ndomains; i++) {
		const struct measure_domain *d = &m->domains[i];

		if (d->part != part)
			continue;
		switch (d->kind) {
		case MEASURE_RAPL: return "rapl";
		case MEASURE_NVML: return d->counter ? "nvml" : "nvml-power";
		case MEASURE_HWMON: return d->counter ? "hwmon" : "hwmon-power";
		case MEASURE_CPUTIME:
		case MEASURE_RSS: return "estimated";
		}
	}
	return "none";
}

/*
 * The GPUs' energy: where NVML says on which GPUs the command's processes
 * run, only those GPUs count (a shared machine's other jobs are not the
 * command's); otherwise every GPU.  *count becomes the GPUs counted.
 */
static double
attributed_gpu_energy(const struct measure *m, double *count)
{
	double all = 0, mine = 0;
	unsigned nall = 0, nmine = 0;
	size_t i;

	for (i = 0; i < m->ndomains; i++) {
		const struct measure_domain *d = &m->domains[i];

		if (d->part != MEASURE_GPU)
			continue;
		all += d->energy_j;
		nall++;
		if (d->runs_command) {
			mine += d->energy_j;
			nmine++;
		}
	}
	if (nmine == 0)
		return all;
	if (*count == nall)
		*count = nmine;
	return mine;
}

static void
fill_measured(struct record *r, const struct measure *m, const struct measure_result *res,
	      const struct devices *dv, char *const argv[])
{
	struct utsname u;
	double t = res->duration_s > 0 ? res->duration_s : 1e-9, util = 0;
	unsigned nutil = 0;
	size_t i;
	time_t now = time(NULL);
	struct tm tm;

	gmtime_r(&now, &tm);
	strftime(r->timestamp, sizeof(r->timestamp), "%Y-%m-%dT%H:%M:%S", &tm);
	r->duration_s = res->duration_s;
	r->cpu_energy_j = measure_part_energy(m, MEASURE_CPU);
	r->gpu_energy_j = attributed_gpu_energy(m, &r->gpu_count);
	r->ram_energy_j = measure_part_energy(m, MEASURE_RAM);
	r->cpu_power_w = r->cpu_energy_j / t;
	r->gpu_power_w = r->gpu_energy_j / t;
	r->ram_power_w = r->ram_energy_j / t;
	r->energy_j = (r->cpu_energy_j + r->gpu_energy_j + r->ram_energy_j) * r->pue;
	r->emissions_g = r->energy_j * r->intensity_g_per_j;
	r->emissions_rate_g_per_s = r->emissions_g / t;
	if (uname(&u) == 0)
		if (snprintf(r->os, sizeof(r->os), "%s-%s-%s", u.sysname, u.release, u.machine) >=
		    (int)sizeof(r->os))
			r->os[sizeof(r->os) - 1] = '\0';
	r->cpu_count = dv->ncpus;
	snprintf(r->cpu_model, sizeof(r->cpu_model), "%s", dv->cpu_model);
	r->ram_total_bytes = measure_host_ram_bytes(NULL);
	snprintf(r->tracking_mode, sizeof(r->tracking_mode), "%s",
		 measure_has_measured(m, MEASURE_CPU) ? "machine" : "process");
	if (dv->cpu != NULL)
		snprintf(r->cpu_device, sizeof(r->cpu_device), "%s", dv->cpu->id);
	if (dv->gpu != NULL)
		snprintf(r->gpu_device, sizeof(r->gpu_device), "%s", dv->gpu->id);
	snprintf(r->cpu_source, sizeof(r->cpu_source), "%s", source_of(m, MEASURE_CPU));
	snprintf(r->gpu_source, sizeof(r->gpu_source), "%s", source_of(m, MEASURE_GPU));
	snprintf(r->ram_source, sizeof(r->ram_source), "%s", source_of(m, MEASURE_RAM));
	r->cpu_time_s = res->cpu_time_s;
	for (i = 0; i < m->ndomains; i++) {
		util += m->domains[i].util_sum;
		nutil += m->domains[i].util_n;
	}
	if (nutil > 0)
		r->gpu_utilisation = util / nutil;
	else if (!measure_has_measured(m, MEASURE_GPU) && dv->cpu != NULL && dv->ncpus > 0)
		r->gpu_utilisation = -1;
	r->exit_status = res->status;
	r->samples = res->samples;
	{
		struct strbuf sb;

		strbuf_init(&sb);
		for (i = 0; argv[i] != NULL; i++)
			strbuf_addf(&sb, "%s%s", i ? " " : "", argv[i]);
		snprintf(r->command, sizeof(r->command), "%s", sb.buf);
		strbuf_release(&sb);
	}
}

/* ---- files: whole or not at all ---- */

static char *
read_whole(const char *path, size_t *len)
{
	struct strbuf sb;
	char chunk[8192];
	size_t n;
	FILE *f = fopen(path, "rb");

	*len = 0;
	if (f == NULL)
		return NULL;
	strbuf_init(&sb);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		strbuf_add(&sb, chunk, n);
	fclose(f);
	*len = sb.len;
	return strbuf_detach(&sb);
}

static int
write_whole(struct cli *cli, const char *path, const char *data, size_t len)
{
	char *tmp = xasprintf("%s.tmp.%ld", path, (long)getpid());
	FILE *f = fopen(tmp, "wb");
	int ok;

	if (f == NULL) {
		cli_fail(cli, MLF_E_DATA, "cannot write '%s': %s", tmp, strerror(errno));
		free(tmp);
		return -1;
	}
	ok = fwrite(data, 1, len, f) == len;
	ok = fclose(f) == 0 && ok;
	if (!ok || rename(tmp, path) < 0) {
		cli_fail(cli, MLF_E_DATA, "cannot write '%s': %s", path, strerror(errno));
		remove(tmp);
		free(tmp);
		return -1;
	}
	free(tmp);
	return 0;
}

static void
json_row(const struct record *r, struct strbuf *sb)
{
	json_t *o = json_object();
	char *text;
	size_t i;

	for (i = 0; i < records_ncolumns(); i++) {
		double v;

		if (records_column_is_number(i)) {
			if (records_column_number(r, i, &v))
				json_object_set_new(o, records_column_name(i), json_real(v));
			else
				json_object_set_new(o, records_column_name(i), json_null());
		} else {
			json_object_set_new(o, records_column_name(i),
					    json_string(records_column_text(r, i)));
		}
	}
	text = json_dumps(o, JSON_PRESERVE_ORDER | JSON_COMPACT | JSON_REAL_PRECISION(10));
	strbuf_addstr(sb, text ? text : "{}");
	strbuf_addch(sb, '\n');
	free(text);
	json_decref(o);
}

static int
append_record(struct cli *cli, const char *path, const struct record *r, bool json)
{
	struct strbuf sb;
	size_t len;
	char *old = read_whole(path, &len);
	int rc;

	strbuf_init(&sb);
	if (json) {
		if (old != NULL)
			strbuf_add(&sb, old, len);
		json_row(r, &sb);
	} else {
		if (old != NULL && len > 0 && !records_header_matches(old, len)) {
			/* CodeCarbon does the same with a file of other columns */
			char *bak = xasprintf("%s.bak", path);

			if (rename(path, bak) == 0)
				cli_warn(cli, "'%s' has other columns: moved it to '%s'", path, bak);
			free(bak);
			free(old);
			old = NULL;
		}
		if (old != NULL && len > 0) {
			strbuf_add(&sb, old, len);
			if (old[len - 1] != '\n')
				strbuf_addch(&sb, '\n');
		} else {
			records_format_header(&sb);
			strbuf_addch(&sb, '\n');
		}
		records_format_row(r, &sb);
		strbuf_addch(&sb, '\n');
	}
	rc = write_whole(cli, path, sb.buf, sb.len);
	strbuf_release(&sb);
	free(old);
	return rc;
}

/* ---- the time series ---- */

struct series {
	struct strbuf sb;
	bool on;
};

static void
on_sample(double t_s, const struct measure_domain *d, void *data)
{
	struct series *s = data;

	if (s->on)
		strbuf_addf(&s->sb, "%.3f,%s,%s,%.6g,%.6g,%s\n", t_s, d->name,
			    measure_part_name(d->part), d->power_w, d->energy_j,
			    d->estimated ? "yes" : "no");
}

/* ---- the command ---- */

static void
summary(struct cli *cli, const struct record *r, const char *path)
{
	if (cli->verbosity < 0)
		return;
	fprintf(stderr,
		"mlfit: measured %.3g s: %.4g kWh, %.4g kg CO2e (cpu %s, gpu %s, ram %s) -> %s\n",
		r->duration_s, r->energy_j / 3.6e6, r->emissions_g / 1000, r->cpu_source,
		r->gpu_source, r->ram_source, path);
}

static void
free_made(struct measure_opts *o)
{
	size_t i;

	for (i = 0; i < sizeof(o->made) / sizeof(o->made[0]); i++)
		free(o->made[i]);
}

static int
prepare(struct cli *cli, struct measure_opts *o, int argc, char **argv, int *cmd_at)
{
	struct workload w;
	int rc, end = command_start(argc, argv);

	cli_long_output(end, argv, o->made, sizeof(o->made) / sizeof(o->made[0]));
	rc = cli_parse(cli, end, argv, longopts, usage, measure_option, o);
	if (rc != 0)
		return rc;
	if (optind < end)
		return cli_fail(cli, MLF_E_USAGE, "unexpected '%s' (the command goes after '--')",
				argv[optind]);
	if (end >= argc)
		return cli_fail(cli, MLF_E_USAGE, "no command to measure: mlfit measure [options] "
				"-- COMMAND [ARGS...]");
	*cmd_at = end;
	if (cli->format_set && cli->format != FORMAT_CSV && cli->format != FORMAT_JSON)
		return cli_fail(cli, MLF_E_USAGE, "mlfit measure writes csv or json records");
	if (cli_catalog(cli) == NULL)
		return cli->err.code;
	if (o->count > 0 && o->device == NULL)
		return cli_fail(cli, MLF_E_USAGE, "--count needs --device");
	if (o->have_workload) {
		/* a workload that calibrate could not read later is a usage error now */
		rc = workload_opts_finish(&o->wo, cli, NULL, false, &w);
		if (rc != 0)
			return rc;
	}
	return 0;
}

int
cmd_measure(struct cli *cli, int argc, char **argv)
{
	struct measure_opts o = { 0 };
	struct measure_config cfg = { 0 };
	struct measure_result res;
	struct devices dv = { 0 };
	struct series ts = { 0 };
	struct measure *m;
	struct record r;
	struct figure ram;
	const char *path;
	int rc, cmd_at = 0;

	o.interval_s = 1;
	strbuf_init(&o.workload_text);
	strbuf_init(&ts.sb);
	workload_opts_init(&o.wo);
	records_init(&r);
	rc = prepare(cli, &o, argc, argv, &cmd_at);
	if (rc == 0)
		rc = place(cli, &o, &r);
	if (rc == 0)
		rc = name_cpu(cli, &o, &dv);
	if (rc == 0 && catalog_param(cli->cat, "host.ram-power", DIM_POWER_PER_BYTE, &ram,
				     &cli->err) < 0)
		rc = cli->err.code;
	if (rc != 0) {
		workload_opts_release(&o.wo);
		strbuf_release(&o.workload_text);
		strbuf_release(&ts.sb);
		free_made(&o);
		return rc < 0 ? MLF_OK : rc;
	}
	path = o.output ? o.output : cli->format == FORMAT_JSON ? "emissions.json" : "emissions.csv";
	cfg.sysfs_root = getenv("MLFIT_SYSFS_ROOT");
	cfg.cpu_power_per_core_w = dv.cpu_power_per_core_w;
	cfg.ram_power_per_byte_w = ram.v;
	m = measure_new(&cfg);
	name_gpus(cli, &o, m, &dv, &r);
	if (!measure_has_measured(m, MEASURE_CPU) && cli->verbosity > 0)
		fprintf(stderr, "mlfit: debug: cpu energy estimated from CPU time x %.3g W "
			"per core (%s)\n", dv.cpu_power_per_core_w, dv.cpu_power_from);
	ts.on = o.timeseries != NULL;
	if (ts.on)
		strbuf_addstr(&ts.sb, "time_s,domain,part,power_w,energy_j,estimated\n");
	snprintf(r.project_name, sizeof(r.project_name), "%s", o.project ? o.project : "mlfit");
	make_run_id(r.run_id, sizeof(r.run_id));
	snprintf(r.workload, sizeof(r.workload), "%s", o.workload_text.buf);
	if (measure_run(m, argv + cmd_at, o.interval_s, on_sample, &ts, &res, &cli->err) < 0) {
		rc = cli->err.code;
	} else {
		fill_measured(&r, m, &res, &dv, argv + cmd_at);
		if (res.exec_error[0] != '\0')
			fprintf(stderr, "mlfit: %s\n", res.exec_error);
		if (append_record(cli, path, &r, cli->format == FORMAT_JSON) < 0)
			fprintf(stderr, "mlfit: %s\n", cli->err.msg);
		if (ts.on && write_whole(cli, o.timeseries, ts.sb.buf, ts.sb.len) < 0)
			fprintf(stderr, "mlfit: %s\n", cli->err.msg);
		summary(cli, &r, path);
		if (cli->verbosity > 0)
			fprintf(stderr, "mlfit: debug: mlfit used %.4g s of CPU for %u samples "
				"(%.3g ms each)\n", res.mlfit_cpu_s, res.samples,
				res.samples ? 1000 * res.mlfit_cpu_s / res.samples : 0);
		mlf_err_init(&cli->err);
		rc = res.status;
	}
	measure_free(m);
	workload_opts_release(&o.wo);
	strbuf_release(&o.workload_text);
	strbuf_release(&ts.sb);
	free_made(&o);
	return rc;
}
