import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { describe, expect, test } from 'vitest';
import {
  coverAddresses,
  generatePolicies,
  loadCluster,
  loadPolicies,
  observeTraffic,
  readHubble,
  verifyTraffic,
  type Cluster,
  type GenerateKind,
  type Traffic,
} from '../../../src/engine/index.ts';

const here = (...parts: string[]): string => readFileSync(join(import.meta.dirname, ...parts), 'utf8');
const storeDir = ['..', '..', 'cli', 'fixtures', 'traffic'];

function clusterOf(text: string): Cluster {
  const loaded = loadCluster(text);
  if (!loaded.ok) throw new Error(loaded.diagnostics.map((d) => d.message).join('\n'));
  return loaded.value;
}

function observed(log: string, cluster?: Cluster): Traffic {
  return observeTraffic([{ file: 'flows.jsonl', log: readHubble(log, { file: 'flows.jsonl' }) }], cluster);
}

const store = (): Traffic =>
  observed(here(...storeDir, 'store-flows.jsonl'), clusterOf(here(...storeDir, 'cluster.yaml')));
const shop = (): Traffic => observed(here('fixtures', 'shop-flows.jsonl'));
const edge = (): Traffic => observed(here('fixtures', 'edge-flows.jsonl'));

interface Doc {
  kind: string;
  metadata: { name: string; namespace: string };
  spec: Record<string, unknown>;
}

/** The generated documents as plain objects, by policy name. */
function docs(traffic: Traffic, kind: GenerateKind, maxAddresses?: number): Map<string, Doc> {
  const { text } = generatePolicies(traffic, traffic.cluster, {
    kind,
    ...(maxAddresses === undefined ? {} : { maxAddresses }),
  });
  const out = new Map<string, Doc>();
  for (const d of parseAllDocuments(text)) {
    const value = d.toJS() as Doc | null;
    if (value) out.set(value.metadata.name, value);
  }
  return out;
}

describe('generatePolicies: NetworkPolicy, least privilege', { timeout: 60_000 }, () => {
  test('each workload admits exactly the peers and ports it was seen with, both directions isolated', () => {
    const web = docs(shop(), 'networkpolicy').get('web-observed');
    expect(web?.spec).toEqual({
      podSelector: { matchLabels: { app: 'web', tier: 'frontend' } },
      policyTypes: ['Ingress', 'Egress'],
      ingress: [
        { from: [{ ipBlock: { cidr: '203.0.113.50/32' } }], ports: [{ protocol: 'TCP', port: 8080 }] },
      ],
      egress: [
        {
          to: [{ podSelector: { matchLabels: { app: 'api', tier: 'backend' } } }],
          ports: [{ protocol: 'TCP', port: 8080 }],
        },
      ],
    });
  });

  test('a workload seen only receiving gets no egress at all; a dropped connection opens nothing', () => {
    const db = docs(shop(), 'networkpolicy').get('db-observed');
    expect(db?.spec.egress).toEqual([]);
    // debug-shell → db was DROPPED: db admits api and the audited nightly report, not the debug pod.
    expect(db?.spec.ingress).toEqual([
      {
        from: [
          { podSelector: { matchLabels: { app: 'api', tier: 'backend' } } },
          { podSelector: { matchLabels: { app: 'report' } } },
        ],
        ports: [{ protocol: 'TCP', port: 5432 }],
      },
    ]);
  });

  test('across namespaces the peer carries a namespaceSelector on kubernetes.io/metadata.name; within, none', () => {
    const all = docs(store(), 'networkpolicy');
    expect(all.get('payment-observed')?.spec.ingress).toEqual([
      {
        from: [
          {
            namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'store' } },
            podSelector: { matchLabels: { app: 'checkout' } },
          },
        ],
        ports: [{ protocol: 'TCP', port: 7070 }],
      },
    ]);
    const checkoutEgress = all.get('checkout-observed')?.spec.egress as { to: unknown[] }[];
    expect(checkoutEgress.map((r) => r.to[0])).toEqual([
      {
        namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } },
        podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
      },
      {
        namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'payments' } },
        podSelector: { matchLabels: { app: 'payment' } },
      },
      { podSelector: { matchLabels: { app: 'postgres' } } },
    ]);
  });

  test('ports are named where the destination declares the name (grpc, postgres), numbers elsewhere', () => {
    const all = docs(store(), 'networkpolicy');
    const ports = (name: string, dir: 'ingress' | 'egress') =>
      (all.get(name)?.spec[dir] as { ports: { port: unknown }[] }[]).map((r) => r.ports.map((p) => p.port));
    expect(ports('checkout-observed', 'ingress')).toEqual([['grpc']]);
    expect(ports('checkout-observed', 'egress')).toEqual([[53, 53], [7070], ['postgres']]);
    expect(ports('frontend-observed', 'egress')).toEqual([['grpc']]);
  });

  test('DNS egress (UDP and TCP 53 to kube-dns) only for workloads that looked names up', () => {
    const all = docs(shop(), 'networkpolicy');
    const hasDns = (name: string) =>
      (all.get(name)?.spec.egress as { ports: { port: unknown }[] }[]).some((r) =>
        r.ports.some((p) => p.port === 53),
      );
    expect(hasDns('api-observed')).toBe(true);
    expect(hasDns('nightly-report-observed')).toBe(true);
    expect(hasDns('web-observed')).toBe(false);
    expect(hasDns('debug-shell-observed')).toBe(false);
  });

  test('kube-system is left alone, and the header says so', () => {
    const generated = generatePolicies(shop(), shop().cluster, {
      kind: 'networkpolicy',
      source: 'shop.jsonl',
    });
    expect(generated.policies.map((p) => p.namespace)).not.toContain('kube-system');
    expect(generated.text).toMatch(
      /^# Least-privilege NetworkPolicies generated from observed traffic \(shop\.jsonl\):/,
    );
    expect(generated.text).toContain('# Not generated for kube-system (kube-system/coredns)');
  });

  test('past the address limit, outside peers are covered by the fewest-cost CIDRs, with a comment', () => {
    const generated = generatePolicies(store(), store().cluster, { kind: 'networkpolicy', maxAddresses: 3 });
    const frontend = docs(store(), 'networkpolicy', 3).get('frontend-observed');
    const from = (frontend?.spec.ingress as { from: { ipBlock: { cidr: string } }[] }[])[0]?.from;
    // 10.0.0.5 (the node) and 203.0.113.10-21 (twelve clients): 203.0.113.10/31 .. .20/31 merge first.
    expect(from?.map((p) => p.ipBlock.cidr)).toEqual(['10.0.0.5/32', '203.0.113.8/29', '203.0.113.16/29']);
    expect(generated.text).toContain(
      '# store/frontend: ingress from 13 addresses seen, more than 3: covered by 3 CIDRs, which admit 4 addresses more.',
    );
    expect(generated.proof.allObservedAllowed).toBe(true);
  });
});

