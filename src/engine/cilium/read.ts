import type { LabelSelectorSpec, SelectorOperator, SelectorRequirement } from './endpoint-selector.ts';
import type { FqdnSelector } from './fqdn.ts';
import type {
  CidrPeer,
  CiliumKind,
  CiliumPolicy,
  CiliumRule,
  CiliumServiceRef,
  CiliumSpec,
  UnmodelledPeerField,
} from './model.ts';
import {
  CILIUM_PROTOCOLS,
  type CiliumHttpRule,
  type CiliumPort,
  type CiliumPortRule,
  type CiliumProtocol,
} from './ports.ts';

/**
 * Reads a Cilium policy object (already parsed from YAML/JSON) into the model. Total: fields of
 * the wrong shape are skipped (validation reports them separately), nothing throws.
 */

type Obj = Readonly<Record<string, unknown>>;

function isObj(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function list(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** Returns a label selector read from `value` (an absent or malformed selector reads as `{}`). */
export function readLabelSelector(value: unknown): LabelSelectorSpec {
  const sel = isObj(value) ? value : {};
  const matchLabels: Record<string, string> = {};
  if (isObj(sel.matchLabels)) {
    for (const [k, v] of Object.entries(sel.matchLabels)) {
      if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean')
        matchLabels[k] = String(v);
    }
  }
  const matchExpressions: SelectorRequirement[] = [];
  for (const e of list(sel.matchExpressions)) {
    if (!isObj(e) || typeof e.key !== 'string') continue;
    const op = e.operator;
    if (op !== 'In' && op !== 'NotIn' && op !== 'Exists' && op !== 'DoesNotExist') continue;
    const values = list(e.values).map((v) => String(v as string));
    matchExpressions.push({ key: e.key, operator: op satisfies SelectorOperator, values });
  }
  return { matchLabels, matchExpressions };
}

/** Returns FQDN selectors read from a `toFQDNs` or `rules.dns` list. */
export function readFqdnSelectors(value: unknown): FqdnSelector[] {
  const out: FqdnSelector[] = [];
  for (const item of list(value)) {
    if (!isObj(item)) continue;
    const name = str(item.matchName);
    const pattern = str(item.matchPattern);
    if (name !== undefined && name !== '') out.push({ kind: 'name', name });
    else if (pattern !== undefined && pattern !== '') out.push({ kind: 'pattern', pattern });
  }
  return out;
}

function readPort(value: unknown): CiliumPort | undefined {
  if (!isObj(value)) return undefined;
  const rawPort = value.port;
  const port = typeof rawPort === 'number' || typeof rawPort === 'string' ? rawPort : undefined;
  const endPort = typeof value.endPort === 'number' ? value.endPort : undefined;
  const raw = typeof value.protocol === 'string' ? value.protocol : 'ANY';
  const protocol = (CILIUM_PROTOCOLS as readonly string[]).includes(raw) ? (raw as CiliumProtocol) : 'ANY';
  return { port, endPort, protocol };
}

function readPortRules(value: unknown): CiliumPortRule[] | undefined {
  const rules = list(value).filter(isObj);
  if (rules.length === 0) return undefined;
  return rules.map((r) => {
    const l7 = isObj(r.rules) ? r.rules : undefined;
    const ports = list(r.ports)
      .map(readPort)
      .filter((p): p is CiliumPort => p !== undefined);
    const dns = l7 && Array.isArray(l7.dns) ? readFqdnSelectors(l7.dns) : undefined;
    const http = l7 ? readHttpRules(l7.http) : undefined;
    const otherL7 =
      l7 && list(l7.kafka).length > 0
        ? 'kafka'
        : l7 && typeof l7.l7proto === 'string' && l7.l7proto !== ''
          ? 'l7proto'
          : undefined;
    return { ports, dns, http, otherL7 };
  });
}

// https://docs.cilium.io/en/stable/security/policy/layer7/ — "If no rules are specified, then all
// traffic is permitted": an empty `http` list is no L7 rule; `http: [{}]` is one rule admitting everything.
function readHttpRules(value: unknown): CiliumHttpRule[] | undefined {
  const rules = list(value).filter(isObj);
  if (rules.length === 0) return undefined;
  const text = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
  return rules.map((r) => ({
    method: text(r.method),
    path: text(r.path),
    host: text(r.host),
    headers: list(r.headers).filter((h): h is string => typeof h === 'string'),
    headerMatches: list(r.headerMatches)
      .filter(isObj)
      .map((m) => {
        const secret = isObj(m.secret) ? m.secret : undefined;
        const secretName = secret && text(secret.name);
        return {
          name: str(m.name) ?? '',
          value: text(m.value),
          secret: secretName ? `${text(secret.namespace) ?? ''}/${secretName}` : undefined,
          mismatch: text(m.mismatch),
        };
      }),
  }));
}

/** Cilium accepts a bare address where a CIDR is expected: it means a single-address block. */
function asCidr(text: string): string {
  if (text.includes('/')) return text;
  return text.includes(':') ? `${text}/128` : `${text}/32`;
}

function readCidrs(plain: unknown, sets: unknown, path: string, dir: 'from' | 'to'): CidrPeer[] | undefined {
  const out: CidrPeer[] = [];
  list(plain).forEach((c, i) => {
    if (typeof c === 'string') out.push({ cidr: asCidr(c), except: [], path: `${path}.${dir}CIDR[${i}]` });
  });
  list(sets).forEach((c, i) => {
    if (!isObj(c) || typeof c.cidr !== 'string') return;
    const except = list(c.except).filter((e): e is string => typeof e === 'string');
    out.push({ cidr: asCidr(c.cidr), except: except.map(asCidr), path: `${path}.${dir}CIDRSet[${i}]` });
  });
  return out.length > 0 ? out : undefined;
}

function nonEmpty<T>(items: readonly T[]): readonly T[] | undefined {
  return items.length > 0 ? items : undefined;
}

const UNMODELLED: Record<'from' | 'to', readonly UnmodelledPeerField[]> = {
  from: ['fromRequires', 'fromGroups', 'fromNodes'],
  to: ['toRequires', 'toGroups', 'toNodes'],
};

// https://docs.cilium.io/en/stable/security/policy/language/#services-based
function readServiceRefs(value: unknown, path: string): CiliumServiceRef[] {
  return list(value).flatMap((entry, i): CiliumServiceRef[] => {
    if (!isObj(entry)) return [];
    const at = `${path}[${i}]`;
    const namespaceOf = (o: Obj): string | undefined => str(o.namespace) || undefined;
    if (isObj(entry.k8sServiceSelector)) {
      const sel = entry.k8sServiceSelector;
      return [
        { path: at, kind: 'labels', selector: readLabelSelector(sel.selector), namespace: namespaceOf(sel) },
      ];
    }
    if (isObj(entry.k8sService)) {
      const ref = entry.k8sService;
      const name = str(ref.serviceName);
      return name ? [{ path: at, kind: 'name', name, namespace: namespaceOf(ref) }] : [];
    }
    return [];
  });
}

function readRule(value: unknown, path: string, dir: 'from' | 'to'): CiliumRule {
  const r = isObj(value) ? value : {};
  const unmodelled = UNMODELLED[dir].filter((f) => list(r[f]).length > 0);
  const setKey = `${dir}CIDRSet`;
  if (list(r[setKey]).some((c) => isObj(c) && c.cidr === undefined)) unmodelled.push('cidrGroupRef');
  return {
    path,
    endpoints: nonEmpty(list(r[`${dir}Endpoints`]).map(readLabelSelector)),
    entities: nonEmpty(list(r[`${dir}Entities`]).filter((e): e is string => typeof e === 'string')),
    cidrs: readCidrs(r[`${dir}CIDR`], r[setKey], path, dir),
    fqdns: dir === 'to' ? nonEmpty(readFqdnSelectors(r.toFQDNs)) : undefined,
    services: dir === 'to' ? nonEmpty(readServiceRefs(r.toServices, `${path}.toServices`)) : undefined,
    unmodelled,
    toPorts: readPortRules(r.toPorts),
    icmps: list(r.icmps).length > 0,
  };
}

function readRules(value: unknown, path: string, dir: 'from' | 'to'): CiliumRule[] {
  return list(value).map((r, i) => readRule(r, `${path}[${i}]`, dir));
}

function readSpec(value: unknown, path: string): CiliumSpec {
  const s = isObj(value) ? value : {};
  const dd = isObj(s.enableDefaultDeny) ? s.enableDefaultDeny : {};
  const flag = (v: unknown): boolean | undefined => (typeof v === 'boolean' ? v : undefined);
  return {
    path,
    endpointSelector:
      s.nodeSelector !== undefined && s.endpointSelector === undefined
        ? undefined
        : readLabelSelector(s.endpointSelector),
    ingress: readRules(s.ingress, `${path}.ingress`, 'from'),
    ingressDeny: readRules(s.ingressDeny, `${path}.ingressDeny`, 'from'),
    egress: readRules(s.egress, `${path}.egress`, 'to'),
    egressDeny: readRules(s.egressDeny, `${path}.egressDeny`, 'to'),
    enableDefaultDeny: { ingress: flag(dd.ingress), egress: flag(dd.egress) },
  };
}

/** Returns the model of a Cilium policy object (`kind`, `metadata`, `spec` and/or `specs`). */
export function readCiliumPolicy(object: unknown): CiliumPolicy {
  const o = isObj(object) ? object : {};
  const meta = isObj(o.metadata) ? o.metadata : {};
  const kind: CiliumKind = o.kind === 'CiliumClusterwideNetworkPolicy' ? o.kind : 'CiliumNetworkPolicy';
  const specs: CiliumSpec[] = [];
  if (isObj(o.spec)) specs.push(readSpec(o.spec, 'spec'));
  list(o.specs).forEach((s, i) => specs.push(readSpec(s, `specs[${i}]`)));
  return {
    kind,
    name: str(meta.name) ?? '',
    namespace: kind === 'CiliumClusterwideNetworkPolicy' ? undefined : (str(meta.namespace) ?? 'default'),
    specs,
  };
}
