import type { DiagnosticSink } from '../model/diagnostic.ts';
import type { NetworkPolicyPeerSpec, NetworkPolicyPortSpec } from '../model/policy.ts';
import { cidrWithin, parseCidr } from '../match/ip.ts';
import type { FieldPath, SourceDoc } from '../model/source.ts';
import {
  labelSelectorSpec,
  lintYaml11Values,
  objectMetaSpec,
  protocolSpec,
  reportAll,
} from '../validate/common-specs.ts';
import { walkFields, type FieldSpec } from '../validate/field-spec.ts';
import { checkPortName } from '../validate/k8s-names.ts';
import { lintNetworkPolicyShape } from './static-lint.ts';

// Rules below follow the API server's validation of networking.k8s.io/v1:
// https://kubernetes.io/docs/reference/kubernetes-api/policy-resources/network-policy-v1/

const CIDR_HINT = 'must be a valid CIDR value, (e.g. 10.9.0.0/16 or 2001:db8::/64)';

const ipBlockSpec: FieldSpec = {
  type: 'object',
  required: ['cidr'],
  fields: { cidr: { type: 'string' }, except: { type: 'array', items: { type: 'string' } } },
  check: (block: { cidr: string; except?: string[] | null }, path, sink) => {
    const cidr = parseCidr(block.cidr);
    if (!cidr) sink.invalid([...path, 'cidr'], block.cidr, CIDR_HINT);
    (block.except ?? []).forEach((text, i) => {
      const except = parseCidr(text);
      if (!except) sink.invalid([...path, 'except', i], text, CIDR_HINT);
      else if (cidr && (!cidrWithin(except, cidr) || except.prefix <= cidr.prefix)) {
        sink.invalid([...path, 'except', i], text, 'must be a strict subset of `cidr`');
      }
    });
  },
};

const peerSpec: FieldSpec = {
  type: 'object',
  fields: { podSelector: labelSelectorSpec, namespaceSelector: labelSelectorSpec, ipBlock: ipBlockSpec },
  check: (peer: NetworkPolicyPeerSpec, path, sink) => {
    const count = [peer.podSelector, peer.namespaceSelector, peer.ipBlock].filter(
      (x) => x !== undefined && x !== null,
    ).length;
    if (count === 0) sink.required(path, 'must specify a peer');
    else if (count > 1 && peer.ipBlock) sink.forbidden(path, 'may not specify both ipBlock and another peer');
  },
};

const portSpec: FieldSpec = {
  type: 'object',
  fields: {
    protocol: protocolSpec,
    port: { type: 'int-or-string' },
    endPort: { type: 'integer' },
  },
  check: (port: NetworkPolicyPortSpec, path, sink) => checkPort(port, path, sink),
};

function checkPort(port: NetworkPolicyPortSpec, path: FieldPath, sink: DiagnosticSink): void {
  const value = port.port;
  if (typeof value === 'number' && (value < 1 || value > 65535))
    sink.invalid([...path, 'port'], value, 'must be between 1 and 65535, inclusive');
  if (typeof value === 'string') reportAll(sink, [...path, 'port'], value, checkPortName(value));
  const end = port.endPort;
  if (end === undefined || end === null) return;
  if (value === undefined || value === null)
    sink.required([...path, 'port'], 'must be specified when endPort is specified');
  else if (typeof value === 'string')
    sink.invalid([...path, 'endPort'], end, 'may not be specified when port is non-numeric');
  else if (end < value) sink.invalid([...path, 'endPort'], end, 'must be greater than or equal to port');
  if (end < 1 || end > 65535)
    sink.invalid([...path, 'endPort'], end, 'must be between 1 and 65535, inclusive');
}

function ruleSpec(peers: 'from' | 'to'): FieldSpec {
  return {
    type: 'object',
    fields: { [peers]: { type: 'array', items: peerSpec }, ports: { type: 'array', items: portSpec } },
  };
}

const specSpec: FieldSpec = {
  type: 'object',
  fields: {
    podSelector: labelSelectorSpec,
    policyTypes: { type: 'array', maxItems: 2, items: { type: 'string', enum: ['Egress', 'Ingress'] } },
    ingress: { type: 'array', items: ruleSpec('from') },
    egress: { type: 'array', items: ruleSpec('to') },
  },
};

/** The field spec of a whole `networking.k8s.io/v1` NetworkPolicy object. */
export const networkPolicySpec: FieldSpec = {
  type: 'object',
  required: ['apiVersion', 'kind', 'metadata'],
  fields: {
    apiVersion: { type: 'string' },
    kind: { type: 'string' },
    metadata: objectMetaSpec('namespaced'),
    spec: specSpec,
    status: { type: 'any' },
  },
};

/** Validates a NetworkPolicy document like the API server with strict field validation, then adds static lint. */
export function validateNetworkPolicy(doc: SourceDoc, sink: DiagnosticSink): void {
  walkFields(networkPolicySpec, doc.value, [], sink);
  const value = doc.value as { metadata?: { labels?: unknown }; spec?: Record<string, unknown> };
  lintYaml11Values(value.metadata?.labels, ['metadata', 'labels'], sink, (p) => doc.isPlainScalar(p));
  lintSelectorValues(value.spec, ['spec'], sink, doc);
  if (!sink.hasErrors) lintNetworkPolicyShape(doc, sink);
}

/** Runs the YAML 1.1 label-value lint over every `matchLabels` inside the spec. */
function lintSelectorValues(node: unknown, path: FieldPath, sink: DiagnosticSink, doc: SourceDoc): void {
  if (Array.isArray(node)) node.forEach((item, i) => lintSelectorValues(item, [...path, i], sink, doc));
  else if (typeof node === 'object' && node !== null) {
    for (const [key, child] of Object.entries(node as Record<string, unknown>)) {
      if (key === 'matchLabels') lintYaml11Values(child, [...path, key], sink, (p) => doc.isPlainScalar(p));
      else lintSelectorValues(child, [...path, key], sink, doc);
    }
  }
}
