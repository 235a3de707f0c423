/*
 * report.c — the report document, number formatting, escaping, the
 * writer dispatch and the whole-or-nothing file write.  See report.h.
 */
#include "config.h"

#define MLF_NAN ((double)NAN)

#include "report.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "strbuf.h"
#include "strutil.h"
#include "xalloc.h"

/* ---- formats ---- */

static const char *const format_names[] = { "html", "md", "latex", "json" };

int
report_format_parse(const char *name)
{
	if (strcmp(name, "html") == 0)
		return REPORT_HTML;
	if (strcmp(name, "md") == 0 || strcmp(name, "markdown") == 0)
		return REPORT_MD;
	if (strcmp(name, "latex") == 0 || strcmp(name, "tex") == 0)
		return REPORT_LATEX;
	if (strcmp(name, "json") == 0)
		return REPORT_JSON;
	return -1;
}

int
report_format_from_path(const char *path)
{
	if (str_has_suffix(path, ".html") || str_has_suffix(path, ".htm"))
		return REPORT_HTML;
	if (str_has_suffix(path, ".md"))
		return REPORT_MD;
	if (str_has_suffix(path, ".tex"))
		return REPORT_LATEX;
	if (str_has_suffix(path, ".json"))
		return REPORT_JSON;
	return -1;
}

const char *
report_format_name(enum report_format fmt)
{
	return format_names[fmt];
}

/* ---- the document ---- */

struct report *
report_new(const char *title)
{
	struct report *r = xcalloc(1, sizeof(*r));

	r->title = xstrdup(title);
	return r;
}

static struct report_table *
table_new(const char *caption, size_t ncols)
{
	struct report_table *t = xcalloc(1, sizeof(*t));

	t->caption = caption ? xstrdup(caption) : NULL;
	t->ncols = ncols;
	t->head = xcalloc(ncols, sizeof(*t->head));
	t->numeric = xcalloc(ncols, sizeof(*t->numeric));
	return t;
}

void
report_table_free(struct report_table *t)
{
	size_t i;

	if (t == NULL)
		return;
	free(t->caption);
	for (i = 0; i < t->ncols; i++)
		free(t->head[i]);
	for (i = 0; i < t->nrows * t->ncols; i++)
		free(t->cells[i]);
	free(t->head);
	free(t->numeric);
	free(t->cells);
	free(t);
}

static void
chart_free(struct report_chart *c)
{
	size_t i;

	if (c == NULL)
		return;
	for (i = 0; i < c->n; i++)
		free(c->labels[i]);
	for (i = 0; i < c->nseries; i++)
		free(c->series[i]);
	free(c->labels);
	free(c->series);
	free(c->values);
	free(c->xs);
	free(c->muted);
	free(c->front);
	free(c->id);
	free(c->title);
	free(c->x_label);
	free(c->y_label);
	free(c->mark_label);
	free(c->x_unit);
	free(c->y_unit);
	free(c);
}

void
report_free(struct report *r)
{
	size_t i, j;

	if (r == NULL)
		return;
	for (i = 0; i < r->nsections; i++) {
		struct report_section *s = &r->sections[i];

		for (j = 0; j < s->nblocks; j++) {
			free(s->blocks[j].text);
			free(s->blocks[j].lang);
			report_table_free(s->blocks[j].table);
			chart_free(s->blocks[j].chart);
		}
		free(s->blocks);
		free(s->id);
		free(s->title);
	}
	free(r->sections);
	free(r->title);
	free(r->subtitle);
	json_decref(r->data);
	free(r);
}

struct report_section *
report_section_add(struct report *r, const char *id, const char *title)
{
	struct report_section *s;

	XGROW(r->sections, r->cap_sections, r->nsections + 1);
	s = &r->sections[r->nsections++];
	memset(s, 0, sizeof(*s));
	s->id = xstrdup(id);
	s->title = xstrdup(title);
	return s;
}

static struct report_block *
block_add(struct report *r, enum report_block_kind kind)
{
	struct report_section *s = &r->sections[r->nsections - 1];
	struct report_block *b;

	XGROW(s->blocks, s->cap_blocks, s->nblocks + 1);
	b = &s->blocks[s->nblocks++];
	memset(b, 0, sizeof(*b));
	b->kind = kind;
	return b;
}

