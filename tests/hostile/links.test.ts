import { describe, expect, test } from 'vitest';
import {
  decodeProgress,
  decodeShareState,
  decodeWorkshop,
  encodeProgress,
  encodeShareState,
  encodeWorkshop,
  MAX_LINK_CHARS,
  MAX_PROGRESS_CODE_CHARS,
  MAX_WORKSHOP_LINK_CHARS,
} from '../../src/engine/index.ts';
import { encodeBase64Url } from '../../src/engine/share/base64url.ts';
import { deflateRaw, utf8Encode } from '../../src/engine/share/streams.ts';

// Share links (`v1.`), workshop links (`w1.`) and progress codes (`p1.`) that were cut, edited,
// inflated or made by a newer version: each gives its reason and a plain message, never an exception.

/** One decoder under test: its name, prefix, a valid payload and its decode function. */
interface Codec {
  readonly name: string;
  readonly prefix: string;
  readonly maxChars: number;
  /** Bytes of a compression bomb: more than the inflated-size cap, yet a payload under `maxChars`. */
  readonly bombBytes: number;
  readonly valid: () => Promise<string>;
  readonly decode: (text: string) => Promise<{ ok: boolean; reason?: string; message?: string }>;
}

const CODECS: readonly Codec[] = [
  {
    name: 'share link',
    prefix: 'v',
    maxChars: MAX_LINK_CHARS,
    bombBytes: 2_000_000,
    valid: () =>
      encodeShareState({
        scenario: { kind: 'id', id: 'shop' },
        policies: 'kind: NetworkPolicy\n'.repeat(20),
      }),
    decode: decodeShareState,
  },
  {
    name: 'workshop link',
    prefix: 'w',
    maxChars: MAX_WORKSHOP_LINK_CHARS,
    bombBytes: 4_000_000,
    valid: async () => {
      const encoded = await encodeWorkshop({
        title: 'Tuesday',
        exercises: [{ ref: 'ingress/allow-frontend' }],
      });
      if (!encoded.ok) throw new Error(encoded.message);
      return encoded.payload;
    },
    decode: decodeWorkshop,
  },
  {
    name: 'progress code',
    prefix: 'p',
    maxChars: MAX_PROGRESS_CODE_CHARS,
    bombBytes: 1_000_000,
    valid: () =>
      encodeProgress({ workshop: '0123abcd', learner: 'Ada', statuses: ['solved', 'help', 'open'] }),
    decode: decodeProgress,
  },
];

/** Packs bytes behind a prefix as links and codes are packed. */
async function pack(prefix: string, bytes: Uint8Array): Promise<string> {
  return `${prefix}.${encodeBase64Url(await deflateRaw(bytes, 50_000_000))}`;
}

