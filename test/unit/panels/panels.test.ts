// Every panel is built on WebviewPanelHost (src/webview-host/panelHost.ts): read from the sources,
// since panels need VS Code to run. A panel that posts or listens on its own would bypass the
// ready gate, the message parser and the capped log.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { WEBVIEW_APPS } from '../../../src/webview-host/html';

const dir = join(__dirname, '..', '..', '..', 'src', 'panels');
const panels = readdirSync(dir).filter((f) => f.endsWith('Panel.ts'));

describe('src/panels', () => {
  it('one panel file per webview app', () => {
    assert.deepEqual(panels.map((f) => f.replace(/Panel\.ts$/, '')).sort(), Object.keys(WEBVIEW_APPS).sort());
  });

  for (const file of panels) {
    it(`${file} talks to its webview only through WebviewPanelHost and its app's parser`, () => {
      const text = readFileSync(join(dir, file), 'utf8');
      assert.match(text, /new WebviewPanelHost\(/);
      const app = file.replace(/Panel\.ts$/, '');
      assert.match(text, new RegExp(`from '\\.\\./protocol/${app}'`));
      assert.doesNotMatch(text, /webview\.postMessage|onDidReceiveMessage/);
      // Only a panel that cannot restore itself from saved state keeps its page alive while hidden.
      assert.equal(/retainContextWhenHidden: true/.test(text), app === 'train', 'retainContextWhenHidden');
    });
  }
});
