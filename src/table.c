/*
 * table.c — see table.h.  JSON goes through jansson so that escaping is
 * somebody else's solved problem.
 */
#include "config.h"

#include "table.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "strbuf.h"
#include "units.h"
#include "xalloc.h"

enum cell_kind { CELL_EMPTY, CELL_TEXT, CELL_NUM, CELL_INT };

struct cell {
	enum cell_kind kind;
	char *text;		/* text, or the human rendering of a number */
	double num;
	long long inum;
};

struct column {
	char *header, *key;
	bool right;
};

struct table {
	struct column *cols;
	size_t ncols, cap_cols;
	struct cell *cells;	/* row-major, ncols per row */
	size_t ncells, cap_cells;
	size_t nrows;
};

int
table_format_parse(const char *name, bool allow_latex)
{
	if (strcmp(name, "table") == 0)
		return FORMAT_TABLE;
	if (strcmp(name, "csv") == 0)
		return FORMAT_CSV;
	if (strcmp(name, "json") == 0)
		return FORMAT_JSON;
	if (allow_latex && strcmp(name, "latex") == 0)
		return FORMAT_LATEX;
	return -1;
}

struct table *
table_new(void)
{
	return xcalloc(1, sizeof(struct table));
}

void
table_free(struct table *t)
{
	size_t i;

	if (t == NULL)
		return;
	for (i = 0; i < t->ncols; i++) {
		free(t->cols[i].header);
		free(t->cols[i].key);
	}
	for (i = 0; i < t->ncells; i++)
		free(t->cells[i].text);
	free(t->cols);
	free(t->cells);
	free(t);
}

void
table_col(struct table *t, const char *header, const char *key, bool right)
{
	XGROW(t->cols, t->cap_cols, t->ncols + 1);
	t->cols[t->ncols].header = xstrdup(header);
	t->cols[t->ncols].key = xstrdup(key);
	t->cols[t->ncols].right = right;
	t->ncols++;
}

void
table_row(struct table *t)
{
	size_t i, base = t->nrows * t->ncols;

	XGROW(t->cells, t->cap_cells, base + t->ncols);
	for (i = 0; i < t->ncols; i++)
		memset(&t->cells[base + i], 0, sizeof(struct cell));
	t->ncells = base + t->ncols;
	t->nrows++;
}

static struct cell *
next_cell(struct table *t)
{
	size_t base = (t->nrows - 1) * t->ncols, i;

	for (i = 0; i < t->ncols; i++)
		if (t->cells[base + i].kind == CELL_EMPTY && t->cells[base + i].text == NULL)
			return &t->cells[base + i];
	return NULL;	/* more cells than columns: a programming error */
}

void
table_str(struct table *t, const char *text)
{
	struct cell *c = next_cell(t);

	if (c == NULL)
		return;
	if (text == NULL || text[0] == '\0') {
		c->text = xstrdup("");
		return;
	}
	c->kind = CELL_TEXT;
	c->text = xstrdup(text);
}

void
table_num(struct table *t, double v, const char *human)
{
	struct cell *c = next_cell(t);
	char buf[64];

	if (c == NULL)
		return;
	if (!isfinite(v)) {
		c->text = xstrdup("");
		return;
	}
	c->kind = CELL_NUM;
	c->num = v;
	c->text = xstrdup(human ? human : units_gfmt(v, 6, buf, sizeof(buf)));
}

/*
 * "1,281,167" for people; CSV and JSON get the plain number.  Four digits
 * stay as they are, so that years and small counts read as usual.
 */
static char *
thousands(long long v)
{
	char digits[32], out[48];
	size_t n, i, o = 0;
	bool neg = v < 0;

	snprintf(digits, sizeof(digits), "%llu", neg ? 0ULL - (unsigned long long)v
						     : (unsigned long long)v);
	n = strlen(digits);
	if (n <= 4)
		return xasprintf("%lld", v);
	if (neg)
		out[o++] = '-';
	for (i = 0; i < n; i++) {
		if (i > 0 && (n - i) % 3 == 0)
			out[o++] = ',';
		out[o++] = digits[i];
	}
	out[o] = '\0';
	return xstrdup(out);
}

void
table_int(struct table *t, long long v)
{
	struct cell *c = next_cell(t);

	if (c == NULL)
		return;
	c->kind = CELL_INT;
	c->inum = v;
	c->text = thousands(v);
}

