import { useEffect, useLayoutEffect, useRef } from 'react';
import {
  encodeShareState,
  MAX_LINK_CHARS,
  MAX_SHARED_CLUSTER_CHARS,
  PROTOCOLS,
  type PortProtocol,
  type ShareState,
} from '../../engine/index.ts';
import { readJson, pageStorage } from './storage.ts';
import { toSaved, type SandboxAction, type SandboxState, type SavedSandbox } from './state.ts';

const STORAGE_NOTICE =
  'Your browser is not letting this site save, so your work is kept only until you leave the page.';

/** Returns the saved sandbox in `raw` (autosave JSON), or `null` when it is not one. */
export function parseSaved(raw: unknown): SavedSandbox | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const value = raw as Record<string, unknown>;
  if (typeof value.policies !== 'string') return null;
  const port = value.port as { port?: unknown; protocol?: unknown } | null | undefined;
  const validPort =
    port && typeof port.port === 'number' && PROTOCOLS.some((p) => p === port.protocol)
      ? (port as PortProtocol)
      : null;
  const clusterText =
    typeof value.clusterText === 'string' && value.clusterText.length <= MAX_SHARED_CLUSTER_CHARS
      ? value.clusterText
      : undefined;
  return {
    policies: value.policies,
    ...(clusterText !== undefined ? { clusterText } : {}),
    port: validPort,
    hintsShown: typeof value.hintsShown === 'number' ? value.hintsShown : 0,
    usedHelp: value.usedHelp === true,
  };
}

/**
 * Restores the autosave before the hydrated sandbox is first painted, and writes it back 400 ms after
 * the last change, or at once when the page is hidden or closed (the last keystrokes are never lost).
 * `onRestored` runs once the saved work is on screen (the page hides a sandbox until then).
 */
export function useAutosave(
  key: string,
  state: SandboxState,
  dispatch: (action: SandboxAction) => void,
  enabled = true,
  onRestored?: () => void,
): void {
  const restored = useRef(false);
  // Layout effect: the restored work replaces the server-rendered starter before the browser paints.
  useLayoutEffect(() => {
    if (!enabled) return;
    const storage = pageStorage(() =>
      dispatch({ type: 'notice', notice: { tone: 'info', text: STORAGE_NOTICE } }),
    );
    const saved = parseSaved(readJson(storage, key));
    if (saved) dispatch({ type: 'restore', saved });
    if (storage.degraded) dispatch({ type: 'notice', notice: { tone: 'info', text: STORAGE_NOTICE } });
    restored.current = true;
  }, [key, dispatch, enabled]);
  useEffect(() => {
    if (restored.current) onRestored?.();
  }, [onRestored]);

  // Serialised only when written: a pasted cluster can be half a megabyte, too much to stringify per keystroke.
  const saved = toSaved(state);
  const unsaved = useRef<SavedSandbox | null>(null);
  useEffect(() => {
    if (!enabled || !restored.current) return;
    unsaved.current = saved;
    const timer = setTimeout(() => {
      pageStorage().write(key, JSON.stringify(saved));
      unsaved.current = null;
    }, 400);
    return () => clearTimeout(timer);
    // The saved fields, not the object toSaved makes afresh at every render.
  }, [key, enabled, saved.policies, saved.clusterText, saved.port, saved.hintsShown, saved.usedHelp]);

  useEffect(() => {
    if (!enabled) return;
    const flush = (): void => {
      if (unsaved.current === null) return;
      pageStorage().write(key, JSON.stringify(unsaved.current));
      unsaved.current = null;
    };
    const onVisibility = (): void => {
      if (document.visibilityState === 'hidden') flush();
    };
    window.addEventListener('pagehide', flush);
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      flush();
      window.removeEventListener('pagehide', flush);
      document.removeEventListener('visibilitychange', onVisibility);
    };
  }, [key, enabled]);
}

/** Returns what a link or a state file carries of a sandbox state. */
export function shareStateOf(state: SandboxState, port: PortProtocol | null): ShareState {
  return {
    scenario: state.scenarioId
      ? { kind: 'id', id: state.scenarioId }
      : { kind: 'inline', text: state.clusterText },
    policies: state.policies,
    ...(state.challenge ? { challenge: state.challenge.id } : {}),
    ...(port ? { port } : {}),
  };
}

/** Thrown by `shareLink` when the state packs into more than a link may carry (`chars`, packed). */
export class LinkTooLarge extends Error {
  readonly chars: number;
  constructor(chars: number) {
    super(`the link would be ${chars} characters, more than ${MAX_LINK_CHARS}`);
    this.name = 'LinkTooLarge';
    this.chars = chars;
  }
}

/** Returns a playground link that restores the state exactly; rejects with `LinkTooLarge` past the limit. */
export async function shareLink(state: SandboxState, port: PortProtocol | null): Promise<string> {
  const payload = await encodeShareState(shareStateOf(state, port));
  // Links longer than this are refused when opened, so they are not made.
  if (payload.length - 'v1.'.length > MAX_LINK_CHARS) throw new LinkTooLarge(payload.length);
  return new URL(`/playground/#${payload}`, window.location.href).href;
}
