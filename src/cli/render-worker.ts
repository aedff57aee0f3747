// The render thread of a large `evaluate` (see parallel.ts): reads the same inputs as the main thread,
// renders the second half of the flows and sends the encoded bytes back in order.
import { parentPort, workerData } from 'node:worker_threads';
import { encodeRange, loadEvaluation } from './commands.ts';
import { InputProblems } from './input.ts';
import { splitAt, type EvaluateJob, type HelperMessage } from './parallel.ts';

const send = (message: HelperMessage): void => parentPort?.postMessage(message);

try {
  const job = workerData as EvaluateJob;
  const loaded = loadEvaluation(job, new InputProblems());
  if (!loaded) send({ kind: 'failed', reason: 'it found the input invalid' });
  else {
    for (const bytes of encodeRange(job, loaded.analysis, loaded.flows, splitAt(loaded.flows.length)))
      send({ kind: 'chunk', bytes });
    send({ kind: 'done' });
  }
} catch (error) {
  send({ kind: 'failed', reason: error instanceof Error ? error.message : String(error) });
}
