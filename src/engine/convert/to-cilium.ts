import { NAMESPACE_NAME_LABEL } from '../parse/cluster.ts';
import { asList, asObject, scalarText, type Obj } from './model.ts';

/**
 * NetworkPolicy → CiliumNetworkPolicy, field by field:
 * - `podSelector` → `endpointSelector` (Cilium scopes it to the policy's namespace, as Kubernetes does);
 * - a peer's `podSelector` alone → an endpoint selector (scoped to the policy's namespace);
 * - `namespaceSelector` → the derived `io.cilium.k8s.namespace.labels.<key>` labels, `kubernetes.io/metadata.name`
 *   → `io.kubernetes.pod.namespace`, `{}` → that label `Exists` (every namespace);
 * - `ipBlock` → `toCIDRSet` / `fromCIDRSet` with `except`; a rule with no peers → entity `all`;
 * - ports → `toPorts` (`port` as a string, `endPort`, protocol defaulting to TCP, a protocol alone → port 0);
 * - a direction in `policyTypes` with no rules → one empty rule (Cilium: admits nothing, isolates).
 */
// https://docs.cilium.io/en/stable/security/policy/kubernetes/#namespaces
const NAMESPACE = 'k8s:io.kubernetes.pod.namespace';
const NAMESPACE_LABELS = 'k8s:io.cilium.k8s.namespace.labels.';

function selectorOf(value: unknown): { matchLabels: Record<string, string>; matchExpressions: Obj[] } {
  const s = asObject(value) ?? {};
  const labels = asObject(s.matchLabels) ?? {};
  return {
    matchLabels: Object.fromEntries(Object.entries(labels).map(([k, v]) => [k, String(v)])),
    matchExpressions: asList(s.matchExpressions).map((e) => asObject(e) ?? {}),
  };
}

function compact(matchLabels: Record<string, string>, matchExpressions: readonly Obj[]): Obj {
  return {
    ...(Object.keys(matchLabels).length > 0 ? { matchLabels } : {}),
    ...(matchExpressions.length > 0 ? { matchExpressions } : {}),
  };
}

function namespaceKey(key: string): string {
  return key === NAMESPACE_NAME_LABEL ? NAMESPACE : `${NAMESPACE_LABELS}${key}`;
}

function endpointPeer(peer: Obj): Obj {
  const pods = selectorOf(peer.podSelector);
  if (peer.namespaceSelector === undefined || peer.namespaceSelector === null)
    return compact(pods.matchLabels, pods.matchExpressions);
  const ns = selectorOf(peer.namespaceSelector);
  const labels = { ...pods.matchLabels };
  for (const [k, v] of Object.entries(ns.matchLabels)) labels[namespaceKey(k)] = v;
  const expressions = [
    ...pods.matchExpressions,
    ...ns.matchExpressions.map((e) => ({ ...e, key: namespaceKey(String(e.key)) })),
  ];
  const anyNamespace = Object.keys(ns.matchLabels).length === 0 && ns.matchExpressions.length === 0;
  if (anyNamespace) expressions.push({ key: NAMESPACE, operator: 'Exists' });
  return compact(labels, expressions);
}

function portsOf(ports: readonly unknown[]): Obj[] | undefined {
  if (ports.length === 0) return undefined;
  const entries = ports.map((p) => {
    const port = asObject(p) ?? {};
    const protocol = typeof port.protocol === 'string' ? port.protocol : 'TCP';
    return {
      port: port.port === undefined || port.port === null ? '0' : scalarText(port.port),
      ...(typeof port.endPort === 'number' ? { endPort: port.endPort } : {}),
      protocol,
    };
  });
  return [{ ports: entries }];
}

function rulesOf(rules: readonly unknown[], field: 'from' | 'to'): Obj[] {
  if (rules.length === 0) return [{}];
  return rules.flatMap((r): Obj[] => {
    const rule = asObject(r) ?? {};
    const toPorts = portsOf(asList(rule.ports));
    const withPorts = (o: Obj): Obj => (toPorts ? { ...o, toPorts } : o);
    const peers = asList(rule[field]).map((p) => asObject(p) ?? {});
    if (peers.length === 0) return [withPorts({ [`${field}Entities`]: ['all'] })];
    const endpoints = peers.filter((p) => !p.ipBlock).map(endpointPeer);
    const cidrs = peers
      .map((p) => asObject(p.ipBlock))
      .filter((b): b is Obj => b !== undefined)
      .map((b) => ({
        cidr: String(b.cidr),
        ...(asList(b.except).length > 0 ? { except: asList(b.except).map(String) } : {}),
      }));
    return [
      ...(endpoints.length > 0 ? [withPorts({ [`${field}Endpoints`]: endpoints })] : []),
      ...(cidrs.length > 0 ? [withPorts({ [`${field}CIDRSet`]: cidrs })] : []),
    ];
  });
}

/** Returns the CiliumNetworkPolicy equivalent of a NetworkPolicy object. */
export function networkPolicyToCilium(object: Obj): Obj {
  const spec = asObject(object.spec) ?? {};
  const written = asList(spec.policyTypes).map(String);
  const egressListed = asList(spec.egress).length > 0;
  // https://kubernetes.io/docs/concepts/services-networking/network-policies/ — policyTypes defaults
  const types = written.length > 0 ? written : ['Ingress', ...(egressListed ? ['Egress'] : [])];
  const selector = selectorOf(spec.podSelector);
  const out: Record<string, unknown> = {
    endpointSelector: compact(selector.matchLabels, selector.matchExpressions),
  };
  if (types.includes('Ingress')) out.ingress = rulesOf(asList(spec.ingress), 'from');
  if (types.includes('Egress')) out.egress = rulesOf(asList(spec.egress), 'to');
  return { apiVersion: 'cilium.io/v2', kind: 'CiliumNetworkPolicy', metadata: object.metadata, spec: out };
}
