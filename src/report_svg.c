/*
 * report_svg.c — the report's charts as inline SVG: horizontal bars,
 * stacked bars, a tornado, a scatter with its Pareto front, a line chart.
 *
 * Each chart is a self-contained <svg> with a <title> (read by screen
 * readers and shown as a tooltip), axis labels with units and "nice"
 * ticks (1, 2, 2.5 or 5 times a power of ten).  Series differ in shade
 * and in dash pattern, not only in hue, so a chart reads in grey print;
 * infeasible options are drawn as dashed outlines.  Labels too long for
 * the margin are shortened with "…"; the data table beside every chart
 * (report_html.c) has them in full.  No script, no external reference.
 */
#include "config.h"

#define MLF_NAN ((double)NAN)

#include "report.h"

#include <math.h>
#include <string.h>

#define W 720.0
#define ROW 22.0
#define TOP 34.0
#define BOTTOM 46.0
#define RIGHT 24.0
#define LABEL_CHARS 40

static const char *const fills[] = { "#1f4e79", "#6fa8dc", "#b4c7e7", "#e69138", "#93c47d" };
static const char *const dashes[] = { "", "6 3", "2 2", "8 2 2 2", "1 3" };

size_t
report_svg_ticks(double lo, double hi, double *ticks, size_t max)
{
	double span = hi - lo, raw, mag, step, t;
	size_t n = 0;

	if (!(span > 0) || !isfinite(span) || max < 2) {
		if (max > 0)
			ticks[n++] = lo;
		return n;
	}
	raw = span / 5;
	mag = pow(10, floor(log10(raw)));
	step = raw / mag <= 1 ? mag : raw / mag <= 2 ? 2 * mag : raw / mag <= 2.5 ? 2.5 * mag
	       : raw / mag <= 5 ? 5 * mag : 10 * mag;
	for (t = ceil(lo / step - 1e-9) * step; t <= hi + step * 1e-9 && n < max; t += step)
		ticks[n++] = fabs(t) < step * 1e-9 ? 0 : t;
	return n;
}

/* Axis range covering lo..hi, widened to whole ticks. */
static void
nice_range(double lo, double hi, double *a, double *b)
{
	double ticks[32];
	size_t n;

	if (!(hi > lo)) {
		hi = lo + (lo != 0 ? fabs(lo) : 1);
		lo = lo > 0 ? 0 : lo;
	}
	n = report_svg_ticks(lo, hi, ticks, 32);
	*a = lo;
	*b = hi;
	if (n >= 2) {
		double step = ticks[1] - ticks[0];

		*a = ticks[0] > lo ? ticks[0] - step : ticks[0];
		*b = ticks[n - 1] < hi ? ticks[n - 1] + step : ticks[n - 1];
	}
}

static void
text_short(FILE *out, const char *s)
{
	size_t len = strlen(s);

	if (len <= LABEL_CHARS) {
		report_html_escape(out, s);
		return;
	}
	{
		char buf[LABEL_CHARS + 1];

		memcpy(buf, s, LABEL_CHARS - 1);
		buf[LABEL_CHARS - 1] = '\0';
		report_html_escape(out, buf);
		fputs("…", out);
	}
}

static void
svg_open(FILE *out, const struct report_chart *c, double h)
{
	fprintf(out, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" id=\"%s\" "
		"viewBox=\"0 0 %.0f %.0f\" width=\"%.0f\" height=\"%.0f\" role=\"img\" "
		"aria-labelledby=\"%s-title\">\n<title id=\"%s-title\">", c->id, W, h, W, h,
		c->id, c->id);
	report_html_escape(out, c->title);
	fputs("</title>\n", out);
	fprintf(out, "<text x=\"%.0f\" y=\"14\" class=\"ct\">", W / 2);
	report_html_escape(out, c->title);
	fputs("</text>\n", out);
}

