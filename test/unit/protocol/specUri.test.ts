// Which URIs NetLens opens for saved webview state or a summary link (src/protocol/specUri.ts).
import assert from 'node:assert/strict';
import { isSpecDocumentUri } from '../../../src/protocol/specUri';

describe('protocol/specUri', () => {
  it('accepts .netspec files on user-file schemes, and open netspec documents', () => {
    assert.ok(isSpecDocumentUri({ scheme: 'file', path: '/home/s/lecture6.netspec' }));
    assert.ok(isSpecDocumentUri({ scheme: 'vscode-remote', path: '/w/A.NETSPEC' }));
    assert.ok(isSpecDocumentUri({ scheme: 'untitled', path: 'Untitled-1' }, { languageId: 'netspec' }));
    assert.ok(isSpecDocumentUri({ scheme: 'memfs', path: '/m.netspec' }, { workspaceSchemes: ['memfs'] }), "a workspace folder's scheme");
  });

  it('refuses other schemes, other files and other languages', () => {
    for (const [scheme, path] of [
      ['http', '/x.netspec'], ['https', '/x.netspec'], ['command', 'workbench.action.terminal.new'],
      ['netlens-summary', '/a summary.txt'], ['vscode', '/x.netspec'], ['data', 'x.netspec'],
      ['file', '/etc/passwd'], ['file', '/home/s/.ssh/id_rsa'], ['file', '/x.netspec.exe'], ['untitled', 'Untitled-1'],
    ]) {
      assert.equal(isSpecDocumentUri({ scheme, path }), false, `${scheme}:${path}`);
    }
    assert.equal(isSpecDocumentUri({ scheme: 'file', path: '/a.netspec' }, { languageId: 'python' }), false, 'an open document in another language');
    assert.equal(isSpecDocumentUri({ scheme: 'netlens-summary', path: '/a.netspec' }, { workspaceSchemes: ['netlens-summary'] }), false, 'never its own summaries');
  });
});
