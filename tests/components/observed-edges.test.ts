import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { analyze, loadCluster, loadPolicies, type Cluster } from '../../src/engine/index.ts';
import { layoutCluster } from '../../src/components/graph/layout.ts';
import { observedOverlay, withObserved } from '../../src/components/traffic/observed-edges.ts';
import { checkTraffic, readFlowLog } from '../../src/components/traffic/traffic-model.ts';
import type { GraphEdge } from '../../src/components/graph/edges.ts';
import { ROOT } from '../content/load.ts';

const read = (path: string): string => readFileSync(join(ROOT, path), 'utf8');
const loaded = loadCluster(read('content/scenarios/bakery.yaml'));
if (!loaded.ok) throw new Error('content/scenarios/bakery.yaml does not load');
const bakery: Cluster = loaded.value;
const drawn = new Set(layoutCluster(bakery).endpoints.map((e) => e.id));
const traffic = readFlowLog('bakery-day.jsonl', read('content/traffic/bakery-day.jsonl'), bakery).traffic!;

const DB_FROM_ORDERS = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: db-from-orders, namespace: bakery }
spec:
  podSelector: { matchLabels: { app: db } }
  policyTypes: [Ingress]
  ingress:
    - from: [{ podSelector: { matchLabels: { app: orders } } }]
      ports: [{ port: 5432 }]
`;

function overlayFor(policies: string) {
  const check = checkTraffic(traffic, bakery, analyze(bakery, loadPolicies(policies).policies), policies);
  return observedOverlay(check.verified, check.handle, drawn);
}

describe('observed traffic on the graph', () => {
  test("the lesson's log: every pair the graph shows, with its count and ports, none denied without policies", () => {
    const overlay = overlayFor('');
    expect(overlay.connections).toBe(14);
    expect(overlay.denied).toBe(0);
    const debug = overlay.pairs.find((p) => p.id === 'bakery/debug -> bakery/db');
    expect(debug).toMatchObject({ count: 1, denied: false, ports: '5432/TCP seen 1×' });
    // Customers and outside addresses only the flows name are not on the graph: counted, not drawn.
    expect(overlay.offGraph + overlay.pairs.length).toBeGreaterThanOrEqual(8);
    expect(overlay.pairs.every((p) => drawn.has(p.from) && drawn.has(p.to))).toBe(true);
  });

  test('the verdicts are verifyTraffic’s: only orders may reach the database, so the debug pod’s connection is denied', () => {
    const overlay = overlayFor(DB_FROM_ORDERS);
    expect(overlay.pairs.filter((p) => p.denied).map((p) => p.id)).toEqual(['bakery/debug -> bakery/db']);
    expect(overlay.pairs.find((p) => p.id === 'bakery/debug -> bakery/db')?.ports).toBe(
      '5432/TCP seen 1×, denied',
    );
  });

  test('withObserved marks observed arrows, takes their observed verdict, adds missing ones, fades the rest', () => {
    const overlay = overlayFor(DB_FROM_ORDERS);
    const portEdges: GraphEdge[] = [
      {
        id: 'bakery/debug -> bakery/db',
        from: 'bakery/debug',
        to: 'bakery/db',
        allowed: true,
        changed: false,
      },
      { id: 'bakery/web -> bakery/db', from: 'bakery/web', to: 'bakery/db', allowed: true, changed: false },
    ];
    const edges = withObserved(portEdges, overlay);
    const debug = edges.find((e) => e.id === 'bakery/debug -> bakery/db');
    expect(debug).toMatchObject({ allowed: false, observed: { count: 1, denied: true } });
    expect(debug?.observed?.tip).toBe('bakery/debug → bakery/db: observed, 5432/TCP seen 1×, denied');
    expect(edges.find((e) => e.id === 'bakery/web -> bakery/db')).toMatchObject({ unobserved: true });
    expect(edges.find((e) => e.id === 'bakery/orders -> bakery/db')).toMatchObject({
      allowed: true,
      observed: { count: 4, denied: false },
    });
    expect(withObserved(portEdges, null)).toEqual(portEdges);
  });

  test('two pods of a StatefulSet drawn as one box: listed as between two of its pods, denied under a default deny', () => {
    const dir = 'tests/engine/traffic/fixtures/statefulset';
    const data = loadCluster(read(`${dir}/cluster.yaml`));
    if (!data.ok) throw new Error('statefulset cluster does not load');
    const log = readFlowLog('replication-flows.jsonl', read(`${dir}/replication-flows.jsonl`), data.value);
    const policies = read(`${dir}/default-deny-ingress.yaml`);
    const check = checkTraffic(
      log.traffic!,
      data.value,
      analyze(data.value, loadPolicies(policies).policies),
      policies,
    );
    const ids = new Set(layoutCluster(data.value).endpoints.map((e) => e.id));
    const overlay = observedOverlay(check.verified, check.handle, ids);
    expect(overlay.pairs).toEqual([]);
    // Loopback (the health check to its own address) is not listed: it is no traffic between pods.
    expect(overlay.within).toEqual([
      { key: 'data/db|5432/TCP', unit: 'data/db', port: '5432/TCP seen 2×, denied', denied: true },
    ]);
  });
});
