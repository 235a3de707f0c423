/*
 * table.h — rows of named cells written as an aligned table, CSV or JSON.
 *
 * Layer 5 (front ends).  A cell is text, a number, or empty.  Numbers carry
 * a human rendering for the table format ("400 W") and are written raw in
 * CSV and JSON (in the unit the column's key names: "tdp_w").  Text is
 * never interpreted.  Writing builds the whole output before any of it is
 * written, so a failure leaves nothing half-written.
 */
#ifndef MLFIT_TABLE_H
#define MLFIT_TABLE_H

#include <stdbool.h>
#include <stdio.h>

enum out_format { FORMAT_TABLE, FORMAT_CSV, FORMAT_JSON, FORMAT_LATEX };

/* Parses "table", "csv", "json" (and "latex" if allow_latex); -1 if unknown. */
int table_format_parse(const char *name, bool allow_latex);

struct table;

struct table *table_new(void);
void table_free(struct table *t);
/* Adds a column: its header for tables and its key for CSV/JSON. */
void table_col(struct table *t, const char *header, const char *key, bool right);
/* Starts a row; the cells that follow fill it left to right. */
void table_row(struct table *t);
void table_str(struct table *t, const char *text);	/* NULL: empty */
void table_num(struct table *t, double v, const char *human);	/* human NULL: %.6g */
void table_int(struct table *t, long long v);
void table_empty(struct table *t);
size_t table_nrows(const struct table *t);

/* Writes t to f in the given format (not FORMAT_LATEX).  Returns 0 or -1. */
int table_write(const struct table *t, enum out_format fmt, FILE *f);

#endif
