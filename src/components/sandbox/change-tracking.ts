import type { FlowChange } from '../../engine/index.ts';
import { changedFlows, type PolicyModel } from './model.ts';

/** One step of "Your last edit changed …": the model later edits compare with, and the list to show. */
export interface ChangeStep {
  readonly baseline: PolicyModel | null;
  /** The list to show now; `null` keeps the one on screen. */
  readonly changes: readonly FlowChange[] | null;
}

/**
 * Compares the learner's edit with their previous one. Text the page put there (the starter, saved work
 * restored, a link opened) is the new baseline and shows no change; text that does not evaluate (half
 * typed) keeps the baseline and the list, so the next complete edit compares with the last complete one.
 */
export function trackChanges(
  baseline: PolicyModel | null,
  current: PolicyModel,
  from: 'learner' | 'page',
): ChangeStep {
  if (!current.matrix) return { baseline, changes: null };
  if (from === 'page') return { baseline: current, changes: [] };
  return { baseline: current, changes: changedFlows(baseline, current) };
}
