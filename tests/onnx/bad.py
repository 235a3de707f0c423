#!/usr/bin/env python3
"""bad.py CASE OUT.onnx — well-formed ONNX files that describe impossible graphs.

Each case is something mlfit must refuse with a message naming the node
or input (exit status 3), or, for unsupported, accept with a warning:
  cycle            two nodes that feed each other
  zero-dim         an input with a dimension of 0
  negative-dim     an input with a dimension of -5
  conv-channels    a convolution whose weights expect 4 channels of a 3-channel input
  overflow         an input whose dimensions multiply past 2^63
  broadcast        an Add of 64- and 32-channel maps
  dangling         a node reading a tensor nothing produces
  unsupported      an operator mlfit has no rule for (a warning, not an error)
  symbolic-seq     a token input with a symbolic sequence axis (needs --seq)
"""

import sys

from onnx import helper

from onnxgen import Graph, INT64, conv, relu, save


def cycle(g):
    x = g.input("input", [1, 8])
    g.nodes.append(helper.make_node("Add", [x, "b"], ["a"], name="add_a"))
    g.nodes.append(helper.make_node("Relu", ["a"], ["b"], name="relu_b"))
    return "b"


def zero_dim(g):
    return relu(g, conv(g, g.input("input", [1, 3, 0, 224]), 3, 8, 3))


def negative_dim(g):
    return relu(g, conv(g, g.input("input", [1, 3, -5, 224]), 3, 8, 3))


def conv_channels(g):
    return relu(g, conv(g, g.input("input", [1, 3, 224, 224]), 4, 8, 3))


def overflow(g):
    return relu(g, g.input("input", [1 << 32, 1 << 32, 4]))


def broadcast(g):
    x = g.input("input", [1, 3, 56, 56])
    return g.node("Add", [conv(g, x, 3, 64, 1), conv(g, x, 3, 32, 1)])


def dangling(g):
    x = g.input("input", [1, 8])
    return g.node("Add", [x, "nowhere"])


def unsupported(g):
    x = conv(g, g.input("input", [1, 3, 32, 32]), 3, 8, 3, 1, 1)
    x = g.node("Resize", [x], mode="nearest")
    return relu(g, x)


def symbolic_seq(g):
    ids = g.input("input_ids", ["batch", "sequence"], INT64)
    return g.node("Gather", [g.weight("embeddings", [1000, 16]), ids])


CASES = {
    "cycle": cycle,
    "zero-dim": zero_dim,
    "negative-dim": negative_dim,
    "conv-channels": conv_channels,
    "overflow": overflow,
    "broadcast": broadcast,
    "dangling": dangling,
    "unsupported": unsupported,
    "symbolic-seq": symbolic_seq,
}


def main(argv):
    if len(argv) != 3 or argv[1] not in CASES:
        sys.exit("usage: bad.py {%s} OUT.onnx" % ",".join(CASES))
    g = Graph()
    save(g.model(CASES[argv[1]](g)), argv[2])


if __name__ == "__main__":
    main(sys.argv)
