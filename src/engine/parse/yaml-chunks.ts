import { parseAllDocuments, visit, type Document } from 'yaml';

/** A YAML syntax or alias problem, with offsets relative to the whole text. */
export interface YamlProblem {
  readonly code: 'yaml/syntax' | 'yaml/alias';
  readonly message: string;
  readonly start: number;
  readonly end: number;
}

/** One parsed YAML document; its node offsets are relative to `offset` in the whole text. */
export interface YamlChunkDoc {
  readonly document: Document;
  /** The plain value, or undefined when the document is empty or rejected. */
  readonly value: unknown;
  readonly offset: number;
}

interface CachedChunk {
  readonly docs: readonly { readonly document: Document; readonly value: unknown }[];
  readonly problems: readonly YamlProblem[];
}

const cache = new Map<string, CachedChunk>();
const CACHE_LIMIT = 2_000;
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
    let parsed = cache.get(chunk);
    if (!parsed) {
      parsed = parseChunk(chunk);
      if (cache.size >= CACHE_LIMIT) cache.clear();
      cache.set(chunk, parsed);
    }
    for (const d of parsed.docs) docs.push({ ...d, offset: start });
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
  const docs: { document: Document; value: unknown }[] = [];
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
    docs.push({ document, value: value ?? undefined });
  }
  return { docs, problems };
}
