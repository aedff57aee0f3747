import { describe, expect, test } from 'vitest';
import { loadCluster, loadPolicies, MAX_SHARED_POLICIES_CHARS } from '../../src/engine/index.ts';
import { networkPolicy, where } from './helpers.ts';

// Hostile text in the policy editor or the cluster paste box: every case ends in a diagnostic with
// a position, never an exception, and the work is bounded before the parser recurses or expands.

const TOO_DEEP = 'input nests more than 100 levels deep; manifests never need that many';

describe('YAML alias bombs', () => {
  const laughs = [
    'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
    ...'bcdefghi'.split('').map((n, i) => `${n}: &${n} [${`*${'abcdefghi'[i]},`.repeat(9).slice(0, -1)}]`),
  ].join('\n');

  test('hostile: a billion-laughs document is refused at its first alias, never expanded', () => {
    const loaded = loadPolicies(laughs);
    expect(loaded.policies).toEqual([]);
    expect(new Set(loaded.diagnostics.map((d) => d.code))).toEqual(new Set(['yaml/alias']));
    expect(where(loaded.diagnostics)[0]).toEqual({ code: 'yaml/alias', line: 2, column: 8 });
    expect(loaded.diagnostics[0]?.message).toBe(
      'YAML aliases (*name) are not allowed in manifests: write the value out',
    );
    const cluster = loadCluster(laughs);
    expect(cluster.ok).toBe(false);
    if (!cluster.ok) expect(cluster.diagnostics.every((d) => d.code === 'yaml/alias')).toBe(true);
  });

  test('hostile: an alias or merge key inside a policy is refused where it is written', () => {
    const text = networkPolicy(
      '{name: p}',
      '{podSelector: {matchLabels: &l {app: web}}, ingress: [{from: [{podSelector: {matchLabels: *l}}]}]}',
    );
    expect(where(loadPolicies(text).diagnostics)).toEqual([{ code: 'yaml/alias', line: 4, column: 97 }]);
    const merge = 'base: &b {app: web}\nlabels:\n  <<: *b\n';
    expect(where(loadPolicies(merge).diagnostics)).toEqual([{ code: 'yaml/alias', line: 3, column: 7 }]);
  });
});

describe('100,000-deep nesting', () => {
  test.each([
    ['flow sequences', '['.repeat(100_000), 1, 100],
    ['closed JSON arrays', `${'['.repeat(100_000)}${']'.repeat(100_000)}`, 1, 100],
    ['flow mappings', `${'{a: '.repeat(100_000)}1${'}'.repeat(100_000)}`, 1, 397],
    ['compact block sequences', `${'- '.repeat(100_000)}x`, 1, 199],
    ['JSON objects', `${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}`, 1, 496],
    [
      'block mappings (150 indentation steps)',
      Array.from({ length: 150 }, (_, i) => `${' '.repeat(i)}k:`).join('\n'),
      101,
      101,
    ],
  ])(
    'hostile: %s are refused before parsing, at the level that passes the limit',
    (_name, text, line, column) => {
      for (const loaded of [loadPolicies(text), loadCluster(text)]) {
        expect(where(loaded.diagnostics)).toEqual([{ code: 'input/too-deep', line, column }]);
        expect(loaded.diagnostics[0]?.message).toBe(TOO_DEEP);
      }
    },
  );

  test('hostile: brackets inside quotes and comments do not count as nesting', () => {
    const quoted =
      networkPolicy('{name: p, annotations: {note: "' + '['.repeat(400) + '"}}') + `# ${'{'.repeat(400)}\n`;
    expect(loadPolicies(quoted).diagnostics.map((d) => d.code)).not.toContain('input/too-deep');
  });

  test('hostile: a quote the estimate misreads cannot hide a bracket bomb', () => {
    const text = `a: it 's\nb: ${'['.repeat(5_000)}`;
    expect(where(loadPolicies(text).diagnostics)).toEqual([
      { code: 'input/too-deep', line: 2, column: 1004 },
    ]);
  });
});

