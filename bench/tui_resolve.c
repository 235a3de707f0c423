/*
 * tui_resolve.c — drives the TUI's state module without curses through a
 * fixed series of constraint edits on the shipped catalog's ResNet-50
 * training comparison, timing each re-solve (tui_state_solve: the solver,
 * the binding checks, the rows); run by bench/tui.sh.
 *
 * Prints one line: first_ms resolve_median_ms resolve_min_ms resolve_max_ms
 * resolves first_estimates new_estimates_total
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "optimize.h"
#include "tui_state.h"
#include "workload_opts.h"

static const struct {
	enum tui_field f;
	const char *v;
} edits[] = {
	{ TUI_F_OBJECTIVE, "cost" }, { TUI_F_MAX_COST, "20" }, { TUI_F_DEADLINE, "5min" },
	{ TUI_F_OBJECTIVE, "co2e" }, { TUI_F_MAX_COST, "" }, { TUI_F_MAX_DEVICES, "16" },
	{ TUI_F_DEADLINE, "" }, { TUI_F_OBJECTIVE, "time" }, { TUI_F_MAX_DEVICES, "" },
	{ TUI_F_OBJECTIVE, "energy" }, { TUI_F_KIND, "gpu" }, { TUI_F_KIND, "" },
	{ TUI_F_OBJECTIVE, "co2e" },
};

static int
by_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

int
main(int argc, char **argv)
{
	int rounds = argc > 1 ? atoi(argv[1]) : 10, i;
	size_t n = 0, k, nedits = sizeof(edits) / sizeof(edits[0]), first_est, new_est = 0;
	struct cli cli;
	struct workload_opts wo;
	struct workload w;
	struct tui_state s;
	struct mlf_err err;
	double *ms, t0, first_ms;

	memset(&cli, 0, sizeof(cli));
	cli.cmd_name = "tui";
	cli.verbosity = -1;
	if (cli_catalog(&cli) == NULL) {
		fprintf(stderr, "tui_resolve: %s\n", cli.err.msg);
		return 3;
	}
	workload_opts_init(&wo);
	wo.train = true;
	wo.model.epochs = 90;
	if (workload_opts_finish(&wo, &cli, "resnet50", true, &w) != 0) {
		fprintf(stderr, "tui_resolve: %s\n", cli.err.msg);
		return 3;
	}
	tui_state_init(&s, &cli, &w, "resnet50");
	t0 = optimize_now_s();
	if (tui_state_solve(&s, &err) < 0) {
		fprintf(stderr, "tui_resolve: %s\n", err.msg);
		return 4;
	}
	first_ms = (optimize_now_s() - t0) * 1e3;
	first_est = s.new_estimates;
	ms = calloc((size_t)rounds * nedits, sizeof(double));
	for (i = 0; i < rounds; i++) {
		for (k = 0; k < nedits; k++) {
			if (tui_state_set_field(&s, edits[k].f, edits[k].v, &err) < 0) {
				fprintf(stderr, "tui_resolve: %s\n", err.msg);
				return 2;
			}
			t0 = optimize_now_s();
			if (tui_state_solve(&s, &err) < 0) {
				fprintf(stderr, "tui_resolve: %s\n", err.msg);
				return 4;
			}
			ms[n++] = (optimize_now_s() - t0) * 1e3;
			new_est += s.new_estimates;
		}
	}
	qsort(ms, n, sizeof(double), by_double);
	printf("%.3f %.3f %.3f %.3f %zu %zu %zu\n", first_ms, ms[n / 2], ms[0], ms[n - 1], n,
	       first_est, new_est);
	free(ms);
	tui_state_release(&s);
	workload_opts_release(&wo);
	catalog_free(cli.cat);
	free(cli.catalog_paths);
	return 0;
}
