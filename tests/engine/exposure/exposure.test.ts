import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import {
  describeExposure,
  describeOpenRule,
  renderExposure,
  summarizeExposure,
  type Exposure,
  type ExposureItem,
} from '../../../src/engine/index.ts';
import { modelClusterYaml } from '../../conformance/model.ts';
import { analysisOf } from '../helpers.ts';

const fixture = (name: string): string => readFileSync(join(import.meta.dirname, name), 'utf8');
const clusterYaml = `${modelClusterYaml()}\n---\n${fixture('api-server.yaml')}`;
const tcp80 = { port: 80, protocol: 'TCP' } as const;

function exposureOf(policies: string, cluster = clusterYaml): Exposure {
  return summarizeExposure(analysisOf(cluster, policies), tcp80);
}

function item<K extends ExposureItem['kind']>(e: Exposure, kind: K): Extract<ExposureItem, { kind: K }> {
  const found = e.items.find((i): i is Extract<ExposureItem, { kind: K }> => i.kind === kind);
  if (!found) throw new Error(`no ${kind} item`);
  return found;
}

describe('summarizeExposure', () => {
  test('without policies every pod is open both ways and every pair may connect', () => {
    const e = exposureOf('');
    expect(e.pods).toBe(9);
    expect(item(e, 'no-ingress-isolation').pods).toHaveLength(9);
    expect(item(e, 'no-egress-isolation').pods).toHaveLength(9);
    expect(item(e, 'admits-internet').rules).toEqual([]);
    expect(item(e, 'allowed-pairs')).toEqual({ kind: 'allowed-pairs', port: tcp80, allowed: 72, total: 72 });
    const api = item(e, 'reaches-kube-apiserver');
    expect(api.endpoints).toEqual(['kube-apiserver']);
    expect(api.pods).toHaveLength(9);
    expect(api.connections).toHaveLength(18);
  });

  test('isolation, open rules with their lines, API server reach and pair count', () => {
    const e = exposureOf(fixture('open-rules.yaml'));
    expect(item(e, 'no-ingress-isolation').pods).toEqual(['z/a', 'z/b']);
    expect(item(e, 'no-egress-isolation').pods).toEqual(['z/a', 'z/b', 'z/c']);
    expect(item(e, 'admits-internet').rules.map(describeOpenRule)).toEqual([
      'NetworkPolicy x/a-to-api egress[0].to[0] (policies.yaml:32): every address, the internet included',
      'NetworkPolicy z/c-open ingress[0] (policies.yaml:60): no from: every peer, inside and outside the cluster',
    ]);
    expect(item(e, 'admits-all-namespaces').rules.map(describeOpenRule)).toEqual([
      'NetworkPolicy y/b-from-everywhere ingress[0].from[0] (policies.yaml:47): every namespace',
      'NetworkPolicy z/c-open ingress[0] (policies.yaml:60): no from: every peer, inside and outside the cluster',
    ]);
    const api = item(e, 'reaches-kube-apiserver');
    expect(api.pods).toEqual(['x/a', 'z/a', 'z/b', 'z/c']);
    expect(api.connections.filter((c) => c.from === 'x/a')).toEqual([
      { from: 'x/a', to: 'kube-apiserver', port: 6443, protocol: 'TCP' },
    ]);
    // Only z's pods may send on 80: to each other (z/c admits all, z/a and z/b are open) and to y/b.
    const pairs = item(e, 'allowed-pairs');
    expect([pairs.allowed, pairs.total]).toEqual([9, 72]);
    expect(describeExposure(pairs, e.pods)).toBe('9 of 72 pod pairs (13%) may connect on 80/TCP.');
  });

  test('Cilium entities world and cluster count, an empty endpoint selector stays in its namespace', () => {
    const e = exposureOf(fixture('cilium-entities.yaml'));
    const rules = (kind: 'admits-internet' | 'admits-all-namespaces'): string[] =>
      item(e, kind).rules.map((r) => `${r.policy.name} ${r.peer ?? r.rule}`);
    expect(rules('admits-internet')).toEqual(['a-to-world spec.egress[0].toEntities']);
    expect(rules('admits-all-namespaces')).toEqual(['a-from-cluster spec.ingress[0].fromEntities']);
    expect(item(e, 'no-ingress-isolation').pods).not.toContain('z/a');
  });

  test('a cluster without pods or API server still answers, in words', () => {
    const e = exposureOf('', 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: empty\n');
    expect(item(e, 'allowed-pairs').total).toBe(0);
    expect(renderExposure(e)).toContain(
      'Connections to kube-apiserver: The cluster has no kube-apiserver endpoint.',
    );
  });
});
