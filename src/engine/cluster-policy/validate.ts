import type { DiagnosticSink } from '../model/diagnostic.ts';
import { PROTOCOLS } from '../model/types.ts';
import { parseCidr } from '../match/ip.ts';
import type { FieldPath, SourceDoc } from '../model/source.ts';
import { labelSelectorSpec, lintYaml11Values, objectMetaSpec, reportAll } from '../validate/common-specs.ts';
import { isObject, walkFields, type FieldSpec } from '../validate/field-spec.ts';
import { checkPortName } from '../validate/k8s-names.ts';
import { isValidDomainName } from './domain-names.ts';

// Field specs follow the network-policy-api CRDs (OpenAPI + CEL rules):
// https://network-policy-api.sigs.k8s.io/reference/spec/

const STRING: FieldSpec = { type: 'string' };
const ANY: FieldSpec = { type: 'any' };

/** Reports a CRD "exactly one field" rule (MinProperties=1, MaxProperties=1). */
function exactlyOne(what: string) {
  return (value: Record<string, unknown>, path: FieldPath, sink: DiagnosticSink): void => {
    const n = Object.values(value).filter((v) => v !== undefined && v !== null).length;
    if (n === 0) sink.required(path, `exactly one field of ${what} must be set`);
    else if (n > 1) sink.invalid(path, value, `exactly one field of ${what} must be set, found ${n}`);
  };
}

const namespacedPodSpec: FieldSpec = {
  type: 'object',
  required: ['podSelector'],
  fields: { namespaceSelector: labelSelectorSpec, podSelector: labelSelectorSpec },
};

const subjectSpec: FieldSpec = {
  type: 'object',
  fields: { namespaces: labelSelectorSpec, pods: namespacedPodSpec },
  check: exactlyOne('namespaces, pods'),
};

const cidrSpec: FieldSpec = {
  type: 'string',
  check: (v: string, p, s) => {
    if (!parseCidr(v)) s.invalid(p, v, 'Invalid CIDR format provided');
  },
};

const domainNameSpec: FieldSpec = {
  type: 'string',
  check: (v: string, p, s) => {
    if (!isValidDomainName(v))
      s.invalid(
        p,
        v,
        'must be a domain name, optionally with a leading `*.` (e.g. api.example.com, *.example.com)',
      );
  },
};

function peerSpec(direction: 'ingress' | 'egress', max: number): FieldSpec {
  const fields: Record<string, FieldSpec> = { namespaces: labelSelectorSpec, pods: namespacedPodSpec };
  if (direction === 'egress') {
    fields.nodes = labelSelectorSpec;
    fields.networks = { type: 'array', minItems: 1, maxItems: max, items: cidrSpec };
    fields.domainNames = { type: 'array', minItems: 1, maxItems: 25, items: domainNameSpec };
  }
  return { type: 'object', fields, check: exactlyOne(Object.keys(fields).join(', ')) };
}

const portNumber: FieldSpec = { type: 'integer', min: 1, max: 65535 };
// The CRDs list the protocols in this order, and so does their validation message.
const protocol: FieldSpec = { type: 'string', enum: PROTOCOLS };

const rangeSpec: FieldSpec = {
  type: 'object',
  required: ['start', 'end'],
  fields: { start: portNumber, end: portNumber, protocol },
  check: (r: { start: number; end: number }, path, sink) => {
    if (r.start >= r.end) sink.invalid(path, r, 'Start port must be less than End port');
  },
};

const namedPortSpec: FieldSpec = {
  type: 'string',
  check: (v: string, p, s) => reportAll(s, p, v, checkPortName(v)),
};

/** v1alpha2 `protocols[]`. */
const protocolSpec: FieldSpec = (() => {
  const destinationPort: FieldSpec = {
    type: 'object',
    fields: { number: portNumber, range: { ...rangeSpec, fields: { start: portNumber, end: portNumber } } },
    check: exactlyOne('number, range'),
  };
  const l4: FieldSpec = { type: 'object', required: ['destinationPort'], fields: { destinationPort } };
  return {
    type: 'object',
    fields: { tcp: l4, udp: l4, sctp: l4, destinationNamedPort: namedPortSpec },
    check: exactlyOne('tcp, udp, sctp, destinationNamedPort'),
  };
})();

/** v1alpha1 `ports[]`. */
const portSpec: FieldSpec = {
  type: 'object',
  fields: {
    portNumber: {
      type: 'object',
      required: ['port'],
      fields: { protocol, port: portNumber },
    },
    namedPort: namedPortSpec,
    portRange: rangeSpec,
  },
  check: exactlyOne('portNumber, namedPort, portRange'),
};

