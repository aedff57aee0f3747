import { describe, expect, test } from 'vitest';
import { loadPolicies } from '../../../src/engine/index.ts';
import { loadScenario, scenarioFromText, splitFixture } from './scenario.ts';
import { readFileSync } from 'node:fs';

/** Lint codes from validation (static) and from the cluster-aware pass. */
const codes = (name: string) => {
  const s = loadScenario('cilium', name);
  return [...s.diagnostics, ...s.analysis.lint()].map((d) => d.code);
};

// https://docs.cilium.io/en/stable/security/dns/ — the DNS proxy must see a lookup before toFQDNs can match.
describe('Cilium lint', () => {
  test('toFQDNs without any DNS rule for the pod is the top pitfall', () => {
    const s = loadScenario('cilium', 'fqdn-without-dns-rule.yaml');
    const lint = [...s.diagnostics, ...s.analysis.lint()];
    expect(lint.filter((d) => d.code === 'lint/cilium-fqdn-without-dns')).toHaveLength(1);
    const hit = lint.find((d) => d.code === 'lint/cilium-fqdn-without-dns');
    expect(hit?.message).toMatch(/no DNS rule/);
    expect(hit?.fix).toMatch(/rules: \{dns/);
    expect(hit?.range?.line).toBeGreaterThan(1);
  });

  test('a DNS rule that is not DNS-aware still leaves toFQDNs blind', () => {
    expect(codes('dns-rule-without-proxy.yaml')).toContain('lint/cilium-fqdn-without-dns');
  });

  test('the documented DNS guide policies are clean', () => {
    expect(codes('dns-match-name.yaml')).toEqual([]);
    expect(codes('dns-match-pattern.yaml')).toEqual([]);
  });

  test('a DNS rule limited to other names does not cover a matchName', () => {
    const text = readFileSync(new URL('./fixtures/dns-match-name.yaml', import.meta.url), 'utf8').replace(
      /matchPattern: ['"]\*['"]/,
      'matchName: support.github.com',
    );
    const lint = scenarioFromText(text).analysis.lint();
    expect(lint.map((d) => d.code)).toContain('lint/cilium-fqdn-without-dns');
  });

  test('egress isolation that blocks DNS is reported', () => {
    const lint = loadScenario('cilium', 'empty-egress-rule-denies.yaml').analysis.lint();
    expect(lint.find((d) => d.code === 'lint/egress-without-dns')?.message).toMatch(/default\/web/);
  });

  test('a policy selecting no pod is reported', () => {
    const { cluster } = splitFixture(
      readFileSync(new URL('./fixtures/star-wars-l4.yaml', import.meta.url), 'utf8'),
    );
    const policy = `apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: {name: typo}\nspec:\n  endpointSelector: {matchLabels: {class: deathstra}}\n  ingress: [{fromEntities: [cluster]}]\n`;
    const scenario = scenarioFromText(`${cluster}\n---\n${policy}`);
    const lint = scenario.analysis.lint();
    expect(lint.map((d) => d.code)).toEqual(['lint/selects-no-pod']);
    const line = scenario.policiesText.split('\n').findIndex((l) => l.includes('endpointSelector')) + 1;
    expect(lint[0]?.range?.line).toBe(line);
  });

  test('without a cluster, the static form of the FQDN lint still fires', () => {
    const text = `apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: {name: p}\nspec:\n  endpointSelector: {}\n  egress:\n    - toFQDNs: [{matchName: a.example}]\n`;
    const { policies, diagnostics } = loadPolicies(text);
    expect(policies).toHaveLength(1);
    expect(diagnostics.map((d) => d.code)).toEqual(['lint/cilium-fqdn-without-dns']);
    expect(diagnostics[0]?.range?.line).toBe(7);
  });

  test('a CIDR block covering pod addresses is reported (Cilium CIDR rules never select pods)', () => {
    const s = loadScenario('cilium', 'cidr-set-except.yaml');
    const hit = s.analysis.lint().find((d) => d.code === 'lint/cilium-cidr-covers-pods');
    expect(hit?.message).toMatch(/^10\.0\.0\.0\/8 covers pod addresses/);
    expect(hit?.path).toBe('spec.egress[1].toCIDRSet[1]');
  });

  // https://docs.cilium.io/en/stable/security/policy/language/#default-deny — deny rules alone still
  // turn on default deny; the fix for a guardrail is enableDefaultDeny, not a DNS rule.
  const guard = (extra: string) =>
    `apiVersion: cilium.io/v2\nkind: CiliumClusterwideNetworkPolicy\nmetadata: {name: no-metadata}\nspec:\n  endpointSelector: {}\n  egressDeny:\n    - toCIDR: [169.254.169.254/32]\n${extra}`;
  const dnsWarning = (policy: string) => {
    const { cluster } = splitFixture(
      readFileSync(new URL('./fixtures/empty-egress-rule-denies.yaml', import.meta.url), 'utf8'),
    );
    return scenarioFromText(`${cluster}\n---\n${policy}`)
      .analysis.lint()
      .find((d) => d.code === 'lint/egress-without-dns');
  };

  test('a deny-only policy that isolates egress is told to set enableDefaultDeny, not to add a DNS rule', () => {
    const hit = dnsWarning(guard(''));
    expect(hit?.message).toMatch(/only `egressDeny` rules still turns on default deny/);
    expect(hit?.fix).toMatch(/enableDefaultDeny: \{egress: false\}/);
    expect(hit?.fix).not.toMatch(/rules: \{dns/);
    expect(hit?.path).toBe('spec.egressDeny');
  });

  test('with an empty egress rule beside the deny, the fix also says to remove it', () => {
    const hit = dnsWarning(guard('  egress:\n    - {}\n'));
    expect(hit?.fix).toMatch(/enableDefaultDeny: \{egress: false\}/);
    expect(hit?.fix).toMatch(/`egress: \[\{\}\]` allows nothing: remove it/);
  });

  test('the deny-only policy with enableDefaultDeny egress false raises no DNS warning', () => {
    expect(dnsWarning(guard('  enableDefaultDeny: {egress: false}\n'))).toBeUndefined();
  });

  test('a policy with allow rules and no FQDNs is told to allow port 53, without a DNS-proxy rule', () => {
    const hit = dnsWarning(
      'apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: {name: web, namespace: default}\nspec:\n  endpointSelector: {matchLabels: {app: web}}\n  egress:\n    - toEndpoints: [{matchLabels: {app: db}}]\n',
    );
    expect(hit?.fix).toMatch(/on port 53 with protocol ANY\.$/);
  });

  test('a CIDR with host bits set is a warning in toCIDR and toCIDRSet', () => {
    const text = `apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: {name: p, namespace: default}\nspec:\n  endpointSelector: {}\n  egress:\n    - toCIDR: [172.16.8.25/24]\n    - toCIDRSet: [{cidr: 192.168.0.0/16, except: [192.168.2.3/24]}]\n`;
    const { policies, diagnostics } = loadPolicies(text);
    expect(policies).toHaveLength(1);
    expect(diagnostics.map((d) => [d.code, d.path, d.severity])).toEqual([
      ['lint/cidr-host-bits', 'spec.egress[0].toCIDR[0]', 'warning'],
      ['lint/cidr-host-bits', 'spec.egress[1].toCIDRSet[0].except[0]', 'warning'],
    ]);
    expect(diagnostics[0]?.fix).toBe(
      'For that one address write `172.16.8.25/32`; for the network write `172.16.8.0/24`.',
    );
  });
});
