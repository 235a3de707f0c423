/*
 * report.h — the report document of `mlfit report` and the writers that
 * turn it into HTML, Markdown, LaTeX or JSON.
 *
 * Layer 5.  A report is filled once (report_kinds.c builds it from the JSON
 * of `mlfit plan`, `recommend` or `estimate`, so that every figure is the
 * same number the JSON holds), then written by one writer behind struct
 * report_writer (ncdu's dir_output): the document knows nothing of
 * formats and the writers know nothing of plans.
 *
 * A report is a title, a list of sections, each a list of blocks:
 * paragraphs (plain text, escaped by the writer), tables (cells are
 * already formatted text), charts (numbers, drawn as SVG in HTML and
 * given as their data table elsewhere) and verbatim snippets (a paper
 * paragraph in LaTeX or Markdown, shown as code in HTML and Markdown and
 * pasted as is into LaTeX when its language is "latex").  data is the
 * report's numbers as JSON: --format json prints it, HTML embeds it.
 *
 * Ownership: the report owns every string and array it holds (copied on
 * add); report_free() releases all, data included.
 */
#ifndef MLFIT_REPORT_H
#define MLFIT_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include <jansson.h>

#include "err.h"

enum report_format { REPORT_HTML, REPORT_MD, REPORT_LATEX, REPORT_JSON };

/* "html", "md" / "markdown", "latex" / "tex", "json"; -1 if unknown. */
int report_format_parse(const char *name);
/* From a file name's extension (.html/.htm, .md, .tex, .json); -1 if none fits. */
int report_format_from_path(const char *path);
const char *report_format_name(enum report_format fmt);

struct report_table {
	char *caption;			/* may be NULL */
	size_t ncols, nrows;
	char **head;			/* ncols */
	bool *numeric;			/* ncols: right-aligned */
	char **cells;			/* nrows * ncols, row-major */
	size_t cap_rows;
};

enum chart_kind {
	CHART_BAR,		/* one horizontal bar per category, series 0 */
	CHART_SCATTER,		/* points: series 0 = x, series 1 = y */
	CHART_STACKED,		/* one bar per category, series stacked */
	CHART_TORNADO,		/* per category: series 0 = low end, series 1 = high end, around base */
	CHART_LINE		/* x = xs, one line per series */
};

struct report_chart {
	enum chart_kind kind;
	char *id;			/* unique in the document: "chart-co2e" */
	char *title;			/* the SVG's <title> */
	char *x_label, *y_label;	/* with units: "CO2e (kg)" */
	size_t n;			/* categories, points or x values */
	char **labels;			/* n */
	size_t nseries;
	char **series;			/* nseries names */
	double *values;			/* n * nseries, row-major (category, series) */
	double *xs;			/* CHART_LINE: n x values; else NULL */
	bool *muted;			/* n: drawn grey (infeasible); NULL: none */
	bool *front;			/* CHART_SCATTER: n, on the Pareto front */
	int marked;			/* the chosen category or point, -1: none */
	double base;			/* CHART_TORNADO: the central value */
	double mark_x;			/* CHART_LINE: a vertical marker (NaN: none) */
	char *mark_label;		/* its label */
	char *x_unit, *y_unit;		/* for the data table's headings */
};

enum report_block_kind { RB_PARA, RB_TABLE, RB_CHART, RB_CODE };

struct report_block {
	enum report_block_kind kind;
	char *text;			/* RB_PARA, RB_CODE */
	char *lang;			/* RB_CODE: "latex", "markdown" */
	struct report_table *table;	/* RB_TABLE */
	struct report_chart *chart;	/* RB_CHART */
};

struct report_section {
	char *id;			/* "summary": the HTML anchor */
	char *title;			/* "1. Summary" */
	struct report_block *blocks;
	size_t nblocks, cap_blocks;
};

struct report {
	char *title;
	char *subtitle;			/* may be NULL */
	struct report_section *sections;
	size_t nsections, cap_sections;
	json_t *data;			/* owned */
};

struct report *report_new(const char *title);
void report_free(struct report *r);

/* Adds a section; blocks added next go into it. */
struct report_section *report_section_add(struct report *r, const char *id, const char *title);

/* Blocks in the last section (one must exist). */
void report_para(struct report *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void report_code(struct report *r, const char *lang, const char *text);
/* Adds a table and gives it to the report; fill it with report_table_row(). */
struct report_table *report_table_add(struct report *r, const char *caption, size_t ncols,
				      const char *const *head, const bool *numeric);
/* Appends a row of ncols cells (copied); NULL cells become "". */
void report_table_row(struct report_table *t, const char *const *cells);
/* A chart of n categories and nseries series, values zeroed; the report owns it. */
struct report_chart *report_chart_add(struct report *r, enum chart_kind kind, const char *id,
				      const char *title, const char *x_label,
				      const char *y_label, size_t n, size_t nseries);
void report_chart_label(struct report_chart *c, size_t i, const char *label);
void report_chart_series(struct report_chart *c, size_t s, const char *name);
double *report_chart_value(struct report_chart *c, size_t i, size_t s);

/*
 * A number for people, the same everywhere in a report: 4 significant
 * digits, no exponent between 1e-3 and 1e9 (whole numbers from 1e4 up),
 * "n/a" for NaN (an unknown value).  Returns buf.
 */
char *report_num(double v, char *buf, size_t size);

/*
 * The chart's numbers as a table (the same report_num() figures the SVG
 * shows): a row per category or point, a column per series.  The caller
 * frees it with report_table_free().
 */
struct report_table *report_chart_table(const struct report_chart *c);
void report_table_free(struct report_table *t);

/* Escapers used by the writers (exposed for their unit tests). */
void report_html_escape(FILE *out, const char *s);
void report_latex_escape(FILE *out, const char *s);
void report_md_escape(FILE *out, const char *s);

/* The JSON text of r->data, as --format json prints it and HTML embeds it: < > & escaped. */
char *report_json_text(const struct report *r);

/*
 * Writers (report_html.c, report_md.c, report_latex.c).  Each member
 * returns 0, or -1 when the stream failed (ferror).  begin writes what
 * comes before the first section, section a heading, block a block, end
 * what closes the document.
 */
struct report_writer {
	const char *name;
	int (*begin)(FILE *out, const struct report *r);
	int (*section)(FILE *out, const struct report *r, const struct report_section *s);
	int (*block)(FILE *out, const struct report *r, const struct report_block *b);
	int (*end)(FILE *out, const struct report *r);
};

extern const struct report_writer report_writer_html, report_writer_md, report_writer_latex;

/* The SVG of a chart (report_svg.c), a self-contained <svg> element. */
void report_svg_chart(FILE *out, const struct report_chart *c);

/* "Nice" axis ticks from lo to hi (report_svg.c): count and step; for unit tests. */
size_t report_svg_ticks(double lo, double hi, double *ticks, size_t max);

/* Writes the whole report to out in fmt; -1 if the stream failed. */
int report_write(const struct report *r, enum report_format fmt, FILE *out);

/*
 * Writes the report to path whole or not at all: into a temporary file in
 * the same directory, flushed and synced, then renamed over path; "-" is
 * stdout.  An existing file is replaced only on success.  -1 with err
 * (MLF_E_DATA, "path: reason") on failure, and nothing left behind.
 */
int report_write_file(const struct report *r, enum report_format fmt, const char *path,
		      FILE *stdout_stream, struct mlf_err *err);

#endif
