/*
 * helpers.h — what the cmocka unit tests share.
 *
 * cmocka 1.1's assert_float_equal casts to float, which is useless for the
 * figures mlfit computes (1e23 FLOPs, 1e-12 J), so tests compare doubles
 * with a relative tolerance instead.
 */
#ifndef MLFIT_TEST_HELPERS_H
#define MLFIT_TEST_HELPERS_H

#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <cmocka.h>

/* Fails unless |a - b| <= rel × max(|a|, |b|) (or both are 0). */
#define assert_close(a, b, rel) assert_close_at((a), (b), (rel), #a, __FILE__, __LINE__)

static inline void
assert_close_at(double a, double b, double rel, const char *expr, const char *file, int line)
{
	double scale = fmax(fabs(a), fabs(b));

	if (!isfinite(a) || !isfinite(b) || fabs(a - b) > rel * scale) {
		print_error("%s = %.10g, expected %.10g (relative tolerance %g)\n", expr, a, b, rel);
		_fail(file, line);
	}
}

/* Path of a file under tests/fixtures (srcdir-relative, for VPATH builds). */
static inline const char *
fixture_path(const char *name)
{
	static char buf[4096];
	const char *srcdir = getenv("srcdir");

	snprintf(buf, sizeof(buf), "%s/tests/fixtures/%s", srcdir ? srcdir : ".", name);
	return buf;
}

/* Path of a shipped file (catalog/…, data/…) under the source tree. */
static inline const char *
source_path(const char *name)
{
	static char buf[4096];
	const char *srcdir = getenv("srcdir");

	snprintf(buf, sizeof(buf), "%s/%s", srcdir ? srcdir : ".", name);
	return buf;
}

#endif
