import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import {
  analyze,
  loadCluster,
  loadPolicies,
  type Cluster,
  type Protocol,
} from '../../../src/engine/index.ts';

const fixture = (name: string): string => readFileSync(join(import.meta.dirname, 'fixtures', name), 'utf8');

function mustCluster(text: string): Cluster {
  const result = loadCluster(text);
  if (!result.ok) throw new Error(result.diagnostics.map((d) => d.message).join('\n'));
  return result.value;
}

function verdict(
  cluster: Cluster,
  policies: string,
  from: string,
  to: string,
  port: number,
  protocol: Protocol = 'TCP',
) {
  return analyze(cluster, loadPolicies(policies).policies).evaluateFlow({ from, to, port, protocol });
}

describe('a repository of workloads', () => {
  const cluster = mustCluster(fixture('repository.yaml'));
  const policies = fixture('repository-policies.yaml');

  test('every workload kind is read, each as one endpoint standing in by its pod template', () => {
    expect(cluster.workloads.map((w) => `${w.kind} ${w.namespace}/${w.name}`)).toEqual([
      'Deployment shop/web',
      'StatefulSet data/db',
      'DaemonSet data/agent',
      'CronJob data/backup',
      'Job data/migrate',
      'ReplicationController shop/legacy',
      'ReplicaSet shop/worker',
    ]);
    const web = cluster.pods.find((p) => p.name === 'web');
    expect(web).toMatchObject({
      namespace: 'shop',
      labels: { app: 'web', tier: 'front' },
      ips: [],
      ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }],
      serviceAccount: 'web',
      template: { kind: 'Deployment', name: 'web' },
    });
    // A CronJob's template sits under spec.jobTemplate.spec.template.
    expect(cluster.pods.find((p) => p.name === 'backup')?.labels).toEqual({ app: 'backup' });
  });

  test('kinds the engine does not use are counted in one summary line', () => {
    const result = loadCluster(fixture('repository.yaml'));
    expect(result.diagnostics.map((d) => [d.code, d.severity])).toEqual([['cluster/summary', 'info']]);
    expect(result.diagnostics[0]?.message).toContain(
      'skipped kinds the engine does not use: 1 ConfigMap, 1 Ingress',
    );
    expect(cluster.summary?.templates).toBe(7);
  });

  test('policies select workloads by their template labels, named ports resolve on the template', () => {
    expect(verdict(cluster, policies, 'shop/web', 'data/db', 5432).allowed).toBe(true);
    expect(verdict(cluster, policies, 'data/backup', 'data/db', 5432).allowed).toBe(true);
    expect(verdict(cluster, policies, 'data/agent', 'data/db', 5432).allowed).toBe(false);
    expect(verdict(cluster, policies, 'shop/legacy', 'data/db', 5432).allowed).toBe(false);
    expect(verdict(cluster, policies, 'shop/web', 'data/db', 8080).allowed).toBe(false);
  });

  test('a workload standing in by its template, to itself, is two of its pods: policed, not loopback', () => {
    // db's replicas replicating are refused by its ingress policy, in the flow, the matrix and the units.
    const db = verdict(cluster, policies, 'data/db', 'data/db', 5432);
    expect(db.allowed).toBe(false);
    expect(db.ingress.decision).not.toBe('loopback');
    const a = analyze(cluster, loadPolicies(policies).policies);
    const m = a.unitMatrix([{ port: 5432, protocol: 'TCP' }]);
    const at = m.units.findIndex((u) => u.id === 'data/db');
    expect(m.reach(at, at)).toBe('denied');
    const whole = a.matrix([{ port: 5432, protocol: 'TCP' }]);
    const i = whole.endpoints.indexOf('data/db');
    expect(whole.allowed(i, i)).toBe(false);
    // Nothing selects web, so two of its pods may talk.
    expect(verdict(cluster, policies, 'shop/web', 'shop/web', 5432).allowed).toBe(true);
  });

  test('a Service selects a workload as it selects pods, its targetPort by name', () => {
    const v = verdict(cluster, policies, 'shop/web', 'data/Service/db', 5432);
    expect(v.via).toEqual({ service: 'data/db', backend: 'data/db', targetPort: 5432 });
    expect(v.allowed).toBe(true);
  });

  test('the explicit form names any kind; the plain form is a pod, then a workload, then a Service', () => {
    const analysis = analyze(cluster, []);
    expect(analysis.resolve('data/StatefulSet/db')).toMatchObject({
      kind: 'unit',
      unit: { id: 'data/db', kind: 'workload' },
    });
    expect(analysis.resolve('data/statefulset/db')).toMatchObject({ kind: 'unit' });
    expect(analysis.resolve('data/db')).toMatchObject({
      kind: 'unit',
      unit: { workload: { kind: 'StatefulSet' } },
    });
    expect(analysis.resolve('data/Service/db')).toMatchObject({ kind: 'service' });
    expect(analysis.resolve('data/Deployment/db')).toBeUndefined();
    expect(analysis.units.map((u) => u.id)).toContain('shop/worker');
  });
});

