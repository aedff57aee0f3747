/**
 * Where the cursor is in a YAML text, read from indentation alone (good enough for
 * completion): typing a key or a value, which key, and the keys above it.
 */
export interface YamlContext {
  readonly position: 'key' | 'value';
  /** The key whose value is being typed (value position), or the word being typed (key position). */
  readonly key: string;
  /** Keys of the enclosing blocks, outermost first. */
  readonly parents: readonly string[];
  /** Start offset of the word being completed. */
  readonly from: number;
}

const KEY_LINE = /^(\s*)(?:-\s+)*([\w./-]+)\s*:/;

/** Returns the completion context at `pos` in `text`. */
export function yamlContextAt(text: string, pos: number): YamlContext {
  const lineStart = text.lastIndexOf('\n', pos - 1) + 1;
  const before = text.slice(lineStart, pos);
  const word = /[\w./-]*$/.exec(before)?.[0] ?? '';
  const from = pos - word.length;
  const valueMatch = /^\s*(?:-\s+)*([\w./-]+)\s*:\s*(?:\[\s*|\{\s*)?(?:[^,[\]{}]*,\s*)*["']?$/.exec(
    before.slice(0, before.length - word.length),
  );
  const indent = /^\s*(?:-\s+)*/.exec(before)?.[0].length ?? 0;
  const parents = parentKeys(text, lineStart, indent);
  if (valueMatch?.[1] !== undefined) return { position: 'value', key: valueMatch[1], parents, from };
  const listItem = /^\s*-\s+["']?$/.test(before.slice(0, before.length - word.length));
  if (listItem && parents.length > 0)
    return { position: 'value', key: parents[parents.length - 1] ?? '', parents: parents.slice(0, -1), from };
  return { position: 'key', key: word, parents, from };
}

function parentKeys(text: string, lineStart: number, indent: number): string[] {
  const parents: string[] = [];
  let limit = indent;
  let end = lineStart - 1;
  while (end > 0 && limit > 0) {
    const start = text.lastIndexOf('\n', end - 1) + 1;
    const line = text.slice(start, end);
    end = start - 1;
    if (/^\s*(#.*)?$/.test(line)) continue;
    if (/^---/.test(line)) break;
    const match = KEY_LINE.exec(line);
    const lineIndent = /^\s*(?:-\s+)*/.exec(line)?.[0].length ?? 0;
    const keyIndent = match ? lineIndent : (/^\s*/.exec(line)?.[0].length ?? 0);
    if (match?.[2] !== undefined && keyIndent < limit) {
      parents.unshift(match[2]);
      limit = keyIndent;
    }
  }
  return parents;
}
