import type { DiagnosticSink } from '../model/diagnostic.ts';
import { cidrWithin, parseCidr, parseIp } from '../match/ip.ts';
import type { FieldPath, SourceDoc } from '../model/source.ts';
import { lintYaml11Values, objectMetaSpec, reportAll } from '../validate/common-specs.ts';
import { isObject, walkFields, type FieldSpec } from '../validate/field-spec.ts';
import { lintCidrHostBits } from '../validate/cidr-lint.ts';
import { checkLabelKey, checkLabelValue, checkPortName } from '../validate/k8s-names.ts';
import { NAMESPACE_LABEL, splitSelectorKey } from './endpoint-selector.ts';
import { CILIUM_ENTITIES } from './entities.ts';
import { fqdnNameProblem, fqdnPatternProblem } from './fqdn.ts';
import { lintFqdnWithoutDnsRule } from './lint.ts';
import { CILIUM_PROTOCOLS } from './ports.ts';
import { checkPortRuleL7, l7RulesSpec } from './l7-validate.ts';

// Field specs follow the cilium.io/v2 CRDs and Cilium's rule sanitizer:
// https://docs.cilium.io/en/stable/network/kubernetes/ciliumnetworkpolicy/
// https://docs.cilium.io/en/stable/security/policy/language/

const ANY: FieldSpec = { type: 'any' };
const STRING: FieldSpec = { type: 'string' };
const ANY_LIST: FieldSpec = { type: 'array', items: ANY };

/** A selector key: an optional `source:` prefix, then a Kubernetes label key. */
function checkSourcedKey(key: string): string[] {
  return checkLabelKey(splitSelectorKey(key).key);
}

const requirementSpec: FieldSpec = {
  type: 'object',
  required: ['key', 'operator'],
  fields: {
    key: { type: 'string', check: (k: string, p, s) => reportAll(s, p, k, checkSourcedKey(k)) },
    operator: { type: 'string', enum: ['In', 'NotIn', 'Exists', 'DoesNotExist'] },
    values: { type: 'array', items: STRING },
  },
  check: (req: { operator: string; values?: string[] | null }, path, sink) => {
    const n = (req.values ?? []).length;
    if ((req.operator === 'In' || req.operator === 'NotIn') && n === 0) {
      sink.required([...path, 'values'], "must be specified when `operator` is 'In' or 'NotIn'");
    }
    if ((req.operator === 'Exists' || req.operator === 'DoesNotExist') && n > 0) {
      sink.forbidden(
        [...path, 'values'],
        "may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
      );
    }
  },
};

/** A Cilium endpoint selector: a label selector whose keys may carry a source prefix. */
export const endpointSelectorSpec: FieldSpec = {
  type: 'object',
  fields: {
    matchLabels: {
      type: 'map',
      values: { type: 'string', check: (v: string, p, s) => reportAll(s, p, v, checkLabelValue(v)) },
      check: (labels: Record<string, unknown>, path, sink) => {
        for (const key of Object.keys(labels)) reportAll(sink, [...path, key], key, checkSourcedKey(key));
      },
    },
    matchExpressions: { type: 'array', items: requirementSpec },
  },
};

const CIDR_HINT = 'must be a valid CIDR or IP address (e.g. 10.9.0.0/16 or 192.0.2.1)';

function checkCidrText(value: string, path: FieldPath, sink: DiagnosticSink): void {
  if (!parseCidr(value) && !parseIp(value)) sink.invalid(path, value, CIDR_HINT);
  else lintCidrHostBits(value, path, sink);
}

const cidrSpec: FieldSpec = { type: 'string', check: checkCidrText };

const cidrRuleSpec: FieldSpec = {
  type: 'object',
  fields: {
    cidr: cidrSpec,
    cidrGroupRef: STRING,
    cidrGroupSelector: endpointSelectorSpec,
    except: { type: 'array', items: cidrSpec },
  },
  check: (
    rule: { cidr?: string; cidrGroupRef?: string; cidrGroupSelector?: unknown; except?: string[] },
    path,
    sink,
  ) => {
    const set = [rule.cidr, rule.cidrGroupRef, rule.cidrGroupSelector].filter(
      (x) => x !== undefined && x !== null,
    );
    if (set.length !== 1)
      sink.invalid(path, rule, 'exactly one of cidr, cidrGroupRef or cidrGroupSelector must be set');
    const outer = rule.cidr !== undefined ? parseCidr(rule.cidr) : undefined;
    (rule.except ?? []).forEach((e, i) => {
      const inner = parseCidr(e);
      if (outer && inner && !cidrWithin(inner, outer))
        sink.invalid([...path, 'except', i], e, `must be inside cidr ${rule.cidr ?? ''}`);
    });
  },
};

