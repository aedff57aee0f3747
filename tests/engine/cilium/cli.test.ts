import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { run } from '../../../src/cli/main.ts';
import { splitFixture } from './scenario.ts';

/** Writes a fixture's cluster, policies and flows as files and returns their paths. */
function files(
  dir: string,
  name: string,
  baseCluster = '',
): { cluster: string; policies: string; flows: string } {
  const text = readFileSync(new URL(`../${dir}/fixtures/${name}`, import.meta.url), 'utf8');
  const { cluster, policies, expectations } = splitFixture(text);
  const out = mkdtempSync(join(tmpdir(), 'netpol-'));
  const paths = {
    cluster: join(out, 'cluster.yaml'),
    policies: join(out, 'policies.yaml'),
    flows: join(out, 'flows.json'),
  };
  writeFileSync(paths.cluster, [baseCluster, cluster].filter((t) => t.trim() !== '').join('\n---\n'));
  writeFileSync(paths.policies, policies);
  writeFileSync(
    paths.flows,
    JSON.stringify(expectations.map(({ from, to, port, protocol }) => ({ from, to, port, protocol }))),
  );
  return paths;
}

interface Row {
  readonly from: string;
  readonly to: string;
  readonly allowed: boolean;
}

// The command line contract from the engine issue, with the new kinds in --policies.
describe('netpol evaluate with Cilium and cluster-wide kinds', () => {
  test.each([
    ['cilium', 'dns-match-name.yaml', ''],
    ['cilium', 'deny-beats-allow.yaml', ''],
    [
      'cluster-policy',
      'cnp-pass-to-networkpolicy.yaml',
      readFileSync(new URL('../cluster-policy/cluster/hogwarts.yaml', import.meta.url), 'utf8'),
    ],
    [
      'cluster-policy',
      'anp-gress-rules-combined.yaml',
      readFileSync(new URL('../cluster-policy/cluster/hogwarts.yaml', import.meta.url), 'utf8'),
    ],
  ])('%s/%s', (dir, name, base) => {
    const p = files(dir, name, base);
    const result = run([
      'evaluate',
      '--cluster',
      p.cluster,
      '--policies',
      p.policies,
      '--flows',
      p.flows,
      '--output',
      'json',
    ]);
    expect(result.code, result.stderr).toBe(0);
    const stdout = result.stdout + [...(result.more ?? [])].join('');
    const { results } = JSON.parse(stdout) as { results: Row[] };
    const expected = splitFixture(
      readFileSync(new URL(`../${dir}/fixtures/${name}`, import.meta.url), 'utf8'),
    ).expectations;
    expect(results.map((r) => r.allowed)).toEqual(expected.map((e) => e.outcome === 'allowed'));
  });

  test('an invalid Cilium policy exits 1 with file:line:col diagnostics', () => {
    const p = files('cilium', 'star-wars-l4.yaml');
    writeFileSync(
      p.policies,
      'apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: {name: bad}\nspec:\n  endpointSelector: {}\n  ingres: [{}]\n',
    );
    const result = run([
      'evaluate',
      '--cluster',
      p.cluster,
      '--policies',
      p.policies,
      '--flows',
      p.flows,
      '--output',
      'json',
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/policies\.yaml:6:3: .*unknown field "spec\.ingres"/);
  });
});
