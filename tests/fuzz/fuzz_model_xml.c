/*
 * fuzz_model_xml.c — a model XML file: blocks, repeats, shape inference.
 */
#include "config.h"

#include "fuzz.h"
#include "model.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *path = fuzz_write(data, size, ".xml");
	struct profile *p;
	struct mlf_err err;

	if (path == NULL)
		return 0;
	log_set_sink(NULL, NULL);
	p = profile_load_xml(path, MLFIT_SRCDIR "/data/models/model.rng", 0, &err);
	profile_free(p);
	return 0;
}
