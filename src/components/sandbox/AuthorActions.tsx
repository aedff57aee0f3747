import { useId, useState } from 'react';
import type { EndpointId, Flow, IsolateDirection } from '../../engine/index.ts';
import type { AuthorRequest } from './author-view.ts';
import type { Authored } from './state.ts';

type Run = (request: AuthorRequest) => void;

/** "Allow this connection" for a denied flow, "Block this connection" for an allowed one. */
export function FlowActions({
  flow,
  allowed,
  onRun,
}: {
  readonly flow: Flow;
  readonly allowed: boolean;
  readonly onRun: Run;
}) {
  return (
    <div className="np-author" role="group" aria-label="Change this connection">
      <button
        type="button"
        className="np-button np-button-primary"
        onClick={() => onRun({ kind: allowed ? 'block' : 'allow', flow })}
      >
        {allowed ? 'Block this connection' : 'Allow this connection'}
      </button>
      <span className="np-muted">
        {allowed
          ? 'removes or narrows what allows it, or adds a deny rule in the Cilium format'
          : 'adds the missing egress and ingress rules for exactly this port'}
      </span>
    </div>
  );
}

/** "Isolate this pod": a default deny for ingress, egress or both. */
export function PodActions({ pod, onRun }: { readonly pod: EndpointId; readonly onRun: Run }) {
  const [direction, setDirection] = useState<IsolateDirection>('both');
  const id = useId();
  return (
    <div className="np-author" role="group" aria-label="Change this pod">
      <label className="np-field" htmlFor={id}>
        <span>Directions</span>
        <select
          id={id}
          value={direction}
          onChange={(event) => setDirection(event.target.value as IsolateDirection)}
        >
          <option value="both">ingress and egress</option>
          <option value="ingress">ingress only</option>
          <option value="egress">egress only</option>
        </select>
      </label>
      <button
        type="button"
        className="np-button np-button-primary"
        onClick={() => onRun({ kind: 'isolate', pod, direction })}
      >
        Isolate this pod
      </button>
    </div>
  );
}

/**
 * What the last edit from the picture changed (a polite live region, present from the start so screen
 * readers hear every change), with Undo; or why the edit could not be made.
 */
export function AuthorStatus({
  authored,
  problem,
  onUndo,
}: {
  readonly authored: Authored | null;
  readonly problem: string | null;
  readonly onUndo: () => void;
}) {
  return (
    <div className="np-author-status">
      <p role="status" aria-live="polite" className={problem ? 'np-author-problem' : undefined}>
        {problem ?? authored?.summary ?? ''}
      </p>
      {authored && (
        <>
          {!problem && (
            <ul className="np-author-steps">
              {authored.steps.map((step) => (
                <li key={step}>{step}</li>
              ))}
            </ul>
          )}
          <button type="button" className="np-button" onClick={onUndo}>
            Undo
          </button>
        </>
      )}
    </div>
  );
}
