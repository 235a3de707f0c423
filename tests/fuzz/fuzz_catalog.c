/*
 * fuzz_catalog.c — a catalog overlay: the schema, the loader's checks, the
 * merge and catalog_finish()'s reference checks.  The shipped sources are
 * loaded first, so that an overlay's references can resolve.
 */
#include "config.h"

#include "catalog.h"
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *schema = MLFIT_SRCDIR "/catalog/catalog.rng";
	const char *path = fuzz_write(data, size, ".xml");
	struct catalog *cat;
	struct mlf_err err;

	if (path == NULL)
		return 0;
	log_set_sink(NULL, NULL);
	cat = catalog_new();
	if (catalog_load(cat, MLFIT_SRCDIR "/catalog/sources.xml", schema, &err) == 0 &&
	    catalog_load(cat, path, schema, &err) == 0)
		catalog_finish(cat, &err);
	catalog_free(cat);
	return 0;
}
