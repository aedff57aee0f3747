import type { PortProtocol } from '../../../engine/index.ts';
import type { ExplanationView } from '../ExplanationPane.tsx';
import type { ClusterInfo, Evaluation, LintResult, Overview, ViewAnswer, ViewQuery } from './session.ts';

/** Requests from the page to the engine worker. */
export type WorkerRequest =
  | { readonly id: number; readonly type: 'load'; readonly text: string }
  | {
      readonly id: number;
      readonly type: 'evaluate';
      readonly policies: string;
      readonly port: PortProtocol;
      readonly view: ViewQuery;
    }
  | { readonly id: number; readonly type: 'view'; readonly view: ViewQuery }
  | { readonly id: number; readonly type: 'explain'; readonly from: number; readonly to: number };

/** Replies, by request id; `lint` and `overview` messages follow an evaluation on their own. */
export type WorkerReply =
  | { readonly id: number; readonly type: 'load'; readonly info: ClusterInfo }
  | {
      readonly id: number;
      readonly type: 'evaluate';
      readonly evaluation: Evaluation;
      readonly view: ViewAnswer;
      /** How long the worker took for the verdicts and the view (for the latency measurement). */
      readonly ms: number;
    }
  | { readonly id: number; readonly type: 'view'; readonly view: ViewAnswer }
  | { readonly id: number; readonly type: 'explain'; readonly explanation: ExplanationView | null }
  | { readonly id: number; readonly type: 'failed'; readonly message: string }
  | { readonly id: -1; readonly type: 'lint'; readonly lint: LintResult }
  | { readonly id: -1; readonly type: 'overview'; readonly overview: Overview };
