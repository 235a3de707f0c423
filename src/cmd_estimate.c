/*
 * cmd_estimate.c — `mlfit estimate`: one workload on one placement.
 *
 * The placement is said the way people say it: a device and a count in a
 * cloud region ("8 A100s in gcp:europe-west4": mlfit picks the provider's
 * instance type for them), an instance type and how many, or a device on an
 * on-prem site.  With --hours and --power it is accounting mode instead:
 * the figures a paper reports, turned into energy and CO2e the same way.
 */
#include "config.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cmd.h"
#include "estimate.h"
#include "report_estimate.h"
#include "workload_opts.h"

static const char usage[] =
	"usage: mlfit estimate [MODEL] [--train | --infer] [workload options]\n"
	"                      (--device ID [--count N] | --instance PROVIDER:ID [--instances K])\n"
	"                      [--region PROVIDER:REGION | --site ID [--node ID]]\n"
	"                      [--energy-method power|opcost] [--format table|csv|json|latex]\n"
	"   or: mlfit estimate --device ID --count N --hours H --power W\n"
	"                      [--pue P] [--intensity G] [--region PROVIDER:REGION | --site ID]\n"
	"\n"
	"Workload:\n"
	WORKLOAD_OPTS_USAGE
	"Placement:\n"
	"  --device ID         a device (mlfit catalog list devices)\n"
	"  --count N           how many devices (default: one instance or node's worth, or 1)\n"
	"  --instance P:ID     a cloud instance type, e.g. aws:p4d.24xlarge\n"
	"  --instances K       how many instances (default 1)\n"
	"  --region P:REGION   a cloud region, e.g. gcp:europe-west4; with --device alone,\n"
	"                      the provider's instance type with that device is used\n"
	"  --site ID           an on-prem site (mlfit catalog list sites)\n"
	"  --node ID           the site's server type (default: the one with the device)\n"
	"  --energy-method M   power (TDP x load, all devices) or opcost (operations x\n"
	"                      energy per operation, devices with per-operation energies)\n"
	"Accounting (hours and power as a paper reports them):\n"
	"  --hours H           wall-clock hours\n"
	"  --power W           average power per device, e.g. 300 or 300W\n"
	"  --pue P             power usage effectiveness (default: the place's)\n"
	"  --intensity G       grid intensity, e.g. 432.7 or '0.954 lb/kWh' (g/kWh)\n";

struct place_opts {
	const char *device, *instance, *region, *site, *node;
	unsigned long count, instances;
	bool count_set;
	enum energy_method method;
	struct accounting acct;
	bool accounting;
};

enum {
	OPT_DEVICE = 0x400, OPT_COUNT, OPT_INSTANCE, OPT_INSTANCES, OPT_REGION, OPT_SITE,
	OPT_NODE, OPT_METHOD, OPT_HOURS, OPT_POWER, OPT_PUE, OPT_INTENSITY
};

struct estimate_opts {
	struct workload_opts wo;
	struct place_opts po;
};

static int
place_option(struct place_opts *po, struct cli *cli, int opt, const char *arg)
{
	switch (opt) {
	case OPT_DEVICE: po->device = arg; return 1;
	case OPT_INSTANCE: po->instance = arg; return 1;
	case OPT_REGION: po->region = arg; return 1;
	case OPT_SITE: po->site = arg; return 1;
	case OPT_NODE: po->node = arg; return 1;
	case OPT_COUNT:
		po->count_set = true;
		return cli_whole(cli, "count", arg, 1, 1000000, &po->count);
	case OPT_INSTANCES:
		return cli_whole(cli, "instances", arg, 1, 100000, &po->instances);
	case OPT_METHOD:
		if (strcmp(arg, "power") == 0)
			po->method = ENERGY_POWER;
		else if (strcmp(arg, "opcost") == 0)
			po->method = ENERGY_OPCOST;
		else
			return cli_fail(cli, MLF_E_USAGE,
					"--energy-method must be power or opcost, not '%s'", arg), -1;
		return 1;
	case OPT_HOURS:
		po->accounting = true;
		return cli_quantity(cli, "hours", arg, DIM_NONE, NULL, 1e7, &po->acct.hours);
	case OPT_POWER:
		return cli_quantity(cli, "power", arg, DIM_POWER, "W", 1e5, &po->acct.power_w);
	case OPT_PUE:
		if (cli_quantity(cli, "pue", arg, DIM_NONE, NULL, 0, &po->acct.pue) < 0)
			return -1;
		if (po->acct.pue < 1 || po->acct.pue > 3)
			return cli_fail(cli, MLF_E_USAGE, "--pue must be from 1 to 3, not '%s'", arg), -1;
		return 1;
	case OPT_INTENSITY:
		return cli_quantity(cli, "intensity", arg, DIM_INTENSITY, "g/kWh", 2000 / UNITS_KWH,
				    &po->acct.intensity_g_per_j);
	default:
		return 0;
	}
}

