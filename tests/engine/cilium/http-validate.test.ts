import { describe, expect, test } from 'vitest';
import { loadPolicies } from '../../../src/engine/index.ts';

/** A policy whose ingress rule has one toPorts entry: `entry` is that entry's YAML, indented under `- `. */
const policy = (entry: string): string =>
  [
    'apiVersion: cilium.io/v2',
    'kind: CiliumNetworkPolicy',
    'metadata: {name: api, namespace: shop}',
    'spec:',
    '  endpointSelector: {matchLabels: {app: api}}',
    '  ingress:',
    '    - toPorts:',
    `        - ${entry.trim().split('\n').join('\n          ')}`,
  ].join('\n');

const TCP80 = 'ports: [{port: "80", protocol: TCP}]';

// Cilium's PortRuleHTTP.Sanitize and PortRule.sanitize, worded like the API server.
// https://docs.cilium.io/en/stable/security/policy/layer7/
describe('validation of HTTP rules', () => {
  test.each([
    [
      'a path that is not a regular expression, at its line',
      `${TCP80}\nrules:\n  http:\n    - method: GET\n      path: "/v1/(dock"`,
      {
        code: 'invalid-value',
        line: 12,
        message: /path: Invalid value: "\/v1\/\(dock": error parsing regexp: missing closing \)/,
      },
    ],
    [
      'a method that is not a regular expression',
      `${TCP80}\nrules:\n  http:\n    - method: "GET|*"`,
      {
        code: 'invalid-value',
        line: 11,
        message: /method: Invalid value: .*missing argument to repetition operator/,
      },
    ],
    [
      'a host with Perl-only syntax RE2 rejects',
      `${TCP80}\nrules:\n  http:\n    - host: "(?=api).*"`,
      {
        code: 'invalid-value',
        line: 11,
        message: /host: Invalid value: .*invalid or unsupported Perl syntax/,
      },
    ],
    [
      'headerMatches without a name',
      `${TCP80}\nrules:\n  http:\n    - headerMatches:\n        - {value: blue}`,
      { code: 'required', line: 12, message: /headerMatches\[0\]\.name: Required value/ },
    ],
    [
      'an unknown mismatch action',
      `${TCP80}\nrules:\n  http:\n    - headerMatches:\n        - {name: X-Team, value: blue, mismatch: IGNORE}`,
      {
        code: 'unsupported-value',
        line: 12,
        message: /mismatch: Unsupported value: "IGNORE": supported values: "LOG", "ADD", "DELETE", "REPLACE"/,
      },
    ],
    [
      'HTTP rules on a port without protocol TCP',
      'ports: [{port: "80"}]\nrules:\n  http: [{method: GET}]',
      {
        code: 'invalid-value',
        line: 8,
        message: /L7 rules can only apply to TCP \(not ANY\) except for DNS rules/,
      },
    ],
    [
      'HTTP rules on UDP',
      'ports: [{port: "80", protocol: UDP}]\nrules:\n  http: [{method: GET}]',
      { code: 'invalid-value', line: 8, message: /not UDP/ },
    ],
    [
      'HTTP rules on port 0',
      'ports: [{port: "0", protocol: TCP}]\nrules:\n  http: [{method: GET}]',
      { code: 'invalid-value', line: 8, message: /L7 rules can not be used when a port is 0/ },
    ],
    [
      'HTTP and Kafka rules in one entry',
      `${TCP80}\nrules:\n  http: [{method: GET}]\n  kafka: [{topic: t}]`,
      {
        code: 'invalid-value',
        line: 11,
        message: /multiple L7 protocol rule types specified in single rule/,
      },
    ],
    [
      'an unknown field in an HTTP rule',
      `${TCP80}\nrules:\n  http:\n    - methods: GET`,
      { code: 'unknown-field', line: 11, message: /unknown field ".*http\[0\]\.methods"/ },
    ],
  ])('%s', (_, entry, want) => {
    const { diagnostics, policies } = loadPolicies(policy(entry));
    const hit = diagnostics.find((d) => d.code === want.code && d.range?.line === want.line);
    expect(hit, JSON.stringify(diagnostics, null, 1)).toBeDefined();
    expect(hit?.message).toMatch(want.message);
    expect(hit?.severity).toBe('error');
    expect(policies).toHaveLength(0);
  });

  test('a headers entry without a space after its colon is a lint warning, and the policy loads', () => {
    const { diagnostics, policies } = loadPolicies(
      policy(`${TCP80}\nrules:\n  http:\n    - headers: ["X-Token:abc"]`),
    );
    const hit = diagnostics.find((d) => d.code === 'lint/cilium-http-header-no-space');
    expect(hit?.range?.line).toBe(11);
    expect(hit?.fix).toContain('X-Token: abc');
    expect(policies).toHaveLength(1);
  });

  test('a path without its leading slash is a lint warning', () => {
    const { diagnostics } = loadPolicies(policy(`${TCP80}\nrules:\n  http:\n    - path: v1/dock`));
    const hit = diagnostics.find((d) => d.code === 'lint/cilium-http-path-relative');
    expect(hit?.range?.line).toBe(11);
    expect(hit?.fix).toContain('/v1/dock');
  });

  test('valid HTTP rules load without diagnostics', () => {
    const { diagnostics, policies } = loadPolicies(
      policy(
        `${TCP80}\nrules:\n  http:\n    - {method: "GET|HEAD", path: "/v1/.*", host: "api\\\\.example\\\\.com", headers: ["X-Token: abc", "X-Trace"]}\n    - headerMatches: [{name: X-Team, value: blue, mismatch: LOG}, {name: Authorization, secret: {namespace: shop, name: token}}]\n    - {}`,
      ),
    );
    expect(diagnostics).toEqual([]);
    expect(policies).toHaveLength(1);
  });

  test('deny rules carry no L7 rules', () => {
    const text =
      policy(`${TCP80}`).replace('  ingress:', '  ingressDeny:') +
      '\n          rules: {http: [{method: GET}]}';
    const { diagnostics } = loadPolicies(text);
    expect(diagnostics.some((d) => d.code === 'unknown-field' && d.message.includes('rules'))).toBe(true);
  });
});
