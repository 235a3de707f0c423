/*
 * records.c — the record file's columns, writer and (libcsv) reader.
 *
 * One table says every column once: its name, whether it is text or a
 * number, where it lives in struct record, and the factor from the file's
 * unit to SI.  The writer walks the table in order; the reader maps the
 * header's names onto it, so a file may have the columns in any order and
 * may lack some (older CodeCarbon versions do).
 */
#include "config.h"

#include "records.h"

#include <csv.h>
#include <errno.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "units.h"
#include "xalloc.h"

#define KWH 3.6e6
#define GIB 1073741824.0

enum col_type { COL_TEXT, COL_NUMBER };

struct column {
	const char *name;
	enum col_type type;
	size_t offset;
	size_t size;		/* text: the buffer's size */
	double to_si;		/* number: file unit → SI */
	bool required;
};

#define TEXT(n, field) { n, COL_TEXT, offsetof(struct record, field), \
			 sizeof(((struct record *)0)->field), 1, false }
#define NUM(n, field, f) { n, COL_NUMBER, offsetof(struct record, field), 0, f, false }
#define NUM_REQ(n, field, f) { n, COL_NUMBER, offsetof(struct record, field), 0, f, true }

/* CodeCarbon 2.x emissions.csv, in its order and units; then mlfit's. */
static const struct column columns[] = {
	TEXT("timestamp", timestamp),
	TEXT("project_name", project_name),
	TEXT("run_id", run_id),
	NUM_REQ("duration", duration_s, 1),
	NUM("emissions", emissions_g, 1000),
	NUM("emissions_rate", emissions_rate_g_per_s, 1000),
	NUM("cpu_power", cpu_power_w, 1),
	NUM("gpu_power", gpu_power_w, 1),
	NUM("ram_power", ram_power_w, 1),
	NUM("cpu_energy", cpu_energy_j, KWH),
	NUM("gpu_energy", gpu_energy_j, KWH),
	NUM("ram_energy", ram_energy_j, KWH),
	NUM_REQ("energy_consumed", energy_j, KWH),
	TEXT("country_name", country_name),
	TEXT("country_iso_code", country_iso_code),
	TEXT("region", region),
	TEXT("cloud_provider", cloud_provider),
	TEXT("cloud_region", cloud_region),
	TEXT("os", os),
	TEXT("python_version", python_version),
	TEXT("codecarbon_version", codecarbon_version),
	NUM("cpu_count", cpu_count, 1),
	TEXT("cpu_model", cpu_model),
	NUM("gpu_count", gpu_count, 1),
	TEXT("gpu_model", gpu_model),
	NUM("longitude", longitude, 1),
	NUM("latitude", latitude, 1),
	NUM("ram_total_size", ram_total_bytes, GIB),
	TEXT("tracking_mode", tracking_mode),
	TEXT("on_cloud", on_cloud),
	NUM("pue", pue, 1),
	/* mlfit's own */
	TEXT("mlfit_cpu_device", cpu_device),
	TEXT("mlfit_gpu_device", gpu_device),
	TEXT("mlfit_cpu_source", cpu_source),
	TEXT("mlfit_gpu_source", gpu_source),
	TEXT("mlfit_ram_source", ram_source),
	NUM("mlfit_cpu_time", cpu_time_s, 1),
	NUM("mlfit_gpu_utilisation", gpu_utilisation, 1),
	NUM("mlfit_intensity", intensity_g_per_j, 1 / KWH),
	TEXT("mlfit_intensity_basis", intensity_basis),
	TEXT("mlfit_country", country),
	NUM("mlfit_exit_status", exit_status, 1),
	TEXT("mlfit_command", command),
	TEXT("mlfit_workload", workload),
	NUM("mlfit_macs", macs, 1),
	NUM("mlfit_bytes", bytes, 1),
	NUM("mlfit_samples", samples, 1),
};

#define NCOLUMNS (sizeof(columns) / sizeof(columns[0]))
#define FIRST_MLFIT_COLUMN 31	/* "mlfit_cpu_device" */

/* Longitude and latitude may be negative; every other number may not. */
static bool
may_be_negative(const struct column *c)
{
	return c->offset == offsetof(struct record, longitude) ||
	       c->offset == offsetof(struct record, latitude);
}

static double *
num_at(struct record *r, const struct column *c)
{
	return (double *)(void *)((char *)r + c->offset);
}

static const double *
cnum_at(const struct record *r, const struct column *c)
{
	return (const double *)(const void *)((const char *)r + c->offset);
}

void
records_init(struct record *r)
{
	size_t i;

	memset(r, 0, sizeof(*r));
	for (i = 0; i < NCOLUMNS; i++)
		if (columns[i].type == COL_NUMBER)
			*num_at(r, &columns[i]) = may_be_negative(&columns[i]) ? NAN : -1;
}

