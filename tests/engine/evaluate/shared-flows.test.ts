import { describe, expect, test } from 'vitest';
import { stringify } from 'yaml';
import {
  explainFlow,
  type AnalysisHandle,
  type Flow,
  type FlowVerdict,
  type Protocol,
} from '../../../src/engine/index.ts';
import { analysisOf } from '../helpers.ts';

type Obj = Record<string, unknown>;

// Two namespaces × six pods in three label classes (so classes have several members), a resolver,
// an external endpoint with a DNS name and one without, and a Service.
function clusterYaml(): string {
  const items: Obj[] = [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'kube-system' } }];
  ['shop', 'data'].forEach((ns, n) => {
    items.push({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns, labels: { team: ns } } });
    for (let p = 0; p < 6; p++) {
      const tier = ['web', 'api', 'db'][p % 3] ?? 'web';
      items.push({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: `${tier}-${p}`, namespace: ns, labels: { tier } },
        spec: {
          containers: [{ name: 'c', ports: [{ name: 'http', containerPort: tier === 'db' ? 5432 : 8080 }] }],
        },
        status: { podIP: `10.${n}.0.${p + 1}` },
      });
    }
  });
  items.push(
    {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'coredns', namespace: 'kube-system', labels: { 'k8s-app': 'kube-dns' } },
      status: { podIP: '10.9.0.10' },
    },
    {
      apiVersion: 'netpol-lab/v1',
      kind: 'ExternalEndpoint',
      metadata: { name: 'payments' },
      spec: { ips: ['203.0.113.10'], dnsNames: ['api.payments.example'] },
    },
    {
      apiVersion: 'netpol-lab/v1',
      kind: 'ExternalEndpoint',
      metadata: { name: 'backup' },
      spec: { ips: ['198.51.100.7'] },
    },
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'db', namespace: 'data' },
      spec: { selector: { tier: 'db' }, ports: [{ port: 5432, targetPort: 'http' }] },
    },
  );
  return items.map((item) => stringify(item)).join('---\n');
}

// NetworkPolicy v1 (default deny, selectors, named ports, ipBlock with except naming pod addresses)
// and Cilium (endpoints, DNS-aware egress with toFQDNs, a deny) together.
const POLICIES = `
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: deny-all, namespace: data }
spec: { podSelector: {}, policyTypes: [Ingress] }
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: api-to-db, namespace: data }
spec:
  podSelector: { matchLabels: { tier: db } }
  ingress:
    - from: [{ namespaceSelector: { matchLabels: { team: shop } }, podSelector: { matchLabels: { tier: api } } }]
      ports: [{ port: http }]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: from-block, namespace: data }
spec:
  podSelector: { matchLabels: { tier: api } }
  ingress:
    - from: [{ ipBlock: { cidr: 10.0.0.0/16, except: [10.0.0.0/30] } }]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: web-egress, namespace: shop }
spec:
  podSelector: { matchLabels: { tier: web } }
  policyTypes: [Egress]
  egress:
    - to: [{ podSelector: { matchLabels: { tier: api } } }]
      ports: [{ port: 8080 }]
---
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: { name: api-out, namespace: shop }
spec:
  endpointSelector: { matchLabels: { tier: api } }
  egress:
    - toEndpoints:
        - matchLabels: { 'k8s:io.kubernetes.pod.namespace': kube-system, k8s-app: kube-dns }
      toPorts: [{ ports: [{ port: '53', protocol: ANY }], rules: { dns: [{ matchPattern: '*' }] } }]
    - toFQDNs: [{ matchPattern: '**.payments.example' }]
      toPorts: [{ ports: [{ port: '8080', protocol: TCP }] }]
    - toEndpoints: [{ matchLabels: { tier: db } }]
---
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: { name: no-web, namespace: shop }
spec:
  endpointSelector: { matchLabels: { tier: db } }
  ingressDeny: [{ fromEndpoints: [{ matchLabels: { tier: web } }] }]
`;

/** Everything a verdict says, as text: any difference between the two paths shows up here. */
function render(verdict: FlowVerdict): string {
  return JSON.stringify({
    verdict,
    explanation: explainFlow(verdict).map((line) => [line.depth, line.text, line.range?.line ?? null]),
  });
}

function allFlows(analysis: AnalysisHandle): Flow[] {
  const ids = [...analysis.endpoints.map((e) => e.id), 'data/db'];
  const ports: [number, Protocol][] = [
    [8080, 'TCP'],
    [5432, 'TCP'],
    [53, 'UDP'],
  ];
  return ids.flatMap((from) =>
    ids.flatMap((to) => ports.map(([port, protocol]) => ({ from, to, port, protocol }))),
  );
}

describe('flows sharing one evaluation per class pair', () => {
  test.each([true, false])('equal the per-flow evaluation (ipBlockMatchesPods %s)', (ipBlockMatchesPods) => {
    const analysis = analysisOf(clusterYaml(), POLICIES, { ipBlockMatchesPods });
    const flows = allFlows(analysis);
    const perFlow = flows.map((flow) => render(analysis.evaluateFlow(flow)));
    let evaluations = 0;
    const shared = [
      ...analysis.renderFlows(flows, (verdict) => {
        evaluations++;
        return render(verdict);
      }),
    ];
    expect(shared).toEqual(perFlow);
    // The point of sharing: fewer evaluations than flows.
    expect(evaluations).toBeLessThan(flows.length);
  });

  test('the template form fills in to the same texts', () => {
    const analysis = analysisOf(clusterYaml(), POLICIES);
    const flows = allFlows(analysis);
    const filled = [...analysis.renderFlowTexts(flows, render, (t) => t)].map(({ template, values }) =>
      template.parts.reduce((out, part, i) => out + (i > 0 ? (values[i - 1] ?? '') : '') + part, ''),
    );
    expect(filled).toEqual(flows.map((flow) => render(analysis.evaluateFlow(flow))));
  });

  test('a sample of flows in input order, repeats included', () => {
    const analysis = analysisOf(clusterYaml(), POLICIES);
    const flows: Flow[] = [
      { from: 'shop/api-1', to: 'payments', port: 8080, protocol: 'TCP' },
      { from: 'shop/api-4', to: 'payments', port: 8080, protocol: 'TCP' },
      { from: 'shop/web-0', to: 'data/db-2', port: 5432, protocol: 'TCP' },
      { from: 'shop/web-3', to: 'data/db-5', port: 5432, protocol: 'TCP' },
      { from: 'shop/api-1', to: 'data/db', port: 5432, protocol: 'TCP' },
      { from: 'shop/api-1', to: 'shop/api-1', port: 8080, protocol: 'TCP' },
      { from: 'shop/api-1', to: 'shop/api-4', port: 8080, protocol: 'TCP' },
      { from: 'shop/web-0', to: 'data/api-1', port: 8080, protocol: 'TCP' },
      { from: 'shop/web-3', to: 'data/api-4', port: 8080, protocol: 'TCP' },
      { from: 'shop/web-0', to: 'data/api-1', port: 8080, protocol: 'TCP' },
      { from: 'kube-system/coredns', to: 'payments', port: 8080, protocol: 'TCP' },
      { from: 'shop/api-1', to: 'nowhere', port: 8080, protocol: 'TCP' },
    ];
    expect([...analysis.renderFlows(flows, render)]).toEqual(
      flows.map((flow) => render(analysis.evaluateFlow(flow))),
    );
  });
});