void
table_empty(struct table *t)
{
	table_str(t, NULL);
}

size_t
table_nrows(const struct table *t)
{
	return t->nrows;
}

/* Display width of UTF-8 text: count code points, not bytes. */
static size_t
width(const char *s)
{
	size_t w = 0;

	for (; *s != '\0'; s++)
		w += ((unsigned char)*s & 0xc0) != 0x80;
	return w;
}

static void
pad(struct strbuf *sb, size_t n)
{
	while (n-- > 0)
		strbuf_addch(sb, ' ');
}

static void
write_aligned(const struct table *t, struct strbuf *sb)
{
	size_t *w = xcalloc(t->ncols ? t->ncols : 1, sizeof(*w));
	size_t r, c;

	for (c = 0; c < t->ncols; c++)
		w[c] = width(t->cols[c].header);
	for (r = 0; r < t->nrows; r++)
		for (c = 0; c < t->ncols; c++) {
			const char *s = t->cells[r * t->ncols + c].text;
			size_t cw = s ? width(s) : 0;

			if (cw > w[c])
				w[c] = cw;
		}
	for (r = 0; r <= t->nrows; r++) {
		for (c = 0; c < t->ncols; c++) {
			const char *s = r == 0 ? t->cols[c].header
					       : t->cells[(r - 1) * t->ncols + c].text;
			size_t cw;

			if (s == NULL)
				s = "";
			cw = width(s);
			if (t->cols[c].right)
				pad(sb, w[c] - cw);
			strbuf_addstr(sb, s);
			if (c + 1 < t->ncols) {
				if (!t->cols[c].right)
					pad(sb, w[c] - cw);
				strbuf_addstr(sb, "  ");
			}
		}
		while (sb->len > 0 && sb->buf[sb->len - 1] == ' ')
			sb->buf[--sb->len] = '\0';
		strbuf_addch(sb, '\n');
	}
	free(w);
}

static void
csv_field(struct strbuf *sb, const char *s)
{
	if (strpbrk(s, ",\"\n\r") == NULL) {
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

static void
write_csv(const struct table *t, struct strbuf *sb)
{
	size_t r, c;
	char buf[64];

	for (c = 0; c < t->ncols; c++) {
		if (c)
			strbuf_addch(sb, ',');
		csv_field(sb, t->cols[c].key);
	}
	strbuf_addch(sb, '\n');
	for (r = 0; r < t->nrows; r++) {
		for (c = 0; c < t->ncols; c++) {
			const struct cell *cell = &t->cells[r * t->ncols + c];

			if (c)
				strbuf_addch(sb, ',');
			if (cell->kind == CELL_NUM)
				strbuf_addstr(sb, units_gfmt(cell->num, 10, buf, sizeof(buf)));
			else if (cell->kind == CELL_INT)
				strbuf_addf(sb, "%lld", cell->inum);
			else if (cell->kind == CELL_TEXT)
				csv_field(sb, cell->text);
		}
		strbuf_addch(sb, '\n');
	}
}

static int
write_json(const struct table *t, FILE *f)
{
	json_t *arr = json_array();
	size_t r, c;
	int rc;

	for (r = 0; r < t->nrows; r++) {
		json_t *obj = json_object();

		for (c = 0; c < t->ncols; c++) {
			const struct cell *cell = &t->cells[r * t->ncols + c];
			json_t *v;

			if (cell->kind == CELL_NUM)
				v = json_real(cell->num);
			else if (cell->kind == CELL_INT)
				v = json_integer(cell->inum);
			else if (cell->kind == CELL_TEXT)
				v = json_string(cell->text);
			else
				v = json_null();
			json_object_set_new(obj, t->cols[c].key, v);
		}
		json_array_append_new(arr, obj);
	}
	rc = json_dumpf(arr, f, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(10));
	if (rc == 0)
		fputc('\n', f);
	json_decref(arr);
	return rc == 0 ? 0 : -1;
}

int
table_write(const struct table *t, enum out_format fmt, FILE *f)
{
	struct strbuf sb = STRBUF_INIT;

	if (fmt == FORMAT_JSON)
		return write_json(t, f);
	if (fmt == FORMAT_CSV)
		write_csv(t, &sb);
	else
		write_aligned(t, &sb);
	fwrite(sb.buf, 1, sb.len, f);
	strbuf_release(&sb);
	return ferror(f) ? -1 : 0;
}
