import { describe, expect, test } from 'vitest';
import type { Effect, Flow } from '../../../src/engine/index.ts';
import { loadScenario } from './scenario.ts';

// What the verdict and its explanation say about HTTP rules: codes first, then the words that name them.
const rules = loadScenario('cilium', 'http-headers-and-anchors.yaml');
const merged = loadScenario('cilium', 'http-rules-merge-and-deny.yaml');

const toService = (http?: Flow['http']): Flow => ({
  from: 'default/client',
  to: 'default/service',
  port: 80,
  protocol: 'TCP',
  ...(http ? { http } : {}),
});

function deciding(effects: readonly Effect[], index: number): Extract<Effect, { kind: 'match' }> {
  const effect = effects[index];
  if (effect?.kind !== 'match') throw new Error(`no matching effect: ${JSON.stringify(effect)}`);
  return effect;
}

describe('HTTP rules in verdicts and explanations', () => {
  test('an admitted request names the HTTP rule index that matched', () => {
    const verdict = rules.analysis.evaluateFlow(
      toService({ method: 'PUT', path: '/path2', headers: { 'X-My-Header': 'true' } }),
    );
    const effect = deciding(verdict.ingress.effects, verdict.ingress.decidedBy);
    expect(effect.l7).toMatchObject({ kind: 'admitted', index: 1 });
    const section = rules.analysis.explain(verdict.flow).sections.find((s) => s.kind === 'ingress');
    expect(section?.decision).toBe(
      'allowed by CiliumNetworkPolicy `default/l7-rule` rule ingress[0] on port 80/TCP, HTTP rule ingress[0].toPorts[0].rules.http[1] (method `PUT`, path `/path2$`, headers `X-My-Header: true`)',
    );
  });

  test('a refused request lists every HTTP rule with why it missed', () => {
    const verdict = rules.analysis.evaluateFlow(toService({ method: 'PUT', path: '/path2' }));
    expect(verdict.ingress.decision).toBe('request-denied');
    const effect = deciding(verdict.ingress.effects, verdict.ingress.decidedBy);
    expect(effect.l7?.kind).toBe('rejected');
    const misses = effect.l7?.kind === 'rejected' ? effect.l7.holds.flatMap((h) => h.misses ?? []) : [];
    expect(misses.map((m) => m.field)).toEqual(['method', 'header']);
    const text = rules.analysis.explain(verdict.flow).sections.flatMap((s) => s.lines.map((l) => l.text));
    expect(text).toContain(
      'ingress[0].toPorts[0].rules.http[0] (method `GET`, path `/path1$`): method `PUT` does not match `GET`',
    );
    expect(text).toContain(
      'ingress[0].toPorts[0].rules.http[1] (method `PUT`, path `/path2$`, headers `X-My-Header: true`): header `X-My-Header` is missing (`X-My-Header: true`)',
    );
    expect(rules.analysis.explain(verdict.flow).summary).toMatch(
      /^Denied \(HTTP 403\): .* PUT \/path2\. Ingress: /,
    );
  });

  test('a connection without a request is allowed, says its requests are filtered, and lists the rules', () => {
    const verdict = rules.analysis.evaluateFlow(toService());
    expect([verdict.allowed, verdict.outcome, verdict.ingress.decision]).toEqual([
      true,
      'requests-filtered',
      'requests-filtered',
    ]);
    const explanation = rules.analysis.explain(verdict.flow);
    expect(explanation.headline).toBe(
      'default/client → default/service 80/TCP: ALLOWED (connected; each request filtered by HTTP rules)',
    );
    const lines = explanation.sections.flatMap((s) => s.lines);
    const listed = lines.filter((l) => /rules\.http\[\d\] \(/.test(l.text));
    expect(listed).toHaveLength(2);
    // Each listed rule points at its place in the policy text.
    expect(listed.map((l) => l.range?.line)).toEqual([expect.any(Number), expect.any(Number)]);
  });

  test('HTTP rules of two policies: the refused request lists both policies, the egress rule refuses first', () => {
    const flow: Flow = {
      from: 'default/reader',
      to: 'default/store',
      port: 80,
      protocol: 'TCP',
      http: { method: 'DELETE', path: '/items' },
    };
    const verdict = merged.analysis.evaluateFlow(flow);
    expect([verdict.egress.decision, verdict.ingress.decision]).toEqual(['request-denied', 'request-denied']);
    const names = verdict.ingress.effects.map((e) => e.policy.name);
    expect(names).toEqual(['allow-get', 'allow-post']);
    expect(merged.analysis.explain(flow).summary).toContain(
      'Egress: the connection is allowed by CiliumNetworkPolicy `default/reader-only-reads`',
    );
  });

  test('the chain says the request was refused at L7, not dropped', () => {
    const explanation = rules.analysis.explain(toService({ method: 'DELETE', path: '/path1' }));
    const ingress = explanation.sections.find((s) => s.kind === 'ingress');
    expect(ingress?.chain).toBe(
      '[CiliumNetworkPolicy default/l7-rule] Allow connection, request refused (HTTP 403)',
    );
  });
});
