import { z } from 'zod';
import { decodeBase64Url, encodeBase64Url } from './base64url.ts';
import { SizeLimitError, deflateRaw, inflateRaw, utf8Decode, utf8Encode } from './streams.ts';

/**
 * Share links: the complete sandbox state in a URL fragment, as `v1.` + base64url(deflate-raw(JSON)).
 * Links never depend on a server. Every version ever shipped keeps decoding: a new format gets a
 * new prefix and its own decoder, and tests keep fixture links of each version.
 */

/** Most characters a link payload may have (after the prefix). */
export const MAX_LINK_CHARS = 120_000;
/** Most bytes the JSON state may inflate to; decoding stops as soon as it is passed. */
export const MAX_STATE_BYTES = 1_000_000;

const protocolSchema = z.enum(['TCP', 'UDP', 'SCTP']);
const idSchema = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[a-z0-9][a-z0-9._/-]*$/);

const stateV1Schema = z
  .object({
    scenario: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('id'), id: idSchema }).strict(),
      z.object({ kind: z.literal('inline'), text: z.string().max(600_000) }).strict(),
    ]),
    policies: z.string().max(300_000),
    challenge: idSchema.optional(),
    port: z.object({ port: z.number().int().min(1).max(65535), protocol: protocolSchema }).strict().optional(),
  })
  .strict();

/** Everything a share link carries: enough to restore a sandbox exactly. */
export type ShareState = z.infer<typeof stateV1Schema>;

/** Why a link could not be opened, for a clear message. */
export type ShareFailure = 'empty' | 'unknown-version' | 'bad-encoding' | 'too-large' | 'bad-compression' | 'bad-content';

/** The outcome of decoding a link: the state, or a reason and a plain message. */
export type ShareDecodeResult =
  | { readonly ok: true; readonly state: ShareState }
  | { readonly ok: false; readonly reason: ShareFailure; readonly message: string };

const MESSAGES: Record<ShareFailure, string> = {
  empty: 'The share link is empty.',
  'unknown-version': 'This share link comes from a newer or unknown version of NetPol Lab.',
  'bad-encoding': 'The share link is damaged: it contains characters a link never has. It may have been cut off or edited.',
  'too-large': 'The share link is too large to open safely.',
  'bad-compression': 'The share link is damaged: its data does not unpack. It may have been cut off when it was copied.',
  'bad-content': 'The share link unpacked, but its contents are not a valid sandbox state.',
};

function fail(reason: ShareFailure): ShareDecodeResult {
  return { ok: false, reason, message: MESSAGES[reason] };
}

/** Returns the link payload (`v1.…`, without `#`) for the state. */
export async function encodeShareState(state: ShareState): Promise<string> {
  const checked = stateV1Schema.parse(state);
  const bytes = utf8Encode(JSON.stringify(checked));
  const packed = await deflateRaw(bytes, MAX_STATE_BYTES);
  return `v1.${encodeBase64Url(packed)}`;
}

/** Returns the state a link payload carries, or why it cannot be opened. Never throws. */
export async function decodeShareState(payload: string): Promise<ShareDecodeResult> {
  const text = payload.trim().replace(/^#/, '');
  if (text === '') return fail('empty');
  const dot = text.indexOf('.');
  const version = dot === -1 ? '' : text.slice(0, dot);
  switch (version) {
    case 'v1':
      return decodeV1(text.slice(dot + 1));
    default:
      return fail('unknown-version');
  }
}

async function decodeV1(body: string): Promise<ShareDecodeResult> {
  if (body.length > MAX_LINK_CHARS) return fail('too-large');
  const packed = decodeBase64Url(body);
  if (!packed || packed.length === 0) return fail('bad-encoding');
  let json: string;
  try {
    json = utf8Decode(await inflateRaw(packed, MAX_STATE_BYTES));
  } catch (error) {
    return fail(error instanceof SizeLimitError ? 'too-large' : 'bad-compression');
  }
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    return fail('bad-content');
  }
  const parsed = stateV1Schema.safeParse(raw);
  return parsed.success ? { ok: true, state: parsed.data } : fail('bad-content');
}
