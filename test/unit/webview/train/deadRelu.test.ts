import assert from 'node:assert/strict';
import { analyze } from '../../../../src/core';
import { trainSpecFromAnalysis } from '../../../../src/protocol/train';
import { usesRelu } from '../../../../webview/shared/training/trainConfig';
import { DEAD_RELU_CLIMB, formatDeadUnits, ProbeSchedule } from '../../../../webview/shared/training/stats';

const layers = (spec: string) => trainSpecFromAnalysis('u', 'f', analyze(spec)).layers;

describe('train: the dead-ReLU read-out (pure parts)', () => {
  it('is shown for plain ReLU on dense, conv2d or as a layer, not for its relatives', () => {
    assert.equal(usesRelu(layers('input 4\ndense 8 activation=relu\ndense 2')), true);
    assert.equal(usesRelu(layers('input 8x8x1\nconv2d 4 3 activation=relu\nflatten\ndense 2')), true);
    assert.equal(usesRelu(layers('input 4\ndense 8\nrelu\ndense 2')), true);
    assert.equal(usesRelu(layers('input 4\ndense 8\nactivation relu\ndense 2')), true);
    assert.equal(usesRelu(layers('input 4\ndense 8 activation=tanh\ndense 2')), false);
    assert.equal(usesRelu(layers('input 4\ndense 8 activation=relu6\ndense 2')), false);
    assert.equal(usesRelu(layers('input 4\ndense 8\nleaky_relu\ndense 2')), false);
  });

  it('formats a reading as percent and counts', () => {
    assert.equal(formatDeadUnits({ fraction: 0.125, deadUnits: 40, totalUnits: 320 }), '12.5 % (40 / 320)');
    assert.equal(formatDeadUnits({ fraction: 1, deadUnits: 1200, totalUnits: 1200 }), '100.0 % (1,200 / 1,200)');
    assert.ok(DEAD_RELU_CLIMB > 0 && DEAD_RELU_CLIMB < 1);
  });

  it('schedules probes no sooner than minBatches and within their share of the training time', () => {
    const s = new ProbeSchedule(10, 0.1);
    s.measured(90); // a probe that cost 90 ms: due again only after 9 × 90 = 810 ms of training
    for (let i = 0; i < 9; i++) assert.equal(s.batchDone(100), false, `batch ${i + 1} is too soon`);
    assert.equal(s.batchDone(100), true, '10 batches and 1,000 ms of training: due');
    s.measured(900);
    for (let i = 0; i < 10; i++) assert.equal(s.batchDone(100), false, 'a 900 ms probe needs 8,100 ms of training first');
    assert.equal(s.affordable(), false);
    for (let i = 0; i < 71; i++) s.batchDone(100);
    assert.equal(s.affordable(), true);
  });
});
