import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import {
  encodeShareState,
  MAX_LINK_CHARS,
  MAX_SHARED_CLUSTER_CHARS,
  MAX_SHARED_POLICIES_CHARS,
  MAX_SHARED_TRAFFIC_CHARS,
  PROTOCOLS,
  type PortProtocol,
  type ShareState,
} from '../../engine/index.ts';
import { otherTabStep, type OtherTab } from './other-tab.ts';
import { pageStorage } from './storage.ts';
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
    ...(typeof value.undo === 'string' && value.undo.length <= MAX_SHARED_POLICIES_CHARS
      ? { undo: value.undo }
      : {}),
  };
}

/** Pasted clusters longer than this are saved under a key of their own, written only when they change. */
export const OWN_KEY_CLUSTER_CHARS = 20_000;

/** The storage key of the pasted cluster saved with the work under `key`. */
export function clusterKey(key: string): string {
  return `${key}:cluster`;
}

/** A short fixed-length name of a text (FNV-1a, 32 bits, and its length). */
export function textDigest(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return `${hash.toString(16).padStart(8, '0')}-${text.length}`;
}

/** A pasted cluster saved under its own key: its digest (named in the saved work) and its text. */
interface OwnCluster {
  readonly ref: string;
  readonly text: string;
}

/** The pasted cluster of `state` when it is long enough to be saved on its own, else `null`. */
function ownCluster(state: SandboxState): string | null {
  return state.scenarioId === null && state.clusterText.length > OWN_KEY_CLUSTER_CHARS
    ? state.clusterText
    : null;
}

/** The work to save at one moment: the saved fields, and a long pasted cluster apart. */
interface Snapshot {
  readonly saved: SavedSandbox;
  readonly cluster: OwnCluster | null;
}

const texts = new WeakMap<Snapshot, string>();

/**
 * The saved work as stored (the cluster by reference when it has a key of its own), serialised when first
 * asked for: when it is written or compared with another tab's, not at every keystroke.
 */
function savedText(snapshot: Snapshot): string {
  const known = texts.get(snapshot);
  if (known !== undefined) return known;
  let text: string;
  if (snapshot.cluster === null) text = JSON.stringify(snapshot.saved);
  else {
    const { clusterText: _inline, ...rest } = snapshot.saved;
    text = JSON.stringify({ ...rest, clusterRef: snapshot.cluster.ref });
  }
  texts.set(snapshot, text);
  return text;
}

/**
 * Reads the saved work in `text`; a cluster saved by reference comes from `own` when it is that one, else
 * from its key (and only when its digest matches, so a half-written pair is never mixed up).
 */
function savedIn(text: string | null, key: string, own: OwnCluster | null = null): SavedSandbox | null {
  if (text === null) return null;
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof raw !== 'object' || raw === null) return null;
  const ref = (raw as { clusterRef?: unknown }).clusterRef;
  if (typeof ref === 'string') {
    const cluster = own?.ref === ref ? own.text : pageStorage().read(clusterKey(key));
    if (cluster !== null && textDigest(cluster) === ref) raw = { ...raw, clusterText: cluster };
  }
  return parseSaved(raw);
}

/**
 * Restores the autosave before the hydrated sandbox is first painted, and writes it back 400 ms after
 * the last change (when the page is idle), or at once when the page is hidden or closed (the last
 * keystrokes are never lost). A long pasted cluster is written under a key of its own only when it
 * changes, so a keystroke's save is the policies, not half a megabyte of cluster as well.
 * `onRestored` runs once the saved work is on screen (the page hides a sandbox until then).
 *
 * Another tab on the same work is heard through the `storage` event: with nothing unsaved here this tab
 * shows the newer work; with unsaved changes here neither tab overwrites the other until the learner
 * picks a version. Returns what to tell the learner, or `null`.
 */
