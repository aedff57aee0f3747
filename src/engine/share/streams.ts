/**
 * The few Web platform pieces the share codec needs (CompressionStream, TextEncoder), typed
 * locally because the engine compiles without the DOM library. Node 24 and every current
 * browser provide them as globals.
 */

interface ByteReader {
  read(): Promise<{ done: boolean; value?: Uint8Array }>;
  cancel(reason?: unknown): Promise<void>;
}

interface ByteWriter {
  write(chunk: Uint8Array): Promise<void>;
  close(): Promise<void>;
}

interface TransformPair {
  readonly readable: { getReader(): ByteReader };
  readonly writable: { getWriter(): ByteWriter };
}

interface ShareGlobals {
  CompressionStream: new (format: 'deflate-raw') => TransformPair;
  DecompressionStream: new (format: 'deflate-raw') => TransformPair;
  TextEncoder: new () => { encode(text: string): Uint8Array };
  TextDecoder: new (label: string, options: { fatal: boolean }) => { decode(bytes: Uint8Array): string };
}

const platform = globalThis as unknown as ShareGlobals;

/** Bytes written into a stream at a time (deflate inflates at most ~1,032 times its input). */
const WRITE_SLICE = 1024;

/** Thrown (and caught inside the codec) when a stream produces more bytes than allowed. */
export class SizeLimitError extends Error {}

/** Returns the UTF-8 bytes of the text. */
export function utf8Encode(text: string): Uint8Array {
  return new platform.TextEncoder().encode(text);
}

/** Returns the text of UTF-8 bytes; throws on invalid UTF-8. */
export function utf8Decode(bytes: Uint8Array): string {
  return new platform.TextDecoder('utf-8', { fatal: true }).decode(bytes);
}

/**
 * Returns the bytes pushed through a (de)compression stream, stopping with `SizeLimitError`
 * as soon as the output passes `maxBytes` (so a tiny "zip bomb" link never inflates fully).
 */
async function pipe(pair: TransformPair, input: Uint8Array, maxBytes: number): Promise<Uint8Array> {
  const writer = pair.writable.getWriter();
  // Writing and reading run together: awaiting the write first would stall on backpressure. The input
  // goes in slices: a stream inflates a whole written chunk at once, so one 90 KB bomb written whole
  // would inflate to 90 MB before the size check could stop it; a slice inflates to at most ~1 MB.
  const written = (async () => {
    for (let offset = 0; offset < input.length; offset += WRITE_SLICE)
      await writer.write(input.subarray(offset, offset + WRITE_SLICE));
    await writer.close();
  })();
  written.catch(() => undefined);
  const reader = pair.readable.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (!value) continue;
    total += value.length;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw new SizeLimitError(`more than ${maxBytes} bytes`);
    }
    chunks.push(value);
  }
  await written;
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}

/** Returns the deflate-raw compression of the bytes. */
export function deflateRaw(input: Uint8Array, maxBytes: number): Promise<Uint8Array> {
  return pipe(new platform.CompressionStream('deflate-raw'), input, maxBytes);
}

/** Returns the inflated bytes; rejects on damaged input or when the output passes `maxBytes`. */
export function inflateRaw(input: Uint8Array, maxBytes: number): Promise<Uint8Array> {
  return pipe(new platform.DecompressionStream('deflate-raw'), input, maxBytes);
}