/* The value axis along the bottom, from x0 to x1 (pixels) for a..b, with its label. */
static void
x_axis(FILE *out, const struct report_chart *c, double x0, double x1, double y, double a,
       double b)
{
	double ticks[32];
	size_t i, n = report_svg_ticks(a, b, ticks, 32);
	char buf[48];

	fprintf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" class=\"ax\"/>\n",
		x0, y, x1, y);
	for (i = 0; i < n; i++) {
		double x = x0 + (ticks[i] - a) / (b - a) * (x1 - x0);

		fprintf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" class=\"gr\"/>"
			"<text x=\"%.1f\" y=\"%.1f\" class=\"tk\">%s</text>\n", x, TOP - 4, x, y + 4,
			x, y + 16, report_num(ticks[i], buf, sizeof(buf)));
	}
	fprintf(out, "<text x=\"%.1f\" y=\"%.1f\" class=\"al\">", (x0 + x1) / 2, y + 34);
	report_html_escape(out, c->x_label);
	fputs("</text>\n", out);
}

/* A value axis up the left side, y0 (bottom) to y1 (top). */
static void
y_axis(FILE *out, const struct report_chart *c, double x, double y0, double y1, double a,
       double b, double xr)
{
	double ticks[32];
	size_t i, n = report_svg_ticks(a, b, ticks, 32);
	char buf[48];

	fprintf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" class=\"ax\"/>\n",
		x, y0, x, y1);
	for (i = 0; i < n; i++) {
		double y = y0 - (ticks[i] - a) / (b - a) * (y0 - y1);

		fprintf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" class=\"gr\"/>"
			"<text x=\"%.1f\" y=\"%.1f\" class=\"tk\" text-anchor=\"end\">%s</text>\n",
			x - 4, y, xr, y, x - 6, y + 4, report_num(ticks[i], buf, sizeof(buf)));
	}
	fprintf(out, "<text x=\"14\" y=\"%.1f\" class=\"al\" transform=\"rotate(-90 14 %.1f)\">",
		(y0 + y1) / 2, (y0 + y1) / 2);
	report_html_escape(out, c->y_label);
	fputs("</text>\n", out);
}

static void
legend(FILE *out, const struct report_chart *c, double y)
{
	double x = 60;
	size_t s;

	for (s = 0; s < c->nseries; s++) {
		fprintf(out, "<rect x=\"%.1f\" y=\"%.1f\" width=\"12\" height=\"12\" fill=\"%s\" "
			"stroke=\"#000\" stroke-dasharray=\"%s\"/><text x=\"%.1f\" y=\"%.1f\" "
			"class=\"lg\">", x, y, fills[s % 5], dashes[s % 5], x + 16, y + 10);
		report_html_escape(out, c->series[s]);
		fputs("</text>\n", out);
		x += 28 + 7.0 * (double)strlen(c->series[s]);
	}
}

static void
category_label(FILE *out, const struct report_chart *c, size_t i, double y)
{
	fprintf(out, "<text x=\"%.1f\" y=\"%.1f\" class=\"cl\"%s>", 292.0, y + ROW / 2 + 4,
		c->muted && c->muted[i] ? " fill=\"#777\"" : "");
	if ((int)i == c->marked)
		fputs("▶ ", out);
	text_short(out, c->labels[i]);
	if (c->muted && c->muted[i])
		fputs(" (infeasible)", out);
	fputs("</text>\n", out);
}