void
report_para(struct report *r, const char *fmt, ...)
{
	struct report_block *b = block_add(r, RB_PARA);
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	b->text = xmalloc((size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(b->text, (size_t)n + 1, fmt, ap);
	va_end(ap);
}

void
report_code(struct report *r, const char *lang, const char *text)
{
	struct report_block *b = block_add(r, RB_CODE);

	b->lang = xstrdup(lang);
	b->text = xstrdup(text);
}

struct report_table *
report_table_add(struct report *r, const char *caption, size_t ncols, const char *const *head,
		 const bool *numeric)
{
	struct report_block *b = block_add(r, RB_TABLE);
	struct report_table *t = table_new(caption, ncols);
	size_t i;

	for (i = 0; i < ncols; i++) {
		t->head[i] = xstrdup(head[i]);
		t->numeric[i] = numeric != NULL && numeric[i];
	}
	b->table = t;
	return t;
}

void
report_table_row(struct report_table *t, const char *const *cells)
{
	size_t i, need = (t->nrows + 1) * t->ncols;

	if (need > t->cap_rows) {
		t->cap_rows = need * 2;
		t->cells = xreallocarray(t->cells, t->cap_rows, sizeof(*t->cells));
	}
	for (i = 0; i < t->ncols; i++)
		t->cells[t->nrows * t->ncols + i] = xstrdup(cells[i] ? cells[i] : "");
	t->nrows++;
}

struct report_chart *
report_chart_add(struct report *r, enum chart_kind kind, const char *id, const char *title,
		 const char *x_label, const char *y_label, size_t n, size_t nseries)
{
	struct report_block *b = block_add(r, RB_CHART);
	struct report_chart *c = xcalloc(1, sizeof(*c));

	c->kind = kind;
	c->id = xstrdup(id);
	c->title = xstrdup(title);
	c->x_label = xstrdup(x_label);
	c->y_label = xstrdup(y_label);
	c->n = n;
	c->nseries = nseries;
	c->labels = xcalloc(n ? n : 1, sizeof(*c->labels));
	c->series = xcalloc(nseries ? nseries : 1, sizeof(*c->series));
	c->values = xcalloc(n > 0 && nseries > 0 ? n * nseries : 1, sizeof(*c->values));
	c->marked = -1;
	c->mark_x = MLF_NAN;
	b->chart = c;
	return c;
}

void
report_chart_label(struct report_chart *c, size_t i, const char *label)
{
	free(c->labels[i]);
	c->labels[i] = xstrdup(label);
}

void
report_chart_series(struct report_chart *c, size_t s, const char *name)
{
	free(c->series[s]);
	c->series[s] = xstrdup(name);
}

double *
report_chart_value(struct report_chart *c, size_t i, size_t s)
{
	return &c->values[i * c->nseries + s];
}

struct report_table *
report_chart_table(const struct report_chart *c)
{
	bool line = c->kind == CHART_LINE, scatter = c->kind == CHART_SCATTER;
	size_t ncols = 1 + c->nseries + (scatter && c->front ? 1 : 0), i, s;
	struct report_table *t = table_new(c->title, ncols);
	const char **cells = xcalloc(ncols, sizeof(*cells));
	char (*bufs)[48] = xcalloc(ncols, sizeof(*bufs));

	t->head[0] = xstrdup(line ? c->x_label : scatter ? "option" : "");
	for (s = 0; s < c->nseries; s++) {
		t->head[1 + s] = xstrdup(scatter ? (s == 0 ? c->x_label : c->y_label)
					 : c->kind == CHART_STACKED || c->kind == CHART_TORNADO
					 ? c->series[s] : c->x_label);
		if (c->kind == CHART_STACKED || c->kind == CHART_TORNADO || line) {
			free(t->head[1 + s]);
			t->head[1 + s] = c->x_unit || c->y_unit
				? xasprintf("%s (%s)", c->series[s], line ? c->y_unit : c->x_unit)
				: xstrdup(c->series[s]);
		}
		t->numeric[1 + s] = true;
	}
	if (scatter && c->front)
		t->head[ncols - 1] = xstrdup("Pareto front");
	t->numeric[0] = line;
	for (i = 0; i < c->n; i++) {
		struct strbuf lab = STRBUF_INIT;

		if (line)
			strbuf_addstr(&lab, report_num(c->xs[i], bufs[0], sizeof(bufs[0])));
		else
			strbuf_addstr(&lab, c->labels[i]);
		if ((int)i == c->marked)
			strbuf_addstr(&lab, " (chosen)");
		if (c->muted && c->muted[i])
			strbuf_addstr(&lab, " (infeasible)");
		cells[0] = lab.buf;
		for (s = 0; s < c->nseries; s++)
			cells[1 + s] = report_num(c->values[i * c->nseries + s], bufs[1 + s],
						  sizeof(bufs[1 + s]));
		if (scatter && c->front)
			cells[ncols - 1] = c->front[i] ? "yes" : "no";
		report_table_row(t, cells);
		strbuf_release(&lab);
	}
	free(cells);
	free(bufs);
	return t;
}

/* ---- numbers ---- */

char *
report_num(double v, char *buf, size_t size)
{
	double a = fabs(v);

	if (!isfinite(v))
		snprintf(buf, size, "n/a");
	else if (a == 0)
		snprintf(buf, size, "0");
	else if (a >= 1e4 && a < 1e9)
		snprintf(buf, size, "%.0f", v);
	else if (a >= 1e-3 && a < 1e4)
		snprintf(buf, size, "%.4g", v);
	else
		snprintf(buf, size, "%.3e", v);
	return buf;
}

/* ---- escaping ---- */

void
report_html_escape(FILE *out, const char *s)
{
	for (; s != NULL && *s != '\0'; s++) {
		switch (*s) {
		case '<': fputs("&lt;", out); break;
		case '>': fputs("&gt;", out); break;
		case '&': fputs("&amp;", out); break;
		case '"': fputs("&quot;", out); break;
		case '\'': fputs("&#39;", out); break;
		default:
			/* control characters are not allowed in XML 1.0 */
			if ((unsigned char)*s < 0x20 && *s != '\n' && *s != '\t')
				fputc('?', out);
			else
				fputc(*s, out);
		}
	}
}

void
report_latex_escape(FILE *out, const char *s)
{
	for (; s != NULL && *s != '\0'; s++) {
		switch (*s) {
		case '_': case '%': case '&': case '#': case '$': case '{': case '}':
			fputc('\\', out);
			fputc(*s, out);
			break;
		case '~': fputs("\\textasciitilde{}", out); break;
		case '^': fputs("\\textasciicircum{}", out); break;
		case '\\': fputs("\\textbackslash{}", out); break;
		case '<': fputs("\\textless{}", out); break;
		case '>': fputs("\\textgreater{}", out); break;
		default: fputc(*s, out);
		}
	}
}

/*
 * Markdown: backslash-escape what could start emphasis, code, links, HTML
 * or a table cell boundary; '&' becomes an entity so "&lt;" stays literal.
 */
void
report_md_escape(FILE *out, const char *s)
{
	for (; s != NULL && *s != '\0'; s++) {
		switch (*s) {
		case '\\': case '`': case '*': case '_': case '[': case ']': case '|': case '#':
		case '<': case '>':
			fputc('\\', out);
			fputc(*s, out);
			break;
		case '&': fputs("&amp;", out); break;
		case '\n': fputc(' ', out); break;
		default: fputc(*s, out);
		}
	}
}

/* ---- JSON ---- */

char *
report_json_text(const struct report *r)
{
	char *raw = json_dumps(r->data, JSON_INDENT(2) | JSON_PRESERVE_ORDER |
				       JSON_REAL_PRECISION(10) | JSON_ENSURE_ASCII);
	struct strbuf sb = STRBUF_INIT;
	const char *p;

	/*
	 * '<', '>' and '&' occur only inside strings, where \u escapes mean
	 * the same: the text can then sit in an XHTML <script> element as is.
	 */
	for (p = raw; p != NULL && *p != '\0'; p++) {
		if (*p == '<')
			strbuf_addstr(&sb, "\\u003c");
		else if (*p == '>')
			strbuf_addstr(&sb, "\\u003e");
		else if (*p == '&')
			strbuf_addstr(&sb, "\\u0026");
		else
			strbuf_addch(&sb, *p);
	}
	strbuf_addch(&sb, '\n');
	free(raw);
	return strbuf_detach(&sb);
}

/* ---- writing ---- */

int
report_write(const struct report *r, enum report_format fmt, FILE *out)
{
	const struct report_writer *w;
	size_t i, j;

	if (fmt == REPORT_JSON) {
		char *text = report_json_text(r);

		fputs(text, out);
		free(text);
		return ferror(out) ? -1 : 0;
	}
	w = fmt == REPORT_HTML ? &report_writer_html : fmt == REPORT_MD ? &report_writer_md
									: &report_writer_latex;
	if (w->begin(out, r) < 0)
		return -1;
	for (i = 0; i < r->nsections; i++) {
		if (w->section(out, r, &r->sections[i]) < 0)
			return -1;
		for (j = 0; j < r->sections[i].nblocks; j++)
			if (w->block(out, r, &r->sections[i].blocks[j]) < 0)
				return -1;
	}
	return w->end(out, r);
}

static int
write_stream(const struct report *r, enum report_format fmt, FILE *f, const char *path,
	     struct mlf_err *err)
{
	if (report_write(r, fmt, f) < 0 || fflush(f) != 0)
		return mlf_err_set(err, MLF_E_DATA, "%s: cannot write: %s", path,
				   strerror(errno ? errno : EIO));
	return 0;
}

int
report_write_file(const struct report *r, enum report_format fmt, const char *path,
		  FILE *stdout_stream, struct mlf_err *err)
{
	char *tmp, *slash;
	struct stat st;
	FILE *f;
	int fd, rc;

	if (strcmp(path, "-") == 0)
		return write_stream(r, fmt, stdout_stream, "stdout", err);
	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
		return mlf_err_set(err, MLF_E_DATA, "%s: is a directory (give a file name, "
				   "e.g. %s/report.%s)", path, path,
				   fmt == REPORT_LATEX ? "tex" : report_format_name(fmt));
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
		/* a device such as /dev/full cannot be renamed over: write to it */
		f = fopen(path, "w");
		if (f == NULL)
			return mlf_err_set(err, MLF_E_DATA, "%s: cannot write: %s", path,
					   strerror(errno));
		errno = 0;
		rc = write_stream(r, fmt, f, path, err);
		if (fclose(f) != 0 && rc == 0)
			rc = mlf_err_set(err, MLF_E_DATA, "%s: cannot write: %s", path,
					 strerror(errno));
		return rc;
	}
	slash = strrchr(path, '/');
	tmp = slash ? xasprintf("%.*s/.mlfit-report.XXXXXX", (int)(slash - path), path)
		    : xstrdup(".mlfit-report.XXXXXX");
	fd = mkstemp(tmp);
	if (fd < 0) {
		rc = mlf_err_set(err, MLF_E_DATA, "%s: cannot write: %s", path, strerror(errno));
		free(tmp);
		return rc;
	}
	/* mkstemp makes 0600; a report is an ordinary file (0666 & ~umask) */
	{
		mode_t mask = umask(0);

		umask(mask);
		fchmod(fd, 0666 & ~mask);
	}
	f = fdopen(fd, "w");
	if (f == NULL) {
		close(fd);
		unlink(tmp);
		rc = mlf_err_set(err, MLF_E_INTERNAL, "%s: %s", tmp, strerror(errno));
		free(tmp);
		return rc;
	}
	errno = 0;
	rc = write_stream(r, fmt, f, path, err);
	if (rc == 0 && fsync(fileno(f)) != 0)
		rc = mlf_err_set(err, MLF_E_DATA, "%s: cannot write: %s", path, strerror(errno));
	if (fclose(f) != 0 && rc == 0)
		rc = mlf_err_set(err, MLF_E_DATA, "%s: cannot write: %s", path, strerror(errno));
	if (rc == 0 && rename(tmp, path) != 0)
		rc = mlf_err_set(err, MLF_E_DATA, "%s: cannot write: %s", path, strerror(errno));
	if (rc != 0)
		unlink(tmp);
	free(tmp);
	return rc;
}
