import { closeSync, fstatSync, openSync, readSync, statSync, type Stats } from 'node:fs';
import type { Diagnostic } from '../../engine/index.ts';
import { findBadByte, sniffEncoding, SNIFF_BYTES, type Encoding } from './decode.ts';
import { DocumentCounter } from './document-counter.ts';
import { formatBytes, type ReadBudget } from './limits.ts';

/** Text read from one input, or the one diagnostic saying why it was not read. */
export type ReadText =
  | {
      readonly ok: true;
      readonly text: string;
      readonly encoding: Encoding;
      readonly bytes: number;
      readonly documents: number;
    }
  | { readonly ok: false; readonly diagnostic: Diagnostic };

const CHUNK_BYTES = 1 << 20;

/** What kind of file a path or descriptor is, in words (undefined for regular files, pipes and directories). */
export function refusedType(stats: Stats): string | undefined {
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  if (stats.isSocket()) return 'a socket';
  return undefined;
}

/** A diagnostic about a whole input. */
export function inputDiagnostic(code: string, file: string, message: string, fix?: string): Diagnostic {
  return { code, severity: 'error', message, path: '', file, ...(fix ? { fix } : {}) };
}

/**
 * Reads standard input (`-`) or a file that is not a directory. Devices and sockets are refused
 * without reading; a regular file larger than the budget is refused by its size; pipes and standard
 * input are read up to the budget. Never throws.
 */
