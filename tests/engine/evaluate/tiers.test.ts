import { describe, expect, test } from 'vitest';
import {
  analyze,
  type Direction,
  type PodView,
  type PolicyTarget,
  type Tier,
} from '../../../src/engine/index.ts';
import { orderTargets, tierOrder } from '../../../src/engine/evaluate/combine.ts';
import { chainOf, cluster } from '../helpers.ts';

// The combiner only sees PolicyTargets: these hand-made targets stand in for the cluster-wide kinds.
const model = cluster(`apiVersion: v1
kind: Pod
metadata: {name: a, namespace: x, labels: {pod: a}}
---
apiVersion: v1
kind: Pod
metadata: {name: b, namespace: x, labels: {pod: b}}`);

function target(
  name: string,
  tier: Tier,
  priority: number,
  action: 'allow' | 'deny' | 'pass' | 'none',
  isolates = true,
): PolicyTarget {
  const ref = {
    kind: tier === 'namespaced' ? 'NetworkPolicy' : 'ClusterNetworkPolicy',
    name,
    namespace: 'x',
  } as const;
  const selects = (subject: PodView, direction: Direction): boolean =>
    subject.pod.name === 'b' && direction === 'ingress';
  const rules =
    action === 'none'
      ? []
      : [{ path: 'ingress[0]', action, peerField: 'from', peers: undefined, ports: undefined }];
  return {
    ref,
    tier,
    priority,
    selects,
    whyNotSelected: () => [],
    isolates: () => isolates,
    rules: () => rules,
    cidrs: [],
  };
}

function verdictWith(targets: PolicyTarget[]): {
  allowed: boolean;
  decision: string;
  chain: string;
  matrix: boolean;
} {
  const analysis = analyze(model, []);
  const withTargets = analyze(model, []);
  Object.assign(withTargets, {
    targets,
    classes: analysis.classes.map((c) => {
      const ingress = orderTargets(targets.filter((t) => t.selects(c.representative as PodView, 'ingress')));
      return {
        ...c,
        selecting: { ingress, egress: [] },
        tiers: {
          ingress: tierOrder(ingress, (t) => t.isolates(c.representative as PodView, 'ingress')),
          egress: tierOrder([], () => false),
        },
      };
    }),
  });
  const v = withTargets.evaluateFlow({ from: 'x/a', to: 'x/b', port: 80, protocol: 'TCP' });
  const m = withTargets.matrix([{ port: 80, protocol: 'TCP' }]);
  return {
    allowed: v.allowed,
    decision: v.ingress.decision,
    chain: chainOf(v, 'ingress') ?? '',
    matrix: m.allowed(0, 1),
  };
}

describe('tiers: admin → namespaced → baseline → default allow', () => {
  test.each([
    [
      'admin allow wins over a namespaced default deny',
      [target('adm', 'admin', 1, 'allow'), target('np', 'namespaced', 0, 'none')],
      true,
      'allowed-by-rule',
    ],
    [
      'admin deny wins over a namespaced allow',
      [target('adm', 'admin', 1, 'deny'), target('np', 'namespaced', 0, 'allow')],
      false,
      'denied-by-rule',
    ],
    [
      'lower priority number is evaluated first',
      [target('late', 'admin', 9, 'allow'), target('early', 'admin', 2, 'deny')],
      false,
      'denied-by-rule',
    ],
    [
      'pass skips to the namespaced tier',
      [
        target('adm', 'admin', 1, 'pass'),
        target('later', 'admin', 5, 'deny'),
        target('np', 'namespaced', 0, 'allow'),
      ],
      true,
      'allowed-by-rule',
    ],
    [
      'pass with no lower-tier policy behaves as no policy',
      [target('adm', 'admin', 1, 'pass')],
      true,
      'no-tier-decided',
    ],
    [
      'namespaced: a deny wins over an allow',
      [target('np1', 'namespaced', 0, 'allow'), target('np2', 'namespaced', 0, 'deny')],
      false,
      'denied-by-rule',
    ],
    [
      'an isolated pod gets its final answer in the namespaced tier',
      [target('np', 'namespaced', 0, 'none'), target('base', 'baseline', 1, 'allow')],
      false,
      'default-deny',
    ],
    [
      'a non-isolating namespaced target leaves the pod to baseline',
      [target('cnp', 'namespaced', 0, 'none', false), target('base', 'baseline', 1, 'deny')],
      false,
      'denied-by-rule',
    ],
    [
      'baseline applies to pods no namespaced policy selects',
      [target('base', 'baseline', 1, 'deny')],
      false,
      'denied-by-rule',
    ],
  ] as const)('%s', (_name, targets, allowed, decision) => {
    const v = verdictWith([...targets]);
    expect(v.allowed).toBe(allowed);
    expect(v.decision).toBe(decision);
    expect(v.matrix).toBe(allowed);
  });

  test('the chain names each step', () => {
    const v = verdictWith([
      target('deny-ns', 'admin', 1, 'pass'),
      target('allow-a', 'namespaced', 0, 'allow'),
    ]);
    expect(v.chain).toBe('[Admin ClusterNetworkPolicy x/deny-ns] Pass → [NetworkPolicy x/allow-a] Allow');
  });
});
