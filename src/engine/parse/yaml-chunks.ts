import { isAlias, isMap, isScalar, isSeq, parseAllDocuments, visit, type Document, type Node } from 'yaml';
import type { FieldPath } from '../model/source.ts';
import { readBlockYaml, type BlockNode } from './yaml-block.ts';
import { LruCache } from '../cache/lru.ts';

/** A YAML syntax or alias problem, with offsets relative to the whole text. */
export interface YamlProblem {
  readonly code: 'yaml/syntax' | 'yaml/alias';
  readonly message: string;
  readonly start: number;
  readonly end: number;
}

/** Where a field path leads in a document: offsets relative to the document's chunk. */
export interface ChunkLocation {
  readonly start: number;
  readonly end: number;
  /** Offsets of the key when the path ends at a map value, else -1. */
  readonly keyStart: number;
  readonly keyEnd: number;
  /** Whether the node is a scalar written without quotes. */
  readonly plain: boolean;
}

/** One parsed YAML document, shared by every parse of the same chunk text. */
interface ChunkDoc {
  /** The plain value, or undefined when the document is empty or rejected. */
  readonly value: unknown;
  /** The node at `path`, or at its nearest ancestor that exists; undefined without offsets. */
  readonly find: (path: FieldPath) => ChunkLocation | undefined;
}

/** One parsed YAML document; its offsets are relative to `offset` in the whole text. */
export interface YamlChunkDoc extends ChunkDoc {
  readonly offset: number;
}

interface CachedChunk {
  readonly docs: readonly ChunkDoc[];
  readonly problems: readonly YamlProblem[];
}

// Keyed by document text: the documents of the texts being edited stay, older ones make room.
const cache = new LruCache<string, CachedChunk>(2_000);
const SEPARATOR = /^---(?=[ \t]|\r?$)/gm;

/**
 * Parses multi-document YAML one document at a time, caching each document's parse by its text:
 * after an edit in an editor only the edited document is parsed again. Falls back to parsing the
 * whole text when it uses directives (`%YAML`, `%TAG`), which apply across separators.
 */
export function parseYamlChunks(text: string): { docs: YamlChunkDoc[]; problems: YamlProblem[] } {
  const starts = /^%/m.test(text) ? [0] : chunkStarts(text);
  const docs: YamlChunkDoc[] = [];
  const problems: YamlProblem[] = [];
  starts.forEach((start, i) => {
    const chunk = text.slice(start, starts[i + 1] ?? text.length);
    const parsed = cache.get(chunk, parseChunk);
    for (const d of parsed.docs) docs.push({ value: d.value, find: d.find, offset: start });
    for (const p of parsed.problems) problems.push({ ...p, start: p.start + start, end: p.end + start });
  });
  return { docs, problems };
}

function chunkStarts(text: string): number[] {
  const starts = [0];
  for (const match of text.matchAll(SEPARATOR)) if (match.index > 0) starts.push(match.index);
  return starts;
}

function parseChunk(chunk: string): CachedChunk {
  // Most documents are plain block YAML: read those on the fast path, the rest with the `yaml` package.
  const root = readBlockYaml(chunk);
  if (root) return { docs: [{ value: root.value, find: (path) => findBlockNode(root, path) }], problems: [] };
  const docs: ChunkDoc[] = [];
  const problems: YamlProblem[] = [];
  for (const document of parseAllDocuments(chunk, { uniqueKeys: true, prettyErrors: false })) {
    if (document.errors.length > 0) {
      for (const error of document.errors) {
        problems.push({
          code: 'yaml/syntax',
          message: error.message.split('\n')[0] ?? error.message,
          start: error.pos[0],
          end: error.pos[1],
        });
      }
      continue;
    }
    let aliased = false;
    visit(document, {
      Alias(_key, node) {
        aliased = true;
        const [start = 0, end = 0] = node.range ?? [];
        problems.push({
          code: 'yaml/alias',
          message: 'YAML aliases (*name) are not allowed in manifests: write the value out',
          start,
          end,
        });
      },
    });
    // Aliases are refused before any value is built, so an alias bomb never expands.
    const value =
      aliased || document.contents === null ? undefined : (document.toJS({ maxAliasCount: 0 }) as unknown);
    docs.push({ value: value ?? undefined, find: (path) => findDocumentNode(document, path) });
  }
  return { docs, problems };
}

function findBlockNode(root: BlockNode, path: FieldPath): ChunkLocation {
  let node = root;
  for (const segment of path) {
    const children = node.children;
    const next =
      children instanceof Map
        ? children.get(String(segment))
        : typeof segment === 'number'
          ? children?.[segment]
          : undefined;
    if (!next) break;
    node = next;
  }
  return node;
}

function findDocumentNode(document: Document, path: FieldPath): ChunkLocation | undefined {
  let node: Node | null = document.contents;
  let key: Node | null = null;
  for (const segment of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(segment));
      if (!pair) break;
      key = pair.key as Node;
      node = (pair.value as Node | null) ?? key;
    } else if (isSeq(node) && typeof segment === 'number' && node.items[segment] !== undefined) {
      key = null;
      node = node.items[segment] as Node;
    } else break;
  }
  const range = node?.range;
  if (!range) return undefined;
  const keyRange = key?.range;
  return {
    start: range[0],
    end: range[1],
    keyStart: keyRange ? keyRange[0] : -1,
    keyEnd: keyRange ? keyRange[1] : -1,
    plain: isScalar(node) && !isAlias(node) && node.type === 'PLAIN',
  };
}
