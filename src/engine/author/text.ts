import { isMap, isScalar, isSeq, parseAllDocuments, stringify, type Document } from 'yaml';

/**
 * Text edits of a policies file that keep what the user wrote: a rule is inserted as new lines at the end of
 * an existing block list, indented like its neighbours; only when there is no such list is the one document
 * re-printed (the `yaml` Document API keeps its comments); every other document stays byte for byte.
 */

/** Names one policy document. */
export interface PolicyKey {
  readonly kind: string;
  readonly name: string;
  /** Absent for cluster-scoped kinds. */
  readonly namespace?: string;
}

/** Returns the documents of a text, or `undefined` when its YAML has errors (edits need a clean text). */
export function readDocuments(text: string): Document.Parsed[] | undefined {
  const docs = parseAllDocuments(text);
  if (!Array.isArray(docs) || docs.some((d) => d.errors.length > 0)) return undefined;
  return docs;
}

function matches(doc: Document, key: PolicyKey): boolean {
  const value: unknown = doc.toJS({ maxAliasCount: 0 });
  if (value === null || typeof value !== 'object') return false;
  const head = value as { kind?: unknown; metadata?: { name?: unknown; namespace?: unknown } };
  if (head.kind !== key.kind || head.metadata?.name !== key.name) return false;
  if (key.namespace === undefined) return true;
  const ns = typeof head.metadata.namespace === 'string' ? head.metadata.namespace : 'default';
  return ns === key.namespace;
}

function columnOf(text: string, offset: number): number {
  return offset - (text.lastIndexOf('\n', offset - 1) + 1);
}

/** Whether block lists under a key are indented past the key (`key:\n  - a`) in this document. */
function indentsSequences(text: string, doc: Document): boolean {
  let found: boolean | undefined;
  const visit = (node: unknown): void => {
    if (found !== undefined) return;
    if (isMap(node))
      for (const pair of node.items) {
        const value = pair.value;
        if (isSeq(value) && !value.flow && value.range && isScalar(pair.key) && pair.key.range) {
          found = columnOf(text, value.range[0]) > columnOf(text, pair.key.range[0]);
          return;
        }
        visit(value);
      }
    else if (isSeq(node)) for (const item of node.items) visit(item);
  };
  visit(doc.contents);
  return found ?? true;
}

function indentLines(block: string, column: number): string {
  const pad = ' '.repeat(column);
  return block
    .trimEnd()
    .split('\n')
    .map((line) => (line === '' ? line : pad + line))
    .join('\n');
}

/** Returns the text with `item` appended to the list at `path` of the document `key` names, or undefined. */
export function appendToList(
  text: string,
  key: PolicyKey,
  path: readonly string[],
  item: unknown,
): string | undefined {
  const docs = readDocuments(text);
  const doc = docs?.find((d) => matches(d, key));
  if (!docs || !doc) return undefined;
  const indentSeq = indentsSequences(text, doc);
  const list: unknown = doc.getIn(path, true);
  if (isSeq(list) && !list.flow && list.range && list.items.length > 0) {
    const column = columnOf(text, list.range[0]);
    const block = indentLines(
      stringify([item], { indentSeq, lineWidth: 0, aliasDuplicateObjects: false }),
      column,
    );
    const at = list.range[1];
    const before = text.slice(0, at);
    return before.endsWith('\n')
      ? `${before}${block}\n${text.slice(at)}`
      : `${before}\n${block}${text.slice(at)}`;
  }
  const items = isSeq(list) ? list.items : [];
  const node = doc.createNode([...items, item], { aliasDuplicateObjects: false });
  doc.setIn(path, node);
  return replaceDocument(text, docs, doc, indentSeq);
}

/** Returns the text with the document re-printed in place (its comments kept), the others untouched. */
export function replaceDocument(
  text: string,
  docs: readonly Document.Parsed[],
  doc: Document.Parsed,
  indentSeq = indentsSequences(text, doc),
): string {
  const index = docs.indexOf(doc);
  const start = index === 0 ? 0 : (docs[index - 1]?.range[2] ?? 0);
  const end = doc.range[2];
  const printed = doc.toString({ indentSeq, lineWidth: 0 });
  return text.slice(0, start) + printed + text.slice(end);
}

/** Returns the text with the list item at `path` + `index` removed from the document `key` names. */
export function removeListItem(
  text: string,
  key: PolicyKey,
  path: readonly (string | number)[],
  index: number,
): string | undefined {
  const docs = readDocuments(text);
  const doc = docs?.find((d) => matches(d, key));
  if (!docs || !doc) return undefined;
  const list: unknown = doc.getIn(path, true);
  if (!isSeq(list) || index >= list.items.length) return undefined;
  list.items.splice(index, 1);
  return replaceDocument(text, docs, doc);
}

/** Returns the text with a new document appended (after a `---`). */
export function appendDocument(text: string, object: unknown): string {
  const printed = stringify(object, { lineWidth: 0, aliasDuplicateObjects: false });
  const trimmed = text.trimEnd();
  const docs = readDocuments(text);
  const empty = trimmed === '' || (docs !== undefined && docs.every((d) => d.contents === null));
  if (empty) return trimmed === '' ? printed : `${trimmed}\n---\n${printed}`;
  return `${trimmed}\n---\n${printed}`;
}
