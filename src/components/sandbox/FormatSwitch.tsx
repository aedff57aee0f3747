import { useState } from 'react';
import type { Cluster, PolicyFormat, PortProtocol } from '../../engine/index.ts';
import { convertView, type ConvertOutcome, type TextFormat } from './format-view.ts';

interface Props {
  readonly cluster: Cluster;
  readonly text: string;
  readonly format: TextFormat;
  readonly ports: readonly PortProtocol[];
  /** Puts the converted text in the editor (with Undo). */
  readonly onApply: (text: string, summary: string, steps: readonly string[]) => void;
  readonly onProblem: (message: string) => void;
}

const LABEL: Readonly<Record<PolicyFormat, string>> = { kubernetes: 'Kubernetes', cilium: 'Cilium' };
const SHOWN = 8;

/**
 * Kubernetes | Cilium: converts the editor's policies with the engine. A conversion the engine proves
 * verdict-for-verdict goes straight in; one that would change verdicts lists them first and asks.
 */
export default function FormatSwitch({ cluster, text, format, ports, onApply, onProblem }: Props) {
  const [pending, setPending] = useState<Extract<ConvertOutcome, { ok: true }> | null>(null);
  const convert = (to: PolicyFormat): void => {
    setPending(null);
    if (format === to) return;
    const outcome = convertView(cluster, text, to, ports);
    if (!outcome.ok) return onProblem(outcome.message);
    if (outcome.changes.length > 0) return setPending(outcome);
    onApply(outcome.text, outcome.summary, outcome.steps);
  };
  return (
    <>
      <span className="np-field np-format-field">
        <span aria-hidden="true">Format</span>
        <span className="np-switch" role="group" aria-label="Policy format">
          {(['kubernetes', 'cilium'] as const).map((f) => (
            <button key={f} type="button" aria-pressed={format === f} onClick={() => convert(f)}>
              {LABEL[f]}
            </button>
          ))}
        </span>
        {/* Neither side is pressed then: say why, so the switch never looks broken. */}
        {format === 'none' && <span className="np-switch-note">no policies yet</span>}
        {format === 'mixed' && <span className="np-switch-note">both kinds</span>}
      </span>
      {pending && (
        <div className="np-notice np-notice-error np-convert-pending" role="alert">
          <p>
            Converting would change {pending.changes.length} verdict{pending.changes.length === 1 ? '' : 's'}:
          </p>
          <ul>
            {pending.changes.slice(0, SHOWN).map((c) => (
              <li key={`${c.flow.from} ${c.flow.to} ${c.flow.port}/${c.flow.protocol}`}>
                {c.flow.from} → {c.flow.to} on {c.flow.port}/{c.flow.protocol}:{' '}
                {c.before ? 'allowed' : 'denied'} → {c.after ? 'allowed' : 'denied'}
              </li>
            ))}
            {pending.changes.length > SHOWN && <li>… and {pending.changes.length - SHOWN} more</li>}
          </ul>
          <span className="np-actions">
            <button
              type="button"
              className="np-button"
              onClick={() => {
                setPending(null);
                onApply(pending.text, pending.summary, pending.steps);
              }}
            >
              Convert anyway
            </button>
            <button type="button" className="np-button" onClick={() => setPending(null)}>
              Cancel
            </button>
          </span>
        </div>
      )}
    </>
  );
}
