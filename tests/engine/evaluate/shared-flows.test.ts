import { describe, expect, test } from 'vitest';
import { stringify } from 'yaml';
import { evaluateAlone } from '../../../src/engine/evaluate/flow.ts';
import {
  explainFlow,
  explanationLines,
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
function render(verdict: FlowVerdict | undefined): string {
  if (!verdict) return 'none';
  const explanation = explainFlow(verdict);
  return JSON.stringify({
    allowed: verdict.allowed,
    outcome: verdict.outcome,
    decisions: [verdict.egress.decision, verdict.ingress.decision, verdict.dns?.udp.egress.decision],
    explanation: [
      explanation.summary,
      ...explanationLines(explanation).map((l) => [l.depth, l.text, l.range?.line]),
    ],
  });
}

function allFlows(analysis: AnalysisHandle): Flow[] {
  const ids = analysis.endpoints.map((e) => e.id);
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
  test.each([true, false])(
    'give what evaluating each flow with its own endpoints gives (ipBlockMatchesPods %s)',
    (ipBlockMatchesPods) => {
      const analysis = analysisOf(clusterYaml(), POLICIES, { ipBlockMatchesPods });
      const flows = allFlows(analysis);
      const shared = [...analysis.evaluateFlows(flows)].map(render);
      expect(shared).toEqual(flows.map((flow) => render(evaluateAlone(analysis, flow))));
      // The point of sharing: fewer evaluations than flows.
      expect(analysis.verdicts.size).toBeLessThan(flows.length);
    },
  );

  test('kube-dns replicas resolve names themselves: no lookup step for either, whichever the lookups go to', () => {
    const replica = `---
apiVersion: v1
kind: Pod
metadata: { name: coredns-2, namespace: kube-system, labels: { k8s-app: kube-dns } }
status: { podIP: 10.9.0.11 }`;
    const analysis = analysisOf(clusterYaml() + replica, POLICIES);
    const flows: Flow[] = ['kube-system/coredns', 'kube-system/coredns-2'].map((from) => ({
      from,
      to: 'payments',
      port: 8080,
      protocol: 'TCP',
    }));
    const [resolver, other] = [...analysis.evaluateFlows(flows)];
    expect(resolver?.dns).toBeUndefined();
    expect(other?.dns).toBeUndefined();
    expect(analysis.classOf[analysis.indexOf('kube-system/coredns')]).not.toBe(
      analysis.classOf[analysis.indexOf('shop/api-1')],
    );
    expect(flows.map((f) => render(analysis.evaluateFlow(f)))).toEqual(
      flows.map((f) => render(evaluateAlone(analysis, f))),
    );
  });
});