type Version = 'v1alpha2' | 'anp' | 'banp';

function ruleSpec(version: Version, direction: 'ingress' | 'egress'): FieldSpec {
  const peersKey = direction === 'ingress' ? 'from' : 'to';
  const max = version === 'v1alpha2' ? 25 : 100;
  const actions =
    version === 'v1alpha2'
      ? ['Accept', 'Deny', 'Pass']
      : version === 'anp'
        ? ['Allow', 'Deny', 'Pass']
        : ['Allow', 'Deny'];
  const accept = version === 'v1alpha2' ? 'Accept' : 'Allow';
  const portsKey = version === 'v1alpha2' ? 'protocols' : 'ports';
  return {
    type: 'object',
    required: ['action', peersKey],
    fields: {
      name: {
        type: 'string',
        check: (v: string, p, s) => v.length > 100 && s.invalid(p, v, 'may not be more than 100 characters'),
      },
      action: { type: 'string', enum: actions },
      [peersKey]: { type: 'array', minItems: 1, maxItems: max, items: peerSpec(direction, max) },
      [portsKey]: {
        type: 'array',
        minItems: 1,
        maxItems: max,
        items: version === 'v1alpha2' ? protocolSpec : portSpec,
      },
    },
    check: (rule: Record<string, unknown>, path, sink) => {
      const peers = Array.isArray(rule[peersKey]) ? (rule[peersKey] as unknown[]) : [];
      const ports = Array.isArray(rule[portsKey]) ? (rule[portsKey] as unknown[]) : [];
      peers.forEach((peer, i) => {
        if (!isObject(peer) || peer.domainNames === undefined) return;
        if (version === 'banp')
          sink.add(
            'unknown-field',
            [...path, peersKey, i, 'domainNames'],
            `strict decoding error: unknown field "domainNames"`,
          );
        else if (rule.action !== accept)
          sink.forbidden(
            [...path, peersKey, i, 'domainNames'],
            `domainNames peers may only be used in ${accept} rules`,
          );
      });
      const named = ports.some(
        (p) => isObject(p) && (p.destinationNamedPort !== undefined || p.namedPort !== undefined),
      );
      const external = peers.some(
        (p) =>
          isObject(p) && (p.networks !== undefined || p.nodes !== undefined || p.domainNames !== undefined),
      );
      if (named && external) {
        sink.invalid(
          path,
          rule[portsKey],
          'networks/nodes/domainNames peer cannot be set with namedPorts since there are no namedPorts for networks/nodes/domainNames',
        );
      }
    },
  };
}

function specSpec(version: Version): FieldSpec {
  const max = version === 'v1alpha2' ? 25 : 100;
  const fields: Record<string, FieldSpec> = {
    subject: subjectSpec,
    ingress: { type: 'array', maxItems: max, items: ruleSpec(version, 'ingress') },
    egress: { type: 'array', maxItems: max, items: ruleSpec(version, 'egress') },
  };
  const required = ['subject'];
  if (version !== 'banp') {
    fields.priority = { type: 'integer', min: 0, max: 1000 };
    required.push('priority');
  }
  if (version === 'v1alpha2') {
    fields.tier = { type: 'string', enum: ['Admin', 'Baseline'] };
    required.push('tier');
  }
  return { type: 'object', required, fields };
}

function objectSpec(version: Version): FieldSpec {
  return {
    type: 'object',
    required: ['apiVersion', 'kind', 'metadata', 'spec'],
    fields: {
      apiVersion: STRING,
      kind: STRING,
      metadata: objectMetaSpec('cluster'),
      spec: specSpec(version),
      status: ANY,
    },
    check: (obj: { metadata?: { name?: unknown } }, path, sink) => {
      const name = obj.metadata?.name;
      // https://network-policy-api.sigs.k8s.io/reference/spec/#policy.networking.k8s.io/v1alpha1.BaselineAdminNetworkPolicy
      if (version === 'banp' && typeof name === 'string' && name !== 'default') {
        sink.invalid(
          [...path, 'metadata', 'name'],
          name,
          'Only one baseline admin policy with metadata.name="default" can be created in the cluster',
        );
      }
    },
  };
}

/** Validates a ClusterNetworkPolicy / AdminNetworkPolicy / BaselineAdminNetworkPolicy document like the API server. */
export function validateClusterPolicy(doc: SourceDoc, sink: DiagnosticSink, version: Version): void {
  walkFields(objectSpec(version), doc.value, [], sink);
  const value = doc.value as { metadata?: { labels?: unknown } };
  lintYaml11Values(value.metadata?.labels, ['metadata', 'labels'], sink, (p) => doc.isPlainScalar(p));
}
