/*
 * checked.h — integer arithmetic that reports overflow instead of wrapping,
 * and conversions from double that refuse what does not fit.
 *
 * Layer 0.  Shape inference (model XML and ONNX) and counts read from files
 * go through these: a file can hold any number, and signed overflow or an
 * out-of-range cast is undefined behaviour that a plain build turns into a
 * wrong shape with exit 0.  Each returns true when the result is exact
 * (the names follow C23's <stdckdint.h>, but the sense is inverted: true
 * means ok).
 */
#ifndef MLFIT_CHECKED_H
#define MLFIT_CHECKED_H

#include <math.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

static inline bool
ck_add(int64_t a, int64_t b, int64_t *r)
{
	return !__builtin_add_overflow(a, b, r);
}

static inline bool
ck_sub(int64_t a, int64_t b, int64_t *r)
{
	return !__builtin_sub_overflow(a, b, r);
}

static inline bool
ck_mul(int64_t a, int64_t b, int64_t *r)
{
	return !__builtin_mul_overflow(a, b, r);
}

/* a / b rounded up, for b > 0 and a >= 0. */
static inline bool
ck_div_ceil(int64_t a, int64_t b, int64_t *r)
{
	if (b <= 0 || a < 0)
		return false;
	*r = a / b + (a % b != 0);
	return true;
}

/*
 * v as an int64_t if it is a whole number that fits (NaN, infinities,
 * fractions and 1e300 do not).  2^63 itself is out: (double)INT64_MAX
 * rounds up to it.
 */
static inline bool
ck_from_double(double v, int64_t *r)
{
	if (!(v >= -9223372036854775808.0 && v < 9223372036854775808.0) || v != floor(v))
		return false;
	*r = (int64_t)v;
	return true;
}

/* Parses a whole decimal number of exactly len bytes ("-12", "300"); no blanks. */
static inline bool
ck_parse_i64(const char *s, size_t len, int64_t *r)
{
	size_t i = 0;
	bool neg = false;
	int64_t v = 0;

	if (len > 0 && (s[0] == '-' || s[0] == '+')) {
		neg = s[0] == '-';
		i = 1;
	}
	if (i == len)
		return false;
	for (; i < len; i++) {
		int d = s[i] - '0';

		if (d < 0 || d > 9 || !ck_mul(v, 10, &v) || !(neg ? ck_sub(v, d, &v) : ck_add(v, d, &v)))
			return false;
	}
	*r = v;
	return true;
}

#endif
