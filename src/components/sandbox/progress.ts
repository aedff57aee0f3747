import { useEffect, useState } from 'react';
import { readJson, type SafeStorage } from './storage.ts';

/** How a challenge was finished. */
export type ChallengeStatus = 'solved' | 'solved-with-help';

/** The learner's progress: finished challenges and the last sandbox visited. */
export interface Progress {
  readonly challenges: Readonly<Record<string, ChallengeStatus>>;
  readonly last?: { readonly path: string; readonly title: string };
}

const KEY = 'netpol-lab:progress';

/**
 * The window event a page sends after it recorded a solve; other tabs hear the `storage` event for the
 * same key. Lists that show progress follow both, so a solve is on screen the moment it is recorded.
 */
export const PROGRESS_EVENT = 'netpol-lab:progress';

/** Returns the stored progress (empty when none or unreadable). */
export function readProgress(storage: SafeStorage): Progress {
  const raw = readJson(storage, KEY);
  if (typeof raw !== 'object' || raw === null) return { challenges: {} };
  const record = raw as { challenges?: unknown; last?: unknown };
  const challenges: Record<string, ChallengeStatus> = {};
  if (typeof record.challenges === 'object' && record.challenges !== null) {
    for (const [id, status] of Object.entries(record.challenges as Record<string, unknown>)) {
      if (status === 'solved' || status === 'solved-with-help') challenges[id] = status;
    }
  }
  const last = record.last as { path?: unknown; title?: unknown } | undefined;
  const validLast =
    // A path on this site only: `//host` and `/\host` would leave it.
    typeof last?.path === 'string' && /^\/(?![/\\])/.test(last.path) && typeof last.title === 'string';
  return validLast
    ? { challenges, last: { path: last.path as string, title: last.title as string } }
    : { challenges };
}

/**
 * Records a solve. The stored status is read again first (another tab may have written since) and the
 * first one stays: a clean solve is never downgraded to "with help", and "with help" is never turned
 * into a clean solve by a tab that did not see the help.
 */
export function recordSolve(storage: SafeStorage, id: string, status: ChallengeStatus): void {
  const progress = readProgress(storage);
  if (progress.challenges[id] !== undefined) return;
  storage.write(KEY, JSON.stringify({ ...progress, challenges: { ...progress.challenges, [id]: status } }));
  if (typeof window !== 'undefined') window.dispatchEvent(new Event(PROGRESS_EVENT));
}

/**
 * Returns `read()` of the stored progress, read again whenever this page records a solve or another tab
 * changes the progress (or clears storage), so what is shown never lags behind what is recorded.
 */
export function useProgress<T>(read: () => T, deps: readonly unknown[]): T {
  const [value, setValue] = useState(read);
  useEffect(() => {
    const update = (): void => setValue(read());
    const onStorage = (event: StorageEvent): void => {
      if (event.key === null || event.key === KEY) update();
    };
    update();
    window.addEventListener(PROGRESS_EVENT, update);
    window.addEventListener('storage', onStorage);
    return () => {
      window.removeEventListener(PROGRESS_EVENT, update);
      window.removeEventListener('storage', onStorage);
    };
    // `read` follows `deps`, which the caller names.
  }, deps);
  return value;
}

/** Records the page the learner was last working on. */
export function recordVisit(storage: SafeStorage, path: string, title: string): void {
  const progress = readProgress(storage);
  if (progress.last?.path === path) return;
  storage.write(KEY, JSON.stringify({ ...progress, last: { path, title } }));
}

/** Returns the autosave key for a sandbox. */
export function autosaveKey(challengeId: string | null, scenarioId: string | null, page: string): string {
  return challengeId
    ? `netpol-lab:sandbox:challenge:${challengeId}`
    : `netpol-lab:sandbox:${scenarioId ?? 'custom'}:${page}`;
}
