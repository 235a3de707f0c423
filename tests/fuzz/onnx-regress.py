#!/usr/bin/env python3
"""onnx-regress.py DIR — the hostile ONNX files of issue 15, written into DIR.

Each is a small, well-formed protobuf whose graph makes a shape computation
overflow, cast 1e300 or NaN, or read past a buffer; mlfit must answer every
one with a node-named message and exit status 3.  The files are committed
under tests/fuzz/regress/onnx/ (this script is how they were made).
"""

import os
import sys

from onnx import TensorProto, helper

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "onnx"))
from onnxgen import Graph, save, INT64  # noqa: E402

DOUBLE = TensorProto.DOUBLE
BIG = 4611686018427387904  # 2^62


def const(g, dtype, dims, values):
    return g.node("Constant", [], value=helper.make_tensor("v", dtype, dims, values))


def expand_scalar(g):
    x = const(g, TensorProto.FLOAT, [], [1.0])
    return g.node("Expand", [x, g.ints([64])])


def reshape_to(value):
    def build(g):
        x = g.input("input", [2, 3])
        return g.node("Reshape", [x, const(g, DOUBLE, [1], [value])])
    return build


def reshape_bad_first(g):
    x = g.input("input", [2, 3])
    return g.node("Reshape", [x, g.ints([-2, 3, 4])])


def pad_overflow(g):
    x = g.input("input", [1, 8])
    return g.node("Pad", [x, g.ints([0, 9223372036854775000, 0, 9223372036854775000])])


def same_padding_overflow(g):
    x = g.input("input", [1, 3, 8, 8])
    return g.node("Conv", [x, g.weight("w", [4, 3, 3, 3])], auto_pad="SAME_UPPER",
                  dilations=[BIG, 1])


def group_overflow(g):
    x = g.input("input", [1, 2, 8, 8])
    return g.node("Conv", [x, g.weight("w", [BIG, 2, 1, 1])], group=BIG)


def flatten_zero_overflow(g):
    z = g.node("ConstantOfShape", [g.ints([0, 4294967296, 4294967296, 4])])
    return g.node("Flatten", [z], axis=1)


def split_sum_overflow(g):
    x = g.input("input", [1, 8])
    outs = g.node("Split", [x], outputs=3, axis=1,
                  split=[9223372036854775807, 9223372036854775807, 10])
    return outs[0]


def range_huge(g):
    return g.node("Range", [const(g, DOUBLE, [], [0.0]), const(g, DOUBLE, [], [1e300]),
                            const(g, DOUBLE, [], [1.0])])


def tile_huge(g):
    x = g.input("input", [1, 8])
    return g.node("Tile", [x, const(g, DOUBLE, [2], [1e300, 1.0])])


def empty_string_attr(g):
    x = g.input("input", [1, 3, 8, 8])
    return g.node("Conv", [x, g.weight("w", [4, 3, 3, 3])], auto_pad="")


CASES = {
    "expand-scalar": expand_scalar,
    "reshape-1e300": reshape_to(1e300),
    "reshape-nan": reshape_to(float("nan")),
    "reshape-bad-first": reshape_bad_first,
    "pad-overflow": pad_overflow,
    "same-padding-overflow": same_padding_overflow,
    "group-overflow": group_overflow,
    "flatten-zero-overflow": flatten_zero_overflow,
    "split-sum-overflow": split_sum_overflow,
    "range-1e300": range_huge,
    "tile-1e300": tile_huge,
    "empty-string-attr": empty_string_attr,
}


def varint(n):
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        out.append(b | (0x80 if n else 0))
        if not n:
            return bytes(out)


def double_data_varint(path):
    """An initializer whose double_data (field 10) comes as a varint, last in the file."""
    g = Graph()
    x = g.input("input", [1])
    y = g.node("Add", [x, "t"])
    m = g.model(y)
    t = TensorProto()
    t.name = "t"
    t.dims.append(1)
    t.data_type = DOUBLE
    tensor = t.SerializeToString() + bytes([10 << 3 | 0, 1])
    graph = m.graph.SerializeToString() + bytes([5 << 3 | 2]) + varint(len(tensor)) + tensor
    m.ClearField("graph")
    with open(path, "wb") as f:
        f.write(m.SerializeToString() + bytes([7 << 3 | 2]) + varint(len(graph)) + graph)


def main(argv):
    if len(argv) != 2:
        sys.exit("usage: onnx-regress.py DIR")
    for name, build in CASES.items():
        g = Graph()
        save(g.model(build(g)), os.path.join(argv[1], name + ".onnx"))
    double_data_varint(os.path.join(argv[1], "double-data-varint.onnx"))


if __name__ == "__main__":
    main(sys.argv)
