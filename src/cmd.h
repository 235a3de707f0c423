/*
 * cmd.h — what every mlfit command shares: the command table entry, the
 * global options, and the helpers for loading the catalog and reporting.
 *
 * Layer 5.  Adding a command: write cmd_NAME.c with
 *   int cmd_NAME(struct cli *cli, int argc, char **argv);
 * add it to the table in mlfit.c, to doc/mlfit.1.in (SYNOPSIS and a
 * section), to README, and add tests/cli/tNNNN-NAME-*.sh.
 *
 * Commands write their result to cli->out, a memory stream that mlfit.c
 * copies to stdout only when the command ends with status 0 or 1 (or when it
 * sets out_on_error: its output is then a complete report of what failed,
 * such as `catalog validate --format json`): a failed command never leaves
 * half a table on stdout.  Errors are returned as
 * struct mlf_err codes (which are the exit statuses) and printed by mlfit.c.
 */
#ifndef MLFIT_CMD_H
#define MLFIT_CMD_H

#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>

#include "catalog.h"
#include "err.h"
#include "table.h"

struct cli {
	const char *cmd_name;		/* "catalog", … */
	const char **catalog_paths;	/* --catalog, in order */
	size_t ncatalog_paths, cap_catalog_paths;
	enum out_format format;
	bool format_set;
	int verbosity;			/* -1 quiet, 0 normal, 1 verbose */
	enum grid_basis grid_basis;	/* --grid-basis (default country) */
	FILE *out;			/* the command's result (buffered) */
	bool out_on_error;		/* out is a whole report even when failing */
	struct catalog *cat;		/* loaded by cli_catalog() */
	struct mlf_err err;		/* the error a command returns with */
};

/* Long-option codes shared by every command (above any short option). */
enum {
	OPT_CATALOG = 0x100,
	OPT_FORMAT,
	OPT_GRID_BASIS,
	OPT_HELP,
	OPT_FIRST_COMMAND_OPTION = 0x200
};

#define CLI_COMMON_LONGOPTS                                  \
	{ "catalog", required_argument, NULL, OPT_CATALOG }, \
	{ "format", required_argument, NULL, OPT_FORMAT },   \
	{ "grid-basis", required_argument, NULL, OPT_GRID_BASIS }, \
	{ "help", no_argument, NULL, 'h' },                  \
	{ "quiet", no_argument, NULL, 'q' },                 \
	{ "verbose", no_argument, NULL, 'v' }

/* getopt short options every command accepts. */
#define CLI_COMMON_SHORTOPTS "hqv"

/*
 * Handles a common option; returns 1 if it was one, 0 if not (the command
 * handles it), -1 on error (cli->err set, MLF_E_USAGE).
 * For -h it prints the usage text to stdout and returns 2: the command
 * should then return 0 at once.
 */
int cli_common_option(struct cli *cli, int opt, const char *arg, const char *usage);

/*
 * Reports getopt's '?' (an unknown option, or a value given to one that takes
 * none) or ':' (a missing value) as one message, with the nearest long
 * options as suggestions; returns MLF_E_USAGE.  Call right after
 * getopt_long with opterr 0 and ":" leading the short options.
 */
int cli_bad_option(struct cli *cli, int opt, char **argv, const struct option *longopts);

/*
 * cli_parse() knows only the common short options, so "-o FILE" and
 * "-oFILE" are rewritten to "--output FILE" / "--output=FILE" in
 * argv[1..end), up to a "--", before it runs.  The strings it makes go
 * into made (at most max); the caller frees them when the command ends.
 */
void cli_long_output(int end, char **argv, char **made, size_t max);

/*
 * Prints prefix, msg and a newline to f, with control characters (which may
 * come from the user's input) escaped: one message is one line.
 */
void cli_print_message(FILE *f, const char *prefix, const char *msg);

/*
 * A command's own option handler: returns 1 if opt was its option, 0 if
 * not, -1 on a bad argument (cli->err set).
 */
typedef int (*cli_option_fn)(void *ctx, struct cli *cli, int opt, const char *arg);

/*
 * Runs getopt_long over argv with the common options (CLI_COMMON_LONGOPTS,
 * which longopts must include) handled here and every other one offered
 * to fn.  Returns 0 to go on (optind is then at the first operand), -1 if
 * --help was printed (the command ends with status 0), or an exit status
 * with cli->err set.
 */
int cli_parse(struct cli *cli, int argc, char **argv, const struct option *longopts,
	      const char *usage, cli_option_fn fn, void *ctx);

/*
 * Option values.  cli_quantity: a quantity above 0 (and at most max when
 * max > 0) in dimension dim, "unit" assumed when none is written;
 * cli_whole: a whole number from min to max.  Both return 1, or -1 with
 * cli->err (MLF_E_USAGE) naming the option, so that an option handler can
 * return their result.
 */
int cli_quantity(struct cli *cli, const char *name, const char *arg, enum unit_dim dim,
		 const char *unit, double max, double *out);
int cli_whole(struct cli *cli, const char *name, const char *arg, unsigned long min,
	      unsigned long max, unsigned long *out);

/*
 * Loads the catalog (shipped files, user overlays, --catalog files) once.
 * NULL with cli->err set on failure.
 */
struct catalog *cli_catalog(struct cli *cli);

/* Sets cli->err and returns its code (the exit status). */
int cli_fail(struct cli *cli, enum mlf_errcode code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/*
 * Reports an unknown id of a kind ("device", "region", …) with the nearest
 * ids as suggestions; returns MLF_E_USAGE.
 */
int cli_unknown_id(struct cli *cli, const char *kind, const char *id);

/* Prints a warning to stderr ("mlfit: warning: …") unless -q. */
void cli_warn(struct cli *cli, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Directory with catalog/ and data/ (paths.c). */
const char *paths_datadir(void);
/* Sorted *.xml files of a directory; the caller frees each and the array. */
size_t paths_list_xml(const char *dir, char ***out);
/* The user's overlay directory ($XDG_DATA_HOME/mlfit), malloc'ed; may not exist. */
char *paths_user_dir(void);

/* The commands. */
int cmd_catalog(struct cli *cli, int argc, char **argv);
int cmd_profile(struct cli *cli, int argc, char **argv);
int cmd_estimate(struct cli *cli, int argc, char **argv);
int cmd_recommend(struct cli *cli, int argc, char **argv);
int cmd_plan(struct cli *cli, int argc, char **argv);
int cmd_report(struct cli *cli, int argc, char **argv);
int cmd_tui(struct cli *cli, int argc, char **argv);
int cmd_measure(struct cli *cli, int argc, char **argv);
int cmd_calibrate(struct cli *cli, int argc, char **argv);

#endif
