import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'vitest';
import { analysisOf, expectVerdict, fixtures } from '../helpers.ts';

interface SemanticsCase {
  readonly policies: string;
  readonly flows: readonly [string, string, string, 'allow' | 'deny'][];
}

const clusterYaml = readFileSync(join(import.meta.dirname, 'cluster.yaml'), 'utf8');

describe('NetworkPolicy v1 semantics', () => {
  test.each(fixtures<SemanticsCase>(join(import.meta.dirname, 'semantics')))('%s', (_name, fixture) => {
    const analysis = analysisOf(clusterYaml, fixture.policies);
    for (const [from, to, port, verdict] of fixture.flows)
      expectVerdict(analysis, `${from} ${to} ${port}`, verdict);
  });
});
