/*
 * units.c — the unit table, the number grammar, and formatting.
 *
 * A unit symbol is looked up whole first ("min", "GiB", "USD/kWh"); failing
 * that, its first character is tried as a decimal prefix on a prefixable
 * base ("TFLOP/s" = T + "FLOP/s", "kg/kWh" = k + "g/kWh", "pJ/B" = p + "J/B").
 * Symbols are case-sensitive because "Gb/s" and "GB/s" differ eightfold.
 */
#include "config.h"

#include "units.h"

#include <assert.h>
#include <float.h>
#include <locale.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct unit {
	const char *sym;
	enum unit_dim dim;
	double factor;		/* SI per unit */
	bool prefixable;
};

#define LB_G 453.59237
static const struct unit units[] = {
	{ "", DIM_NONE, 1, false },
	{ "%", DIM_NONE, 0.01, false },
	{ "s", DIM_TIME, 1, true },
	{ "sec", DIM_TIME, 1, false },
	{ "min", DIM_TIME, 60, false },
	{ "h", DIM_TIME, UNITS_HOUR, false },
	{ "d", DIM_TIME, UNITS_DAY, false },
	{ "w", DIM_TIME, 7 * UNITS_DAY, false },
	{ "mo", DIM_TIME, UNITS_YEAR / 12, false },
	{ "y", DIM_TIME, UNITS_YEAR, false },
	{ "W", DIM_POWER, 1, true },
	{ "J", DIM_ENERGY, 1, true },
	{ "Wh", DIM_ENERGY, 3600, true },
	{ "B", DIM_BYTES, 1, true },
	{ "KiB", DIM_BYTES, 1024.0, false },
	{ "MiB", DIM_BYTES, 1048576.0, false },
	{ "GiB", DIM_BYTES, 1073741824.0, false },
	{ "TiB", DIM_BYTES, 1099511627776.0, false },
	{ "B/s", DIM_BYTE_RATE, 1, true },
	{ "b/s", DIM_BYTE_RATE, 0.125, true },
	{ "bit/s", DIM_BYTE_RATE, 0.125, true },
	{ "GiB/s", DIM_BYTE_RATE, 1073741824.0, false },
	{ "FLOP", DIM_FLOPS, 1, true },
	{ "OP", DIM_FLOPS, 1, true },
	{ "MAC", DIM_FLOPS, 2, true },	/* 1 MAC = 2 FLOPs */
	{ "FLOP/s", DIM_FLOP_RATE, 1, true },
	{ "FLOPS", DIM_FLOP_RATE, 1, true },
	{ "OP/s", DIM_FLOP_RATE, 1, true },
	{ "OPS", DIM_FLOP_RATE, 1, true },
	{ "g", DIM_MASS, 1, true },
	{ "gCO2e", DIM_MASS, 1, true },
	{ "t", DIM_MASS, 1e6, false },
	{ "tCO2e", DIM_MASS, 1e6, false },
	{ "lb", DIM_MASS, LB_G, false },
	{ "lbs", DIM_MASS, LB_G, false },
	{ "g/kWh", DIM_INTENSITY, 1 / UNITS_KWH, true },
	{ "gCO2e/kWh", DIM_INTENSITY, 1 / UNITS_KWH, true },
	{ "t/MWh", DIM_INTENSITY, 1e6 / (1000 * UNITS_KWH), false },
	{ "lb/MWh", DIM_INTENSITY, LB_G / (1000 * UNITS_KWH), false },
	{ "lb/kWh", DIM_INTENSITY, LB_G / UNITS_KWH, false },
	{ "USD", DIM_MONEY, 1, false },
	{ "kUSD", DIM_MONEY, 1e3, false },
	{ "MUSD", DIM_MONEY, 1e6, false },
	{ "USD/s", DIM_MONEY_RATE, 1, false },
	{ "USD/h", DIM_MONEY_RATE, 1 / UNITS_HOUR, false },
	{ "USD/kWh", DIM_ENERGY_PRICE, 1 / UNITS_KWH, false },
	{ "USD/MWh", DIM_ENERGY_PRICE, 1 / (1000 * UNITS_KWH), false },
	{ "m", DIM_LENGTH, 1, true },
	{ "J/B", DIM_ENERGY_PER_BYTE, 1, true },
	{ "J/bit", DIM_ENERGY_PER_BYTE, 8, true },
	{ "W/GB", DIM_POWER_PER_BYTE, 1e-9, true },
	{ "W/GiB", DIM_POWER_PER_BYTE, 1 / 1073741824.0, true },
	{ "Hz", DIM_FREQUENCY, 1, true },
	{ "/s", DIM_RATE, 1, false },
	{ "/h", DIM_RATE, 1 / UNITS_HOUR, false },
	{ "/d", DIM_RATE, 1 / UNITS_DAY, false },
};

