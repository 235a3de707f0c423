/*
 * records.h — measured runs as rows of a CSV file: written by `mlfit
 * measure`, read by `mlfit calibrate` (which also reads CodeCarbon's own
 * emissions.csv).
 *
 * Layer 2 (beside the catalog; includes nothing above units).  The columns
 * are CodeCarbon's emissions.csv columns, in its order and units (duration
 * s, emissions kg, emissions_rate kg/s, powers W, energies kWh,
 * ram_total_size GB), so that CodeCarbon's dashboards and scripts read
 * mlfit's files; mlfit's own columns (mlfit_*) come after them.  Inside a
 * struct record everything is SI (s, J, W, g, B, g/J); a number that is not
 * known is negative (written as an empty field).
 *
 * The reader takes a buffer (records_parse(), the fuzzing entry point) and
 * uses Debian's libcsv: quoted fields, CRLF or LF, a UTF-8 byte-order mark
 * and columns missing from older CodeCarbon versions are all accepted;
 * a row with a field that is not a number where a number belongs is an
 * error naming file, line and column.
 */
#ifndef MLFIT_RECORDS_H
#define MLFIT_RECORDS_H

#include <stdbool.h>
#include <stddef.h>

#include "err.h"
#include "strbuf.h"

struct record {
	/* CodeCarbon's columns */
	char timestamp[32], project_name[64], run_id[64];
	double duration_s, emissions_g, emissions_rate_g_per_s;
	double cpu_power_w, gpu_power_w, ram_power_w;
	double cpu_energy_j, gpu_energy_j, ram_energy_j, energy_j;
	char country_name[64], country_iso_code[8], region[64];
	char cloud_provider[32], cloud_region[64], os[128];
	char python_version[16], codecarbon_version[16];
	double cpu_count;
	char cpu_model[128];
	double gpu_count;
	char gpu_model[256];
	double longitude, latitude;
	double ram_total_bytes;
	char tracking_mode[16], on_cloud[4];
	double pue;

	/* mlfit's columns */
	char cpu_device[64], gpu_device[64];	/* catalog ids, "" if unmatched */
	char cpu_source[32], gpu_source[32], ram_source[32];	/* "rapl", "nvml", "hwmon", "estimated", "none" */
	double cpu_time_s;			/* of the command's process tree */
	double gpu_utilisation;			/* 0–1, mean over samples */
	double intensity_g_per_j;
	char intensity_basis[16];		/* region, zone, country, mix, world, given */
	char country[8];			/* ISO 3166 alpha-2 (CodeCarbon's code is alpha-3) */
	double exit_status;
	char command[512];
	char workload[512];			/* mlfit workload options, "" if none */
	double macs, bytes;			/* of the workload, when known */
	double samples;				/* how many times the counters were read */

	/* where it came from (set by the reader) */
	const char *file;
	int line;
	bool has_mlfit_columns;
};

struct record_list {
	struct record *items;
	size_t n, cap;
};

/* A record with every number unknown and every string empty. */
void records_init(struct record *r);

void record_list_init(struct record_list *l);
void record_list_release(struct record_list *l);

/* The header line (no newline) and one record as a CSV row (no newline). */
void records_format_header(struct strbuf *sb);
void records_format_row(const struct record *r, struct strbuf *sb);

/*
 * Parses CSV text (a header row, then records) and appends its records to
 * out.  name (the file name, kept by pointer: it must outlive out) goes
 * into messages and into each record's `file`.  -1 with err (MLF_E_DATA)
 * on the first problem; the records before it stay in out.
 */
int records_parse(const char *buf, size_t len, const char *name, struct record_list *out,
		  struct mlf_err *err);

/* Reads a file and parses it. */
int records_load(const char *path, struct record_list *out, struct mlf_err *err);

/*
 * The columns in file order, for writers of other formats: a number in the
 * file's unit (false if unknown), or a text (NULL if the column is a number).
 */
size_t records_ncolumns(void);
const char *records_column_name(size_t i);
bool records_column_is_number(size_t i);
bool records_column_number(const struct record *r, size_t i, double *out);
const char *records_column_text(const struct record *r, size_t i);

/* True if the header line in buf is exactly records_format_header()'s. */
bool records_header_matches(const char *buf, size_t len);

#endif