/* Workload options first, then the placement's. */
static int
estimate_option(void *ctx, struct cli *cli, int opt, const char *arg)
{
	struct estimate_opts *eo = ctx;
	int rc = workload_opts_option(&eo->wo, cli, opt, arg);

	return rc != 0 ? rc : place_option(&eo->po, cli, opt, arg);
}

/* ---- resolving the placement ---- */

/* The provider's instance type with `d`, priced in `r`, best suited to `count`. */
static const struct cat_instance *
instance_for(const struct cat_device *d, const struct cat_region *r, unsigned count)
{
	const struct cat_provider *p = r->provider;
	const struct cat_instance *best = NULL;
	size_t i;

	for (i = 0; i < p->ninstances; i++) {
		const struct cat_instance *in = &p->instances[i];
		unsigned per = (unsigned)in->body.accel_count;

		if (in->body.accel != d || catalog_instance_price(in, r) == NULL || per == 0)
			continue;
		/* prefer instances that divide the count exactly, then the largest */
		if (best == NULL || ((count % per == 0) > (count % (unsigned)best->body.accel_count == 0)) ||
		    ((count % per == 0) == (count % (unsigned)best->body.accel_count == 0) &&
		     per > best->body.accel_count && per <= count))
			best = in;
	}
	return best;
}

static const struct cat_node *
site_node(const struct cat_site *s, const struct cat_device *d)
{
	size_t i;

	for (i = 0; i < s->nowned; i++)
		if (s->owned[i].node != NULL && (d == NULL || s->owned[i].node->body.accel == d))
			return s->owned[i].node;
	for (i = 0; i < s->nbuyable; i++)
		if (s->buyable[i].node != NULL && (d == NULL || s->buyable[i].node->body.accel == d))
			return s->buyable[i].node;
	return NULL;
}

static int
resolve_ids(struct place_opts *po, struct cli *cli, struct placement *pl)
{
	const struct catalog *cat = cli->cat;

	if (po->device && (pl->device = catalog_find_device(cat, po->device)) == NULL)
		return cli_unknown_id(cli, "device", po->device);
	if (po->instance && (pl->instance = catalog_find_instance(cat, po->instance)) == NULL)
		return cli_unknown_id(cli, "instance", po->instance);
	if (po->region && (pl->region = catalog_find_region(cat, po->region)) == NULL)
		return cli_unknown_id(cli, "region", po->region);
	if (po->site && (pl->site = catalog_find_site(cat, po->site)) == NULL)
		return cli_unknown_id(cli, "site", po->site);
	if (po->node && (pl->node = catalog_find_node(cat, po->node)) == NULL)
		return cli_unknown_id(cli, "node", po->node);
	if (pl->region && pl->site)
		return cli_fail(cli, MLF_E_USAGE, "give --region or --site, not both");
	if (pl->instance && pl->site)
		return cli_fail(cli, MLF_E_USAGE, "an instance type is a cloud placement: no --site");
	if (pl->node && !pl->site)
		return cli_fail(cli, MLF_E_USAGE, "--node needs --site");
	return 0;
}

