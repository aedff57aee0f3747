import { describe, expect, test } from 'vitest';
import { loadPolicies } from '../../../src/engine/index.ts';

function expectDiagnostic(yaml: string, want: { code: string; line: number; message?: RegExp }): void {
  const { diagnostics, policies } = loadPolicies(yaml);
  const hit = diagnostics.find((d) => d.code === want.code && d.range?.line === want.line);
  expect(hit, JSON.stringify(diagnostics, null, 1)).toBeDefined();
  if (want.message) expect(hit?.message).toMatch(want.message);
  expect(policies).toHaveLength(0);
}

const cnp = (spec: string) =>
  `apiVersion: policy.networking.k8s.io/v1alpha2\nkind: ClusterNetworkPolicy\nmetadata: {name: p}\nspec:\n${spec}`;
const anp = (spec: string, kind = 'AdminNetworkPolicy', name = 'p') =>
  `apiVersion: policy.networking.k8s.io/v1alpha1\nkind: ${kind}\nmetadata: {name: ${name}}\nspec:\n${spec}`;
const base = '  tier: Admin\n  priority: 1\n  subject: {namespaces: {}}\n';

// https://network-policy-api.sigs.k8s.io/reference/spec/ (CRD schema and CEL rules)
describe('ClusterNetworkPolicy validation', () => {
  test.each([
    [
      'missing tier',
      cnp('  priority: 1\n  subject: {namespaces: {}}'),
      'required',
      5,
      /spec.tier: Required value/,
    ],
    [
      'bad tier',
      cnp('  tier: Developer\n  priority: 1\n  subject: {namespaces: {}}'),
      'unsupported-value',
      5,
      /"Admin", "Baseline"/,
    ],
    [
      'priority out of range',
      cnp('  tier: Admin\n  priority: 1001\n  subject: {namespaces: {}}'),
      'invalid-value',
      6,
      /between 0 and 1000/,
    ],
    [
      'subject with two fields',
      cnp('  tier: Admin\n  priority: 1\n  subject: {namespaces: {}, pods: {podSelector: {}}}'),
      'invalid-value',
      7,
      /exactly one/,
    ],
    [
      'v1alpha1 action word',
      cnp(`${base}  ingress:\n    - action: Allow\n      from: [{namespaces: {}}]`),
      'unsupported-value',
      9,
      /"Accept"/,
    ],
    [
      'empty from',
      cnp(`${base}  ingress:\n    - action: Deny\n      from: []`),
      'required',
      10,
      /at least 1/,
    ],
    [
      'domainNames in a Deny rule',
      cnp(`${base}  egress:\n    - action: Deny\n      to: [{domainNames: [example.com]}]`),
      'forbidden',
      10,
      /only be used in Accept/,
    ],
    [
      'bad domain name',
      cnp(`${base}  egress:\n    - action: Accept\n      to: [{domainNames: ["*example.com"]}]`),
      'invalid-value',
      10,
      /domain name/,
    ],
    [
      'named port towards networks',
      cnp(
        `${base}  egress:\n    - action: Accept\n      to: [{networks: [10.0.0.0/8]}]\n      protocols: [{destinationNamedPort: http}]`,
      ),
      'invalid-value',
      9,
      /namedPorts/,
    ],
    [
      'range start not below end',
      cnp(
        `${base}  egress:\n    - action: Accept\n      to: [{namespaces: {}}]\n      protocols: [{tcp: {destinationPort: {range: {start: 90, end: 80}}}}]`,
      ),
      'invalid-value',
      11,
      /Start port must be less than End port/,
    ],
    [
      'bad network CIDR',
      cnp(`${base}  egress:\n    - action: Deny\n      to: [{networks: [10.0.0.0]}]`),
      'invalid-value',
      10,
      /CIDR/,
    ],
    ['unknown field', cnp(`${base}  ingres: []`), 'unknown-field', 8, /spec.ingres/],
  ])('%s', (_, yaml, code, line, message) => {
    expectDiagnostic(yaml, { code, line, message });
  });
});

describe('AdminNetworkPolicy and BaselineAdminNetworkPolicy validation', () => {
  test.each([
    ['ANP without priority', anp('  subject: {namespaces: {}}'), 'required', 5, /spec.priority/],
    [
      'ANP Accept is v1alpha2 wording',
      anp(
        '  priority: 1\n  subject: {namespaces: {}}\n  ingress:\n    - action: Accept\n      from: [{namespaces: {}}]',
      ),
      'unsupported-value',
      8,
      /"Allow", "Deny", "Pass"/,
    ],
    [
      'ANP port with two fields',
      anp(
        '  priority: 1\n  subject: {namespaces: {}}\n  egress:\n    - action: Deny\n      to: [{namespaces: {}}]\n      ports: [{namedPort: http, portNumber: {protocol: TCP, port: 80}}]',
      ),
      'invalid-value',
      10,
      /exactly one/,
    ],
    [
      'BANP with another name',
      anp('  subject: {namespaces: {}}', 'BaselineAdminNetworkPolicy', 'strict'),
      'invalid-value',
      3,
      /metadata.name="default"/,
    ],
    [
      'BANP has no Pass',
      anp(
        '  subject: {namespaces: {}}\n  ingress:\n    - action: Pass\n      from: [{namespaces: {}}]',
        'BaselineAdminNetworkPolicy',
        'default',
      ),
      'unsupported-value',
      7,
      /"Allow", "Deny"/,
    ],
  ])('%s', (_, yaml, code, line, message) => {
    expectDiagnostic(yaml, { code, line, message });
  });
});