struct prefix {
	char sym;
	double factor;
};

static const struct prefix prefixes[] = {
	{ 'f', 1e-15 }, { 'p', 1e-12 }, { 'n', 1e-9 }, { 'u', 1e-6 },
	{ 'm', 1e-3 }, { 'k', 1e3 }, { 'M', 1e6 }, { 'G', 1e9 },
	{ 'T', 1e12 }, { 'P', 1e15 }, { 'E', 1e18 }, { 'Z', 1e21 },
	{ 'Y', 1e24 },
};

static const struct {
	const char *name;
	const char *example;
	const char *display;
} dims[DIM_COUNT_] = {
	[DIM_NONE] = { "plain number", "0.4", "" },
	[DIM_TIME] = { "time", "48 h", "h" },
	[DIM_POWER] = { "power", "700 W", "W" },
	[DIM_ENERGY] = { "energy", "1.2 kWh", "kWh" },
	[DIM_BYTES] = { "size", "80 GB", "GB" },
	[DIM_BYTE_RATE] = { "bandwidth", "3.35 TB/s", "GB/s" },
	[DIM_FLOPS] = { "amount of work", "3.15e23 FLOP", "FLOP" },
	[DIM_FLOP_RATE] = { "throughput", "989 TFLOP/s", "TFLOP/s" },
	[DIM_MASS] = { "mass of CO2e", "14.6 kg", "kg" },
	[DIM_INTENSITY] = { "carbon intensity", "412 g/kWh", "g/kWh" },
	[DIM_MONEY] = { "amount of money", "15000 USD", "USD" },
	[DIM_MONEY_RATE] = { "hourly price", "32.77 USD/h", "USD/h" },
	[DIM_ENERGY_PRICE] = { "electricity price", "0.21 USD/kWh", "USD/kWh" },
	[DIM_LENGTH] = { "length", "7 nm", "nm" },
	[DIM_ENERGY_PER_BYTE] = { "energy per byte", "31 pJ/B", "pJ/B" },
	[DIM_POWER_PER_BYTE] = { "power per byte", "0.375 W/GB", "W/GB" },
	[DIM_FREQUENCY] = { "frequency", "2.0 GHz", "GHz" },
	[DIM_RATE] = { "rate", "100 /s", "/s" },
};

const char *
units_dim_display_unit(enum unit_dim dim)
{
	return dim < DIM_COUNT_ ? dims[dim].display : "";
}

const char *
units_dim_name(enum unit_dim dim)
{
	return dim < DIM_COUNT_ ? dims[dim].name : "?";
}

const char *
units_dim_article(enum unit_dim dim)
{
	return strchr("aeiou", units_dim_name(dim)[0]) != NULL ? "an" : "a";
}

const char *
units_dim_example(enum unit_dim dim)
{
	return dim < DIM_COUNT_ ? dims[dim].example : "?";
}

static locale_t
c_locale(void)
{
	static locale_t loc;

	if (loc == (locale_t)0)
		loc = newlocale(LC_ALL_MASK, "C", (locale_t)0);
	return loc;
}

/* Length of the number at s per the grammar in units.h, or 0. */
static size_t
scan_number(const char *s)
{
	const char *p = s;
	size_t digits = 0;

	if (*p == '-')
		p++;
	while (*p >= '0' && *p <= '9') {
		p++;
		digits++;
	}
	if (*p == '.') {
		p++;
		while (*p >= '0' && *p <= '9') {
			p++;
			digits++;
		}
	}
	if (digits == 0)
		return 0;
	if (*p == 'e' || *p == 'E') {
		const char *q = p + 1;

		if (*q == '+' || *q == '-')
			q++;
		if (*q >= '0' && *q <= '9') {
			while (*q >= '0' && *q <= '9')
				q++;
			p = q;
		}
	}
	return (size_t)(p - s);
}

/*
 * Clinger's fast path: a decimal of at most 15 significant digits with a
 * power of ten up to 10^22 is one exact integer times or divided by one
 * exact power, so a single IEEE operation gives the correctly rounded
 * double, the very one strtod() returns.  Loading the catalog converts
 * thousands of such figures; strtod() handles all the rest.  False if s
 * (a number per scan_number()) is not such a decimal.
 */
