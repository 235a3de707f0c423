/*
 * shipped_catalog.h — the catalog as a user has it (every file of catalog/
 * and data/ in the source tree) plus one test overlay, for unit tests of
 * the layers that need real devices and the estimation parameters.
 */
#ifndef MLFIT_TEST_SHIPPED_CATALOG_H
#define MLFIT_TEST_SHIPPED_CATALOG_H

#include <dirent.h>
#include <string.h>

#include "catalog.h"
#include "helpers.h"

#define SCHEMA source_path("catalog/catalog.rng")

static int
shipped_load_dir(struct catalog *c, const char *dir)
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
			if (catalog_load(c, file, SCHEMA, &err) < 0) {
				print_error("%s\n", err.msg);
				rc = -1;
			}
		}
		free(names[i]);
	}
	free(names);
	return rc;
}

/* The shipped catalog plus tests/fixtures/OVERLAY, finished; NULL on a problem. */
static struct catalog *
shipped_catalog(const char *overlay)
{
	struct catalog *c = catalog_new();
	struct mlf_err err;

	if (shipped_load_dir(c, "catalog") < 0 || shipped_load_dir(c, "data") < 0 ||
	    catalog_load(c, fixture_path(overlay), SCHEMA, &err) < 0 ||
	    catalog_finish(c, &err) < 0) {
		print_error("%s\n", err.msg);
		catalog_free(c);
		return NULL;
	}
	return c;
}

#endif
