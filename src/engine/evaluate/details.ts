import type { Cluster, ContainerPort, EndpointId, Labels } from '../model/types.ts';
import { compileSelector, selectorMatches } from '../match/label-selector.ts';

/** What a learner needs to know about one endpoint to write a policy for it. */
export interface EndpointDetails {
  readonly id: EndpointId;
  readonly kind: 'pod' | 'external';
  readonly name: string;
  /** The pod's namespace and that namespace's labels (absent for external endpoints). */
  readonly namespace?: { readonly name: string; readonly labels: Labels };
  readonly labels: Labels;
  readonly ports: readonly ContainerPort[];
  readonly ips: readonly string[];
  /** Names that resolve to this endpoint: its Services' names for a pod, its own names for an external endpoint. */
  readonly dnsNames: readonly string[];
  /** The workload whose template the pod runs, e.g. `Deployment frontend`. */
  readonly owner?: string;
}

// A Service `s` in namespace `n` gets the DNS name `s.n.svc.cluster.local` (and `s.n` / `s` from pods nearby).
// https://kubernetes.io/docs/concepts/services-networking/dns-pod-service/#services
/** Returns an endpoint's namespace, labels, ports, addresses and DNS names, or null for an unknown id. */
export function describeEndpoint(cluster: Cluster, id: EndpointId): EndpointDetails | null {
  const pod = cluster.pods.find((p) => `${p.namespace}/${p.name}` === id);
  if (pod) {
    const ns = cluster.namespaces.find((n) => n.name === pod.namespace);
    const dnsNames = cluster.services
      .filter(
        (s) =>
          s.namespace === pod.namespace &&
          Object.keys(s.selector).length > 0 &&
          selectorMatches(compileSelector({ matchLabels: s.selector }), pod.labels),
      )
      .map((s) => `${s.name}.${s.namespace}.svc.cluster.local`);
    const owner = pod.owner ?? pod.template;
    return {
      id,
      kind: 'pod',
      name: pod.name,
      namespace: { name: pod.namespace, labels: ns?.labels ?? {} },
      labels: pod.labels,
      ports: pod.ports,
      ips: pod.ips,
      dnsNames,
      ...(owner ? { owner: `${owner.kind} ${owner.name}` } : {}),
    };
  }
  const external = cluster.externals.find((e) => e.name === id);
  if (!external) return null;
  return {
    id,
    kind: 'external',
    name: external.name,
    labels: {},
    ports: [],
    ips: external.ips,
    dnsNames: external.dnsNames,
  };
}

/** Returns an endpoint's details as a few short lines (a tooltip). */
export function endpointSummary(details: EndpointDetails): string {
  const labels = (l: Labels) =>
    Object.entries(l)
      .map(([k, v]) => `${k}=${v}`)
      .join(', ') || 'none';
  const lines = [details.id];
  if (details.namespace)
    lines.push(`namespace ${details.namespace.name} (labels: ${labels(details.namespace.labels)})`);
  if (details.kind === 'pod') lines.push(`labels: ${labels(details.labels)}`);
  if (details.ports.length > 0)
    lines.push(
      `ports: ${details.ports.map((p) => `${p.name ? `${p.name} ` : ''}${p.containerPort}/${p.protocol}`).join(', ')}`,
    );
  if (details.ips.length > 0) lines.push(`IPs: ${details.ips.join(', ')}`);
  if (details.dnsNames.length > 0) lines.push(`DNS: ${details.dnsNames.join(', ')}`);
  return lines.join('\n');
}
