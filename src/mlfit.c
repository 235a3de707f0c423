/*
 * mlfit.c — main(): global options, the command table, exit statuses.
 *
 * The exit status is the mlf_errcode a command ends with (mlfit(1), EXIT
 * STATUS): 0 ok, 1 no feasible placement, 2 usage, 3 input or data, 4 solver,
 * 5 internal.  Only this file and the cmd_*.c files print.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "log.h"
#include "strutil.h"
#include "xalloc.h"

struct cmd_entry {
	const char *name;
	int (*run)(struct cli *cli, int argc, char **argv);
	const char *summary;
};

static const struct cmd_entry commands[] = {
	{ "catalog", cmd_catalog, "list, show and validate devices, clouds, sites and grids" },
	{ "profile", cmd_profile, "parameters, MACs, FLOPs and bytes of a model, per layer" },
	{ "estimate", cmd_estimate, "time, energy, CO2e and cost of a workload on a placement" },
	{ "recommend", cmd_recommend, "where, on what and on how many devices, within limits" },
	{ "plan", cmd_plan, "what to buy and where each workload of a portfolio runs" },
	{ "report", cmd_report, "a procurement, recommendation or paper report (HTML, MD, LaTeX, JSON)" },
	{ "tui", cmd_tui, "compare deployment options interactively, re-solving on each change" },
	{ "measure", cmd_measure, "run a command and record the energy and CO2e it used" },
	{ "calibrate", cmd_calibrate, "fit per-device efficiency and power to measured runs" },
};

static const char usage[] =
	"usage: mlfit [--catalog PATH]... [--format FORMAT] [--grid-basis BASIS] [-q | -v]\n"
	"             COMMAND [ARGS]\n"
	"       mlfit --help | --version\n";

static void
print_help(void)
{
	size_t i;

	fputs(usage, stdout);
	fputs("\nmlfit tells where, on what hardware and on how many devices to run a\n"
	      "machine-learning workload for the least energy or CO2e within a budget\n"
	      "and a deadline.\n\nCommands:\n", stdout);
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		printf("  %-10s %s\n", commands[i].name, commands[i].summary);
	fputs("\nOptions (also accepted after the command):\n"
	      "  --catalog PATH   add an overlay catalog file or directory (repeatable)\n"
	      "  --format FORMAT  output as table (default), csv or json\n"
	      "  --grid-basis B   grid intensities: country (default, one dataset for\n"
	      "                   all), provider (their own figures) or market\n"
	      "  -q, --quiet      no warnings\n"
	      "  -v, --verbose    more detail\n"
	      "  -h, --help       this help; 'mlfit COMMAND --help' for a command\n"
	      "  --version        the version\n"
	      "\nExit status: 0 ok, 1 no feasible placement, 2 usage error,\n"
	      "3 bad input or data, or output that cannot be written (a full disk),\n"
	      "4 solver failure, 5 internal error.  A reader that stops reading\n"
	      "(mlfit ... | head) ends mlfit quietly.\n"
	      "See mlfit(1) for more.\n", stdout);
}

static void
log_to_stderr(enum log_level level, const char *msg, void *data)
{
	const struct cli *cli = data;

	if (level == LOG_WARN && cli->verbosity >= 0)
		cli_print_message(stderr, "mlfit: warning: ", msg);
	else if (level == LOG_INFO && cli->verbosity >= 0)
		cli_print_message(stderr, "mlfit: ", msg);
	else if (level == LOG_DEBUG && cli->verbosity > 0)
		cli_print_message(stderr, "mlfit: debug: ", msg);
}

static const struct cmd_entry *
find_command(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (strcmp(commands[i].name, name) == 0)
			return &commands[i];
	return NULL;
}

static int
unknown_command(struct cli *cli, const char *name)
{
	const char *names[sizeof(commands) / sizeof(commands[0])], *near[1];
	size_t i, n;

	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		names[i] = commands[i].name;
	n = str_nearest(name, names, i, near, 1);
	if (n > 0)
		return cli_fail(cli, MLF_E_USAGE, "unknown command '%s'; did you mean '%s'?", name,
				near[0]);
	return cli_fail(cli, MLF_E_USAGE, "unknown command '%s' (see 'mlfit --help')", name);
}

/* Parses options before the command; returns -1 to go on, else an exit status. */
static int
global_options(struct cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
		CLI_COMMON_LONGOPTS,
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	int opt, rc;

	cli->cmd_name = "";
	opterr = 0;
	while ((opt = getopt_long(argc, argv, "+:" CLI_COMMON_SHORTOPTS, longopts, NULL)) != -1) {
		if (opt == '?' || opt == ':')
			return cli_bad_option(cli, opt, argv, longopts);
		if (opt == 'V') {
			printf("%s %s\n", PACKAGE_NAME, PACKAGE_VERSION);
			return 0;
		}
		if (opt == 'h') {
			print_help();
			return 0;
		}
		rc = cli_common_option(cli, opt, optarg, usage);
		if (rc < 0)
			return MLF_E_USAGE;
	}
	return -1;
}