describe('a cluster dump', () => {
  const cluster = mustCluster(fixture('dump.yaml'));
  const analysis = analyze(cluster, []);

  test('pods fold into their workload through owners (ReplicaSet to Deployment) or the template hash', () => {
    const cart = cluster.pods.filter((p) => p.owner?.name === 'cart');
    expect(cart.map((p) => p.name)).toEqual(['cart-5d8f7c6b9d-abcde', 'cart-5d8f7c6b9d-fghij']);
    expect(cluster.pods.find((p) => p.name.startsWith('checkout'))?.owner).toEqual({
      kind: 'Deployment',
      name: 'checkout',
    });
    expect(cluster.pods.find((p) => p.name === 'debug')?.owner).toBeUndefined();
    // No template stands in for a workload whose pods are listed.
    expect(cluster.pods.some((p) => p.template)).toBe(false);
  });

  test('views list each workload once, stray pods as pods', () => {
    expect(analysis.units.map((u) => [u.id, u.kind, u.members.length])).toEqual([
      ['shop/cart', 'workload', 2],
      ['shop/debug', 'pod', 1],
      ['shop/checkout', 'workload', 1],
    ]);
  });

  test('a flow naming a workload is evaluated for its pods; a pod can still be named on its own', () => {
    const deny = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: cart-from-checkout, namespace: shop}
spec:
  podSelector: {matchLabels: {app: cart}}
  ingress: [{from: [{podSelector: {matchLabels: {app: checkout}}}]}]`;
    const a = analyze(cluster, loadPolicies(deny).policies);
    expect(
      a.evaluateFlow({ from: 'shop/checkout', to: 'shop/cart', port: 8080, protocol: 'TCP' }).allowed,
    ).toBe(true);
    const debug = a.evaluateFlow({
      from: 'shop/debug',
      to: 'shop/Deployment/cart',
      port: 8080,
      protocol: 'TCP',
    });
    expect(debug.allowed).toBe(false);
    expect(debug.members?.destination).toMatch(/^shop\/cart-5d8f7c6b9d-/);
    expect(
      a.evaluateFlow({ from: 'shop/debug', to: 'shop/cart-5d8f7c6b9d-abcde', port: 8080, protocol: 'TCP' })
        .allowed,
    ).toBe(false);
    // Pods of one workload talking to each other: a real connection, not loopback.
    const self = a.evaluateFlow({ from: 'shop/cart', to: 'shop/cart', port: 8080, protocol: 'TCP' });
    expect(self.ingress.decision).toBe('default-deny');
    const m = a.unitMatrix([{ port: 8080, protocol: 'TCP' }]);
    const at = (id: string): number => m.units.findIndex((u) => u.id === id);
    expect(m.reach(at('shop/checkout'), at('shop/cart'))).toBe('allowed');
    expect(m.reach(at('shop/debug'), at('shop/cart'))).toBe('denied');
    expect(m.reach(at('shop/cart'), at('shop/cart'))).toBe('denied');
  });
});

describe('reading what kubectl prints', () => {
  test("typed lists (PodList, NetworkPolicyList) from -o json, items without kind take the list's", () => {
    const pods = JSON.stringify({
      apiVersion: 'v1',
      kind: 'PodList',
      items: [
        { metadata: { name: 'a', namespace: 'x', labels: { app: 'a' } }, status: { podIP: '10.0.0.1' } },
      ],
    });
    expect(mustCluster(pods).pods.map((p) => `${p.namespace}/${p.name}`)).toEqual(['x/a']);
    const policies = JSON.stringify({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicyList',
      items: [{ metadata: { name: 'deny', namespace: 'x' }, spec: { podSelector: {} } }],
    });
    expect(loadPolicies(policies).policies.map((p) => p.name)).toEqual(['deny']);
  });

  test('a List of Lists, CRLF line ends and a byte-order mark', () => {
    const text =
      '\uFEFFapiVersion: v1\r\nkind: List\r\nitems:\r\n- apiVersion: v1\r\n  kind: List\r\n  items:\r\n  - {apiVersion: v1, kind: Pod, metadata: {name: a}}\r\n';
    expect(mustCluster(text).pods.map((p) => p.name)).toEqual(['a']);
  });

  test('namespaces referenced but not declared are created with their name label, and the summary says so', () => {
    const result = loadCluster(
      'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: w, namespace: ghost}\nspec: {template: {metadata: {labels: {app: w}}}}\n',
    );
    if (!result.ok) throw new Error('expected ok');
    expect(result.value.namespaces).toEqual([
      { name: 'ghost', labels: { 'kubernetes.io/metadata.name': 'ghost' } },
    ]);
    expect(result.diagnostics[0]?.message).toContain(
      'namespaces referenced but not declared, created with their name label: ghost',
    );
  });

  test('an unrendered Helm template gets one message pointing at helm template', () => {
    const text =
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: {{ .Values.name }}\n  labels: {{- include "labels" . | nindent 4 }}\n';
    const result = loadCluster(text);
    expect(result.diagnostics.map((d) => d.code)).toEqual(['input/helm-template']);
    expect(result.diagnostics[0]?.message).toContain('helm template');
  });

  test.each([
    ['networking.k8s.io/v1', 'Networkpolicy', /kinds are case-sensitive, did you mean "NetworkPolicy"/],
    ['extensions/v1beta1', 'NetworkPolicy', /removed in Kubernetes 1\.16/],
    ['projectcalico.org/v3', 'GlobalNetworkPolicy', /Calico GlobalNetworkPolicy .* not supported yet/],
    ['crd.projectcalico.org/v1', 'NetworkPolicy', /Calico NetworkPolicy .* not supported yet/],
    [
      'policy.networking.k8s.io/v1alpha1',
      'ClusterNetworkPolicy',
      /not one this engine evaluates \(it reads policy\.networking\.k8s\.io\/v1alpha2\)/,
    ],
    ['networking.k8s.io/v1', 'NetworkPolicyy', /no policy kind "NetworkPolicyy"/],
  ])('a %s %s among the policies is an error, never a silent allow', (apiVersion, kind, message) => {
    const { diagnostics } = loadPolicies(
      `apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata: {name: p, namespace: a}\nspec: {}\n`,
    );
    expect(diagnostics.map((d) => [d.code, d.severity])).toEqual([['policy/unsupported-kind', 'error']]);
    expect(diagnostics[0]?.message).toMatch(message);
    expect(diagnostics[0]?.range?.line).toBe(2);
  });
});

test('two workloads of one name: the plain form names neither, the explicit form each', () => {
  const text = ['Deployment', 'StatefulSet']
    .map(
      (kind) =>
        `apiVersion: apps/v1\nkind: ${kind}\nmetadata: {name: cart, namespace: shop}\nspec: {template: {metadata: {labels: {app: cart}}}}`,
    )
    .join('\n---\n');
  const analysis = analyze(mustCluster(text), []);
  expect(analysis.resolve('shop/cart')).toBeUndefined();
  expect(analysis.resolve('shop/Deployment/cart')).toMatchObject({
    unit: { workload: { kind: 'Deployment' } },
  });
  expect(analysis.resolve('shop/StatefulSet/cart')).toMatchObject({
    unit: { workload: { kind: 'StatefulSet' } },
  });
});
