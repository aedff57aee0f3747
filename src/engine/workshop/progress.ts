import { packEnvelope, unpackEnvelope, type EnvelopeFailure } from '../share/envelope.ts';

/**
 * Progress codes: a learner's results for one workshop as a short text (`p1.…`) they paste into a
 * chat or save as a file; the host imports many into a class view. No server involved.
 */

/** How far a learner got with one exercise. */
export type ExerciseStatus = 'solved' | 'help' | 'open';

/** One learner's results for one workshop. */
export interface ProgressReport {
  /** `workshopId` of the workshop link the learner used. */
  readonly workshop: string;
  readonly learner: string;
  /** One status per exercise, in workshop order. */
  readonly statuses: readonly ExerciseStatus[];
}

/** Longest progress code accepted. */
export const MAX_PROGRESS_CODE_CHARS = 2_000;
const MAX_PROGRESS_BYTES = 8_000;
const LETTERS: Record<ExerciseStatus, string> = { solved: 'S', help: 'H', open: 'O' };
const STATUS_OF: Readonly<Record<string, ExerciseStatus>> = { S: 'solved', H: 'help', O: 'open' };

/** Encodes a report as a progress code. */
export async function encodeProgress(report: ProgressReport): Promise<string> {
  const learner = report.learner.trim().slice(0, 80);
  return packEnvelope(
    'p1',
    { w: report.workshop, n: learner, s: report.statuses.map((s) => LETTERS[s]).join('') },
    MAX_PROGRESS_BYTES,
  );
}

/** A decoded progress code, or a plain message saying what is wrong with it. */
export type ProgressDecodeResult =
  | { readonly ok: true; readonly report: ProgressReport }
  | { readonly ok: false; readonly reason: EnvelopeFailure | 'other-workshop'; readonly message: string };

const MESSAGES: Record<EnvelopeFailure, string> = {
  empty: 'The progress code is empty.',
  'unknown-version': 'This is not a progress code: they start with "p1.".',
  'newer-version':
    'This progress code was made by a newer version of NetPol Lab than this page. Reload the page to get the latest version, then import it again.',
  'bad-encoding': 'The progress code is damaged: it contains characters a code never has.',
  'too-large': 'The progress code is too long to be one.',
  'bad-compression': 'The progress code is damaged: it may have been cut off when copied.',
  'bad-content': 'The progress code unpacked, but its contents are not a valid progress report.',
};

/** Decodes a progress code; with `workshop`, also checks it belongs to that workshop. Never throws. */
export async function decodeProgress(code: string, workshop?: string): Promise<ProgressDecodeResult> {
  const unpacked = await unpackEnvelope(code, 'p1', {
    maxChars: MAX_PROGRESS_CODE_CHARS,
    maxBytes: MAX_PROGRESS_BYTES,
  });
  if (!unpacked.ok) return { ok: false, reason: unpacked.reason, message: MESSAGES[unpacked.reason] };
  const value = unpacked.value;
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return { ok: false, reason: 'bad-content', message: MESSAGES['bad-content'] };
  const { w, n, s } = value as Record<string, unknown>;
  const extra = Object.keys(value).some((key) => key !== 'w' && key !== 'n' && key !== 's');
  if (
    extra ||
    typeof w !== 'string' ||
    !/^[0-9a-f]{8}$/.test(w) ||
    typeof n !== 'string' ||
    n.length > 80 ||
    typeof s !== 'string' ||
    !/^[SHO]{1,60}$/.test(s)
  ) {
    return { ok: false, reason: 'bad-content', message: MESSAGES['bad-content'] };
  }
  if (workshop !== undefined && w !== workshop) {
    return {
      ok: false,
      reason: 'other-workshop',
      message: `This progress code belongs to another workshop (${w}, not ${workshop}).`,
    };
  }
  const statuses = [...s].map((letter) => STATUS_OF[letter] ?? 'open');
  return { ok: true, report: { workshop: w, learner: n.trim() === '' ? 'Anonymous' : n.trim(), statuses } };
}

/** One row of the class view. */
export interface ClassRow {
  readonly learner: string;
  readonly statuses: readonly ExerciseStatus[];
  readonly solved: number;
  readonly withHelp: number;
}

/** The class view: rows per learner plus the codes that could not be imported, with their line. */
export interface ClassView {
  readonly rows: readonly ClassRow[];
  readonly problems: readonly { readonly line: number; readonly message: string }[];
}

/**
 * Imports many progress codes (one per line, or separated by spaces) for a workshop of `count` exercises.
 * A learner who appears twice keeps their best result per exercise.
 */
export async function buildClassView(text: string, workshop: string, count: number): Promise<ClassView> {
  const rank: Record<ExerciseStatus, number> = { open: 0, help: 1, solved: 2 };
  const byLearner = new Map<string, ExerciseStatus[]>();
  const problems: { line: number; message: string }[] = [];
  const lines = text.split(/\r?\n/).slice(0, 2_000);
  for (const [index, line] of lines.entries()) {
    for (const code of line.split(/\s+/).filter((part) => part !== '')) {
      const decoded = await decodeProgress(code, workshop);
      if (!decoded.ok) {
        problems.push({ line: index + 1, message: decoded.message });
        continue;
      }
      const statuses = Array.from({ length: count }, (_, i) => decoded.report.statuses[i] ?? 'open');
      const known = byLearner.get(decoded.report.learner);
      byLearner.set(
        decoded.report.learner,
        known
          ? known.map((s, i) => (rank[statuses[i] ?? 'open'] > rank[s] ? (statuses[i] ?? s) : s))
          : statuses,
      );
    }
  }
  const rows = [...byLearner.entries()]
    .map(([learner, statuses]) => ({
      learner,
      statuses,
      solved: statuses.filter((s) => s === 'solved').length,
      withHelp: statuses.filter((s) => s === 'help').length,
    }))
    .sort((a, b) => a.learner.localeCompare(b.learner));
  return { rows, problems };
}
