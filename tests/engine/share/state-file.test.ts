import { describe, expect, test } from 'vitest';
import {
  decodeStateFile,
  encodeStateFile,
  STATE_FILE_FORMAT,
  type ShareState,
} from '../../../src/engine/share/index.ts';

const STATE: ShareState = {
  scenario: { kind: 'inline', text: 'apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n' },
  policies: 'kind: NetworkPolicy\n',
  port: { port: 8080, protocol: 'TCP' },
};

describe('state files', () => {
  test('a written state file reads back as the same state, and is readable JSON', () => {
    const text = encodeStateFile(STATE);
    expect(JSON.parse(text)).toMatchObject({ format: STATE_FILE_FORMAT, version: 1 });
    expect(decodeStateFile(text)).toEqual({ ok: true, state: STATE });
    expect(decodeStateFile(`\uFEFF${text.replace(/\n/g, '\r\n')}`)).toEqual({ ok: true, state: STATE });
  });

  test.each([
    ['not JSON', '{"format": ', /^This file is not JSON \(/],
    ['another JSON file', '{"kind": "List", "items": []}', /is not a NetPol Lab state file/],
    [
      'a newer version',
      JSON.stringify({ format: STATE_FILE_FORMAT, version: 2, state: STATE }),
      /newer version of NetPol Lab \(version 2\)/,
    ],
    ['no version', JSON.stringify({ format: STATE_FILE_FORMAT, state: STATE }), /no known "version"/],
    [
      'a damaged state',
      JSON.stringify({ format: STATE_FILE_FORMAT, version: 1, state: { ...STATE, extra: 1 } }),
      /damaged: its "state" is not a valid playground state/,
    ],
    [
      'a port out of range',
      JSON.stringify({
        format: STATE_FILE_FORMAT,
        version: 1,
        state: { ...STATE, port: { port: 0, protocol: 'TCP' } },
      }),
      /damaged/,
    ],
  ])('%s is refused with a sentence', (_, text, message) => {
    const read = decodeStateFile(text);
    expect(read.ok).toBe(false);
    if (!read.ok) expect(read.message).toMatch(message);
  });
});
