import { describe, expect, test } from 'vitest';
import { loadPolicies } from '../../../src/engine/index.ts';

/** Expects a diagnostic with this code on this line (1-based), and returns its message. */
function expectDiagnostic(yaml: string, want: { code: string; line: number; message?: RegExp }): void {
  const { diagnostics, policies } = loadPolicies(yaml);
  const hit = diagnostics.find((d) => d.code === want.code && d.range?.line === want.line);
  expect(hit, JSON.stringify(diagnostics, null, 1)).toBeDefined();
  if (want.message) expect(hit?.message).toMatch(want.message);
  if (hit?.severity === 'error') expect(policies).toHaveLength(0);
}

const head = (spec: string, kind = 'CiliumNetworkPolicy') =>
  `apiVersion: cilium.io/v2\nkind: ${kind}\nmetadata: {name: p, namespace: default}\nspec:\n${spec}`;

// https://docs.cilium.io/en/stable/security/policy/language/ and the cilium.io/v2 CRD schema
describe('CiliumNetworkPolicy validation', () => {
  test.each([
    [
      'unknown field (typo)',
      head('  endpointSelector: {}\n  ingres:\n    - {}'),
      'unknown-field',
      6,
      /unknown field "spec.ingres"/,
    ],
    [
      'port written as a number',
      head('  endpointSelector: {}\n  egress:\n    - toPorts:\n        - ports: [{port: 80}]'),
      'invalid-type',
      8,
      /expected string, got integer/,
    ],
    [
      'port out of range',
      head('  endpointSelector: {}\n  egress:\n    - toPorts:\n        - ports: [{port: "70000"}]'),
      'invalid-value',
      8,
      /between 0 and 65535/,
    ],
    [
      'endPort below port',
      head('  endpointSelector: {}\n  egress:\n    - toPorts:\n        - ports: [{port: "80", endPort: 79}]'),
      'invalid-value',
      8,
      /greater than or equal to port/,
    ],
    [
      'bad protocol',
      head(
        '  endpointSelector: {}\n  egress:\n    - toPorts:\n        - ports: [{port: "80", protocol: HTTP}]',
      ),
      'unsupported-value',
      8,
      /supported values/,
    ],
    [
      'bad entity',
      head('  endpointSelector: {}\n  egress:\n    - toEntities: [internet]'),
      'unsupported-value',
      7,
      /"world"/,
    ],
    [
      'bad CIDR',
      head('  endpointSelector: {}\n  egress:\n    - toCIDR: [10.0.0.0/33]'),
      'invalid-value',
      7,
      /CIDR/,
    ],
    [
      'except outside cidr',
      head(
        '  endpointSelector: {}\n  egress:\n    - toCIDRSet:\n        - cidr: 10.0.0.0/8\n          except: [192.168.0.0/16]',
      ),
      'invalid-value',
      9,
      /inside cidr/,
    ],
    [
      'bad matchPattern',
      head('  endpointSelector: {}\n  egress:\n    - toFQDNs:\n        - matchPattern: "api.(github).com"'),
      'invalid-value',
      8,
      /allowed/,
    ],
    [
      'both matchName and matchPattern',
      head(
        '  endpointSelector: {}\n  egress:\n    - toFQDNs:\n        - {matchName: a.com, matchPattern: "*.a.com"}',
      ),
      'invalid-value',
      8,
      /exactly one/,
    ],
    [
      'mixed peer kinds',
      head('  endpointSelector: {}\n  egress:\n    - toEndpoints: [{}]\n      toCIDR: [10.0.0.0/8]'),
      'invalid-value',
      8,
      /combining toEndpoints and toCIDR/,
    ],
    [
      'DNS rules on ingress',
      head(
        '  endpointSelector: {}\n  ingress:\n    - toPorts:\n        - ports: [{port: "53"}]\n          rules: {dns: [{matchPattern: "*"}]}',
      ),
      'forbidden',
      9,
      /only supported on egress/,
    ],
    [
      'bad selector key',
      head('  endpointSelector:\n    matchLabels: {"k8s:bad key": x}'),
      'invalid-value',
      6,
      /bad key/,
    ],
    ['no selector', head('  ingress: [{}]'), 'required', 5, /endpointSelector/],
    [
      'nodeSelector in a namespaced policy',
      head('  nodeSelector: {}\n  ingress: [{}]'),
      'forbidden',
      5,
      /Clusterwide/,
    ],
    [
      'toFQDNs in a deny rule',
      head('  endpointSelector: {}\n  egressDeny:\n    - toFQDNs: [{matchName: a.com}]'),
      'unknown-field',
      7,
      /toFQDNs/,
    ],
  ])('%s', (_, yaml, code, line, message) => {
    expectDiagnostic(yaml, { code, line, message });
  });

  test('a namespace in a namespaced endpointSelector is reported as ignored', () => {
    const yaml = head(
      '  endpointSelector:\n    matchLabels: {"k8s:io.kubernetes.pod.namespace": other}\n  ingress: [{}]',
    );
    const { diagnostics, policies } = loadPolicies(yaml);
    expect(policies).toHaveLength(1);
    expect(diagnostics.map((d) => [d.code, d.range?.line])).toEqual([['lint/cilium-subject-namespace', 6]]);
  });

  test('neither spec nor specs', () => {
    expectDiagnostic('apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: {name: p}\n', {
      code: 'required',
      line: 1,
    });
  });

  test('a valid policy loads with its namespace, and the clusterwide kind without one', () => {
    const ok = loadPolicies(head('  endpointSelector: {}\n  egress:\n    - toEntities: [world]'));
    expect(ok.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(ok.policies[0]?.namespace).toBe('default');
    const ccnp = loadPolicies(
      head('  endpointSelector: {}\n  egress: [{}]', 'CiliumClusterwideNetworkPolicy'),
    );
    expect(ccnp.policies[0]?.namespace).toBeUndefined();
    expect(ccnp.policies[0]?.kind).toBe('CiliumClusterwideNetworkPolicy');
  });
});

describe('a misplaced field says where it belongs', () => {
  test('`rules:` one level too shallow: move it under `toPorts[0]`', () => {
    const text = head(
      '  endpointSelector: {}\n  egress:\n    - toEndpoints: [{matchLabels: {k8s-app: kube-dns}}]\n      toPorts:\n        - ports: [{port: "53", protocol: ANY}]\n      rules:\n        dns: [{matchPattern: "*"}]',
    );
    const hit = loadPolicies(text).diagnostics.find((d) => d.code === 'unknown-field');
    expect(hit?.path).toBe('spec.egress[0].rules');
    expect(hit?.fix).toBe('`rules` belongs one level down: move it under `toPorts[0]`.');
  });

  test('a label written directly under endpointSelector: put it under `matchLabels`', () => {
    const hit = loadPolicies(head('  endpointSelector:\n    app: web\n  ingress: [{}]')).diagnostics.find(
      (d) => d.code === 'unknown-field',
    );
    expect(hit?.fix).toMatch(/^`app: web` is a label: put it under `matchLabels`/);
  });
});