describe('generatePolicies: Cilium', { timeout: 60_000 }, () => {
  test('toFQDNs for names Hubble saw, with the DNS rule that lets the proxy see those lookups', () => {
    const payment = docs(store(), 'cilium').get('payment-observed');
    expect(payment?.spec.egress).toEqual([
      {
        toEndpoints: [
          { matchLabels: { 'k8s:io.kubernetes.pod.namespace': 'kube-system', 'k8s:k8s-app': 'kube-dns' } },
        ],
        toPorts: [
          {
            ports: [
              { port: '53', protocol: 'UDP' },
              { port: '53', protocol: 'TCP' },
            ],
            rules: { dns: [{ matchName: 'api.stripe.example' }] },
          },
        ],
      },
      {
        toFQDNs: [{ matchName: 'api.stripe.example' }],
        toPorts: [{ ports: [{ port: '443', protocol: 'TCP' }] }],
      },
    ]);
  });

  test('entities for host, remote-node and kube-apiserver; CIDRs for world addresses without names', () => {
    const all = docs(edge(), 'cilium');
    expect(all.get('operator-observed')?.spec).toMatchObject({
      ingress: [{ fromEntities: ['host'] }],
      egress: [{ toEntities: ['kube-apiserver'], toPorts: [{ ports: [{ port: '6443', protocol: 'TCP' }] }] }],
    });
    const dashboard = all.get('dashboard-observed')?.spec;
    expect(dashboard?.ingress).toMatchObject([{ fromEntities: ['remote-node'] }]);
    expect(dashboard?.egress).toContainEqual({
      toCIDR: ['1.1.1.1/32'],
      toPorts: [{ ports: [{ port: '853', protocol: 'TCP' }] }],
    });
  });

  test('without kube-dns in the cluster, named destinations are written as toCIDR, with a comment', () => {
    const text = here(...storeDir, 'cluster.yaml');
    const withoutDns = text.slice(
      0,
      text.indexOf('---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: coredns'),
    );
    const traffic = observed(here(...storeDir, 'store-flows.jsonl'), clusterOf(withoutDns));
    const generated = generatePolicies(traffic, traffic.cluster, { kind: 'cilium' });
    expect(generated.proof.allObservedAllowed).toBe(true);
    expect(generated.text).not.toContain('toFQDNs:');
    expect(generated.text).toContain(
      '# payments/payment: api.stripe.example written as toCIDR: the cluster has no k8s-app=kube-dns pod in kube-system',
    );
    expect(generated.text).toContain('toCIDR:\n        - 198.51.100.7/32');
  });

  test('a direction with nothing observed is isolated by an empty rule', () => {
    expect(docs(shop(), 'cilium').get('db-observed')?.spec.egress).toEqual([{}]);
  });

  test('peers in another namespace name it with k8s:io.kubernetes.pod.namespace', () => {
    const ingress = docs(store(), 'cilium').get('payment-observed')?.spec.ingress;
    expect(ingress).toMatchObject([
      { fromEndpoints: [{ matchLabels: { app: 'checkout', 'k8s:io.kubernetes.pod.namespace': 'store' } }] },
    ]);
  });
});

