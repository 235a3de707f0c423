/*
 * fuzz_onnx.c — an ONNX file: the wire-format scan, protobuf-c's unpacking
 * of the graph, and shape inference over every operator mlfit knows.
 */
#include "config.h"

#include "fuzz.h"
#include "model.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *path = fuzz_write(data, size, ".onnx");
	struct profile *p;
	struct mlf_err err;

	if (path == NULL)
		return 0;
	log_set_sink(NULL, NULL);
	p = profile_load_onnx(path, 1, 0, &err);
	profile_free(p);
	return 0;
}
