/*
 * test_report.c — the report's document, writers, charts and escaping
 * (report.c, report_svg.c, report_html.c, report_md.c, report_latex.c).
 */
#include "config.h"

#include <string.h>
#include <unistd.h>

#include "helpers.h"
#include "report.h"

/* Writes fn's output into a string (the caller frees it). */
static char *
capture(void (*fn)(FILE *, const void *), const void *arg)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	fn(f, arg);
	fclose(f);
	return buf;
}

static void
html_escape_fn(FILE *f, const void *s)
{
	report_html_escape(f, s);
}

static void
latex_escape_fn(FILE *f, const void *s)
{
	report_latex_escape(f, s);
}

static void
md_escape_fn(FILE *f, const void *s)
{
	report_md_escape(f, s);
}

static const char nasty[] = "a<b & 5% c_d #1 'q' \"r\" $x {y}";

static void
test_report_escape__html(void **state)
{
	char *s = capture(html_escape_fn, nasty);

	(void)state;
	assert_string_equal(s, "a&lt;b &amp; 5% c_d #1 &#39;q&#39; &quot;r&quot; $x {y}");
	free(s);
}

static void
test_report_escape__latex(void **state)
{
	char *s = capture(latex_escape_fn, nasty);

	(void)state;
	assert_string_equal(s, "a\\textless{}b \\& 5\\% c\\_d \\#1 'q' \"r\" \\$x \\{y\\}");
	free(s);
	s = capture(latex_escape_fn, "~^\\");
	assert_string_equal(s, "\\textasciitilde{}\\textasciicircum{}\\textbackslash{}");
	free(s);
}

static void
test_report_escape__markdown(void **state)
{
	char *s = capture(md_escape_fn, "a<b & 5% c_d #1 |x| *y* [z]");

	(void)state;
	assert_string_equal(s, "a\\<b &amp; 5% c\\_d \\#1 \\|x\\| \\*y\\* \\[z\\]");
	free(s);
}

static void
test_report_num__forms(void **state)
{
	char b[48];

	(void)state;
	assert_string_equal(report_num(0, b, sizeof(b)), "0");
	assert_string_equal(report_num(647.3775, b, sizeof(b)), "647.4");
	assert_string_equal(report_num(68540.9, b, sizeof(b)), "68541");
	assert_string_equal(report_num(0.0305206, b, sizeof(b)), "0.03052");
	assert_string_equal(report_num(1.3e11, b, sizeof(b)), "1.300e+11");
	assert_string_equal(report_num(2.5e-5, b, sizeof(b)), "2.500e-05");
	assert_string_equal(report_num(-12.34567, b, sizeof(b)), "-12.35");
	assert_string_equal(report_num((double)NAN, b, sizeof(b)), "n/a");
}

static void
test_report_svg_ticks__nice_steps(void **state)
{
	double t[32];
	size_t n;

	(void)state;
	n = report_svg_ticks(0, 80000, t, 32);		/* span/5 = 16000 -> step 20000 */
	assert_int_equal(n, 5);
	assert_close(t[1], 20000, 1e-12);
	assert_close(t[4], 80000, 1e-12);
	n = report_svg_ticks(0, 1, t, 32);		/* 0.2 */
	assert_int_equal(n, 6);
	assert_close(t[1], 0.2, 1e-12);
	n = report_svg_ticks(0.3, 1.1, t, 32);		/* 0.16 -> 0.2, from 0.4 */
	assert_int_equal(n, 4);
	assert_close(t[0], 0.4, 1e-12);
	n = report_svg_ticks(-50, 50, t, 32);		/* 20 -> 25: -50 -25 0 25 50 */
	assert_int_equal(n, 5);
	assert_true(t[2] == 0);
	assert_int_equal(report_svg_ticks(3, 3, t, 32), 1);	/* no span */
	assert_int_equal(report_svg_ticks(0, 1e6, t, 3), 3);	/* capped */
}

static struct report *
sample(void)
{
	static const char *const head[2] = { "name", "CO2e (kg)" };
	static const bool numeric[2] = { false, true };
	struct report *r = report_new("A <report> & 5% #1");
	struct report_table *t;
	struct report_chart *c;
	const char *row[2] = { "x_<y>&z", "1.5" };

	report_section_add(r, "s1", "1. First & <last>");
	report_para(r, "Costs %d %% more_than 'that'", 5);
	t = report_table_add(r, "Tab & le", 2, head, numeric);
	report_table_row(t, row);
	c = report_chart_add(r, CHART_BAR, "chart-x", "CO2e <per> option", "CO2e (kg)", "option", 2, 1);
	report_chart_series(c, 0, "CO2e (kg)");
	report_chart_label(c, 0, "a & b");
	report_chart_label(c, 1, "<infeasible>");
	*report_chart_value(c, 0, 0) = 12.5;
	*report_chart_value(c, 1, 0) = (double)NAN;
	c->muted = calloc(2, sizeof(bool));
	c->muted[1] = true;
	c->marked = 0;
	report_code(r, "latex", "CO$_2$e \\& more");
	r->data = json_pack("{s:s}", "name", "</script><b>&");
	return r;
}

static char *
render(const struct report *r, enum report_format fmt)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	assert_int_equal(report_write(r, fmt, f), 0);
	fclose(f);
	return buf;
}

