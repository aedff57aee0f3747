import { checkChallenge, requestText, type Challenge, type Cluster, type Goal } from '../../engine/index.ts';
import type { ChallengeView, GoalView } from './ChallengePanel.tsx';

/**
 * Returns the goal text the learner reads, e.g. `storefront/frontend → data/product-db:5432/TCP`, with
 * the goal's HTTP request after it: `… → port/dock:8080/TCP POST /v1/dock`.
 */
export function goalText(goal: Goal): string {
  const request = goal.http ? ` ${requestText(goal.http)}` : '';
  return `${goal.from} → ${goal.to}:${goal.port}/${goal.protocol}${request}`;
}

/** Returns the live state of a challenge for the current policies (checked by the engine, by outcome). */
export function challengeView(
  challenge: Challenge,
  cluster: Cluster | null,
  policies: string,
  next?: { href: string; title: string },
): ChallengeView {
  if (!cluster) {
    return {
      title: challenge.title,
      task: challenge.task,
      goals: [],
      constraints: [{ text: 'The scenario cluster could not be read', passed: false }],
      solved: false,
    };
  }
  const check = checkChallenge(challenge, cluster, policies);
  const goals: GoalView[] = check.goals.map((result) => ({
    text: goalText(result.goal),
    flow: result.flow,
    expect: result.goal.expect,
    passed: result.passed,
    ...(result.goal.note ? { note: result.goal.note } : {}),
  }));
  const constraints = check.constraints.map((c) => ({
    text: c.passed || c.message === '' ? c.label : `${c.label}: ${c.message}`,
    passed: c.passed,
  }));
  // Always listed, so the number of checks stays the same while the learner types through an error.
  constraints.push({
    text: 'The policies have no errors',
    passed: !check.diagnostics.some((d) => d.severity === 'error'),
  });
  return {
    title: challenge.title,
    task: challenge.task,
    goals,
    constraints,
    solved: check.solved,
    ...(next ? { next } : {}),
  };
}
