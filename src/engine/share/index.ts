export {
  encodeShareState,
  decodeShareState,
  MAX_LINK_CHARS,
  MAX_STATE_BYTES,
  MAX_SHARED_POLICIES_CHARS,
  MAX_SHARED_CLUSTER_CHARS,
  MAX_SHARED_TRAFFIC_CHARS,
} from './codec.ts';
export type { ShareState, ShareDecodeResult, ShareFailure } from './codec.ts';
export { decodeStateFile, encodeStateFile, STATE_FILE_FORMAT, STATE_FILE_VERSION } from './state-file.ts';
export type { StateFileResult } from './state-file.ts';
