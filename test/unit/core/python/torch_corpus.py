"""Runs each PyTorch model file of the corpus and prints, as JSON, what PyTorch itself measures:
every leaf module's output shape in call order (forward hooks), the parameters (trainable and
not) and BatchNorm's running statistics (buffers), or the error PyTorch raises.

Usage: python3 torch_corpus.py FILE...   (each file defines `model` and a `# netlens: input` comment)
"""
import json
import re
import sys

import torch

INPUT = re.compile(r"#\s*netlens\s*:\s*input\s+(\d+(?:\s*[x×,]\s*\d+)*)", re.I)
CALL = re.compile(r"torch\.(?:randn|zeros)\((\d+(?:,\s*\d+)+)\)")
SUMMARY = re.compile(r"input_size=\((\d+(?:,\s*\d+)+)\)")


def input_shape(text):
    m = INPUT.search(text)
    if m:
        return [int(d) for d in re.split(r"\s*[x×,]\s*", m.group(1))]
    m = CALL.search(text) or SUMMARY.search(text)
    return [int(d) for d in m.group(1).split(",")][1:]


def measure(path):
    text = open(path, encoding="utf-8").read()
    # The file's own forward calls and summary() are not run: only its definitions are.
    defs = "\n".join(l for l in text.splitlines() if not re.match(r"^(out|y|print|summary)\b|^from torchinfo", l))
    scope = {"__name__": "corpus"}
    exec(compile(defs, path, "exec"), scope)
    model = scope["model"]
    model.eval()
    rows, entered = [], []
    for name, module in model.named_modules():
        if len(list(module.children())) == 0:
            module.register_forward_pre_hook(lambda m, i, name=name: entered.append(name))
            module.register_forward_hook(lambda m, i, o, name=name: rows.append({"name": name, "shape": list(o.shape[1:])}))
    trainable = sum(p.numel() for p in model.parameters() if p.requires_grad)
    frozen = sum(p.numel() for p in model.parameters() if not p.requires_grad)
    buffers = sum(b.numel() for n, b in model.named_buffers() if n.endswith("running_mean") or n.endswith("running_var"))
    result = {"rows": rows, "trainable": trainable, "frozen": frozen, "buffers": buffers}
    try:
        with torch.no_grad():
            out = model(torch.zeros(2, *input_shape(text)))
        result["output"] = list(out.shape[1:])
    except Exception as e:  # PyTorch's own message: the test reads its numbers
        result["error"] = str(e).splitlines()[0]
        result["failedIn"] = entered[-1] if entered else None
    return result


print(json.dumps({p: measure(p) for p in sys.argv[1:]}))
