import { decodeBase64Url, encodeBase64Url } from './base64url.ts';
import { SizeLimitError, deflateRaw, inflateRaw, utf8Decode, utf8Encode } from './streams.ts';

/**
 * The one envelope of every link and code the site hands out: a version prefix, a dot, then
 * base64url(deflate-raw(JSON)). Share links (`v1.`), workshop links (`w1.`) and progress codes (`p1.`)
 * differ only in the prefix, the caps and what the JSON must look like. Every version ever shipped
 * keeps decoding: a new format gets a new prefix, and tests keep fixture links of each version.
 */

/** Why an envelope could not be read. */
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

/** The caps that keep a hostile link cheap to refuse. */
export interface EnvelopeLimits {
  /** Most characters after the prefix; longer texts are refused before decoding. */
  readonly maxChars: number;
  /** Most bytes the JSON may inflate to, counted while streaming. */
  readonly maxBytes: number;
}

/** Returns `prefix.` + base64url(deflate-raw(JSON)) for the value; rejects when it passes `maxBytes`. */
export async function packEnvelope(prefix: string, value: unknown, maxBytes: number): Promise<string> {
  const packed = await deflateRaw(utf8Encode(JSON.stringify(value)), maxBytes);
  return `${prefix}.${encodeBase64Url(packed)}`;
}

/**
 * Returns the JSON an envelope written with `prefix` carries, or why it cannot be read. A leading `#`
 * and surrounding blanks are ignored. Never throws; a tiny "zip bomb" stops as soon as it passes the cap.
 */
export async function unpackEnvelope(
  text: string,
  prefix: string,
  limits: EnvelopeLimits,
): Promise<EnvelopeResult> {
  const trimmed = text.trim().replace(/^#/, '');
  if (trimmed === '') return { ok: false, reason: 'empty' };
  const dot = trimmed.indexOf('.');
  const version = dot === -1 ? '' : trimmed.slice(0, dot);
  if (version !== prefix)
    return { ok: false, reason: isNewer(version, prefix) ? 'newer-version' : 'unknown-version' };
  const body = trimmed.slice(dot + 1);
  if (body.length > limits.maxChars) return { ok: false, reason: 'too-large' };
  const bytes = decodeBase64Url(body);
  if (!bytes || bytes.length === 0) return { ok: false, reason: 'bad-encoding' };
  let json: string;
  try {
    json = utf8Decode(await inflateRaw(bytes, limits.maxBytes));
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