describe.each(CODECS)('$name', (codec) => {
  test(`hostile: a future version (${codec.prefix}9.) says a newer version made it`, async () => {
    const result = await codec.decode(`${codec.prefix}9.AAAA`);
    expect(result).toMatchObject({ ok: false, reason: 'newer-version' });
    expect(result.message).toMatch(
      /^This .* was made by a newer version of NetPol Lab than this page\. Reload the page/,
    );
  });

  test('hostile: a link of another kind is not taken for this one', async () => {
    const result = await codec.decode(codec.prefix === 'v' ? 'w1.AAAA' : 'v1.AAAA');
    expect(result).toMatchObject({ ok: false, reason: 'unknown-version' });
    expect(result.message).toContain(`start with "${codec.prefix}1."`);
  });

  test('hostile: every truncation of a valid payload fails with a reason about damage, never throws', async () => {
    const valid = await codec.valid();
    expect((await codec.decode(valid)).ok).toBe(true);
    const reasons = new Set<string>();
    for (let cut = 3; cut < valid.length; cut += 1) {
      const result = await codec.decode(valid.slice(0, cut));
      expect(result.ok).toBe(false);
      reasons.add(result.reason ?? '');
    }
    expect([...reasons].every((r) => ['bad-encoding', 'bad-compression', 'bad-content'].includes(r))).toBe(
      true,
    );
  });

  test('hostile: a payload with a character changed fails or decodes to a valid value, never throws', async () => {
    const valid = await codec.valid();
    for (let at = 3; at < valid.length; at += 7) {
      const damaged = `${valid.slice(0, at)}${valid[at] === 'A' ? 'B' : 'A'}${valid.slice(at + 1)}`;
      const result = await codec.decode(damaged);
      if (!result.ok) expect(result.message?.length).toBeGreaterThan(20);
    }
    expect(await codec.decode(`${valid.slice(0, 10)}%${valid.slice(11)}`)).toMatchObject({
      ok: false,
      reason: 'bad-encoding',
    });
  });

  test('hostile: a payload longer than the cap is refused before decoding', async () => {
    const result = await codec.decode(`${codec.prefix}1.${'A'.repeat(codec.maxChars + 4)}`);
    expect(result).toMatchObject({ ok: false, reason: 'too-large' });
  });

  test('hostile: a compression bomb stops at the inflated-size cap', async () => {
    const bomb = await pack(`${codec.prefix}1`, new Uint8Array(codec.bombBytes).fill(0x20));
    expect(bomb.length).toBeLessThan(codec.maxChars);
    expect(await codec.decode(bomb)).toMatchObject({ ok: false, reason: 'too-large' });
  });

  test('hostile: binary garbage, NUL, lone surrogates and a BOM give a reason', async () => {
    for (const text of [
      '',
      '\u0000\u0000',
      `${codec.prefix}1.\ud800`,
      `\ufeff${codec.prefix}1.AAAA`,
      `${codec.prefix}1.`,
      '\u00ff\u00fe\u0001',
    ]) {
      const result = await codec.decode(text);
      expect(result.ok).toBe(false);
      expect(result.message?.length).toBeGreaterThan(20);
    }
  });

  test('hostile: valid compression of invalid UTF-8 or JSON is damaged content', async () => {
    const notUtf8 = await codec.decode(await pack(`${codec.prefix}1`, new Uint8Array([0xff, 0xfe, 0xfd])));
    expect(notUtf8).toMatchObject({ ok: false, reason: 'bad-compression' });
    const notJson = await codec.decode(await pack(`${codec.prefix}1`, utf8Encode('{"a":')));
    expect(notJson).toMatchObject({ ok: false, reason: 'bad-content' });
  });
});

test('hostile: the messages name the thing and say what happened', async () => {
  expect(await decodeShareState('v1.AAAA')).toMatchObject({
    message:
      'The share link is damaged: its data does not unpack. It may have been cut off when it was copied.',
  });
  expect(await decodeShareState(`v1.${'A'.repeat(MAX_LINK_CHARS + 4)}`)).toMatchObject({
    message: 'The share link is too large to open safely.',
  });
  expect(await decodeProgress('p1.@@@@')).toMatchObject({
    message: 'The progress code is damaged: it contains characters a code never has.',
  });
  expect(await decodeWorkshop('w9.AAAA')).toMatchObject({
    message:
      'This workshop link was made by a newer version of NetPol Lab than this page. Reload the page to get the latest version, then open the link again.',
  });
});

describe('a long compression bomb (30 MB inflated)', () => {
  test('hostile: the decompressor gets the link in slices of 1 KiB, so no single step inflates more than ~1 MB', async () => {
    const bomb = `v1.${encodeBase64Url(await deflateRaw(new Uint8Array(30_000_000).fill(0x20), 50_000_000))}`;
    expect(bomb.length).toBeGreaterThan(35_000);
    expect(bomb.length).toBeLessThanOrEqual(MAX_LINK_CHARS);
    const Original = globalThis.DecompressionStream;
    const written: number[] = [];
    class Recording extends Original {
      constructor(format: CompressionFormat) {
        super(format);
        const sink = this.writable.getWriter();
        const recorded = new WritableStream<Uint8Array>({
          write: async (chunk) => {
            written.push(chunk.length);
            await sink.write(chunk as Uint8Array<ArrayBuffer>);
          },
          close: () => sink.close(),
          abort: (reason) => sink.abort(reason),
        });
        Object.defineProperty(this, 'writable', { value: recorded });
      }
    }
    globalThis.DecompressionStream = Recording;
    try {
      const decoded = await decodeShareState(bomb);
      expect(decoded).toMatchObject({ ok: false, reason: 'too-large' });
    } finally {
      globalThis.DecompressionStream = Original;
    }
    expect(Math.max(...written)).toBeLessThanOrEqual(1024);
  }, 60_000);
});
