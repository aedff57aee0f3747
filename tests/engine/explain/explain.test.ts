import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { explainFlow, renderExplanation } from '../../../src/engine/index.ts';
import { analysisOf } from '../helpers.ts';

const clusterYaml = readFileSync(join(import.meta.dirname, '../evaluate/cluster.yaml'), 'utf8');

const policies = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: allow-search, namespace: y}
spec:
  podSelector: {matchLabels: {pod: a}}
  ingress:
  - from:
    - namespaceSelector: {matchLabels: {team: search}}
  - from:
    - podSelector: {matchLabels: {pod: b}}
    ports:
    - port: 9000`;

describe('explanations', () => {
  const analysis = analysisOf(clusterYaml, policies);

  test('say why each rule of a selecting policy missed, with source lines', () => {
    const v = analysis.evaluateFlow({ from: 'x/a', to: 'y/a', port: 8080, protocol: 'TCP' });
    expect(v.allowed).toBe(false);
    const effect = v.ingress.effects[0];
    expect(effect?.kind).toBe('no-match');
    const reasons = effect?.reasons ?? [];
    expect(reasons.map((r) => r.text)).toEqual([
      'ingress[0]: namespace `x` has `team=blue`, not `team=search`',
      "ingress[1]: `x/a` is not in namespace `y` (a podSelector alone only selects pods of the policy's namespace)",
    ]);
    expect(reasons.map((r) => r.range?.line)).toEqual([7, 9]);
    expect(v.summary).toBe(
      'Denied: `x/a` → `y/a` 8080/TCP. Ingress: `y/a` is isolated for ingress by NetworkPolicy `y/allow-search` and no ingress rule matches.',
    );
  });

  test('name the port when the peer matched but the port did not', () => {
    const v = analysis.evaluateFlow({ from: 'y/b', to: 'y/a', port: 8080, protocol: 'TCP' });
    const reasons = v.ingress.effects[0]?.reasons.map((r) => r.text) ?? [];
    expect(reasons[1]).toBe('ingress[1]: port 8080/TCP not in its ports [9000/TCP]');
  });

  test('name the rule, peer and port that allowed a flow, pointing at their lines', () => {
    const v = analysis.evaluateFlow({ from: 'y/b', to: 'y/a', port: 9000, protocol: 'TCP' });
    expect(v.allowed).toBe(true);
    const effect = v.ingress.effects[0];
    expect(effect).toMatchObject({
      kind: 'match',
      action: 'allow',
      rulePath: 'ingress[1]',
      range: { line: 9 },
    });
    expect(effect?.reasons.map((r) => [r.text, r.range?.line])).toEqual([
      ['source `y/b` matches ingress[1].from[0] (pods `pod=b` in namespace `y`)', 10],
      ['port 9000/TCP matches ingress[1].ports[0] (9000/TCP)', 12],
    ]);
    expect(v.ingress.chain).toBe('[NetworkPolicy y/allow-search] Allow');
  });

  test('say when the subject is not isolated', () => {
    const v = analysis.evaluateFlow({ from: 'y/a', to: 'x/b', port: 80, protocol: 'TCP' });
    expect(v.egress.decision).toBe('not-isolated');
    const text = renderExplanation(explainFlow(v));
    expect(text).toContain('no policy selects `x/b` for ingress, so it is not isolated');
  });

  test('render both directions and the DNS step in plain words', () => {
    const v = analysis.evaluateFlow({ from: 'x/a', to: 'payments', port: 443, protocol: 'TCP' });
    const lines = explainFlow(v);
    expect(lines[0]?.text).toBe('x/a → payments 443/TCP: ALLOWED (connected)');
    expect(lines.map((l) => l.text)).toContain(
      'DNS lookup of api.payments.example via `kube-system/coredns`: allowed',
    );
    expect(lines.some((l) => l.text.startsWith('egress of `x/a`'))).toBe(true);
    expect(lines.some((l) => l.text.startsWith('ingress of `payments`'))).toBe(true);
  });
});
