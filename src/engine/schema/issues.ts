import { formatPath, type FieldPath } from '../model/source.ts';

/** What the formatter needs of a zod issue (zod also allows symbols in paths). */
export interface SchemaIssue {
  readonly path: readonly PropertyKey[];
  readonly message: string;
}

/** Returns the issue's field path as path segments, under `prefix` (e.g. `['spec']`). */
export function issuePath(issue: SchemaIssue, prefix: FieldPath = []): FieldPath {
  return [...prefix, ...issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p))];
}

/**
 * Returns one issue as `field: message`, the field written as the API server writes paths
 * (`goals[1].expect`); the message alone when the whole value is wrong.
 */
export function formatIssue(issue: SchemaIssue, prefix: FieldPath = []): string {
  const path = issuePath(issue, prefix);
  return path.length === 0 ? issue.message : `${formatPath(path)}: ${issue.message}`;
}

/** Returns every issue in one line after the file name: `file: field: message; field: message`. */
export function formatIssues(issues: readonly SchemaIssue[], file?: string): string {
  const list = issues.map((issue) => formatIssue(issue)).join('; ');
  return file === undefined ? list : `${file}: ${list}`;
}
