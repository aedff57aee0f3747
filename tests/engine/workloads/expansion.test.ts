import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { analyze, loadCluster, loadPolicies, type Cluster } from '../../../src/engine/index.ts';
import { clusterShape, type ClusterShape } from '../../oracle/generate.ts';
import { policiesYaml, policyObjects } from '../../oracle/generate-policies.ts';
import { yamlDocuments } from '../../oracle/yaml-text.ts';

type Obj = Record<string, unknown>;

// The random clusters and policies of the differential oracle, with each pod turned into a Deployment: once
// as its pod template alone (a repository), once with N identical pods listed (a running cluster).
function manifests(shape: ClusterShape, replicas: readonly number[]): string {
  const objects: Obj[] = shape.namespaces.map((n) => ({
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: n.name, ...(Object.keys(n.labels).length ? { labels: n.labels } : {}) },
  }));
  shape.pods.forEach((p, i) => {
    const containers = [
      {
        name: 'c',
        ports: p.ports.map((x) => ({
          ...(x.name ? { name: x.name } : {}),
          containerPort: x.containerPort,
          protocol: x.protocol,
        })),
      },
    ];
    objects.push({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: p.name, namespace: p.namespace },
      spec: { template: { metadata: { labels: p.labels }, spec: { containers } } },
    });
    for (let r = 0; r < (replicas[i] ?? 0); r++)
      objects.push({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: {
          name: `${p.name}-pod${r}`,
          namespace: p.namespace,
          labels: p.labels,
          ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: p.name, controller: true }],
        },
        spec: { containers },
      });
  });
  for (const { name, ...spec } of shape.externals)
    objects.push({ apiVersion: 'netpol-lab/v1', kind: 'ExternalEndpoint', metadata: { name }, spec });
  return yamlDocuments(objects);
}

function mustCluster(text: string): Cluster {
  const result = loadCluster(text);
  if (!result.ok) throw new Error(result.diagnostics.map((d) => d.message).join('\n'));
  return result.value;
}

describe('workloads', () => {
  test('expanding every workload into N identical pods never changes a verdict between two workloads, nor within one', () => {
    const scenario = fc.record({
      shape: clusterShape,
      policies: policyObjects,
      replicas: fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 8, maxLength: 8 }),
    });
    fc.assert(
      fc.property(scenario, ({ shape, policies, replicas }) => {
        const { policies: loaded } = loadPolicies(policiesYaml(policies));
        const ports = shape.ports;
        const templates = analyze(mustCluster(manifests(shape, [])), loaded).unitMatrix(ports);
        const expanded = analyze(mustCluster(manifests(shape, replicas)), loaded).unitMatrix(ports);
        const ids = templates.units.map((u) => u.id);
        expect(expanded.units.map((u) => u.id)).toEqual(ids);
        for (let a = 0; a < ids.length; a++)
          for (let b = 0; b < ids.length; b++) {
            // A workload to itself: its template stands for two of its pods, as two listed pods are (one
            // listed pod talking to itself is loopback).
            if (a === b && (expanded.units[a]?.members.length ?? 0) < 2) continue;
            for (let p = 0; p < ports.length; p++) {
              const reach = expanded.reach(a, b, p);
              expect(reach, `${ids[a]} → ${ids[b]} ${ports[p]?.port}/${ports[p]?.protocol}`).toBe(
                templates.reach(a, b, p),
              );
              expect(reach).not.toBe('mixed');
            }
          }
      }),
      { numRuns: 300, seed: 20261207 },
    );
  }, 120_000);
});
