// Synthetic inputs for the benchmarks: clusters, NetworkPolicy and Cilium policy sets, and flows, all
// generated from fixed seeds so every run measures the same work.
import type { Flow } from '../../src/engine/index.ts';

/** A manifest as plain data. */
export type Obj = Record<string, unknown>;

/** A synthetic cluster: `namespaces` × `podsPerNs` pods with a small label vocabulary. */
export function generateCluster(namespaces: number, podsPerNs: number): Obj[] {
  const items: Obj[] = [];
  for (let n = 0; n < namespaces; n++) {
    const ns = `ns-${n}`;
    items.push({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: ns, labels: { team: `t${n % 5}`, env: n % 2 ? 'prod' : 'dev' } },
    });
    for (let p = 0; p < podsPerNs; p++) {
      const tier = ['web', 'api', 'db'][p % 3] ?? 'web';
      const ports = [
        { name: 'http', containerPort: tier === 'db' ? 5432 : 8080, protocol: 'TCP' },
        { name: 'metrics', containerPort: 9090 },
      ];
      items.push({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: `pod-${p}`, namespace: ns, labels: { app: `app-${p % 7}`, tier } },
        spec: { containers: [{ name: 'main', ports }] },
        status: { podIP: `10.${n}.${Math.floor(p / 250)}.${(p % 250) + 1}` },
      });
    }
  }
  items.push({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'kube-system' } });
  items.push({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'coredns', namespace: 'kube-system', labels: { 'k8s-app': 'kube-dns' } },
    status: { podIP: '10.255.0.10' },
  });
  items.push({
    apiVersion: 'netpol-lab/v1',
    kind: 'ExternalEndpoint',
    metadata: { name: 'payments' },
    spec: { ips: ['203.0.113.10'], dnsNames: ['api.payments.example'] },
  });
  return items;
}

/** `perNs` policies per namespace mixing the v1 features: default deny, selectors, named ports, ipBlock, egress. */
export function generatePolicies(namespaces: number, perNs: number): Obj[] {
  const out: Obj[] = [];
  for (let n = 0; n < namespaces; n++) {
    const ns = `ns-${n}`;
    for (let i = 0; i < perNs; i++) {
      const metadata = { name: `p-${i}`, namespace: ns };
      const app = { matchLabels: { app: `app-${i % 7}` } };
      let spec: Obj;
      switch (i % 5) {
        case 0:
          spec = { podSelector: {}, policyTypes: ['Ingress'] };
          break;
        case 1:
          spec = {
            podSelector: app,
            ingress: [
              { from: [{ podSelector: { matchLabels: { tier: 'web' } } }], ports: [{ port: 'http' }] },
            ],
          };
          break;
        case 2:
          spec = {
            podSelector: { matchLabels: { tier: 'db' } },
            ingress: [
              {
                from: [
                  {
                    namespaceSelector: { matchLabels: { team: `t${i % 5}` } },
                    podSelector: { matchExpressions: [{ key: 'tier', operator: 'In', values: ['api'] }] },
                  },
                ],
                ports: [{ port: 5432 }],
              },
            ],
          };
          break;
        case 3:
          spec = {
            podSelector: app,
            ingress: [
              {
                from: [
                  {
                    ipBlock: {
                      cidr: `10.${(n + 1) % namespaces}.0.0/16`,
                      except: [`10.${(n + 1) % namespaces}.0.0/24`],
                    },
                  },
                ],
              },
            ],
          };
          break;
        default:
          spec = {
            podSelector: { matchLabels: { tier: 'web' } },
            policyTypes: ['Egress'],
            egress: [
              {
                to: [{ namespaceSelector: { matchLabels: { env: 'prod' } } }],
                ports: [{ port: 8000, endPort: 8100 }],
              },
              {
                to: [
                  { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } } },
                ],
                ports: [{ port: 53, protocol: 'UDP' }, { port: 53 }],
              },
            ],
          };
      }
      out.push({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata, spec });
    }
  }
  return out;
}

/**
 * The same namespaces with 40% of the policies written as CiliumNetworkPolicy (policies 0 and 1 of
 * every 5): L3/L4 ingress from endpoints, DNS-aware egress with `toFQDNs`, and an ingress deny.
 */
export function generateMixedPolicies(namespaces: number, perNs: number): Obj[] {
  const v1 = generatePolicies(namespaces, perNs);
  return v1.map((policy, index) => {
    const i = index % perNs;
    if (i % 5 >= 2) return policy;
    const metadata = { name: `cnp-${i}`, namespace: (policy.metadata as { namespace: string }).namespace };
    const app = { matchLabels: { app: `app-${i % 7}` } };
    const spec: Obj =
      i % 5 === 0
        ? {
            endpointSelector: app,
            ingress: [
              {
                fromEndpoints: [{ matchLabels: { tier: 'web' } }],
                toPorts: [{ ports: [{ port: '8080', protocol: 'TCP' }] }],
              },
            ],
            ingressDeny: [{ fromEntities: ['world'] }],
          }
        : {
            endpointSelector: { matchLabels: { tier: 'api' } },
            egress: [
              {
                toEndpoints: [
                  {
                    matchLabels: { 'k8s:io.kubernetes.pod.namespace': 'kube-system', 'k8s-app': 'kube-dns' },
                  },
                ],
                toPorts: [
                  { ports: [{ port: '53', protocol: 'ANY' }], rules: { dns: [{ matchPattern: '*' }] } },
                ],
              },
              {
                toFQDNs: [{ matchPattern: '**.payments.example' }],
                toPorts: [{ ports: [{ port: '8080', protocol: 'TCP' }] }],
              },
              { toEndpoints: [{ matchLabels: { tier: 'db' } }], toPorts: [{ ports: [{ port: '5432' }] }] },
            ],
          };
    return { apiVersion: 'cilium.io/v2', kind: 'CiliumNetworkPolicy', metadata, spec };
  });
}

