/*
 * cli.c — the helpers that every command shares (see cmd.h).
 */
#include "config.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cmd.h"
#include "strutil.h"
#include "xalloc.h"

int
cli_fail(struct cli *cli, enum mlf_errcode code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	mlf_err_vset(&cli->err, code, fmt, ap);
	va_end(ap);
	return code;
}

void
cli_print_message(FILE *f, const char *prefix, const char *msg)
{
	const unsigned char *p;

	fputs(prefix, f);
	for (p = (const unsigned char *)msg; *p != '\0'; p++) {
		if (*p == '\n')
			fputs("\\n", f);
		else if (*p == '\t')
			fputs("\\t", f);
		else if (*p < 0x20 || *p == 0x7f)
			fprintf(f, "\\x%02x", *p);
		else if (*p == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f)
			fprintf(f, "\\u%04x", *++p);	/* a C1 control in UTF-8 */
		else
			fputc(*p, f);
	}
	fputc('\n', f);
}

void
cli_warn(struct cli *cli, const char *fmt, ...)
{
	char msg[MLF_ERR_MSG_MAX];
	va_list ap;

	if (cli->verbosity < 0)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	cli_print_message(stderr, "mlfit: warning: ", msg);
}

int
cli_common_option(struct cli *cli, int opt, const char *arg, const char *usage)
{
	int f;

	switch (opt) {
	case OPT_CATALOG:
		XGROW(cli->catalog_paths, cli->cap_catalog_paths, cli->ncatalog_paths + 1);
		cli->catalog_paths[cli->ncatalog_paths++] = arg;
		return 1;
	case OPT_FORMAT:
		f = table_format_parse(arg, strcmp(cli->cmd_name, "estimate") == 0);
		if (f < 0)
			return cli_fail(cli, MLF_E_USAGE, "unknown format '%s' (use table, csv or json%s)",
					arg, strcmp(cli->cmd_name, "estimate") == 0 ? " or latex" : ""),
			       -1;
		cli->format = (enum out_format)f;
		cli->format_set = true;
		return 1;
	case OPT_GRID_BASIS:
		f = catalog_grid_basis_parse(arg);
		if (f < 0)
			return cli_fail(cli, MLF_E_USAGE, "unknown grid basis '%s' (use country, "
					"provider or market)", arg), -1;
		cli->grid_basis = (enum grid_basis)f;
		return 1;
	case 'q':
		cli->verbosity = -1;
		return 1;
	case 'v':
		cli->verbosity = 1;
		return 1;
	case 'h':
		fputs(usage, stdout);
		return 2;
	default:
		return 0;
	}
}

/* The name of a long option as written ("--devce=3" gives "devce"). */
static void
long_name(const char *arg, char *name, size_t size)
{
	size_t n;

	arg += strspn(arg, "-");
	n = strcspn(arg, "=");
	if (n >= size)
		n = size - 1;
	memcpy(name, arg, n);
	name[n] = '\0';
}

static const char *
long_option_of(const struct option *longopts, int val)
{
	const struct option *o;

	for (o = longopts; o->name != NULL; o++)
		if (o->val == val)
			return o->name;
	return NULL;
}

/* "unknown option '--devce'; did you mean '--device'?" */
static int
unknown_long_option(struct cli *cli, const char *arg, const struct option *longopts)
{
	const char *names[128], *near[2];
	char name[64];
	size_t n = 0, k;
	const struct option *o;

	long_name(arg, name, sizeof(name));
	for (o = longopts; o->name != NULL && n < sizeof(names) / sizeof(names[0]); o++)
		names[n++] = o->name;
	k = name[0] != '\0' ? str_nearest(name, names, n, near, 2) : 0;
	if (k == 1)
		return cli_fail(cli, MLF_E_USAGE, "unknown option '--%s'; did you mean '--%s'?",
				name, near[0]);
	if (k == 2)
		return cli_fail(cli, MLF_E_USAGE,
				"unknown option '--%s'; did you mean '--%s' or '--%s'?", name,
				near[0], near[1]);
	return cli_fail(cli, MLF_E_USAGE, "unknown option '%s' (see 'mlfit%s%s --help')", arg,
			cli->cmd_name[0] ? " " : "", cli->cmd_name);
}

int
cli_bad_option(struct cli *cli, int opt, char **argv, const struct option *longopts)
{
	const char *arg = optind > 0 ? argv[optind - 1] : "";
	const char *name;

	if (optopt > 0 && optopt < 0x100 && strncmp(arg, "--", 2) != 0) {
		if (opt == ':')
			return cli_fail(cli, MLF_E_USAGE, "option '-%c' needs a value", optopt);
		return cli_fail(cli, MLF_E_USAGE, "unknown option '-%c' (see 'mlfit%s%s --help')",
				optopt, cli->cmd_name[0] ? " " : "", cli->cmd_name);
	}
	name = optopt != 0 ? long_option_of(longopts, optopt) : NULL;
	if (name == NULL)
		return unknown_long_option(cli, arg, longopts);
	if (opt == ':')
		return cli_fail(cli, MLF_E_USAGE, "option '--%s' needs a value", name);
	return cli_fail(cli, MLF_E_USAGE, "option '--%s' takes no value", name);
}

int
cli_parse(struct cli *cli, int argc, char **argv, const struct option *longopts,
	  const char *usage, cli_option_fn fn, void *ctx)
{
	int opt, rc;

	opterr = 0;	/* one message of our own, with suggestions, not getopt's */
	while ((opt = getopt_long(argc, argv, ":" CLI_COMMON_SHORTOPTS, longopts, NULL)) != -1) {
		if (opt == '?' || opt == ':')
			return cli_bad_option(cli, opt, argv, longopts);
		rc = cli_common_option(cli, opt, optarg, usage);
		if (rc == 2)
			return -1;
		if (rc < 0)
			return cli->err.code;
		if (rc == 1)
			continue;
		rc = fn(ctx, cli, opt, optarg);
		if (rc < 0)
			return cli->err.code;
		if (rc == 0)
			return cli_fail(cli, MLF_E_INTERNAL, "option '%s' is not handled",
					argv[optind - 1]);
	}
	return 0;
}