static int
resolve_instance(struct place_opts *po, struct cli *cli, struct placement *pl)
{
	const struct cat_instance *in = pl->instance;
	unsigned per = (unsigned)in->body.accel_count;

	if (pl->device != NULL && pl->device != in->body.accel)
		return cli_fail(cli, MLF_E_USAGE, "%s has %s, not %s", in->full_id,
				in->body.accel_ref, pl->device->id);
	pl->device = in->body.accel;
	if (pl->region == NULL)
		return cli_fail(cli, MLF_E_USAGE, "say where %s runs: --region %s:REGION",
				in->full_id, in->provider->id);
	if (pl->region->provider != in->provider)
		return cli_fail(cli, MLF_E_USAGE, "%s is not a region of %s", pl->region->full_id,
				in->provider->id);
	if (po->count_set && po->instances > 0 && po->count != po->instances * per)
		return cli_fail(cli, MLF_E_USAGE, "--count %lu does not match --instances %lu of %u",
				po->count, po->instances, per);
	if (po->count_set)
		pl->count = (unsigned)po->count;
	else
		pl->count = per * (unsigned)(po->instances > 0 ? po->instances : 1);
	return 0;
}

static int
resolve_cloud_device(struct cli *cli, struct placement *pl)
{
	pl->instance = instance_for(pl->device, pl->region, pl->count);
	if (pl->instance == NULL)
		cli_warn(cli, "%s offers no priced instance type with %s: cost not estimated",
			 pl->region->full_id, pl->device->id);
	return 0;
}

static int
resolve_site(struct place_opts *po, struct cli *cli, struct placement *pl)
{
	if (pl->node == NULL)
		pl->node = site_node(pl->site, pl->device);
	if (pl->node == NULL && pl->device == NULL)
		return cli_fail(cli, MLF_E_USAGE, "site %s has no server types: give --device",
				pl->site->id);
	if (pl->node != NULL && pl->device != NULL && pl->node->body.accel != pl->device)
		return cli_fail(cli, MLF_E_USAGE, "node %s has %s, not %s", pl->node->id,
				pl->node->body.accel_ref, pl->device->id);
	if (pl->device == NULL)
		pl->device = pl->node->body.accel;
	if (!po->count_set)
		pl->count = pl->node ? (unsigned)pl->node->body.accel_count : 1;
	return 0;
}

static int
resolve_placement(struct place_opts *po, struct cli *cli, struct placement *pl)
{
	int rc;

	memset(pl, 0, sizeof(*pl));
	if ((rc = resolve_ids(po, cli, pl)) != 0)
		return rc;
	pl->count = po->count_set ? (unsigned)po->count : 1;
	if (pl->instance != NULL)
		return resolve_instance(po, cli, pl);
	if (pl->site != NULL)
		return resolve_site(po, cli, pl);
	if (pl->device == NULL)
		return cli_fail(cli, MLF_E_USAGE, "say what to run on: --device, --instance or --site");
	if (pl->region != NULL && !po->accounting)
		return resolve_cloud_device(cli, pl);
	if (pl->region == NULL && !(po->accounting && po->acct.pue > 0 && po->acct.intensity_g_per_j > 0))
		cli_warn(cli, "no --region or --site: the world-average grid intensity and the "
			 "industry-average PUE are used");
	return 0;
}

/* ---- output ---- */

static int
write_result(struct cli *cli, const struct estimate *e, const struct placement *pl,
	     const struct workload_opts *wo)
{
	const char *model = wo->profile ? wo->profile->name : NULL;
	json_t *o;

	switch (cli->format) {
	case FORMAT_JSON:
		o = report_estimate_json(e, pl);
		json_object_set_new(o, "model", model ? json_string(model) : json_null());
		json_dumpf(o, cli->out, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(10));
		fputc('\n', cli->out);
		json_decref(o);
		break;
	case FORMAT_CSV:
		report_estimate_csv_header(cli->out);
		report_estimate_csv_row(e, pl, cli->out);
		break;
	case FORMAT_LATEX:
		report_estimate_latex(e, pl, model, cli->out);
		break;
	case FORMAT_TABLE:
		if (model)
			fprintf(cli->out, "model %s\n", model);
		report_estimate_text(e, pl, cli->out);
		break;
	}
	return 0;
}

