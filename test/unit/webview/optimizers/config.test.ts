// The explorer's saved settings (webview/optimizers/config.ts): restored from untrusted state, in range.
import assert from 'node:assert/strict';
import { MAX_STEPS, defaultConfig, parseHyper, restoreState, surfaceHypers } from '../../../../webview/optimizers/config';
import { HYPERS, OPTIMIZER_DEFS } from '../../../../webview/shared/tf/optimizers';
import { PARAM_RANGES, SURFACES } from '../../../../webview/optimizers/surfaces';

describe('webview/optimizers/config', () => {
  it('gives every optimizer every hyperparameter it takes, with the surface learning rate', () => {
    for (const surface of SURFACES) {
      const hypers = surfaceHypers(surface.id);
      for (const def of OPTIMIZER_DEFS) {
        assert.deepEqual(Object.keys(hypers[def.id]).sort(), [...def.hypers].sort(), def.id);
        assert.equal(hypers[def.id].learningRate, surface.learningRates[def.id]);
      }
    }
    // TF.js's own defaults (tfjs-core optimizer_constructors.ts) where the registry has them.
    assert.equal(surfaceHypers('saddle').adam.beta2, 0.999);
    assert.equal(surfaceHypers('saddle').adagrad.initialAccumulatorValue, 0.1);
    assert.equal(surfaceHypers('saddle').adadelta.rho, 0.95);
  });

  it('restores a saved state, and rebuilds a hostile one into range', () => {
    const saved = { ...defaultConfig('noisy'), start: [0.5, -0.5], speed: 25 };
    assert.deepEqual(restoreState(JSON.parse(JSON.stringify(saved))), saved);
    const hostile = restoreState({
      surface: 'toString',
      params: { kappa: 1e9, sigma: -3, seed: 'x' },
      start: [1e9, NaN],
      enabled: ['adam', 'adam', 'evil', 42],
      hypers: { adam: { learningRate: 1e9, beta1: -1, extra: 5 }, __proto__: { sgd: 1 } },
      speed: 3,
    });
    assert.equal(hostile.surface, 'saddle');
    assert.equal(hostile.params.kappa, PARAM_RANGES.kappa.max);
    assert.equal(hostile.params.sigma, PARAM_RANGES.sigma.min);
    assert.equal(hostile.params.seed, defaultConfig().params.seed);
    assert.equal(hostile.start, undefined);
    assert.deepEqual(hostile.enabled, ['adam']);
    assert.equal(hostile.hypers.adam.learningRate, HYPERS.learningRate.max);
    assert.equal(hostile.hypers.adam.beta1, 0);
    assert.equal('extra' in hostile.hypers.adam, false);
    assert.equal(hostile.speed, defaultConfig().speed);
    assert.deepEqual(restoreState(undefined), defaultConfig());
    assert.deepEqual(restoreState({ surface: 'beale', start: [100, -100] }).start, [4.5, -4.5]);
    assert.ok(MAX_STEPS >= 5000);
  });

  it('reads a typed hyperparameter only when it is a number in range', () => {
    assert.equal(parseHyper('learningRate', ' 0.05 '), 0.05);
    assert.equal(parseHyper('learningRate', '1e-3'), 1e-3);
    for (const bad of ['', 'abc', '-1', '1e9', 'NaN']) assert.equal(parseHyper('learningRate', bad), undefined, bad);
    assert.equal(parseHyper('momentum', '1'), undefined, 'β = 1 never forgets: out of range');
  });
});