static void
test_report_write__html_escapes_everything(void **state)
{
	struct report *r = sample();
	char *s = render(r, REPORT_HTML);

	(void)state;
	assert_non_null(strstr(s, "<title>A &lt;report&gt; &amp; 5% #1</title>"));
	assert_non_null(strstr(s, "<h2>1. First &amp; &lt;last&gt;</h2>"));
	assert_non_null(strstr(s, "<p>Costs 5 % more_than &#39;that&#39;</p>"));
	assert_non_null(strstr(s, "<td>x_&lt;y&gt;&amp;z</td><td class=\"n\">1.5</td>"));
	/* the chart: a title, the bar's value, the infeasible one greyed, and its data table */
	assert_non_null(strstr(s, "<title id=\"chart-x-title\">CO2e &lt;per&gt; option</title>"));
	assert_non_null(strstr(s, "a &amp; b, CO2e (kg): 12.5</title>"));
	assert_non_null(strstr(s, "&lt;infeasible&gt; (infeasible)</text>"));
	assert_non_null(strstr(s, "<td>a &amp; b (chosen)</td><td class=\"n\">12.5</td>"));
	assert_non_null(strstr(s, "<td>&lt;infeasible&gt; (infeasible)</td><td class=\"n\">n/a</td>"));
	/* the JSON cannot close its element early */
	assert_non_null(strstr(s, "\\u003c/script\\u003e\\u003cb\\u003e\\u0026"));
	assert_null(strstr(s, "</script><b>"));
	free(s);
	report_free(r);
}

static void
test_report_write__markdown_and_latex(void **state)
{
	struct report *r = sample();
	char *md = render(r, REPORT_MD), *tex = render(r, REPORT_LATEX), *js;

	(void)state;
	assert_non_null(strstr(md, "# A \\<report\\> &amp; 5% \\#1\n"));
	assert_non_null(strstr(md, "| x\\_\\<y\\>&amp;z | 1.5 |\n"));
	assert_non_null(strstr(md, "| --- | ---: |\n"));
	assert_non_null(strstr(md, "| a &amp; b (chosen) | 12.5 |\n"));
	assert_non_null(strstr(md, "```latex\nCO$_2$e \\& more\n```"));
	assert_non_null(strstr(tex, "\\section*{1. First \\& \\textless{}last\\textgreater{}}"));
	assert_non_null(strstr(tex, "Costs 5 \\% more\\_than 'that'"));
	assert_non_null(strstr(tex, "x\\_\\textless{}y\\textgreater{}\\&z & 1.5 \\\\"));
	assert_non_null(strstr(tex, "\nCO$_2$e \\& more\n"));	/* LaTeX code pasted as is */
	assert_non_null(strstr(tex, "\\end{document}"));
	js = render(r, REPORT_JSON);
	assert_string_equal(js, "{\n  \"name\": \"\\u003c/script\\u003e\\u003cb\\u003e\\u0026\"\n}\n");
	free(md);
	free(tex);
	free(js);
	report_free(r);
}

static void
test_report_format__names_and_paths(void **state)
{
	(void)state;
	assert_int_equal(report_format_parse("html"), REPORT_HTML);
	assert_int_equal(report_format_parse("markdown"), REPORT_MD);
	assert_int_equal(report_format_parse("tex"), REPORT_LATEX);
	assert_int_equal(report_format_parse("pdf"), -1);
	assert_int_equal(report_format_from_path("a/b.htm"), REPORT_HTML);
	assert_int_equal(report_format_from_path("r.md"), REPORT_MD);
	assert_int_equal(report_format_from_path("r.tex"), REPORT_LATEX);
	assert_int_equal(report_format_from_path("r.json"), REPORT_JSON);
	assert_int_equal(report_format_from_path("r.txt"), -1);
}

static void
test_report_write_file__whole_or_nothing(void **state)
{
	struct report *r = sample();
	struct mlf_err err;
	char dir[] = "/tmp/mlfit-test-report.XXXXXX", path[256], *s;
	FILE *f;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/r.html", dir);
	assert_int_equal(report_write_file(r, REPORT_HTML, path, stdout, &err), 0);
	f = fopen(path, "r");
	assert_non_null(f);
	fclose(f);
	assert_int_equal(report_write_file(r, REPORT_JSON, dir, stdout, &err), -1);
	assert_int_equal(err.code, MLF_E_DATA);
	assert_non_null(strstr(err.msg, "is a directory"));
	assert_int_equal(report_write_file(r, REPORT_JSON, "/dev/full", stdout, &err), -1);
	assert_non_null(strstr(err.msg, "No space left on device"));
	s = render(r, REPORT_HTML);
	free(s);
	unlink(path);
	rmdir(dir);
	report_free(r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_report_escape__html),
		cmocka_unit_test(test_report_escape__latex),
		cmocka_unit_test(test_report_escape__markdown),
		cmocka_unit_test(test_report_num__forms),
		cmocka_unit_test(test_report_svg_ticks__nice_steps),
		cmocka_unit_test(test_report_write__html_escapes_everything),
		cmocka_unit_test(test_report_write__markdown_and_latex),
		cmocka_unit_test(test_report_format__names_and_paths),
		cmocka_unit_test(test_report_write_file__whole_or_nothing),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
