// The walkthrough (package.json contributes.walkthroughs) against its source of truth
// (src/features/pure/walkthrough.ts), the examples, and the manifest's two string catalogues.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze } from '../../../src/core';
import { applyEdit, quickFixesIn } from '../../../src/features/pure/quickfix';
import {
  LECTURE_MODEL_SPEC,
  MISTAKES_SPEC,
  WALKTHROUGH_COMMANDS,
  WALKTHROUGH_CONTEXT,
  WALKTHROUGH_ID,
} from '../../../src/features/pure/walkthrough';

const root = join(__dirname, '..', '..', '..');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const nlsEn: Record<string, string> = JSON.parse(readFileSync(join(root, 'package.nls.json'), 'utf8'));
const nlsKo: Record<string, string> = JSON.parse(readFileSync(join(root, 'package.nls.ko.json'), 'utf8'));

describe('features/walkthrough', () => {
  const walkthrough = manifest.contributes.walkthroughs[0];

  it('is the one WALKTHROUGH_ID names (publisher.name#id)', () => {
    assert.equal(WALKTHROUGH_ID, `${manifest.publisher}.${manifest.name}#${walkthrough.id}`);
  });

  it('has 6 to 8 steps, each with a picture that ships and an event that proves the student did it', () => {
    const commands = new Set<string>(manifest.contributes.commands.map((c: { command: string }) => c.command));
    const contexts = new Set<string>(Object.values(WALKTHROUGH_CONTEXT));
    assert.ok(walkthrough.steps.length >= 6 && walkthrough.steps.length <= 8);
    for (const step of walkthrough.steps) {
      assert.ok(existsSync(join(root, step.media.image)), step.media.image);
      assert.equal(step.completionEvents.length, 1, step.id);
      const [kind, id] = step.completionEvents[0].split(':');
      if (kind === 'onCommand') assert.ok(commands.has(id), `${step.id}: ${id} is a contributed command`);
      else if (kind === 'onContext') assert.ok(contexts.has(id), `${step.id}: ${id} is set by the extension`);
      else assert.fail(`${step.id}: ${kind} completes without the student doing anything`);
    }
  });

  it('every command the steps link to is contributed', () => {
    const commands = new Set<string>(manifest.contributes.commands.map((c: { command: string }) => c.command));
    for (const id of Object.values(WALKTHROUGH_COMMANDS)) assert.ok(commands.has(id), id);
    for (const step of walkthrough.steps) {
      for (const m of nlsEn[step.description.slice(1, -1)].matchAll(/\(command:([\w.]+)\)/g)) assert.ok(commands.has(m[1]), m[1]);
    }
  });

  it('opens exactly the lecture model of examples/lecture6-cifar.netspec', () => {
    assert.equal(LECTURE_MODEL_SPEC, readFileSync(join(root, 'examples', 'lecture6-cifar.netspec'), 'utf8'));
  });

  it('the quick-fix exercise is fixed by its preferred quick fixes alone, into the lecture model', () => {
    let text = MISTAKES_SPEC;
    let applied = 0;
    for (let round = 0; round < 10; round++) {
      const analysis = analyze(text);
      const fix = quickFixesIn(analysis.diagnostics, 0, 0, 1e9, 0).find((f) => f.preferred);
      if (!fix) break;
      text = applyEdit(text, fix.edit);
      applied++;
    }
    const fixed = analyze(text);
    assert.ok(applied >= 2, `${applied} fixes applied`);
    assert.deepEqual(fixed.diagnostics.filter((d) => d.severity !== 'info'), []);
    assert.equal(fixed.totalParams, analyze(LECTURE_MODEL_SPEC).totalParams);
  });
});

describe('manifest strings in English and Korean (package.nls*.json)', () => {
  const keys = new Set<string>();
  const collect = (value: unknown): void => {
    if (typeof value === 'string') {
      const m = /^%(.+)%$/.exec(value);
      if (m) keys.add(m[1]);
    } else if (value && typeof value === 'object') for (const v of Object.values(value)) collect(v);
  };
  collect(manifest);

  it('every %key% of package.json is in both catalogues', () => {
    assert.ok(keys.size > 0);
    for (const key of keys) {
      assert.ok(nlsEn[key], `package.nls.json lacks ${key}`);
      assert.ok(nlsKo[key], `package.nls.ko.json lacks ${key}`);
    }
  });

  it('both catalogues hold the same keys, the same command links, and the Korean one is Korean', () => {
    assert.deepEqual(Object.keys(nlsKo).sort(), Object.keys(nlsEn).sort());
    for (const key of Object.keys(nlsEn)) {
      const links = (s: string) => [...s.matchAll(/\(command:[\w.]+\)/g)].map((m) => m[0]);
      assert.deepEqual(links(nlsKo[key]), links(nlsEn[key]), key);
      // A name such as "NetLens" stays as it is; every sentence is written in Korean.
      if (nlsKo[key] === nlsEn[key] && !/\s/.test(nlsEn[key])) continue;
      assert.match(nlsKo[key], /[\uac00-\ud7a3]/, `${key} has Hangul`);
    }
  });
});