export function readSource(shown: string, path: string | undefined, budget: ReadBudget): ReadText {
  let fd: number | undefined;
  try {
    if (path !== undefined) {
      // Checked before opening: opening some devices has effects of its own.
      const refused = refusedType(statSync(path));
      if (refused) return notAFile(shown, refused);
      fd = openSync(path, 'r');
    }
    const stats = fstatSync(fd ?? 0);
    const refused = path === undefined ? undefined : refusedType(stats);
    if (refused) return notAFile(shown, refused);
    if (stats.isDirectory()) return notAFile(shown, 'a directory');
    if (stats.isFile() && stats.size > budget.bytesLeft) return tooLarge(shown, budget, stats.size);
    return readStream(fd ?? 0, shown, budget);
  } catch (error) {
    return { ok: false, diagnostic: unreadable(shown, error) };
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

const REASONS: Readonly<Record<string, string>> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  ELOOP: 'a loop of symbolic links',
  ENXIO: 'a socket or a device with nothing behind it',
};

/** The diagnostic for a file that could not be opened or read. */
export function unreadable(shown: string, error: unknown): Diagnostic {
  const code = error instanceof Error && 'code' in error ? error.code : undefined;
  const reason = REASONS[String(code)] ?? (error instanceof Error ? error.message : String(error));
  return inputDiagnostic('input/unreadable', shown, `cannot read ${shown}: ${reason}`);
}

function notAFile(shown: string, what: string): ReadText {
  return {
    ok: false,
    diagnostic: inputDiagnostic(
      'input/not-a-file',
      shown,
      `${shown} is ${what}, not a file; pass a file, a directory, or - for standard input`,
    ),
  };
}

function tooLarge(shown: string, budget: ReadBudget, size?: number): ReadText {
  const limit = `the limit of ${formatBytes(budget.maxBytes)}${budget.shared}`;
  const before =
    budget.bytesUsed > 0 ? `; with the ${formatBytes(budget.bytesUsed)} read before it, that is` : ',';
  const message =
    size === undefined
      ? `${shown} is larger than ${limit}; stopped reading`
      : `${shown} is ${formatBytes(size)}${before} more than ${limit}; not read`;
  return {
    ok: false,
    diagnostic: inputDiagnostic(
      'input/too-large',
      shown,
      message,
      'Pass only the manifests you need, or split them across commands.',
    ),
  };
}

/** Reads a descriptor to its end, the budget or the first undecodable byte, whichever comes first. */
function readStream(fd: number, shown: string, budget: ReadBudget): ReadText {
  const chunks: Buffer[] = [];
  const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
  const text = new TextCollector(budget.documentsLeft);
  let total = 0;
  for (;;) {
    // One byte past the budget tells a file that fits exactly from one that does not.
    const n = readSome(fd, buffer, Math.min(CHUNK_BYTES, budget.bytesLeft + 1 - total));
    if (n === 0) break;
    total += n;
    if (total > budget.bytesLeft) return tooLarge(shown, budget);
    const chunk = Buffer.copyBytesFrom(buffer, 0, n);
    chunks.push(chunk);
    const problem = text.push(chunk, chunks);
    if (problem) return { ok: false, diagnostic: problemDiagnostic(problem, shown, chunks) };
    if (text.counter.overLimitAt !== undefined)
      return tooManyDocuments(shown, budget, text.counter.overLimitAt);
  }
  const problem = text.end(chunks);
  if (problem) return { ok: false, diagnostic: problemDiagnostic(problem, shown, chunks) };
  if (text.counter.overLimitAt !== undefined)
    return tooManyDocuments(shown, budget, text.counter.overLimitAt);
  return {
    ok: true,
    text: text.parts.join(''),
    encoding: text.encoding ?? 'utf-8',
    bytes: total,
    documents: text.counter.documents,
  };
}

/** `readSync` that waits out a non-blocking descriptor (a parent may leave standard input so). */
function readSome(fd: number, buffer: Buffer, length: number): number {
  for (;;) {
    try {
      return readSync(fd, buffer, 0, length, null);
    } catch (error) {
      if (!(error instanceof Error && 'code' in error && error.code === 'EAGAIN')) throw error;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
    }
  }
}

function tooManyDocuments(shown: string, budget: ReadBudget, line: number): ReadText {
  return {
    ok: false,
    diagnostic: {
      ...inputDiagnostic(
        'input/too-many-documents',
        shown,
        `${shown} has more than the limit of ${budget.maxDocuments.toLocaleString('en')} documents${budget.shared}; stopped reading at line ${line.toLocaleString('en')}`,
        'Pass only the manifests you need, or split them across commands.',
      ),
      range: { line, column: 1, endLine: line, endColumn: 1, start: 0, end: 0 },
    },
  };
}

/** Why bytes could not become text. */
type DecodeProblem =
  | { readonly kind: 'utf-16-without-bom'; readonly order: 'LE' | 'BE' }
  | { readonly kind: 'invalid'; readonly encoding: Encoding };

/** Decodes chunks as they arrive (once the encoding is known) and counts documents in the text. */
class TextCollector {
  readonly parts: string[] = [];
  readonly counter: DocumentCounter;
  encoding: Encoding | undefined;
  private decoder: TextDecoder | undefined;
  private waiting = 0;

  constructor(maxDocuments: number) {
    this.counter = new DocumentCounter(maxDocuments);
  }

  /** Takes the newest chunk (`chunks` holds every chunk so far); a problem stops the reading. */
  push(chunk: Buffer, chunks: readonly Buffer[]): DecodeProblem | undefined {
    if (!this.decoder) {
      this.waiting += chunk.length;
      if (this.waiting < SNIFF_BYTES) return undefined;
      return this.start(Buffer.concat(chunks), false);
    }
    return this.decode(chunk, true);
  }

  /** Decodes what is left; a problem stops the reading. */
  end(chunks: readonly Buffer[]): DecodeProblem | undefined {
    const problem = this.decoder
      ? this.decode(new Uint8Array(0), false)
      : this.start(Buffer.concat(chunks), true);
    this.counter.end();
    return problem;
  }

  private start(head: Buffer, ended: boolean): DecodeProblem | undefined {
    const sniffed = sniffEncoding(head, ended);
    if (sniffed.kind === 'utf-16-without-bom') return sniffed;
    const encoding = sniffed.kind === 'encoding' ? sniffed.encoding : 'utf-8';
    this.encoding = encoding;
    this.decoder = new TextDecoder(encoding, { fatal: true });
    return this.decode(head, !ended);
  }

  private decode(bytes: Uint8Array, stream: boolean): DecodeProblem | undefined {
    try {
      const text = this.decoder?.decode(bytes, { stream }) ?? '';
      if (text.length > 0) {
        this.parts.push(text);
        this.counter.feed(text);
      }
      return undefined;
    } catch {
      return { kind: 'invalid', encoding: this.encoding ?? 'utf-8' };
    }
  }
}

function problemDiagnostic(problem: DecodeProblem, shown: string, chunks: readonly Buffer[]): Diagnostic {
  if (problem.kind === 'utf-16-without-bom')
    return inputDiagnostic(
      'input/utf-16-without-bom',
      shown,
      `${shown} looks like UTF-16 ${problem.order} text without a byte-order mark (a NUL byte beside every character); save it as UTF-8`,
      'In PowerShell, write files with `Out-File -Encoding utf8` (or `Set-Content -Encoding utf8`) instead of `>`.',
    );
  const bad = findBadByte(Buffer.concat(chunks), problem.encoding);
  const name =
    problem.encoding === 'utf-8' ? 'UTF-8' : problem.encoding === 'utf-16le' ? 'UTF-16 LE' : 'UTF-16 BE';
  const where = bad ? ` at byte offset ${bad.offset.toLocaleString('en')} (${bad.bytes})` : '';
  return {
    ...inputDiagnostic(
      problem.encoding === 'utf-8' ? 'input/invalid-utf-8' : 'input/invalid-utf-16',
      shown,
      `${shown} is not valid ${name} text${where}; save it as UTF-8`,
    ),
    ...(bad
      ? {
          range: {
            line: bad.line,
            column: bad.column,
            endLine: bad.line,
            endColumn: bad.column + 1,
            start: bad.chars,
            end: bad.chars + 1,
          },
        }
      : {}),
  };
}
