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
  const learner = normalizeLearner(report.learner).slice(0, 80);
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
  return { ok: true, report: { workshop: w, learner: normalizeLearner(n), statuses } };
}

/** One row of the class view: one learner's report (a name with two different reports has two rows). */
export interface ClassRow {
  readonly learner: string;
  readonly statuses: readonly ExerciseStatus[];
  readonly solved: number;
  readonly withHelp: number;
  /** How many different reports carry this name (1 normally); each is its own row, never merged. */
  readonly sameName: number;
}

/** The class view: rows per report plus the codes that could not be imported, with their line. */
export interface ClassView {
  readonly rows: readonly ClassRow[];
  /** The first problems, one per code; the rest are counted in `moreProblems`. */
  readonly problems: readonly { readonly line: number; readonly message: string }[];
  readonly moreProblems: number;
  /** Codes past the limit that were not read at all. */
  readonly unread: number;
}

/** Most codes one import reads (a large class, with room). */
export const MAX_CLASS_CODES = 1_000;
/** How the class view shares the thread it runs on. */
export interface ClassViewOptions {
  /**
   * Called every few codes and awaited: a page passes a macrotask (`setTimeout`) so that decoding a
   * thousand codes, each a short chain of promises, never holds the main thread in one long task.
   */
  readonly pause?: () => Promise<void>;
}

/** Codes decoded between two pauses. */
const PAUSE_EVERY = 25;

/** Most problems listed one by one. */
const MAX_LISTED_PROBLEMS = 20;

// Characters that make two names look the same: zero-width spaces and joiners, word joiner, BOM, soft hyphen.
const INVISIBLE = /[\u00AD\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\uFEFF]/g;

/** Line feeds in `text[from, to)`. */
function countNewlines(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = text.indexOf('\n', from); i !== -1 && i < to; i = text.indexOf('\n', i + 1)) n += 1;
  return n;
}

/** The tokens `token` (a global regular expression past its last match) still finds, without keeping them. */
function countTokens(text: string, token: RegExp): number {
  let n = 0;
  while (token.exec(text) !== null) n += 1;
  return n;
}

/** A learner name as the class view compares it: Unicode NFKC, invisible characters removed, spaces collapsed. */
export function normalizeLearner(name: string): string {
  const clean = name.normalize('NFKC').replace(INVISIBLE, '').replace(/\s+/g, ' ').trim();
  return clean === '' ? 'Anonymous' : clean;
}

/**
 * Imports progress codes (one per line, or separated by spaces) for a workshop of `count` exercises.
 * A code is self-reported; codes with more exercises than the workshop are refused, and two different
 * reports under one name are both shown (marked) instead of being merged into the best. Reads at most
 * `MAX_CLASS_CODES` codes and lists the first problems, counting the rest.
 */
export async function buildClassView(
  text: string,
  workshop: string,
  count: number,
  options: ClassViewOptions = {},
): Promise<ClassView> {
  const reports = new Map<string, { learner: string; statuses: ExerciseStatus[] }>();
  const problems: { line: number; message: string }[] = [];
  let problemCount = 0;
  let read = 0;
  let unread = 0;
  let line = 1;
  let scanned = 0;
  const token = /\S+/g;
  const decodedByText = new Map<string, ProgressDecodeResult>();
  for (let match = token.exec(text); match !== null; match = token.exec(text)) {
    if (read >= MAX_CLASS_CODES) {
      unread = 1 + countTokens(text, token);
      break;
    }
    read += 1;
    if (options.pause !== undefined && read % PAUSE_EVERY === 0) await options.pause();
    line += countNewlines(text, scanned, match.index);
    scanned = match.index;
    const problem = (message: string): void => {
      problemCount += 1;
      if (problems.length < MAX_LISTED_PROBLEMS) problems.push({ line, message });
    };
    // The same text pasted many times is decoded once (each decode runs a decompression stream).
    const decoded = decodedByText.get(match[0]) ?? (await decodeProgress(match[0], workshop));
    decodedByText.set(match[0], decoded);
    if (!decoded.ok) {
      problem(decoded.message);
      continue;
    }
    if (decoded.report.statuses.length > count) {
      problem(
        `This progress code has ${decoded.report.statuses.length} exercises; this workshop has ${count}. It was made for another version of the workshop.`,
      );
      continue;
    }
    const learner = normalizeLearner(decoded.report.learner);
    const statuses = Array.from({ length: count }, (_, i) => decoded.report.statuses[i] ?? 'open');
    // The same report pasted twice is one row; a different report under the same name is another.
    reports.set(`${learner}\u0000${statuses.join(',')}`, { learner, statuses });
  }
  const perName = new Map<string, number>();
  for (const { learner } of reports.values()) perName.set(learner, (perName.get(learner) ?? 0) + 1);
  const rows = [...reports.values()]
    .map(({ learner, statuses }) => ({
      learner,
      statuses,
      solved: statuses.filter((s) => s === 'solved').length,
      withHelp: statuses.filter((s) => s === 'help').length,
      sameName: perName.get(learner) ?? 1,
    }))
    .sort((a, b) => a.learner.localeCompare(b.learner));
  return { rows, problems, moreProblems: problemCount - problems.length, unread };
}
