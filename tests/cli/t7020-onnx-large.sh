#!/bin/sh
# t7020-onnx-large.sh — an ONNX graph of 100,000 nodes, in file order and
# reversed (the loader orders nodes itself), within the memory cap.
. "${srcdir:-.}/tests/cli/lib.sh"
. "$srcdir/tests/cli/large.sh"
[ -n "${PYTHON:-}" ] || { echo "no python3 with onnx: skipped"; exit 77; }

"$PYTHON" - "$WORK" "$srcdir/tests/onnx" <<'PY' || { echo "generator failed"; exit 1; }
import sys
sys.path.insert(0, sys.argv[2])
from onnx import helper
from onnxgen import Graph, save
for name, order in (("chain", 1), ("reversed", -1)):
    g = Graph()
    x = g.input("input", [1, 64])
    for i in range(50000):
        x = g.node("Relu", [x])
        x = g.node("Add", [x, x])
    g.nodes = g.nodes[::order]
    save(g.model(x), "%s/%s.onnx" % (sys.argv[1], name))
PY

for name in chain reversed; do
	run_limited profile "$WORK/$name.onnx" --format json
	expect_ok "$name: 100,000 nodes" || continue
	# 64 FLOPs per Relu and per Add on a 1x64 tensor
	[ "$(json_get "int(j['other_flops'])")" = 6400000 ] ||
		fail "$name.onnx: $(json_get "j['other_flops']") other FLOPs, expected 6400000"
done
finish