static int
parse(struct cli *cli, int argc, char **argv, struct estimate_opts *eo)
{
	static const struct option longopts[] = {
		CLI_COMMON_LONGOPTS,
		WORKLOAD_LONGOPTS,
		{ "device", required_argument, NULL, OPT_DEVICE },
		{ "count", required_argument, NULL, OPT_COUNT },
		{ "instance", required_argument, NULL, OPT_INSTANCE },
		{ "instances", required_argument, NULL, OPT_INSTANCES },
		{ "region", required_argument, NULL, OPT_REGION },
		{ "site", required_argument, NULL, OPT_SITE },
		{ "node", required_argument, NULL, OPT_NODE },
		{ "energy-method", required_argument, NULL, OPT_METHOD },
		{ "hours", required_argument, NULL, OPT_HOURS },
		{ "power", required_argument, NULL, OPT_POWER },
		{ "pue", required_argument, NULL, OPT_PUE },
		{ "intensity", required_argument, NULL, OPT_INTENSITY },
		{ NULL, 0, NULL, 0 }
	};
	const struct place_opts *po = &eo->po;
	int rc = cli_parse(cli, argc, argv, longopts, usage, estimate_option, eo);

	if (rc != 0)
		return rc;
	if (optind + 1 < argc)
		return cli_fail(cli, MLF_E_USAGE, "estimate: one MODEL at most (got '%s' and '%s')",
				argv[optind], argv[optind + 1]);
	if (po->accounting && !(po->acct.power_w > 0))
		return cli_fail(cli, MLF_E_USAGE, "--hours needs --power (average watts per device)");
	if (!po->accounting && (po->acct.power_w > 0 || po->acct.pue > 0 || po->acct.intensity_g_per_j > 0))
		return cli_fail(cli, MLF_E_USAGE, "--power, --pue and --intensity go with --hours "
				"(accounting mode)");
	return 0;
}

/*
 * A device without the precision asked for runs another: say so on stderr
 * too.  The default bf16 falling back to fp16 is only an assumption, not
 * news; falling back to 32 bits (no 16-bit peak in the catalog) can make a
 * device look several times slower than it is, so that is said.
 */
static void
warn_precision(struct cli *cli, const struct estimate *e, const struct placement *pl,
	       bool given)
{
	const struct cat_device *d = pl->device;
	size_t i;

	if (!given && d != NULL && !d->peak[PREC_FP16].set && !d->peak[PREC_BF16].set) {
		cli_warn(cli, "%s has no 16-bit peak in the catalog: estimated at its 32-bit "
			 "peak, which may be far slower than the device runs mixed precision",
			 d->id);
		return;
	}
	for (i = 0; given && i < e->nassumptions; i++)
		if (strcmp(e->assumptions[i].name, "precision") == 0)
			cli_warn(cli, "runs at %s", e->assumptions[i].value);
}

int
cmd_estimate(struct cli *cli, int argc, char **argv)
{
	struct estimate_opts eo = { .po = { .method = ENERGY_POWER } };
	struct workload_opts *wo = &eo.wo;
	struct place_opts *po = &eo.po;
	struct placement pl;
	struct workload w;
	struct estimate e;
	struct mlf_err err;
	int rc;

	workload_opts_init(wo);
	rc = parse(cli, argc, argv, &eo);
	if (rc != 0) {
		workload_opts_release(wo);
		return rc < 0 ? 0 : rc;
	}
	if (cli_catalog(cli) == NULL) {
		workload_opts_release(wo);
		return cli->err.code;
	}
	rc = workload_opts_finish(wo, cli, optind < argc ? argv[optind] : NULL, !po->accounting, &w);
	if (rc == 0)
		rc = resolve_placement(po, cli, &pl);
	if (rc == 0 && estimate_run(cli->cat, &w, &pl, po->method, po->accounting ? &po->acct : NULL,
				    &e, &err) < 0)
		rc = cli_fail(cli, err.code, "%s", err.msg);
	if (rc == 0) {
		if (!po->accounting)
			warn_precision(cli, &e, &pl, wo->precision_given);
		if (!e.fits)
			cli_warn(cli, "the model does not fit: %s", e.fit_reason);
		if (e.task == TASK_TRAIN && e.train_warning[0])
			cli_warn(cli, "%s", e.train_warning);
		if (e.task == TASK_INFER && !e.meets_rate)
			cli_warn(cli, "%u devices serve %.4g requests/s, less than the rate asked for",
				 pl.count, e.throughput);
		rc = write_result(cli, &e, &pl, wo);
	}
	workload_opts_release(wo);
	return rc;
}
