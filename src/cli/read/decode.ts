/** How a file's bytes are turned into text. */
export type Encoding = 'utf-8' | 'utf-16le' | 'utf-16be';

/** What the first bytes of an input say about its encoding. */
export type Sniffed =
  | { readonly kind: 'encoding'; readonly encoding: Encoding; readonly bom: boolean }
  | { readonly kind: 'utf-16-without-bom'; readonly order: 'LE' | 'BE' }
  | { readonly kind: 'need-more' };

/** Bytes looked at to tell UTF-16 without a byte-order mark from UTF-8. */
export const SNIFF_BYTES = 512;

/**
 * The encoding of an input from its first bytes: a byte-order mark decides (UTF-8, UTF-16 LE or BE,
 * what PowerShell's `>` writes); without one, text whose every other byte is NUL is UTF-16 (ASCII
 * characters with a zero high byte), which is named rather than guessed; anything else is UTF-8.
 */
export function sniffEncoding(head: Uint8Array, ended: boolean): Sniffed {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf)
    return { kind: 'encoding', encoding: 'utf-8', bom: true };
  if (head[0] === 0xff && head[1] === 0xfe) return { kind: 'encoding', encoding: 'utf-16le', bom: true };
  if (head[0] === 0xfe && head[1] === 0xff) return { kind: 'encoding', encoding: 'utf-16be', bom: true };
  if (head.length < SNIFF_BYTES && !ended) return { kind: 'need-more' };
  const order = nulPattern(head.subarray(0, SNIFF_BYTES));
  return order ? { kind: 'utf-16-without-bom', order } : { kind: 'encoding', encoding: 'utf-8', bom: false };
}

/** `LE` when (nearly) every odd byte is NUL and the even ones are not, `BE` the other way round. */
function nulPattern(bytes: Uint8Array): 'LE' | 'BE' | undefined {
  const pairs = bytes.length >> 1;
  if (pairs < 2) return undefined;
  let le = 0;
  let be = 0;
  for (let i = 0; i + 1 < bytes.length; i += 2) {
    if (bytes[i] !== 0 && bytes[i + 1] === 0) le++;
    else if (bytes[i] === 0 && bytes[i + 1] !== 0) be++;
  }
  // A few non-ASCII characters (both bytes set) are fine; binary zeros (both NUL) are not UTF-16.
  if (le >= pairs * 0.9) return 'LE';
  if (be >= pairs * 0.9) return 'BE';
  return undefined;
}

/** Where decoding failed: the byte offset, and the line and column of the character there. */
export interface BadByte {
  readonly offset: number;
  readonly line: number;
  readonly column: number;
  /** Characters decoded before it (the diagnostic's range is in characters). */
  readonly chars: number;
  /** The offending bytes as hex, e.g. `0xff` or `0xc3 0x28`. */
  readonly bytes: string;
}

/** Locates the first byte sequence that is not valid in `encoding` (undefined if there is none). */
export function findBadByte(bytes: Uint8Array, encoding: Encoding): BadByte | undefined {
  const found = encoding === 'utf-8' ? invalidUtf8(bytes) : invalidUtf16(bytes, encoding);
  if (!found) return undefined;
  const prefix = new TextDecoder(encoding).decode(bytes.subarray(0, found.offset));
  const lineStart = prefix.lastIndexOf('\n') + 1;
  let line = 1;
  for (let i = prefix.indexOf('\n'); i !== -1; i = prefix.indexOf('\n', i + 1)) line++;
  const hex = [...bytes.subarray(found.offset, found.offset + found.length)]
    .map((b) => `0x${b.toString(16).padStart(2, '0')}`)
    .join(' ');
  // A leading byte-order mark is not part of the text the editor shows.
  const chars = prefix.length - (prefix.startsWith('\uFEFF') ? 1 : 0);
  return { offset: found.offset, line, column: prefix.length - lineStart + 1, chars, bytes: hex };
}

/**
 * The first invalid UTF-8 sequence (RFC 3629: no overlong forms, no surrogates, nothing above
 * U+10FFFF), with the length of the bytes to show.
 */
function invalidUtf8(bytes: Uint8Array): { offset: number; length: number } | undefined {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] ?? 0;
    if (b < 0x80) {
      i++;
      continue;
    }
    const shape = sequenceShape(b);
    if (!shape) return { offset: i, length: 1 };
    const [size, low, high] = shape;
    for (let k = 1; k < size; k++) {
      const next = bytes[i + k];
      const [min, max] = k === 1 ? [low, high] : [0x80, 0xbf];
      if (next === undefined || next < min || next > max) return { offset: i, length: k };
    }
    i += size;
  }
  return undefined;
}

/** The length of the sequence a lead byte starts and the range of its second byte (none for other bytes). */
function sequenceShape(b: number): readonly [number, number, number] | undefined {
  if (b >= 0xc2 && b <= 0xdf) return [2, 0x80, 0xbf];
  // 0xe0 and 0xf0 would allow overlong forms, 0xed surrogates, 0xf4 code points above U+10FFFF.
  if (b === 0xe0) return [3, 0xa0, 0xbf];
  if (b === 0xed) return [3, 0x80, 0x9f];
  if (b >= 0xe1 && b <= 0xef) return [3, 0x80, 0xbf];
  if (b === 0xf0) return [4, 0x90, 0xbf];
  if (b >= 0xf1 && b <= 0xf3) return [4, 0x80, 0xbf];
  if (b === 0xf4) return [4, 0x80, 0x8f];
  return undefined;
}

/** The first lone surrogate or trailing odd byte of UTF-16 text. */
function invalidUtf16(
  bytes: Uint8Array,
  encoding: 'utf-16le' | 'utf-16be',
): { offset: number; length: number } | undefined {
  const unit = (i: number): number =>
    encoding === 'utf-16le'
      ? (bytes[i] ?? 0) | ((bytes[i + 1] ?? 0) << 8)
      : ((bytes[i] ?? 0) << 8) | (bytes[i + 1] ?? 0);
  let i = 0;
  for (; i + 1 < bytes.length; i += 2) {
    const u = unit(i);
    if (u >= 0xdc00 && u <= 0xdfff) return { offset: i, length: 2 };
    if (u < 0xd800 || u > 0xdbff) continue;
    const next = i + 3 < bytes.length ? unit(i + 2) : -1;
    if (next < 0xdc00 || next > 0xdfff) return { offset: i, length: 2 };
    i += 2;
  }
  return i < bytes.length ? { offset: i, length: 1 } : undefined;
}
