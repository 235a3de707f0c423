/*
 * test_calibrate.c — least squares and the per-device fits on inputs made
 * from known coefficients, and the refusals.
 */
#include "config.h"

#include <string.h>

#include "calibrate.h"
#include "helpers.h"

static void
test_calibrate_lsq__too_few_and_degenerate(void **state)
{
	struct calib_fit fit;
	double x1[] = { 2 }, y1[] = { 4 };
	double x2[] = { 1, 2, 2, 4, 3, 6 }, y2[] = { 1, 2, 3 };
	double x0[] = { 0, 0, 0 }, y0[] = { 1, 2, 3 };

	(void)state;
	assert_int_equal(calibrate_lsq(x1, y1, 1, 1, &fit), -1);
	assert_false(fit.ok);
	assert_string_equal(fit.why, "too few records (1): at least 2 are needed");
	assert_int_equal(calibrate_lsq(x2, y2, 3, 2, &fit), -1);
	assert_non_null(strstr(fit.why, "degenerate"));
	assert_int_equal(calibrate_lsq(x0, y0, 3, 1, &fit), -1);
	assert_string_equal(fit.why, "a regressor is zero in every record");
}

/* y = 3 + 0.5 u exactly: the coefficients, R² 1, no residual. */
static void
test_calibrate_lsq__known_line(void **state)
{
	struct calib_fit fit;
	double x[8], y[4], u[] = { 0.1, 0.4, 0.7, 1.0 };
	size_t i;

	(void)state;
	for (i = 0; i < 4; i++) {
		x[2 * i] = 1;
		x[2 * i + 1] = u[i];
		y[i] = 3 + 0.5 * u[i];
	}
	assert_int_equal(calibrate_lsq(x, y, 4, 2, &fit), 0);
	assert_close(fit.beta[0], 3, 1e-12);
	assert_close(fit.beta[1], 0.5, 1e-12);
	assert_close(fit.r2, 1, 1e-12);
	assert_true(fit.rms_rel < 1e-12);
}

/* Regressors 1e13 apart in scale still solve (the columns are scaled). */
static void
test_calibrate_lsq__scaled_columns(void **state)
{
	struct calib_fit fit;
	double macs[] = { 2e13, 8e13, 4e13, 1.5e14, 6e13 }, byts[] = { 5e11, 1e11, 9e11, 3e11, 1.2e12 };
	double t[] = { 30, 60, 20, 120, 45 }, x[15], y[5];
	size_t i;

	(void)state;
	for (i = 0; i < 5; i++) {
		x[3 * i] = macs[i];
		x[3 * i + 1] = byts[i];
		x[3 * i + 2] = t[i];
		y[i] = 0.8e-12 * macs[i] + 20e-12 * byts[i] + 10 * t[i];
	}
	assert_int_equal(calibrate_lsq(x, y, 5, 3, &fit), 0);
	assert_close(fit.beta[0], 0.8e-12, 1e-9);
	assert_close(fit.beta[1], 20e-12, 1e-9);
	assert_close(fit.beta[2], 10, 1e-9);
}

static struct cat_device
gpu(void)
{
	struct cat_device d;

	memset(&d, 0, sizeof(d));
	d.id = "test-gpu";
	d.kind = KIND_GPU;
	d.tdp.set = true;
	d.tdp.v = d.tdp.low = d.tdp.high = 400;
	return d;
}

