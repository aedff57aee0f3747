import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { evaluateFlow, explainFlow, renderExplanation } from '../../../src/engine/index.ts';
import { loadScenario, scenarioFromText } from '../cilium/scenario.ts';
import { chainOf, explanationText } from '../helpers.ts';

const hogwarts = readFileSync(new URL('./cluster/hogwarts.yaml', import.meta.url), 'utf8');
const G = 'network-policy-conformance-gryffindor';
const S = 'network-policy-conformance-slytherin';

// https://network-policy-api.sigs.k8s.io/api-overview/ — explanations show the chain across tiers.
describe('cluster-wide tier explanations', () => {
  test('Pass, then the NetworkPolicy tier decides', () => {
    const s = loadScenario('cluster-policy', 'cnp-pass-to-networkpolicy.yaml', hogwarts);
    const v = evaluateFlow(s.analysis, {
      from: `${S}/draco-malfoy-0`,
      to: `${G}/harry-potter-0`,
      port: 80,
      protocol: 'TCP',
    });
    expect(chainOf(v, 'ingress')).toBe(
      `[Admin ClusterNetworkPolicy pass-example] Pass → [NetworkPolicy ${G}/allow-gress-from-to-slytherin-to-gryffindor] Allow`,
    );
    const pass = v.ingress.effects.find((e) => e.kind === 'match' && e.action === 'pass');
    expect(pass?.kind === 'match' && [pass.rule.path, pass.rule.name]).toEqual([
      'ingress[0]',
      'pass-all-ingress-from-slytherin',
    ]);
    expect(explanationText(v)).toContain('`pass-all-ingress-from-slytherin`');
  });

  test('Pass with nothing below: Baseline decides', () => {
    const s = loadScenario('cluster-policy', 'cnp-baseline-without-networkpolicy.yaml', hogwarts);
    const v = evaluateFlow(s.analysis, {
      from: `${S}/draco-malfoy-0`,
      to: `${G}/harry-potter-0`,
      port: 80,
      protocol: 'TCP',
    });
    expect(chainOf(v, 'ingress')).toBe(
      '[Admin ClusterNetworkPolicy pass-example] Pass → [Baseline ClusterNetworkPolicy default] Deny',
    );
  });

  test('the first matching rule in order decides, and its reasons say why', () => {
    const s = loadScenario('cluster-policy', 'anp-gress-rules-combined.yaml', hogwarts);
    const v = evaluateFlow(s.analysis, {
      from: `${G}/harry-potter-0`,
      to: `${S}/draco-malfoy-0`,
      port: 80,
      protocol: 'TCP',
    });
    const text = renderExplanation(explainFlow(v));
    expect(text).toContain('AdminNetworkPolicy gress-rules: deny by egress[2]');
    expect(chainOf(v, 'egress')).toBe('[Admin AdminNetworkPolicy gress-rules] Deny');
  });

  test('domainNames explain which names missed', () => {
    const s = loadScenario('cluster-policy', 'cnp-domain-names-and-networks.yaml', hogwarts);
    const v = evaluateFlow(s.analysis, {
      from: `${G}/harry-potter-0`,
      to: 'kubernetes-io',
      port: 443,
      protocol: 'TCP',
    });
    expect(v.outcome).toBe('connection-timed-out');
    expect(renderExplanation(explainFlow(v))).toContain(
      'no DNS name of `kubernetes-io` (kubernetes.io) is in domainNames [*.kubernetes.io]',
    );
  });
});

describe('cluster-wide lint', () => {
  test('a subject matching no pod is reported', () => {
    const text = `apiVersion: policy.networking.k8s.io/v1alpha2\nkind: ClusterNetworkPolicy\nmetadata: {name: typo}\nspec:\n  tier: Admin\n  priority: 1\n  subject:\n    namespaces: {matchLabels: {conformance-house: griffindor}}\n  ingress: [{action: Deny, from: [{namespaces: {}}]}]\n`;
    const s = scenarioFromText(text, hogwarts);
    expect(s.analysis.lint().map((d) => d.code)).toEqual(['lint/selects-no-pod']);
  });

  test('two policies of one tier at the same priority are both reported, naming each other', () => {
    const text = readFileSync(join(import.meta.dirname, 'lint', 'same-priority.yaml'), 'utf8');
    const lint = scenarioFromText(text, hogwarts).analysis.lint();
    const same = lint.filter((d) => d.code === 'lint/same-priority');
    expect(same.map((d) => [d.path, d.severity, d.range?.line])).toEqual([
      ['spec.priority', 'warning', 7],
      ['spec.priority', 'warning', 19],
    ]);
    expect(same[0]?.message).toContain('like AdminNetworkPolicy allow-slytherin');
    expect(same[1]?.message).toContain('like ClusterNetworkPolicy deny-slytherin');
    // The Baseline tier at the same number is another order.
    expect(same.some((d) => d.message.includes('baseline-ten'))).toBe(false);
  });

  test('policies that select pods are not reported', () => {
    const lint = loadScenario('cluster-policy', 'cnp-pass-to-networkpolicy.yaml', hogwarts).analysis.lint();
    expect(lint.map((d) => d.code)).not.toContain('lint/selects-no-pod');
  });
});
