import type { Challenge, Goal } from '../../engine/index.ts';
import type { ChallengeView, GoalView } from './ChallengePanel.tsx';
import type { PolicyModel } from './model.ts';

/** Returns the goal text the learner reads, e.g. `storefront/frontend → data/product-db:5432/TCP`. */
export function goalText(goal: Goal): string {
  return `${goal.from} → ${goal.to}:${goal.port}/${goal.protocol}`;
}

/** Returns the live state of a challenge for the current policies. */
export function challengeView(challenge: Challenge, model: PolicyModel, next?: { href: string; title: string }): ChallengeView {
  const goals: GoalView[] = challenge.goals.map((goal) => {
    const verdict = model.analysis?.evaluateFlow({ from: goal.from, to: goal.to, port: goal.port, protocol: goal.protocol });
    const passed = verdict !== undefined && verdict.allowed === (goal.expect === 'allow');
    return { text: goalText(goal), expect: goal.expect, passed, ...(goal.note ? { note: goal.note } : {}) };
  });
  const hasErrors = model.raw.some((d) => d.severity === 'error');
  const constraints = hasErrors ? [{ text: 'The policies have no errors', passed: false }] : [];
  return {
    title: challenge.title,
    task: challenge.task,
    goals,
    constraints,
    solved: goals.every((g) => g.passed) && constraints.every((c) => c.passed),
    ...(next ? { next } : {}),
  };
}
