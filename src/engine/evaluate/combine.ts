import type { PolicyTarget } from '../model/target.ts';
import type { Decision } from '../model/verdict.ts';
import { OUTCOME, type OutcomeCode } from './rule.ts';

/**
 * The one tier combiner, for the per-flow and the whole-cluster paths alike. `selecting` holds the
 * targets that select the subject in tier order (`orderTargets`, with `tierOrder` saying where each
 * tier starts and which targets isolate); `outcomeOf(i)` answers for target `i` and is asked lazily, in
 * order, only for the targets the tiers consult:
 * 1. admin tier, by priority: the first matching rule decides (Allow/Deny); Pass skips to step 2;
 * 2. namespaced tier (v1, Cilium): any deny wins, else any allow; else, when only rules with HTTP rules
 *    match, the connection opens with its requests filtered (or, for a query with a request none of them
 *    admits, the request is refused with HTTP 403, isolated or not: the proxy answers it); a subject
 *    selected by an isolating target and not allowed is denied (default deny);
 * 3. baseline tier, by priority: the first matching rule decides;
 * 4. otherwise allowed: no policy selects the subject, or none of the tiers decided.
 * https://network-policy-api.sigs.k8s.io/api-overview/ (tiers) and
 * https://kubernetes.io/docs/concepts/services-networking/network-policies/#the-two-sorts-of-pod-isolation
 */

const DECISIONS = [
  'not-selected',
  'no-tier-decided',
  'allowed-by-rule',
  'denied-by-rule',
  'default-deny',
  'requests-filtered',
  'request-denied',
] as const;

/** A combined answer packed in a number: the decision and the index of the deciding target. */
export type Combined = number;

const pack = (decision: number, by: number): Combined => (by + 1) * 8 + decision;

/** Returns whether a combined answer allows the direction. */
export function combinedAllows(code: Combined): boolean {
  const decision = code % 8;
  return decision <= 2 || decision === 5;
}

/** Returns whether a combined answer opens the connection with its requests filtered by HTTP rules. */
export function combinedFiltered(code: Combined): boolean {
  return code % 8 === 5;
}

/** Returns the decision of a combined answer. */
export function combinedDecision(code: Combined): Extract<Decision, (typeof DECISIONS)[number]> {
  return DECISIONS[code % 8] ?? 'no-tier-decided';
}

/** Returns the index in `selecting` of the target that decided (-1 when none did). */
export function combinedBy(code: Combined): number {
  return Math.floor(code / 8) - 1;
}

/** Where each tier's targets sit in a `selecting` list, and which of them isolate the subject. */
export interface TierOrder {
  /** Targets `[0, adminEnd)` are the admin tier's, `[adminEnd, namespacedEnd)` the namespaced tier's, the rest baseline. */
  readonly adminEnd: number;
  readonly namespacedEnd: number;
  /** Whether each target isolates the subject (namespaced tier only). */
  readonly isolated: readonly boolean[];
  /** The order as text, for telling subjects that combine alike (`adminEnd|namespacedEnd|isolation bits`). */
  readonly key: string;
}

/** Returns the tier order of a `selecting` list sorted by `orderTargets`, with each target's isolation. */
export function tierOrder(
  selecting: readonly PolicyTarget[],
  isolates: (t: PolicyTarget) => boolean,
): TierOrder {
  const adminEnd = selecting.findIndex((t) => t.tier !== 'admin');
  const baseline = selecting.findIndex((t) => t.tier === 'baseline');
  const isolated = selecting.map((t) => t.tier === 'namespaced' && isolates(t));
  const ends = [
    adminEnd < 0 ? selecting.length : adminEnd,
    baseline < 0 ? selecting.length : baseline,
  ] as const;
  return {
    adminEnd: ends[0],
    namespacedEnd: ends[1],
    isolated,
    key: `${ends[0]}|${ends[1]}|${isolated.map((i) => (i ? 1 : 0)).join('')}`,
  };
}

/** Combines the selecting targets' outcomes into one direction's answer (see the module comment). */
export function combineTiers(
  selecting: readonly PolicyTarget[],
  order: TierOrder,
  outcomeOf: (index: number) => OutcomeCode,
): Combined {
  const n = selecting.length;
  if (n === 0) return pack(0, -1);
  const { adminEnd, namespacedEnd, isolated } = order;
  for (let i = 0; i < adminEnd; i++) {
    const code = outcomeOf(i);
    if (code === OUTCOME.allow) return pack(2, i);
    if (code === OUTCOME.deny) return pack(3, i);
    if (code === OUTCOME.pass) break;
  }
  let allowBy = -1;
  let denyBy = -1;
  let heldBy = -1;
  let heldCode: OutcomeCode = OUTCOME.none;
  let isolatedBy = -1;
  for (let i = adminEnd; i < namespacedEnd; i++) {
    const code = outcomeOf(i);
    if (code === OUTCOME.deny && denyBy < 0) denyBy = i;
    else if (code === OUTCOME.allow && allowBy < 0) allowBy = i;
    else if ((code === OUTCOME.filtered || code === OUTCOME.rejected) && heldBy < 0) {
      heldBy = i;
      heldCode = code;
    }
    if (isolatedBy < 0 && isolated[i]) isolatedBy = i;
  }
  if (denyBy >= 0) return pack(3, denyBy);
  if (allowBy >= 0) return pack(2, allowBy);
  if (heldBy >= 0) return pack(heldCode === OUTCOME.filtered ? 5 : 6, heldBy);
  if (isolatedBy >= 0) return pack(4, -1);
  for (let i = namespacedEnd; i < n; i++) {
    const code = outcomeOf(i);
    if (code === OUTCOME.allow) return pack(2, i);
    if (code === OUTCOME.deny) return pack(3, i);
    if (code === OUTCOME.pass) break;
  }
  return pack(1, -1);
}

const TIER_ORDER = { admin: 0, namespaced: 1, baseline: 2 } as const;

/** Returns targets in the order the combiner consults them: admin by priority, namespaced, baseline by priority. */
export function orderTargets(targets: readonly PolicyTarget[]): PolicyTarget[] {
  return targets
    .map((t, i) => ({ t, i }))
    .sort(
      (a, b) =>
        TIER_ORDER[a.t.tier] - TIER_ORDER[b.t.tier] ||
        (a.t.tier === 'namespaced' ? 0 : a.t.priority - b.t.priority) ||
        a.i - b.i,
    )
    .map(({ t }) => t);
}
