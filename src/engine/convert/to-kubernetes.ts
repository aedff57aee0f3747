import { NAMESPACE_NAME_LABEL } from '../parse/cluster.ts';
import { asList, asObject, scalarText, type Losses, type Obj } from './model.ts';

/**
 * CiliumNetworkPolicy → NetworkPolicy where Kubernetes can say the same:
 * - `endpointSelector` → `podSelector`; endpoint selectors → peers (`io.kubernetes.pod.namespace` →
 *   `kubernetes.io/metadata.name`, `io.cilium.k8s.namespace.labels.<key>` → a namespace label);
 * - `fromCIDR`/`fromCIDRSet` (`to…`) → `ipBlock`; entity `all` → a rule with no peers;
 * - `toPorts[].ports` → ports (protocol `ANY` or absent → one port per protocol; port 0 → protocol only);
 * - a section `[{}]` (admits nothing) → `policyTypes` with no rules.
 * Everything else (other entities, `toFQDNs`, `toServices`, deny rules, L7 `rules`, ICMP, `specs`,
 * `enableDefaultDeny`, service-account and `reserved:` labels) has no equivalent: recorded in `losses`.
 */
const NAMESPACE = 'io.kubernetes.pod.namespace';
const NAMESPACE_LABELS = 'io.cilium.k8s.namespace.labels.';
const RULE_FIELDS: Record<'from' | 'to', readonly string[]> = {
  from: ['fromEndpoints', 'fromCIDR', 'fromCIDRSet', 'fromEntities', 'toPorts'],
  to: ['toEndpoints', 'toCIDR', 'toCIDRSet', 'toEntities', 'toPorts'],
};

function bareKey(key: string): string | undefined {
  const colon = key.indexOf(':');
  if (colon < 0) return key;
  const source = key.slice(0, colon);
  return source === 'k8s' || source === 'any' ? key.slice(colon + 1) : undefined;
}

interface Split {
  readonly pods: Record<string, unknown>;
  readonly namespaces: Record<string, unknown> | undefined;
}

function splitSelector(value: unknown, path: string, losses: Losses): Split | undefined {
  const s = asObject(value) ?? {};
  const podLabels: Record<string, string> = {};
  const nsLabels: Record<string, string> = {};
  const podExpr: Obj[] = [];
  const nsExpr: Obj[] = [];
  let namespaced = false;
  const place = (key: string): { into: 'pod' | 'ns'; key: string } | undefined => {
    const bare = bareKey(key);
    if (bare === undefined || bare.startsWith('io.cilium.k8s.policy.')) return undefined;
    if (bare === NAMESPACE) return { into: 'ns', key: NAMESPACE_NAME_LABEL };
    if (bare.startsWith(NAMESPACE_LABELS)) return { into: 'ns', key: bare.slice(NAMESPACE_LABELS.length) };
    return { into: 'pod', key: bare };
  };
  for (const [key, v] of Object.entries(asObject(s.matchLabels) ?? {})) {
    const at = place(key);
    if (!at)
      return void losses.add(`${path}.matchLabels.${key}`, `the label ${key} has no Kubernetes equivalent`);
    if (at.into === 'ns') namespaced = true;
    (at.into === 'ns' ? nsLabels : podLabels)[at.key] = String(v);
  }
  for (const [i, e] of asList(s.matchExpressions).entries()) {
    const expr = asObject(e) ?? {};
    const at = place(String(expr.key));
    if (!at)
      return void losses.add(
        `${path}.matchExpressions[${i}]`,
        `the label ${String(expr.key)} has no Kubernetes equivalent`,
      );
    if (at.into === 'ns') namespaced = true;
    const isAnyNamespace = at.into === 'ns' && at.key === NAMESPACE_NAME_LABEL && expr.operator === 'Exists';
    if (!isAnyNamespace) (at.into === 'ns' ? nsExpr : podExpr).push({ ...expr, key: at.key });
  }
  const sel = (labels: Record<string, string>, expr: Obj[]): Record<string, unknown> => ({
    ...(Object.keys(labels).length > 0 ? { matchLabels: labels } : {}),
    ...(expr.length > 0 ? { matchExpressions: expr } : {}),
  });
  return { pods: sel(podLabels, podExpr), namespaces: namespaced ? sel(nsLabels, nsExpr) : undefined };
}

const PROTOCOLS = ['TCP', 'UDP', 'SCTP'];

