"""Trains an exported NetLens PyTorch script's model for a few steps with the script's own functions,
for the weight-decay and augmentation tests (weightDecay.test.ts).

    weight_decay_steps.py steps SCRIPT CASE.json -> JSON {Keras key: flat weights} after the steps
        CASE: {"weights": {key: {"shape": [...], "values": [...]}}, "x": [[...]], "y": [...],
               "optimizer": name, "lr": float, "weight_decay": float, "steps": int}
        Each step: loss = loss_and_correct + regularization_loss, backward, apply_weight_decay, step,
        as the script's training loop does.
    weight_decay_steps.py augment SCRIPT CASE.json -> JSON the augmented batch and what it moved
    weight_decay_steps.py watch SCRIPT CASE.json -> JSON BestEpoch's verdict per validation loss
"""
import importlib.util
import json
import os
import sys
import tempfile


def load(path):
    spec = importlib.util.spec_from_file_location('exported', path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main():
    command, path, case_path = sys.argv[1:4]
    mod = load(path)
    np, torch = mod.np, mod.torch
    with open(case_path) as f:
        case = json.load(f)
    if command == 'steps':
        model = mod.Model()
        arrays = {k: np.array(v['values'], dtype=np.float32).reshape(v['shape']) for k, v in case['weights'].items()}
        with tempfile.TemporaryDirectory() as d:
            npz = os.path.join(d, 'w.npz')
            np.savez(npz, **arrays)
            mod.load_weights(model, npz)
            x = torch.tensor(case['x'], dtype=torch.float32)
            y = torch.tensor(case['y'], dtype=torch.long)
            optimizer = mod.make_optimizer(model.parameters(), case['optimizer'], case['lr'])
            model.train()
            for _ in range(case['steps']):
                loss, _ = mod.loss_and_correct(model(x).float(), y)
                loss = loss + mod.regularization_loss(model)
                optimizer.zero_grad(set_to_none=True)
                loss.backward()
                mod.apply_weight_decay(model, case['lr'], case['weight_decay'])
                optimizer.step()
            out_path = os.path.join(d, 'out.npz')
            mod.save_weights(model, out_path)
            with np.load(out_path) as out:
                result = {k: out[k].astype(np.float64).reshape(-1).tolist() for k in out.files}
            if case['optimizer'] == 'adam':
                # The same steps with torch.optim.AdamW (no apply_weight_decay): the largest difference.
                twin = mod.Model()
                mod.load_weights(twin, npz)
                adamw = torch.optim.AdamW(twin.parameters(), lr=case['lr'], betas=(0.9, 0.999), eps=1e-7, weight_decay=case['weight_decay'])
                for _ in range(case['steps']):
                    loss, _ = mod.loss_and_correct(twin(x).float(), y)
                    loss = loss + mod.regularization_loss(twin)
                    adamw.zero_grad(set_to_none=True)
                    loss.backward()
                    adamw.step()
                result['adamwMaxDiff'] = max(float((a - b).abs().max()) for a, b in zip(model.parameters(), twin.parameters()))
            print(json.dumps(result))
    elif command == 'watch':
        watch = mod.BestEpoch(case['patience'], case['min_delta'])
        losses = [float('nan') if v is None else v for v in case['losses']]
        print(json.dumps({'verdicts': [watch.observe(i + 1, v) for i, v in enumerate(losses)], 'best': watch.best_epoch}))
    elif command == 'augment':
        xb = torch.tensor(case['x'], dtype=torch.float32)
        gen = torch.Generator().manual_seed(case['seed'])
        out = mod.augment_batch(xb, case['augment'], gen)
        print(json.dumps({'out': out.tolist()}))


if __name__ == '__main__':
    main()
