import type { DiagnosticSink } from '../model/diagnostic.ts';
import type { FieldPath } from '../model/source.ts';
import type { FieldSpec } from './field-spec.ts';
import {
  checkDns1123Label,
  checkDns1123Subdomain,
  checkLabelKey,
  checkLabelValue,
  isYaml11Ambiguous,
} from './k8s-names.ts';
import type { LabelSelectorRequirementSpec } from '../model/policy.ts';
import { PROTOCOLS } from '../model/types.ts';

/** Reports each message of a syntax check as an `Invalid value`. */
export function reportAll(
  sink: DiagnosticSink,
  path: FieldPath,
  value: unknown,
  errors: readonly string[],
): void {
  for (const error of errors) sink.invalid(path, value, error);
}

const ANY: FieldSpec = { type: 'any' };
const STRING: FieldSpec = { type: 'string' };

/** A core API `protocol` field; the API server lists the supported values sorted (`"SCTP", "TCP", "UDP"`). */
export const protocolSpec: FieldSpec = { type: 'string', enum: [...PROTOCOLS].sort() };

/** A label value: string syntax, plus a lint when YAML 1.1 tools would read the plain scalar differently. */
export const labelValueSpec: FieldSpec = {
  type: 'string',
  check: (value: string, path, sink) => reportAll(sink, path, value, checkLabelValue(value)),
};

/** `metadata.labels` (and `matchLabels`): label keys and values. */
export const labelsSpec: FieldSpec = {
  type: 'map',
  values: labelValueSpec,
  check: (value: Record<string, unknown>, path, sink) => {
    for (const key of Object.keys(value)) reportAll(sink, [...path, key], key, checkLabelKey(key));
  },
};

/** Warns about plain label values such as `yes` or `on` that YAML 1.1 tools (kubectl's older parsers) read as booleans. */
export function lintYaml11Values(
  labels: unknown,
  path: FieldPath,
  sink: DiagnosticSink,
  isPlain: (path: FieldPath) => boolean,
): void {
  if (typeof labels !== 'object' || labels === null) return;
  for (const [key, value] of Object.entries(labels as Record<string, unknown>)) {
    if (typeof value === 'string' && isPlain([...path, key]) && isYaml11Ambiguous(value)) {
      sink.warn(
        'lint/yaml11-label-value',
        [...path, key],
        `${key}: ${value} is read as a string here but as a boolean or number by YAML 1.1 tools, which then reject the label`,
        `Quote the value: ${key}: "${value}".`,
      );
    }
  }
}

// https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#resources-that-support-set-based-requirements
const requirementSpec: FieldSpec = {
  type: 'object',
  required: ['key', 'operator'],
  fields: { key: STRING, operator: { type: 'string' }, values: { type: 'array', items: labelValueSpec } },
  check: (req: LabelSelectorRequirementSpec, path, sink) => {
    reportAll(sink, [...path, 'key'], req.key, checkLabelKey(req.key));
    const values = req.values ?? [];
    switch (req.operator) {
      case 'In':
      case 'NotIn':
        if (values.length === 0)
          sink.required([...path, 'values'], "must be specified when `operator` is 'In' or 'NotIn'");
        break;
      case 'Exists':
      case 'DoesNotExist':
        if (values.length > 0)
          sink.forbidden(
            [...path, 'values'],
            "may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
          );
        break;
      default:
        sink.invalid([...path, 'operator'], req.operator, 'not a valid selector operator');
    }
  },
};

/** `metav1.LabelSelector`. */
export const labelSelectorSpec: FieldSpec = {
  type: 'object',
  fields: { matchLabels: labelsSpec, matchExpressions: { type: 'array', items: requirementSpec } },
};

/** `metadata` of a namespaced object; fields the API server manages are accepted and ignored. */
export function objectMetaSpec(scope: 'namespaced' | 'cluster'): FieldSpec {
  const managed = [
    'generateName',
    'selfLink',
    'uid',
    'resourceVersion',
    'generation',
    'creationTimestamp',
    'deletionTimestamp',
    'deletionGracePeriodSeconds',
    'annotations',
    'ownerReferences',
    'finalizers',
    'managedFields',
  ];
  return {
    type: 'object',
    required: ['name'],
    fields: {
      ...Object.fromEntries(managed.map((k) => [k, ANY])),
      name: { type: 'string', check: (v: string, p, s) => reportAll(s, p, v, checkDns1123Subdomain(v)) },
      namespace: {
        type: 'string',
        check: (v: string, p, s) => reportAll(s, p, v, scope === 'cluster' ? [] : checkDns1123Label(v)),
      },
      labels: labelsSpec,
    },
  };
}
