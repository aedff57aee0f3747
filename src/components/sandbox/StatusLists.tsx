import { useState } from 'react';
import type { Diagnostic, FlowChange, PortProtocol } from '../../engine/index.ts';
import type { Overview } from './worker/session.ts';
import { portLabel } from './model.ts';
import Words from './Words.tsx';

/** The engine's findings as a list under the editor, with line numbers. */
export function DiagnosticList({ diagnostics }: { readonly diagnostics: readonly Diagnostic[] }) {
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.length - errors;
  return (
    <div className="np-diagnostics">
      <p className="np-diagnostics-count">
        {diagnostics.length === 0 ? (
          <span className="np-ok">✓ No problems found</span>
        ) : (
          <span className={errors > 0 ? 'np-bad' : 'np-warn'}>
            {errors} {errors === 1 ? 'error' : 'errors'}, {warnings} {warnings === 1 ? 'warning' : 'warnings'}
          </span>
        )}
      </p>
      {diagnostics.length > 0 && (
        <ul aria-label="Problems">
          {diagnostics.slice(0, 8).map((d, index) => (
            <li key={index} className={`np-diag np-diag-${d.severity}`}>
              <span className="np-diag-where">{d.range ? `Line ${d.range.line}` : 'File'}</span>{' '}
              <span>
                <Words text={d.message} />
              </span>
              {d.fix && (
                <span className="np-diag-fix">
                  {' '}
                  Fix: <Words text={d.fix} />
                </span>
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** Returns the sentence for one changed flow. */
export function changeText(change: FlowChange): string {
  return `now ${change.after ? 'allowed' : 'denied'}: ${change.flow.from} → ${change.flow.to}:${portLabel(change.flow)}`;
}

/** Returns the sentence a screen reader hears after an edit: how many flows changed, and which. */
export function changeSentence(changes: readonly FlowChange[]): string {
  if (changes.length === 0) return '';
  const named = changes
    .slice(0, 6)
    .map(
      (c) =>
        `${c.flow.from} to ${c.flow.to} on ${portLabel(c.flow)} is now ${c.after ? 'allowed' : 'denied'}`,
    );
  const more = changes.length > 6 ? `; and ${changes.length - 6} more` : '';
  const count = changes.length === 1 ? '1 connection' : `${changes.length} connections`;
  return `Your last edit changed ${count}: ${named.join('; ')}${more}.`;
}

/** Changes listed at once; the rest wait behind a disclosure. */
const SHOWN_CHANGES = 6;
/** Most changes the disclosure lists (a whole-cluster edit can change tens of thousands). */
const LISTED_CHANGES = 200;

/**
 * Flows whose verdict changed with the last edit: chips to read, and one polite sentence for screen
 * readers (the chips stay outside the live region so they are not read twice). A long list shows its
 * first few and "N more" behind a disclosure, whose items are only built when it is opened.
 */
export function ChangeList({ changes }: { readonly changes: readonly FlowChange[] }) {
  const shown = changes.slice(0, SHOWN_CHANGES);
  const rest = changes.length - shown.length;
  return (
    <div className="np-changes">
      <p className="np-visually-hidden" aria-live="polite">
        {changeSentence(changes)}
      </p>
      {changes.length > 0 && (
        <ul aria-label="Changed by your last edit">
          {shown.map((change) => (
            <ChangeItem key={`${change.flow.from}>${change.flow.to}`} change={change} />
          ))}
        </ul>
      )}
      {rest > 0 && <MoreChanges changes={changes.slice(SHOWN_CHANGES)} />}
    </div>
  );
}

function ChangeItem({ change }: { readonly change: FlowChange }) {
  return <li className={change.after ? 'np-ok' : 'np-bad'}>{changeText(change)}</li>;
}

function MoreChanges({ changes }: { readonly changes: readonly FlowChange[] }) {
  const [open, setOpen] = useState(false);
  const listed = open ? changes.slice(0, LISTED_CHANGES) : [];
  const unlisted = changes.length - LISTED_CHANGES;
  return (
    <details className="np-more-changes" onToggle={(event) => setOpen(event.currentTarget.open)}>
      <summary>{changes.length.toLocaleString('en')} more</summary>
      {open && (
        <ul aria-label="More changes">
          {listed.map((change) => (
            <ChangeItem key={`${change.flow.from}>${change.flow.to}`} change={change} />
          ))}
          {unlisted > 0 && (
            <li>
              and {unlisted.toLocaleString('en')} more not listed here: the table shows every connection
            </li>
          )}
        </ul>
      )}
    </details>
  );
}

/** What the last edit changed in a large cluster (unit pairs, from the worker's overview of the whole table). */
export function UnitChangeList({
  overview,
  port,
}: {
  readonly overview: Overview | null;
  readonly port: PortProtocol;
}) {
  const current = overview && overview.port.port === port.port && overview.port.protocol === port.protocol;
  const changes = current ? overview.changes : [];
  const count = current ? overview.changeCount : 0;
  const shown = changes.slice(0, 6);
  const sentence =
    count === 0
      ? ''
      : `Your last edit changed ${count === 1 ? '1 connection' : `${count} connections`}: ${shown
          .map(
            (c) => `${c.from} to ${c.to} is now ${c.after === 'mixed' ? 'allowed for some pods' : c.after}`,
          )
          .join('; ')}${count > shown.length ? `; and ${count - shown.length} more` : ''}.`;
  return (
    <div className="np-changes">
      <p className="np-visually-hidden" aria-live="polite">
        {sentence}
      </p>
      {count > 0 && (
        <ul aria-label="Changed by your last edit">
          {shown.map((c) => (
            <li key={`${c.from}>${c.to}`} className={c.after === 'denied' ? 'np-bad' : 'np-ok'}>
              now {c.after === 'mixed' ? 'allowed for some pods' : c.after}: {c.from} → {c.to}:
              {portLabel(port)}
            </li>
          ))}
          {count > shown.length && <li>and {count - shown.length} more</li>}
        </ul>
      )}
    </div>
  );
}
