import type { FieldPath } from '../model/source.ts';

/** Offsets of one JSON value and, for containers, of its children. */
interface JsonNode {
  readonly start: number;
  end: number;
  keyStart?: number;
  keyEnd?: number;
  children?: Map<string, JsonNode> | JsonNode[];
}

/** Offsets found for a path: the value and (for object members) its key. */
export interface JsonSpan {
  readonly start: number;
  readonly end: number;
  readonly keyStart?: number;
  readonly keyEnd?: number;
}

/**
 * Builds, on first use, an offset tree for text that `JSON.parse` already accepted, so
 * diagnostics get line numbers without slowing down the common (valid) path.
 */
export function createJsonLocator(text: string): (path: FieldPath) => JsonSpan | undefined {
  let root: JsonNode | undefined;
  return (path) => {
    root ??= scan(text);
    let node: JsonNode = root;
    for (const segment of path) {
      const children = node.children;
      const next = children instanceof Map ? children.get(String(segment)) : children?.[Number(segment)];
      if (!next) return node;
      node = next;
    }
    return node;
  };
}

function scan(text: string): JsonNode {
  let i = 0;
  const ws = (): void => {
    while (i < text.length && ' \t\r\n'.includes(text.charAt(i))) i++;
  };
  const str = (): void => {
    i++;
    while (i < text.length && text.charAt(i) !== '"') i += text.charAt(i) === '\\' ? 2 : 1;
    i++;
  };
  const value = (): JsonNode => {
    ws();
    const node: JsonNode = { start: i, end: i };
    const c = text.charAt(i);
    if (c === '{') {
      const members = new Map<string, JsonNode>();
      node.children = members;
      i++;
      for (ws(); text.charAt(i) !== '}' && i < text.length; ws()) {
        const keyStart = i;
        str();
        const key = JSON.parse(text.slice(keyStart, i)) as string;
        const keyEnd = i;
        ws();
        i++; // ':'
        const child = value();
        child.keyStart = keyStart;
        child.keyEnd = keyEnd;
        members.set(key, child);
        ws();
        if (text.charAt(i) === ',') i++;
      }
      i++;
    } else if (c === '[') {
      const items: JsonNode[] = [];
      node.children = items;
      i++;
      for (ws(); text.charAt(i) !== ']' && i < text.length; ws()) {
        items.push(value());
        ws();
        if (text.charAt(i) === ',') i++;
      }
      i++;
    } else if (c === '"') {
      str();
    } else {
      while (i < text.length && !',]} \t\r\n'.includes(text.charAt(i))) i++;
    }
    node.end = i;
    return node;
  };
  return value();
}
