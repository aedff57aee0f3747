import { PROTOCOLS, type Protocol } from '../model/types.ts';
import { packEnvelope, unpackEnvelope, type EnvelopeFailure } from './envelope.ts';

/**
 * Share links: the complete sandbox state in a URL fragment, in the `v1.` envelope (`envelope.ts`).
 * Links never depend on a server. Every version ever shipped keeps decoding: a new format gets a
 * new prefix and its own decoder, and tests keep fixture links of each version.
 */

/** Most characters a link payload may have (after the prefix). */
export const MAX_LINK_CHARS = 120_000;
/** Most bytes the JSON state may inflate to; decoding stops as soon as it is passed. */
export const MAX_STATE_BYTES = 1_000_000;
/** Longest policies text a link carries; editors refuse to evaluate longer texts, so all work can be shared. */
export const MAX_SHARED_POLICIES_CHARS = 300_000;
/** Longest pasted cluster text a link carries. */
export const MAX_SHARED_CLUSTER_CHARS = 600_000;
/** Longest flow log a link or state file carries (about 400 Hubble flows); longer logs are left out. */
export const MAX_SHARED_TRAFFIC_CHARS = 300_000;
const MAX_TRAFFIC_NAME = 200;

const ID = /^[a-z0-9][a-z0-9._/-]{0,199}$/;

/** Everything a share link carries: enough to restore a sandbox exactly. */
export interface ShareState {
  readonly scenario:
    { readonly kind: 'id'; readonly id: string } | { readonly kind: 'inline'; readonly text: string };
  readonly policies: string;
  readonly challenge?: string;
  readonly port?: { readonly port: number; readonly protocol: Protocol };
  /** The Hubble flow log loaded in the Traffic panel, when it was small enough to carry. */
  readonly traffic?: { readonly name: string; readonly text: string };
}

type Json = Record<string, unknown>;
const isRecord = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const onlyKeys = (value: Json, allowed: readonly string[]): boolean =>
  Object.keys(value).every((key) => allowed.includes(key));
const isProtocol = (value: unknown): value is Protocol => PROTOCOLS.some((p) => p === value);
const isText = (value: unknown, max: number): value is string =>
  typeof value === 'string' && value.length <= max;

// Hand-written rather than a schema library: this runs in the sandbox island, where every kilobyte counts.
function validateScenario(value: unknown): ShareState['scenario'] | undefined {
  if (!isRecord(value)) return undefined;
  if (
    value.kind === 'id' &&
    onlyKeys(value, ['kind', 'id']) &&
    typeof value.id === 'string' &&
    ID.test(value.id)
  )
    return { kind: 'id', id: value.id };
  if (
    value.kind === 'inline' &&
    onlyKeys(value, ['kind', 'text']) &&
    isText(value.text, MAX_SHARED_CLUSTER_CHARS)
  )
    return { kind: 'inline', text: value.text };
  return undefined;
}

function validatePort(value: unknown): ShareState['port'] | undefined {
  if (!isRecord(value) || !onlyKeys(value, ['port', 'protocol'])) return undefined;
  const { port, protocol } = value;
  if (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65535) return undefined;
  if (!isProtocol(protocol)) return undefined;
  return { port, protocol };
}

/** Returns the state when `value` is exactly a valid v1 state (no extra keys), else `undefined`. */
export function validateState(value: unknown): ShareState | undefined {
  if (!isRecord(value) || !onlyKeys(value, ['scenario', 'policies', 'challenge', 'port', 'traffic']))
    return undefined;
  const scenario = validateScenario(value.scenario);
  if (!scenario || !isText(value.policies, MAX_SHARED_POLICIES_CHARS)) return undefined;
  const state: { -readonly [K in keyof ShareState]: ShareState[K] } = { scenario, policies: value.policies };
  if (value.challenge !== undefined) {
    if (typeof value.challenge !== 'string' || !ID.test(value.challenge)) return undefined;
    state.challenge = value.challenge;
  }
  if (value.port !== undefined) {
    const port = validatePort(value.port);
    if (!port) return undefined;
    state.port = port;
  }
  if (value.traffic !== undefined) {
    const traffic = value.traffic;
    if (
      !isRecord(traffic) ||
      !onlyKeys(traffic, ['name', 'text']) ||
      !isText(traffic.name, MAX_TRAFFIC_NAME) ||
      !isText(traffic.text, MAX_SHARED_TRAFFIC_CHARS)
    )
      return undefined;
    state.traffic = { name: traffic.name, text: traffic.text };
  }
  return state;
}

/** Why a link could not be opened, for a clear message. */
export type ShareFailure = EnvelopeFailure;

/** The outcome of decoding a link: the state, or a reason and a plain message. */
export type ShareDecodeResult =
  | { readonly ok: true; readonly state: ShareState }
  | { readonly ok: false; readonly reason: ShareFailure; readonly message: string };

const MESSAGES: Record<ShareFailure, string> = {
  empty: 'The share link is empty.',
  'unknown-version': 'This is not a NetPol Lab share link: they start with "v1.".',
  'newer-version':
    'This share link was made by a newer version of NetPol Lab than this page. Reload the page to get the latest version, then open the link again.',
  'bad-encoding':
    'The share link is damaged: it contains characters a link never has. It may have been cut off or edited.',
  'too-large': 'The share link is too large to open safely.',
  'bad-compression':
    'The share link is damaged: its data does not unpack. It may have been cut off when it was copied.',
  'bad-content': 'The share link unpacked, but its contents are not a valid sandbox state.',
};

function fail(reason: ShareFailure): ShareDecodeResult {
  return { ok: false, reason, message: MESSAGES[reason] };
}

/** Returns the link payload (`v1.…`, without `#`) for the state. */
export async function encodeShareState(state: ShareState): Promise<string> {
  const checked = validateState(state);
  if (!checked) throw new TypeError('encodeShareState: not a valid share state');
  return packEnvelope('v1', checked, MAX_STATE_BYTES);
}

/** Returns the state a link payload carries, or why it cannot be opened. Never throws. */
export async function decodeShareState(payload: string): Promise<ShareDecodeResult> {
  const unpacked = await unpackEnvelope(payload, 'v1', {
    maxChars: MAX_LINK_CHARS,
    maxBytes: MAX_STATE_BYTES,
  });
  if (!unpacked.ok) return fail(unpacked.reason);
  const state = validateState(unpacked.value);
  return state ? { ok: true, state } : fail('bad-content');
}
