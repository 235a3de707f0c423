/*
 * precision.c — see precision.h.
 */
#include "config.h"

#include "precision.h"

#include <string.h>

static const char *const names[PREC_COUNT] = {
	"fp64", "fp32", "tf32", "fp16", "bf16", "fp8", "int16", "int8", "int4"
};
static const double bytes[PREC_COUNT] = { 8, 4, 4, 2, 2, 1, 2, 1, 0.5 };

const char *
precision_name(enum precision p)
{
	return (unsigned)p < PREC_COUNT ? names[p] : "?";
}

int
precision_parse(const char *name)
{
	int i;

	for (i = 0; i < PREC_COUNT; i++)
		if (strcmp(names[i], name) == 0)
			return i;
	return -1;
}

double
precision_bytes(enum precision p)
{
	return (unsigned)p < PREC_COUNT ? bytes[p] : 4;
}

int
precision_is_integer(enum precision p)
{
	return p == PREC_INT16 || p == PREC_INT8 || p == PREC_INT4;
}
