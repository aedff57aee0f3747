import type { PodView } from '../model/endpoint.ts';
import { withRange } from '../model/located.ts';
import type { NetworkPolicySpec, Policy } from '../model/policy.ts';
import type { PolicyTarget, TargetRule } from '../model/target.ts';
import type { Direction, SourceRange } from '../model/types.ts';
import type { SubjectMiss } from '../model/verdict.ts';
import { compileSelector, selectorMatches, selectorMiss } from '../match/label-selector.ts';
import { compileV1Port } from '../match/ports.ts';
import { compileV1Peer } from '../match/v1-peers.ts';

const NO_RULES: readonly TargetRule[] = [];

// policyTypes defaults: Ingress always, Egress when `egress` has at least one rule (an empty `egress: []` does not count,
// as in the API server's SetDefaults_NetworkPolicy). https://kubernetes.io/docs/reference/kubernetes-api/policy-resources/network-policy-v1/#NetworkPolicySpec
function policyTypes(spec: NetworkPolicySpec): Set<Direction> {
  if (spec.policyTypes && spec.policyTypes.length > 0)
    return new Set(spec.policyTypes.map((t) => (t === 'Ingress' ? 'ingress' : 'egress')));
  return new Set<Direction>(spec.egress && spec.egress.length > 0 ? ['ingress', 'egress'] : ['ingress']);
}

/**
 * Compiles a valid NetworkPolicy into one namespaced-tier target. Every rule allows: a rule matches
 * when one of its peers AND one of its ports match, an empty or missing `from`/`to` or `ports`
 * matches everything, and rules are OR'ed.
 * https://kubernetes.io/docs/concepts/services-networking/network-policies/#networkpolicy-resource
 */
export function compileNetworkPolicy(policy: Policy): PolicyTarget {
  const spec = (policy.object.spec ?? {}) as NetworkPolicySpec;
  const namespace = policy.namespace ?? 'default';
  const types = policyTypes(spec);
  const locate = (path: (string | number)[]): SourceRange | undefined =>
    policy.source.locate(['spec', ...path]);
  const compileRules = (direction: Direction): TargetRule[] | undefined => {
    if (!types.has(direction)) return undefined;
    const peerField = direction === 'ingress' ? 'from' : 'to';
    return (spec[direction] ?? []).map((rule, r): TargetRule => {
      const path = `${direction}[${r}]`;
      const peers = rule[peerField] ?? [];
      const ports = rule.ports ?? [];
      return withRange(
        {
          path,
          action: 'allow',
          peerField,
          peers:
            peers.length === 0
              ? undefined
              : peers.map((p, i) =>
                  withRange(compileV1Peer(p, namespace, `${path}.${peerField}[${i}]`), () =>
                    locate([direction, r, peerField, i]),
                  ),
                ),
          ports:
            ports.length === 0
              ? undefined
              : ports.map((p, i) =>
                  withRange(compileV1Port(p, `${path}.ports[${i}]`), () =>
                    locate([direction, r, 'ports', i]),
                  ),
                ),
        },
        () => locate([direction, r]),
      );
    });
  };
  const selector = compileSelector(spec.podSelector);
  const rules = { ingress: compileRules('ingress'), egress: compileRules('egress') };
  const selects = (subject: PodView, direction: Direction): boolean =>
    rules[direction] !== undefined &&
    subject.namespace.name === namespace &&
    selectorMatches(selector, subject.pod.labels);
  const whyNotSelected = (subject: PodView, direction: Direction): SubjectMiss[] => {
    if (rules[direction] === undefined) return [{ code: 'no-section' }];
    if (subject.namespace.name !== namespace) return [{ code: 'other-namespace', namespace }];
    const miss = selectorMiss(selector, subject.pod.labels);
    return miss ? [{ code: 'subject-labels', path: 'podSelector', miss }] : [];
  };
  return {
    ref: policy.ref,
    tier: 'namespaced',
    priority: 0,
    subjectNamespace: namespace,
    selects,
    whyNotSelected,
    isolates: selects,
    rules: (_subject, direction) => rules[direction] ?? NO_RULES,
    cidrs: Object.values(rules).flatMap((list) =>
      (list ?? []).flatMap((r) =>
        (r.peers ?? []).flatMap((p) => (p.kind === 'v1-ip' ? [p.cidr, ...p.except] : [])),
      ),
    ),
  };
}
