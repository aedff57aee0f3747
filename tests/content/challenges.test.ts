import { describe, expect, test } from 'vitest';
import {
  checkChallenge,
  proveChallenge,
  summarizeFlow,
  type ChallengeCheck,
} from '../../src/engine/index.ts';
import { loadChallenges, loadScenarios } from './load.ts';

const scenarios = loadScenarios();
const challenges = loadChallenges();

// Allows every connection in and out of every namespace of the scenario: a too-broad answer.
function allowAll(namespaces: readonly string[]): string {
  return namespaces
    .map(
      (ns) => `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: allow-all, namespace: ${ns} }
spec:
  podSelector: {}
  policyTypes: [Ingress, Egress]
  ingress: [{}]
  egress: [{}]
`,
    )
    .join('---\n');
}

function failures(check: ChallengeCheck): string[] {
  return [
    ...check.diagnostics.filter((d) => d.severity === 'error').map((d) => `error: ${d.message}`),
    ...check.goals
      .filter((g) => !g.passed)
      .map(
        (g) =>
          `goal ${g.index}: ${g.flow.from} → ${g.flow.to}:${g.flow.port}/${g.flow.protocol} is ${g.actual} (${summarizeFlow(g.verdict)})`,
      ),
    ...check.constraints.filter((c) => !c.passed).map((c) => `constraint ${c.label}: ${c.message}`),
  ];
}

test('there are at least 33 challenges, at least 3 per lesson folder', () => {
  expect(challenges.length).toBeGreaterThanOrEqual(33);
  const perLesson = new Map<string, number>();
  for (const c of challenges)
    perLesson.set(c.id.split('/')[0] ?? '', (perLesson.get(c.id.split('/')[0] ?? '') ?? 0) + 1);
  for (const [lesson, count] of perLesson) expect(count, lesson).toBeGreaterThanOrEqual(3);
});

test('every classic mistake (field notes 1-12) is taught by at least one challenge', () => {
  const taught = new Set(challenges.map((c) => c.challenge.mistake).filter((m) => m !== undefined));
  expect([...taught].sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
});

describe.each(challenges)('$id', ({ challenge, file }) => {
  const cluster = scenarios.get(challenge.scenario);

  test('names an existing scenario, existing endpoints, and both allowed and denied goals', () => {
    expect(cluster, `${file}: unknown scenario ${challenge.scenario}`).toBeDefined();
    const ids = new Set([
      ...(cluster?.pods ?? []).map((p) => `${p.namespace}/${p.name}`),
      ...(cluster?.externals ?? []).map((e) => e.name),
    ]);
    // A goal may call a Service by the name a pod writes: `name.namespace.svc` (the lookup comes first).
    const serviceNames = new Set(
      (cluster?.services ?? []).flatMap((s) => [
        `${s.name}.${s.namespace}.svc`,
        `${s.name}.${s.namespace}.svc.cluster.local`,
      ]),
    );
    for (const goal of challenge.goals) {
      expect(ids.has(goal.from), `${file}: unknown endpoint ${goal.from}`).toBe(true);
      expect(ids.has(goal.to) || serviceNames.has(goal.to), `${file}: unknown endpoint ${goal.to}`).toBe(
        true,
      );
    }
    expect(challenge.goals.some((g) => g.expect === 'allow')).toBe(true);
    expect(challenge.goals.some((g) => g.expect === 'deny')).toBe(true);
  });

  test.each([false, true])(
    'the solution passes every goal and constraint (ipBlockMatchesPods: %s)',
    (ipBlockMatchesPods) => {
      if (!cluster) return;
      const check = checkChallenge(challenge, cluster, challenge.solution, {
        engine: { ipBlockMatchesPods },
      });
      expect(failures(check)).toEqual([]);
      expect(check.solved).toBe(true);
    },
  );

  test('the starter fails at least one goal', () => {
    if (!cluster) return;
    const check = checkChallenge(challenge, cluster, challenge.starter);
    expect(check.passedGoals).toBeLessThan(check.goals.length);
  });

  test('every pitfall is accepted by the API server and fails at least one goal', () => {
    if (!cluster) return;
    expect(challenge.pitfalls?.length ?? 0, `${file}: no pitfalls`).toBeGreaterThan(0);
    for (const pitfall of challenge.pitfalls ?? []) {
      const check = checkChallenge(challenge, cluster, pitfall.policies);
      expect(
        check.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message),
        pitfall.mistake,
      ).toEqual([]);
      expect(check.passedGoals, pitfall.mistake).toBeLessThan(check.goals.length);
      expect(check.solved, pitfall.mistake).toBe(false);
    }
  });

  test('an allow-all policy set fails', () => {
    if (!cluster) return;
    const check = checkChallenge(challenge, cluster, allowAll(cluster.namespaces.map((n) => n.name)));
    expect(check.solved).toBe(false);
    expect(check.passedGoals).toBeLessThan(check.goals.length);
  });
});

test('proveChallenge (what the build runs) finds no problem in any challenge', () => {
  const problems = challenges.flatMap(({ file, challenge }) => {
    const cluster = scenarios.get(challenge.scenario);
    return cluster
      ? proveChallenge(challenge, cluster).map((p) => `${file}: ${p}`)
      : [`${file}: unknown scenario`];
  });
  expect(problems).toEqual([]);
});

test('the DNS trap: the frontend’s call by Service name fails at the lookup until DNS is allowed', () => {
  const found = challenges.find((c) => c.id === 'egress-and-dns/the-dns-trap');
  const cluster = scenarios.get('shop');
  if (!found || !cluster) throw new Error('the DNS trap or the shop scenario is missing');
  const first = (text: string) => checkChallenge(found.challenge, cluster, text).goals[0];
  const starter = first(found.challenge.starter);
  expect(starter?.flow.to).toBe('product-search.search.svc');
  expect(starter?.verdict.outcome).toBe('resolving-timed-out');
  expect(starter?.verdict.egress.allowed).toBe(true);
  expect(summarizeFlow(starter?.verdict ?? (undefined as never))).toContain(
    'could not resolve product-search.search.svc.cluster.local',
  );
  const solved = first(found.challenge.solution);
  expect(solved?.passed).toBe(true);
  expect(solved?.verdict.dns?.allowed).toBe(true);
});