/* Efficiency 0.3 from runs 1/0.3 × (0.4 × estimate); idle 50 W, load 0.7. */
static void
test_calibrate_device__recovers_coefficients(void **state)
{
	struct cat_device d = gpu();
	struct calib_input in[5];
	struct calib_result r;
	double u[] = { 0.3, 0.5, 0.65, 0.8, 1.0 }, est[] = { 10, 40, 25, 100, 60 };
	size_t i;

	(void)state;
	memset(in, 0, sizeof(in));
	for (i = 0; i < 5; i++) {
		in[i].device = &d;
		in[i].count = 2;
		in[i].task = TASK_TRAIN;
		in[i].efficiency = 0.4;
		in[i].idle_w = 46;
		in[i].time_est_s = est[i];
		in[i].time_s = est[i] * 0.4 / 0.3;
		in[i].utilisation = u[i];
		in[i].energy_j = 2 * in[i].time_s * (50 + 350 * 0.7 * u[i]);
		in[i].macs = in[i].bytes = -1;
	}
	calibrate_device(in, 5, &r);
	assert_true(r.time_fit.ok);
	assert_close(r.efficiency, 0.3, 1e-9);
	assert_true(r.power_fit.ok && r.idle_fitted);
	assert_close(r.idle_w, 50, 1e-9);
	assert_close(r.load, 0.7, 1e-9);
	assert_false(r.opcost_fit.ok);
	assert_non_null(strstr(r.opcost_fit.why, "too few records with MAC"));

	/* utilisation that does not vary: load alone, with the catalog's idle */
	for (i = 0; i < 5; i++) {
		in[i].utilisation = 1;
		in[i].energy_j = 2 * in[i].time_s * (46 + 354 * 0.6);
	}
	calibrate_device(in, 5, &r);
	assert_true(r.power_fit.ok);
	assert_false(r.idle_fitted);
	assert_close(r.load, 0.6, 1e-9);

	/* estimated energies never calibrate power */
	for (i = 0; i < 5; i++)
		in[i].energy_j = -1;
	calibrate_device(in, 5, &r);
	assert_false(r.power_fit.ok);
	assert_non_null(strstr(r.power_fit.why, "estimated from CPU time"));
}

/* Runs slower than at full peak: refused, not an efficiency above 1. */
static void
test_calibrate_device__refuses_nonsense(void **state)
{
	struct cat_device d = gpu();
	struct calib_input in[2];
	struct calib_result r;
	size_t i;

	(void)state;
	memset(in, 0, sizeof(in));
	for (i = 0; i < 2; i++) {
		in[i].device = &d;
		in[i].count = 1;
		in[i].efficiency = 0.5;
		in[i].idle_w = 46;
		in[i].time_est_s = 10 * (double)(i + 1);
		in[i].time_s = in[i].time_est_s / 4;	/* implies 2.0 of peak */
		in[i].utilisation = 1;
		in[i].energy_j = in[i].time_s * 900;	/* above TDP */
		in[i].macs = in[i].bytes = -1;
	}
	calibrate_device(in, 2, &r);
	assert_false(r.time_fit.ok);
	assert_non_null(strstr(r.time_fit.why, "above 1"));
	assert_false(r.power_fit.ok);
	assert_non_null(strstr(r.power_fit.why, "load is not between 0 and 1.5"));
}

/* The efficiency is written under its task kind's prefix (the parameter
 * the estimator reads first for the device); load under its task. */
static void
test_calibrate_write_overlay__kind_prefix(void **state)
{
	struct cat_device d = gpu();
	struct calib_result r[2];
	struct strbuf sb;

	(void)state;
	memset(r, 0, sizeof(r));
	r[0].device = r[1].device = &d;
	r[0].task = r[1].task = TASK_TRAIN;
	r[0].time_fit.ok = r[1].time_fit.ok = true;
	r[0].time_fit.beta[0] = r[1].time_fit.beta[0] = 1;
	r[0].efficiency = r[0].efficiency_low = r[0].efficiency_high = 0.3;
	r[1].efficiency = r[1].efficiency_low = r[1].efficiency_high = 0.25;
	snprintf(r[0].efficiency_prefix, sizeof(r[0].efficiency_prefix), "efficiency.train-other");
	r[0].power_fit.ok = true;
	r[0].load = r[0].load_low = r[0].load_high = 0.7;
	strbuf_init(&sb);
	calibrate_write_overlay(r, 2, "calib", "test", &sb);
	assert_non_null(strstr(sb.buf, "<param id=\"efficiency.train-other.test-gpu\" "));
	assert_non_null(strstr(sb.buf, ">0.3</param>"));
	/* no prefix: the task's */
	assert_non_null(strstr(sb.buf, "<param id=\"efficiency.train.test-gpu\" "));
	assert_non_null(strstr(sb.buf, ">0.25</param>"));
	assert_non_null(strstr(sb.buf, "<param id=\"load.train.test-gpu\" "));
	strbuf_release(&sb);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_calibrate_lsq__too_few_and_degenerate),
		cmocka_unit_test(test_calibrate_lsq__known_line),
		cmocka_unit_test(test_calibrate_lsq__scaled_columns),
		cmocka_unit_test(test_calibrate_device__recovers_coefficients),
		cmocka_unit_test(test_calibrate_device__refuses_nonsense),
		cmocka_unit_test(test_calibrate_write_overlay__kind_prefix),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
