import { parseYamlChunks, type YamlChunkDoc } from './yaml-chunks.ts';
import type { Diagnostic, SourceRange } from '../model/types.ts';
import { createJsonLocator } from './json-locator.ts';
import { findExcessNesting } from './depth.ts';
import { LineIndex, type FieldPath, type SourceDoc } from '../model/source.ts';
import { findBareBraces, findHelmAction, helmDiagnostic } from './helm.ts';

/** Limits that keep a pasted file from freezing the browser tab. */
export interface ParseLimits {
  /** Largest accepted input, in characters (default 16 MiB). */
  readonly maxChars?: number;
  /** Most documents (after expanding `kind: List`) accepted (default 50,000). */
  readonly maxDocuments?: number;
  /** Deepest nesting of collections accepted, checked before parsing (default 100). */
  readonly maxDepth?: number;
}

/** Options of `parseManifests`. */
export interface ParseOptions extends ParseLimits {
  /** File name used in diagnostics (`file:line:col: message`). */
  readonly file?: string;
}

/** Documents read from one text, with the syntax problems found. */
export interface ParsedManifests {
  readonly documents: readonly SourceDoc[];
  readonly diagnostics: readonly Diagnostic[];
}

const DEFAULT_MAX_CHARS = 16 * 1024 * 1024;
const DEFAULT_MAX_DOCUMENTS = 50_000;
const DEFAULT_MAX_DEPTH = 100;

/** Parses multi-document YAML or JSON (an object, an array of objects, or a `kind: List`). Never throws. */
export function parseManifests(text: string, options: ParseOptions = {}): ParsedManifests {
  const lines = new LineIndex(text);
  const fail = (code: string, message: string, start = 0, end = 0, fix?: string): ParsedManifests => ({
    documents: [],
    diagnostics: [
      {
        code,
        severity: 'error',
        message,
        path: '',
        range: lines.range(start, end),
        ...fileOf(options),
        ...(fix !== undefined ? { fix } : {}),
      },
    ],
  });
  const maxChars = options.maxChars ?? DEFAULT_MAX_CHARS;
  if (text.length > maxChars) {
    return fail(
      'input/too-large',
      `input is ${text.length.toLocaleString('en')} characters, more than the limit of ${maxChars.toLocaleString('en')}`,
      0,
      0,
      'Split the manifests into smaller files, or keep only the objects you are working on.',
    );
  }
  // Bounded before parsing: parsers and validators recurse once per level.
  const maxDepth = options.maxDepth ?? DEFAULT_MAX_DEPTH;
  const deep = findExcessNesting(text, maxDepth);
  if (deep !== -1) {
    return fail(
      'input/too-deep',
      `input nests more than ${maxDepth} levels deep; manifests never need that many`,
      deep,
      deep + 1,
    );
  }
  // A chart that was not rendered: one message pointing at `helm template`, not dozens of YAML errors.
  const helm = findHelmAction(text);
  if (helm) return { documents: [], diagnostics: [helmDiagnostic(options.file, helm)] };
  const trimmed = text.trimStart();
  let parsed =
    trimmed.startsWith('{') || trimmed.startsWith('[') ? parseJson(text, lines, options) : undefined;
  parsed ??= parseYaml(text, lines, options);
  if (parsed.diagnostics.some((d) => d.severity === 'error')) {
    const braces = findBareBraces(text);
    if (braces) return { documents: [], diagnostics: [helmDiagnostic(options.file, braces)] };
  }
  const documents = expandLists(parsed.documents);
  const maxDocuments = options.maxDocuments ?? DEFAULT_MAX_DOCUMENTS;
  if (documents.length > maxDocuments) {
    return fail(
      'input/too-many-documents',
      `input has ${documents.length} documents, more than the limit of ${maxDocuments}`,
    );
  }
  return { documents, diagnostics: parsed.diagnostics };
}

function fileOf(options: ParseOptions): { file?: string } {
  return options.file !== undefined ? { file: options.file } : {};
}