export function useAutosave(
  key: string,
  state: SandboxState,
  dispatch: (action: SandboxAction) => void,
  enabled = true,
  onRestored?: () => void,
): OtherTab | null {
  const restored = useRef(false);
  // The value this tab last read from or wrote to storage under `key`.
  const synced = useRef<string | null>(null);
  // The digest of the cluster this tab last wrote under its own key (null: that key may hold another).
  const clusterWritten = useRef<string | null>(null);
  // Set while a version from another tab is being put on screen: that is not this tab's change to save.
  const adopting = useRef(false);
  // While the learner has not picked a version, this tab writes nothing.
  const paused = useRef(false);
  const [otherTab, setOtherTab] = useState<{
    kind: 'adopted' | 'conflict';
    other: string;
    mine: string;
    mineCluster: OwnCluster | null;
  } | null>(null);
  // Layout effect: the restored work replaces the server-rendered starter before the browser paints.
  useLayoutEffect(() => {
    if (!enabled) return;
    const storage = pageStorage(() =>
      dispatch({ type: 'notice', notice: { tone: 'info', text: STORAGE_NOTICE } }),
    );
    synced.current = storage.read(key);
    clusterWritten.current = null;
    const saved = savedIn(synced.current, key);
    if (saved) dispatch({ type: 'restore', saved });
    if (storage.degraded) dispatch({ type: 'notice', notice: { tone: 'info', text: STORAGE_NOTICE } });
    restored.current = true;
  }, [key, dispatch, enabled]);
  useEffect(() => {
    if (restored.current) onRestored?.();
  }, [onRestored]);

  // Digested once per pasted cluster; a new snapshot per change of the saved fields (listed below).
  const clusterText = ownCluster(state);
  const cluster = useMemo<OwnCluster | null>(
    () => (clusterText === null ? null : { ref: textDigest(clusterText), text: clusterText }),
    [clusterText],
  );
  const snapshot = useMemo<Snapshot>(
    () => ({ saved: toSaved(state), cluster }),
    [
      cluster,
      state.policies,
      state.clusterText,
      state.scenarioId,
      state.port,
      state.hintsShown,
      state.usedHelp,
      state.undo,
    ],
  );
  const current = useRef(snapshot);
  current.current = snapshot;
  const unsaved = useRef<Snapshot | null>(null);
  const write = (value: Snapshot): void => {
    const storage = pageStorage();
    // The cluster first: a tab that hears of the saved work finds the cluster it names already there.
    if (value.cluster && value.cluster.ref !== clusterWritten.current) {
      storage.write(clusterKey(key), value.cluster.text);
      clusterWritten.current = value.cluster.ref;
    }
    const text = savedText(value);
    storage.write(key, text);
    synced.current = text;
    unsaved.current = null;
  };
  useEffect(() => {
    if (!enabled || !restored.current) return;
    if (adopting.current) {
      adopting.current = false;
      synced.current = savedText(snapshot);
      return;
    }
    if (paused.current) return;
    const value = snapshot;
    unsaved.current = value;
    // After a pause in typing, and then in an idle moment, so the write never delays a keystroke's answer.
    // A conflict that arrives while this save waits pauses it too: the learner has not picked a version.
    let idle: number | null = null;
    const save = () => {
      if (!paused.current) write(value);
    };
    const timer = setTimeout(() => {
      if (typeof requestIdleCallback === 'function') idle = requestIdleCallback(save, { timeout: 2000 });
      else save();
    }, 400);
    return () => {
      clearTimeout(timer);
      if (idle !== null) cancelIdleCallback(idle);
    };
  }, [key, snapshot, enabled]);

  useEffect(() => {
    if (!enabled) return;
    const flush = (): void => {
      if (unsaved.current === null || paused.current) return;
      write(unsaved.current);
    };
    const onVisibility = (): void => {
      if (document.visibilityState === 'hidden') flush();
    };
    const onStorage = (event: StorageEvent): void => {
      if (event.key !== key || !restored.current) return;
      const incoming = event.newValue;
      // The other tab may have written its own cluster under the shared cluster key.
      clusterWritten.current = null;
      const theirs = savedIn(incoming, key);
      const currentSaved = savedText(current.current);
      const currentCluster = current.current.cluster;
      // The same work in other words (a key order, a default filled in): nothing to tell.
      if (
        theirs !== null &&
        JSON.stringify(theirs) === JSON.stringify(savedIn(currentSaved, key, currentCluster))
      ) {
        synced.current = incoming;
        return;
      }
      const step = otherTabStep(synced.current, currentSaved, incoming, theirs);
      if (step === 'ignore' || incoming === null || theirs === null) return;
      if (step === 'adopt') {
        synced.current = incoming;
        adopting.current = true;
        dispatch({ type: 'restore', saved: theirs });
        setOtherTab((shown) => ({
          kind: 'adopted',
          other: incoming,
          mine: shown?.mine ?? currentSaved,
          mineCluster: shown ? shown.mineCluster : currentCluster,
        }));
        return;
      }
      paused.current = true;
      setOtherTab({ kind: 'conflict', other: incoming, mine: currentSaved, mineCluster: currentCluster });
    };
    window.addEventListener('pagehide', flush);
    document.addEventListener('visibilitychange', onVisibility);
    window.addEventListener('storage', onStorage);
    return () => {
      flush();
      window.removeEventListener('pagehide', flush);
      document.removeEventListener('visibilitychange', onVisibility);
      window.removeEventListener('storage', onStorage);
    };
  }, [key, enabled, dispatch]);

  if (otherTab === null) return null;
  return {
    kind: otherTab.kind,
    keepMine: () => {
      paused.current = false;
      setOtherTab(null);
      const mine = savedIn(otherTab.mine, key, otherTab.mineCluster);
      if (otherTab.kind === 'adopted' && mine) dispatch({ type: 'restore', saved: mine });
      else write(current.current);
    },
    takeTheirs: () => {
      paused.current = false;
      setOtherTab(null);
      if (otherTab.kind === 'adopted') return;
      const theirs = savedIn(otherTab.other, key);
      synced.current = otherTab.other;
      if (theirs && otherTab.other !== savedText(current.current)) {
        adopting.current = true;
        dispatch({ type: 'restore', saved: theirs });
      }
    },
  };
}