const fqdnSpec: FieldSpec = {
  type: 'object',
  fields: {
    matchName: { type: 'string', check: (v: string, p, s) => checkFqdn(v, p, s, fqdnNameProblem) },
    matchPattern: { type: 'string', check: (v: string, p, s) => checkFqdn(v, p, s, fqdnPatternProblem) },
  },
  check: (sel: { matchName?: string | null; matchPattern?: string | null }, path, sink) => {
    const n = [sel.matchName, sel.matchPattern].filter((x) => typeof x === 'string' && x !== '').length;
    if (n !== 1) sink.invalid(path, sel, 'must specify exactly one of matchName or matchPattern');
  },
};

function checkFqdn(
  value: string,
  path: FieldPath,
  sink: DiagnosticSink,
  problem: (v: string) => string | undefined,
): void {
  const why = problem(value);
  if (why !== undefined) sink.invalid(path, value, why);
}

const PORT_RE = /^\d+$/;

const portProtocolSpec: FieldSpec = {
  type: 'object',
  fields: {
    port: {
      type: 'string',
      check: (v: string, p, s) => {
        if (PORT_RE.test(v)) {
          if (Number(v) > 65535) s.invalid(p, v, 'must be between 0 and 65535, inclusive');
        } else reportAll(s, p, v, checkPortName(v));
      },
    },
    endPort: { type: 'integer', min: 0, max: 65535 },
    protocol: { type: 'string', enum: CILIUM_PROTOCOLS },
  },
  check: (pp: { port?: string | null; endPort?: number | null }, path, sink) => {
    if (pp.endPort === undefined || pp.endPort === null) return;
    if (pp.port === undefined || pp.port === null)
      sink.required([...path, 'port'], 'must be specified when endPort is specified');
    else if (!PORT_RE.test(pp.port))
      sink.invalid([...path, 'endPort'], pp.endPort, 'may not be specified when port is non-numeric');
    else if (pp.endPort < Number(pp.port))
      sink.invalid([...path, 'endPort'], pp.endPort, 'must be greater than or equal to port');
  },
};

const portRuleSpec: FieldSpec = {
  type: 'object',
  fields: {
    ports: { type: 'array', maxItems: 40, items: portProtocolSpec },
    rules: l7RulesSpec(fqdnSpec),
    serverNames: { type: 'array', items: STRING },
    terminatingTLS: ANY,
    originatingTLS: ANY,
    listener: ANY,
  },
  check: checkPortRuleL7,
};

const portDenyRuleSpec: FieldSpec = {
  type: 'object',
  fields: { ports: { type: 'array', maxItems: 40, items: portProtocolSpec } },
};

const SELECTORS: FieldSpec = { type: 'array', items: endpointSelectorSpec };

// https://docs.cilium.io/en/stable/security/policy/language/#services-based (CRD: K8sServiceNamespace,
// K8sServiceSelectorNamespace with a required selector)
const serviceSpec: FieldSpec = {
  type: 'object',
  fields: {
    k8sService: { type: 'object', fields: { serviceName: STRING, namespace: STRING } },
    k8sServiceSelector: {
      type: 'object',
      required: ['selector'],
      fields: { selector: endpointSelectorSpec, namespace: STRING },
    },
  },
};

function nonEmptyList(value: unknown): boolean {
  return Array.isArray(value) && value.length > 0;
}

function peerFields(dir: 'from' | 'to'): Record<string, FieldSpec> {
  return {
    [`${dir}Endpoints`]: SELECTORS,
    [`${dir}Requires`]: SELECTORS,
    [`${dir}CIDR`]: { type: 'array', items: cidrSpec },
    [`${dir}CIDRSet`]: { type: 'array', items: cidrRuleSpec },
    [`${dir}Entities`]: { type: 'array', items: { type: 'string', enum: CILIUM_ENTITIES } },
    [`${dir}Groups`]: ANY_LIST,
    [`${dir}Nodes`]: SELECTORS,
  };
}

/** Peer fields of which Cilium accepts at most one per rule. */
function l3Fields(dir: 'from' | 'to', egress: boolean): string[] {
  const base = ['Endpoints', 'CIDR', 'CIDRSet', 'Entities', 'Groups', 'Nodes'].map((f) => `${dir}${f}`);
  return egress ? [...base, 'toServices', 'toFQDNs'] : base;
}

