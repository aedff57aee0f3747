/** Where a line's first characters leave the scan: still a `---` candidate, in its indent, or decided. */
type LineState = 'dashes' | 'indent' | 'decided';

/**
 * Counts YAML documents while text streams in, so that a file with too many is refused before it
 * is parsed. It looks only at the start of each line: `---` starts a document; a document counts once
 * a line in it holds something other than blanks, a comment or a directive. Block scalars never hold a
 * `---` at column 0 (their lines are indented), so the count matches the parser's documents, except
 * that `kind: List` items and JSON arrays are counted by the engine after parsing.
 */
export class DocumentCounter {
  /** Documents with content seen so far. */
  documents = 0;
  /** The line being read (1-based). */
  line = 1;
  /** The line where the document past `limit` starts, once there is one. */
  overLimitAt: number | undefined;
  private readonly limit: number;
  private state: LineState = 'dashes';
  private dashes = 0;
  private column = 0;
  private hasContent = false;

  constructor(limit = Infinity) {
    this.limit = limit;
  }

  /** Reads the next piece of text (pieces may split lines anywhere). */
  feed(text: string): void {
    let i = 0;
    while (i < text.length) {
      if (this.state === 'decided') {
        const newline = text.indexOf('\n', i);
        if (newline === -1) return;
        this.endLine();
        i = newline + 1;
        continue;
      }
      const c = text.charCodeAt(i++);
      if (c === 10) this.endLine();
      else this.look(c);
    }
  }

  /** Finishes the last line (call once, after the last piece). */
  end(): void {
    this.endLine();
    this.line--;
  }

  private look(c: number): void {
    const column = this.column++;
    if (this.state === 'dashes') {
      if (c === 45 && this.dashes < 3) {
        this.dashes++;
        return;
      }
      if (this.dashes === 3 && isBlank(c)) {
        // `--- ` starts a document; anything after it on the line is its content.
        this.hasContent = false;
        this.state = 'indent';
        return;
      }
      if (this.dashes > 0) return this.content();
      // In a document that already counts, only a `---` matters.
      if (this.hasContent) return this.decide();
      this.state = 'indent';
      // `%YAML` and `%TAG` directives come before a document's `---`.
      if (c === 37 && column === 0) return this.decide();
    }
    if (isBlank(c)) return;
    if (c === 35) return this.decide();
    this.content();
  }

  private content(): void {
    if (!this.hasContent && ++this.documents > this.limit) this.overLimitAt ??= this.line;
    this.hasContent = true;
    this.decide();
  }

  private decide(): void {
    this.state = 'decided';
  }

  private endLine(): void {
    if (this.state === 'dashes' && this.dashes === 3) this.hasContent = false;
    else if (this.state === 'dashes' && this.dashes > 0) this.content();
    this.state = 'dashes';
    this.dashes = 0;
    this.column = 0;
    this.line++;
  }
}

/** Space, tab or carriage return (CRLF line ends). */
function isBlank(c: number): boolean {
  return c === 32 || c === 9 || c === 13;
}