describe('a 1 MB paste', () => {
  const one = networkPolicy('{name: p, namespace: default}', '{podSelector: {matchLabels: {app: web}}}');
  const paste = `${one}---\n`.repeat(Math.ceil(1_000_000 / (one.length + 4)));

  test('hostile: the editors refuse it with a size message and a fix, before parsing', () => {
    const loaded = loadPolicies(paste, { maxChars: MAX_SHARED_POLICIES_CHARS });
    expect(loaded.policies).toEqual([]);
    expect(loaded.diagnostics).toEqual([
      expect.objectContaining({
        code: 'input/too-large',
        severity: 'error',
        message: `input is ${paste.length.toLocaleString('en')} characters, more than the limit of 300,000`,
        fix: 'Split the manifests into smaller files, or keep only the objects you are working on.',
      }),
    ]);
    expect(loaded.diagnostics[0]?.range).toMatchObject({ line: 1, column: 1 });
  });

  test('hostile: the command line (16 MiB limit) reads it whole', () => {
    const loaded = loadPolicies(paste);
    expect(loaded.policies).toHaveLength(1);
    expect(loaded.diagnostics.every((d) => d.code === 'duplicate-object')).toBe(true);
  });
});

describe('binary garbage', () => {
  /** Deterministic pseudo-random bytes (a fixed LCG), as a text read byte by byte. */
  const bytes = (count: number, seed: number): string => {
    let state = seed;
    let out = '';
    for (let i = 0; i < count; i += 1) {
      state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
      out += String.fromCharCode(state >>> 24);
    }
    return out;
  };

  test.each([1, 2, 3, 4, 5, 6, 7, 8])(
    'hostile: 64 KiB of random bytes (seed %i) give diagnostics, never an exception',
    (seed) => {
      const text = bytes(65_536, seed);
      for (const loaded of [loadPolicies(text), loadCluster(text)]) {
        for (const d of loaded.diagnostics) {
          expect(d.message.length).toBeGreaterThan(0);
          expect(d.range?.line ?? 1).toBeGreaterThanOrEqual(1);
          expect(d.range?.end ?? 0).toBeLessThanOrEqual(text.length);
        }
      }
      expect(loadPolicies(text).policies).toEqual([]);
    },
  );

  test('hostile: NUL characters in a name are an invalid value, after the text is a syntax error', () => {
    const named = loadPolicies(networkPolicy('{name: "a\\u0000b"}'));
    expect(where(named.diagnostics)).toEqual([{ code: 'invalid-value', line: 3, column: 18 }]);
    expect(named.diagnostics[0]?.message).toMatch(
      /^metadata\.name: Invalid value: "a\\u0000b": a lowercase RFC 1123 subdomain/,
    );
    const trailing = loadPolicies(`${networkPolicy('{name: p}')}\u0000\u0000`);
    expect(where(trailing.diagnostics)).toEqual([{ code: 'yaml/syntax', line: 5, column: 1 }]);
  });

  test('hostile: lone surrogates in names, label values and label keys are invalid values', () => {
    const cases = [
      [networkPolicy('{name: "a\\ud800b"}'), 'metadata.name', 3, 18],
      [
        networkPolicy('{name: p}', '{podSelector: {matchLabels: {app: "a\ud800b"}}}'),
        'spec.podSelector.matchLabels.app',
        4,
        41,
      ],
      [
        networkPolicy('{name: p}', '{podSelector: {matchLabels: {"\udc00": b}}}'),
        'spec.podSelector.matchLabels[\udc00]',
        4,
        41,
      ],
    ] as const;
    for (const [text, path, line, column] of cases) {
      const loaded = loadPolicies(text);
      expect(loaded.policies).toEqual([]);
      expect(loaded.diagnostics).toEqual([expect.objectContaining({ code: 'invalid-value', path })]);
      expect(loaded.diagnostics[0]?.range).toMatchObject({ line, column });
    }
  });

  test('hostile: a byte-order mark at the start is ignored', () => {
    const loaded = loadPolicies(`\ufeff${networkPolicy('{name: p}')}`);
    expect(loaded.diagnostics).toEqual([]);
    expect(loaded.policies.map((p) => p.name)).toEqual(['p']);
  });

  test('hostile: a byte-order mark inside a later document is reported at its line, the first policy still loads', () => {
    const loaded = loadPolicies(`${networkPolicy('{name: p}')}---\n\ufeff${networkPolicy('{name: q}')}`);
    expect(loaded.policies.map((p) => p.name)).toEqual(['p']);
    expect(where(loaded.diagnostics)).toEqual([{ code: 'required', line: 6, column: 1 }]);
  });
});
