import { statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';

/** What `evaluate` was asked to do: enough for a second thread to read the same inputs on its own. */
export interface EvaluateJob {
  readonly cluster: string;
  readonly policies: readonly string[];
  readonly flows: string;
  readonly ipBlockMatchesPods: boolean | undefined;
  readonly output: 'json' | 'text';
}

/** A message from the render thread. */
export type HelperMessage =
  | { readonly kind: 'chunk'; readonly bytes: Uint8Array }
  | { readonly kind: 'done' }
  | { readonly kind: 'failed'; readonly reason: string };

/** Where the flows are split: the main thread renders `[0, at)`, the helper `[at, n)`. */
export function splitAt(count: number): number {
  return Math.ceil(count / 2);
}

/** A flows file below this size (about 3,000 flows) is rendered faster by one thread than by two. */
const MIN_FLOWS_BYTES = 256 * 1024;

/**
 * Whether a second thread should render half of the flows. It reads and checks the inputs itself, in
 * parallel with the main thread, so it is started before anything is read. NETPOL_THREADS=1 turns it
 * off and NETPOL_THREADS=2 forces it (tests use both to compare the outputs).
 */
function wanted(job: EvaluateJob): boolean {
  const setting = process.env.NETPOL_THREADS;
  if (setting === '1') return false;
  if (setting === '2') return true;
  if (availableParallelism() < 2) return false;
  const size = statSync(job.flows, { throwIfNoEntry: false })?.size ?? 0;
  return size >= MIN_FLOWS_BYTES;
}

/** A render thread working on the second half of the flows. */
export interface RenderHelper {
  /**
   * Its whole output once it is done, or undefined when it failed (the caller then renders that half
   * itself). Kept until the end rather than streamed, so a failure never leaves half an answer behind.
   */
  readonly result: () => Promise<{ chunks: Uint8Array[] } | { failed: string }>;
  /** Stops it (the main thread found a problem with the inputs). */
  readonly cancel: () => void;
}

/** Starts a render thread for `job`, or returns undefined when one thread is better. */
export function startHelper(job: EvaluateJob): RenderHelper | undefined {
  if (!wanted(job)) return undefined;
  // Bundled (node_modules/.cache/netpol-lab/main.mjs), the worker is bundled beside it; from the sources it is a .ts file.
  const file = import.meta.url.endsWith('.ts') ? './render-worker.ts' : './render-worker.mjs';
  let worker: Worker;
  try {
    worker = new Worker(new URL(file, import.meta.url), { workerData: job });
  } catch {
    return undefined;
  }
  const chunks: Uint8Array[] = [];
  const result = new Promise<{ chunks: Uint8Array[] } | { failed: string }>((resolve) => {
    const finish = (value: { chunks: Uint8Array[] } | { failed: string }): void => {
      worker.removeAllListeners();
      resolve(value);
    };
    worker.on('message', (message: HelperMessage) => {
      if (message.kind === 'chunk') chunks.push(message.bytes);
      else finish(message.kind === 'done' ? { chunks } : { failed: message.reason });
    });
    worker.on('error', (error: unknown) =>
      finish({ failed: error instanceof Error ? error.message : String(error) }),
    );
    worker.on('exit', (code) => finish({ failed: `it exited with code ${code}` }));
  });
  return {
    result: () => result,
    cancel: () => {
      worker.removeAllListeners();
      void worker.terminate();
    },
  };
}
