/*
 * fuzz.h — what the libFuzzer targets share.
 *
 * mlfit's loaders read files (the XML ones cap and check the raw bytes
 * before libxml2 sees them; the ONNX one maps the file), so each input is
 * written to one scratch file per process and loaded from there, exactly
 * as a user's file would be.  The targets are built by `make fuzz` with
 * clang -fsanitize=fuzzer,address,undefined (mk/fuzz.am).
 */
#ifndef MLFIT_FUZZ_H
#define MLFIT_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "log.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The scratch file's path, made once per process in $TMPDIR. */
static const char *
fuzz_path(const char *suffix)
{
	static char path[512];

	if (path[0] == '\0') {
		const char *dir = getenv("TMPDIR");

		snprintf(path, sizeof(path), "%s/mlfit-fuzz-%ld%s", dir ? dir : "/tmp", (long)getpid(),
			 suffix);
	}
	return path;
}

/* Writes the input to the scratch file; returns its path, or NULL. */
static const char *
fuzz_write(const uint8_t *data, size_t size, const char *suffix)
{
	const char *path = fuzz_path(suffix);
	FILE *f = fopen(path, "wb");

	if (f == NULL)
		return NULL;
	if (size > 0 && fwrite(data, 1, size, f) != size) {
		fclose(f);
		return NULL;
	}
	if (fclose(f) != 0)
		return NULL;
	return path;
}

/* A NUL-terminated copy of the input (the caller frees it). */
static char *
fuzz_string(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);

	if (s == NULL)
		abort();
	memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

#endif
