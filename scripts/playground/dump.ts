// Generated cluster dumps for the playground at real size, from fixed seeds: a `kubectl get -A -o json`
// style List of Deployments, StatefulSets, DaemonSets, CronJobs, Services and NetworkPolicies, and a plain
// list of pods. Used by the latency and main-thread scripts and the end-to-end test.

import { stringify } from 'yaml';

type Obj = Record<string, unknown>;

const TIERS = ['web', 'api', 'worker', 'db'] as const;

function port(tier: string): number {
  return tier === 'db' ? 5432 : tier === 'web' ? 8080 : 9000;
}

function template(labels: Record<string, string>, tier: string): Obj {
  return {
    metadata: { labels },
    spec: {
      containers: [{ name: 'main', ports: [{ name: 'http', containerPort: port(tier) }] }],
    },
  };
}

/**
 * `workloads` workloads over `namespaces` namespaces, with one Service each and `policies` NetworkPolicies
 * (a default deny per namespace, then allow rules by tier and team), plus kinds the engine skips.
 */
export function workloadDump(workloads: number, policies: number, namespaces = 25): Obj {
  const items: Obj[] = [];
  for (let n = 0; n < namespaces; n++)
    items.push({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: `team-${n}`, labels: { team: `t${n % 6}`, env: n % 3 === 0 ? 'prod' : 'dev' } },
    });
  for (let w = 0; w < workloads; w++) {
    const n = w % namespaces;
    const ns = `team-${n}`;
    const tier = TIERS[w % TIERS.length] ?? 'web';
    const name = `${tier}-${String(w).padStart(4, '0')}`;
    const labels = { app: name, tier, group: `g${w % 9}` };
    const meta = { name, namespace: ns };
    const kind = tier === 'db' ? 'StatefulSet' : w % 37 === 5 ? 'DaemonSet' : 'Deployment';
    const spec: Obj =
      kind === 'DaemonSet'
        ? { selector: { matchLabels: labels }, template: template(labels, tier) }
        : { replicas: 2, selector: { matchLabels: labels }, template: template(labels, tier) };
    items.push({ apiVersion: 'apps/v1', kind, metadata: meta, spec });
    items.push({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: meta,
      spec: { selector: { app: name }, ports: [{ port: 80, targetPort: 'http' }] },
    });
    if (w % 50 === 7)
      items.push({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: `${name}-config`, namespace: ns },
        data: { a: 'b' },
      });
  }
  const netpols: Obj[] = [];
  for (let p = 0; p < policies; p++) {
    const n = p % namespaces;
    const ns = `team-${n}`;
    const round = Math.floor(p / namespaces);
    const metadata = { name: `policy-${p}`, namespace: ns };
    let spec: Obj;
    if (round === 0) spec = { podSelector: {}, policyTypes: ['Ingress'] };
    else {
      const tier = TIERS[round % TIERS.length] ?? 'web';
      const from = TIERS[(round + 3) % TIERS.length] ?? 'web';
      spec = {
        podSelector: { matchLabels: { tier, group: `g${round % 9}` } },
        policyTypes: ['Ingress'],
        ingress: [
          {
            from: [
              { podSelector: { matchLabels: { tier: from } } },
              {
                namespaceSelector: { matchLabels: { team: `t${round % 6}` } },
                podSelector: { matchLabels: { tier: from } },
              },
            ],
            ports: [{ port: port(tier), protocol: 'TCP' }],
          },
        ],
      };
    }
    netpols.push({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata, spec });
  }
  return { apiVersion: 'v1', kind: 'List', items: [...items, ...netpols] };
}

/** The dump's NetworkPolicies as multi-document block YAML (what a repository holds). */
export function policiesText(dump: Obj): string {
  const items = (dump['items'] as Obj[]).filter((o) => o['kind'] === 'NetworkPolicy');
  return items.map((o) => stringify(o)).join('---\n');
}

/** The dump without its NetworkPolicies, as JSON text (what `kubectl get -A -o json` of the rest prints). */
export function clusterText(dump: Obj): string {
  const items = (dump['items'] as Obj[]).filter((o) => o['kind'] !== 'NetworkPolicy');
  return JSON.stringify({ apiVersion: 'v1', kind: 'List', items });
}

/** `pods` bare pods over `namespaces` namespaces, as compact YAML (the shape of the 2,000-pod report). */
export function podsYaml(pods: number, namespaces = 10): string {
  const out: string[] = [];
  for (let n = 0; n < namespaces; n++)
    out.push(`apiVersion: v1\nkind: Namespace\nmetadata: {name: ns-${n}, labels: {team: t${n % 4}}}`);
  for (let p = 0; p < pods; p++) {
    const n = p % namespaces;
    const tier = TIERS[p % TIERS.length] ?? 'web';
    out.push(
      `apiVersion: v1\nkind: Pod\nmetadata: {name: pod-${p}, namespace: ns-${n}, labels: {app: a${p % 11}, tier: ${tier}}}\n` +
        `spec: {containers: [{name: c, ports: [{containerPort: ${port(tier)}}]}]}\nstatus: {podIP: 10.${n}.${Math.floor(p / 250)}.${(p % 250) + 1}}`,
    );
  }
  return out.join('\n---\n') + '\n';
}

/** Default deny plus a few allow rules for the pod dump. */
export function podPolicies(namespaces = 10): string {
  const out: string[] = [];
  for (let n = 0; n < namespaces; n++) {
    out.push(
      `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny, namespace: ns-${n}}\nspec: {podSelector: {}, policyTypes: [Ingress]}`,
    );
    out.push(
      `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: api, namespace: ns-${n}}\nspec:\n  podSelector: {matchLabels: {tier: api}}\n  ingress: [{from: [{podSelector: {matchLabels: {tier: web}}}], ports: [{port: 9000}]}]`,
    );
  }
  return out.join('\n---\n') + '\n';
}

/**
 * `pods` pods in two namespaces, each with an annotation of `noise` seeded pseudo-random characters: a
 * cluster within the playground's text limit that does not compress into a share link.
 */
export function noisyPodsYaml(pods: number, noise: number): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  let seed = 0x2545f491;
  const next = (): number => {
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return (seed >>> 0) % alphabet.length;
  };
  const out = ['shop', 'data'].map((ns) => `apiVersion: v1\nkind: Namespace\nmetadata: {name: ${ns}}`);
  for (let p = 0; p < pods; p++) {
    let note = '';
    for (let i = 0; i < noise; i++) note += alphabet[next()] ?? 'x';
    out.push(
      `apiVersion: v1\nkind: Pod\nmetadata:\n  name: pod-${p}\n  namespace: ${p % 2 === 0 ? 'shop' : 'data'}\n` +
        `  labels: {app: app-${p}}\n  annotations: {note: ${note}}\n` +
        `spec: {containers: [{name: c, ports: [{containerPort: 8080}]}]}`,
    );
  }
  return out.join('\n---\n') + '\n';
}
