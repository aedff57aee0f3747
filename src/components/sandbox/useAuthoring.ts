import { useCallback, useEffect, useState } from 'react';
import type { Cluster, PortProtocol } from '../../engine/index.ts';
import { runAuthorRequest, type AuthorRequest } from './author-view.ts';
import type { SandboxAction, SandboxState } from './state.ts';

/** Edits from the picture: run a request through the engine, put the text in the editor, or say why not. */
export interface Authoring {
  readonly problem: string | null;
  readonly run: (request: AuthorRequest) => void;
  readonly undo: () => void;
  /** Puts an edit made elsewhere (a format conversion) in the editor, with Undo. */
  readonly apply: (text: string, summary: string, steps: readonly string[]) => void;
  /** Says why an edit could not be made. */
  readonly refuse: (message: string) => void;
}

/** Returns the sandbox's authoring handlers; `cluster` null (or a worker-analysed cluster) turns them off. */
export function useAuthoring(
  state: SandboxState,
  dispatch: (action: SandboxAction) => void,
  cluster: Cluster | null,
  ports: readonly PortProtocol[],
): Authoring {
  const [problem, setProblem] = useState<string | null>(null);
  const { policies, selection, focus } = state;
  // A refusal is about what was selected: choosing something else clears it.
  useEffect(() => setProblem(null), [selection, focus]);
  const run = useCallback(
    (request: AuthorRequest) => {
      if (!cluster) return;
      const outcome = runAuthorRequest(cluster, policies, request, ports);
      if (!outcome.ok) return setProblem(outcome.message);
      setProblem(null);
      dispatch({ type: 'author', policies: outcome.text, summary: outcome.summary, steps: outcome.steps });
    },
    [cluster, policies, ports, dispatch],
  );
  const undo = useCallback(() => {
    setProblem(null);
    dispatch({ type: 'undo-author' });
  }, [dispatch]);
  const apply = useCallback(
    (text: string, summary: string, steps: readonly string[]) => {
      setProblem(null);
      dispatch({ type: 'author', policies: text, summary, steps });
    },
    [dispatch],
  );
  return { problem, run, undo, apply, refuse: setProblem };
}