void
record_list_init(struct record_list *l)
{
	memset(l, 0, sizeof(*l));
}

void
record_list_release(struct record_list *l)
{
	free(l->items);
	record_list_init(l);
}

/* ---- writing ---- */

static void
add_field(struct strbuf *sb, const char *s)
{
	if (strpbrk(s, ",\"\r\n") == NULL) {
		strbuf_addstr(sb, s);
		return;
	}
	strbuf_addch(sb, '"');
	for (; *s != '\0'; s++) {
		if (*s == '"')
			strbuf_addch(sb, '"');
		strbuf_addch(sb, *s);
	}
	strbuf_addch(sb, '"');
}

void
records_format_header(struct strbuf *sb)
{
	size_t i;

	for (i = 0; i < NCOLUMNS; i++) {
		if (i > 0)
			strbuf_addch(sb, ',');
		strbuf_addstr(sb, columns[i].name);
	}
}

void
records_format_row(const struct record *r, struct strbuf *sb)
{
	size_t i;

	for (i = 0; i < NCOLUMNS; i++) {
		const struct column *c = &columns[i];

		if (i > 0)
			strbuf_addch(sb, ',');
		if (c->type == COL_TEXT) {
			add_field(sb, (const char *)r + c->offset);
		} else {
			double v = *cnum_at(r, c);

			if (isfinite(v) && (v >= 0 || may_be_negative(c)))
				strbuf_addf(sb, "%.10g", v / c->to_si);
		}
	}
}

bool
records_header_matches(const char *buf, size_t len)
{
	struct strbuf sb;
	size_t n;
	bool ok;

	if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0) {
		buf += 3;
		len -= 3;
	}
	strbuf_init(&sb);
	records_format_header(&sb);
	n = strcspn(buf, "\r\n");
	ok = n <= len && n == sb.len && memcmp(buf, sb.buf, n) == 0;
	strbuf_release(&sb);
	return ok;
}

/* ---- reading ---- */

#define MAX_FIELDS 256

struct parse_state {
	const char *name;
	struct record_list *out;
	struct mlf_err *err;
	int line;			/* of the row being read */
	size_t field;			/* index in the row */
	bool header_done, failed;
	int map[MAX_FIELDS];		/* field index → column, -1: not ours */
	size_t nheader;
	struct record cur;
	bool has_mlfit;
};

static void
on_header_field(struct parse_state *st, const char *s)
{
	size_t i;

	if (st->field >= MAX_FIELDS) {
		mlf_err_set(st->err, MLF_E_DATA, "%s:1: more than %d columns", st->name, MAX_FIELDS);
		st->failed = true;
		return;
	}
	st->map[st->field] = -1;
	for (i = 0; i < NCOLUMNS; i++) {
		if (strcmp(s, columns[i].name) == 0) {
			st->map[st->field] = (int)i;
			if (i >= FIRST_MLFIT_COLUMN)
				st->has_mlfit = true;
		}
	}
}

static void
on_value(struct parse_state *st, const char *s)
{
	const struct column *c;
	double v;
	int ci;

	if (st->field >= st->nheader) {
		mlf_err_set(st->err, MLF_E_DATA, "%s:%d: more fields than the header's %zu",
			    st->name, st->line, st->nheader);
		st->failed = true;
		return;
	}
	ci = st->map[st->field];
	if (ci < 0)
		return;
	c = &columns[ci];
	if (c->type == COL_TEXT) {
		snprintf((char *)&st->cur + c->offset, c->size, "%s", s);
		return;
	}
	if (s[0] == '\0')
		return;		/* unknown */
	if (units_parse_number(s, &v, NULL) < 0 || (v < 0 && !may_be_negative(c))) {
		mlf_err_set(st->err, MLF_E_DATA, "%s:%d: column '%s': '%.40s' is not a %snumber",
			    st->name, st->line, c->name, s, may_be_negative(c) ? "" : "non-negative ");
		st->failed = true;
		return;
	}
	*num_at(&st->cur, c) = v * c->to_si;
}

static void
cb_field(void *s, size_t len, void *data)
{
	struct parse_state *st = data;
	char buf[1024];

	if (st->failed)
		return;
	snprintf(buf, sizeof(buf), "%.*s", (int)(len < sizeof(buf) ? len : sizeof(buf) - 1),
		 s ? (const char *)s : "");
	if (!st->header_done)
		on_header_field(st, buf);
	else
		on_value(st, buf);
	st->field++;
}

