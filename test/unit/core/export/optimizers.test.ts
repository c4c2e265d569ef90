/**
 * The exported scripts' optimizers and learning-rate schedules mean what the Train panel trains
 * with: each exported PyTorch optimizer (src/core/export/optimizerScript.ts make_optimizer and
 * make_scheduler, run by real PyTorch 1.13) takes the same steps on a fixed tensor as TF.js's
 * optimizer built by the Train panel's own code (webview/shared/training/trainer.ts makeOptimizer,
 * trainConfig.ts scheduledRate), within 1e-5, with hyperparameters away from their defaults.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { analyze } from '../../../../src/core';
import { exportKeras, exportPyTorch } from '../../../../src/core/export';
import { EXPORT_OPTIMIZERS, TFJS_OPTIMIZER_DEFAULTS, withDefaults, type ExportSettings } from '../../../../src/core/export/settings';
import { OPTIMIZER_DEFS } from '../../../../webview/shared/optimizerDefs';
import { disposeOptimizer } from '../../../../webview/shared/tf/optimizers';
import { setLearningRate } from '../../../../webview/shared/tf/schedules';
import { makeOptimizer } from '../../../../webview/shared/training/trainer';
import { scheduledRate, type TrainSchedule, type TrainSettings } from '../../../../webview/shared/training/trainConfig';
import { hasTorch, python } from './python';

const SPEC = 'input 2\ndense 3 activation=softmax\n';
const STEPS = 12;
const BATCHES_PER_EPOCH = 4;
const EPOCHS = 3;
const W0 = [0.8, -1.3, 0.05, 2.1, -0.4, 1e-3];
const A = [1, 3, 0.5, 2, 10, 0.1];
const B = [0.2, -0.1, 0.3, 0, 0.05, -0.02];

/** Each optimizer with hyperparameters off their defaults, and a schedule (every kind and unit appears). */
const CASES: { settings: Pick<TrainSettings, 'optimizer' | 'learningRate' | 'hypers' | 'schedule'> }[] = [
  { settings: { optimizer: 'sgd', learningRate: 0.05, schedule: { kind: 'step', per: 'epoch', stepSize: 1, gamma: 0.5 } } },
  { settings: { optimizer: 'momentum', learningRate: 0.02, hypers: { momentum: 0.8 }, schedule: { kind: 'cosine', per: 'batch', minLr: 0.001, warmupSteps: 3, warmupStart: 0.2 } } },
  { settings: { optimizer: 'nesterov', learningRate: 0.02, hypers: { momentum: 0.7 }, schedule: { kind: 'exponential', per: 'batch', gamma: 0.9 } } },
  { settings: { optimizer: 'adagrad', learningRate: 0.1, hypers: { initialAccumulatorValue: 0.2 } } },
  { settings: { optimizer: 'rmsprop', learningRate: 0.01, hypers: { rho: 0.8, epsilon: 1e-6 }, schedule: { kind: 'constant', per: 'batch', warmupSteps: 5, warmupStart: 0 } } },
  { settings: { optimizer: 'rmsprop', learningRate: 0.01, hypers: { rho: 0.8, momentum: 0.5, epsilon: 1e-6 }, schedule: { kind: 'exponential', per: 'batch', gamma: 0.8 } } },
  { settings: { optimizer: 'adam', learningRate: 0.05, hypers: { beta1: 0.8, beta2: 0.99, epsilon: 1e-6 }, schedule: { kind: 'cosine', per: 'epoch' } } },
  { settings: { optimizer: 'adadelta', learningRate: 0.05, hypers: { rho: 0.9, epsilon: 1e-6 } } },
  { settings: { optimizer: 'adamax', learningRate: 0.05, hypers: { beta1: 0.85, beta2: 0.995, epsilon: 1e-6 }, schedule: { kind: 'step', per: 'batch', stepSize: 5, gamma: 0.3 } } },
];

/** loss(w) = Σ ½·a·w² + b·w + ¼·w⁴: its gradient a·w + b + w³ changes with w, so the optimizers' states matter. */
function tfjsSteps(settings: (typeof CASES)[number]['settings']): { weights: number[][]; rates: number[] } {
  const run = { ...settings, epochs: EPOCHS };
  const w = tf.variable(tf.tensor1d(W0));
  const a = tf.tensor1d(A);
  const b = tf.tensor1d(B);
  const optimizer = makeOptimizer(settings.optimizer, scheduledRate(run, 0, BATCHES_PER_EPOCH), settings.hypers);
  const weights: number[][] = [];
  const rates: number[] = [];
  for (let step = 0; step < STEPS; step++) {
    const rate = scheduledRate(run, step, BATCHES_PER_EPOCH);
    rates.push(rate);
    if (settings.schedule) setLearningRate(optimizer, rate);
    tf.tidy(() => {
      optimizer.minimize(() => tf.sum(tf.addN([tf.mul(0.5, tf.mul(a, tf.square(w))), tf.mul(b, w), tf.mul(0.25, tf.pow(w, 4))])) as tf.Scalar, false, [w]);
    });
    weights.push(Array.from(w.dataSync()));
  }
  disposeOptimizer(optimizer);
  tf.dispose([w, a, b]);
  return { weights, rates };
}