// Cilium rejects rules that mix peer kinds ("Combining toEndpoints and toCIDR is not supported yet").
function checkL3Mix(fields: string[]) {
  return (rule: Record<string, unknown>, path: FieldPath, sink: DiagnosticSink): void => {
    const present = fields.filter((f) => Array.isArray(rule[f]) && rule[f].length > 0);
    const [first, second] = present;
    if (first !== undefined && second !== undefined) {
      sink.invalid([...path, second], rule[second], `combining ${first} and ${second} is not supported`);
    }
  };
}

function noDnsOnIngress(rule: Record<string, unknown>, path: FieldPath, sink: DiagnosticSink): void {
  const ports = Array.isArray(rule.toPorts) ? rule.toPorts : [];
  ports.forEach((pr: unknown, i) => {
    if (isObject(pr) && isObject(pr.rules) && pr.rules.dns !== undefined) {
      sink.forbidden([...path, 'toPorts', i, 'rules', 'dns'], 'DNS rules are only supported on egress');
    }
  });
}

function ruleSpec(section: 'ingress' | 'ingressDeny' | 'egress' | 'egressDeny'): FieldSpec {
  const egress = section.startsWith('egress');
  const deny = section.endsWith('Deny');
  const dir = egress ? 'to' : 'from';
  const fields: Record<string, FieldSpec> = {
    ...peerFields(dir),
    toPorts: { type: 'array', items: deny ? portDenyRuleSpec : portRuleSpec },
    icmps: ANY_LIST,
  };
  if (egress) fields.toServices = { type: 'array', items: serviceSpec };
  if (egress && !deny) fields.toFQDNs = { type: 'array', maxItems: 50, items: fqdnSpec };
  if (!deny) fields.authentication = ANY;
  const mix = checkL3Mix(l3Fields(dir, egress));
  return {
    type: 'object',
    fields,
    check: (rule: Record<string, unknown>, path, sink) => {
      mix(rule, path, sink);
      if (!egress) noDnsOnIngress(rule, path, sink);
      // https://docs.cilium.io/en/stable/security/policy/language/#limitations — the policy is rejected.
      if (egress && nonEmptyList(rule.toServices) && nonEmptyList(rule.toPorts))
        sink.invalid([...path, 'toPorts'], rule.toPorts, 'toServices cannot be combined with toPorts');
    },
  };
}

function ruleObjectSpec(clusterwide: boolean): FieldSpec {
  return {
    type: 'object',
    fields: {
      endpointSelector: endpointSelectorSpec,
      nodeSelector: endpointSelectorSpec,
      ingress: { type: 'array', items: ruleSpec('ingress') },
      ingressDeny: { type: 'array', items: ruleSpec('ingressDeny') },
      egress: { type: 'array', items: ruleSpec('egress') },
      egressDeny: { type: 'array', items: ruleSpec('egressDeny') },
      enableDefaultDeny: {
        type: 'object',
        fields: { ingress: { type: 'boolean' }, egress: { type: 'boolean' } },
      },
      labels: ANY_LIST,
      description: STRING,
      log: ANY,
    },
    check: (rule: Record<string, unknown>, path, sink) => {
      const hasEs = rule.endpointSelector !== undefined && rule.endpointSelector !== null;
      const hasNs = rule.nodeSelector !== undefined && rule.nodeSelector !== null;
      if (hasEs && hasNs)
        sink.forbidden([...path, 'nodeSelector'], 'may not be specified together with endpointSelector');
      else if (!hasEs && !hasNs)
        sink.required([...path, 'endpointSelector'], 'one of endpointSelector or nodeSelector must be set');
      else if (hasNs && !clusterwide)
        sink.forbidden([...path, 'nodeSelector'], 'only CiliumClusterwideNetworkPolicy may select nodes');
    },
  };
}

/** The top-level properties of the CiliumNetworkPolicy and CiliumClusterwideNetworkPolicy CRD schemas. */
export const CILIUM_TOP_LEVEL_FIELDS = ['apiVersion', 'kind', 'metadata', 'spec', 'specs', 'status'] as const;

/**
 * The field spec of a whole CiliumNetworkPolicy (or, with `clusterwide`, CiliumClusterwideNetworkPolicy).
 * The top level takes exactly the CRD's properties; anything else there (Cilium's own examples carry a
 * top-level `description`) is pruned by the API server, so it is a warning, not an error: the document
 * loads as it does in a cluster. Unknown fields below the top level stay errors (strict validation).
 */
