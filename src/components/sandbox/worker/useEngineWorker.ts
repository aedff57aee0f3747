import { startTransition, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { flushSync } from 'react-dom';
import type { Diagnostic, PortProtocol } from '../../../engine/index.ts';
import type { ExplanationView } from '../ExplanationPane.tsx';
import type { WorkerReply, WorkerRequest } from './protocol.ts';
import type { ClusterInfo, Evaluation, LintResult, Overview, ViewAnswer, ViewQuery } from './session.ts';

/** How long the worker may take before the page gives up on a cluster (time budget), per request kind. */
export const TIME_BUDGET_MS = { load: 20_000, evaluate: 10_000 } as const;

/** Cluster texts longer than this (and not a course scenario) are analysed in the worker. */
export const WORKER_THRESHOLD_CHARS = 20_000;

/** Whether a cluster text goes to the worker: pasted clusters of real size; lessons and scenarios stay in-page. */
export function usesWorker(clusterText: string, known: boolean): boolean {
  return !known && clusterText.length > WORKER_THRESHOLD_CHARS;
}

/** What the page knows of a large cluster, from the worker. */
export interface LargeModel {
  readonly status: 'loading' | 'ready' | 'failed';
  /** Why the cluster is not shown (over budget, worker failed), in a sentence. */
  readonly message: string | null;
  readonly info: ClusterInfo | null;
  readonly port: PortProtocol;
  readonly evaluation: Evaluation | null;
  readonly answer: ViewAnswer | null;
  readonly overview: Overview | null;
  readonly explanation: ExplanationView | null;
  readonly diagnostics: readonly Diagnostic[];
  /** Asks for what a view shows; answered from the current analysis. */
  readonly setView: (query: ViewQuery) => void;
}

const NO_VIEW: ViewQuery = { rows: [], cols: [], focus: null, expanded: [] };

function sameView(a: ViewQuery, b: ViewQuery): boolean {
  const same = (x: readonly unknown[], y: readonly unknown[]): boolean =>
    x.length === y.length && x.every((v, i) => v === y[i]);
  return a.focus === b.focus && same(a.rows, b.rows) && same(a.cols, b.cols) && same(a.expanded, b.expanded);
}

/**
 * Runs a large cluster through the engine worker: one load per cluster text, one evaluation per edit or port
 * (the newest wins while one is running), view windows on demand. Over the time budget the worker is stopped
 * and the page says so.
 */
export function useEngineWorker(
  enabled: boolean,
  clusterText: string,
  policies: string,
  wantedPort: PortProtocol | null,
  selection: { readonly from: string; readonly to: string } | null,
): LargeModel {
  const worker = useRef<Worker | null>(null);
  const nextId = useRef(1);
  const pending = useRef(
    new Map<number, { kind: WorkerRequest['type']; timer: ReturnType<typeof setTimeout> }>(),
  );
  const busy = useRef<{ evaluate: boolean; view: boolean }>({ evaluate: false, view: false });
  const queued = useRef<{ evaluate: WorkerRequest | null; view: WorkerRequest | null }>({
    evaluate: null,
    view: null,
  });
  const viewRef = useRef<ViewQuery>(NO_VIEW);
  const [status, setStatus] = useState<LargeModel['status']>('loading');
  const [message, setMessage] = useState<string | null>(null);
  const [info, setInfo] = useState<ClusterInfo | null>(null);
  const [evaluation, setEvaluation] = useState<Evaluation | null>(null);
  const [answer, setAnswer] = useState<ViewAnswer | null>(null);
  const [overview, setOverview] = useState<Overview | null>(null);
  const [lint, setLint] = useState<LintResult | null>(null);
  const [explanation, setExplanation] = useState<ExplanationView | null>(null);
  const [loaded, setLoaded] = useState(0);

  const stop = useCallback(() => {
    worker.current?.terminate();
    worker.current = null;
    for (const { timer } of pending.current.values()) clearTimeout(timer);
    pending.current.clear();
    busy.current = { evaluate: false, view: false };
    queued.current = { evaluate: null, view: null };
  }, []);

  const send = useRef<(request: WorkerRequest) => void>(() => undefined);
  const onReply = useCallback((reply: WorkerReply) => {
    // The lint and the overview are not what the learner waits for: rendered as transitions, so a
    // keystroke's answer is never held up behind them.
    if (reply.type === 'overview') {
      startTransition(() => setOverview(reply.overview));
      return;
    }
    if (reply.type === 'lint') {
      startTransition(() => setLint(reply.lint));
      return;
    }
    const entry = pending.current.get(reply.id);
    if (entry) clearTimeout(entry.timer);
    pending.current.delete(reply.id);
    const release = (kind: 'evaluate' | 'view'): void => {
      busy.current[kind] = false;
      const next = queued.current[kind];
      queued.current[kind] = null;
      if (next) send.current(next);
    };
    switch (reply.type) {
      case 'load':
        setInfo(reply.info);
        setStatus(reply.info.overBudget || !reply.info.ok ? 'failed' : 'ready');
        setMessage(reply.info.overBudget ?? null);
        setLoaded((n) => n + 1);
        return;
      case 'evaluate': {
        const now = performance.now();
        performance.measure('np-worker-evaluate', { start: now - reply.ms, end: now });
        // On screen in this task, not after a scheduler turn and a frame: on a busy machine each turn
        // waits for the CPU again.
        flushSync(() => {
          setEvaluation(reply.evaluation);
          setAnswer(reply.view);
        });
        release('evaluate');
        return;
      }
      case 'view':
        setAnswer((current) => (current && current.rev > reply.view.rev ? current : reply.view));
        release('view');
        return;
      case 'explain':
        setExplanation(reply.explanation);
        return;
      case 'failed':
        setStatus('failed');
        setMessage(`The engine stopped on this cluster: ${reply.message}`);
        if (entry?.kind === 'evaluate' || entry?.kind === 'view') release(entry.kind);
        return;
    }
  }, []);

  send.current = (request: WorkerRequest) => {
    if (!worker.current) return;
    const kind = request.type;
    if (kind === 'evaluate' || kind === 'view') {
      if (busy.current[kind]) {
        queued.current[kind] = request;
        return;
      }
      busy.current[kind] = true;
    }
    const budget = kind === 'load' ? TIME_BUDGET_MS.load : TIME_BUDGET_MS.evaluate;
    const timer = setTimeout(() => {
      stop();
      setStatus('failed');
      setMessage(
        `This cluster took longer than ${budget / 1000} s to analyse, so the playground stopped to keep the page responsive. ` +
          'Paste fewer namespaces, or use the command line (netpol matrix) for a cluster this size.',
      );
    }, budget);
    pending.current.set(request.id, { kind, timer });
    worker.current.postMessage(request);
  };

  // One worker per cluster text: a new text starts from a fresh one.
  useEffect(() => {
    if (!enabled) return;
    setStatus('loading');
    setMessage(null);
    setInfo(null);
    setEvaluation(null);
    setAnswer(null);
    setOverview(null);
    setLint(null);
    setExplanation(null);
    let created: Worker;
    try {
      created = new Worker(new URL('./engine.worker.ts', import.meta.url), { type: 'module' });
    } catch (error) {
      setStatus('failed');
      setMessage(`This browser could not start the engine worker: ${String(error)}`);
      return;
    }
    worker.current = created;
    created.onmessage = (event: MessageEvent<WorkerReply>) => onReply(event.data);
    created.onerror = (event) => {
      event.preventDefault();
      stop();
      setStatus('failed');
      setMessage(`The engine stopped on this cluster${event.message ? `: ${event.message}` : ''}.`);
    };
    send.current({ id: nextId.current++, type: 'load', text: clusterText });
    return stop;
  }, [enabled, clusterText, onReply, stop]);

  const ports = info?.ports ?? [];
  const chosen =
    wantedPort && ports.some((p) => p.port === wantedPort.port && p.protocol === wantedPort.protocol)
      ? wantedPort
      : null;
  const port = chosen ?? ports[0] ?? { port: 80, protocol: 'TCP' };

  useEffect(() => {
    if (!enabled || status !== 'ready' || loaded === 0) return;
    send.current({
      id: nextId.current++,
      type: 'evaluate',
      policies,
      port: { port: port.port, protocol: port.protocol },
      view: viewRef.current,
    });
  }, [enabled, status, loaded, policies, port.port, port.protocol]);

  const setView = useCallback((query: ViewQuery) => {
    if (sameView(query, viewRef.current)) return;
    viewRef.current = query;
    send.current({ id: nextId.current++, type: 'view', view: query });
  }, []);

  const index = useMemo(() => new Map((info?.units ?? []).map((u, i) => [u.id, i])), [info]);
  const from = selection ? index.get(selection.from) : undefined;
  const to = selection ? index.get(selection.to) : undefined;
  useEffect(() => {
    if (!enabled || from === undefined || to === undefined || !evaluation) {
      setExplanation(null);
      return;
    }
    send.current({ id: nextId.current++, type: 'explain', from, to });
  }, [enabled, from, to, evaluation]);

  // The last lint stays until the next one arrives (shortly after the verdicts), so warnings do not flicker
  // off and on at every keystroke.
  const diagnostics = useMemo(
    () => [...(evaluation?.diagnostics ?? []), ...(lint?.diagnostics ?? [])],
    [evaluation, lint],
  );

  return {
    status,
    message,
    info,
    port,
    evaluation,
    answer,
    overview,
    explanation,
    diagnostics,
    setView,
  };
}