/** Where a share link's playground finds the challenge and the scenario. */
export interface ShareTarget {
  /** A challenge id the site has (`null`: the link carries no challenge). */
  readonly challenge: string | null;
  /** Write the cluster text into the link, whatever scenario id the sandbox has. */
  readonly inlineScenario: boolean;
}

/** Returns what a share link of `state` holds; by default the sandbox's own challenge and scenario. */
export function shareStateOf(
  state: SandboxState,
  port: PortProtocol | null,
  target?: ShareTarget,
  traffic?: SharedTraffic | null,
): ShareState {
  const challenge = target ? target.challenge : (state.challenge?.id ?? null);
  const inline = target?.inlineScenario === true || state.scenarioId === null;
  return {
    scenario: inline
      ? { kind: 'inline', text: state.clusterText }
      : { kind: 'id', id: state.scenarioId ?? 'custom' },
    policies: state.policies,
    ...(challenge !== null ? { challenge } : {}),
    ...(port ? { port } : {}),
    ...(traffic && traffic.text.length <= MAX_SHARED_TRAFFIC_CHARS ? { traffic } : {}),
  };
}

/** A loaded flow log, by name and text, as links and state files carry it. */
export type SharedTraffic = NonNullable<ShareState['traffic']>;

/** A link, and what it had to leave out. */
export interface MadeLink {
  readonly link: string;
  /** Said with the link when the flow log did not fit. */
  readonly note?: string;
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
export async function shareLink(
  state: SandboxState,
  port: PortProtocol | null,
  target?: ShareTarget,
  traffic?: SharedTraffic | null,
): Promise<MadeLink> {
  const make = async (withTraffic: SharedTraffic | null): Promise<string> => {
    const payload = await encodeShareState(shareStateOf(state, port, target, withTraffic));
    // Links longer than this are refused when opened, so they are not made.
    if (payload.length - 'v1.'.length > MAX_LINK_CHARS) throw new LinkTooLarge(payload.length);
    return new URL(`/playground/#${payload}`, window.location.href).href;
  };
  if (!traffic) return { link: await make(null) };
  const note = `The flow log ${traffic.name} is not in the link: it is too large for one (${Math.ceil(traffic.text.length / 1000).toLocaleString('en')} KB); load it again after opening the link.`;
  if (traffic.text.length > MAX_SHARED_TRAFFIC_CHARS) return { link: await make(null), note };
  try {
    return { link: await make(traffic) };
  } catch (error) {
    if (error instanceof LinkTooLarge) return { link: await make(null), note };
    throw error;
  }
}
