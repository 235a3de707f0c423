/*
 * fuzz_workloads.c — a workloads (portfolio) file for 'mlfit plan'.
 */
#include "config.h"

#include "fuzz.h"
#include "plan.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *path = fuzz_write(data, size, ".xml");
	struct plan_spec *spec;
	struct mlf_err err;

	if (path == NULL)
		return 0;
	log_set_sink(NULL, NULL);
	spec = plan_load_xml(path, MLFIT_SRCDIR "/data/workloads.rng", &err);
	plan_spec_free(spec);
	return 0;
}