export function ciliumPolicySpec(clusterwide: boolean): FieldSpec {
  const rule = ruleObjectSpec(clusterwide);
  const fields: Record<(typeof CILIUM_TOP_LEVEL_FIELDS)[number], FieldSpec> = {
    apiVersion: STRING,
    kind: STRING,
    metadata: objectMetaSpec(clusterwide ? 'cluster' : 'namespaced'),
    spec: rule,
    specs: { type: 'array', items: rule },
    status: ANY,
  };
  return {
    type: 'object',
    open: true,
    required: ['apiVersion', 'kind', 'metadata'],
    fields,
    check: (obj: Record<string, unknown>, path, sink) => {
      const hasSpec = isObject(obj.spec);
      const hasSpecs = Array.isArray(obj.specs) && obj.specs.length > 0;
      if (!hasSpec && !hasSpecs) sink.required([...path, 'spec'], 'one of spec or specs must be set');
      for (const key of Object.keys(obj))
        if (!Object.hasOwn(fields, key)) prunedTopLevel(key, obj, path, sink);
    },
  };
}

// https://kubernetes.io/docs/tasks/extend-kubernetes/custom-resources/custom-resource-definitions/#field-pruning
function prunedTopLevel(
  key: string,
  obj: Record<string, unknown>,
  path: FieldPath,
  sink: DiagnosticSink,
): void {
  const kind = typeof obj.kind === 'string' ? obj.kind : 'CiliumNetworkPolicy';
  const where =
    key === 'description'
      ? ' A description belongs in `spec.description` (or `specs[].description`), which the schema keeps.'
      : '';
  sink.warn(
    'cilium/pruned-field',
    [...path, key],
    `unknown field "${key}": the ${kind} schema has no top-level "${key}" (it takes ${CILIUM_TOP_LEVEL_FIELDS.join(', ')}), so the API server drops it and it has no effect`,
    `Remove \`${key}\`.${where}`,
  );
}

/** Validates a Cilium policy document like the API server (CRD schema) plus Cilium's own rule checks. */
export function validateCiliumPolicy(doc: SourceDoc, sink: DiagnosticSink, clusterwide: boolean): void {
  walkFields(ciliumPolicySpec(clusterwide), doc.value, [], sink);
  const value = doc.value as { metadata?: { labels?: unknown } };
  lintYaml11Values(value.metadata?.labels, ['metadata', 'labels'], sink, (p) => doc.isPlainScalar(p));
  lintMatchLabels(doc.value, [], sink, doc);
  if (!sink.hasErrors) lintFqdnWithoutDnsRule(doc.value, sink);
  if (!sink.hasErrors && !clusterwide) lintSubjectNamespace(doc.value, sink);
}

// https://docs.cilium.io/en/stable/security/policy/kubernetes/#namespaces — a CiliumNetworkPolicy's
// endpointSelector always applies in the policy's own namespace; a namespace named there is dropped.
function lintSubjectNamespace(value: unknown, sink: DiagnosticSink): void {
  const obj = value as { metadata?: { namespace?: string }; spec?: unknown; specs?: unknown[] };
  const own = obj.metadata?.namespace ?? 'default';
  const rules: [FieldPath, unknown][] = [];
  if (isObject(obj.spec)) rules.push([['spec'], obj.spec]);
  (Array.isArray(obj.specs) ? obj.specs : []).forEach((r, i) => rules.push([['specs', i], r]));
  for (const [path, rule] of rules) {
    const labels =
      isObject(rule) && isObject(rule.endpointSelector) ? rule.endpointSelector.matchLabels : undefined;
    if (!isObject(labels)) continue;
    for (const [key, v] of Object.entries(labels)) {
      if (splitSelectorKey(key).key !== NAMESPACE_LABEL || v === own) continue;
      sink.warn(
        'lint/cilium-subject-namespace',
        [...path, 'endpointSelector', 'matchLabels', key],
        `${key}: ${String(v)} is ignored: a CiliumNetworkPolicy only selects endpoints of its own namespace \`${own}\``,
        'Create the policy in that namespace, or use a CiliumClusterwideNetworkPolicy.',
      );
    }
  }
}

function lintMatchLabels(node: unknown, path: FieldPath, sink: DiagnosticSink, doc: SourceDoc): void {
  if (Array.isArray(node)) node.forEach((item, i) => lintMatchLabels(item, [...path, i], sink, doc));
  else if (isObject(node)) {
    for (const [key, child] of Object.entries(node)) {
      if (key === 'matchLabels') lintYaml11Values(child, [...path, key], sink, (p) => doc.isPlainScalar(p));
      else if (key !== 'metadata') lintMatchLabels(child, [...path, key], sink, doc);
    }
  }
}