/* Bars, stacked bars and the tornado share the layout: a row per category. */
static void
rows_chart(FILE *out, const struct report_chart *c)
{
	double h = TOP + ROW * (double)c->n + BOTTOM + (c->nseries > 1 ? 24 : 0);
	double x0 = 300, x1 = W - RIGHT, lo = 0, hi = 0, a, b;
	size_t i, s;

	for (i = 0; i < c->n; i++) {
		double sum = 0;

		for (s = 0; s < c->nseries; s++) {
			double v = c->values[i * c->nseries + s];

			if (!isfinite(v))
				continue;
			if (c->kind == CHART_STACKED)
				sum += v;
			else {
				lo = fmin(lo, v);
				hi = fmax(hi, v);
			}
		}
		if (c->kind == CHART_STACKED)
			hi = fmax(hi, sum);
	}
	if (c->kind == CHART_TORNADO) {
		lo = fmin(lo, c->base);
		hi = fmax(hi, c->base);
		if (lo >= 0 && c->n > 0) {
			double m = HUGE_VAL;

			for (i = 0; i < c->n * c->nseries; i++)
				if (isfinite(c->values[i]))
					m = fmin(m, c->values[i]);
			lo = fmin(m, c->base);
		}
	}
	nice_range(lo, hi, &a, &b);
	svg_open(out, c, h);
	x_axis(out, c, x0, x1, TOP + ROW * (double)c->n, a, b);
	for (i = 0; i < c->n; i++) {
		double y = TOP + ROW * (double)i, start = c->kind == CHART_TORNADO ? c->base : 0;
		bool muted = c->muted && c->muted[i];
		char buf[48];

		category_label(out, c, i, y);
		for (s = 0; s < c->nseries; s++) {
			double v = c->values[i * c->nseries + s], from = start, to = v;
			double px, pw;

			if (!isfinite(v))
				continue;
			if (c->kind == CHART_STACKED) {
				from = start;
				to = start + v;
				start = to;
			}
			px = x0 + (fmin(from, to) - a) / (b - a) * (x1 - x0);
			pw = fabs(to - from) / (b - a) * (x1 - x0);
			fprintf(out, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
				"fill=\"%s\" stroke=\"#000\" stroke-width=\"0.5\"%s><title>", px, y + 3,
				pw, ROW - 6, muted ? "#ddd" : fills[s % 5],
				muted ? " stroke-dasharray=\"3 2\"" : "");
			report_html_escape(out, c->labels[i]);
			fputs(", ", out);
			report_html_escape(out, c->series[s]);
			fprintf(out, ": %s</title></rect>\n", report_num(v, buf, sizeof(buf)));
		}
	}
	if (c->kind == CHART_TORNADO) {
		double x = x0 + (c->base - a) / (b - a) * (x1 - x0);
		char buf[48];

		fprintf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" class=\"mk\"/>"
			"<text x=\"%.1f\" y=\"%.1f\" class=\"tk\">central %s</text>\n", x, TOP - 6, x,
			TOP + ROW * (double)c->n, x, TOP - 8, report_num(c->base, buf, sizeof(buf)));
	}
	if (c->nseries > 1)
		legend(out, c, h - 20);
	fputs("</svg>\n", out);
}

static void
scatter_chart(FILE *out, const struct report_chart *c)
{
	double h = 380, x0 = 80, x1 = W - RIGHT, y0 = h - BOTTOM - 10, y1 = TOP;
	double xa = HUGE_VAL, xb = -HUGE_VAL, ya = HUGE_VAL, yb = -HUGE_VAL, a, b, ca, cb;
	size_t i, j, nf = 0, order[256];
	char bx[48], by[48];

	for (i = 0; i < c->n; i++) {
		double x = c->values[i * 2], y = c->values[i * 2 + 1];

		if (!isfinite(x) || !isfinite(y))
			continue;
		xa = fmin(xa, x), xb = fmax(xb, x), ya = fmin(ya, y), yb = fmax(yb, y);
	}
	if (!(xa <= xb))
		xa = 0, xb = 1, ya = 0, yb = 1;
	nice_range(fmin(0, xa), xb, &a, &b);
	nice_range(fmin(0, ya), yb, &ca, &cb);
	svg_open(out, c, h);
	x_axis(out, c, x0, x1, y0, a, b);
	y_axis(out, c, x0, y0, y1, ca, cb, x1);
	/* the front, joined in order of x */
	for (i = 0; c->front && i < c->n && nf < 256; i++)
		if (c->front[i] && isfinite(c->values[i * 2]) && isfinite(c->values[i * 2 + 1]))
			order[nf++] = i;
	for (i = 1; i < nf; i++)
		for (j = i; j > 0 && c->values[order[j] * 2] < c->values[order[j - 1] * 2]; j--) {
			size_t t = order[j];

			order[j] = order[j - 1];
			order[j - 1] = t;
		}
	if (nf > 1) {
		fputs("<polyline class=\"front\" points=\"", out);
		for (i = 0; i < nf; i++)
			fprintf(out, "%s%.1f,%.1f", i ? " " : "",
				x0 + (c->values[order[i] * 2] - a) / (b - a) * (x1 - x0),
				y0 - (c->values[order[i] * 2 + 1] - ca) / (cb - ca) * (y0 - y1));
		fputs("\"/>\n", out);
	}
	for (i = 0; i < c->n; i++) {
		double vx = c->values[i * 2], vy = c->values[i * 2 + 1], px, py;
		bool on = c->front && c->front[i];

		if (!isfinite(vx) || !isfinite(vy))
			continue;
		px = x0 + (vx - a) / (b - a) * (x1 - x0);
		py = y0 - (vy - ca) / (cb - ca) * (y0 - y1);
		fprintf(out, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%s\" fill=\"%s\" stroke=\"#000\">"
			"<title>", px, py, (int)i == c->marked ? "7" : "4",
			on ? fills[0] : "#fff");
		report_html_escape(out, c->labels[i]);
		fprintf(out, ": %s, %s%s</title></circle>\n", report_num(vx, bx, sizeof(bx)),
			report_num(vy, by, sizeof(by)), on ? " (on the front)" : "");
		if ((int)i == c->marked) {
			fprintf(out, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"11\" fill=\"none\" "
				"stroke=\"#000\" stroke-width=\"2\"/><text x=\"%.1f\" y=\"%.1f\" "
				"class=\"lg\">chosen: ", px, py, px + 14, py - 10);
			text_short(out, c->labels[i]);
			fputs("</text>\n", out);
		}
	}
	fprintf(out, "<text x=\"%.1f\" y=\"%.1f\" class=\"lg\">filled: on the Pareto front "
		"(joined); ringed: the chosen plan</text>\n", x0 + 8, y1 + 12);
	fputs("</svg>\n", out);
}

