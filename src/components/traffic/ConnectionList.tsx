import { useState } from 'react';
import { ExplanationBody } from '../sandbox/ExplanationPane.tsx';
import type { ExplanationView } from '../sandbox/ExplanationPane.tsx';
import type { ObservedItem } from './traffic-model.ts';

interface Props {
  /** With a verdict and explanation after "Check against traffic", without before. */
  readonly connections: readonly (ObservedItem & {
    readonly allowed?: boolean;
    readonly explanation?: ExplanationView;
  })[];
  readonly label: string;
  readonly onHighlight: (range: { from: number; to: number }) => void;
}

const times = (n: number): string => `seen ${n.toLocaleString('en')}×`;

/** Observed connections with how often each was seen, their verdict and a "why?" that opens the engine's explanation. */
export default function ConnectionList({ connections, label, onHighlight }: Props) {
  const [open, setOpen] = useState<string | null>(null);
  return (
    <ul className="np-traffic-list" aria-label={label}>
      {connections.map((c) => {
        const verdict = c.allowed !== undefined && c.explanation !== undefined;
        const shown = verdict && open === c.key;
        const whyId = `np-why-${c.key.replace(/[^a-z0-9]+/gi, '-')}`;
        return (
          <li key={c.key} className="np-traffic-item">
            <div className="np-traffic-row">
              {verdict && (
                <span className={c.allowed ? 'np-badge np-badge-ok' : 'np-badge np-badge-bad'}>
                  {c.allowed ? 'allowed' : 'denied'}
                </span>
              )}
              <span className="np-traffic-flow">{c.text}</span>
              <span className="np-muted">
                {times(c.count)}
                {c.audited > 0 ? ` (${c.audited.toLocaleString('en')} in audit mode)` : ''}
              </span>
              {verdict && (
                <button
                  type="button"
                  className="np-link-button"
                  aria-expanded={shown}
                  aria-controls={shown ? whyId : undefined}
                  aria-label={`why? ${c.text}`}
                  onClick={() => setOpen(shown ? null : c.key)}
                >
                  why?
                </button>
              )}
            </div>
            {shown && c.explanation && (
              <div id={whyId} className="np-goal-why" role="region" aria-label={`Why: ${c.text}`}>
                <ExplanationBody explanation={c.explanation} onHighlight={onHighlight} />
              </div>
            )}
          </li>
        );
      })}
    </ul>
  );
}