const PY_STEPS = `
import importlib.util, json, sys, torch
spec = importlib.util.spec_from_file_location('exported', sys.argv[1])
mod = importlib.util.module_from_spec(spec)
spec.loader.exec_module(mod)
S = mod.SETTINGS
a = torch.tensor(${JSON.stringify(A)}, dtype=torch.float32)
b = torch.tensor(${JSON.stringify(B)}, dtype=torch.float32)
w = torch.tensor(${JSON.stringify(W0)}, dtype=torch.float32, requires_grad=True)
opt = mod.make_optimizer([w], S['optimizer'], S['lr'], S['hypers'])
sched = mod.make_scheduler(opt, S['schedule'], S['lr'], ${BATCHES_PER_EPOCH}, ${EPOCHS})
weights, rates = [], []
for _ in range(${STEPS}):
    rates.append(opt.param_groups[0]['lr'])
    opt.zero_grad()
    loss = (0.5 * a * w ** 2 + b * w + 0.25 * w ** 4).sum()
    loss.backward()
    opt.step()
    if sched is not None:
        sched.step()
    weights.append(w.detach().tolist())
print(json.dumps({'weights': weights, 'rates': rates, 'optimizer': type(opt).__name__}))
`;

describe('export: the optimizers and schedules equal the Train panel\'s TF.js ones', function () {
  this.timeout(240_000);
  let dir = '';

  before(async function () {
    // TF.js's CPU backend, whatever an earlier test file left selected (e.g. an uninitialized WASM).
    await tf.setBackend('cpu');
    if (!hasTorch()) {
      console.log(`      (skipped: ${python} cannot import torch)`);
      this.skip();
    }
    dir = mkdtempSync(join(tmpdir(), 'netlens-optim-'));
  });
  after(() => { if (dir) rmSync(dir, { recursive: true, force: true }); });

  for (const { settings } of CASES) {
    it(`${settings.optimizer}${settings.hypers?.momentum ? ` (momentum ${settings.hypers.momentum})` : ''}${settings.schedule ? `, ${settings.schedule.kind} schedule per ${settings.schedule.per}${settings.schedule.warmupSteps ? ' with warm-up' : ''}` : ''}: ${STEPS} PyTorch steps equal TF.js's within 1e-5`, () => {
      const exportSettings: ExportSettings = { ...withDefaults(undefined), ...settings, epochs: EPOCHS } as ExportSettings;
      const result = exportPyTorch(analyze(SPEC), { specName: 'opt.netspec', settings: exportSettings });
      assert.ok(result.ok);
      const path = join(dir, `${settings.optimizer}_${CASES.findIndex((c) => c.settings === settings)}.py`);
      writeFileSync(path, result.text);
      const r = spawnSync(python, ['-W', 'ignore', '-c', PY_STEPS, path], { encoding: 'utf8', timeout: 120_000 });
      assert.equal(r.status, 0, r.stderr);
      const torchRun = JSON.parse(r.stdout) as { weights: number[][]; rates: number[]; optimizer: string };
      const ours = tfjsSteps(settings);
      for (let t = 0; t < STEPS; t++) {
        assert.ok(Math.abs(torchRun.rates[t] - ours.rates[t]) <= 1e-9 * Math.max(1, ours.rates[t]), `rate of step ${t}: PyTorch ${torchRun.rates[t]}, TF.js ${ours.rates[t]}`);
        for (let i = 0; i < W0.length; i++) {
          const d = Math.abs(torchRun.weights[t][i] - ours.weights[t][i]);
          assert.ok(d <= 1e-5, `${settings.optimizer} (${torchRun.optimizer}) step ${t + 1} w[${i}]: PyTorch ${torchRun.weights[t][i]}, TF.js ${ours.weights[t][i]}`);
        }
      }
      // The weights really moved (a test that cannot pass by standing still).
      assert.ok(Math.abs(ours.weights[STEPS - 1][1] - W0[1]) > 1e-3);
    });
  }

  it("the export's TF.js defaults are the registry's, and every registry optimizer exports (PyTorch and Keras)", () => {
    assert.deepEqual([...EXPORT_OPTIMIZERS].sort(), OPTIMIZER_DEFS.map((d) => d.id).sort());
    for (const def of OPTIMIZER_DEFS) {
      const own = Object.fromEntries(Object.entries(def.defaults).filter(([k]) => k !== 'learningRate'));
      assert.deepEqual(TFJS_OPTIMIZER_DEFAULTS[def.id], own, def.id);
      const settings = withDefaults({ optimizer: def.id });
      for (const out of [exportPyTorch(analyze(SPEC), { specName: 'o.netspec', settings }), exportKeras(analyze(SPEC), { specName: 'o.netspec', settings })]) {
        assert.ok(out.ok);
        assert.match(out.text, new RegExp(`'optimizer': '${def.id}'`));
      }
    }
  });

  it("the Keras script's PanelSchedule gives every step the panel's rate (Keras's ops stood in for by NumPy: Keras is not installed here)", () => {
    const schedules: TrainSchedule[] = [
      { kind: 'step', per: 'epoch', stepSize: 2, gamma: 0.5, warmupSteps: 3, warmupStart: 0.1 },
      { kind: 'exponential', per: 'batch', gamma: 0.9 },
      { kind: 'cosine', per: 'batch', minLr: 0.001 },
      { kind: 'cosine', per: 'epoch', totalSteps: 2 },
      { kind: 'constant', per: 'batch', warmupSteps: 5 },
    ];
    const fake = join(dir, 'fake');
    mkdirSync(join(fake, 'keras'), { recursive: true });
    writeFileSync(join(fake, 'keras', '__init__.py'), [
      'import types, numpy as np',
      'ops = types.SimpleNamespace(cast=lambda x, t: np.float64(x), floor=np.floor, power=np.power, cos=np.cos, minimum=np.minimum, ones=lambda s: np.ones(s))',
      'class LearningRateSchedule: pass',
      'optimizers = types.SimpleNamespace(schedules=types.SimpleNamespace(LearningRateSchedule=LearningRateSchedule))',
      'layers = types.SimpleNamespace()',
    ].join('\n'));
    const rates: number[][] = [];
    schedules.forEach((schedule, i) => {
      const out = exportKeras(analyze(SPEC), { specName: 'o.netspec', settings: withDefaults({ learningRate: 0.01, epochs: EPOCHS, schedule }) });
      assert.ok(out.ok);
      const path = join(dir, `keras_${i}.py`);
      writeFileSync(path, out.text);
      const r = spawnSync(python, ['-c', `
import importlib.util, json, sys
sys.path.insert(0, ${JSON.stringify(fake)})
spec = importlib.util.spec_from_file_location('k', ${JSON.stringify(path)})
mod = importlib.util.module_from_spec(spec)
spec.loader.exec_module(mod)
s = mod.PanelSchedule(mod.SETTINGS['schedule'], 0.01, ${BATCHES_PER_EPOCH}, ${EPOCHS})
print(json.dumps([float(s(t)) for t in range(${STEPS})]))`], { encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
      rates.push(JSON.parse(r.stdout));
    });
    schedules.forEach((schedule, i) => {
      for (let t = 0; t < STEPS; t++) {
        const ours = scheduledRate({ learningRate: 0.01, epochs: EPOCHS, schedule }, t, BATCHES_PER_EPOCH);
        assert.ok(Math.abs(rates[i][t] - ours) <= 1e-12, `${schedule.kind} per ${schedule.per}, step ${t}: Keras ${rates[i][t]}, panel ${ours}`);
      }
    });
  });

  it('the Keras script writes the hyperparameters and the schedule out', () => {
    const out = exportKeras(analyze(SPEC), {
      specName: 'o.netspec',
      settings: withDefaults({ optimizer: 'adamax', learningRate: 0.01, hypers: { beta1: 0.8 }, schedule: { kind: 'step', per: 'epoch', stepSize: 2, gamma: 0.5 } }),
    });
    assert.ok(out.ok);
    assert.match(out.text, /'hypers': \{'beta1': 0\.8, 'beta2': 0\.999, 'epsilon': 1e-7\}/);
    assert.match(out.text, /'schedule': \{'kind': 'step', 'per': 'epoch', 'gamma': 0\.5, 'stepSize': 2,/);
    assert.match(out.text, /class PanelSchedule\(keras\.optimizers\.schedules\.LearningRateSchedule\)/);
  });
});

// A schedule type the settings can hold is one the export takes (compile-time check).
const _scheduleFits: (s: TrainSchedule) => ExportSettings['schedule'] = (s) => s;
void _scheduleFits;
