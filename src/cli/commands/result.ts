import { formatDiagnostic, type Diagnostic } from '../../engine/index.ts';
import type { InputProblems } from '../input.ts';

/** What a command writes and its exit code. */
export interface CommandResult {
  readonly stdout: string;
  /** Large outputs: pieces printed after `stdout`, produced one at a time so they never sit in memory together. */
  readonly more?: Iterable<string>;
  readonly stderr: string;
  /** 0 ran, 1 invalid input, 2 usage error, 3 `diff` found changes or `verify` denied connections. */
  readonly code: 0 | 1 | 2 | 3;
}

const CHUNK_CHARS = 1 << 20;

/** Joins `head`, the pieces (separated) and `tail` into chunks of about 1 MB, produced lazily. */
export function* chunked(
  head: string,
  pieces: Iterable<string>,
  separator: string,
  tail: string,
): Generator<string> {
  let chunk = head;
  let first = true;
  for (const piece of pieces) {
    chunk += first ? piece : separator + piece;
    first = false;
    if (chunk.length >= CHUNK_CHARS) {
      yield chunk;
      chunk = '';
    }
  }
  yield chunk + tail;
}

/** How many diagnostics of one code are printed before the rest are counted in one line. */
export const SHOWN_PER_CODE = 20;

/**
 * Returns the diagnostics as `file:line:col: message` lines (info notes left out). After the first
 * `SHOWN_PER_CODE` of one code the rest are counted in one line, so a file with the same mistake a
 * thousand times stays readable (`lint`, whose output is the diagnostics, passes `all`).
 */
export function report(diagnostics: readonly Diagnostic[], { all = false } = {}): string {
  const seen = new Map<string, number>();
  const lines: string[] = [];
  for (const d of diagnostics) {
    if (d.severity === 'info') continue;
    const count = (seen.get(d.code) ?? 0) + 1;
    seen.set(d.code, count);
    if (all || count <= SHOWN_PER_CODE) lines.push(formatDiagnostic(d));
  }
  for (const [code, count] of seen)
    if (!all && count > SHOWN_PER_CODE)
      lines.push(
        `netpol: ${(count - SHOWN_PER_CODE).toLocaleString('en')} more [${code}] not shown (${count.toLocaleString('en')} in all)`,
      );
  return lines.join('\n');
}

/** Returns the text for stderr: the diagnostics, one per line, and `note:` lines when asked for. */
export function stderrOf(diagnostics: readonly Diagnostic[], { notes = false } = {}): string {
  const lines = [report(diagnostics), ...(notes ? noteLines(diagnostics) : [])].filter((l) => l !== '');
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}

/**
 * Returns the summary of what was read and skipped (`cluster/summary`) as one `note:` line; other
 * notes (an input read as UTF-16, ...) follow as they were given.
 */
export function noteLines(diagnostics: readonly Diagnostic[]): string[] {
  return diagnostics.filter((d) => d.severity === 'info').map((d) => `note: ${d.message}`);
}

/** The result of a command whose input was invalid: the diagnostics on stderr, exit code 1. */
export function failed(problems: InputProblems): CommandResult {
  return { stdout: '', stderr: `${report(problems.diagnostics)}\n`, code: 1 };
}
