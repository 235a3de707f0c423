/*
 * report_latex.c — the report as a LaTeX article: the sections, every
 * table (and every chart's data) as a tabular, and the paper paragraph
 * pasted as LaTeX, ready to copy into a paper's appendix.  Only base
 * LaTeX is used, so it compiles anywhere (pdflatex, xelatex).
 */
#include "config.h"

#include <string.h>

#include "report.h"

static int
tex_begin(FILE *out, const struct report *r)
{
	fputs("\\documentclass[a4paper,10pt]{article}\n\\usepackage[utf8]{inputenc}\n"
	      "\\usepackage[T1]{fontenc}\n\\usepackage{url}\n\\usepackage[margin=18mm]{geometry}\n"
	      "\\begin{document}\n\\title{", out);
	report_latex_escape(out, r->title);
	fputs("}\n\\date{", out);
	report_latex_escape(out, r->subtitle ? r->subtitle : "");
	fputs("}\n\\maketitle\n\n", out);
	return ferror(out) ? -1 : 0;
}

static int
tex_section(FILE *out, const struct report *r, const struct report_section *s)
{
	(void)r;
	fputs("\\section*{", out);
	report_latex_escape(out, s->title);
	fputs("}\n\n", out);
	return ferror(out) ? -1 : 0;
}

static void
tex_table(FILE *out, const struct report_table *t)
{
	size_t i, j;

	fputs("\\begin{center}\\small\n", out);
	if (t->caption != NULL) {
		fputs("\\textbf{", out);
		report_latex_escape(out, t->caption);
		fputs("}\\\\[0.5ex]\n", out);
	}
	fputs("\\begin{tabular}{", out);
	for (j = 0; j < t->ncols; j++)
		fputs(t->numeric[j] ? "r" : "p{0.3\\textwidth}", out);
	fputs("}\n\\hline\n", out);
	for (j = 0; j < t->ncols; j++) {
		if (j > 0)
			fputs(" & ", out);
		report_latex_escape(out, t->head[j]);
	}
	fputs(" \\\\\n\\hline\n", out);
	for (i = 0; i < t->nrows; i++) {
		for (j = 0; j < t->ncols; j++) {
			if (j > 0)
				fputs(" & ", out);
			report_latex_escape(out, t->cells[i * t->ncols + j]);
		}
		fputs(" \\\\\n", out);
	}
	fputs("\\hline\n\\end{tabular}\n\\end{center}\n\n", out);
}

static int
tex_block(FILE *out, const struct report *r, const struct report_block *b)
{
	struct report_table *t;

	(void)r;
	switch (b->kind) {
	case RB_PARA:
		report_latex_escape(out, b->text);
		fputs("\n\n", out);
		break;
	case RB_CODE:
		if (strcmp(b->lang, "latex") == 0)
			fprintf(out, "%s\n\n", b->text);
		else
			fprintf(out, "\\begin{verbatim}\n%s\n\\end{verbatim}\n\n", b->text);
		break;
	case RB_TABLE:
		tex_table(out, b->table);
		break;
	case RB_CHART:
		t = report_chart_table(b->chart);
		tex_table(out, t);
		report_table_free(t);
		break;
	}
	return ferror(out) ? -1 : 0;
}

static int
tex_end(FILE *out, const struct report *r)
{
	(void)r;
	fputs("The report's numbers are in the same report's JSON (--format json).\n\n"
	      "\\end{document}\n", out);
	return ferror(out) ? -1 : 0;
}

const struct report_writer report_writer_latex = {
	"latex", tex_begin, tex_section, tex_block, tex_end
};
