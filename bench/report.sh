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
	tail -1 "$WORK/t"
}
one() {	# one NAME CATALOG WORKLOADS: plan, report, report without sensitivity
	name=$1 cat=$2 file=$3
	p=$(secs "$MLFIT" -q --catalog "$cat" plan "$file" --format json)
	r=$(secs "$MLFIT" -q --catalog "$cat" report plan "$file" -o "$WORK/r.html")
	n=$(secs "$MLFIT" -q --catalog "$cat" report plan "$file" --no-sensitivity -o "$WORK/n.html")
	python3 -c "import sys; p,r,n=map(float,sys.argv[1:]); print('%s: plan %.2f s, report %.2f s (%.0f x), without sensitivity %.2f s (%.0f x)' % ('$name', p, r, r/max(p,1e-3), n, n/max(p,1e-3)))" "$p" "$r" "$n"
}
python3 "$srcdir/bench/gen-portfolio.py" 1000 "$WORK/site.xml" >"$WORK/portfolio.xml"
one "example portfolio (11 workloads)" "$WORK/site.xml" "$srcdir/data/examples/portfolio.xml"
one "1,000 workloads" "$WORK/site.xml" "$WORK/portfolio.xml"