static void
finish_header(struct parse_state *st)
{
	size_t i, j;

	st->nheader = st->field;
	for (i = 0; i < NCOLUMNS; i++) {
		bool found = false;

		if (!columns[i].required)
			continue;
		for (j = 0; j < st->nheader; j++)
			found = found || st->map[j] == (int)i;
		if (!found) {
			mlf_err_set(st->err, MLF_E_DATA,
				    "%s:1: no '%s' column: not an emissions.csv of CodeCarbon or mlfit",
				    st->name, columns[i].name);
			st->failed = true;
			return;
		}
	}
	st->header_done = true;
}

static void
cb_row(int c, void *data)
{
	struct parse_state *st = data;

	(void)c;
	if (st->failed)
		return;
	if (!st->header_done) {
		finish_header(st);
	} else if (st->field < st->nheader) {
		mlf_err_set(st->err, MLF_E_DATA, "%s:%d: %zu fields, the header has %zu",
			    st->name, st->line, st->field, st->nheader);
		st->failed = true;
		return;
	} else {
		st->cur.file = st->name;
		st->cur.line = st->line;
		st->cur.has_mlfit_columns = st->has_mlfit;
		XGROW(st->out->items, st->out->cap, st->out->n + 1);
		st->out->items[st->out->n++] = st->cur;
	}
	records_init(&st->cur);
	st->field = 0;
	st->line++;
}

int
records_parse(const char *buf, size_t len, const char *name, struct record_list *out,
	      struct mlf_err *err)
{
	struct parse_state st;
	struct csv_parser p;
	int rc = 0;

	memset(&st, 0, sizeof(st));
	st.name = name;
	st.out = out;
	st.err = err;
	st.line = 1;
	records_init(&st.cur);
	if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0) {
		buf += 3;
		len -= 3;
	}
	if (memchr(buf, '\0', len) != NULL)
		return mlf_err_set(err, MLF_E_DATA, "%s: a NUL byte: not a CSV text file", name);
	if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI) != 0)
		return mlf_err_set(err, MLF_E_INTERNAL, "cannot start the CSV parser");
	if (csv_parse(&p, buf, len, cb_field, cb_row, &st) != len && !st.failed) {
		mlf_err_set(err, MLF_E_DATA, "%s:%d: %s", name, st.line, csv_strerror(csv_error(&p)));
		st.failed = true;
	}
	if (!st.failed && csv_fini(&p, cb_field, cb_row, &st) != 0 && !st.failed) {
		mlf_err_set(err, MLF_E_DATA, "%s:%d: %s (an unclosed quote?)", name, st.line,
			    csv_strerror(csv_error(&p)));
		st.failed = true;
	}
	csv_free(&p);
	if (!st.failed && !st.header_done)
		rc = mlf_err_set(err, MLF_E_DATA, "%s: empty: no header and no records", name);
	return st.failed ? -1 : rc;
}

int
records_load(const char *path, struct record_list *out, struct mlf_err *err)
{
	struct strbuf sb;
	char chunk[8192];
	size_t n;
	FILE *f = fopen(path, "rb");
	int rc;

	if (f == NULL)
		return mlf_err_set(err, MLF_E_DATA, "cannot read '%s': %s", path, strerror(errno));
	strbuf_init(&sb);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		if (sb.len + n > (size_t)256 << 20) {
			fclose(f);
			strbuf_release(&sb);
			return mlf_err_set(err, MLF_E_DATA, "%s: larger than 256 MiB", path);
		}
		strbuf_add(&sb, chunk, n);
	}
	if (ferror(f)) {
		fclose(f);
		strbuf_release(&sb);
		return mlf_err_set(err, MLF_E_DATA, "cannot read '%s': %s", path, strerror(errno));
	}
	fclose(f);
	rc = records_parse(sb.buf ? sb.buf : "", sb.len, path, out, err);
	strbuf_release(&sb);
	return rc;
}

/* ---- the columns, for other writers (JSON) ---- */

size_t
records_ncolumns(void)
{
	return NCOLUMNS;
}

const char *
records_column_name(size_t i)
{
	return i < NCOLUMNS ? columns[i].name : NULL;
}

bool
records_column_is_number(size_t i)
{
	return i < NCOLUMNS && columns[i].type == COL_NUMBER;
}

bool
records_column_number(const struct record *r, size_t i, double *out)
{
	double v;

	if (!records_column_is_number(i))
		return false;
	v = *cnum_at(r, &columns[i]);
	if (!isfinite(v) || (v < 0 && !may_be_negative(&columns[i])))
		return false;
	*out = v / columns[i].to_si;
	return true;
}

const char *
records_column_text(const struct record *r, size_t i)
{
	if (i >= NCOLUMNS || columns[i].type != COL_TEXT)
		return NULL;
	return (const char *)r + columns[i].offset;
}
