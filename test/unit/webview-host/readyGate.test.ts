// The ready handshake every panel shares (src/webview-host/readyGate.ts, used by panelHost.ts).
import assert from 'node:assert/strict';
import { ReadyGate } from '../../../src/webview-host/readyGate';

type Msg = { type: 'spec'; n: number } | { type: 'settings'; backend: string };

describe('webview-host/readyGate', () => {
  it('holds messages until ready, keeping the latest of each type in posting order', () => {
    const sent: Msg[] = [];
    const gate = new ReadyGate<Msg>((m) => sent.push(m));
    gate.post({ type: 'spec', n: 1 });
    gate.post({ type: 'settings', backend: 'cpu' });
    gate.post({ type: 'spec', n: 2 });
    assert.deepEqual(sent, []);
    gate.opened();
    assert.deepEqual(sent, [{ type: 'settings', backend: 'cpu' }, { type: 'spec', n: 2 }]);
    gate.post({ type: 'spec', n: 3 });
    assert.deepEqual(sent.at(-1), { type: 'spec', n: 3 }, 'after ready, messages go straight out');
  });

  it('waits again after the page is gone, and drops what waits when cleared', () => {
    const sent: Msg[] = [];
    const gate = new ReadyGate<Msg>((m) => sent.push(m));
    gate.opened();
    gate.closed();
    gate.post({ type: 'spec', n: 1 });
    assert.equal(sent.length, 0);
    gate.opened();
    assert.deepEqual(sent, [{ type: 'spec', n: 1 }]);
    gate.closed();
    gate.post({ type: 'spec', n: 2 });
    gate.clear();
    gate.opened();
    assert.equal(sent.length, 1);
  });
});
