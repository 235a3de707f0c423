/*
 * test_units.c — parsing and formatting of quantities.
 */
#include "config.h"

#include <locale.h>
#include <string.h>

#include "checked.h"
#include "helpers.h"
#include "strutil.h"
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

/* Issue 15, items 1 and 10: a value near DBL_MAX in a smaller display unit. */
static void
test_units_format__huge_values(void **state)
{
	char buf[128];

	(void)state;
	/* 1e308 USD was cut to 63 digits and lost its unit */
	assert_string_equal(units_format(1e308, DIM_MONEY, buf, sizeof(buf)), "1e+308 USD");
	assert_string_equal(units_format(-2.5e20, DIM_MONEY, buf, sizeof(buf)), "-2.5e+20 USD");
	assert_string_equal(units_format(1234.5, DIM_MONEY, buf, sizeof(buf)), "1,234.50 USD");
	/* 1e308 g/J is past the largest double in g/kWh: shown saturated, not aborted on */
	assert_string_equal(units_format(1e308, DIM_INTENSITY, buf, sizeof(buf)),
			    "1.798e+308 g/kWh");
	assert_string_equal(units_format_in(1e308, DIM_ENERGY_PER_BYTE, "pJ/B", 4, buf, sizeof(buf)),
			    "1.798e+308");
	assert_string_equal(units_format(-1e308, DIM_POWER_PER_BYTE, buf, sizeof(buf)),
			    "-1.798e+308 W/GB");
}

static void
test_str_index__linear_lookups(void **state)
{
	struct str_index ix;
	char keys[1000][16];
	size_t i, v = 0;

	(void)state;
	str_index_init(&ix);
	assert_false(str_index_get(&ix, "absent", &v));
	for (i = 0; i < 1000; i++) {
		snprintf(keys[i], sizeof(keys[i]), "id-%zu", i);
		assert_true(str_index_put(&ix, keys[i], i, NULL));
	}
	assert_int_equal(ix.n, 1000);
	assert_false(str_index_put(&ix, "id-417", 5, &v));	/* a duplicate keeps the first */
	assert_int_equal(v, 417);
	assert_true(str_index_get(&ix, "id-999", &v));
	assert_int_equal(v, 999);
	assert_true(str_index_getn(&ix, "id-12:rest", 5, &v));	/* "id-12" */
	assert_int_equal(v, 12);
	assert_false(str_index_get(&ix, "id-1000", &v));
	str_index_set(&ix, "id-3", 77);
	assert_true(str_index_get(&ix, "id-3", &v));
	assert_int_equal(v, 77);
	assert_true(str_index_put(&ix, NULL, 1, NULL));	/* NULL keys are never stored */
	assert_int_equal(ix.n, 1000);
	str_index_release(&ix);
}

static void
test_ck__checked_arithmetic(void **state)
{
	int64_t r = 0;

	(void)state;
	assert_false(ck_add(INT64_MAX, 1, &r));
	assert_true(ck_add(INT64_MAX - 1, 1, &r));
	assert_true(r == INT64_MAX);
	assert_false(ck_mul(INT64_C(4611686018427387904), 2, &r));
	assert_false(ck_sub(INT64_MIN, 1, &r));
	assert_true(ck_div_ceil(7, 2, &r));
	assert_int_equal(r, 4);
	assert_false(ck_div_ceil(7, 0, &r));
	/* (double)INT64_MAX rounds to 2^63, which does not fit */
	assert_false(ck_from_double((double)INT64_MAX, &r));
	assert_false(ck_from_double(1e300, &r));
	assert_false(ck_from_double(0.0 / 0.0, &r));
	assert_false(ck_from_double(2.5, &r));
	assert_true(ck_from_double(-9223372036854775808.0, &r));
	assert_true(r == INT64_MIN);
	/* digits parsed in place: no buffer to cut "0…03junk" short */
	assert_false(ck_parse_i64("0000000000000000000000000000003garbage", 38, &r));
	assert_true(ck_parse_i64("0000000000000000000000000000003x4", 31, &r));
	assert_int_equal(r, 3);
	assert_false(ck_parse_i64("9223372036854775808", 19, &r));
	assert_true(ck_parse_i64("-9223372036854775808", 20, &r));
	assert_true(r == INT64_MIN);
	assert_false(ck_parse_i64("", 0, &r));
	assert_false(ck_parse_i64("-", 1, &r));
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
		cmocka_unit_test(test_units_format__huge_values),
		cmocka_unit_test(test_str_index__linear_lookups),
		cmocka_unit_test(test_ck__checked_arithmetic),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
