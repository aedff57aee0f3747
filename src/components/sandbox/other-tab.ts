import type { SavedSandbox } from './state.ts';

/**
 * What a sandbox does when another tab writes its autosave key:
 * - `ignore`: the value is what this tab last read or wrote (or not a saved sandbox at all);
 * - `adopt`: this tab has nothing unsaved, so it shows the other tab's newer work (and says so);
 * - `conflict`: this tab has changes the other tab never saw: neither overwrites the other until the
 *   learner picks a version.
 */
export type OtherTabStep = 'ignore' | 'adopt' | 'conflict';

/**
 * Returns the step for a write by another tab. `synced` is the value this tab last read from or wrote to
 * storage, `current` what it would write now, `incoming` the other tab's value (`null` when it removed it).
 */
export function otherTabStep(
  synced: string | null,
  current: string,
  incoming: string | null,
  incomingSaved: SavedSandbox | null,
): OtherTabStep {
  if (incoming === null || incomingSaved === null || incoming === synced || incoming === current)
    return 'ignore';
  return current === synced ? 'adopt' : 'conflict';
}

/** What the page shows after another tab changed the same work, with the learner's two choices. */
export interface OtherTab {
  readonly kind: 'adopted' | 'conflict';
  /** Shows this tab's version again and saves it (the other tab then hears of it). */
  readonly keepMine: () => void;
  /** Shows the other tab's version (already shown after `adopted`: then it only closes the note). */
  readonly takeTheirs: () => void;
}
