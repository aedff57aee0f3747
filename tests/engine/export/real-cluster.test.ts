import { describe, expect, test } from 'vitest';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import {
  analyze,
  exportRealCluster,
  loadCluster,
  loadPolicies,
  type Cluster,
  type Flow,
} from '../../../src/engine/index.ts';

const shopText = readFileSync('content/scenarios/shop.yaml', 'utf8');

function shop(): Cluster {
  const loaded = loadCluster(shopText, { file: 'shop.yaml' });
  if (!loaded.ok) throw new Error(loaded.diagnostics.map((d) => d.message).join('\n'));
  return loaded.value;
}

const policiesText = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: db-from-search, namespace: data}
spec:
  podSelector: {matchLabels: {app.kubernetes.io/name: product-db}}
  ingress:
    - from:
        - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: search}}
      ports: [{port: 5432}]
`;

const flows: Flow[] = [
  { from: 'search/product-search', to: 'data/product-db', port: 5432, protocol: 'TCP' },
  { from: 'storefront/frontend', to: 'data/product-db', port: 5432, protocol: 'TCP' },
  { from: 'storefront/frontend', to: 'kube-system/kube-dns', port: 53, protocol: 'UDP' },
  { from: 'payments/payments', to: 'payment-api', port: 443, protocol: 'TCP' },
  { from: 'internet-client', to: 'storefront/frontend', port: 8080, protocol: 'TCP' },
];

function exported() {
  const cluster = shop();
  const policies = loadPolicies(policiesText).policies;
  const analysis = analyze(cluster, policies);
  return {
    cluster,
    result: exportRealCluster({
      name: 'shop',
      cluster,
      policiesText,
      flows: flows.map((flow) => ({ flow, predicted: analysis.evaluateFlow(flow).allowed })),
    }),
  };
}

const file = (result: ReturnType<typeof exported>['result'], name: string): string => {
  const found = result.files.find((f) => f.name === name);
  if (found === undefined) throw new Error(`no ${name}`);
  return found.content;
};

describe('real-cluster export', () => {
  test('recreates every namespace and pod of the scenario, labels included, outside kube-system', () => {
    const { cluster, result } = exported();
    const docs = parseAllDocuments(file(result, 'cluster.yaml')).map(
      (d) =>
        d.toJS() as {
          kind: string;
          metadata: { name: string; namespace?: string; labels?: Record<string, string> };
        },
    );
    const reloaded = loadCluster(file(result, 'cluster.yaml'));
    expect(reloaded.ok).toBe(true);
    expect(reloaded.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const appPods = cluster.pods.filter((p) => p.namespace !== 'kube-system');
    const pods = docs.filter((d) => d.kind === 'Pod');
    expect(pods.map((p) => `${p.metadata.namespace}/${p.metadata.name}`).sort()).toEqual(
      appPods.map((p) => `${p.namespace}/${p.name}`).sort(),
    );
    for (const pod of appPods) {
      const out = pods.find((p) => p.metadata.name === pod.name && p.metadata.namespace === pod.namespace);
      expect(out?.metadata.labels).toEqual(pod.labels);
    }
    expect(docs.some((d) => d.kind === 'Namespace' && d.metadata.name === 'kube-system')).toBe(false);
    expect(docs.filter((d) => d.kind === 'Namespace').map((d) => d.metadata.name)).toContain('data');
  });

  test('every declared port is served by an agnhost container with the same name, number and protocol', () => {
    const { cluster, result } = exported();
    if (!cluster.pods.some((p) => p.ports.length > 0)) throw new Error('scenario has no ports');
    for (const doc of parseAllDocuments(file(result, 'cluster.yaml'))) {
      const obj = doc.toJS() as {
        kind: string;
        metadata: { name: string; namespace: string };
        spec: {
          containers: {
            image: string;
            command: string[];
            ports?: { name?: string; containerPort: number; protocol: string }[];
          }[];
        };
      };
      if (obj.kind !== 'Pod') continue;
      const source = cluster.pods.find(
        (p) => p.name === obj.metadata.name && p.namespace === obj.metadata.namespace,
      );
      const served = obj.spec.containers.flatMap((c) => c.ports ?? []);
      expect(served).toEqual(
        source?.ports.map((p) => ({
          ...(p.name ? { name: p.name } : {}),
          containerPort: p.containerPort,
          protocol: p.protocol,
        })),
      );
      for (const container of obj.spec.containers) expect(container.image).toMatch(/agnhost/);
    }
  });

  test('the probe script has one probe per in-cluster flow and skips the rest with a reason', () => {
    const { result } = exported();
    const script = file(result, 'probe.sh');
    const probes = script.split('\n').filter((line) => line.startsWith('probe '));
    expect(probes).toHaveLength(3);
    expect(result.probed.map((p) => p.flow.to)).toEqual([
      'data/product-db',
      'data/product-db',
      'kube-system/kube-dns',
    ]);
    expect(probes[0]).toContain("'search' 'product-search'");
    expect(probes[0]).toMatch(/5432 tcp allowed$/);
    expect(probes[1]).toMatch(/5432 tcp denied$/);
    expect(probes[2]).toMatch(/^probe .* service 'kube-system' 'kube-dns' 53 udp (allowed|denied)$/);
    expect(result.skipped.map((s) => s.flow.to)).toEqual(['payment-api', 'storefront/frontend']);
    expect(script).toContain('skipped payments/payments -> payment-api:443/TCP');
  });

  test('the probe script is valid bash', () => {
    const { result } = exported();
    const dir = mkdtempSync(join(tmpdir(), 'netpol-export-'));
    writeFileSync(join(dir, 'probe.sh'), file(result, 'probe.sh'));
    expect(() => execFileSync('bash', ['-n', join(dir, 'probe.sh')])).not.toThrow();
  });

  test('the policies file holds the learner policies, still valid', () => {
    const { result } = exported();
    const text = file(result, 'policies.yaml');
    expect(text).toContain('db-from-search');
    expect(loadPolicies(text).policies).toHaveLength(1);
    expect(parse(text.split('\n').slice(1).join('\n'))).toMatchObject({ kind: 'NetworkPolicy' });
  });

  test('label values a YAML 1.1 reader would take for booleans stay strings (kubectl reads YAML 1.1)', () => {
    const loaded = loadCluster(readFileSync('content/scenarios/model.yaml', 'utf8'), { file: 'model.yaml' });
    if (!loaded.ok) throw new Error('model scenario does not load');
    const namespaceY = loaded.value.namespaces.find((n) => n.name === 'y');
    expect(namespaceY?.labels.ns).toBe('y');
    const result = exportRealCluster({ name: 'model', cluster: loaded.value, policiesText: '', flows: [] });
    const docs = parseAllDocuments(file(result, 'cluster.yaml'), { version: '1.1' }).map(
      (d) => d.toJS() as { kind: string; metadata: { name: string; labels?: Record<string, unknown> } },
    );
    const y = docs.find((d) => d.kind === 'Namespace' && d.metadata.name === 'y');
    expect(y?.metadata.labels?.ns).toBe('y');
    for (const doc of docs) {
      for (const value of Object.values(doc.metadata.labels ?? {})) expect(typeof value).toBe('string');
    }
  });
});

describe('real-cluster export of a policies text that holds other objects', () => {
  const smuggled = readFileSync('tests/engine/export/fixtures/smuggled-objects.yaml', 'utf8');
  const result = exportRealCluster({ name: 'shop', cluster: shop(), policiesText: smuggled, flows: [] });

  test('policies.yaml holds only the policy that loaded, rebuilt, and none of the other objects', () => {
    const text = file(result, 'policies.yaml');
    const docs = parseAllDocuments(text).map((d) => d.toJS() as { kind: string; metadata: { name: string } });
    expect(docs.map((d) => `${d.kind} ${d.metadata.name}`)).toEqual(['NetworkPolicy db-from-search']);
    for (const word of ['hostPath', 'hostPID', 'cluster-admin', 'system:unauthenticated', 'broken'])
      expect(text).not.toContain(word);
    expect(loadPolicies(text).policies.map((p) => p.name)).toEqual(['db-from-search']);
    expect(result.policies).toBe(1);
  });

  test('what was left out is named with its reason, in the result and in the README', () => {
    expect(result.leftOut).toEqual([
      { object: 'Pod default/root-shell', reason: 'it is not a policy kind the sandbox evaluates' },
      {
        object: 'ClusterRoleBinding everyone-admin',
        reason: 'it is not a policy kind the sandbox evaluates',
      },
      { object: 'NetworkPolicy data/broken', reason: 'it has errors, so the sandbox does not evaluate it' },
    ]);
    const readme = file(result, 'README.md');
    expect(readme).toContain('- ClusterRoleBinding everyone-admin: it is not a policy kind');
    expect(readme).toContain('kubectl apply -f policies.yaml');
    expect(readme).toContain('accepts the policies and\nignores them');
  });

  test('a policy defined twice is written once, the later definition', () => {
    const twice = `${policiesText}---\n${policiesText.replace('5432', '5433')}`;
    const out = exportRealCluster({ name: 'shop', cluster: shop(), policiesText: twice, flows: [] });
    expect(file(out, 'policies.yaml')).toContain('5433');
    expect(file(out, 'policies.yaml')).not.toContain('5432');
    expect(out.leftOut).toEqual([
      {
        object: 'NetworkPolicy data/db-from-search',
        reason: 'it is defined again later; the later definition is written',
      },
    ]);
  });

  test('a policy without a namespace is written into the namespace the sandbox evaluated it in', () => {
    const bare = policiesText.replace(', namespace: data', '');
    const out = exportRealCluster({ name: 'shop', cluster: shop(), policiesText: bare, flows: [] });
    expect(parse(file(out, 'policies.yaml').split('\n').slice(1).join('\n'))).toMatchObject({
      metadata: { name: 'db-from-search', namespace: 'default' },
    });
  });
});
