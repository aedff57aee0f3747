import { decodeBase64Url, encodeBase64Url } from '../share/base64url.ts';
import { SizeLimitError, deflateRaw, inflateRaw, utf8Decode, utf8Encode } from '../share/streams.ts';

/**
 * The compressed JSON envelope shared by workshop links (`w1.`) and progress codes (`p1.`):
 * prefix + base64url(deflate-raw(JSON)). Like share links, every shipped version keeps decoding.
 */

/** Why a workshop link or progress code could not be read. */
export type EnvelopeFailure =
  | 'empty'
  | 'unknown-version'
  | 'newer-version'
  | 'bad-encoding'
  | 'too-large'
  | 'bad-compression'
  | 'bad-content';

/** A decoded envelope: the parsed JSON, or why it could not be read. */
export type EnvelopeResult =
  { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly reason: EnvelopeFailure };

/** Packs a JSON value behind a version prefix such as `w1`. */
export async function packEnvelope(prefix: string, value: unknown, maxBytes: number): Promise<string> {
  const packed = await deflateRaw(utf8Encode(JSON.stringify(value)), maxBytes);
  return `${prefix}.${encodeBase64Url(packed)}`;
}

/** Unpacks an envelope written with `prefix`; never throws, caps both the text and the inflated size. */
export async function unpackEnvelope(
  text: string,
  prefix: string,
  maxChars: number,
  maxBytes: number,
): Promise<EnvelopeResult> {
  const trimmed = text.trim().replace(/^#/, '');
  if (trimmed === '') return { ok: false, reason: 'empty' };
  const dot = trimmed.indexOf('.');
  if (dot === -1 || trimmed.slice(0, dot) !== prefix) {
    return {
      ok: false,
      reason: isNewer(trimmed.slice(0, dot), prefix) ? 'newer-version' : 'unknown-version',
    };
  }
  const body = trimmed.slice(dot + 1);
  if (body.length > maxChars) return { ok: false, reason: 'too-large' };
  const bytes = decodeBase64Url(body);
  if (!bytes || bytes.length === 0) return { ok: false, reason: 'bad-encoding' };
  let json: string;
  try {
    json = utf8Decode(await inflateRaw(bytes, maxBytes));
  } catch (error) {
    return { ok: false, reason: error instanceof SizeLimitError ? 'too-large' : 'bad-compression' };
  }
  try {
    return { ok: true, value: JSON.parse(json) as unknown };
  } catch {
    return { ok: false, reason: 'bad-content' };
  }
}

/** True when `version` is the same letter as `prefix` with a higher number (`w9` against `w1`). */
function isNewer(version: string, prefix: string): boolean {
  const letter = prefix.replace(/[0-9]+$/, '');
  const match = /^([a-z]+)([1-9][0-9]*)$/.exec(version);
  return match !== null && match[1] === letter && Number(match[2]) > Number(prefix.slice(letter.length));
}

/** A short, stable fingerprint of a text (FNV-1a, 32 bits, hex): binds progress codes to one workshop. */
export function fingerprint(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}