function portsOf(toPorts: readonly unknown[], path: string, losses: Losses): Obj[] | undefined {
  const out: Obj[] = [];
  for (const [i, entry] of toPorts.entries()) {
    const e = asObject(entry) ?? {};
    const extra = Object.keys(e).filter((k) => k !== 'ports');
    if (extra.length > 0)
      return void losses.add(
        `${path}.toPorts[${i}].${extra[0] ?? ''}`,
        `${extra.join(', ')} (L7 and TLS) has no Kubernetes equivalent`,
      );
    for (const p of asList(e.ports)) {
      const port = asObject(p) ?? {};
      const protocol = typeof port.protocol === 'string' ? port.protocol.toUpperCase() : 'ANY';
      const protocols = protocol === 'ANY' ? PROTOCOLS : [protocol];
      if (!protocols.every((x) => PROTOCOLS.includes(x)))
        return void losses.add(`${path}.toPorts[${i}]`, `protocol ${protocol} has no Kubernetes equivalent`);
      const text = port.port === undefined ? '0' : scalarText(port.port);
      const numeric = /^\d+$/.test(text) ? Number(text) : undefined;
      for (const proto of protocols)
        out.push({
          protocol: proto,
          ...(numeric === 0 ? {} : { port: numeric ?? text }),
          ...(typeof port.endPort === 'number' && numeric !== 0 ? { endPort: port.endPort } : {}),
        });
    }
  }
  return out;
}

function ruleOf(rule: Obj, field: 'from' | 'to', path: string, losses: Losses): Obj | undefined | null {
  const extra = Object.keys(rule).filter((k) => !RULE_FIELDS[field].includes(k));
  if (extra.length > 0)
    return void losses.add(`${path}.${extra[0] ?? ''}`, `${extra.join(', ')} has no Kubernetes equivalent`);
  const peers: Obj[] = [];
  for (const [i, sel] of asList(rule[`${field}Endpoints`]).entries()) {
    const split = splitSelector(sel, `${path}.${field}Endpoints[${i}]`, losses);
    if (!split) return undefined;
    peers.push(
      split.namespaces
        ? { namespaceSelector: split.namespaces, podSelector: split.pods }
        : { podSelector: split.pods },
    );
  }
  for (const cidr of asList(rule[`${field}CIDR`])) peers.push({ ipBlock: { cidr: String(cidr) } });
  for (const c of asList(rule[`${field}CIDRSet`])) {
    const set = asObject(c) ?? {};
    if (typeof set.cidr !== 'string')
      return void losses.add(`${path}.${field}CIDRSet`, 'cidrGroupRef has no Kubernetes equivalent');
    peers.push({
      ipBlock: { cidr: set.cidr, ...(asList(set.except).length > 0 ? { except: set.except } : {}) },
    });
  }
  const entities = asList(rule[`${field}Entities`]).map(String);
  if (entities.some((e) => e !== 'all'))
    return void losses.add(
      `${path}.${field}Entities`,
      `entities ${entities.join(', ')} have no Kubernetes equivalent`,
    );
  const all = entities.length > 0;
  const ports = asList(rule.toPorts).length > 0 ? portsOf(asList(rule.toPorts), path, losses) : [];
  if (ports === undefined) return undefined;
  // https://docs.cilium.io/en/stable/security/policy/language/ — a rule with no peer and no port admits nothing
  if (!all && peers.length === 0 && ports.length === 0) return null;
  return { ...(all || peers.length === 0 ? {} : { [field]: peers }), ...(ports.length > 0 ? { ports } : {}) };
}

/** Returns the NetworkPolicy equivalent of a CiliumNetworkPolicy object, or undefined (with `losses`) when there is none. */
export function ciliumToNetworkPolicy(object: Obj, losses: Losses): Obj | undefined {
  const before = losses.items.length;
  if (object.specs !== undefined)
    losses.add('specs', 'a list of specs has no Kubernetes equivalent (one policy per spec)');
  const spec = asObject(object.spec) ?? {};
  for (const key of Object.keys(spec))
    if (!['endpointSelector', 'ingress', 'egress', 'description'].includes(key))
      losses.add(
        `spec.${key}`,
        key.endsWith('Deny')
          ? 'a Kubernetes NetworkPolicy cannot deny'
          : `${key} has no Kubernetes equivalent`,
      );
  const subject = splitSelector(spec.endpointSelector, 'spec.endpointSelector', losses);
  const out: Record<string, unknown> = { podSelector: subject?.pods ?? {} };
  const types: string[] = [];
  for (const [direction, field] of [
    ['ingress', 'from'],
    ['egress', 'to'],
  ] as const) {
    const rules = asList(spec[direction]);
    if (rules.length === 0) continue;
    types.push(direction === 'ingress' ? 'Ingress' : 'Egress');
    const converted = rules.map((r, i) =>
      ruleOf(asObject(r) ?? {}, field, `spec.${direction}[${i}]`, losses),
    );
    const kept = converted.filter((r): r is Obj => r !== null && r !== undefined);
    if (kept.length > 0) out[direction] = kept;
  }
  if (types.length === 0)
    losses.add('spec', 'a policy with no rules selects nothing; a NetworkPolicy always isolates');
  if (losses.items.length > before) return undefined;
  out.policyTypes = types;
  return { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: object.metadata, spec: out };
}