/*
 * Everything mlfit prints on stdout ends here.  A closed pipe means the
 * reader has what it wanted (mlfit ... | head): that ends quietly.  Any
 * other failure (a full disk) is one message and status 3: the output is
 * incomplete, but nothing is wrong inside mlfit.
 */
static int
finish_stdout(int rc)
{
	int e;

	if (fflush(stdout) == 0 && !ferror(stdout))
		return rc;
	e = errno;
	if (e == EPIPE)
		return rc;
	fprintf(stderr, "mlfit: cannot write the output: %s\n", strerror(e));
	return MLF_E_DATA;
}

static void
release(struct cli *cli)
{
	catalog_free(cli->cat);
	free(cli->catalog_paths);
}

static int
run(int argc, char **argv)
{
	struct cli cli = { 0 };
	const struct cmd_entry *cmd;
	char *outbuf = NULL;
	size_t outlen = 0;
	int rc;

	/* Only the character type follows the user's locale: numbers are C. */
	setlocale(LC_CTYPE, "");
	log_set_sink(log_to_stderr, &cli);
	mlf_err_init(&cli.err);
	rc = global_options(&cli, argc, argv);
	if (rc >= 0) {
		if (rc != MLF_OK)
			cli_print_message(stderr, "mlfit: ", cli.err.msg);
		release(&cli);
		return rc;
	}
	if (optind >= argc) {
		fputs(usage, stderr);
		release(&cli);
		return MLF_E_USAGE;
	}
	cmd = find_command(argv[optind]);
	if (cmd == NULL) {
		rc = unknown_command(&cli, argv[optind]);
		cli_print_message(stderr, "mlfit: ", cli.err.msg);
		release(&cli);
		return rc;
	}
	cli.cmd_name = cmd->name;
	argc -= optind;
	argv += optind;
	optind = 0;	/* glibc: re-initialise getopt for the command */
	cli.out = open_memstream(&outbuf, &outlen);
	if (cli.out == NULL) {
		perror("mlfit: open_memstream");
		release(&cli);
		return MLF_E_INTERNAL;
	}
	rc = cmd->run(&cli, argc, argv);
	fclose(cli.out);
	if (rc == MLF_OK || rc == MLF_E_INFEASIBLE || cli.out_on_error)
		fwrite(outbuf, 1, outlen, stdout);	/* errors: finish_stdout() */
	if (rc != MLF_OK && cli.err.msg[0] != '\0')
		cli_print_message(stderr, "mlfit: ", cli.err.msg);
	free(outbuf);
	release(&cli);
	return rc;
}

int
main(int argc, char **argv)
{
	/* a closed pipe is an EPIPE write error that finish_stdout() handles */
	signal(SIGPIPE, SIG_IGN);
	return finish_stdout(run(argc, argv));
}
