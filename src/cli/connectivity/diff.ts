import type {
  AnalysisHandle,
  DirectionVerdict,
  EndpointUnit,
  Flow,
  FlowVerdict,
  Policy,
  PolicyRef,
  Reach,
} from '../../engine/index.ts';
import { connSetOf, isEmpty, type ConnSet } from './conn-set.ts';
import { unitPairs, type UnitPair } from './connlist.ts';
import type { PortInterval } from './port-intervals.ts';

/** How a policy differs between the version compared against and the new one. */
export type PolicyStatus = 'added' | 'removed' | 'changed' | 'unchanged';

/** A policy named as a cause, with how it changed. */
export interface CausePolicy {
  readonly ref: PolicyRef;
  readonly status: PolicyStatus;
}

/** What decided one step of a flow whose answer changed, on the side where something decides. */
export interface Cause {
  readonly step: 'egress' | 'ingress' | 'dns-egress' | 'dns-ingress';
  /** Whose policies answer this step: the source for egress, the destination for ingress, the resolver for a lookup's ingress. */
  readonly subject: string;
  /** `now`: what decides in the new version; `before`: what decided in the old one (nothing decides now). */
  readonly side: 'now' | 'before';
  readonly allowed: boolean;
  /** `rule`: a rule matched (its path in `rule`); `default-deny`: the policies isolate it and no rule allows it. */
  readonly how: 'rule' | 'default-deny';
  readonly rule?: string;
  readonly policies: readonly CausePolicy[];
}

/** Ports of one pair whose answer went from `before` to `after` for the same causes. */
export interface PortChange {
  readonly ports: ConnSet;
  readonly before: Reach;
  readonly after: Reach;
  readonly causes: readonly Cause[];
}

/** A unit pair whose connections changed. */
export interface PairChange {
  readonly kind: 'added' | 'removed' | 'changed';
  readonly before: UnitPair;
  readonly after: UnitPair;
  readonly changes: readonly PortChange[];
}

const nothing = (p: UnitPair): boolean => isEmpty(p.allowed) && isEmpty(p.mixed);

/**
 * Every unit pair whose answer changed on some interval between `before` (the version compared against)
 * and `after`, with the policy that decided each changed step (decision 0082). Both analyses must be of one
 * cluster, so their units are the same.
 */
export function diffConnectivity(
  before: AnalysisHandle,
  after: AnalysisHandle,
  intervals: readonly PortInterval[],
): PairChange[] {
  const statusOf = policyStatuses(before.policies, after.policies);
  const old = unitPairs(before, intervals);
  const changes: PairChange[] = [];
  for (const now of unitPairs(after, intervals)) {
    const was = old.next().value as UnitPair | undefined;
    // One cluster: both versions list the same units in the same order.
    if (!was || was.from.id !== now.from.id || was.to.id !== now.to.id)
      throw new Error('diffConnectivity: the analyses have different units');
    const changed = intervals.flatMap((_, i) => (was.reach[i] === now.reach[i] ? [] : [i]));
    if (changed.length === 0) continue;
    const groups = new Map<string, { before: Reach; after: Reach; causes: Cause[]; members: Set<number> }>();
    for (const i of changed) {
      const interval = intervals[i] as PortInterval;
      const flow: Flow = {
        from: now.from.id,
        to: now.to.id,
        port: interval.start,
        protocol: interval.protocol,
      };
      const causes = causesOf(before.evaluateFlow(flow), after.evaluateFlow(flow), now, statusOf);
      const key = JSON.stringify([was.reach[i], now.reach[i], causes]);
      const group = groups.get(key) ?? {
        before: was.reach[i] ?? 'denied',
        after: now.reach[i] ?? 'denied',
        causes,
        members: new Set<number>(),
      };
      group.members.add(i);
      groups.set(key, group);
    }
    changes.push({
      kind: nothing(was) ? 'added' : nothing(now) ? 'removed' : 'changed',
      before: was,
      after: now,
      changes: [...groups.values()].map((g) => ({
        ports: connSetOf(intervals, (i) => g.members.has(i)),
        before: g.before,
        after: g.after,
        causes: g.causes,
      })),
    });
  }
  return changes;
}

/** The causes of a flow's change: each step (DNS lookup, egress, ingress) whose answer changed. */
function causesOf(
  was: FlowVerdict,
  now: FlowVerdict,
  pair: { readonly from: EndpointUnit; readonly to: EndpointUnit },
  statusOf: (ref: PolicyRef) => PolicyStatus,
): Cause[] {
  const steps: [Cause['step'], string, DirectionVerdict | undefined, DirectionVerdict | undefined][] = [
    ['dns-egress', pair.from.id, was.dns?.udp.egress, now.dns?.udp.egress],
    ['dns-ingress', now.dns?.resolver ?? '', was.dns?.udp.ingress, now.dns?.udp.ingress],
    ['egress', pair.from.id, was.egress, now.egress],
    ['ingress', pair.to.id, was.ingress, now.ingress],
  ];
  const causes: Cause[] = [];
  for (const [step, subject, before, after] of steps) {
    if (!before || !after || before.allowed === after.allowed) continue;
    const cause = decisive(after, 'now') ?? decisive(before, 'before');
    if (cause)
      causes.push({
        step,
        subject,
        ...cause,
        policies: cause.policies.map((ref) => ({ ref, status: statusOf(ref) })),
      });
  }
  return causes;
}

/** What decided a direction: the deciding rule's policy, or the isolating policies of a default deny. */
function decisive(
  verdict: DirectionVerdict,
  side: Cause['side'],
): (Omit<Cause, 'step' | 'subject' | 'policies'> & { policies: PolicyRef[] }) | undefined {
  const effect = verdict.effects[verdict.decidedBy];
  if (effect?.kind === 'match')
    return { side, allowed: verdict.allowed, how: 'rule', rule: effect.rule.path, policies: [effect.policy] };
  if (verdict.decision !== 'default-deny') return undefined;
  const isolating = verdict.effects.flatMap((e) =>
    e.kind !== 'not-selected' && e.isolates ? [e.policy] : [],
  );
  return { side, allowed: verdict.allowed, how: 'default-deny', policies: isolating };
}

const refKey = (ref: { kind: string; namespace?: string; name: string }): string =>
  `${ref.kind}|${ref.namespace ?? ''}|${ref.name}`;

/** Returns how each policy changed between the versions (by kind, namespace and name; compared by spec). */
export function policyStatuses(
  before: readonly Policy[],
  after: readonly Policy[],
): (ref: PolicyRef) => PolicyStatus {
  const specs = (policies: readonly Policy[]) =>
    new Map(policies.map((p) => [refKey(p), canonical(p.object.spec)]));
  const was = specs(before);
  const now = specs(after);
  return (ref) => {
    const key = refKey(ref);
    if (!now.has(key)) return 'removed';
    if (!was.has(key)) return 'added';
    return was.get(key) === now.get(key) ? 'unchanged' : 'changed';
  };
}

/** JSON with object keys sorted, so that key order alone is no change. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}
