import type { Diagnostic } from '../model/types.ts';

/** Formats a diagnostic as `file:line:col: severity: message` (the CLI's stderr format). */
export function formatDiagnostic(d: Diagnostic, fallbackFile = '<input>'): string {
  const where = `${d.file ?? fallbackFile}:${d.range?.line ?? 1}:${d.range?.column ?? 1}`;
  const fix = d.fix ? ` (fix: ${d.fix})` : '';
  return `${where}: ${d.severity === 'error' ? '' : `${d.severity}: `}${d.message} [${d.code}]${d.severity === 'warning' ? fix : ''}`;
}
