/*
 * report_html.c — the report as one self-contained HTML file.
 *
 * Markup is XHTML-compatible (it parses as XML: every element closed,
 * entities escaped), so xmllint can check it and any XML tool can read
 * it.  Styles are inline, charts inline SVG (report_svg.c), each followed
 * by its data table; there is no script to run and nothing to fetch: the
 * only URLs are the citations' links.  The report's numbers are embedded
 * as JSON in a <script type="application/json"> element, which browsers
 * do not execute.  Print CSS keeps charts and tables whole on A4 and
 * Letter pages and drops the table of contents.
 */
#include "config.h"

#include <string.h>

#include "report.h"

static const char css[] =
	"body{font-family:'DejaVu Sans',Helvetica,Arial,sans-serif;font-size:14px;"
	"line-height:1.45;color:#111;max-width:60em;margin:2em auto;padding:0 1em}\n"
	"h1{font-size:1.6em;margin-bottom:0.2em}h2{font-size:1.25em;border-bottom:1px solid #999;"
	"margin-top:1.6em}\n"
	".sub{color:#333;margin-top:0}\n"
	"table{border-collapse:collapse;margin:0.6em 0 1em;font-size:0.9em}\n"
	"caption{text-align:left;font-weight:bold;padding:0.2em 0}\n"
	"th,td{border:1px solid #888;padding:0.15em 0.5em;vertical-align:top;overflow-wrap:anywhere}\n"
	"th{background:#eee}td.n{text-align:right;font-variant-numeric:tabular-nums}\n"
	"pre{background:#f4f4f4;border:1px solid #bbb;padding:0.6em;white-space:pre-wrap;"
	"font-size:0.85em}\n"
	"figure{margin:1em 0}svg.chart{max-width:100%;height:auto;font-family:inherit}\n"
	"svg .ct{font-size:13px;font-weight:bold;text-anchor:middle}\n"
	"svg .tk{font-size:10px;text-anchor:middle}svg .al{font-size:11px;text-anchor:middle}\n"
	"svg .cl{font-size:11px;text-anchor:end}svg .lg{font-size:11px}\n"
	"svg .ax{stroke:#000}svg .gr{stroke:#ccc;stroke-width:0.5}\n"
	"svg .mk{stroke:#000;stroke-dasharray:4 3;stroke-width:1.5}\n"
	"svg .front{fill:none;stroke:#1f4e79;stroke-width:1.5}\n"
	"nav ul{columns:2;list-style:none;padding-left:1em}\n"
	"@page{margin:14mm}\n"
	"@media print{body{max-width:none;margin:0;font-size:11px}nav{display:none}"
	"figure,table,pre{break-inside:avoid}h2{break-after:avoid}"
	"a{color:inherit;text-decoration:none}}\n";

static int
html_begin(FILE *out, const struct report *r)
{
	size_t i;

	fputs("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\">\n"
	      "<head>\n<meta charset=\"utf-8\"/>\n<title>", out);
	report_html_escape(out, r->title);
	fprintf(out, "</title>\n<style>\n%s</style>\n</head>\n<body>\n<h1>", css);
	report_html_escape(out, r->title);
	fputs("</h1>\n", out);
	if (r->subtitle != NULL) {
		fputs("<p class=\"sub\">", out);
		report_html_escape(out, r->subtitle);
		fputs("</p>\n", out);
	}
	fputs("<nav><ul>\n", out);
	for (i = 0; i < r->nsections; i++) {
		fprintf(out, "<li><a href=\"#%s\">", r->sections[i].id);
		report_html_escape(out, r->sections[i].title);
		fputs("</a></li>\n", out);
	}
	fputs("</ul></nav>\n", out);
	return ferror(out) ? -1 : 0;
}

static int
html_section(FILE *out, const struct report *r, const struct report_section *s)
{
	if (s != &r->sections[0])
		fputs("</section>\n", out);
	fprintf(out, "<section id=\"%s\">\n<h2>", s->id);
	report_html_escape(out, s->title);
	fputs("</h2>\n", out);
	return ferror(out) ? -1 : 0;
}

/* A cell: citation URLs become links, the only external references. */
static void
cell(FILE *out, const char *text)
{
	const char *url = strstr(text, "https://");

	if (url == NULL)
		url = strstr(text, "http://");
	if (url == NULL || strpbrk(url, " <>\"") != NULL) {
		report_html_escape(out, text);
		return;
	}
	{
		char before[1024];
		size_t n = (size_t)(url - text) < sizeof(before) - 1 ? (size_t)(url - text)
								     : sizeof(before) - 1;

		memcpy(before, text, n);
		before[n] = '\0';
		report_html_escape(out, before);
	}
	fputs("<a href=\"", out);
	report_html_escape(out, url);
	fputs("\">", out);
	report_html_escape(out, url);
	fputs("</a>", out);
}

static void
table(FILE *out, const struct report_table *t, const char *cls)
{
	size_t i, j;

	fprintf(out, "<table%s%s%s>\n", cls ? " class=\"" : "", cls ? cls : "", cls ? "\"" : "");
	if (t->caption != NULL) {
		fputs("<caption>", out);
		report_html_escape(out, t->caption);
		fputs("</caption>\n", out);
	}
	fputs("<thead><tr>", out);
	for (j = 0; j < t->ncols; j++) {
		fputs("<th>", out);
		report_html_escape(out, t->head[j]);
		fputs("</th>", out);
	}
	fputs("</tr></thead>\n<tbody>\n", out);
	for (i = 0; i < t->nrows; i++) {
		fputs("<tr>", out);
		for (j = 0; j < t->ncols; j++) {
			fputs(t->numeric[j] ? "<td class=\"n\">" : "<td>", out);
			cell(out, t->cells[i * t->ncols + j]);
			fputs("</td>", out);
		}
		fputs("</tr>\n", out);
	}
	fputs("</tbody>\n</table>\n", out);
}

static int
html_block(FILE *out, const struct report *r, const struct report_block *b)
{
	struct report_table *t;

	(void)r;
	switch (b->kind) {
	case RB_PARA:
		fputs("<p>", out);
		report_html_escape(out, b->text);
		fputs("</p>\n", out);
		break;
	case RB_CODE:
		fprintf(out, "<pre class=\"code\" title=\"%s\"><code>", b->lang);
		report_html_escape(out, b->text);
		fputs("</code></pre>\n", out);
		break;
	case RB_TABLE:
		table(out, b->table, NULL);
		break;
	case RB_CHART:
		fputs("<figure>\n", out);
		report_svg_chart(out, b->chart);
		fputs("</figure>\n", out);
		t = report_chart_table(b->chart);
		table(out, t, "data");
		report_table_free(t);
		break;
	}
	return ferror(out) ? -1 : 0;
}

static int
html_end(FILE *out, const struct report *r)
{
	char *json = report_json_text(r);

	fputs("<script type=\"application/json\" id=\"report-data\">\n", out);
	fputs(json, out);
	fputs("</script>\n", out);
	free(json);
	if (r->nsections > 0)
		fputs("</section>\n", out);
	fputs("</body>\n</html>\n", out);
	return ferror(out) ? -1 : 0;
}

const struct report_writer report_writer_html = {
	"html", html_begin, html_section, html_block, html_end
};
