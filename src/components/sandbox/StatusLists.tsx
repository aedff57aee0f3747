import type { Diagnostic, FlowChange } from '../../engine/index.ts';
import { portLabel } from './model.ts';

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
              <span>{d.message}</span>
              {d.fix && <span className="np-diag-fix"> Fix: {d.fix}</span>}
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

/** Flows whose verdict changed with the last edit, announced politely. */
export function ChangeList({ changes }: { readonly changes: readonly FlowChange[] }) {
  const shown = changes.slice(0, 6);
  return (
    <div className="np-changes" aria-live="polite" aria-atomic="true">
      {changes.length > 0 && (
        <ul aria-label="Changed by your last edit">
          {shown.map((change) => (
            <li key={`${change.flow.from}>${change.flow.to}`} className={change.after ? 'np-ok' : 'np-bad'}>
              {changeText(change)}
            </li>
          ))}
          {changes.length > shown.length && <li>and {changes.length - shown.length} more</li>}
        </ul>
      )}
    </div>
  );
}
