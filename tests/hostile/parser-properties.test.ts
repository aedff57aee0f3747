import fc from 'fast-check';
import { stringify } from 'yaml';
import { describe, expect, test } from 'vitest';
import { loadCluster, loadPolicies, type Diagnostic } from '../../src/engine/index.ts';
import { expectPristinePrototype, hostileRuns, hostileTimeout, runsLabel } from './helpers.ts';

// 10,000 generated inputs per property in `npm run test:hostile` (200 in the default unit run): the
// parser is total (never throws) and every diagnostic points inside the text.
const RUNS = hostileRuns();
const TIMEOUT = hostileTimeout(RUNS);

/** Fails unless every diagnostic has a message and a range inside `text` (plain checks: this runs 40,000 times). */
function expectValidPositions(text: string, diagnostics: readonly Diagnostic[]): void {
  for (const d of diagnostics) {
    const r = d.range;
    const valid =
      d.message.length > 0 &&
      (!r ||
        (r.line >= 1 &&
          r.column >= 1 &&
          r.endLine >= r.line &&
          r.start >= 0 &&
          r.end >= r.start &&
          r.end <= text.length));
    if (!valid)
      expect({ text, diagnostic: d }).toBe('a diagnostic with a message and a range inside the text');
  }
}

/** Loads the text as policies and as a cluster; both must answer with valid positions. */
function expectTotal(text: string, asCluster = true): void {
  expectValidPositions(text, loadPolicies(text).diagnostics);
  if (!asCluster) return;
  const cluster = loadCluster(text);
  if (!cluster.ok) expectValidPositions(text, cluster.diagnostics);
}

const KEYS = [
  'apiVersion',
  'kind',
  'metadata',
  'name',
  'labels',
  'spec',
  'podSelector',
  'matchLabels',
  'ingress',
  'from',
  'ports',
  'port',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
];
const key = fc.oneof(fc.constantFrom(...KEYS), fc.string({ maxLength: 6 }));
const leaf = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.string({ unit: 'binary', maxLength: 6 }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom('networking.k8s.io/v1', 'NetworkPolicy', 'v1', 'Pod', 'Namespace', 'TCP'),
);
const jsonish = fc.letrec((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', maxDepth: 3 },
    leaf,
    fc.array(tie('node'), { maxLength: 3 }),
    fc.dictionary(key, tie('node'), { maxKeys: 3 }),
  ),
})).node;
const manifest = fc.record({
  apiVersion: fc.constantFrom('networking.k8s.io/v1', 'v1'),
  kind: fc.constantFrom('NetworkPolicy', 'Pod', 'Namespace'),
  metadata: jsonish,
  spec: jsonish,
});

describe('parser properties', () => {
  test(
    `hostile: any text gives diagnostics with valid positions, never an exception (${runsLabel(RUNS)} texts)`,
    () => {
      const yamlish = fc
        .array(
          fc.constantFrom(
            'a',
            ':',
            ' ',
            '\n',
            '-',
            '[',
            ']',
            '{',
            '}',
            '"',
            "'",
            '#',
            '&a',
            '*a',
            '!t',
            '|',
            '>',
            '---',
            '\t',
            '\u0000',
            '\ufeff',
            '\ud800',
            '%YAML 1.2',
          ),
          { maxLength: 40 },
        )
        .map((parts) => parts.join(''));
      fc.assert(
        fc.property(
          fc.oneof(fc.string({ maxLength: 80 }), fc.string({ unit: 'binary', maxLength: 60 }), yamlish),
          (text) => expectTotal(text),
        ),
        RUNS,
      );
      expectPristinePrototype();
    },
    TIMEOUT,
  );

  test(
    `hostile: any JSON-like value written as YAML or JSON never throws, and nothing is polluted (${runsLabel(RUNS)} values)`,
    () => {
      fc.assert(
        fc.property(fc.oneof(jsonish, manifest), (value) => {
          expectTotal(stringify(value, { aliasDuplicateObjects: false }));
          expectTotal(JSON.stringify(value) ?? 'null', false);
        }),
        RUNS,
      );
      expectPristinePrototype();
    },
    TIMEOUT,
  );
});
