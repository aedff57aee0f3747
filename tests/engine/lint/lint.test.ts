import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { analyze, loadCluster, loadPolicies } from '../../../src/engine/index.ts';
import { cluster, fixtures } from '../helpers.ts';

interface LintCase {
  readonly policies: string;
  readonly expect: readonly { code: string; line: number; message?: string; fix?: string }[];
}

const shop = cluster(readFileSync(join(import.meta.dirname, 'cluster.yaml'), 'utf8'));

describe('lint warnings (valid but probably wrong)', () => {
  test.each(fixtures<LintCase>(join(import.meta.dirname, 'fixtures')))('%s', (_name, fixture) => {
    const loaded = loadPolicies(fixture.policies, { file: 'p.yaml' });
    expect(loaded.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const warnings = [...loaded.diagnostics, ...analyze(shop, loaded.policies).lint()].filter(
      (d) => d.severity === 'warning',
    );
    expect(warnings.map((d) => ({ code: d.code, line: d.range?.line }))).toEqual(
      fixture.expect.map(({ code, line }) => ({ code, line })),
    );
    for (const [i, want] of fixture.expect.entries()) {
      expect(warnings[i]?.fix, 'every lint warning has a one-sentence fix').toMatch(/\.$/);
      if (want.message) expect(warnings[i]?.message).toContain(want.message);
      if (want.fix) expect(warnings[i]?.fix).toContain(want.fix);
    }
  });
});

describe('objects defined twice', () => {
  const fixture = parse(readFileSync(join(import.meta.dirname, 'duplicates.yaml'), 'utf8')) as {
    cluster: string;
    policies: string;
  };

  test('a Namespace declared twice is a warning on the second, and the last labels count', () => {
    const result = loadCluster(fixture.cluster, { file: 'c.yaml' });
    expect(result.ok).toBe(true);
    const dup = result.diagnostics.filter((d) => d.code === 'duplicate-object');
    expect(dup.map((d) => [d.severity, d.range?.line])).toEqual([['warning', 7]]);
    expect(dup[0]?.message).toContain('Namespace shop is declared twice');
    if (result.ok)
      expect(result.value.namespaces.find((n) => n.name === 'shop')?.labels.team).toBe('payments');
  });

  test('two policies of one kind, namespace and name: a warning, and the last one replaces the first', () => {
    const loaded = loadPolicies(fixture.policies, { file: 'p.yaml' });
    const dup = loaded.diagnostics.filter((d) => d.code === 'duplicate-object');
    expect(dup.map((d) => [d.severity, d.range?.line])).toEqual([['warning', 8]]);
    expect(dup[0]?.message).toContain('NetworkPolicy shop/web is defined twice');
    expect(loaded.policies.map((p) => `${p.namespace}/${p.name}`)).toEqual(['shop/web', 'other/web']);
    expect(loaded.policies[0]?.object).toMatchObject({ spec: { policyTypes: ['Egress'] } });
  });
});
