// Engine benchmark (issue 3, section 8). Prints figures; never asserts on time.
//   npm run bench            all sections
// (a) lesson-size cluster: full re-evaluation after one edit, p50/p95
// (b) 5,000 pods / 1,000 policies / 50 namespaces: full matrix for two ports; 20,000 flows through the CLI
// (c) the same flows through a naive per-flow loop, with the speed-up ratio
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { analyze, loadCluster, loadPolicies, type Cluster, type Flow, type Policy } from '../src/engine/index.ts';

type Obj = Record<string, unknown>;

function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

function ms(n: number): string {
  return `${n.toFixed(n < 10 ? 3 : 1)} ms`;
}

/** A synthetic cluster: `namespaces` × `podsPerNs` pods with a small label vocabulary. */
function generateCluster(namespaces: number, podsPerNs: number): Obj[] {
  const items: Obj[] = [];
  for (let n = 0; n < namespaces; n++) {
    const ns = `ns-${n}`;
    items.push({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns, labels: { team: `t${n % 5}`, env: n % 2 ? 'prod' : 'dev' } } });
    for (let p = 0; p < podsPerNs; p++) {
      const tier = ['web', 'api', 'db'][p % 3] ?? 'web';
      const ports = [{ name: 'http', containerPort: tier === 'db' ? 5432 : 8080, protocol: 'TCP' }, { name: 'metrics', containerPort: 9090 }];
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
  items.push({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'coredns', namespace: 'kube-system', labels: { 'k8s-app': 'kube-dns' } }, status: { podIP: '10.255.0.10' } });
  items.push({ apiVersion: 'netpol-lab/v1', kind: 'ExternalEndpoint', metadata: { name: 'payments' }, spec: { ips: ['203.0.113.10'], dnsNames: ['api.payments.example'] } });
  return items;
}

/** `perNs` policies per namespace mixing the v1 features: default deny, selectors, named ports, ipBlock, egress. */
function generatePolicies(namespaces: number, perNs: number): Obj[] {
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
          spec = { podSelector: app, ingress: [{ from: [{ podSelector: { matchLabels: { tier: 'web' } } }], ports: [{ port: 'http' }] }] };
          break;
        case 2:
          spec = { podSelector: { matchLabels: { tier: 'db' } }, ingress: [{ from: [{ namespaceSelector: { matchLabels: { team: `t${i % 5}` } }, podSelector: { matchExpressions: [{ key: 'tier', operator: 'In', values: ['api'] }] } }], ports: [{ port: 5432 }] }] };
          break;
        case 3:
          spec = { podSelector: app, ingress: [{ from: [{ ipBlock: { cidr: `10.${(n + 1) % namespaces}.0.0/16`, except: [`10.${(n + 1) % namespaces}.0.0/24`] } }] }] };
          break;
        default:
          spec = { podSelector: { matchLabels: { tier: 'web' } }, policyTypes: ['Egress'], egress: [{ to: [{ namespaceSelector: { matchLabels: { env: 'prod' } } }], ports: [{ port: 8000, endPort: 8100 }] }, { to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } } }], ports: [{ port: 53, protocol: 'UDP' }, { port: 53 }] }] };
      }
      out.push({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata, spec });
    }
  }
  return out;
}

function generateFlows(namespaces: number, podsPerNs: number, count: number): Flow[] {
  const flows: Flow[] = [];
  let seed = 42;
  const rand = (k: number): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % k;
  };
  for (let i = 0; i < count; i++) {
    const to = i % 50 === 0 ? 'payments' : `ns-${rand(namespaces)}/pod-${rand(podsPerNs)}`;
    flows.push({ from: `ns-${rand(namespaces)}/pod-${rand(podsPerNs)}`, to, port: [8080, 5432, 9090, 8050][rand(4)] ?? 8080, protocol: 'TCP' });
  }
  return flows;
}

function mustCluster(text: string): Cluster {
  const result = loadCluster(text);
  if (!result.ok) throw new Error(result.diagnostics.map((d) => d.message).join('\n'));
  return result.value;
}

function mustPolicies(text: string): Policy[] {
  const loaded = loadPolicies(text);
  const errors = loaded.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) throw new Error(errors.map((d) => d.message).join('\n'));
  return [...loaded.policies];
}

function lessonBench(): void {
  const cluster = mustCluster(JSON.stringify({ apiVersion: 'v1', kind: 'List', items: generateCluster(3, 10) }));
  const base = generatePolicies(2, 5);
  const samples: number[] = [];
  for (let i = 0; i < 300; i++) {
    const edited = structuredClone(base);
    (edited[i % edited.length] as { metadata: { labels?: Obj } }).metadata.labels = { edit: `v${i}` };
    const text = edited.map((p) => JSON.stringify(p)).join('\n---\n');
    const t0 = performance.now();
    const analysis = analyze(cluster, mustPolicies(text));
    analysis.matrix([{ port: 8080, protocol: 'TCP' }, { port: 5432, protocol: 'TCP' }]);
    samples.push(performance.now() - t0);
  }
  const warm = samples.slice(50);
  console.log(`(a) lesson cluster: ${cluster.pods.length} pods, ${base.length} policies, 2 ports; parse YAML + validate + compile + matrix after one edit`);
  console.log(`    p50 ${ms(percentile(warm, 50))}, p95 ${ms(percentile(warm, 95))} (target <= 2 ms; ${warm.length} runs after 50 warm-up)`);
}
