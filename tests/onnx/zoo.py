#!/usr/bin/env python3
"""zoo.py MODEL OUT.onnx [--raw] — the zoo's architectures as ONNX graphs.

The layouts follow torchvision and Hugging Face's BertModel as
torch.onnx.export writes them (opset 13, dynamic batch and sequence axes),
so that `mlfit profile OUT.onnx` can be checked against the published
parameter and multiply-accumulate counts and against the zoo's XML.
MODEL: alexnet, vgg16, resnet18, resnet50, mobilenet_v2, bert-base,
bert-large, or tiny (a small CNN; with --raw its weights are written, for
tests that need a real file to cut up).
"""

import sys

from onnxgen import (Graph, attention, bn, conv, gelu, gemm, head, image_input, layernorm,
                     linear, maxpool, relu, relu6, save, INT64)


def alexnet(g):
    x = image_input(g)
    for cin, cout, k, s, p, pool in ((3, 64, 11, 4, 2, True), (64, 192, 5, 1, 2, True),
                                     (192, 384, 3, 1, 1, False), (384, 256, 3, 1, 1, False),
                                     (256, 256, 3, 1, 1, True)):
        x = relu(g, conv(g, x, cin, cout, k, s, p))
        if pool:
            x = maxpool(g, x, 3, 2)
    # AdaptiveAvgPool2d((6, 6)) of a 6x6 map exports as nothing
    return classifier(g, x, 9216)


def classifier(g, x, cin):
    """AlexNet's and VGG's three fully connected layers (dropout is gone in eval)."""
    x = g.node("Flatten", [x], axis=1)
    x = relu(g, gemm(g, x, cin, 4096))
    x = relu(g, gemm(g, x, 4096, 4096))
    return gemm(g, x, 4096, 1000)


def vgg16(g):
    x, cin = image_input(g), 3
    for width, n in ((64, 2), (128, 2), (256, 3), (512, 3), (512, 3)):
        for _ in range(n):
            x, cin = relu(g, conv(g, x, cin, width, 3, 1, 1)), width
        x = maxpool(g, x, 2, 2)
    # AdaptiveAvgPool2d((7, 7)) of a 7x7 map exports as nothing
    return classifier(g, x, 25088)


def stem(g):
    x = image_input(g)
    x = relu(g, bn(g, conv(g, x, 3, 64, 7, 2, 3, bias=False), 64))
    return maxpool(g, x, 3, 2, 1)


def basic(g, x, cin, cout, stride):
    y = relu(g, bn(g, conv(g, x, cin, cout, 3, stride, 1, bias=False), cout))
    y = bn(g, conv(g, y, cout, cout, 3, 1, 1, bias=False), cout)
    if stride != 1 or cin != cout:
        x = bn(g, conv(g, x, cin, cout, 1, stride, 0, bias=False), cout)
    return relu(g, g.node("Add", [y, x]))


def bottleneck(g, x, cin, width, stride):
    cout = 4 * width
    y = relu(g, bn(g, conv(g, x, cin, width, 1, bias=False), width))
    y = relu(g, bn(g, conv(g, y, width, width, 3, stride, 1, bias=False), width))
    y = bn(g, conv(g, y, width, cout, 1, bias=False), cout)
    if stride != 1 or cin != cout:
        x = bn(g, conv(g, x, cin, cout, 1, stride, 0, bias=False), cout)
    return relu(g, g.node("Add", [y, x]))


def resnet(g, blocks, bottlenecks):
    x, cin = stem(g), 64
    for stage, n in enumerate(blocks):
        width = 64 << stage
        for i in range(n):
            stride = 2 if stage > 0 and i == 0 else 1
            if bottlenecks:
                x, cin = bottleneck(g, x, cin, width, stride), 4 * width
            else:
                x, cin = basic(g, x, cin, width, stride), width
    return head(g, x, cin)


def inverted_residual(g, x, cin, cout, stride, t):
    hidden = cin * t
    y = x
    if t != 1:
        y = relu6(g, bn(g, conv(g, y, cin, hidden, 1, bias=False), hidden))
    y = relu6(g, bn(g, conv(g, y, hidden, hidden, 3, stride, 1, hidden, bias=False), hidden))
    y = bn(g, conv(g, y, hidden, cout, 1, bias=False), cout)
    return g.node("Add", [x, y]) if stride == 1 and cin == cout else y


def mobilenet_v2(g):
    x = relu6(g, bn(g, conv(g, image_input(g), 3, 32, 3, 2, 1, bias=False), 32))
    cin = 32
    for t, c, n, s in ((1, 16, 1, 1), (6, 24, 2, 2), (6, 32, 3, 2), (6, 64, 4, 2),
                       (6, 96, 3, 1), (6, 160, 3, 2), (6, 320, 1, 1)):
        for i in range(n):
            x, cin = inverted_residual(g, x, cin, c, s if i == 0 else 1, t), c
    x = relu6(g, bn(g, conv(g, x, 320, 1280, 1, bias=False), 1280))
    return head(g, x, 1280)


def bert(g, layers, width, heads, ff):
    ids = g.input("input_ids", ["batch", "sequence"], INT64)
    types = g.input("token_type_ids", ["batch", "sequence"], INT64)
    # position ids: a buffer (int64, not a parameter) sliced to the sequence length
    positions = g.ints(list(range(512)))
    seq = g.node("Gather", [g.node("Shape", [ids]), g.ints([1])], axis=0)
    pos = g.node("Slice", [positions, g.ints([0]), seq, g.ints([0])])
    x = g.node("Gather", [g.weight("word_embeddings", [30522, width]), ids])
    x = g.node("Add", [x, g.node("Gather", [g.weight("token_type_embeddings", [2, width]), types])])
    x = g.node("Add", [x, g.node("Gather", [g.weight("position_embeddings", [512, width]), pos])])
    # BERT-large uses the fused LayerNormalization (opset 17 exports), base the decomposed form
    fused = layers > 12
    x = layernorm(g, x, width, not fused)
    for _ in range(layers):
        x = layernorm(g, g.node("Add", [x, attention(g, x, width, heads)]), width, not fused)
        y = linear(g, gelu(g, linear(g, x, width, ff)), ff, width)
        x = layernorm(g, g.node("Add", [x, y]), width, not fused)
    first = g.node("Gather", [x, g.ints([0], scalar=True)], axis=1)
    return g.node("Tanh", [gemm(g, first, width, width)])


def tiny(g):
    x = relu(g, bn(g, conv(g, image_input(g, 1), 3, 8, 3, 2, 1, bias=False), 8))
    x = maxpool(g, x, 3, 2, 1)
    x = basic(g, x, 8, 16, 2)
    return head(g, x, 16, 10)


BUILDERS = {
    "alexnet": alexnet,
    "vgg16": vgg16,
    "resnet18": lambda g: resnet(g, (2, 2, 2, 2), False),
    "resnet50": lambda g: resnet(g, (3, 4, 6, 3), True),
    "mobilenet_v2": mobilenet_v2,
    "bert-base": lambda g: bert(g, 12, 768, 12, 3072),
    "bert-large": lambda g: bert(g, 24, 1024, 16, 4096),
    "tiny": tiny,
}


def main(argv):
    if len(argv) < 3 or argv[1] not in BUILDERS:
        sys.exit("usage: zoo.py {%s} OUT.onnx [--raw]" % ",".join(BUILDERS))
    opset = 17 if argv[1] == "bert-large" else 13
    g = Graph(raw_weights="--raw" in argv[3:], opset=opset)
    save(g.model(BUILDERS[argv[1]](g)), argv[2])


if __name__ == "__main__":
    main(sys.argv)
