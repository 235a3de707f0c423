#!/bin/sh
# t7010-model-xml-large.sh — model XML of hundreds of thousands of layers.
#
# Issue 8 item 17: 200,000 layers must load in well under a second (they
# took minutes: naming an unnamed layer counted back through its siblings);
# issue 15: 50,000 <use>s of 50,000 blocks (each <use> scanned every block).
# The counts are the hand-computed sums of the generated layers.
. "${srcdir:-.}/tests/cli/lib.sh"
. "$srcdir/tests/cli/large.sh"

python3 - "$WORK" <<'PY'
import sys
d = sys.argv[1]
with open(d + "/layers.xml", "w") as f:
    f.write('<?xml version="1.0"?>\n<model name="layers">\n<input shape="64"/>\n<layers>\n')
    for i in range(100000):
        f.write('<linear out="64"/>\n<relu/>\n')
    f.write('</layers>\n</model>\n')
with open(d + "/blocks.xml", "w") as f:
    f.write('<?xml version="1.0"?>\n<model name="blocks">\n')
    for i in range(50000):
        f.write('<block name="b%d" args="w"><linear out="$w" bias="false"/></block>\n' % i)
    f.write('<input shape="8"/>\n<layers>\n')
    for i in range(50000):
        f.write('<use block="b%d" w="8"/>\n' % (49999 - i))
    f.write('</layers>\n</model>\n')
PY

run_limited profile "$WORK/layers.xml" --format json
expect_ok "200,000 layers"
# 100,000 linear layers of 64x64 weights + 64 biases; 64x64 MACs each
[ "$(json_get "int(j['params'])")" = 416000000 ] || fail "layers.xml: $(json_get "j['params']") params, expected 416000000"
[ "$(json_get "int(j['macs'])")" = 409600000 ] || fail "layers.xml: $(json_get "j['macs']") MACs, expected 409600000"

run_limited profile "$WORK/layers.xml" --layers --format csv
expect_ok "200,000 layers, listed"
# the last unnamed relu is the 100,000th of its name among its siblings
printf '%s\n' "$out" | grep -q '^relu100000,' || fail "layers.xml: no layer named relu100000"

run_limited profile "$WORK/blocks.xml" --format json
expect_ok "50,000 blocks"
[ "$(json_get "int(j['params'])")" = 3200000 ] || fail "blocks.xml: $(json_get "j['params']") params, expected 3200000"
finish