/** `count` flows between random pods (every 50th to the `payments` external), the same on every run. */
export function generateFlows(namespaces: number, podsPerNs: number, count: number): Flow[] {
  const flows: Flow[] = [];
  let seed = 42;
  const rand = (k: number): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % k;
  };
  for (let i = 0; i < count; i++) {
    const to = i % 50 === 0 ? 'payments' : `ns-${rand(namespaces)}/pod-${rand(podsPerNs)}`;
    flows.push({
      from: `ns-${rand(namespaces)}/pod-${rand(podsPerNs)}`,
      to,
      port: [8080, 5432, 9090, 8050][rand(4)] ?? 8080,
      protocol: 'TCP',
    });
  }
  return flows;
}

/**
 * A repository-shaped cluster: `namespaces` × `perNs` workloads (Deployments, with every tenth a StatefulSet
 * and every twentieth a CronJob), each with its own `app` label, a tier and named container ports; no Pods.
 */
export function generateWorkloads(namespaces: number, perNs: number): Obj[] {
  const items: Obj[] = [];
  for (let n = 0; n < namespaces; n++) {
    const ns = `team-${n}`;
    items.push({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: ns, labels: { team: `t${n % 5}`, env: n % 2 ? 'prod' : 'dev' } },
    });
    for (let w = 0; w < perNs; w++) {
      const tier = ['web', 'api', 'db'][w % 3] ?? 'web';
      const labels = { app: `svc-${w}`, tier };
      const template = {
        metadata: { labels },
        spec: {
          containers: [
            { name: 'main', ports: [{ name: 'http', containerPort: tier === 'db' ? 5432 : 8080 }] },
          ],
        },
      };
      const metadata = { name: `svc-${w}`, namespace: ns };
      if (w % 20 === 19)
        items.push({
          apiVersion: 'batch/v1',
          kind: 'CronJob',
          metadata,
          spec: { schedule: '0 3 * * *', jobTemplate: { spec: { template } } },
        });
      else if (w % 10 === 9)
        items.push({
          apiVersion: 'apps/v1',
          kind: 'StatefulSet',
          metadata,
          spec: { replicas: 3, serviceName: metadata.name, selector: { matchLabels: labels }, template },
        });
      else
        items.push({
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          metadata,
          spec: { replicas: 2, selector: { matchLabels: labels }, template },
        });
    }
  }
  items.push({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'kube-system' } });
  items.push({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'coredns', namespace: 'kube-system' },
    spec: {
      selector: { matchLabels: { 'k8s-app': 'kube-dns' } },
      template: {
        metadata: { labels: { 'k8s-app': 'kube-dns' } },
        spec: { containers: [{ name: 'coredns' }] },
      },
    },
  });
  return items;
}

/** `perNs` policies per namespace for `generateWorkloads`: default deny, tier rules, cross-namespace and egress. */
export function generateWorkloadPolicies(namespaces: number, perNs: number): Obj[] {
  const out: Obj[] = [];
  for (let n = 0; n < namespaces; n++) {
    const namespace = `team-${n}`;
    for (let i = 0; i < perNs; i++) {
      const metadata = { name: `p-${i}`, namespace };
      let spec: Obj;
      switch (i % 4) {
        case 0:
          spec = {
            podSelector: {},
            policyTypes: ['Ingress', 'Egress'],
            egress: [{ ports: [{ port: 53, protocol: 'UDP' }] }],
          };
          break;
        case 1:
          spec = {
            podSelector: { matchLabels: { app: `svc-${i * 3 + 1}` } },
            ingress: [
              { from: [{ podSelector: { matchLabels: { tier: 'web' } } }], ports: [{ port: 'http' }] },
            ],
          };
          break;
        case 2:
          spec = {
            podSelector: { matchLabels: { tier: 'db' } },
            ingress: [
              {
                from: [
                  {
                    namespaceSelector: { matchLabels: { team: `t${(n + 1) % 5}` } },
                    podSelector: { matchLabels: { app: `svc-${i * 3 + 1}` } },
                  },
                ],
                ports: [{ port: 5432 }],
              },
            ],
          };
          break;
        default:
          spec = {
            podSelector: { matchLabels: { tier: 'api' } },
            egress: [
              { to: [{ podSelector: { matchLabels: { tier: 'db' } } }], ports: [{ port: 5432 }] },
              {
                to: [
                  {
                    namespaceSelector: { matchLabels: { env: 'prod' } },
                    podSelector: { matchLabels: { tier: 'api' } },
                  },
                ],
                ports: [{ port: 8080 }],
              },
            ],
          };
      }
      out.push({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata, spec });
    }
  }
  return out;
}
