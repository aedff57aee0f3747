import { describe, expect, test } from 'vitest';
import { decodeProgress, decodeShareState, decodeWorkshop } from '../../../src/engine/index.ts';
import { encodeBase64Url } from '../../../src/engine/share/base64url.ts';
import { packEnvelope, unpackEnvelope } from '../../../src/engine/share/envelope.ts';
import { deflateRaw, utf8Encode } from '../../../src/engine/share/streams.ts';

const LIMITS = { maxChars: 1_000, maxBytes: 10_000 };

test('a value packed behind a prefix unpacks to the same JSON', async () => {
  const value = { a: [1, 'two', { three: null }], text: 'ünïcödé ✓' };
  const packed = await packEnvelope('x1', value, LIMITS.maxBytes);
  expect(packed).toMatch(/^x1\.[A-Za-z0-9_-]+$/);
  expect(await unpackEnvelope(`  #${packed} `, 'x1', LIMITS)).toEqual({ ok: true, value });
});

test.each([
  ['', 'empty'],
  ['x2.abc', 'newer-version'],
  ['x0.abc', 'unknown-version'],
  ['y1.abc', 'unknown-version'],
  // Without a dot there is no version at all, however the text starts.
  ['x23', 'unknown-version'],
  ['x1.a$', 'bad-encoding'],
  ['x1.', 'bad-encoding'],
  ['x1.AAAA', 'bad-compression'],
  [`x1.${'A'.repeat(1_001)}`, 'too-large'],
])('%j fails with %s', async (text, reason) => {
  expect(await unpackEnvelope(text, 'x1', LIMITS)).toEqual({ ok: false, reason });
});

test('JSON that inflates past the cap is refused while streaming', async () => {
  const packed = await packEnvelope('x1', 'x'.repeat(20_000), 1_000_000);
  expect(await unpackEnvelope(packed, 'x1', LIMITS)).toEqual({ ok: false, reason: 'too-large' });
});

test('deflated bytes that are not JSON are bad content', async () => {
  const packed = await deflateRaw(utf8Encode('{not json'), LIMITS.maxBytes);
  expect(await unpackEnvelope(`x1.${encodeBase64Url(packed)}`, 'x1', LIMITS)).toEqual({
    ok: false,
    reason: 'bad-content',
  });
});

describe('share links, workshop links and progress codes read the same envelope', () => {
  const decoders = [
    ['v1', decodeShareState],
    ['w1', decodeWorkshop],
    ['p1', decodeProgress],
  ] as const;

  test.each(decoders)('%s: the same damage gives the same reason', async (prefix, decode) => {
    for (const [body, reason] of [
      ['@@@', 'bad-encoding'],
      ['AAAA', 'bad-compression'],
    ] as const)
      expect(await decode(`${prefix}.${body}`)).toMatchObject({ ok: false, reason });
    expect(await decode(`${prefix[0] ?? ''}9.abc`)).toMatchObject({ ok: false, reason: 'newer-version' });
    expect(await decode(`${prefix[0] ?? ''}23`)).toMatchObject({ ok: false, reason: 'unknown-version' });
  });

  test.each(decoders)('%s: valid JSON of the wrong shape is bad content', async (prefix, decode) => {
    const packed = await packEnvelope(prefix, { not: 'this' }, LIMITS.maxBytes);
    expect(await decode(packed)).toMatchObject({ ok: false, reason: 'bad-content' });
  });
});
