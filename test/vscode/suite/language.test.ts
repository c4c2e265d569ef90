// netlens.language = ko: hover, the Problems panel's diagnostics, CodeLens and the summary in
// Korean, switched back to English at once when the setting changes (no reload, no language pack).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { hoverText, lineOf, openExample, waitFor } from '../helpers';

const HANGUL = /[\uac00-\ud7a3]/;

async function setLanguage(value: string | undefined): Promise<void> {
  await vscode.workspace.getConfiguration('netlens').update('language', value, vscode.ConfigurationTarget.Global);
}

function netlensDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'netlens');
}

describe('netlens.language (Korean)', () => {
  let broken: vscode.TextDocument;
  before(async () => {
    broken = await openExample('broken.netspec');
    await setLanguage('ko');
  });
  after(async () => {
    await setLanguage(undefined);
  });

  it('the Problems panel shows Korean diagnostics with the same codes and ranges', async () => {
    const diagnostics = await waitFor(
      () => netlensDiagnostics(broken.uri),
      (ds) => ds.length >= 4 && ds.every((d) => HANGUL.test(d.message)),
      'Korean diagnostics on broken.netspec',
    );
    const unknownLayer = diagnostics.find((d) => d.code === 'unknown-layer');
    assert.ok(unknownLayer, 'no unknown-layer diagnostic');
    assert.equal(unknownLayer.range.start.line, lineOf(broken, 'convv2d'));
    assert.match(unknownLayer.message, /모르는 레이어입니다: "convv2d"\. 혹시 `conv2d`인가요\?/);
  });

  it('hover shows the layer in Korean, formula unchanged', async () => {
    const doc = await openExample('lecture6-cifar.netspec');
    const hovers = await waitFor(
      () => vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, new vscode.Position(lineOf(doc, 'conv2d'), 1)),
      (h) => Array.isArray(h) && HANGUL.test(hoverText(h)),
      'a Korean hover on the conv2d line',
    );
    const text = hoverText(hovers);
    assert.match(text, /입력 .*\(None, 32, 32, 3\).* → 출력 .*\(None, 32, 32, 64\)/, text);
    assert.match(text, /파라미터/, text);
    assert.match(text, /2\s*·\s*2\s*·\s*3\s*\+\s*1\)\s*·\s*64\s*=\s*832/, text);
  });

  it('CodeLens titles follow the setting', async () => {
    const doc = await openExample('lecture6-cifar.netspec');
    const lenses = await waitFor(
      () => vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri),
      (ls) => Array.isArray(ls) && ls.some((l) => l.command?.title === '요약 보기'),
      'a Korean "Show summary" lens',
    );
    assert.ok(lenses.some((l) => /파라미터 164,682개/.test(l.command?.title ?? '')), lenses.map((l) => l.command?.title).join(' | '));
  });

  it('switching back to English re-renders the diagnostics without an edit', async () => {
    await setLanguage('en');
    const diagnostics = await waitFor(
      () => netlensDiagnostics(broken.uri),
      (ds) => ds.length >= 4 && ds.every((d) => !HANGUL.test(d.message)),
      'English diagnostics on broken.netspec',
    );
    assert.ok(diagnostics.some((d) => d.message.startsWith('Unknown layer "convv2d".')));
  });
});