static bool
fast_decimal(const char *s, size_t len, double *out)
{
	static const double pow10[] = { 1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9,
					1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17,
					1e18, 1e19, 1e20, 1e21, 1e22 };
	const char *p = s, *end = s + len;
	uint64_t m = 0;
	int digits = 0, exp10 = 0, e = 0;
	bool neg = false, eneg = false, seen_nonzero = false;
	double v;

#if !defined(FLT_EVAL_METHOD) || FLT_EVAL_METHOD != 0
	return false;	/* x87 extended precision would round twice */
#endif
	if (p < end && *p == '-') {
		neg = true;
		p++;
	}
	for (; p < end && *p >= '0' && *p <= '9'; p++) {
		seen_nonzero |= *p != '0';
		if (seen_nonzero && ++digits > 15)
			return false;
		m = m * 10 + (uint64_t)(*p - '0');
	}
	if (p < end && *p == '.')
		for (p++; p < end && *p >= '0' && *p <= '9'; p++) {
			seen_nonzero |= *p != '0';
			if (seen_nonzero && ++digits > 15)
				return false;
			m = m * 10 + (uint64_t)(*p - '0');
			exp10--;
		}
	if (p < end) {	/* 'e' or 'E' */
		p++;
		if (p < end && (*p == '+' || *p == '-'))
			eneg = *p++ == '-';
		for (; p < end; p++) {
			e = e * 10 + (*p - '0');
			if (e > 400)
				return false;
		}
		exp10 += eneg ? -e : e;
	}
	if (exp10 < -22 || exp10 > 22)
		return false;
	v = (double)m;	/* exact: m < 10^15 < 2^53 */
	v = exp10 < 0 ? v / pow10[-exp10] : v * pow10[exp10];
	*out = neg ? -v : v;
	return true;
}

static int
convert(const char *s, size_t len, double *out, const char *text, struct mlf_err *err)
{
	char buf[64];
	double v;

	if (len < sizeof(buf) && fast_decimal(s, len, out))
		return 0;
	if (len >= sizeof(buf))
		return mlf_err_set(err, MLF_E_DATA, "number too long in '%s'", text);
	memcpy(buf, s, len);
	buf[len] = '\0';
	v = strtod_l(buf, NULL, c_locale());
	if (!isfinite(v))
		return mlf_err_set(err, MLF_E_DATA, "number out of range in '%s'", text);
	*out = v;
	return 0;
}

static const char *
skip_blanks(const char *s)
{
	while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
		s++;
	return s;
}

/* Copies s without trailing blanks into buf; returns false if too long. */
static bool
trim_copy(const char *s, char *buf, size_t size)
{
	size_t len = strlen(s);

	while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t' ||
			   s[len - 1] == '\n' || s[len - 1] == '\r'))
		len--;
	if (len >= size)
		return false;
	memcpy(buf, s, len);
	buf[len] = '\0';
	return true;
}

int
units_parse_number(const char *text, double *out, struct mlf_err *err)
{
	const char *s = skip_blanks(text);
	size_t n = scan_number(s);

	if (n == 0 || *skip_blanks(s + n) != '\0')
		return mlf_err_set(err, MLF_E_DATA, "'%s' is not a number", text);
	return convert(s, n, out, text, err);
}

bool
units_factor(const char *unit, enum unit_dim dim, double *factor)
{
	size_t i, j;

	for (i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
		if (units[i].dim == dim && units[i].sym[0] == unit[0] &&
		    strcmp(units[i].sym, unit) == 0) {
			*factor = units[i].factor;
			return true;
		}
	}
	if (unit[0] == '\0')
		return false;
	for (j = 0; j < sizeof(prefixes) / sizeof(prefixes[0]); j++) {
		if (prefixes[j].sym != unit[0])
			continue;
		for (i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
			if (units[i].dim == dim && units[i].prefixable &&
			    units[i].sym[0] == unit[1] && strcmp(units[i].sym, unit + 1) == 0) {
				*factor = prefixes[j].factor * units[i].factor;
				return true;
			}
		}
	}
	return false;
}

