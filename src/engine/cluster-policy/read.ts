import type { LabelSelectorSpec } from '../model/policy.ts';
import type { Protocol } from '../model/types.ts';
import type { Action } from '../model/verdict.ts';
import { parseCidr, type Cidr } from '../match/ip.ts';
import { compileSelector, type Selector } from '../match/label-selector.ts';
import type {
  ClusterPeer,
  ClusterPolicy,
  ClusterPolicyKind,
  ClusterPort,
  ClusterRule,
  ClusterSubject,
} from './model.ts';

/**
 * Reads a validated cluster-wide policy object into the model. v1alpha2 ClusterNetworkPolicy
 * (`protocols`, Accept/Deny/Pass, `tier`) and the v1alpha1 AdminNetworkPolicy (`ports`,
 * Allow/Deny/Pass) and BaselineAdminNetworkPolicy (Allow/Deny) share one model.
 */

type Obj = Readonly<Record<string, unknown>>;

function isObj(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function list(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

function selector(value: unknown): Selector {
  const spec: LabelSelectorSpec = isObj(value) ? value : {};
  return compileSelector(spec);
}

function readSubject(value: unknown): ClusterSubject {
  const s = isObj(value) ? value : {};
  if (isObj(s.pods))
    return {
      kind: 'pods',
      namespaces: selector(s.pods.namespaceSelector),
      pods: selector(s.pods.podSelector),
    };
  return { kind: 'namespaces', namespaces: selector(s.namespaces) };
}

function readPeer(value: unknown, path: string): ClusterPeer | undefined {
  if (!isObj(value)) return undefined;
  if (isObj(value.namespaces)) return { kind: 'namespaces', namespaces: selector(value.namespaces), path };
  if (isObj(value.pods)) {
    return {
      kind: 'pods',
      namespaces: selector(value.pods.namespaceSelector),
      pods: selector(value.pods.podSelector),
      path,
    };
  }
  if (Array.isArray(value.networks)) {
    const cidrs = value.networks
      .map((c) => (typeof c === 'string' ? parseCidr(c) : undefined))
      .filter((c): c is Cidr => c !== undefined);
    return { kind: 'networks', cidrs, path };
  }
  if (isObj(value.nodes)) return { kind: 'nodes', nodes: selector(value.nodes), path };
  if (Array.isArray(value.domainNames)) {
    return {
      kind: 'domainNames',
      names: value.domainNames.filter((n): n is string => typeof n === 'string'),
      path,
    };
  }
  return undefined;
}

function protocolOf(value: unknown): Protocol {
  return value === 'UDP' || value === 'SCTP' ? value : 'TCP';
}

/** v1alpha2 `protocols[]`: `{tcp|udp|sctp: {destinationPort: {number}|{range}}}` or `{destinationNamedPort}`. */
function readProtocol(value: unknown): ClusterPort | undefined {
  if (!isObj(value)) return undefined;
  if (typeof value.destinationNamedPort === 'string')
    return { kind: 'named', name: value.destinationNamedPort };
  for (const [key, protocol] of [
    ['tcp', 'TCP'],
    ['udp', 'UDP'],
    ['sctp', 'SCTP'],
  ] as const) {
    const body = value[key];
    if (!isObj(body)) continue;
    const dp = isObj(body.destinationPort) ? body.destinationPort : {};
    if (typeof dp.number === 'number') return { kind: 'range', protocol, start: dp.number, end: dp.number };
    if (isObj(dp.range) && typeof dp.range.start === 'number' && typeof dp.range.end === 'number') {
      return { kind: 'range', protocol, start: dp.range.start, end: dp.range.end };
    }
    return { kind: 'range', protocol, start: 1, end: 65535 };
  }
  return undefined;
}

/** v1alpha1 `ports[]`: `{portNumber: {protocol, port}}`, `{namedPort}` or `{portRange: {protocol, start, end}}`. */
function readPort(value: unknown): ClusterPort | undefined {
  if (!isObj(value)) return undefined;
  if (typeof value.namedPort === 'string') return { kind: 'named', name: value.namedPort };
  if (isObj(value.portNumber) && typeof value.portNumber.port === 'number') {
    const port = value.portNumber.port;
    return { kind: 'range', protocol: protocolOf(value.portNumber.protocol), start: port, end: port };
  }
  const r = value.portRange;
  if (isObj(r) && typeof r.start === 'number' && typeof r.end === 'number') {
    return { kind: 'range', protocol: protocolOf(r.protocol), start: r.start, end: r.end };
  }
  return undefined;
}

const ACTIONS: Readonly<Record<string, Action>> = {
  Accept: 'allow',
  Allow: 'allow',
  Deny: 'deny',
  Pass: 'pass',
};

function readRules(value: unknown, path: string, peersKey: 'from' | 'to', v2: boolean): ClusterRule[] {
  return list(value).map((item, i) => {
    const r = isObj(item) ? item : {};
    const rulePath = `${path}[${i}]`;
    const peers = list(r[peersKey])
      .map((p, j) => readPeer(p, `${rulePath}.${peersKey}[${j}]`))
      .filter((p): p is ClusterPeer => p !== undefined);
    const rawPorts = v2 ? r.protocols : r.ports;
    const ports = Array.isArray(rawPorts)
      ? rawPorts.map(v2 ? readProtocol : readPort).filter((p): p is ClusterPort => p !== undefined)
      : undefined;
    const actionText = typeof r.action === 'string' ? r.action : 'Deny';
    return {
      path: rulePath,
      name: typeof r.name === 'string' && r.name !== '' ? r.name : undefined,
      action: ACTIONS[actionText] ?? 'deny',
      actionText,
      peers,
      ports,
    };
  });
}

/** Returns the model of a cluster-wide policy object. */
export function readClusterPolicy(object: unknown): ClusterPolicy {
  const o = isObj(object) ? object : {};
  const meta = isObj(o.metadata) ? o.metadata : {};
  const spec = isObj(o.spec) ? o.spec : {};
  const kind: ClusterPolicyKind =
    o.kind === 'AdminNetworkPolicy' || o.kind === 'BaselineAdminNetworkPolicy'
      ? o.kind
      : 'ClusterNetworkPolicy';
  const v2 = kind === 'ClusterNetworkPolicy';
  const tier =
    kind === 'BaselineAdminNetworkPolicy' || (v2 && spec.tier === 'Baseline') ? 'baseline' : 'admin';
  return {
    kind,
    name: typeof meta.name === 'string' ? meta.name : '',
    tier,
    priority: typeof spec.priority === 'number' ? spec.priority : 0,
    subject: readSubject(spec.subject),
    ingress: readRules(spec.ingress, 'spec.ingress', 'from', v2),
    egress: readRules(spec.egress, 'spec.egress', 'to', v2),
  };
}
