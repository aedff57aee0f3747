/** The engine's own caps (`parseManifests`): the command line never hands it more than these. */
export const MAX_INPUT_BYTES = 16 * 1024 * 1024;
/** Most manifests (cluster objects and policies together) one command reads. */
export const MAX_DOCUMENTS = 50_000;
/** Most flow documents one command reads (flows are small; a list of them is one document). */
export const MAX_FLOW_DOCUMENTS = 1_000_000;
/** Most bytes of Hubble flow logs one command reads (100,000 flows of `hubble observe -o json` are about 85 MiB). */
export const MAX_TRAFFIC_BYTES = 256 * 1024 * 1024;
/** Most directory entries looked at while walking the directories of one command. */
export const MAX_DIRECTORY_ENTRIES = 100_000;

/**
 * A cap from the environment, which may only lower it (tests use small caps so that they need no
 * large files); anything else gives the default.
 */
function capFromEnvironment(name: string, fallback: number): number {
  const text = process.env[name];
  if (text === undefined || !/^[0-9]+$/.test(text)) return fallback;
  return Math.min(Number(text), fallback);
}

/** What one group of inputs (all manifests, or all flows files) may still read. */
export class ReadBudget {
  readonly maxBytes: number;
  readonly maxDocuments: number;
  bytesUsed = 0;
  documentsUsed = 0;
  /** Set when an input did not fit: later inputs are not read. */
  spent = false;

  constructor(maxBytes: number, maxDocuments: number) {
    this.maxBytes = maxBytes;
    this.maxDocuments = maxDocuments;
  }

  /** A budget for manifests: the caps, lowered by `NETPOL_MAX_INPUT_BYTES` / `NETPOL_MAX_DOCUMENTS`. */
  static forManifests(): ReadBudget {
    return new ReadBudget(
      capFromEnvironment('NETPOL_MAX_INPUT_BYTES', MAX_INPUT_BYTES),
      capFromEnvironment('NETPOL_MAX_DOCUMENTS', MAX_DOCUMENTS),
    );
  }

  /** A budget for flows files: the byte cap as for manifests, a larger document cap. */
  static forFlows(): ReadBudget {
    return new ReadBudget(
      capFromEnvironment('NETPOL_MAX_INPUT_BYTES', MAX_INPUT_BYTES),
      capFromEnvironment('NETPOL_MAX_DOCUMENTS', MAX_FLOW_DOCUMENTS),
    );
  }

  /** A budget for Hubble flow logs: large captures are normal, one flow per line. */
  static forTraffic(): ReadBudget {
    return new ReadBudget(
      capFromEnvironment('NETPOL_MAX_INPUT_BYTES', MAX_TRAFFIC_BYTES),
      capFromEnvironment('NETPOL_MAX_DOCUMENTS', MAX_FLOW_DOCUMENTS),
    );
  }

  /** Bytes the next file may still have. */
  get bytesLeft(): number {
    return this.maxBytes - this.bytesUsed;
  }

  /** Documents the next file may still have. */
  get documentsLeft(): number {
    return this.maxDocuments - this.documentsUsed;
  }

  /** " for all inputs together" once an earlier file used part of the budget, so the message is true. */
  get shared(): string {
    return this.bytesUsed > 0 || this.documentsUsed > 0 ? ' for all inputs together' : '';
  }
}

/** A byte count in words: `16 MiB (16,777,216 bytes)`, `3.0 GiB (3,221,225,472 bytes)`. */
export function formatBytes(bytes: number): string {
  const exact = `${bytes.toLocaleString('en')} bytes`;
  const units = [
    ['GiB', 1024 ** 3],
    ['MiB', 1024 ** 2],
    ['KiB', 1024],
  ] as const;
  for (const [unit, size] of units) {
    if (bytes < size) continue;
    const value = bytes / size;
    const shown = Number.isInteger(value) ? String(value) : value.toFixed(1);
    return `${shown} ${unit} (${exact})`;
  }
  return exact;
}
