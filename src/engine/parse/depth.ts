/**
 * A cheap nesting check run before any YAML or JSON parsing: parsers and validators recurse once per
 * level, so 100,000 nested `[` would overflow the stack (and take seconds doing it). Manifests nest
 * about ten levels deep; the check refuses text that nests deeper than a limit in one linear pass.
 *
 * The estimate counts flow brackets (`[`, `{`) outside quoted scalars and comments, plus block
 * levels: distinct increasing indentations and compact `- ` / `? ` entries at the start of a line.
 * It may overcount (a literal block with many indentation steps), never by much in real manifests.
 * Brackets are also counted blindly (inside quotes and comments too) against ten times the limit, so
 * a quote the estimate misreads cannot hide a bracket bomb.
 */

const SPACE = 0x20;
const TAB = 0x09;
const LF = 0x0a;
const CR = 0x0d;
const HASH = 0x23;
const DQUOTE = 0x22;
const SQUOTE = 0x27;
const BACKSLASH = 0x5c;
const DASH = 0x2d;
const QUESTION = 0x3f;
/** Characters after which a quote starts a quoted scalar rather than sitting inside a plain one. */
const TOKEN_BEFORE = new Set([SPACE, TAB, LF, CR, 0x5b, 0x7b, 0x2c, 0x3a, DASH, QUESTION]);

/** Returns the offset where `text` first nests deeper than `limit` levels, or -1 when it never does. */
export function findExcessNesting(text: string, limit: number): number {
  const found = findStructuralDepth(text, limit);
  return found !== -1 ? found : findBlindBracketDepth(text, limit * 10);
}

/** The quote- and comment-aware estimate. */
function findStructuralDepth(text: string, limit: number): number {
  const indents: number[] = [];
  let flow = 0;
  let i = 0;
  while (i < text.length) {
    // At a line start: block structure only counts outside flow collections.
    let col = 0;
    while (i < text.length && (text.charCodeAt(i) === SPACE || text.charCodeAt(i) === TAB)) {
      i += 1;
      col += 1;
    }
    const first = text.charCodeAt(i);
    if (flow === 0 && i < text.length && first !== LF && first !== CR && first !== HASH) {
      while (indents.length > 0 && (indents[indents.length - 1] ?? 0) >= col) indents.pop();
      indents.push(col);
      let compact = 0;
      while (isIndicator(text, i)) {
        compact += 1;
        if (indents.length + compact > limit) return i;
        i += 2;
        while (text.charCodeAt(i) === SPACE) i += 1;
      }
      if (indents.length > limit) return i;
    }
    // The rest of the line (and any quoted scalar that continues past it).
    for (; i < text.length; i += 1) {
      const c = text.charCodeAt(i);
      if (c === LF) break;
      if (c === HASH && (i === 0 || isBlank(text.charCodeAt(i - 1)))) {
        while (i < text.length && text.charCodeAt(i) !== LF) i += 1;
        break;
      }
      if ((c === DQUOTE || c === SQUOTE) && (i === 0 || TOKEN_BEFORE.has(text.charCodeAt(i - 1)))) {
        i = skipQuoted(text, i, c);
        continue;
      }
      if (c === 0x5b || c === 0x7b) {
        flow += 1;
        if (indents.length + flow > limit) return i;
      } else if ((c === 0x5d || c === 0x7d) && flow > 0) flow -= 1;
    }
    i += 1;
  }
  return -1;
}

/** Returns the offset where brackets, counted everywhere, first nest deeper than `limit`, or -1. */
function findBlindBracketDepth(text: string, limit: number): number {
  let depth = 0;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (c === 0x5b || c === 0x7b) {
      depth += 1;
      if (depth > limit) return i;
    } else if ((c === 0x5d || c === 0x7d) && depth > 0) depth -= 1;
  }
  return -1;
}

/** True for the whitespace that may precede a comment's `#`. */
function isBlank(c: number): boolean {
  return c === SPACE || c === TAB || c === LF || c === CR;
}

/** True at a `- ` or `? ` block indicator (also before a line end). */
function isIndicator(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c !== DASH && c !== QUESTION) return false;
  const next = text.charCodeAt(i + 1);
  return next === SPACE || next === TAB;
}

/** Returns the offset of the closing quote (or the end of the text when it never closes). */
function skipQuoted(text: string, start: number, quote: number): number {
  for (let i = start + 1; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (quote === DQUOTE && c === BACKSLASH) i += 1;
    else if (c === quote) {
      if (quote === SQUOTE && text.charCodeAt(i + 1) === SQUOTE) i += 1;
      else return i;
    }
  }
  return text.length;
}
