import type { Diagnostic, Severity, SourceRange } from './types.ts';
import { formatPath, type FieldPath, type SourceDoc } from './source.ts';

/** Formats a value the way the API server quotes it in messages: strings quoted, the rest as JSON. */
export function formatValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === undefined) return 'null';
  const json = JSON.stringify(value);
  return json.length > 60 ? `${json.slice(0, 57)}...` : json;
}

/**
 * Collects diagnostics about one document, locating each field path in its source.
 * Messages follow the API server: `<path>: Invalid value: <value>: <detail>`.
 */
export class DiagnosticSink {
  readonly diagnostics: Diagnostic[] = [];
  private readonly doc: SourceDoc | undefined;

  constructor(doc?: SourceDoc) {
    this.doc = doc;
  }

  /** Whether an error (not a warning) was reported. */
  get hasErrors(): boolean {
    return this.diagnostics.some((d) => d.severity === 'error');
  }

  /** Whether an error was reported at `path` or below it. */
  hasErrorAt(path: FieldPath): boolean {
    // Checked after every field with extra rules: most documents have no findings at all.
    if (this.diagnostics.length === 0) return false;
    const prefix = formatPath(path);
    if (prefix === '') return this.hasErrors;
    return this.diagnostics.some(
      (d) =>
        d.severity === 'error' &&
        (d.path === prefix || d.path.startsWith(`${prefix}.`) || d.path.startsWith(`${prefix}[`)),
    );
  }

  /** Adds a finding with a full message. */
  add(
    code: string,
    path: FieldPath,
    message: string,
    extra: { severity?: Severity; fix?: string; part?: 'key' | 'value'; range?: SourceRange } = {},
  ): void {
    const range = extra.range ?? this.doc?.locate(path, extra.part);
    this.diagnostics.push({
      code,
      severity: extra.severity ?? 'error',
      message,
      path: formatPath(path),
      ...(range ? { range } : {}),
      ...(this.doc?.file !== undefined ? { file: this.doc.file } : {}),
      ...(extra.fix !== undefined ? { fix: extra.fix } : {}),
    });
  }

  /** `path: Invalid value: v: detail`. */
  invalid(path: FieldPath, value: unknown, detail: string): void {
    this.add('invalid-value', path, `${formatPath(path)}: Invalid value: ${formatValue(value)}: ${detail}`);
  }

  /** `path: Required value[: detail]`. */
  required(path: FieldPath, detail?: string): void {
    this.add('required', path, `${formatPath(path)}: Required value${detail ? `: ${detail}` : ''}`);
  }

  /** `path: Forbidden: detail`. */
  forbidden(path: FieldPath, detail: string): void {
    this.add('forbidden', path, `${formatPath(path)}: Forbidden: ${detail}`);
  }

  /** `path: Unsupported value: "v": supported values: "a", "b"`. */
  unsupported(path: FieldPath, value: unknown, supported: readonly string[]): void {
    const list = supported.map((s) => JSON.stringify(s)).join(', ');
    this.add(
      'unsupported-value',
      path,
      `${formatPath(path)}: Unsupported value: ${formatValue(value)}: supported values: ${list}`,
    );
  }

  /** A lint warning with its one-sentence fix. */
  warn(code: string, path: FieldPath, message: string, fix: string): void {
    this.add(code, path, message, { severity: 'warning', fix });
  }
}
