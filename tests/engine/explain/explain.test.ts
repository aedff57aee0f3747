import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import {
  explainFlow,
  explanationLines,
  renderExplanation,
  summarizeFlow,
  type ExplanationSection,
  type FlowVerdict,
} from '../../../src/engine/index.ts';
import { ruleMissText } from '../../../src/engine/explain/words.ts';
import { analysisOf, chainOf } from '../helpers.ts';

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

function section(v: FlowVerdict, kind: ExplanationSection['kind']): ExplanationSection | undefined {
  return explainFlow(v).sections.find((s) => s.kind === kind);
}

describe('explanations', () => {
  const analysis = analysisOf(clusterYaml, policies);

  test('say why each rule of a selecting policy missed, as codes with their source lines', () => {
    const v = analysis.evaluateFlow({ from: 'x/a', to: 'y/a', port: 8080, protocol: 'TCP' });
    expect(v.allowed).toBe(false);
    const effect = v.ingress.effects[0];
    expect(effect?.kind).toBe('no-match');
    const tried = effect?.kind === 'no-match' ? effect.tried : [];
    expect(tried.map((t) => [t.rule.path, t.miss])).toEqual([
      [
        'ingress[0]',
        {
          code: 'peer',
          misses: [
            {
              code: 'namespace-labels',
              namespace: 'x',
              miss: { key: 'team', operator: 'In', values: ['search'], actual: 'blue' },
            },
          ],
        },
      ],
      [
        'ingress[1]',
        { code: 'peer', misses: [{ code: 'not-in-own-namespace', namespace: 'y', actual: 'x' }] },
      ],
    ]);
    expect(tried.map((t) => t.rule.range?.line)).toEqual([7, 9]);
    expect(
      section(v, 'ingress')
        ?.lines.slice(1)
        .map((l) => [l.text, l.range?.line]),
    ).toEqual([
      ['ingress[0]: namespace `x` has `team=blue`, not `team=search`', 7],
      [
        "ingress[1]: `x/a` is not in namespace `y` (a podSelector alone only selects pods of the policy's namespace)",
        9,
      ],
    ]);
    expect(summarizeFlow(v)).toBe(
      'Denied: `x/a` → `y/a` 8080/TCP. Ingress: `y/a` is isolated for ingress by NetworkPolicy `y/allow-search` and no ingress rule matches.',
    );
  });

  test('name the port when the peer matched but the port did not', () => {
    const v = analysis.evaluateFlow({ from: 'y/b', to: 'y/a', port: 8080, protocol: 'TCP' });
    const effect = v.ingress.effects[0];
    const miss = effect?.kind === 'no-match' ? effect.tried[1] : undefined;
    expect(miss?.miss).toEqual({ code: 'port', named: false });
    expect(section(v, 'ingress')?.lines[2]?.text).toBe(
      'ingress[1]: port 8080/TCP not in its ports [9000/TCP]',
    );
  });

  test('name the rule, peer and port that allowed a flow, pointing at their lines', () => {
    const v = analysis.evaluateFlow({ from: 'y/b', to: 'y/a', port: 9000, protocol: 'TCP' });
    expect(v.allowed).toBe(true);
    const effect = v.ingress.effects[v.ingress.decidedBy];
    expect(effect?.kind === 'match' && [effect.action, effect.rule.path, effect.peer, effect.port]).toEqual([
      'allow',
      'ingress[1]',
      0,
      0,
    ]);
    expect(section(v, 'ingress')?.lines.map((l) => [l.text, l.range?.line])).toEqual([
      ['NetworkPolicy y/allow-search: allow by ingress[1]', 9],
      ['source `y/b` matches ingress[1].from[0] (pods `pod=b` in namespace `y`)', 10],
      ['port 9000/TCP matches ingress[1].ports[0] (9000/TCP)', 12],
    ]);
    expect(chainOf(v, 'ingress')).toBe('[NetworkPolicy y/allow-search] Allow');
  });

  test('say that no policy selects the subject, and which policies of its namespace came close', () => {
    const v = analysis.evaluateFlow({ from: 'y/a', to: 'y/b', port: 80, protocol: 'TCP' });
    expect(v.ingress.decision).toBe('not-selected');
    expect(v.ingress.unselected.map((e) => e.kind === 'not-selected' && e.why[0]?.code)).toEqual([
      'subject-labels',
    ]);
    const text = renderExplanation(explainFlow(v));
    expect(text).toContain('no policy selects `y/b` for ingress, so it is not isolated');
    expect(text).toContain('podSelector: `y/b` has `pod=b`, not `pod=a`');
  });

  test('render the steps as sections: DNS lookup, egress, ingress', () => {
    const v = analysis.evaluateFlow({ from: 'x/a', to: 'payments', port: 443, protocol: 'TCP' });
    const explanation = explainFlow(v);
    expect(explanation.headline).toBe('x/a → payments 443/TCP: ALLOWED (connected)');
    expect(explanation.sections.map((s) => [s.kind, s.title, s.allowed])).toEqual([
      ['dns', 'DNS lookup of api.payments.example via `kube-system/coredns`', true],
      ['egress', 'egress of `x/a`', true],
      ['ingress', 'ingress of `payments`', true],
    ]);
    const lines = explanationLines(explanation).map((l) => l.text);
    expect(lines).toContain('DNS lookup of api.payments.example via `kube-system/coredns`: allowed');
  });

  test('every rule miss has words', () => {
    const v = analysis.evaluateFlow({ from: 'x/a', to: 'y/a', port: 8080, protocol: 'TCP' });
    const effect = v.ingress.effects[0];
    const tried = effect?.kind === 'no-match' ? effect.tried : [];
    const ctx = {
      direction: 'ingress',
      subject: 'y/a',
      peer: 'x/a',
      peerAddress: undefined,
      port: 8080,
      protocol: 'TCP',
    } as const;
    for (const t of tried) expect(ruleMissText(t.rule, t.miss, ctx)).toMatch(/^ingress\[\d\]: .+/);
  });
});

