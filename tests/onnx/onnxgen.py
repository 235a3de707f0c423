"""onnxgen — build ONNX graphs the way torch.onnx.export lays them out.

Only python3-onnx (onnx.helper) is needed: no torch.  Weights are declared
with their shapes and, unless raw weights are asked for, stored as
external data that is never written, so a ResNet-50 graph is a few
kilobytes; mlfit reads shapes, never weight values.
"""

import math

import onnx
from onnx import TensorProto, helper

FLOAT = TensorProto.FLOAT
INT64 = TensorProto.INT64


class Graph:
    """A graph under construction: nodes, initializers, inputs."""

    def __init__(self, raw_weights=False, opset=13):
        self.nodes = []
        self.inits = []
        self.inputs = []
        self.outputs = []
        self.count = 0
        self.raw = raw_weights
        self.opset = opset

    def fresh(self, prefix):
        self.count += 1
        return "%s_%d" % (prefix, self.count)

    def weight(self, prefix, dims):
        """A float32 weight of the given shape; returns its name."""
        t = TensorProto()
        t.name = self.fresh(prefix)
        t.dims.extend(dims)
        t.data_type = FLOAT
        size = 4 * math.prod(dims)
        if self.raw:
            t.raw_data = bytes(size)
        else:
            t.data_location = TensorProto.EXTERNAL
            for key, value in (("location", "weights.bin"), ("offset", "0"),
                               ("length", str(size))):
                entry = t.external_data.add()
                entry.key = key
                entry.value = value
        self.inits.append(t)
        return t.name

    def ints(self, values, scalar=False):
        """A small int64 initializer (shapes, axes, indices)."""
        name = self.fresh("const")
        dims = [] if scalar else [len(values)]
        self.inits.append(helper.make_tensor(name, INT64, dims, values))
        return name

    def scalar(self, value):
        """A float32 scalar, as a Constant node (exporters use both forms)."""
        return self.node("Constant", [], value=helper.make_tensor("v", FLOAT, [], [value]))

    def node(self, op, inputs, outputs=1, **attrs):
        names = [self.fresh(op.lower()) for _ in range(outputs)]
        self.nodes.append(helper.make_node(op, inputs, names, name=self.fresh("/" + op),
                                           **attrs))
        return names[0] if outputs == 1 else names

    def input(self, name, dims, dtype=FLOAT):
        self.inputs.append(helper.make_tensor_value_info(name, dtype, dims))
        return name

    def model(self, output):
        self.outputs.append(helper.make_tensor_value_info(output, FLOAT, None))
        graph = helper.make_graph(self.nodes, "g", self.inputs, self.outputs, self.inits)
        m = helper.make_model(graph, producer_name="mlfit-tests",
                              opset_imports=[helper.make_opsetid("", self.opset)])
        m.ir_version = 8
        return m


def save(model, path):
    with open(path, "wb") as f:
        f.write(model.SerializeToString())


# ---- CNN pieces, channels tracked by the caller ----

def conv(g, x, cin, cout, k, stride=1, pad=0, groups=1, bias=True):
    w = g.weight("conv.weight", [cout, cin // groups, k, k])
    ins = [x, w] + ([g.weight("conv.bias", [cout])] if bias else [])
    return g.node("Conv", ins, kernel_shape=[k, k], strides=[stride, stride],
                  pads=[pad] * 4, dilations=[1, 1], group=groups)


def bn(g, x, c):
    ins = [x] + [g.weight("bn." + p, [c]) for p in ("weight", "bias", "running_mean",
                                                     "running_var")]
    return g.node("BatchNormalization", ins, epsilon=1e-5, momentum=0.9)


def relu(g, x):
    return g.node("Relu", [x])


def relu6(g, x):
    lo = g.node("Constant", [], value=helper.make_tensor("v", FLOAT, [], [0.0]))
    hi = g.node("Constant", [], value=helper.make_tensor("v", FLOAT, [], [6.0]))
    return g.node("Clip", [x, lo, hi])


def maxpool(g, x, k, stride, pad=0):
    return g.node("MaxPool", [x], kernel_shape=[k, k], strides=[stride, stride],
                  pads=[pad] * 4, ceil_mode=0)


def head(g, x, cin, classes=1000):
    """Global average pooling, flatten and the classifier, as torchvision exports them."""
    x = g.node("GlobalAveragePool", [x])
    x = g.node("Flatten", [x], axis=1)
    return gemm(g, x, cin, classes)


def gemm(g, x, cin, cout):
    return g.node("Gemm", [x, g.weight("fc.weight", [cout, cin]), g.weight("fc.bias", [cout])],
                  alpha=1.0, beta=1.0, transB=1)


def image_input(g, batch="batch"):
    return g.input("input", [batch, 3, 224, 224])


# ---- transformer pieces ----

def linear(g, x, cin, cout):
    """torch exports nn.Linear on 3-D input as MatMul by the transposed weight + Add."""
    y = g.node("MatMul", [x, g.weight("onnx::MatMul", [cin, cout])])
    return g.node("Add", [g.weight("linear.bias", [cout]), y])


def layernorm(g, x, width, decomposed=True):
    gamma, beta = g.weight("ln.weight", [width]), g.weight("ln.bias", [width])
    if not decomposed:
        return g.node("LayerNormalization", [x, gamma, beta], axis=-1, epsilon=1e-12)
    mean = g.node("ReduceMean", [x], axes=[-1])
    d = g.node("Sub", [x, mean])
    var = g.node("ReduceMean", [g.node("Pow", [d, g.scalar(2.0)])], axes=[-1])
    std = g.node("Sqrt", [g.node("Add", [var, g.scalar(1e-12)])])
    return g.node("Add", [g.node("Mul", [g.node("Div", [d, std]), gamma]), beta])


def gelu(g, x):
    """The erf form, as torch exports nn.GELU before opset 20."""
    e = g.node("Erf", [g.node("Div", [x, g.scalar(math.sqrt(2.0))])])
    return g.node("Mul", [g.node("Mul", [x, g.node("Add", [e, g.scalar(1.0)])]), g.scalar(0.5)])


def dim_of(g, x, axis):
    """Shape(x)[axis] as a 1-element vector: the exporter's dynamic-shape arithmetic."""
    s = g.node("Shape", [x])
    d = g.node("Gather", [s, g.ints([axis], scalar=True)], axis=0)
    return g.node("Unsqueeze", [d, g.ints([0])])


def split_heads(g, x, heads, head_dim, perm):
    shape = g.node("Concat", [dim_of(g, x, 0), dim_of(g, x, 1), g.ints([heads]),
                              g.ints([head_dim])], axis=0)
    return g.node("Transpose", [g.node("Reshape", [x, shape])], perm=perm)


def attention(g, x, width, heads):
    hd = width // heads
    q = split_heads(g, linear(g, x, width, width), heads, hd, [0, 2, 1, 3])
    k = split_heads(g, linear(g, x, width, width), heads, hd, [0, 2, 3, 1])
    v = split_heads(g, linear(g, x, width, width), heads, hd, [0, 2, 1, 3])
    scores = g.node("Div", [g.node("MatMul", [q, k]), g.scalar(math.sqrt(hd))])
    ctx = g.node("MatMul", [g.node("Softmax", [scores], axis=-1), v])
    ctx = g.node("Transpose", [ctx], perm=[0, 2, 1, 3])
    shape = g.node("Concat", [dim_of(g, x, 0), dim_of(g, x, 1), g.ints([width])], axis=0)
    return linear(g, g.node("Reshape", [ctx, shape]), width, width)