int
units_parse(const char *text, enum unit_dim dim, const char *default_unit,
	    double *out, struct mlf_err *err)
{
	const char *s = skip_blanks(text);
	size_t n = scan_number(s);
	char unit[32];
	double v, factor;

	if (n == 0)
		return mlf_err_set(err, MLF_E_DATA, "expected %s %s such as '%s', got '%s'",
				   units_dim_article(dim), units_dim_name(dim), units_dim_example(dim),
				   text);
	if (!trim_copy(skip_blanks(s + n), unit, sizeof(unit)))
		return mlf_err_set(err, MLF_E_DATA, "unknown unit in '%s'", text);
	if (unit[0] == '\0' && default_unit != NULL && dim != DIM_NONE)
		snprintf(unit, sizeof(unit), "%s", default_unit);
	if (unit[0] == '\0' && dim != DIM_NONE)
		return mlf_err_set(err, MLF_E_DATA, "'%s' needs a unit, as in '%s'",
				   text, units_dim_example(dim));
	if (!units_factor(unit, dim, &factor))
		return mlf_err_set(err, MLF_E_DATA, "expected %s %s such as '%s', got '%s'",
				   units_dim_article(dim), units_dim_name(dim), units_dim_example(dim),
				   text);
	if (convert(s, n, &v, text, err) < 0)
		return -1;
	v *= factor;
	if (!isfinite(v))
		return mlf_err_set(err, MLF_E_DATA, "number out of range in '%s'", text);
	*out = v;
	return 0;
}

int
units_parse_any(const char *text, double *out, enum unit_dim *dim, struct mlf_err *err)
{
	const char *s = skip_blanks(text);
	size_t n = scan_number(s), d;
	char unit[32];
	double factor;

	if (n == 0)
		return mlf_err_set(err, MLF_E_DATA, "'%s' is not a number with a unit", text);
	if (!trim_copy(skip_blanks(s + n), unit, sizeof(unit)))
		return mlf_err_set(err, MLF_E_DATA, "unknown unit in '%s'", text);
	for (d = 0; d < DIM_COUNT_; d++) {
		if (units_factor(unit, (enum unit_dim)d, &factor)) {
			if (convert(s, n, out, text, err) < 0)
				return -1;
			*out *= factor;
			if (!isfinite(*out))
				return mlf_err_set(err, MLF_E_DATA, "number out of range in '%s'", text);
			*dim = (enum unit_dim)d;
			return 0;
		}
	}
	return mlf_err_set(err, MLF_E_DATA, "unknown unit '%s' in '%s'", unit, text);
}

char *
units_gfmt(double v, int digits, char *buf, size_t size)
{
	locale_t old;

	/*
	 * NaN is a bug upstream (assert catches it in tests); infinity is what
	 * a huge but valid value becomes in a smaller display unit, and is
	 * shown as the largest double, never as "inf".
	 */
	assert(!isnan(v));
	if (isnan(v))
		v = 0;
	else if (isinf(v))
		v = v > 0 ? DBL_MAX : -DBL_MAX;
	if (v == 0)
		v = 0;	/* no "-0" */
	old = uselocale(c_locale());
	snprintf(buf, size, "%.*g", digits, v);
	uselocale(old);
	return buf;
}

char *
units_format_in(double si, enum unit_dim dim, const char *unit, int digits,
		char *buf, size_t size)
{
	double factor = 1;
	bool ok = units_factor(unit, dim, &factor);

	assert(ok);
	(void)ok;
	return units_gfmt(si / factor, digits, buf, size);
}

struct scale {
	double limit;		/* use this unit while |v| < limit */
	const char *sym;
};

/* Scales per dimension, smallest first; the last one has no limit. */
static const struct scale time_scale[] = {
	{ 1e-3, "us" }, { 1, "ms" }, { 120, "s" }, { 2 * UNITS_HOUR, "min" },
	{ 2 * UNITS_DAY, "h" }, { 2 * UNITS_YEAR, "d" }, { 0, "y" },
};
static const struct scale energy_scale[] = {
	{ 1e-6, "pJ" }, { 1e-3, "uJ" }, { 1, "mJ" }, { 3600, "J" },
	{ 3.6e6, "Wh" }, { 3.6e9, "kWh" }, { 3.6e12, "MWh" }, { 0, "GWh" },
};
static const struct scale power_scale[] = {
	{ 1, "mW" }, { 1e3, "W" }, { 1e6, "kW" }, { 0, "MW" },
};
static const struct scale bytes_scale[] = {
	{ 1e3, "B" }, { 1e6, "kB" }, { 1e9, "MB" }, { 1e12, "GB" },
	{ 1e15, "TB" }, { 0, "PB" },
};
static const struct scale byte_rate_scale[] = {
	{ 1e6, "kB/s" }, { 1e9, "MB/s" }, { 1e12, "GB/s" }, { 0, "TB/s" },
};
static const struct scale flops_scale[] = {
	{ 1e6, "kFLOP" }, { 1e9, "MFLOP" }, { 1e12, "GFLOP" }, { 1e15, "TFLOP" },
	{ 1e18, "PFLOP" }, { 1e21, "EFLOP" }, { 0, "FLOP" },	/* "3.15e+23 FLOP", as papers write */
};
static const struct scale flop_rate_scale[] = {
	{ 1e9, "MFLOP/s" }, { 1e12, "GFLOP/s" }, { 1e15, "TFLOP/s" }, { 0, "PFLOP/s" },
};
static const struct scale mass_scale[] = {
	{ 1e3, "g" }, { 1e6, "kg" }, { 0, "t" },
};
static const struct scale intensity_scale[] = { { 0, "g/kWh" } };
static const struct scale money_rate_scale[] = { { 0, "USD/h" } };
static const struct scale energy_price_scale[] = { { 0, "USD/kWh" } };
static const struct scale length_scale[] = { { 1e-6, "nm" }, { 0, "m" } };
static const struct scale epb_scale[] = { { 0, "pJ/B" } };
static const struct scale ppb_scale[] = { { 0, "W/GB" } };
static const struct scale freq_scale[] = { { 1e9, "MHz" }, { 0, "GHz" } };
static const struct scale rate_scale[] = { { 0, "/s" } };

