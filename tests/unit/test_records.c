/*
 * test_records.c — the record file: CodeCarbon's columns and units, the
 * libcsv reader's handling of quotes, CRLF, BOM and missing columns, and
 * one clear error per kind of bad input.
 */
#include "config.h"

#include <string.h>

#include "helpers.h"
#include "records.h"

#define CC_HEADER                                                                        \
	"timestamp,project_name,run_id,duration,emissions,emissions_rate,cpu_power,"       \
	"gpu_power,ram_power,cpu_energy,gpu_energy,ram_energy,energy_consumed,country_name," \
	"country_iso_code,region,cloud_provider,cloud_region,os,python_version,"           \
	"codecarbon_version,cpu_count,cpu_model,gpu_count,gpu_model,longitude,latitude,"   \
	"ram_total_size,tracking_mode,on_cloud,pue"

static int
parse(const char *text, struct record_list *l, struct mlf_err *err)
{
	record_list_init(l);
	return records_parse(text, strlen(text), "t.csv", l, err);
}

static void
test_records_parse__empty(void **state)
{
	struct record_list l;
	struct mlf_err err;

	(void)state;
	assert_int_equal(parse("", &l, &err), -1);
	assert_int_equal(err.code, MLF_E_DATA);
	assert_string_equal(err.msg, "t.csv: empty: no header and no records");
	record_list_release(&l);
	assert_int_equal(parse(CC_HEADER "\n", &l, &err), 0);
	assert_int_equal(l.n, 0);
	record_list_release(&l);
}

/* A CodeCarbon 2.x row: kWh, kg, GB become J, g, B. */
static void
test_records_parse__codecarbon_units(void **state)
{
	struct record_list l;
	struct mlf_err err;
	const struct record *r;

	(void)state;
	assert_int_equal(parse(CC_HEADER "\n"
			       "2025-03-01T12:00:00,demo,0f0e0d0c-0b0a-4908-8706-050403020100,"
			       "100,0.002,2e-05,40,300,10,0.001,0.01,0.0003,0.0113,Canada,CAN,"
			       "quebec,,,Linux,3.11,2.4.2,16,\"Intel(R) Xeon(R) Gold 6248, 2.5GHz\","
			       "1,1 x NVIDIA A100-SXM4-40GB,-71.2,46.8,64,machine,N,1.0\n",
			       &l, &err), 0);
	assert_int_equal(l.n, 1);
	r = &l.items[0];
	assert_close(r->duration_s, 100, 1e-12);
	assert_close(r->energy_j, 0.0113 * 3.6e6, 1e-12);
	assert_close(r->gpu_energy_j, 36000, 1e-12);
	assert_close(r->emissions_g, 2, 1e-12);
	assert_close(r->ram_total_bytes, 64.0 * 1073741824.0, 1e-12);
	assert_close(r->longitude, -71.2, 1e-12);
	assert_string_equal(r->cpu_model, "Intel(R) Xeon(R) Gold 6248, 2.5GHz");
	assert_string_equal(r->gpu_model, "1 x NVIDIA A100-SXM4-40GB");
	assert_false(r->has_mlfit_columns);
	assert_true(r->cpu_time_s < 0);		/* not in the file: unknown */
	assert_int_equal(r->line, 2);
	record_list_release(&l);
}

/* BOM, CRLF, a quoted field with a newline; an older CodeCarbon's columns. */
static void
test_records_parse__bom_crlf_quotes_missing_columns(void **state)
{
	struct record_list l;
	struct mlf_err err;

	(void)state;
	assert_int_equal(parse("\xEF\xBB\xBFtimestamp,experiment_id,project_name,duration,"
			       "emissions,energy_consumed,country_name\r\n"
			       "2021-10-27T22:34:13,abc,\"two\r\nlines\",857.07,0.0499,0.0881,USA\r\n"
			       "2021-10-28T01:00:00,def,p,10,0.001,0.002,\"Côte d'Ivoire\"\r\n",
			       &l, &err), 0);
	assert_int_equal(l.n, 2);
	assert_string_equal(l.items[0].project_name, "two\r\nlines");
	assert_close(l.items[0].duration_s, 857.07, 1e-12);
	assert_close(l.items[1].energy_j, 0.002 * 3.6e6, 1e-12);
	assert_true(l.items[1].cpu_energy_j < 0);
	assert_string_equal(l.items[1].country_name, "Côte d'Ivoire");
	record_list_release(&l);
}

