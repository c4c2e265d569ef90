/**
 * Display width (src/core/displayWidth.ts): Hangul, CJK punctuation and fullwidth forms take two
 * columns, combining marks none, ASCII one; every code point agrees with Python's unicodedata
 * (East Asian Width W/F = 2) where both know it.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { codePointWidth, displayWidth, padEndColumns, padStartColumns } from '../../../src/core/displayWidth';

describe('displayWidth', () => {
  it('counts ASCII one column each', () => {
    assert.equal(displayWidth(''), 0);
    assert.equal(displayWidth('conv2d (Conv2D)'), 15);
  });

  it('counts Hangul syllables, Hangul jamo and CJK ideographs two columns each', () => {
    assert.equal(displayWidth('한국어'), 6);
    assert.equal(displayWidth('파라미터 832'), 12);
    assert.equal(displayWidth('\u1100\u1161\u11a8'), 2); // ᄀ + ᅡ + ᆨ: one syllable written in conjoining jamo
    assert.equal(displayWidth('ㄱㅏ'), 4); // compatibility jamo stand alone
    assert.equal(displayWidth('漢字'), 4);
    assert.equal(displayWidth('𠀀'), 2); // CJK extension B: a surrogate pair, one character
  });

  it('counts CJK punctuation and fullwidth forms two columns, ambiguous signs one', () => {
    assert.equal(displayWidth('「요약」。、'), 12);
    assert.equal(displayWidth('ＡＢ！'), 6);
    assert.equal(displayWidth('→ × · α ⌈I/S⌉'), 13);
  });

  it('counts combining marks and zero-width characters as nothing', () => {
    assert.equal(displayWidth('e\u0301'), 1); // é as e + combining acute
    assert.equal(displayWidth('한\u0301'), 2);
    assert.equal(displayWidth('a\u200bb\u200d'), 2);
    assert.equal(displayWidth('\ufeffx'), 1);
    assert.equal(displayWidth('\u0007\n'), 0);
    assert.equal(displayWidth('🚀'), 2);
    assert.equal(displayWidth('\u00ad'), 1);
  });

  it('pads to columns, not UTF-16 units', () => {
    assert.equal(padEndColumns('요약', 6), '요약  ');
    assert.equal(padStartColumns('요약', 6), '  요약');
    assert.equal(padEndColumns('abc', 2), 'abc');
    assert.equal(padStartColumns('832', 6), '   832');
    // For ASCII it is String's own padding.
    for (const s of ['', 'dense (Dense)', '(None, 10)']) for (const w of [0, 5, 29]) assert.equal(padEndColumns(s, w), s.padEnd(w));
  });

  it('agrees with Python\'s unicodedata on every code point up to U+3FFFF', function () {
    const python = ['/usr/bin/python3', 'python3'].find((p) => p === 'python3' || existsSync(p))!;
    // Per code point: x unassigned (or a surrogate, private use), m a mark or format character,
    // c a control, 2 East Asian Wide or Fullwidth, 1 anything else.
    const script = `
import sys, unicodedata
out = []
for cp in range(0x40000):
    cat = unicodedata.category(chr(cp))
    if cat in ('Cn', 'Cs', 'Co'): out.append('x')
    elif cat == 'Cc': out.append('c')
    elif cat in ('Mn', 'Me', 'Cf') and cp != 0xad: out.append('m')
    else: out.append('2' if unicodedata.east_asian_width(chr(cp)) in ('W', 'F') else '1')
sys.stdout.write(''.join(out))
`;
    const r = spawnSync(python, ['-c', script], { encoding: 'utf8', maxBuffer: 1 << 20 });
    if (r.status !== 0 || r.stdout.length !== 0x40000) {
      console.log(`      (skipped: no Python with unicodedata: ${r.error?.message ?? r.stderr})`);
      this.skip();
    }
    const nodeMark = /^[\p{Mn}\p{Me}\p{Cf}]$/u;
    const mismatches: string[] = [];
    for (let cp = 0; cp < 0x40000; cp++) {
      const expected = r.stdout[cp];
      if (expected === 'x' || (cp >= 0x1160 && cp <= 0x11ff) || (cp >= 0xd7b0 && cp <= 0xd7ff)) continue;
      // Python's and Node's Unicode versions may class a mark differently: compare where they agree.
      if ((expected === 'm') !== nodeMark.test(String.fromCodePoint(cp))) continue;
      const want = expected === 'm' || expected === 'c' ? 0 : Number(expected);
      if (codePointWidth(cp) !== want) mismatches.push(`U+${cp.toString(16).toUpperCase()}: ${codePointWidth(cp)}, Python ${want}`);
    }
    assert.deepEqual(mismatches.slice(0, 20), []);
  });
});