static const struct scale *
scale_for(enum unit_dim dim)
{
	switch (dim) {
	case DIM_TIME: return time_scale;
	case DIM_ENERGY: return energy_scale;
	case DIM_POWER: return power_scale;
	case DIM_BYTES: return bytes_scale;
	case DIM_BYTE_RATE: return byte_rate_scale;
	case DIM_FLOPS: return flops_scale;
	case DIM_FLOP_RATE: return flop_rate_scale;
	case DIM_MASS: return mass_scale;
	case DIM_INTENSITY: return intensity_scale;
	case DIM_MONEY_RATE: return money_rate_scale;
	case DIM_ENERGY_PRICE: return energy_price_scale;
	case DIM_LENGTH: return length_scale;
	case DIM_ENERGY_PER_BYTE: return epb_scale;
	case DIM_POWER_PER_BYTE: return ppb_scale;
	case DIM_FREQUENCY: return freq_scale;
	case DIM_RATE: return rate_scale;
	case DIM_NONE: case DIM_MONEY: case DIM_COUNT_: break;
	}
	return NULL;
}

/* Money with cents and thousands separators: "1,234.50 USD". */
#define MONEY_GROUPED_MAX 1e15	/* beyond this, cents and commas help nobody */

static char *
format_money(double v, char *buf, size_t size)
{
	char digits[64], *p;
	size_t len, i, out = 0, lead;
	locale_t old;

	if (!(fabs(v) < MONEY_GROUPED_MAX)) {
		units_gfmt(v, 4, digits, sizeof(digits));
		snprintf(buf, size, "%s USD", digits);
		return buf;
	}
	old = uselocale(c_locale());

	snprintf(digits, sizeof(digits), "%.2f", fabs(v) < 0.005 ? 0.0 : v);
	uselocale(old);
	p = digits;
	if (*p == '-' && out + 1 < size)
		buf[out++] = *p++;
	len = strcspn(p, ".");
	lead = len % 3 ? len % 3 : 3;
	for (i = 0; i < len && out + 2 < size; i++) {
		if (i >= lead && (i - lead) % 3 == 0)
			buf[out++] = ',';
		buf[out++] = p[i];
	}
	snprintf(buf + out, size - out, "%s USD", p + len);
	return buf;
}

static const struct scale *
pick_scale(double si, enum unit_dim dim)
{
	const struct scale *sc = scale_for(dim);
	double mag = fabs(si);

	if (sc == NULL)
		return NULL;
	while (sc->limit != 0 && !(mag < sc->limit) && mag != 0)
		sc++;
	if (mag == 0) {
		/* zero reads best in the dimension's everyday unit */
		const struct scale *z = scale_for(dim);

		while (z->limit != 0 && z->limit <= 1)
			z++;
		sc = z;
	}
	return sc;
}

const char *
units_pick(double si, enum unit_dim dim)
{
	const struct scale *sc = dim == DIM_MONEY ? NULL : pick_scale(si, dim);

	return sc != NULL ? sc->sym : "";
}

char *
units_format(double si, enum unit_dim dim, char *buf, size_t size)
{
	const struct scale *sc = pick_scale(si, dim);
	char num[48];

	if (dim == DIM_MONEY)
		return format_money(si, buf, size);
	if (sc == NULL) {
		units_gfmt(si, 4, buf, size);
		return buf;
	}
	units_format_in(si, dim, sc->sym, 4, num, sizeof(num));
	snprintf(buf, size, "%s %s", num, sc->sym);
	return buf;
}
