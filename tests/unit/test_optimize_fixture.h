/*
 * test_optimize_fixture.h — what test_optimize.c and test_plan.c share: the
 * shipped catalog plus tests/fixtures/optimize/tiny.xml (a made-up cloud "tp"
 * and site "opt-site"), and profiles written by hand.
 */
#ifndef MLFIT_TEST_OPTIMIZE_FIXTURE_H
#define MLFIT_TEST_OPTIMIZE_FIXTURE_H

#include <dirent.h>
#include <string.h>

#include "catalog.h"
#include "helpers.h"
#include "model.h"

#define SCHEMA source_path("catalog/catalog.rng")

static struct catalog *cat;

static int
load_dir(const char *dir)
{
	char path[4096];
	struct dirent **names;
	struct mlf_err err;
	int n, i, rc = 0;

	snprintf(path, sizeof(path), "%s", source_path(dir));
	n = scandir(path, &names, NULL, alphasort);
	for (i = 0; i < n; i++) {
		size_t len = strlen(names[i]->d_name);

		if (rc == 0 && len > 4 && strcmp(names[i]->d_name + len - 4, ".xml") == 0) {
			char file[8192];

			snprintf(file, sizeof(file), "%s/%s", path, names[i]->d_name);
			if (catalog_load(cat, file, SCHEMA, &err) < 0) {
				print_error("%s\n", err.msg);
				rc = -1;
			}
		}
		free(names[i]);
	}
	free(names);
	return rc;
}

static int
setup(void **state)
{
	struct mlf_err err;

	(void)state;
	cat = catalog_new();
	if (load_dir("catalog") < 0 || load_dir("data") < 0 ||
	    catalog_load(cat, fixture_path("optimize/tiny.xml"), SCHEMA, &err) < 0 ||
	    catalog_finish(cat, &err) < 0) {
		print_error("%s\n", err.msg);
		return -1;
	}
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	catalog_free(cat);
	return 0;
}

/* A profile written by hand: given totals. */
static struct profile *
profile_of(double params, double macs, double act_elems)
{
	struct profile *p = calloc(1, sizeof(*p));

	arena_init(&p->arena);
	p->name = "hand";
	p->origin = "xml";
	p->params = params;
	p->macs = macs;
	p->act_elems = act_elems;
	p->act_peak = act_elems / 2;
	return p;
}

static void
profile_gone(struct profile *p)
{
	arena_release(&p->arena);
	free(p);
}

#endif
