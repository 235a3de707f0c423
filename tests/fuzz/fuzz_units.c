/*
 * fuzz_units.c — the number grammar and every unit, parsed and formatted.
 *
 * Whatever parses must format without aborting, and must be finite.
 */
#include "config.h"

#include <math.h>

#include "fuzz.h"
#include "units.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_string(data, size), buf[512];
	struct mlf_err err;
	enum unit_dim dim;
	double v;
	int d;

	if (units_parse_number(text, &v, &err) == 0) {
		if (!isfinite(v))
			abort();
		units_gfmt(v, 6, buf, sizeof(buf));
	}
	for (d = 0; d < DIM_COUNT_; d++) {
		if (units_parse(text, (enum unit_dim)d, d == DIM_MONEY ? "USD" : NULL, &v, &err) < 0)
			continue;
		if (!isfinite(v))
			abort();
		units_format(v, (enum unit_dim)d, buf, sizeof(buf));
		units_format_in(v, (enum unit_dim)d, units_dim_display_unit((enum unit_dim)d), 4, buf,
				sizeof(buf));
	}
	if (units_parse_any(text, &v, &dim, &err) == 0) {
		if (!isfinite(v))
			abort();
		units_format(v, dim, buf, sizeof(buf));
	}
	free(text);
	return 0;
}
