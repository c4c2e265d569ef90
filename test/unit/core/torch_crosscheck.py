"""Builds each NetLens layer config as PyTorch modules and reports what PyTorch measures.

Reads JSON from stdin: [{"id": str, "input": [dims], "layers": [LayerConfig, ...]}] (channels-last,
no batch axis, as src/core/types.ts). Writes JSON to stdout: {id: [{"shape", "params",
"trainable", "nonTrainable", "macs"}, ...]}. Tensors stay channels-last (Keras's layout) and are
permuted to NCHW only around convolutions and pools. Padding follows TensorFlow: "same" pads
max((O-1)*S + F_eff - I, 0) zeros with the odd one after; explicit padding is [[top, bottom],
[left, right]]. Parameter counts are PyTorch's own (numel of parameters; BatchNorm's running mean and
variance buffers are the non-trainable half, as Keras's moving statistics).
"""
import json
import math
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F


def same_split(size, kernel, stride, dilation):
    eff = kernel + (kernel - 1) * (dilation - 1)
    out = -(-size // stride)
    total = max((out - 1) * stride + eff - size, 0)
    return total // 2, total - total // 2


def pad_nchw(x, padding, kernel, strides, dilation, value=0.0):
    if padding == "valid":
        return x
    if padding == "same":
        top, bottom = same_split(x.shape[2], kernel[0], strides[0], dilation[0])
        left, right = same_split(x.shape[3], kernel[1], strides[1], dilation[1])
    else:
        (top, bottom), (left, right) = padding
    return F.pad(x, (left, right, top, bottom), value=value)


def activation_fn(spec):
    name = spec["name"]
    alpha = spec.get("alpha")
    if name == "relu" and spec.get("maxValue") is not None:
        name = "relu_capped"
    table = {
        "linear": lambda x: x,
        "relu": F.relu,
        "sigmoid": torch.sigmoid,
        "tanh": torch.tanh,
        "softmax": lambda x: F.softmax(x, dim=-1),
        "leaky_relu": lambda x: F.leaky_relu(x, alpha if alpha is not None else 0.01),
        "elu": lambda x: F.elu(x, alpha if alpha is not None else 1.0),
        "selu": F.selu,
        "gelu": F.gelu,
        "silu": F.silu,
        "softplus": F.softplus,
        "softsign": F.softsign,
        "hard_sigmoid": lambda x: torch.clamp(0.2 * x + 0.5, 0, 1),
        "relu6": F.relu6,
        "relu_capped": lambda x: torch.clamp(x, 0, spec.get("maxValue")),
        "exponential": torch.exp,
        "prelu": None,  # handled by KerasPReLU
    }
    return table[name]


class KerasPReLU(nn.Module):
    """Keras PReLU: alpha has the per-sample input's shape, with size 1 along each shared axis
    (axes counted as Keras does, the batch being axis 0). Broadcasting checks the shape."""

    def __init__(self, shape, shared_axes=()):
        super().__init__()
        param_shape = [1 if i + 1 in shared_axes else d for i, d in enumerate(shape)]
        self.alpha = nn.Parameter(torch.full(tuple(param_shape), 0.25))

    def forward(self, x):
        return F.relu(x) - self.alpha * F.relu(-x)


class KerasBatchNorm(nn.Module):
    """Keras BatchNormalization(axis, center, scale): gamma if scale and beta if center are
    parameters, the moving mean and variance buffers; F.batch_norm normalizes along `axis` (moved
    to position 1, where PyTorch expects the features) and checks every size."""

    def __init__(self, in_shape, axis, center, scale):
        super().__init__()
        rank = len(in_shape) + 1
        self.axis = axis if axis >= 0 else rank + axis
        size = in_shape[self.axis - 1]
        self.gamma = nn.Parameter(torch.ones(size)) if scale else None
        self.beta = nn.Parameter(torch.zeros(size)) if center else None
        self.register_buffer("moving_mean", torch.zeros(size))
        self.register_buffer("moving_variance", torch.ones(size))

    def forward(self, x):
        y = x.movedim(self.axis, 1)
        y = F.batch_norm(y, self.moving_mean, self.moving_variance, self.gamma, self.beta, training=False)
        return y.movedim(1, self.axis)


class Layer(nn.Module):
    def __init__(self, cfg, in_shape):
        super().__init__()
        self.cfg = cfg
        self.kind = cfg["kind"]
        self.macs = 0
        self.post = None  # activation module with weights (prelu)
        k = self.kind
        if k == "conv2d":
            self.conv = nn.Conv2d(in_shape[2], cfg["filters"], tuple(cfg["kernel"]), stride=tuple(cfg["strides"]),
                                  dilation=tuple(cfg["dilation"]), bias=cfg["useBias"])
        elif k == "dense":
            self.linear = nn.Linear(in_shape[-1], cfg["units"], bias=cfg["useBias"])
        elif k == "maxout":
            self.linear = nn.Linear(in_shape[-1], cfg["units"] * cfg["pieces"])
        elif k == "batchnorm":
            self.bn = KerasBatchNorm(in_shape, cfg.get("axis", -1), cfg.get("center", True), cfg.get("scale", True))
        elif k == "activation" and cfg["activation"]["name"] == "prelu":
            self.post = KerasPReLU(in_shape, cfg["activation"].get("sharedAxes") or ())

    def forward(self, x):
        k, cfg = self.kind, self.cfg
        if k == "conv2d":
            y = pad_nchw(x.permute(0, 3, 1, 2), cfg["padding"], cfg["kernel"], cfg["strides"], cfg["dilation"])
            y = self.conv(y).permute(0, 2, 3, 1)
            self.macs = y.numel() * cfg["kernel"][0] * cfg["kernel"][1] * x.shape[3]
            return self.activate(y)
        if k in ("maxpool2d", "avgpool2d"):
            fill = -math.inf if k == "maxpool2d" else 0.0
            y = pad_nchw(x.permute(0, 3, 1, 2), cfg["padding"], cfg["pool"], cfg["strides"], [1, 1], fill)
            pool = F.max_pool2d if k == "maxpool2d" else F.avg_pool2d
            return pool(y, tuple(cfg["pool"]), tuple(cfg["strides"])).permute(0, 2, 3, 1)
        if k == "globalavgpool2d":
            return x.mean(dim=(1, 2))
        if k == "globalmaxpool2d":
            return x.amax(dim=(1, 2))
        if k == "flatten":
            return x.reshape(x.shape[0], -1)
        if k == "zeropad2d":
            (top, bottom), (left, right) = cfg["padding"]
            return F.pad(x.permute(0, 3, 1, 2), (left, right, top, bottom)).permute(0, 2, 3, 1)
        if k == "dense":
            y = self.linear(x)
            self.macs = y.numel() * x.shape[-1]
            return self.activate(y)
        if k == "maxout":
            y = self.linear(x)
            self.macs = y.numel() * x.shape[-1]
            y = y.reshape(*y.shape[:-1], cfg["units"], cfg["pieces"]).amax(dim=-1)
            return y
        if k == "dropout":
            return F.dropout(x, cfg["rate"], training=False)
        if k == "batchnorm":
            return self.bn(x)
        if k == "activation":
            if self.post is not None:
                return self.post(x)
            return activation_fn(cfg["activation"])(x)
        raise ValueError("unknown kind " + k)

    def activate(self, y):
        if self.cfg["activation"]["name"] == "prelu":
            # A layer's activation=prelu learns alphas over its output, as a PReLU layer after it would.
            self.post = KerasPReLU(y.shape[1:], self.cfg["activation"].get("sharedAxes") or ())
            return self.post(y)
        return activation_fn(self.cfg["activation"])(y)


def measure(spec):
    shape = list(spec["input"])
    x = torch.zeros([1] + shape)
    out = []
    with torch.no_grad():
        for cfg in spec["layers"]:
            layer = Layer(cfg, list(x.shape[1:]))
            layer.eval()
            x = layer(x)
            trainable = sum(p.numel() for p in layer.parameters())
            frozen = sum(b.numel() for name, b in layer.named_buffers() if b.is_floating_point())
            out.append({"shape": list(x.shape[1:]), "params": trainable + frozen, "trainable": trainable,
                        "nonTrainable": frozen, "macs": layer.macs})
    return out


def main():
    torch.set_num_threads(2)
    specs = json.load(sys.stdin)
    result = {"torch": torch.__version__}
    for spec in specs:
        result[spec["id"]] = measure(spec)
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main()