int
cli_quantity(struct cli *cli, const char *name, const char *arg, enum unit_dim dim,
	     const char *unit, double max, double *out)
{
	struct mlf_err e;
	double bare;
	char lim[48];

	/* "--deadline 0" is a zero before it is a number without a unit */
	if (units_parse_number(arg, &bare, NULL) == 0 && !(bare > 0))
		return cli_fail(cli, MLF_E_USAGE, "--%s must be greater than 0, not '%s'", name, arg), -1;
	if (units_parse(arg, dim, unit, out, &e) < 0)
		return cli_fail(cli, MLF_E_USAGE, "--%s: %s", name, e.msg), -1;
	if (!(*out > 0))
		return cli_fail(cli, MLF_E_USAGE, "--%s must be greater than 0, not '%s'", name, arg), -1;
	if (max > 0 && *out > max)
		return cli_fail(cli, MLF_E_USAGE, "--%s %s is beyond any real workload (at most %s)",
				name, arg, units_format(max, dim, lim, sizeof(lim))), -1;
	return 1;
}

int
cli_whole(struct cli *cli, const char *name, const char *arg, unsigned long min,
	  unsigned long max, unsigned long *out)
{
	double v;

	if (units_parse_number(arg, &v, NULL) < 0 || v != floor(v) || v < (double)min ||
	    v > (double)max)
		return cli_fail(cli, MLF_E_USAGE, "--%s must be a whole number from %lu to %lu, not '%s'",
				name, min, max, arg), -1;
	*out = (unsigned long)v;
	return 1;
}

int
cli_unknown_id(struct cli *cli, const char *kind, const char *id)
{
	const char *near[3];
	size_t n = cli->cat ? catalog_suggest(cli->cat, kind, id, near, 3) : 0;

	if (n == 0)
		return cli_fail(cli, MLF_E_USAGE,
				"unknown %s '%s' (see 'mlfit catalog list %ss')", kind, id, kind);
	if (n == 1)
		return cli_fail(cli, MLF_E_USAGE, "unknown %s '%s'; did you mean '%s'?",
				kind, id, near[0]);
	if (n == 2)
		return cli_fail(cli, MLF_E_USAGE, "unknown %s '%s'; did you mean '%s' or '%s'?",
				kind, id, near[0], near[1]);
	return cli_fail(cli, MLF_E_USAGE, "unknown %s '%s'; did you mean '%s', '%s' or '%s'?",
			kind, id, near[0], near[1], near[2]);
}

static int
load_all(struct catalog *cat, char **files, size_t n, const char *schema, struct mlf_err *err)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (catalog_load(cat, files[i], schema, err) < 0)
			return -1;
	return 0;
}

static void
free_list(char **files, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(files[i]);
	free(files);
}

/* Loads every *.xml of dir (quietly nothing if it does not exist). */
static int
load_dir(struct catalog *cat, const char *dir, const char *schema, struct mlf_err *err)
{
	char **files;
	size_t n = paths_list_xml(dir, &files);
	int rc = load_all(cat, files, n, schema, err);

	free_list(files, n);
	return rc;
}

static bool
is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

struct catalog *
cli_catalog(struct cli *cli)
{
	const char *datadir = paths_datadir();
	char *catdir, *datad, *schema, *user;
	struct catalog *cat;
	size_t i;
	int rc;

	if (cli->cat != NULL)
		return cli->cat;
	catdir = xasprintf("%s/catalog", datadir);
	datad = xasprintf("%s/data", datadir);
	schema = xasprintf("%s/catalog/catalog.rng", datadir);
	user = paths_user_dir();
	cat = catalog_new();
	cat->trust_shipped = true;
	if (!is_dir(catdir)) {
		rc = mlf_err_set(&cli->err, MLF_E_DATA,
				 "cannot find the catalog in '%s' (is mlfit installed? "
				 "MLFIT_DATADIR can point at it)", datadir);
	} else {
		rc = load_dir(cat, catdir, schema, &cli->err);
		if (rc == 0)
			rc = load_dir(cat, datad, schema, &cli->err);
		if (rc == 0 && user != NULL)
			rc = load_dir(cat, user, schema, &cli->err);
		for (i = 0; rc == 0 && i < cli->ncatalog_paths; i++) {
			const char *p = cli->catalog_paths[i];

			rc = is_dir(p) ? load_dir(cat, p, schema, &cli->err)
				       : catalog_load(cat, p, schema, &cli->err);
		}
		if (rc == 0)
			rc = catalog_finish(cat, &cli->err);
	}
	free(catdir);
	free(datad);
	free(schema);
	free(user);
	if (rc < 0) {
		catalog_free(cat);
		return NULL;
	}
	cat->grid_basis = cli->grid_basis;
	cli->cat = cat;
	return cat;
}

void
cli_long_output(int end, char **argv, char **made, size_t max)
{
	size_t nmade = 0;
	int i;

	for (i = 1; i < end; i++) {
		if (strcmp(argv[i], "--") == 0)
			break;
		if (strcmp(argv[i], "-o") == 0) {
			argv[i] = (char *)"--output";
		} else if (strncmp(argv[i], "-o", 2) == 0 && nmade < max) {
			made[nmade] = xasprintf("--output=%s", argv[i] + 2);
			argv[i] = made[nmade++];
		}
	}
}
