#!/usr/bin/env python3
"""check_report.py — a report's text, tables and charts hold the numbers of its
JSON (issue 12).

Usage: check_report.py KIND REPORT.json REPORT.md REPORT.tex REPORT.html

- the HTML's <script type="application/json"> and the Markdown's json block
  are the --format json text, byte for byte;
- every number in the Markdown and LaTeX text (headings, the command line,
  the catalog hash and the JSON block aside) is a JSON number at the
  precision printed, or that number in hours (from seconds), per cent (from
  a fraction) or years (from seconds); small whole numbers (ranks, counts,
  months, years) are exempt;
- the summary's headline figures are the JSON's: for a plan the plan's CO2e,
  energy and cost; for recommend and estimate the chosen run's CO2e, energy;
- the HTML is XML (xmllint), has no script to run, no style or image from
  elsewhere, links only to the catalog's citation URLs, and holds the charts
  of its kind, each with a <title>, axis labels and a data table.
Exits 1 listing what is wrong.
"""
import json
import re
import subprocess
import sys

bad = []


def numbers_of(obj, out):
    if isinstance(obj, bool) or obj is None:
        return
    if isinstance(obj, (int, float)):
        out.append(float(obj))
    elif isinstance(obj, dict):
        for v in obj.values():
            numbers_of(v, out)
    elif isinstance(obj, list):
        for v in obj:
            numbers_of(v, out)
    elif isinstance(obj, str):
        # figures the report quotes inside strings (assumptions' values)
        for m in re.finditer(r"-?\d+(?:\.\d+)?(?:e[-+]?\d+)?", obj):
            out.append(float(m.group(0)))


def tolerance(text):
    low = text.lower()
    mant, _, exp = low.partition("e")
    decimals = len(mant.split(".")[1]) if "." in mant else 0
    return 0.5 * 10 ** ((int(exp) if exp else 0) - decimals) * 1.0001


FACTORS = (1, 1 / 3600, 100, 1 / 31557600, 1 / 86400, 1000)


def matches(text, pool):
    v = float(text)
    tol = tolerance(text)
    if "." not in text and "e" not in text.lower() and abs(v) >= 1e4:
        tol = 0.5001
    for j in pool:
        for f in FACTORS:
            if abs(j * f - v) <= tol:
                return True
    return False


NUM = re.compile(r"(?<![\w.:/-])-?\d+(?:\.\d+)?(?:e[-+]?\d+)?(?![\w/])")


def check_text(name, text, pool):
    n = 0
    for line in text.splitlines():
        s = line.strip()
        if s.startswith(("#", "Command:", "\\section", "mlfit ", "Catalog:")) or "hash" in s:
            continue
        s = re.sub(r"\bmlfit \d+\.\d+\.\d+", "", s)
        s = s.replace("CO$_2$e", "CO2e")
        s = re.sub(r"https?://\S+", "", s)
        for m in NUM.finditer(s):
            t = m.group(0)
            v = float(t)
            n += 1
            if v == int(v) and 0 <= v <= 2100 and "." not in t:
                continue  # ranks, counts, months, years
            if not matches(t, pool):
                bad.append("%s: %s is no number of the JSON: %s" % (name, t, line.strip()[:160]))
    return n


def headline(kind, name, text, j):
    r = j["result"]
    if kind == "plan":
        want = [("kg CO2e", r["plan"]["co2e_kg"]), ("kWh", r["plan"]["energy_kwh"]),
                ("USD", r["plan"]["cost_usd"])]
        m = re.search(r"the plan emits (\S+) kg CO2e, uses (\S+) kWh and costs (\S+) USD", text)
        got = m.groups() if m else None
    else:
        e = r if kind == "estimate" else r["best"]
        want = [("kWh", e["energy_kwh"]["facility"]), ("kg CO2e", e["co2e_kg"]["total"])]
        m = re.search(r": \S+ h(?: \([^)]*\))?, (\S+) kWh.*?, (\S+) kg CO2e", text)
        got = m.groups() if m else None
    if got is None:
        bad.append("%s: no headline figures in the summary" % name)
        return
    for (unit, w), g in zip(want, got):
        if not abs(float(g) - w) <= max(tolerance(g), 0.5001 if "." not in g else 0):
            bad.append("%s: summary says %s %s, JSON %s" % (name, g, unit, w))


