"""Runs exported NetLens scripts inside one Python process for the export tests.

    run_exported.py summaries SCRIPT...          -> JSON {script: rows} (forward hooks, as --summary)
    run_exported.py steps N SCRIPT...            -> JSON {script: [loss per step]} after main(['--steps', N])
    run_exported.py logits SCRIPT NPZ INPUT.npy  -> JSON logits of the model with the .npz weights (eval mode),
                                                 and whether save_weights writes the .npz back unchanged
    run_exported.py datasets DATASETS.py SPEC    -> JSON samples of the Python recipe of the synthetic sets
    run_exported.py penalty SCRIPT               -> JSON regularization_loss(model) on fixed weights, and
                                                 every weight by its Keras key (flat), for the test to recompute
"""
import contextlib
import importlib.util
import io
import json
import math
import re
import sys


def load(path, index=0):
    spec = importlib.util.spec_from_file_location(f'exported_{index}', path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main():
    command = sys.argv[1]
    if command == 'summaries':
        out = {}
        for i, path in enumerate(sys.argv[2:]):
            mod = load(path, i)
            mod.torch.manual_seed(0)
            out[path] = mod.summarize(mod.Model())
        print(json.dumps(out))
    elif command == 'steps':
        n = sys.argv[2]
        out = {}
        for i, path in enumerate(sys.argv[3:]):
            mod = load(path, i)
            text = io.StringIO()
            with contextlib.redirect_stdout(text):
                mod.main(['--steps', n, '--batch-size', '8', '--cpu'])
            out[path] = [float(x) for x in re.findall(r'^step \d+/\d+ - loss: (\S+)$', text.getvalue(), re.M)]
        print(json.dumps(out))
    elif command == 'logits':
        mod = load(sys.argv[2])
        model = mod.Model()
        mod.load_weights(model, sys.argv[3])
        model.eval()
        x = mod.torch.from_numpy(mod.np.load(sys.argv[4]))
        with mod.torch.no_grad():
            logits = model(x).double().tolist()
        # --save writes the same file back: Keras names, Keras layouts, the same values.
        resaved = sys.argv[4] + '.resaved.npz'
        mod.save_weights(model, resaved)
        with mod.np.load(sys.argv[3]) as a, mod.np.load(resaved) as b:
            same = sorted(a.files) == sorted(b.files) and all(a[k].shape == b[k].shape and (a[k] == b[k]).all() for k in a.files)
        print(json.dumps({'logits': logits, 'resavedIdentical': bool(same)}))
    elif command == 'datasets':
        namespace = {'np': __import__('numpy'), 'math': math}
        with open(sys.argv[2]) as f:
            exec(f.read(), namespace)
        out = {}
        for name, args in json.loads(sys.argv[3]).items():
            maker = namespace['make_shapes'] if name.startswith('shapes') else namespace['make_toy']
            xs, labels = maker(*args)
            out[name] = {'xs': xs.reshape(-1).astype(float).tolist(), 'labels': labels.tolist()}
        print(json.dumps(out))
    elif command == 'penalty':
        mod = load(sys.argv[2])
        model = mod.Model()
        torch = mod.torch
        with torch.no_grad():
            # Fixed weights: k/64 - 1/2 for k = 0, 1, ... per tensor, exact in float32.
            for p in model.parameters():
                p.copy_((torch.arange(p.numel(), dtype=torch.float64) % 97 / 64 - 0.5).reshape(p.shape))
        params = dict(model.named_parameters())
        weights = {key: params[target].detach().double().reshape(-1).tolist() for key, target, _ in mod.WEIGHTS}
        loss = mod.regularization_loss(model)
        print(json.dumps({'penalty': float(loss), 'weights': weights, 'requiresGrad': bool(getattr(loss, 'requires_grad', False))}))
    else:
        raise SystemExit(f'unknown command {command}')


if __name__ == '__main__':
    main()
