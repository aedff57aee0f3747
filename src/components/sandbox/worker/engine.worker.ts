/// <reference lib="webworker" />
// The engine in a Web Worker: large pasted clusters are parsed and analysed here, so the page's main thread
// only ever holds what it shows.
import type { WorkerReply, WorkerRequest } from './protocol.ts';
import { EngineSession } from './session.ts';

declare const self: DedicatedWorkerGlobalScope;

const session = new EngineSession();
/** Bumped by every load and edit: the overview of an older evaluation stops at its next chunk. */
let generation = 0;

const post = (reply: WorkerReply): void => self.postMessage(reply);

self.onmessage = (event: MessageEvent<WorkerRequest>) => {
  const request = event.data;
  // Views and explanations are answered between chunks of an overview; a new cluster or edit replaces it.
  if (request.type === 'load' || request.type === 'evaluate') generation += 1;
  try {
    switch (request.type) {
      case 'load':
        post({ id: request.id, type: 'load', info: session.load(request.text) });
        return;
      case 'evaluate': {
        const start = performance.now();
        const evaluation = session.evaluate(request.policies, request.port);
        const view = session.view(request.view);
        post({ id: request.id, type: 'evaluate', evaluation, view, ms: performance.now() - start });
        const mine = generation;
        const stillMine = (): Promise<boolean> =>
          new Promise((resolve) => setTimeout(() => resolve(generation === mine), 0));
        // The verdicts first; the lint and the overview after, each dropped when a newer edit arrived.
        void stillMine()
          .then(async (current) => {
            if (!current) return;
            post({ id: -1, type: 'lint', lint: session.lint() });
            const overview = await session.overview(stillMine);
            if (overview) post({ id: -1, type: 'overview', overview });
          })
          .catch((error: unknown) => post({ id: -1, type: 'failed', message: String(error) }));
        return;
      }
      case 'view':
        post({ id: request.id, type: 'view', view: session.view(request.view) });
        return;
      case 'explain':
        post({ id: request.id, type: 'explain', explanation: session.explain(request.from, request.to) });
        return;
    }
  } catch (error) {
    post({ id: request.id, type: 'failed', message: error instanceof Error ? error.message : String(error) });
  }
};