static void
line_chart(FILE *out, const struct report_chart *c)
{
	double h = 360, x0 = 90, x1 = W - RIGHT, y0 = h - BOTTOM - 30, y1 = TOP;
	double xa = HUGE_VAL, xb = -HUGE_VAL, ya = 0, yb = -HUGE_VAL, a, b, ca, cb;
	size_t i, s;

	for (i = 0; i < c->n; i++) {
		xa = fmin(xa, c->xs[i]);
		xb = fmax(xb, c->xs[i]);
		for (s = 0; s < c->nseries; s++)
			if (isfinite(c->values[i * c->nseries + s])) {
				ya = fmin(ya, c->values[i * c->nseries + s]);
				yb = fmax(yb, c->values[i * c->nseries + s]);
			}
	}
	if (!(xa < xb))
		xa = 0, xb = 1;
	if (!(yb > ya))
		yb = ya + 1;
	a = xa;
	b = xb;
	nice_range(ya, yb, &ca, &cb);
	svg_open(out, c, h);
	x_axis(out, c, x0, x1, y0, a, b);
	y_axis(out, c, x0, y0, y1, ca, cb, x1);
	for (s = 0; s < c->nseries; s++) {
		bool started = false;

		fprintf(out, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\" "
			"stroke-dasharray=\"%s\" points=\"", fills[s % 5], dashes[s % 5]);
		for (i = 0; i < c->n; i++) {
			double v = c->values[i * c->nseries + s];

			if (!isfinite(v))
				continue;
			fprintf(out, "%s%.1f,%.1f", started ? " " : "",
				x0 + (c->xs[i] - a) / (b - a) * (x1 - x0),
				y0 - (v - ca) / (cb - ca) * (y0 - y1));
			started = true;
		}
		fputs("\"><title>", out);
		report_html_escape(out, c->series[s]);
		fputs("</title></polyline>\n", out);
	}
	if (isfinite(c->mark_x) && c->mark_x >= a && c->mark_x <= b) {
		double x = x0 + (c->mark_x - a) / (b - a) * (x1 - x0);

		fprintf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" class=\"mk\"/>"
			"<text x=\"%.1f\" y=\"%.1f\" class=\"lg\">", x, y1, x, y0, x + 4, y1 + 12);
		report_html_escape(out, c->mark_label ? c->mark_label : "");
		fputs("</text>\n", out);
	}
	legend(out, c, h - 22);
	fputs("</svg>\n", out);
}

void
report_svg_chart(FILE *out, const struct report_chart *c)
{
	switch (c->kind) {
	case CHART_SCATTER:
		scatter_chart(out, c);
		break;
	case CHART_LINE:
		line_chart(out, c);
		break;
	default:
		rows_chart(out, c);
	}
}
