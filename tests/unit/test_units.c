/*
 * test_units.c — parsing and formatting of quantities.
 */
#include "config.h"

#include <locale.h>
#include <string.h>

#include "helpers.h"
#include "units.h"

static void
test_units_parse__empty_and_garbage(void **state)
{
	struct mlf_err err;
	double v;

	(void)state;
	assert_int_equal(units_parse("", DIM_POWER, NULL, &v, &err), -1);
	assert_int_equal(err.code, MLF_E_DATA);
	assert_int_equal(units_parse("W", DIM_POWER, NULL, &v, &err), -1);
	assert_int_equal(units_parse("nan W", DIM_POWER, NULL, &v, &err), -1);
	assert_int_equal(units_parse("inf W", DIM_POWER, NULL, &v, &err), -1);
	assert_int_equal(units_parse("0x10 W", DIM_POWER, NULL, &v, &err), -1);
	assert_int_equal(units_parse("1,5 W", DIM_POWER, NULL, &v, &err), -1);
	assert_int_equal(units_parse("1e999 W", DIM_POWER, NULL, &v, &err), -1);
	assert_non_null(strstr(err.msg, "out of range"));
}

static void
test_units_parse__wrong_dimension(void **state)
{
	struct mlf_err err;
	double v;

	(void)state;
	assert_int_equal(units_parse("700 kg", DIM_POWER, NULL, &v, &err), -1);
	assert_string_equal(err.msg, "expected a power such as '700 W', got '700 kg'");
	assert_int_equal(units_parse("700", DIM_POWER, NULL, &v, &err), -1);
	assert_non_null(strstr(err.msg, "needs a unit"));
}

static void
test_units_parse__si_values(void **state)
{
	double v;

	(void)state;
	assert_int_equal(units_parse("700 W", DIM_POWER, NULL, &v, NULL), 0);
	assert_close(v, 700, 1e-15);
	assert_int_equal(units_parse("3.35 TB/s", DIM_BYTE_RATE, NULL, &v, NULL), 0);
	assert_close(v, 3.35e12, 1e-15);
	assert_int_equal(units_parse("400 Gb/s", DIM_BYTE_RATE, NULL, &v, NULL), 0);
	assert_close(v, 50e9, 1e-15);
	assert_int_equal(units_parse("989 TFLOP/s", DIM_FLOP_RATE, NULL, &v, NULL), 0);
	assert_close(v, 989e12, 1e-15);
	assert_int_equal(units_parse("412 g/kWh", DIM_INTENSITY, NULL, &v, NULL), 0);
	assert_close(v, 412 / 3.6e6, 1e-15);
	assert_int_equal(units_parse("0.954 lb/kWh", DIM_INTENSITY, NULL, &v, NULL), 0);
	assert_close(v * 3.6e6, 432.7, 1e-3);	/* Strubell's 0.954 lbs/kWh */
	assert_int_equal(units_parse("32.77 USD/h", DIM_MONEY_RATE, NULL, &v, NULL), 0);
	assert_close(v * 3600, 32.77, 1e-15);
	assert_int_equal(units_parse("80 GiB", DIM_BYTES, NULL, &v, NULL), 0);
	assert_close(v, 80.0 * 1073741824.0, 1e-15);
	assert_int_equal(units_parse("48h", DIM_TIME, NULL, &v, NULL), 0);
	assert_close(v, 48 * 3600, 1e-15);
	assert_int_equal(units_parse("50 ms", DIM_TIME, NULL, &v, NULL), 0);
	assert_close(v, 0.05, 1e-15);
	assert_int_equal(units_parse("3 min", DIM_TIME, NULL, &v, NULL), 0);
	assert_close(v, 180, 1e-15);
	assert_int_equal(units_parse("1.2e3 kWh", DIM_ENERGY, NULL, &v, NULL), 0);
	assert_close(v, 1.2e3 * 3.6e6, 1e-15);
	assert_int_equal(units_parse("7 nm", DIM_LENGTH, NULL, &v, NULL), 0);
	assert_close(v, 7e-9, 1e-15);
	assert_int_equal(units_parse("62 %", DIM_NONE, NULL, &v, NULL), 0);
	assert_close(v, 0.62, 1e-15);
	assert_int_equal(units_parse("31 pJ/B", DIM_ENERGY_PER_BYTE, NULL, &v, NULL), 0);
	assert_close(v, 31e-12, 1e-15);
	assert_int_equal(units_parse("500", DIM_MONEY, "USD", &v, NULL), 0);
	assert_close(v, 500, 1e-15);
}

