import type { EndpointView, PodView } from '../model/endpoint.ts';
import type { Policy } from '../model/policy.ts';
import type { PolicyTarget } from '../model/target.ts';
import type { Direction, Protocol } from '../model/types.ts';
import type { AnalysisHandle } from '../evaluate/analyze.ts';
import { ciliumPeer, hostCidr, nameSafe, podPeer, selectPod, type PodSelection } from './selectors.ts';
import type { PolicyFormat } from './model.ts';
import { podsIn } from './model.ts';
import type { PolicyKey } from './text.ts';

/** The kinds authoring writes, per format. */
export const FORMAT_KIND: Readonly<Record<PolicyFormat, string>> = {
  kubernetes: 'NetworkPolicy',
  cilium: 'CiliumNetworkPolicy',
};

/** Returns the format new policies use: the one asked for, else Cilium when the text has only Cilium policies. */
export function formatOf(analysis: AnalysisHandle, asked: PolicyFormat | undefined): PolicyFormat {
  if (asked) return asked;
  const kinds = new Set(analysis.policies.map((p) => p.kind));
  return kinds.has('CiliumNetworkPolicy') && !kinds.has('NetworkPolicy') ? 'cilium' : 'kubernetes';
}

/** Returns the policy a target was compiled from. */
export function policyOf(analysis: AnalysisHandle, target: PolicyTarget): Policy | undefined {
  return analysis.policies.find(
    (p) => p.kind === target.ref.kind && p.name === target.ref.name && p.namespace === target.ref.namespace,
  );
}

/** Returns the key naming a policy's document. */
export function keyOf(policy: Policy): PolicyKey {
  return {
    kind: policy.kind,
    name: policy.name,
    ...(policy.namespace ? { namespace: policy.namespace } : {}),
  };
}

/**
 * Returns the existing policy a new rule for `subject` can go into without granting anyone else: a
 * NetworkPolicy or CiliumNetworkPolicy (with one `spec`) of its namespace that selects, in this direction,
 * exactly the pods the narrowest selector would. Policies of the asked format come first.
 */
export function policyForSubject(
  analysis: AnalysisHandle,
  subject: PodView,
  selection: PodSelection,
  direction: Direction,
  format: PolicyFormat,
): Policy | undefined {
  const pods = podsIn(analysis.endpoints, subject.namespace.name);
  const wanted = new Set([subject.id, ...selection.alsoSelects.map((p) => p.id)]);
  const fits = analysis.targets.filter(
    (t) =>
      t.tier === 'namespaced' &&
      (t.ref.kind === 'NetworkPolicy' || t.ref.kind === 'CiliumNetworkPolicy') &&
      t.ref.namespace === subject.namespace.name &&
      pods.every((p) => t.selects(p, direction) === wanted.has(p.id)),
  );
  const ordered = [
    ...fits.filter((t) => t.ref.kind === FORMAT_KIND[format]),
    ...fits.filter((t) => t.ref.kind !== FORMAT_KIND[format]),
  ];
  for (const target of ordered) {
    const policy = policyOf(analysis, target);
    const spec = policy?.object.spec;
    if (policy && spec !== null && typeof spec === 'object') return policy;
  }
  return undefined;
}

/** Returns an unused policy name in the namespace, starting from `base`. */
export function freshName(analysis: AnalysisHandle, kind: string, namespace: string, base: string): string {
  const taken = new Set(
    analysis.policies.filter((p) => p.kind === kind && p.namespace === namespace).map((p) => p.name),
  );
  if (!taken.has(base)) return base;
  for (let i = 2; ; i++) if (!taken.has(`${base}-${i}`)) return `${base}-${i}`;
}

/** Returns the rule, in the kind's own words, that admits `peer` on one port for `subject`. */
export function ruleFor(
  kind: string,
  direction: Direction,
  subject: PodView,
  peer: EndpointView,
  peerSelection: PodSelection | undefined,
  address: string | undefined,
  port: number,
  protocol: Protocol,
): Record<string, unknown> {
  const ip = address ?? (peer.kind === 'external' ? peer.external.ips[0] : peer.pod.ips[0]) ?? '0.0.0.0';
  const from = subject.namespace.name;
  if (kind === 'CiliumNetworkPolicy') {
    const field = direction === 'ingress' ? 'from' : 'to';
    const peers =
      peer.kind === 'pod' && peerSelection
        ? { [`${field}Endpoints`]: [ciliumPeer(peerSelection, peer, from)] }
        : { [`${field}CIDR`]: [hostCidr(ip)] };
    return { ...peers, toPorts: [{ ports: [{ port: String(port), protocol }] }] };
  }
  const field = direction === 'ingress' ? 'from' : 'to';
  const item =
    peer.kind === 'pod' && peerSelection
      ? podPeer(peerSelection, peer, from)
      : { ipBlock: { cidr: hostCidr(ip) } };
  return { [field]: [item], ports: [{ protocol, port }] };
}

/** Returns a new policy selecting the subject with the narrowest selector, with `rules` in one direction. */
export function newPolicy(
  kind: string,
  name: string,
  subject: PodView,
  selection: PodSelection,
  sections: Partial<Record<Direction, readonly unknown[]>>,
): Record<string, unknown> {
  const metadata = { name, namespace: subject.namespace.name };
  const directions = (['ingress', 'egress'] as const).filter((d) => sections[d] !== undefined);
  if (kind === 'CiliumNetworkPolicy') {
    const spec: Record<string, unknown> = {
      endpointSelector: ciliumPeer(selection, subject, subject.namespace.name),
    };
    // https://docs.cilium.io/en/stable/security/policy/language/ — a rule with no peers admits nothing
    for (const d of directions) spec[d] = sections[d]?.length ? sections[d] : [{}];
    return { apiVersion: 'cilium.io/v2', kind, metadata, spec };
  }
  const spec: Record<string, unknown> = {
    podSelector: selection.selector,
    policyTypes: directions.map((d) => (d === 'ingress' ? 'Ingress' : 'Egress')),
  };
  for (const d of directions) if (sections[d]?.length) spec[d] = sections[d];
  return { apiVersion: 'networking.k8s.io/v1', kind, metadata, spec };
}

/** Returns the subject's narrowest selection among the analysis's pods. */
export function selectionOf(analysis: AnalysisHandle, pod: PodView): PodSelection {
  return selectPod(pod, podsIn(analysis.endpoints, pod.namespace.name));
}

/** Returns `db` for `data/db`, safe for a policy name. */
export function shortName(view: EndpointView): string {
  return nameSafe(view.kind === 'pod' ? view.pod.name : view.external.name);
}