describe('generatePolicies: the proof', { timeout: 60_000 }, () => {
  for (const kind of ['networkpolicy', 'cilium'] as const)
    test(`${kind}: every observed connection allowed, by the same evaluator verify uses`, () => {
      for (const traffic of [shop(), store(), edge()]) {
        const generated = generatePolicies(traffic, traffic.cluster, { kind });
        expect(generated.proof.allObservedAllowed).toBe(true);
        expect(generated.proof.denied).toEqual([]);
        const again = verifyTraffic(traffic, traffic.cluster, loadPolicies(generated.text).policies);
        expect(again.denied.map((d) => d.explanation.headline)).toEqual([]);
        expect(again.connections).toHaveLength(traffic.connections.length);
      }
    });

  test('a label another workload shares opens unobserved pairs, and the proof lists them', () => {
    const canary =
      '---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: frontend-canary, namespace: store}\nspec:\n  selector: {matchLabels: {app: frontend, track: canary}}\n  template:\n    metadata: {labels: {app: frontend, tier: web, track: canary}}\n    spec: {containers: [{name: web, image: web:2, ports: [{name: http, containerPort: 8080}]}]}\n';
    const cluster = clusterOf(here(...storeDir, 'cluster.yaml') + canary);
    const traffic = observed(here(...storeDir, 'store-flows.jsonl'), cluster);
    const generated = generatePolicies(traffic, traffic.cluster, { kind: 'networkpolicy' });
    const extra = generated.proof.extra.map((f) => `${f.from} → ${f.to} ${f.port}/${f.protocol}`);
    // checkout admits {app: frontend, tier: web}, which the canary carries too.
    expect(extra).toContain('store/frontend-canary → store/checkout 5050/TCP');
    // frontend's own policy selects the canary too, so its clients may reach the canary.
    expect(extra).toContain('world-203-0-113-10 → store/frontend-canary 8080/TCP');
    expect(extra).toContain('host → store/frontend-canary 8080/TCP');
    expect(extra).toHaveLength(14);
    expect(extra.every((e) => e.includes('store/frontend-canary'))).toBe(true);
    expect(generated.proof.summary).toBe(
      'all 20 observed connections allowed; it also allows 14 unobserved connections on the observed ports',
    );
    expect(generated.text).toContain('#   store/frontend-canary → store/checkout 5050/TCP\n');
  });

  test('without shared labels nothing unobserved is allowed on the observed ports', () => {
    expect(generatePolicies(store(), store().cluster, { kind: 'networkpolicy' }).proof.summary).toBe(
      'all 20 observed connections allowed; nothing unobserved allowed on the observed ports',
    );
  });
});

describe('coverAddresses', () => {
  test('below the limit each address is its own /32 or /128', () => {
    expect(coverAddresses(['10.0.0.2', '10.0.0.1', '10.0.0.2', 'fd00::1'], 4)).toEqual({
      cidrs: ['10.0.0.1/32', '10.0.0.2/32', 'fd00::1/128'],
      extra: 0n,
      addresses: 3,
    });
  });

  test('past it, the merges that cost the fewest extra addresses come first', () => {
    // .1 and .2 are two apart (a /30 would add 2); 10.0.1.0 is far: merged last.
    expect(coverAddresses(['10.0.0.1', '10.0.0.2', '10.0.1.0'], 2)).toEqual({
      cidrs: ['10.0.0.0/30', '10.0.1.0/32'],
      extra: 2n,
      addresses: 3,
    });
    expect(coverAddresses(['10.0.0.1', '10.0.0.2', '10.0.1.0'], 1).cidrs).toEqual(['10.0.0.0/23']);
    expect(coverAddresses(['2001:db8::1', '2001:db8::3'], 1).cidrs).toEqual(['2001:db8::/126']);
  });
});
