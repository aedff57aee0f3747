import { describe, expect, test } from 'vitest';
import {
  evaluateFlow,
  explainFlow,
  renderExplanation,
  type ExplanationSection,
  type Flow,
  type FlowVerdict,
} from '../../../src/engine/index.ts';
import { loadScenario } from './scenario.ts';

const flow = (from: string, to: string, port: number, protocol: Flow['protocol'] = 'TCP'): Flow => ({
  from,
  to,
  port,
  protocol,
});

function sectionOf(v: FlowVerdict, kind: ExplanationSection['kind']): ExplanationSection | undefined {
  return explainFlow(v).sections.find((x) => x.kind === kind);
}

// Explanations are the effects made readable; each reason points back at the policy text.
describe('Cilium explanations', () => {
  test('egress: [{}] says it denies, unlike NetworkPolicy v1', () => {
    const s = loadScenario('cilium', 'empty-egress-rule-denies.yaml');
    const v = evaluateFlow(s.analysis, flow('default/web', 'internet', 443));
    expect(v.egress.decision).toBe('default-deny');
    const text = renderExplanation(explainFlow(v));
    expect(text).toContain(
      'egress[0] is an empty rule `{}`: in Cilium it selects no peer, so it allows nothing',
    );
    const effect = v.egress.effects[0];
    const tried = effect?.kind === 'no-match' ? effect.tried : [];
    expect(tried.map((t) => t.miss)).toEqual([{ code: 'never', never: 'empty-cilium-rule' }]);
    const line = s.policiesText.split('\n').findIndex((l) => l.trim() === '- {}') + 1;
    expect(tried[0]?.rule.range?.line).toBe(line);
  });

  test('a deny names the deny rule and wins in the chain', () => {
    const s = loadScenario('cilium', 'deny-beats-allow.yaml');
    const v = evaluateFlow(s.analysis, flow('default/web', 'default/db', 5432));
    expect(sectionOf(v, 'egress')?.chain).toBe('[CiliumNetworkPolicy default/no-postgres] Deny');
    const deny = v.egress.effects[v.egress.decidedBy];
    expect(deny?.kind === 'match' && [deny.action, deny.rule.path]).toEqual(['deny', 'egressDeny[0]']);
  });

  test('toFQDNs without a DNS rule: the lookup is what fails', () => {
    const s = loadScenario('cilium', 'fqdn-without-dns-rule.yaml');
    const v = evaluateFlow(s.analysis, flow('default/mediabot', 'api-github', 443));
    expect(v.outcome).toBe('resolving-timed-out');
    expect(v.dns?.allowed).toBe(false);
    const misses = v.egress.effects.flatMap((e) => (e.kind === 'no-match' ? e.tried : []));
    expect(misses.flatMap((t) => (t.miss.code === 'peer' ? t.miss.misses : []))).toContainEqual({
      code: 'fqdn-not-observed',
      name: 'api.github.com',
    });
    expect(renderExplanation(explainFlow(v))).toMatch(/did not pass a DNS rule/);
  });

  test('a DNS-aware rule makes the name visible and toFQDNs matches', () => {
    const s = loadScenario('cilium', 'dns-match-name.yaml');
    const v = evaluateFlow(s.analysis, flow('default/mediabot', 'api-github', 443));
    expect(v.dns?.fqdnVisible).toBe(true);
    const match = v.egress.effects[v.egress.decidedBy];
    expect(match?.kind === 'match' && match.hit).toEqual({ code: 'fqdn', name: 'api.github.com' });
    expect(renderExplanation(explainFlow(v))).toContain(
      '`api.github.com` was resolved through the DNS proxy',
    );
  });

  test('CIDR rules say they never select pods', () => {
    const s = loadScenario('cilium', 'cidr-set-except.yaml');
    const v = evaluateFlow(s.analysis, flow('default/web', 'default/db', 5432));
    expect(renderExplanation(explainFlow(v))).toMatch(/toCIDR(Set)?\[0\] never selects pods in Cilium/);
  });

  test('a namespaced selector explains the namespace it is limited to', () => {
    const s = loadScenario('cilium', 'namespaces.yaml');
    const v = evaluateFlow(s.analysis, flow('monitoring/prom', 'default/db', 5432));
    expect(renderExplanation(explainFlow(v))).toContain('namespace is `monitoring`, not `default`');
  });
});
