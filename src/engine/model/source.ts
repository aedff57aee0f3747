import type { SourceRange } from './types.ts';

/** One step of a field path: an object key or an array index. */
export type PathSegment = string | number;

/** A field path, e.g. `['spec', 'ingress', 0, 'ports']`. */
export type FieldPath = readonly PathSegment[];

/** Formats a field path the way the API server prints it: `spec.ingress[0].ports`. */
export function formatPath(path: FieldPath): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (/^[A-Za-z_][A-Za-z0-9_-]*$/.test(segment)) out += out === '' ? segment : `.${segment}`;
    else out += `[${segment}]`;
  }
  return out;
}

/** Maps character offsets to 1-based line/column positions (line starts computed once, lazily). */
export class LineIndex {
  private starts: number[] | undefined;
  private readonly text: string;

  constructor(text: string) {
    this.text = text;
  }

  /** Returns the range covering offsets `[start, end)`. */
  range(start: number, end: number): SourceRange {
    // Parsers may report an error one character past the end of the text: keep ranges inside it.
    const from = Math.min(Math.max(0, start), this.text.length);
    const to = Math.min(Math.max(from, end), this.text.length);
    const a = this.position(from);
    const b = this.position(to);
    return { line: a.line, column: a.column, endLine: b.line, endColumn: b.column, start: from, end: to };
  }

  /** Returns the 1-based line and column of an offset. */
  position(offset: number): { line: number; column: number } {
    const starts = this.lineStarts();
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] ?? 0) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - (starts[lo] ?? 0) + 1 };
  }

  private lineStarts(): number[] {
    if (this.starts) return this.starts;
    const starts = [0];
    for (let i = this.text.indexOf('\n'); i !== -1; i = this.text.indexOf('\n', i + 1)) starts.push(i + 1);
    this.starts = starts;
    return starts;
  }
}

/**
 * One parsed manifest (a YAML document, a JSON object, or an item of a `kind: List`),
 * with lazy lookups from field paths back to the source text.
 */
export interface SourceDoc {
  /** The plain JavaScript value (objects, arrays, strings, numbers, booleans, null). */
  readonly value: unknown;
  readonly file?: string;
  /** Range of the whole document. */
  readonly range?: SourceRange | undefined;
  /** Range of the value at `path` (or of its key when `part` is `key`), falling back to the nearest ancestor. */
  locate(path: FieldPath, part?: 'value' | 'key'): SourceRange | undefined;
  /** Whether the scalar at `path` was written without quotes (YAML plain style); false for JSON. */
  isPlainScalar(path: FieldPath): boolean;
}
