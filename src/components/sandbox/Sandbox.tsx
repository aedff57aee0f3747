import { useCallback, useEffect, useMemo, useReducer, useRef } from 'react';
import type { Challenge } from '../../engine/index.ts';
import { shareLink, useAutosave, type ShareTarget } from './persistence.ts';
import { autosaveKey, recordVisit } from './progress.ts';
import SandboxView from './SandboxView.tsx';
import { initSandbox, sandboxReducer } from './state.ts';
import { pageStorage } from './storage.ts';
import './sandbox.css';

/** Props the lesson component passes (all serialisable). */
export interface SandboxProps {
  readonly scenarioId: string;
  readonly scenarioText: string;
  readonly challengeId?: string;
  readonly challenge?: Challenge;
  readonly policies?: string;
  readonly next?: { href: string; title: string };
  /** The lesson page, for autosave keys and "continue where you left off". */
  readonly page: string;
  readonly pageTitle: string;
  /** What Share puts in its link when the sandbox's own challenge id is not one the site has (workshops). */
  readonly shareAs?: ShareTarget;
  /** Said under Share about what its link holds. */
  readonly shareNote?: string;
  /** The lesson's flow log (`content/traffic/<id>.jsonl`, served at `href`): shows the Traffic panel. */
  readonly traffic?: { readonly href: string; readonly name: string };
}

/** The sandbox island used in lessons: one challenge or free exploration, autosaved. */
export default function Sandbox(props: SandboxProps) {
  const {
    scenarioId,
    scenarioText,
    challengeId,
    challenge,
    policies,
    next,
    page,
    pageTitle,
    shareAs,
    shareNote,
    traffic,
  } = props;
  const ref = useMemo(
    () =>
      challenge && challengeId
        ? {
            id: challengeId,
            starter: challenge.starter,
            solution: challenge.solution,
            hints: challenge.hints,
          }
        : null,
    [challenge, challengeId],
  );
  const [state, dispatch] = useReducer(
    sandboxReducer,
    {
      scenarioId,
      clusterText: scenarioText,
      challenge: ref,
      ...(policies === undefined ? {} : { policies }),
    },
    initSandbox,
  );
  // The page hid this sandbox while it had saved work to show (src/mdx/Sandbox.astro marks the script
  // just before the sandbox's box): show it now.
  const anchor = useRef<HTMLSpanElement>(null);
  const reveal = useCallback(() => {
    anchor.current?.closest('.np-wide')?.previousElementSibling?.removeAttribute('data-restoring');
  }, []);
  const key = autosaveKey(challengeId ?? null, scenarioId, page);
  const otherTab = useAutosave(key, state, dispatch, true, reveal);

  useEffect(() => recordVisit(pageStorage(), page, pageTitle), [page, pageTitle]);

  return (
    <>
      <SandboxView
        state={state}
        dispatch={dispatch}
        challenge={challenge ?? null}
        {...(next ? { next } : {})}
        makeShareLink={(log) => shareLink(state, state.port, shareAs, log)}
        {...(shareNote ? { shareNote } : {})}
        otherTab={otherTab}
        {...(traffic ? { traffic: { preset: traffic, storageKey: `${key}:traffic` } } : {})}
      />
      {/* After the view: the island's first child is what a reader scrolls to (client:visible). */}
      <span ref={anchor} hidden />
    </>
  );
}
