import { expect, test } from 'vitest';
import { checkChallenge, type Challenge } from '../../src/engine/index.ts';
import { loadChallenges, loadScenarios } from './load.ts';

const shop = loadScenarios().get('shop');
const byId = new Map(loadChallenges().map((c) => [c.id, c.challenge]));

function challenge(id: string): Challenge {
  const c = byId.get(id);
  if (!c) throw new Error(`no challenge ${id}`);
  return c;
}

const dbFromAnyone = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: db, namespace: data }
spec:
  podSelector: {}
  policyTypes: [Ingress]
  ingress:
    - from: [{ namespaceSelector: {} }]
      ports: [{ port: 5432 }]
`;

test('goals are checked by outcome and carry the engine verdict', () => {
  if (!shop) throw new Error('no shop');
  const check = checkChallenge(challenge('why-network-policy/lock-the-database'), shop, dbFromAnyone);
  const frontend = check.goals.find(
    (g) => g.flow.from === 'storefront/frontend' && g.flow.to === 'data/product-db',
  );
  expect(frontend?.actual).toBe('allow');
  expect(frontend?.passed).toBe(false);
  expect(frontend?.verdict.allowed).toBe(true);
  expect(check.solved).toBe(false);
});

test('onlyAllowedInto lists the extra sources that get in', () => {
  if (!shop) throw new Error('no shop');
  const check = checkChallenge(challenge('capstone/blast-radius-search'), shop, dbFromAnyone);
  const only = check.constraints.find((c) => c.kind === 'onlyAllowedInto');
  expect(only?.passed).toBe(false);
  expect(only?.message).toMatch(/Also allowed: .*storefront\/frontend → 5432\/TCP/);
});

test('forbidFields, maxPolicies and allowedKinds report what broke them', () => {
  if (!shop) throw new Error('no shop');
  const podIp = checkChallenge(challenge('cidrs/pod-ip-trap'), shop, challenge('cidrs/pod-ip-trap').starter);
  expect(podIp.constraints.find((c) => c.kind === 'forbidFields')?.message).toBe(
    'The policies use `ipBlock`.',
  );
  const two = checkChallenge(
    challenge('ports-and-protocols/named-port-egress'),
    shop,
    `${dbFromAnyone}---\n${dbFromAnyone.replace('name: db', 'name: db2')}`,
  );
  expect(two.constraints.find((c) => c.kind === 'maxPolicies')?.message).toBe('You have 2 policies.');
  const kinds = checkChallenge(challenge('dns-aware-egress/tofqdns-needs-dns'), shop, dbFromAnyone);
  expect(kinds.constraints.find((c) => c.kind === 'allowedKinds')?.message).toBe(
    'The policies include NetworkPolicy.',
  );
});

test('a text with errors is never solved, and bad YAML does not throw', () => {
  if (!shop) throw new Error('no shop');
  const c = challenge('troubleshooting/typo-in-a-field');
  expect(checkChallenge(c, shop, c.starter).solved).toBe(false);
  const broken = checkChallenge(c, shop, 'kind: [unclosed');
  expect(broken.solved).toBe(false);
  expect(broken.diagnostics.some((d) => d.severity === 'error')).toBe(true);
});

test('a pitfall that solves the challenge, and an expected lint the solution never raises, are proof problems', async () => {
  if (!shop) throw new Error('no shop');
  const { proveChallenge } = await import('../../src/engine/index.ts');
  const base = challenge('why-network-policy/lock-the-database');
  const problems = proveChallenge(
    {
      ...base,
      pitfalls: [
        { mistake: 'the reference solution itself', policies: base.solution },
        { mistake: 'no policy at all', policies: '' },
        { mistake: 'a typo the API server rejects', policies: 'kind: [unclosed' },
      ],
      expectedLint: ['lint/no-such-code'],
    },
    shop,
  );
  expect(problems).toEqual([
    'pitfalls.0: "the reference solution itself" passes every goal, so the goals do not catch that mistake',
    expect.stringMatching(/^pitfalls\.2: "a typo the API server rejects" has errors \(/),
    'expectedLint.0: the solution does not raise `lint/no-such-code`; drop it from expectedLint',
  ]);
});

test('a course challenge must list its pitfalls; an uploaded challenge file need not', async () => {
  const { readChallenge } = await import('../../src/engine/index.ts');
  const text = `title: T
scenario: shop
task: Do it.
solution: 'kind: x'
goals:
  - { from: a, to: b, port: 80, expect: allow }
  - { from: a, to: b, port: 81, expect: deny }
hints: [h]
`;
  expect(readChallenge(text).ok).toBe(true);
  const course = readChallenge(text, { file: 'content/challenges/x/t.yaml', course: true });
  expect(course.ok).toBe(false);
  if (!course.ok)
    expect(course.message).toBe(
      'content/challenges/x/t.yaml: pitfalls: a course challenge lists at least one pitfall (a wrong answer it must reject)',
    );
});
