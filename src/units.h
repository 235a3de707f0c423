/*
 * units.h — quantities with units, parsed at the edges and held in SI.
 *
 * Layer 1.  Inside mlfit every quantity is a double in a base unit:
 *   time s, power W, energy J, data B, work FLOP, rates per s, money USD,
 *   CO2e g, intensity g/J, energy price USD/J, length m, frequency Hz.
 * Text like "700 W", "3.35 TB/s", "989 TFLOP/s", "412 g/kWh", "32.77 USD/h",
 * "48h" or "30 d" is parsed here and nowhere else; output is formatted here.
 *
 * Numbers parse the same in every locale: the grammar is
 * [-]digits[.digits][(e|E)[+-]digits] with nothing else (no thousands
 * separators, no "inf", no "nan", no hex); results must be finite.
 * Decimal prefixes are decimal (1 GB = 1e9 B); GiB/MiB/KiB/TiB are binary;
 * "b" is a bit and "B" a byte ("400 Gb/s" = 50e9 B/s).
 */
#ifndef MLFIT_UNITS_H
#define MLFIT_UNITS_H

#include <stdbool.h>
#include <stddef.h>

#include "err.h"

enum unit_dim {
	DIM_NONE,		/* a ratio or count: "0.4", "40 %", "8" */
	DIM_TIME,		/* s */
	DIM_POWER,		/* W */
	DIM_ENERGY,		/* J */
	DIM_BYTES,		/* B */
	DIM_BYTE_RATE,		/* B/s */
	DIM_FLOPS,		/* FLOP (or integer OP) */
	DIM_FLOP_RATE,		/* FLOP/s */
	DIM_MASS,		/* g CO2e */
	DIM_INTENSITY,		/* g CO2e per J */
	DIM_MONEY,		/* USD */
	DIM_MONEY_RATE,		/* USD/s */
	DIM_ENERGY_PRICE,	/* USD/J */
	DIM_LENGTH,		/* m */
	DIM_ENERGY_PER_BYTE,	/* J/B */
	DIM_POWER_PER_BYTE,	/* W/B */
	DIM_FREQUENCY,		/* Hz */
	DIM_RATE,		/* 1/s: requests or samples per second */
	DIM_COUNT_
};

/* "power", "energy", … for messages. */
const char *units_dim_name(enum unit_dim dim);
/* An example of the dimension's text, e.g. "700 W", for messages. */
const char *units_dim_example(enum unit_dim dim);
/* The article for units_dim_name(): "an" for "an amount of work", else "a". */
const char *units_dim_article(enum unit_dim dim);
/*
 * The unit units_format() would print si in ("min", "kWh"; "" for plain
 * numbers and money), so that a range can be printed in its value's unit.
 */
const char *units_pick(double si, enum unit_dim dim);

/* The unit mlfit shows a dimension in when it has no better idea ("W", "g/kWh"). */
const char *units_dim_display_unit(enum unit_dim dim);

/*
 * Parses a plain number (the grammar above, surrounding blanks allowed).
 * Returns 0, or -1 with err (MLF_E_DATA) saying what is wrong with `text`.
 */
int units_parse_number(const char *text, double *out, struct mlf_err *err);

/*
 * Parses "NUMBER [UNIT]" of dimension `dim` into SI.  A missing unit is
 * accepted only when `default_unit` is non-NULL (then it is used, e.g.
 * "USD" for --max-cost 500) or when dim is DIM_NONE.  Errors (MLF_E_DATA)
 * name the text and the expected dimension: "expected a power such as
 * '700 W', got '700 kg'".
 */
int units_parse(const char *text, enum unit_dim dim, const char *default_unit,
		double *out, struct mlf_err *err);

/*
 * Parses "NUMBER [UNIT]" whatever its dimension, which is returned in *dim
 * (a bare number is DIM_NONE).  For data whose meaning sets the dimension
 * later, such as catalog parameters.
 */
int units_parse_any(const char *text, double *out, enum unit_dim *dim, struct mlf_err *err);

/*
 * Looks up a unit symbol; returns true and its SI factor if `unit` is a
 * unit of dimension `dim`.
 */
bool units_factor(const char *unit, enum unit_dim dim, double *factor);

/*
 * Formats an SI value for people, picking a readable unit: "3.21 h",
 * "12.4 kWh", "989 TFLOP/s", "1.2 t", "1,234.50 USD".  Four significant
 * digits (money: cents).  Returns buf.
 */
char *units_format(double si, enum unit_dim dim, char *buf, size_t size);

/*
 * Formats an SI value in a named unit with printf's %.*g, e.g.
 * units_format_in(7200, "h", 6, …) → "2".  The unit must exist.
 */
char *units_format_in(double si, enum unit_dim dim, const char *unit, int digits,
		      char *buf, size_t size);

/*
 * Writes v with %.*g in the C locale regardless of the process locale,
 * and never "nan"/"inf" (those become "0" after an assert in debug builds:
 * callers must not pass them).
 */
char *units_gfmt(double v, int digits, char *buf, size_t size);

/* Convenience constants, for converting at the edges. */
#define UNITS_HOUR 3600.0
#define UNITS_DAY 86400.0
#define UNITS_YEAR 31557600.0	/* Julian year, 365.25 d */
#define UNITS_KWH 3.6e6

#endif
