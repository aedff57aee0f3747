import { useCallback, useEffect, useMemo, useState } from 'react';
import { pageStorage } from '../sandbox/storage.ts';
import type { AnalysisHandle, Cluster, EndpointId } from '../../engine/index.ts';
import { observedOverlay, type ObservedOverlay } from './observed-edges.ts';
import { checkTraffic, readFlowLog, type FlowLogView, type TrafficCheck } from './traffic-model.ts';

/** A flow log by name and text (uploaded, pasted or the lesson's). */
export interface FlowLogSource {
  readonly name: string;
  readonly text: string;
}

/** The sandbox's traffic: the loaded log, the policies' verdicts on it, and what the graph draws of it. */
export interface TrafficSession {
  readonly source: FlowLogSource | null;
  /** Loads a log (replacing the one loaded); `null` unloads it. */
  readonly use: (source: FlowLogSource | null) => void;
  readonly log: FlowLogView | null;
  /** The learner asked for "Check against traffic": the panel lists verdicts, live. */
  readonly checking: boolean;
  readonly setChecking: (checking: boolean) => void;
  /** The verdicts (while checking, or while the graph shows observed traffic). */
  readonly check: TrafficCheck | null;
  /** "Show observed traffic" on the graph. */
  readonly shown: boolean;
  readonly setShown: (shown: boolean) => void;
  /** What the graph draws of the traffic, when it is shown. */
  readonly overlay: ObservedOverlay | null;
  /** The loaded log is too large to keep with the saved work (it is gone after a reload). */
  readonly unsaved: boolean;
}

/** Longest flow log kept with the saved work (about 1,400 flows): storage holds a few megabytes per site. */
export const MAX_SAVED_LOG_CHARS = 1_000_000;

/** Returns the flow log saved under `key`, or null. Never throws. */
export function readSaved(key: string): FlowLogSource | null {
  const text = pageStorage().read(key);
  if (!text) return null;
  try {
    const value = JSON.parse(text) as unknown;
    if (typeof value !== 'object' || value === null) return null;
    const { name, text: log } = value as Record<string, unknown>;
    return typeof name === 'string' && typeof log === 'string' && log.length <= MAX_SAVED_LOG_CHARS
      ? { name, text: log }
      : null;
  } catch {
    return null;
  }
}

/**
 * Holds the loaded flow log and derives everything shown about it from the engine: the connections
 * (`observeTraffic`), their verdicts (`verifyTraffic`, live as the policies change) and, from those
 * verdicts, the observed arrows of the graph. `shownIds` are the endpoints the graph draws.
 */
export function useTraffic(
  enabled: boolean,
  cluster: Cluster | null,
  analysis: AnalysisHandle | null,
  policiesText: string,
  shownIds: ReadonlySet<EndpointId>,
  storageKey: string | null = null,
  reload = 0,
): TrafficSession {
  const [source, setSource] = useState<FlowLogSource | null>(null);
  const [checking, setChecking] = useState(false);
  const [shown, setShown] = useState(true);
  const log = useMemo(
    () => (enabled && source ? readFlowLog(source.name, source.text, cluster) : null),
    [enabled, source, cluster],
  );
  const traffic = log?.traffic ?? null;
  const check = useMemo(
    () => ((checking || shown) && traffic ? checkTraffic(traffic, cluster, analysis, policiesText) : null),
    [checking, shown, traffic, cluster, analysis, policiesText],
  );
  const overlay = useMemo(
    () => (shown && check ? observedOverlay(check.verified, check.handle, shownIds) : null),
    [shown, check, shownIds],
  );
  // The log is kept with the sandbox's work under a key of its own, written only when the learner loads
  // or replaces it (it is large, and the work's own autosave runs on every edit).
  const use = useCallback(
    (next: FlowLogSource | null) => {
      setSource(next);
      setChecking(false);
      if (storageKey)
        pageStorage().write(
          storageKey,
          next && next.text.length <= MAX_SAVED_LOG_CHARS ? JSON.stringify(next) : '',
        );
    },
    [storageKey],
  );
  useEffect(() => {
    if (!storageKey) return;
    setSource(readSaved(storageKey));
    setChecking(false);
  }, [storageKey, reload]);
  const unsaved = source !== null && source.text.length > MAX_SAVED_LOG_CHARS;
  return { source, use, log, checking, setChecking, check, shown, setShown, overlay, unsaved };
}
