/**
 * A fast reader for the block-style YAML that tools write (`kubectl get -o yaml`, `yaml.stringify`):
 * block maps and sequences, one-line plain and quoted scalars, `{}` and `[]`. It gives up on anything
 * else (comments, anchors, tags, multi-line or escaped scalars, flow collections with items, null
 * values, numbers other than plain integers), and the caller then parses the document with the `yaml`
 * package. For what it accepts it gives the same values and the same source offsets as that package,
 * about ten times faster (`tests/engine/parse/yaml-block.test.ts` compares the two).
 */

/** A node of a document read by the fast path: its value, its offsets and, in a map, its key's. */
export interface BlockNode {
  readonly value: unknown;
  readonly start: number;
  readonly end: number;
  /** Whether the node is a scalar written without quotes. */
  readonly plain: boolean;
  /** Offsets of the key, or -1 for nodes that are not map values. */
  keyStart: number;
  keyEnd: number;
  /** Map values by key, or sequence items. */
  readonly children: Map<string, BlockNode> | BlockNode[] | undefined;
}

const LF = 0x0a;
const SPACE = 0x20;
const DASH = 0x2d;
const COLON = 0x3a;
/** Characters that may not start a plain scalar here (YAML indicators, and `.` and `~`, which start special values). */
const NOT_PLAIN_START = new Set(' -?:,[]{}#&*!|>\'"%@`.~'.split('').map((c) => c.charCodeAt(0)));
const KEY = /^[A-Za-z_][A-Za-z0-9_./:-]*$/;
/** Printable ASCII without flow indicators (legal in block scalars, but kept out of the fast path). */
const PLAIN_CHARS = /^[\x20-\x2b\x2d-\x5a\x5c\x5e-\x7a\x7c\x7e]*$/;
const SIMPLE_INT = /^(?:0|[1-9][0-9]{0,14})$/;
/** Plain scalars the YAML 1.2 core schema reads as something other than a string. */
const SPECIAL =
  /^(?:~|[Nn]ull|NULL|[Tt]rue|TRUE|[Ff]alse|FALSE|[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;
const BOOLEAN = /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/;

/** Thrown inside the reader when the text leaves the supported subset; never escapes it. */
const GIVE_UP = new Error('not block YAML');

/**
 * Reads one YAML document (optionally starting with a `---` line) written in the supported subset;
 * undefined when the text uses anything else.
 */
export function readBlockYaml(text: string): BlockNode | undefined {
  try {
    return new BlockReader(text).document();
  } catch (error) {
    if (error === GIVE_UP) return undefined;
    throw error;
  }
}

class BlockReader {
  private readonly text: string;
  /** Start of the current line. */
  private pos = 0;
  /** Indentation of the current line, or -1 at the end of the text. */
  private col = -1;
  /** End of the current line (its newline or the end of the text). */
  private eol = 0;

  constructor(text: string) {
    this.text = text;
  }

  document(): BlockNode {
    if (this.text.startsWith('---')) {
      if (this.text.charCodeAt(3) !== LF) throw GIVE_UP;
      this.enter(4);
    } else this.enter(0);
    if (this.col !== 0) throw GIVE_UP;
    const root = this.block(0);
    if (this.pos < this.text.length) throw GIVE_UP;
    return root;
  }

  /** Moves to the line starting at `pos`; blank lines (other than the end) are not supported. */
  private enter(pos: number): void {
    const { text } = this;
    this.pos = pos;
    if (pos >= text.length) {
      this.col = -1;
      return;
    }
    let i = pos;
    while (text.charCodeAt(i) === SPACE) i++;
    const eol = text.indexOf('\n', i);
    this.eol = eol < 0 ? text.length : eol;
    if (i >= this.eol) throw GIVE_UP;
    this.col = i - pos;
  }

  private nextLine(): void {
    this.enter(Math.min(this.eol + 1, this.text.length));
  }

  /** Whether the current line is a sequence entry (`- ` at its indentation). */
  private atDash(): boolean {
    const at = this.pos + this.col;
    return (
      this.text.charCodeAt(at) === DASH && (at + 1 === this.eol || this.text.charCodeAt(at + 1) === SPACE)
    );
  }

  private block(col: number): BlockNode {
    return this.atDash() ? this.sequence(col) : this.map(col, this.pos + col);
  }

  /** A block map whose keys sit at column `col`; the first key is at `first` (after `- ` in a sequence). */
  private map(col: number, first: number): BlockNode {
    const value: Record<string, unknown> = {};
    const children = new Map<string, BlockNode>();
    let at = first;
    for (;;) {
      const child = this.entry(col, at);
      const key = this.text.slice(child.keyStart, child.keyEnd);
      if (key === '__proto__' || children.has(key)) throw GIVE_UP;
      value[key] = child.value;
      children.set(key, child);
      if (this.col > col || (this.col === col && this.atDash())) throw GIVE_UP;
      if (this.col < col) break;
      at = this.pos + col;
    }
    return node(value, first, this.pos, false, children);
  }

  /** One `key: value` entry starting at `at`; the returned node carries the key's offsets. */
  private entry(col: number, at: number): BlockNode {
    const { text } = this;
    // The key ends at the first `:` followed by a space or the line end.
    let colon = text.indexOf(':', at);
    while (colon >= 0 && colon + 1 < this.eol && text.charCodeAt(colon + 1) !== SPACE)
      colon = text.indexOf(':', colon + 1);
    if (colon < 0 || colon >= this.eol || !KEY.test(text.slice(at, colon))) throw GIVE_UP;
    let child: BlockNode;
    if (colon + 1 === this.eol) {
      this.nextLine();
      if (this.col > col) child = this.block(this.col);
      else if (this.col === col && this.atDash()) child = this.sequence(col);
      else throw GIVE_UP;
    } else {
      child = this.scalar(colon + 2);
      this.nextLine();
    }
    child.keyStart = at;
    child.keyEnd = colon;
    return child;
  }

  /** A block sequence whose `- ` sits at column `col`. */
  private sequence(col: number): BlockNode {
    const { text } = this;
    const value: unknown[] = [];
    const items: BlockNode[] = [];
    const start = this.pos + col;
    do {
      const at = this.pos + col + 2;
      if (at > this.eol || text.charCodeAt(at) === SPACE || text.charCodeAt(at) === DASH) throw GIVE_UP;
      const line = text.slice(at, this.eol);
      let item: BlockNode;
      if (line.includes(': ') || line.charCodeAt(line.length - 1) === COLON) item = this.map(col + 2, at);
      else {
        item = this.scalar(at);
        this.nextLine();
        if (this.col > col) throw GIVE_UP;
      }
      value.push(item.value);
      items.push(item);
    } while (this.col === col && this.atDash());
    if (this.col > col) throw GIVE_UP;
    return node(value, start, this.pos, false, items);
  }

  /** A scalar, `{}` or `[]` filling the rest of the line from `at`. */
  private scalar(at: number): BlockNode {
    const text = this.text.slice(at, this.eol);
    const first = text.charCodeAt(0);
    const end = this.eol;
    if (text === '{}') return node({}, at, end, false, undefined);
    if (text === '[]') return node([], at, end, false, undefined);
    if (first === 0x22 || first === 0x27) {
      // A one-line quoted scalar without escapes or inner quotes reads as its text.
      const inner = text.slice(1, -1);
      if (
        text.length < 2 ||
        text.charCodeAt(text.length - 1) !== first ||
        !PLAIN_CHARS.test(inner) ||
        inner.includes('"') ||
        inner.includes("'") ||
        inner.includes('\\')
      )
        throw GIVE_UP;
      return node(inner, at, end, false, undefined);
    }
    if (
      text.length === 0 ||
      NOT_PLAIN_START.has(first) ||
      text.charCodeAt(text.length - 1) === SPACE ||
      text.charCodeAt(text.length - 1) === COLON ||
      !PLAIN_CHARS.test(text) ||
      text.includes(': ') ||
      text.includes(' #')
    )
      throw GIVE_UP;
    if (!SPECIAL.test(text)) return node(text, at, end, true, undefined);
    if (SIMPLE_INT.test(text)) return node(Number(text), at, end, true, undefined);
    if (BOOLEAN.test(text))
      return node(text.charCodeAt(0) === 0x74 || text.charCodeAt(0) === 0x54, at, end, true, undefined);
    throw GIVE_UP;
  }
}

function node(
  value: unknown,
  start: number,
  end: number,
  plain: boolean,
  children: BlockNode['children'],
): BlockNode {
  return { value, start, end, plain, keyStart: -1, keyEnd: -1, children };
}
