#!/bin/sh
# bench/report.sh — how long `mlfit report plan` takes, against `mlfit plan` on the
# same input in the same run: the example portfolio, and 1,000 workloads from
# bench/gen-portfolio.py.  A report runs the plan, re-solves it for the two other
# objectives and twice per uncertain input (5 s limit each), and writes the HTML.
# Prints seconds and the ratio report / plan.  Run by `make bench`.
set -eu
: "${MLFIT:?MLFIT must name the mlfit binary}"
: "${srcdir:=.}"
export LC_ALL=C XDG_DATA_HOME=/nonexistent
WORK=$(mktemp -d "${TMPDIR:-/tmp}/mlfit-bench.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

secs() {	# secs CMD...: wall seconds of one run
	/usr/bin/time -f '%e' -o "$WORK/t" "$@" >/dev/null 2>&1 || true
	cat "$WORK/t"
}
one() {	# one NAME ARGS...: plan, report, report without sensitivity
	name=$1
	shift
	p=$(secs "$MLFIT" -q "$@" --format json)
	r=$(secs "$MLFIT" -q report "$@" -o "$WORK/r.html")
	n=$(secs "$MLFIT" -q report "$@" --no-sensitivity -o "$WORK/n.html")
	python3 -c "import sys; p,r,n=map(float,sys.argv[1:]); print('%s: plan %.2f s, report %.2f s (%.0f x), without sensitivity %.2f s (%.0f x)' % ('$name', p, r, r/max(p,1e-3), n, n/max(p,1e-3)))" "$p" "$r" "$n"
}
one "example portfolio (11 workloads)" plan "$srcdir/data/examples/portfolio.xml"
python3 "$srcdir/bench/gen-portfolio.py" 1000 "$WORK/site.xml" >"$WORK/portfolio.xml"
one "1,000 workloads" --catalog "$WORK/site.xml" plan "$WORK/portfolio.xml"