static void
test_records_parse__errors(void **state)
{
	struct record_list l;
	struct mlf_err err;

	(void)state;
	assert_int_equal(parse("a,b,c\n1,2,3\n", &l, &err), -1);
	assert_string_equal(err.msg, "t.csv:1: no 'duration' column: not an emissions.csv of "
			    "CodeCarbon or mlfit");
	record_list_release(&l);
	assert_int_equal(parse("duration,energy_consumed\n1,2\nabc,3\n", &l, &err), -1);
	assert_string_equal(err.msg, "t.csv:3: column 'duration': 'abc' is not a non-negative number");
	assert_int_equal(l.n, 1);	/* the records before the problem stay */
	record_list_release(&l);
	assert_int_equal(parse("duration,energy_consumed\n-1,2\n", &l, &err), -1);
	record_list_release(&l);
	assert_int_equal(parse("duration,energy_consumed\nnan,2\n", &l, &err), -1);
	record_list_release(&l);
	assert_int_equal(parse("duration,energy_consumed\n1\n", &l, &err), -1);
	assert_string_equal(err.msg, "t.csv:2: 1 fields, the header has 2");
	record_list_release(&l);
	assert_int_equal(parse("duration,energy_consumed\n1,2,3\n", &l, &err), -1);
	assert_string_equal(err.msg, "t.csv:2: more fields than the header's 2");
	record_list_release(&l);
	assert_int_equal(parse("duration,energy_consumed\n\"1,2\n", &l, &err), -1);
	assert_non_null(strstr(err.msg, "unclosed quote"));
	record_list_release(&l);
	record_list_init(&l);
	assert_int_equal(records_parse("duration\0,x\n", 12, "t.csv", &l, &err), -1);
	assert_non_null(strstr(err.msg, "NUL"));
	record_list_release(&l);
}

/* What the writer writes, the reader reads back; unknowns stay unknown. */
static void
test_records_format__round_trip(void **state)
{
	struct record r, *back;
	struct record_list l;
	struct strbuf sb;
	struct mlf_err err;

	(void)state;
	records_init(&r);
	snprintf(r.project_name, sizeof(r.project_name), "a, \"b\"");
	snprintf(r.workload, sizeof(r.workload), "--model resnet18 --train --samples 512");
	r.duration_s = 12.5;
	r.cpu_energy_j = 360;
	r.energy_j = 720;
	r.intensity_g_per_j = 400 / 3.6e6;
	r.macs = 1.5e15;
	strbuf_init(&sb);
	records_format_header(&sb);
	assert_true(strncmp(sb.buf, CC_HEADER ",mlfit_", strlen(CC_HEADER) + 7) == 0);
	strbuf_addch(&sb, '\n');
	records_format_row(&r, &sb);
	assert_true(records_header_matches(sb.buf, sb.len));
	assert_int_equal(parse(sb.buf, &l, &err), 0);
	assert_int_equal(l.n, 1);
	back = &l.items[0];
	assert_string_equal(back->project_name, "a, \"b\"");
	assert_string_equal(back->workload, r.workload);
	assert_close(back->cpu_energy_j, 360, 1e-9);
	assert_close(back->intensity_g_per_j * 3.6e6, 400, 1e-9);
	assert_close(back->macs, 1.5e15, 1e-9);
	assert_true(back->gpu_energy_j < 0);
	assert_true(isnan(back->longitude));
	assert_true(back->has_mlfit_columns);
	assert_false(records_header_matches("duration,energy_consumed\n", 25));
	strbuf_release(&sb);
	record_list_release(&l);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_records_parse__empty),
		cmocka_unit_test(test_records_parse__codecarbon_units),
		cmocka_unit_test(test_records_parse__bom_crlf_quotes_missing_columns),
		cmocka_unit_test(test_records_parse__errors),
		cmocka_unit_test(test_records_format__round_trip),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
