import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { describe, expect, test } from 'vitest';
import {
  generatePolicies,
  loadCluster,
  loadPolicies,
  observeTraffic,
  readHubble,
  verifyTraffic,
  type Cluster,
  type Traffic,
} from '../../../src/engine/index.ts';

const fixture = (name: string): string =>
  readFileSync(join(import.meta.dirname, 'fixtures', 'statefulset', name), 'utf8');

function cluster(): Cluster {
  const loaded = loadCluster(fixture('cluster.yaml'));
  if (!loaded.ok) throw new Error(loaded.diagnostics.map((d) => d.message).join('\n'));
  return loaded.value;
}

function observed(file: string): Traffic {
  return observeTraffic([{ file, log: readHubble(fixture(file), { file }) }], cluster());
}

const DB = 'data/db';

interface PolicyDoc {
  spec: { ingress: unknown; egress: unknown };
}

/** Each connection as `from → to port (pods): allowed|denied`. */
function verdicts(traffic: Traffic, policiesText: string): string[] {
  const { policies } = loadPolicies(policiesText);
  return verifyTraffic(traffic, traffic.cluster, policies).connections.map(
    (c) =>
      `${c.flow.from} → ${c.flow.to} ${c.flow.port} (${c.flow.pods ?? '?'}): ${c.allowed ? 'allowed' : 'denied'}`,
  );
}

describe('traffic between pods of one workload', () => {
  test('db-1 → db-0 and db-2 → db-0 are two pods of the StatefulSet; the health check to its own address is loopback', () => {
    const traffic = observed('replication-flows.jsonl');
    expect(traffic.connections.map((c) => [c.from, c.to, c.port, c.pods, c.count])).toEqual([
      [DB, DB, 5432, 'two-pods', 2],
      [DB, DB, 5432, 'same-pod', 1],
    ]);
  });

  test('under a default-deny ingress, replication between replicas is denied and loopback stays allowed', () => {
    expect(verdicts(observed('replication-flows.jsonl'), fixture('default-deny-ingress.yaml'))).toEqual([
      `${DB} → ${DB} 5432 (two-pods): denied`,
      `${DB} → ${DB} 5432 (same-pod): allowed`,
    ]);
  });

  test('the denial is explained as the StatefulSet isolated for ingress, not as a pod talking to itself', () => {
    const traffic = observed('replication-flows.jsonl');
    const { policies } = loadPolicies(fixture('default-deny-ingress.yaml'));
    const [replication] = verifyTraffic(traffic, traffic.cluster, policies).denied;
    expect(replication?.verdict.ingress.decision).toBe('default-deny');
    expect(replication?.verdict.egress.decision).not.toBe('loopback');
  });

  test('generate admits the replication with an ingress (and egress) rule naming its own pods', () => {
    const traffic = observed('replication-flows.jsonl');
    const generated = generatePolicies(traffic, traffic.cluster, { kind: 'networkpolicy' });
    const [doc] = parseAllDocuments(generated.text).map((d) => d.toJS() as PolicyDoc);
    expect(doc?.spec.ingress).toEqual([
      {
        from: [{ podSelector: { matchLabels: { app: 'db' } } }],
        ports: [{ protocol: 'TCP', port: 'postgres' }],
      },
    ]);
    expect(doc?.spec.egress).toEqual([
      {
        to: [{ podSelector: { matchLabels: { app: 'db' } } }],
        ports: [{ protocol: 'TCP', port: 'postgres' }],
      },
    ]);
    expect(generated.proof.allObservedAllowed).toBe(true);
    expect(verdicts(traffic, generated.text).every((v) => v.endsWith('allowed'))).toBe(true);
  });

  test('loopback alone opens nothing: the generated policy isolates the StatefulSet with no rule', () => {
    const traffic = observed('loopback-flows.jsonl');
    expect(traffic.connections.map((c) => c.pods)).toEqual(['same-pod']);
    const generated = generatePolicies(traffic, traffic.cluster, { kind: 'networkpolicy' });
    const [doc] = parseAllDocuments(generated.text).map((d) => d.toJS() as PolicyDoc);
    expect(doc?.spec.ingress).toEqual([]);
    expect(doc?.spec.egress).toEqual([]);
    expect(generated.proof.allObservedAllowed).toBe(true);
  });
});
