import { validateState, type ShareState } from './codec.ts';

/**
 * State files: what a share link carries, as a readable JSON file, for states too large for a link (a
 * pasted cluster of real size). Like links, every format version keeps opening.
 */

/** The `format` field every state file carries. */
export const STATE_FILE_FORMAT = 'netpol-lab-state';
/** The version written; a newer one is refused with a sentence. */
export const STATE_FILE_VERSION = 1;

/** The outcome of reading a state file: the state, or a sentence saying what is wrong with it. */
export type StateFileResult =
  { readonly ok: true; readonly state: ShareState } | { readonly ok: false; readonly message: string };

/** Returns the state file text for a state (JSON, one field per line at the top). */
export function encodeStateFile(state: ShareState): string {
  const checked = validateState(state);
  if (!checked) throw new TypeError('encodeStateFile: not a valid share state');
  return `${JSON.stringify({ format: STATE_FILE_FORMAT, version: STATE_FILE_VERSION, state: checked }, null, 1)}\n`;
}

/** Returns the state a state file carries, or why it cannot be opened. Never throws. */
export function decodeStateFile(text: string): StateFileResult {
  let value: unknown;
  try {
    value = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    return { ok: false, message: `This file is not JSON (${(error as Error).message}).` };
  }
  const record = typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  if (record['format'] !== STATE_FILE_FORMAT)
    return {
      ok: false,
      message: `This is not a NetPol Lab state file: its "format" field is not "${STATE_FILE_FORMAT}".`,
    };
  const version = record['version'];
  if (typeof version === 'number' && version > STATE_FILE_VERSION)
    return {
      ok: false,
      message: `This state file was written by a newer version of NetPol Lab (version ${version}). Reload the page to get the latest version, then upload it again.`,
    };
  if (version !== 1)
    return { ok: false, message: 'This state file has no known "version" (1 is the one this page reads).' };
  const state = validateState(record['state']);
  if (!state)
    return {
      ok: false,
      message:
        'This state file is damaged: its "state" is not a valid playground state (a scenario or cluster, policies, a port).',
    };
  return { ok: true, state };
}