CHARTS = {
    "plan": ["chart-options-co2e", "chart-pareto", "chart-cumulative", "chart-breakeven",
             "chart-energy-split", "chart-co2e-split", "chart-tornado-co2e", "chart-tornado-cost"],
    "recommend": ["chart-options-co2e", "chart-pareto", "chart-energy-split", "chart-co2e-split",
                  "chart-tornado-co2e", "chart-tornado-cost"],
    "estimate": ["chart-energy-split", "chart-co2e-split", "chart-tornado-co2e",
                 "chart-tornado-cost"],
}


TIMINGS = ("load_s", "estimate_s", "solve_s")


def untimed(o):
    """The JSON without what differs between two runs: -o and the clock."""
    if isinstance(o, dict):
        return {k: untimed(v) for k, v in o.items() if k != "command" and k not in TIMINGS}
    if isinstance(o, list):
        return [untimed(v) for v in o]
    return o


def same_json(a, b):
    """Two runs' JSON are the same but for -o and timings (one run's are identical)."""
    try:
        return untimed(json.loads(a)) == untimed(json.loads(b))
    except ValueError:
        return False


def check_html(kind, html, json_text, j):
    p = subprocess.run(["xmllint", "--noout", "-"], input=html, capture_output=True, text=True)
    if p.returncode != 0:
        bad.append("HTML is not well-formed XML: " + p.stderr[:300])
    m = re.search(r'<script type="application/json" id="report-data">\n(.*?)</script>', html, re.S)
    if not m or not same_json(m.group(1), json_text):
        bad.append("HTML appendix differs from --format json")
    if len(re.findall(r"<script", html)) != 1:
        bad.append("HTML has a script other than the JSON appendix")
    if re.search(r"<(link|img|iframe|object|embed)\b|\bsrc=|url\(|@import", html):
        bad.append("HTML loads something from elsewhere")
    cites = {s for s in re.findall(r'https?://[^"<\s]+', json.dumps(j))}
    for url in re.findall(r'href="(https?://[^"]+)"', html):
        if url.replace("&amp;", "&") not in cites and url not in cites:
            bad.append("HTML links to %s, which is no citation" % url)
    for url in re.findall(r'(?:https?:)?//[^"<\s&\\)]+', re.sub(r'href="[^"]*"', "", html)):
        if url not in ("http://www.w3.org/2000/svg", "http://www.w3.org/1999/xhtml") and \
                not any(url.startswith(c) or c.startswith(url) for c in cites):
            bad.append("HTML names an external URL: %s" % url)
    for cid in CHARTS[kind]:
        m = re.search(r'<svg [^>]*id="%s".*?</svg>\s*</figure>\s*<table class="data">' % cid, html, re.S)
        if not m:
            bad.append("HTML has no chart %s with its data table" % cid)
            continue
        svg = m.group(0)
        if "<title" not in svg or 'class="al"' not in svg:
            bad.append("chart %s lacks a title or axis labels" % cid)
    return m


def main():
    kind, jpath, mdpath, texpath, htmlpath = sys.argv[1:6]
    json_text = open(jpath).read()
    j = json.loads(json_text)
    pool = []
    numbers_of(j, pool)
    md = open(mdpath).read()
    tex = open(texpath).read()
    html = open(htmlpath).read()
    blocks = re.findall(r"```json\n(.*?)```", md, re.S)
    if not blocks or not same_json(blocks[-1], json_text):
        bad.append("Markdown appendix differs from --format json")
    md_text = re.sub(r"```json\n.*?```", "", md, flags=re.S)
    n = check_text("md", md_text, pool)
    n += check_text("latex", tex, pool)
    headline(kind, "md", md_text, j)
    headline(kind, "latex", tex.replace("\\_", "_"), j)
    check_html(kind, html, json_text, j)
    for b in bad:
        print("FAIL: " + b)
    print("%s report: %d numbers checked, %d problems" % (kind, n, len(bad)))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
