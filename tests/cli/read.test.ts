import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { parseManifests } from '../../src/engine/index.ts';
import { findBadByte, sniffEncoding } from '../../src/cli/read/decode.ts';
import { DocumentCounter } from '../../src/cli/read/document-counter.ts';
import { walkDirectory, WalkState } from '../../src/cli/read/walk.ts';

/** Documents counted in `text` fed in pieces cut at `cuts`. */
function count(text: string, cuts: readonly number[] = []): number {
  const counter = new DocumentCounter();
  let from = 0;
  for (const cut of [...cuts].sort((a, b) => a - b)) {
    counter.feed(text.slice(from, cut));
    from = cut;
  }
  counter.feed(text.slice(from));
  counter.end();
  return counter.documents;
}

describe('counting documents while reading', () => {
  test.each([
    ['a: 1\n', 1],
    ['---\na: 1\n---\nb: 2\n', 2],
    ['# licence header\n---\na: 1\n---\n', 1],
    ['%YAML 1.2\n---\na: 1\n', 1],
    ['--- {a: 1}\n--- |\n  text\n', 2],
    ['a: |\n  ---\n  not a separator\n', 1],
    ['---\r\na: 1\r\n---\r\nb: 2\r\n', 2],
    ['----\n', 1],
    ['- item\n---\n   \n\t\n', 1],
  ])('%j holds %i document(s)', (text, expected) => {
    expect(count(text)).toBe(expected);
  });

  test('pieces cut anywhere give the parser’s count for multi-document YAML', () => {
    const line = fc.oneof(
      fc.constant('# comment\n'),
      fc.constant('\n'),
      fc.constant('  \t\n'),
      fc.constant('kind: Pod\r\n'),
      fc.constant('k: |\n  --- inside\n'),
      fc.constant('%YAML 1.2\n'),
    );
    const text = fc
      .array(fc.uniqueArray(line, { maxLength: 3 }), { minLength: 1, maxLength: 8 })
      .map((docs) => docs.map((lines) => lines.join('')).join('---\n'));
    fc.assert(
      fc.property(text, fc.array(fc.nat(), { maxLength: 6 }), (t, cuts) => {
        const parsed = parseManifests(t);
        // Only YAML the parser accepts has a count to agree with.
        fc.pre(parsed.diagnostics.length === 0);
        const pieces = cuts.map((c) => c % (t.length + 1));
        expect(count(t, pieces)).toBe(parsed.documents.length);
      }),
      { numRuns: 500 },
    );
  });
});

describe('decoding', () => {
  test('byte-order marks decide; NUL beside every character is UTF-16 without one; zeros are not', () => {
    expect(sniffEncoding(Buffer.from([0xef, 0xbb, 0xbf, 0x61]), true)).toEqual({
      kind: 'encoding',
      encoding: 'utf-8',
      bom: true,
    });
    expect(sniffEncoding(Buffer.from('\uFEFFkind: Pod', 'utf16le'), true)).toMatchObject({
      encoding: 'utf-16le',
    });
    expect(sniffEncoding(Buffer.from('kind: Pod', 'utf16le'), true)).toEqual({
      kind: 'utf-16-without-bom',
      order: 'LE',
    });
    expect(sniffEncoding(Buffer.from('kind: Pod', 'utf16le').swap16(), true)).toEqual({
      kind: 'utf-16-without-bom',
      order: 'BE',
    });
    expect(sniffEncoding(Buffer.alloc(600), false)).toMatchObject({ encoding: 'utf-8' });
    expect(sniffEncoding(Buffer.from('kind'), false)).toEqual({ kind: 'need-more' });
  });

  test.each([
    ['overlong form', [0x61, 0x0a, 0x62, 0xc0, 0xaf], 3, 2, '0xc0'],
    ['surrogate', [0x61, 0xed, 0xa0, 0x80], 1, 1, '0xed'],
    ['above U+10FFFF', [0xf4, 0x90, 0x80, 0x80], 0, 1, '0xf4'],
    ['cut-off sequence', [0xc3, 0xa9, 0xe2, 0x82], 2, 1, '0xe2 0x82'],
  ])('invalid UTF-8 (%s) is found at its offset and line', (_, bytes, offset, line, shown) => {
    expect(findBadByte(Uint8Array.from(bytes), 'utf-8')).toMatchObject({ offset, line, bytes: shown });
  });

  test('valid UTF-8 has no bad byte; a lone surrogate in UTF-16 has one', () => {
    expect(findBadByte(Buffer.from('café — 雪 🐳\n'), 'utf-8')).toBeUndefined();
    const lone = Buffer.concat([
      Buffer.from('a\n', 'utf16le'),
      Buffer.from([0x00, 0xd8]),
      Buffer.from('b', 'utf16le'),
    ]);
    expect(findBadByte(lone, 'utf-16le')).toMatchObject({ offset: 4, line: 2, column: 1 });
  });
});

describe('walking a directory', () => {
  test('a named pipe inside is skipped with a warning, never opened', () => {
    const dir = mkdtempSync(join(tmpdir(), 'netpol-walk-'));
    writeFileSync(join(dir, 'b.yaml'), 'a: 1\n');
    writeFileSync(join(dir, 'A.yml'), 'a: 1\n');
    execFileSync('mkfifo', [join(dir, 'pipe.yaml')]);
    const found = walkDirectory(dir, 'repo', new WalkState(100));
    expect(found.files.map((f) => f.shown)).toEqual(['repo/A.yml', 'repo/b.yaml']);
    expect(found.diagnostics.map((d) => [d.severity, d.message])).toEqual([
      ['warning', 'repo/pipe.yaml is a named pipe, not a file; skipped'],
    ]);
  });

  test('the entry cap stops a walk with a message', () => {
    const dir = mkdtempSync(join(tmpdir(), 'netpol-walk-'));
    for (let i = 0; i < 5; i++) writeFileSync(join(dir, `${i}.yaml`), 'a: 1\n');
    const found = walkDirectory(dir, 'big', new WalkState(3));
    expect(found.files).toHaveLength(3);
    expect(found.diagnostics[0]?.code).toBe('input/too-many-entries');
  });
});
