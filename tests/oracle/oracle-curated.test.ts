/**
 * The oracle against the project's curated expectations, which come from the documentation and the
 * upstream conformance suites rather than from either implementation: the Cilium and network-policy-api
 * worked examples, the Kubernetes documentation examples and the upstream e2e truth tables.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, test } from 'vitest';
import type { Protocol } from '../../src/engine/index.ts';
import { modelClusterYaml } from '../conformance/model.ts';
import { satisfies, splitFixture, type Expectation } from '../engine/cilium/scenario.ts';
import { loadInputs } from './compare.ts';
import { oracleVerdict, type OracleVerdict } from './oracle.ts';

const root = new URL('../', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, root), 'utf8');
const yamlFiles = (dir: string) =>
  readdirSync(new URL(dir, root))
    .filter((f) => f.endsWith('.yaml'))
    .sort();

function word(v: OracleVerdict): Expectation['outcome'] {
  if (v.outcome === 'requests-filtered' || v.outcome === 'request-denied') return v.outcome;
  return v.allowed ? 'allowed' : v.outcome === 'resolving-timed-out' ? v.outcome : 'connection-timed-out';
}

describe('the oracle agrees with the curated expectations', () => {
  const worked = [
    ['engine/cilium/fixtures/', ''],
    ['engine/cluster-policy/fixtures/', read('engine/cluster-policy/cluster/hogwarts.yaml')],
  ] as const;
  test.each(worked.flatMap(([dir, base]) => yamlFiles(dir).map((f) => [`${dir}${f}`, base] as const)))(
    '%s',
    (path, base) => {
      const fixture = splitFixture(read(path));
      const { cluster, policies } = loadInputs(
        [base, fixture.cluster].filter((t) => t.trim() !== '').join('\n---\n'),
        fixture.policies,
      );
      for (const e of fixture.expectations) {
        const actual = word(oracleVerdict(cluster, policies, e));
        expect(satisfies(actual, e.outcome), `${e.from} → ${e.to} ${e.port}/${e.protocol}: ${actual}`).toBe(
          true,
        );
      }
    },
  );

  test.each(yamlFiles('conformance/docs/'))('Kubernetes documentation: %s', (file) => {
    const fixture = parse(read(`conformance/docs/${file}`)) as {
      policies: string;
      flows: [string, string, string, 'allow' | 'deny'][];
    };
    const { cluster, policies } = loadInputs(read('conformance/docs-cluster.yaml'), fixture.policies);
    for (const [from, to, portProtocol, want] of fixture.flows) {
      const [port = '0', protocol = 'TCP'] = portProtocol.split('/');
      const v = oracleVerdict(cluster, policies, {
        from,
        to,
        port: Number(port),
        protocol: protocol as Protocol,
      });
      expect(v.allowed ? 'allow' : 'deny', `${from} → ${to} ${portProtocol}`).toBe(want);
    }
  });

  test.each(yamlFiles('conformance/upstream/'))('upstream truth table: %s', (file) => {
    const fixture = parse(read(`conformance/upstream/${file}`)) as {
      port: number;
      protocol: Protocol;
      policies: string;
      grid: string;
    };
    const { cluster, policies } = loadInputs(modelClusterYaml(), fixture.policies);
    const ids = cluster.pods.map((p) => `${p.namespace}/${p.name}`);
    const grid = ids.map((from) =>
      ids.map((to) =>
        oracleVerdict(cluster, policies, { from, to, port: fixture.port, protocol: fixture.protocol }).allowed
          ? '.'
          : 'X',
      ),
    );
    const want = fixture.grid
      .trim()
      .split('\n')
      .slice(1)
      .map((row) => row.trim().split(/\s+/).slice(1));
    expect(grid).toEqual(want);
  });
});