describe('explanations of what surprises learners', () => {
  const cluster = `apiVersion: v1
kind: Namespace
metadata: {name: shop}
---
apiVersion: v1
kind: Namespace
metadata: {name: lab, labels: {env: test}}
---
apiVersion: v1
kind: Pod
metadata: {name: web, namespace: shop, labels: {app: web}}
status: {podIP: 10.0.0.1}
---
apiVersion: v1
kind: Pod
metadata: {name: db, namespace: shop, labels: {app: db}}
status: {podIP: 10.0.0.2}`;

  test('a NotIn that matched because the label is missing says so', () => {
    const policy = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: not-from-test, namespace: shop}
spec:
  podSelector: {matchLabels: {app: db}}
  ingress:
  - from:
    - namespaceSelector: {matchExpressions: [{key: env, operator: NotIn, values: [test]}]}`;
    const v = analysisOf(cluster, policy).evaluateFlow({
      from: 'shop/web',
      to: 'shop/db',
      port: 80,
      protocol: 'TCP',
    });
    const effect = v.ingress.effects[v.ingress.decidedBy];
    expect(effect?.kind === 'match' && effect.hit).toEqual({
      code: 'selector',
      absent: [{ on: 'namespace', key: 'env', operator: 'NotIn' }],
    });
    expect(renderExplanation(explainFlow(v))).toContain(
      'its namespace has no label `env`, so `env NotIn` holds',
    );
  });

  test('a Baseline policy behind an isolating NetworkPolicy is named as not consulted', () => {
    const policies = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: isolate-db, namespace: shop}
spec: {podSelector: {matchLabels: {app: db}}}
---
apiVersion: policy.networking.k8s.io/v1alpha1
kind: BaselineAdminNetworkPolicy
metadata: {name: default}
spec:
  subject: {namespaces: {}}
  ingress: [{action: Allow, from: [{namespaces: {}}]}]`;
    const v = analysisOf(cluster, policies).evaluateFlow({
      from: 'shop/web',
      to: 'shop/db',
      port: 80,
      protocol: 'TCP',
    });
    expect(v.ingress.decision).toBe('default-deny');
    expect(v.ingress.notConsulted?.map((n) => [n.tier, n.policy.kind, n.policy.name])).toEqual([
      ['baseline', 'BaselineAdminNetworkPolicy', 'default'],
    ]);
    expect(renderExplanation(explainFlow(v))).toContain(
      'not consulted: Baseline BaselineAdminNetworkPolicy default (the pod is isolated, so the NetworkPolicy tier decided)',
    );
    // Where the eyes are: the step's one-sentence decision names the Baseline policy too.
    expect(section(v, 'ingress')?.decision).toBe(
      '`shop/db` is isolated for ingress by NetworkPolicy `shop/isolate-db` and no ingress rule matches, so the Baseline (cluster-wide baseline tier) policy BaselineAdminNetworkPolicy `default` was not consulted',
    );
  });

  test('a NotIn that matched on a label that is present says which value it has', () => {
    const policy = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: not-from-api, namespace: shop}
spec:
  podSelector: {matchLabels: {app: db}}
  ingress:
  - from:
    - podSelector: {matchExpressions: [{key: app, operator: NotIn, values: [api, batch]}]}`;
    const v = analysisOf(cluster, policy).evaluateFlow({
      from: 'shop/web',
      to: 'shop/db',
      port: 80,
      protocol: 'TCP',
    });
    expect(renderExplanation(explainFlow(v))).toContain(
      'it has `app=web`, and `web` is not one of `api`, `batch`',
    );
  });

  const passAll = `apiVersion: policy.networking.k8s.io/v1alpha2
kind: ClusterNetworkPolicy
metadata: {name: hand-to-teams}
spec:
  tier: Admin
  priority: 10
  subject: {namespaces: {}}
  ingress: [{name: teams-decide, action: Pass, from: [{namespaces: {}}]}]`;

  test('a pod an Admin policy selected and passed on is never said to be selected by no policy', () => {
    const v = analysisOf(cluster, passAll).evaluateFlow({
      from: 'shop/web',
      to: 'shop/db',
      port: 80,
      protocol: 'TCP',
    });
    expect(v.ingress.allowed).toBe(true);
    const ingress = section(v, 'ingress');
    expect(ingress?.decision).toBe(
      'ClusterNetworkPolicy `hand-to-teams` passed it on (Pass), and no policy isolates `shop/db` for ingress: ingress allowed',
    );
    const said = [explainFlow(v).summary, ingress?.decision, ...(ingress?.lines ?? []).map((l) => l.text)];
    expect(said.filter((t) => t?.includes('no policy selects `shop/db`'))).toEqual([]);
  });

  test('the verdict is stated once, in words; the tier chain stays in the command line text', () => {
    const analysis = analysisOf(cluster, passAll);
    const allowed = explainFlow(
      analysis.evaluateFlow({ from: 'shop/web', to: 'shop/db', port: 80, protocol: 'TCP' }),
    );
    expect(allowed.verdict).toBe('Allowed: `shop/web` → `shop/db` 80/TCP.');
    expect(renderExplanation(allowed)).toContain('chain: [Admin ClusterNetworkPolicy hand-to-teams] Pass');
    const isolate = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: isolate-db, namespace: shop}
spec: {podSelector: {matchLabels: {app: db}}}`;
    const denied = explainFlow(
      analysisOf(cluster, isolate).evaluateFlow({
        from: 'shop/web',
        to: 'shop/db',
        port: 80,
        protocol: 'TCP',
      }),
    );
    expect(denied.verdict).toBe(
      'Denied at the ingress of `shop/db`: `shop/web` → `shop/db` 80/TCP (connection timed out).',
    );
  });
});
