// Learning-rate schedules (webview/shared/tf/schedules.ts) against PyTorch 1.13's own schedulers,
// stepped once per batch, and setLearningRate against TF.js's optimizers.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as tf from '@tensorflow/tfjs';
import { learningRateAt, scheduleCurve, setLearningRate, type Schedule } from '../../../../../webview/shared/tf/schedules';
import { OPTIMIZER_IDS, createOptimizer } from '../../../../../webview/shared/tf/optimizers';

const STEPS = 60;
const LR = 0.1;

/** Each schedule and the PyTorch scheduler (constructor source) that defines it. */
const CASES: { schedule: Schedule; torch: string }[] = [
  { schedule: { kind: 'constant' }, torch: 'lr_scheduler.ConstantLR(opt, factor=1.0, total_iters=0)' },
  { schedule: { kind: 'step', stepSize: 7, gamma: 0.5 }, torch: 'lr_scheduler.StepLR(opt, step_size=7, gamma=0.5)' },
  { schedule: { kind: 'exponential', gamma: 0.95 }, torch: 'lr_scheduler.ExponentialLR(opt, gamma=0.95)' },
  // T = STEPS − 1: the whole run is the half-period (beyond T PyTorch climbs again; ours stays at η_min).
  { schedule: { kind: 'cosine', totalSteps: STEPS - 1, minLr: 0.01 }, torch: `lr_scheduler.CosineAnnealingLR(opt, T_max=${STEPS - 1}, eta_min=0.01)` },
  { schedule: { kind: 'constant', warmupSteps: 10, warmupStart: 0.1 }, torch: 'lr_scheduler.LinearLR(opt, start_factor=0.1, end_factor=1.0, total_iters=10)' },
];

describe('webview/shared/tf/schedules', () => {
  it("every schedule's rate per step equals PyTorch's scheduler's (torch.optim.lr_scheduler)", function () {
    this.timeout(120_000);
    const python = process.env.NETLENS_PYTHON ?? '/usr/bin/python3';
    const probe = spawnSync(python, ['-c', 'import torch'], { encoding: 'utf8' });
    if (probe.status !== 0) {
      console.log(`      (skipped: ${python} cannot import torch; apt-get install -y python3-torch)`);
      this.skip();
    }
    const script = `
import json, sys, torch
from torch.optim import lr_scheduler
out = []
for ctor in json.load(sys.stdin):
    w = torch.zeros(1, requires_grad=True)
    opt = torch.optim.SGD([w], lr=${LR})
    sched = eval(ctor)
    rates = []
    for _ in range(${STEPS}):
        rates.append(opt.param_groups[0]['lr'])
        opt.step()
        sched.step()
    out.append(rates)
print(json.dumps(out))`;
    const r = spawnSync(python, ['-W', 'ignore', '-c', script], { input: JSON.stringify(CASES.map((c) => c.torch)), encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const torchRates: number[][] = JSON.parse(r.stdout);
    CASES.forEach((c, i) => {
      for (let t = 0; t < STEPS; t++) {
        const ours = learningRateAt(c.schedule, LR, t);
        assert.ok(Math.abs(ours - torchRates[i][t]) <= 1e-9, `${c.torch} at step ${t}: ${ours} vs PyTorch ${torchRates[i][t]}`);
      }
    });
  });

  it('warm-up multiplies any schedule; the curve samples whole steps from 0 to the end', () => {
    const cosine: Schedule = { kind: 'cosine', totalSteps: 100, warmupSteps: 10 };
    assert.equal(learningRateAt(cosine, 1, 0), 0);
    assert.ok(Math.abs(learningRateAt(cosine, 1, 5) - 0.5 * learningRateAt({ kind: 'cosine', totalSteps: 100 }, 1, 5)) < 1e-12);
    assert.equal(learningRateAt(cosine, 1, 100), 0);
    assert.equal(learningRateAt(cosine, 1, 150), 0, 'stays at η_min after T');
    const curve = scheduleCurve({ kind: 'step', stepSize: 10, gamma: 0.1 }, 1, 1000, 11);
    const ts = curve.map(([t]) => t);
    assert.equal(ts.length, 11);
    assert.deepEqual([ts[0], ts[10]], [0, 999]);
    ts.slice(1).forEach((t, i) => assert.ok(Number.isInteger(t) && t > ts[i]));
    curve.forEach(([t, lr]) => assert.equal(lr, 0.1 ** Math.floor(t / 10)));
  });

  describe('setLearningRate (TF.js CPU)', () => {
    before(async () => {
      await tf.setBackend('cpu');
      await tf.ready();
    });

    it('every TF.js optimizer takes its next step with the new rate', () => {
      for (const id of OPTIMIZER_IDS) {
        // Two identical variables and optimizers; one is built with 0.02, the other switched from 0.5 to 0.02.
        const steps = (lr0: number, switchTo?: number) => {
          const v = tf.variable(tf.tensor1d([1, -2]));
          const opt = createOptimizer(id, { learningRate: lr0 });
          if (switchTo !== undefined) setLearningRate(opt, switchTo);
          for (let i = 0; i < 3; i++) opt.minimize(() => tf.sum(tf.square(v)) as tf.Scalar);
          const out = Array.from(v.dataSync());
          opt.dispose();
          v.dispose();
          return out;
        };
        const built = steps(0.02);
        const switched = steps(0.5, 0.02);
        const untouched = steps(0.5);
        assert.deepEqual(switched, built, id);
        assert.notDeepEqual(untouched, built, `${id}: the rate matters`);
      }
    });
  });
});
