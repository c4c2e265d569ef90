/**
 * The core never hangs or throws, on any text: each case here once hung, threw or lost exactness.
 * Specs that could hang run under a generous watchdog in a worker (watchdog.ts).
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { formatCount, formatSummary, layerWords, suggest } from '../../../src/core';
import { analyzeUnderWatchdog } from './watchdog';
import { diag, errors, run } from './helpers';

describe('never hangs: bounded quick-fix searches', function () {
  this.timeout(60_000);
  const hangers = [
    'input 8x8x1\nmaxpool2d 2 stride=1000000000',
    'input 1000000000x7x1\nmaxpool2d 3x1 stride=999999999x2',
    'input 999999937x999999929x1\nconv2d 1 999999000x999998000 stride=999999999x999999998',
  ];
  it('huge strides and windows finish under the watchdog', async () => {
    const r = await analyzeUnderWatchdog(hangers, 10_000);
    assert.equal(r.hung, undefined, `hung on: ${r.hung !== undefined ? hangers[r.hung] : ''}`);
    assert.deepEqual(r.threw, []);
  });

  it('the stride fix is the largest stride below the current one that divides evenly', () => {
    const d = diag(run('input 8x8x1', 'maxpool2d 2 stride=1000000000'), 'uneven-stride');
    const titles = d.fixes!.map((f) => f.title);
    assert.ok(titles.includes('Use stride=6 (divides evenly)'), titles.join(' | '));
    const e = diag(run('input 33x20x3', 'conv2d 4 3 stride=5'), 'uneven-stride');
    // (33 − 3) = 30 and (20 − 3) = 17: only stride 1 divides both below 5.
    assert.ok(e.fixes!.some((f) => f.title === 'Use stride=1 (divides evenly)'));
  });

  it('the padding fix is the smallest padding that divides evenly on both axes', () => {
    const d = diag(run('input 32x32x3', 'conv2d 8 3 stride=2'), 'uneven-stride');
    // (32 + 2P − 3) even needs 2P odd: impossible; so no padding fix, but padding=same is offered.
    assert.ok(!d.fixes!.some((f) => /^Use padding=\d/.test(f.title)));
    const e = diag(run('input 32x32x3', 'conv2d 8 5 stride=7'), 'uneven-stride');
    // (32 + 2P − 5) % 7 == 0 first at P = 4 (27 + 8 = 35).
    assert.ok(e.fixes!.some((f) => f.title === 'Use padding=4 (divides evenly)'), e.fixes!.map((f) => f.title).join(' | '));
  });
});

describe('never throws: deep brackets', function () {
  this.timeout(60_000);
  for (const open of ['(', '[']) {
    it(`${open} nested 3,900 deep is a located syntax error`, async () => {
      const text = `input 8\ndense 4 init=${open.repeat(3900)}`;
      const r = await analyzeUnderWatchdog([text, `input 8\nDense(${open.repeat(3900)}`], 10_000);
      assert.deepEqual(r.threw, []);
      const a = run(...text.split('\n'));
      const e = errors(a);
      assert.equal(e.length, 1);
      assert.equal(e[0].code, 'syntax');
      assert.equal(e[0].line, 1);
      assert.match(e[0].message, /nested/);
    });
  }
  it('brackets nested a few deep still read', () => {
    assert.deepEqual(errors(run('input 8x8x3', 'ZeroPadding2D(padding=((1, 2), (3, 4)))')), []);
  });
});

describe('exact totals past 2^53', () => {
  it('a model with more than 2^53 parameters gets exact total strings', () => {
    // 94,906,265² > 2^53 ... dense 94906265 on a 94906266 input: each layer is safe, the sum is not.
    const lines = ['input 90000000'];
    for (let i = 0; i < 3; i++) lines.push('dense 90000000', 'dense 90000000');
    const a = run(...lines);
    assert.deepEqual(errors(a).map((d) => d.message), []);
    const exact = (90000001n * 90000000n) * 6n;
    assert.equal(a.exactTotals.totalParams, exact.toString());
    assert.equal(a.exactTotals.trainableParams, exact.toString());
    assert.equal(a.totalsUnsafe, true);
    assert.match(formatSummary(a), new RegExp(`Total params: ${formatCount(exact)}\\n`));
  });

  it('an ordinary model has safe totals that equal the numbers', () => {
    const a = run('input 784', 'dense 10');
    assert.equal(a.totalsUnsafe, false);
    assert.equal(a.exactTotals.totalParams, '7850');
  });

  it('formatCount never prints exponent notation', () => {
    assert.equal(formatCount(1e27), '1,000,000,000,000,000,013,287,555,072');
    assert.equal(formatCount(-1e21), '-1,000,000,000,000,000,000,000');
    assert.equal(formatCount(123456789012345678901234567890n), '123,456,789,012,345,678,901,234,567,890');
    assert.equal(formatCount(Infinity), '∞');
    assert.equal(formatCount(NaN), '?');
  });
});

describe('formatSummary at scale', function () {
  this.timeout(60_000);
  it('prints 130,000 layers without overflowing the stack', () => {
    const text = 'input 4\n' + 'dense 4\n'.repeat(130_000);
    const a = run(text);
    const s = formatSummary(a);
    assert.ok(s.includes('dense_129999 (Dense)'));
  });
});

describe('"did you mean" with a bounded cost', () => {
  /** The plain definition: full edit distance to every candidate, prefix match 0.5, limit ⌊n/3⌋. */
  function naiveSuggest(word: string, candidates: readonly string[]): string | undefined {
    const norm = (x: string) => x.toLowerCase().replace(/_/g, '');
    const lev = (a: string, b: string) => {
      const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array(b.length).fill(0)]);
      for (let j = 1; j <= b.length; j++) d[0][j] = j;
      for (let i = 1; i <= a.length; i++) for (let j = 1; j <= b.length; j++) d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      return d[a.length][b.length];
    };
    const w = norm(word);
    if (!w) return undefined;
    let best: string | undefined;
    let score = Infinity;
    for (const c of candidates) {
      const cn = norm(c);
      const d = cn.startsWith(w) && w.length >= 3 ? 0.5 : lev(w, cn);
      if (d < score) [score, best] = [d, c];
    }
    return score <= Math.max(1, Math.floor(w.length / 3)) ? best : undefined;
  }

  it('prunes without changing any answer (typos of every layer word, and random words)', () => {
    const words = layerWords();
    const typos = fc.sample(
      fc.tuple(fc.constantFrom(...words), fc.nat(), fc.constantFrom('', 'x', 'e', '_', '2')).map(([w, at, ch]) => {
        const i = at % (w.length + 1);
        return at % 3 === 0 ? w.slice(0, i) + ch + w.slice(i + 1) : at % 3 === 1 ? w.slice(0, i) + w.slice(i + 1) : w.slice(0, i) + ch + w.slice(i);
      }),
      { seed: 7, numRuns: 600 },
    );
    const random = fc.sample(fc.stringMatching(/^[a-z0-9_]{1,24}$/), { seed: 8, numRuns: 400 });
    for (const w of [...typos, ...random]) assert.equal(suggest(w, words), naiveSuggest(w, words), w);
  });

  it('looks no further than 32 characters', () => {
    assert.equal(suggest('conv2d'.padEnd(40, 'x'), layerWords()), undefined);
  });
});
