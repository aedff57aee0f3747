import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { analyze, loadPolicies } from '../../../src/engine/index.ts';
import { cluster, fixtures } from '../helpers.ts';

interface LintCase {
  readonly policies: string;
  readonly expect: readonly { code: string; line: number; message?: string }[];
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
    }
  });
});
