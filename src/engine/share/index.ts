export { encodeShareState, decodeShareState, MAX_LINK_CHARS, MAX_STATE_BYTES } from './codec.ts';
export type { ShareState, ShareDecodeResult, ShareFailure } from './codec.ts';