/* Gb/s and GB/s differ eightfold: symbols are case-sensitive. */
static void
test_units_parse__case_matters(void **state)
{
	double bits, bytes;

	(void)state;
	assert_int_equal(units_parse("1 Gb/s", DIM_BYTE_RATE, NULL, &bits, NULL), 0);
	assert_int_equal(units_parse("1 GB/s", DIM_BYTE_RATE, NULL, &bytes, NULL), 0);
	assert_close(bytes / bits, 8, 1e-15);
}

static void
test_units_parse_any__finds_dimension(void **state)
{
	enum unit_dim dim;
	double v;

	(void)state;
	assert_int_equal(units_parse_any("475 g/kWh", &v, &dim, NULL), 0);
	assert_int_equal(dim, DIM_INTENSITY);
	assert_int_equal(units_parse_any("0.4", &v, &dim, NULL), 0);
	assert_int_equal(dim, DIM_NONE);
	assert_int_equal(units_parse_any("16 B", &v, &dim, NULL), 0);
	assert_int_equal(dim, DIM_BYTES);
	assert_int_equal(units_parse_any("5 y", &v, &dim, NULL), 0);
	assert_int_equal(dim, DIM_TIME);
	assert_int_equal(units_parse_any("5 furlongs", &v, &dim, NULL), -1);
}

/* A comma-decimal locale must not change what "1.5" means. */
static void
test_units_parse__locale_independent(void **state)
{
	char buf[32];
	double v;

	(void)state;
	if (setlocale(LC_ALL, "de_DE.UTF-8") == NULL && setlocale(LC_ALL, "fr_FR.UTF-8") == NULL)
		skip();
	assert_int_equal(units_parse("1.5 kW", DIM_POWER, NULL, &v, NULL), 0);
	assert_close(v, 1500, 1e-15);
	assert_string_equal(units_gfmt(1.5, 6, buf, sizeof(buf)), "1.5");
	setlocale(LC_ALL, "C");
}

static void
test_units_format__readable(void **state)
{
	char buf[64];

	(void)state;
	assert_string_equal(units_format(7200, DIM_TIME, buf, sizeof(buf)), "2 h");
	assert_string_equal(units_format(30, DIM_TIME, buf, sizeof(buf)), "30 s");
	assert_string_equal(units_format(3 * 86400, DIM_TIME, buf, sizeof(buf)), "3 d");
	assert_string_equal(units_format(12.4 * 3.6e6, DIM_ENERGY, buf, sizeof(buf)), "12.4 kWh");
	assert_string_equal(units_format(989e12, DIM_FLOP_RATE, buf, sizeof(buf)), "989 TFLOP/s");
	assert_string_equal(units_format(1234.5, DIM_MONEY, buf, sizeof(buf)), "1,234.50 USD");
	assert_string_equal(units_format(1234567.891, DIM_MONEY, buf, sizeof(buf)),
			    "1,234,567.89 USD");
	assert_string_equal(units_format(-5, DIM_MONEY, buf, sizeof(buf)), "-5.00 USD");
	assert_string_equal(units_format(1.5e6, DIM_MASS, buf, sizeof(buf)), "1.5 t");
	assert_string_equal(units_format(0, DIM_TIME, buf, sizeof(buf)), "0 s");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_units_parse__empty_and_garbage),
		cmocka_unit_test(test_units_parse__wrong_dimension),
		cmocka_unit_test(test_units_parse__si_values),
		cmocka_unit_test(test_units_parse__case_matters),
		cmocka_unit_test(test_units_parse_any__finds_dimension),
		cmocka_unit_test(test_units_parse__locale_independent),
		cmocka_unit_test(test_units_format__readable),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
