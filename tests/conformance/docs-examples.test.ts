import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'vitest';
import { analysisOf, expectVerdict, fixtures } from '../engine/helpers.ts';

// Examples from https://kubernetes.io/docs/concepts/services-networking/network-policies/,
// re-expressed as flows that must be allowed or denied.
interface DocsCase {
  readonly policies: string;
  readonly flows: readonly [string, string, string, 'allow' | 'deny'][];
}

const clusterYaml = readFileSync(join(import.meta.dirname, 'docs-cluster.yaml'), 'utf8');

describe('Kubernetes documentation examples', () => {
  test.each(fixtures<DocsCase>(join(import.meta.dirname, 'docs')))('%s', (_name, fixture) => {
    const analysis = analysisOf(clusterYaml, fixture.policies);
    for (const [from, to, port, verdict] of fixture.flows)
      expectVerdict(analysis, `${from} ${to} ${port}`, verdict);
  });
});