function parseJson(text: string, lines: LineIndex, options: ParseOptions): ParsedManifests | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined; // YAML is a superset of JSON and reports the error with a position.
  }
  const locateSpan = createJsonLocator(text);
  const doc = (prefix: FieldPath, item: unknown): SourceDoc => ({
    value: item,
    ...fileOf(options),
    get range() {
      const span = locateSpan(prefix);
      return span ? lines.range(span.start, span.end) : undefined;
    },
    locate(path, part) {
      const span = locateSpan([...prefix, ...path]);
      if (!span) return undefined;
      return part === 'key' && span.keyStart !== undefined
        ? lines.range(span.keyStart, span.keyEnd ?? span.keyStart)
        : lines.range(span.start, span.end);
    },
    isPlainScalar: () => false,
  });
  const documents = Array.isArray(value) ? value.map((item, i) => doc([i], item)) : [doc([], value)];
  return { documents, diagnostics: [] };
}

function parseYaml(text: string, lines: LineIndex, options: ParseOptions): ParsedManifests {
  const { docs, problems } = parseYamlChunks(text);
  const diagnostics: Diagnostic[] = problems.map((p) => ({
    code: p.code,
    severity: 'error',
    message: p.message,
    path: '',
    range: lines.range(p.start, p.end),
    ...fileOf(options),
  }));
  const documents = docs.flatMap((d) =>
    d.value === null || d.value === undefined ? [] : [yamlDoc(d, lines, options)],
  );
  return { documents, diagnostics };
}

function yamlDoc(doc: YamlChunkDoc, lines: LineIndex, options: ParseOptions): SourceDoc {
  const locate = (path: FieldPath, part?: 'value' | 'key'): SourceRange | undefined => {
    const at = doc.find(path);
    if (!at) return undefined;
    const key = part === 'key' && at.keyStart >= 0;
    return lines.range(doc.offset + (key ? at.keyStart : at.start), doc.offset + (key ? at.keyEnd : at.end));
  };
  return {
    value: doc.value,
    ...fileOf(options),
    range: locate([]),
    locate,
    isPlainScalar: (path) => doc.find(path)?.plain ?? false,
  };
}

/**
 * Replaces each list document with its items, keeping their source positions: `kind: List` (what
 * `kubectl get ... -o yaml` prints) and typed lists (`PodList`, `NetworkPolicyList`, ... from `-o json`), at any
 * depth. Items of a typed list may omit `kind` and `apiVersion`: they take the list's, as the API server's do.
 */
function expandLists(documents: readonly SourceDoc[]): SourceDoc[] {
  const out: SourceDoc[] = [];
  const visit = (doc: SourceDoc, depth: number): void => {
    const value = doc.value as { kind?: unknown; apiVersion?: unknown; items?: unknown } | null;
    const kind = value && typeof value === 'object' ? value.kind : undefined;
    if (depth > 8 || typeof kind !== 'string' || !kind.endsWith('List') || !Array.isArray(value?.items)) {
      out.push(doc);
      return;
    }
    const itemKind = kind === 'List' ? undefined : kind.slice(0, -'List'.length);
    const apiVersion = value.apiVersion;
    value.items.forEach((item: unknown, i: number) => {
      const prefix: FieldPath = ['items', i];
      const filled =
        itemKind !== undefined && item !== null && typeof item === 'object' && !Array.isArray(item)
          ? { ...(typeof apiVersion === 'string' ? { apiVersion } : {}), kind: itemKind, ...item }
          : item;
      visit(
        {
          value: filled,
          ...(doc.file !== undefined ? { file: doc.file } : {}),
          get range() {
            return doc.locate(prefix);
          },
          locate: (path, part) => doc.locate([...prefix, ...path], part),
          isPlainScalar: (path) => doc.isPlainScalar([...prefix, ...path]),
        },
        depth + 1,
      );
    });
  };
  for (const doc of documents) visit(doc, 0);
  return out;
}
