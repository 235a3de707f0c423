/*
 * report_md.c — the report as Markdown (CommonMark with GitHub's pipe
 * tables): the same sections as HTML, each chart given as its data
 * table, paper paragraphs as fenced code, the JSON appendix fenced too.
 */
#include "config.h"

#include <stdlib.h>

#include "report.h"

static int
md_begin(FILE *out, const struct report *r)
{
	fputs("# ", out);
	report_md_escape(out, r->title);
	fputs("\n\n", out);
	if (r->subtitle != NULL) {
		report_md_escape(out, r->subtitle);
		fputs("\n\n", out);
	}
	return ferror(out) ? -1 : 0;
}

static int
md_section(FILE *out, const struct report *r, const struct report_section *s)
{
	(void)r;
	fputs("## ", out);
	report_md_escape(out, s->title);
	fputs("\n\n", out);
	return ferror(out) ? -1 : 0;
}

static void
md_table(FILE *out, const struct report_table *t)
{
	size_t i, j;

	if (t->caption != NULL) {
		fputs("**", out);
		report_md_escape(out, t->caption);
		fputs("**\n\n", out);
	}
	for (j = 0; j < t->ncols; j++) {
		fputs("| ", out);
		report_md_escape(out, t->head[j][0] ? t->head[j] : " ");
		fputc(' ', out);
	}
	fputs("|\n", out);
	for (j = 0; j < t->ncols; j++)
		fputs(t->numeric[j] ? "| ---: " : "| --- ", out);
	fputs("|\n", out);
	for (i = 0; i < t->nrows; i++) {
		for (j = 0; j < t->ncols; j++) {
			fputs("| ", out);
			report_md_escape(out, t->cells[i * t->ncols + j]);
			fputc(' ', out);
		}
		fputs("|\n", out);
	}
	fputc('\n', out);
}

static int
md_block(FILE *out, const struct report *r, const struct report_block *b)
{
	struct report_table *t;

	(void)r;
	switch (b->kind) {
	case RB_PARA:
		report_md_escape(out, b->text);
		fputs("\n\n", out);
		break;
	case RB_CODE:
		fprintf(out, "```%s\n%s\n```\n\n", b->lang, b->text);
		break;
	case RB_TABLE:
		md_table(out, b->table);
		break;
	case RB_CHART:
		t = report_chart_table(b->chart);
		md_table(out, t);
		report_table_free(t);
		break;
	}
	return ferror(out) ? -1 : 0;
}

static int
md_end(FILE *out, const struct report *r)
{
	char *json = report_json_text(r);

	fprintf(out, "```json\n%s```\n", json);
	free(json);
	return ferror(out) ? -1 : 0;
}

const struct report_writer report_writer_md = {
	"md", md_begin, md_section, md_block, md_end
};
