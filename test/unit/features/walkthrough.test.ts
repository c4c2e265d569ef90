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
  WALKTHROUGH_STEPS,
  savedWalkthroughSteps,
  walkthroughStepFullId,
  withWalkthroughStep,
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

  it('has 6 to 8 steps, each with a picture that ships and completed by its own NetLens context key', () => {
    assert.ok(walkthrough.steps.length >= 6 && walkthrough.steps.length <= 8);
    for (const step of walkthrough.steps) {
      assert.ok(existsSync(join(root, step.media.image)), step.media.image);
      // A context key, not onCommand: VS Code's walkthrough service reads context keys whenever it
      // starts, but hears a command only if it was already running when the command ran.
      const key = WALKTHROUGH_STEPS[step.id];
      assert.ok(key, `${step.id} has a NetLens context key`);
      assert.deepEqual(step.completionEvents, [`onContext:${WALKTHROUGH_CONTEXT[key]}`], step.id);
    }
    // Every key completes exactly one step, and every step of the table is in the manifest.
    assert.deepEqual(Object.keys(WALKTHROUGH_STEPS).sort(), walkthrough.steps.map((s: { id: string }) => s.id).sort());
    assert.deepEqual([...new Set(Object.values(WALKTHROUGH_STEPS))].sort(), Object.keys(WALKTHROUGH_CONTEXT).sort());
    // welcome.markStepComplete takes the step's full id, as VS Code builds it: publisher.name#walkthrough#step.
    for (const step of walkthrough.steps) {
      assert.equal(walkthroughStepFullId(WALKTHROUGH_STEPS[step.id]), `${manifest.publisher}.${manifest.name}#${walkthrough.id}#${step.id}`);
    }
    // Opening the walkthrough activates NetLens, which sets the keys of the steps done before.
    assert.ok(manifest.activationEvents.includes(`onWalkthrough:${walkthrough.id}`));
  });

  it('keeps the steps done in globalState: read defensively, each step once', () => {
    assert.deepEqual(savedWalkthroughSteps(undefined), []);
    assert.deepEqual(savedWalkthroughSteps('hovered'), []);
    assert.deepEqual(savedWalkthroughSteps(['hovered', 'nonsense', 3, 'raced', 'hovered', 'toString']), ['hovered', 'raced']);
    assert.deepEqual(withWalkthroughStep(undefined, 'summaryShown'), ['summaryShown']);
    assert.deepEqual(withWalkthroughStep(['hovered'], 'raced'), ['hovered', 'raced']);
    assert.equal(withWalkthroughStep(['hovered', 'raced'], 'raced'), undefined, 'nothing to write when it is already saved');
    // A step done in an earlier session: its key is set again from what was saved.
    const saved = withWalkthroughStep(withWalkthroughStep(undefined, 'hovered'), 'initOpened');
    assert.deepEqual(savedWalkthroughSteps(JSON.parse(JSON.stringify(saved))).map((s) => WALKTHROUGH_CONTEXT[s]), ['netlens.walkthrough.hovered', 'netlens.walkthrough.initOpened']);
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
