import type { Diagnostic } from '../model/types.ts';

// Actions that only Helm renders: its built-in objects and its template functions.
const HELM_ACTION =
  /\{\{-?[^}\n]*?(?:\$?\.(?:Values|Release|Chart|Capabilities|Files|Template)\b|\b(?:include|tpl|template|required)\s+["$.(])/;
// `{{` where YAML expects a value or a line: not quoted, so it could never have been meant as text.
const BARE_BRACES = /^[ \t]*(?:-[ \t]+)*(?:[^\s#'"{][^#'"\n]*?:[ \t]+)?\{\{/m;

/** Where a template action starts: its character offset and 1-based line and column. */
export interface TemplateAt {
  readonly offset: number;
  readonly line: number;
  readonly column: number;
}

/** The first Helm template action in `text` (built-in objects, `include`, ...), if it has one. */
export function findHelmAction(text: string): TemplateAt | undefined {
  if (!text.includes('{{')) return undefined;
  return locate(text, text.search(HELM_ACTION));
}

/** The first unquoted `{{` where YAML expects a value or a line (any template language). */
export function findBareBraces(text: string): TemplateAt | undefined {
  if (!text.includes('{{')) return undefined;
  const at = text.search(BARE_BRACES);
  return at === -1 ? undefined : locate(text, text.indexOf('{{', at));
}

function locate(text: string, offset: number): TemplateAt | undefined {
  if (offset < 0) return undefined;
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { offset, line, column: offset - lineStart + 1 };
}

/** The one diagnostic for a Helm template that was not rendered, in place of everything else about the file. */
export function helmDiagnostic(file: string | undefined, at: TemplateAt): Diagnostic {
  const { line, column, offset } = at;
  const what = file === undefined ? 'This text' : file;
  return {
    code: 'input/helm-template',
    severity: 'error',
    message: `${what} is a template that was not rendered ("{{ ... }}" at line ${line}); render the chart first, e.g. \`helm template RELEASE CHART > rendered.yaml\`, and use the rendered manifests`,
    path: '',
    ...(file !== undefined ? { file } : {}),
    range: { line, column, endLine: line, endColumn: column + 2, start: offset, end: offset + 2 },
  };
}
