import type { EndpointId, HttpRequest, PortProtocol } from '../../engine/index.ts';

/** The parts of a challenge the reducer needs (the rest is read by the goal check). */
export interface ChallengeRef {
  readonly id: string;
  readonly starter: string;
  readonly solution: string;
  readonly hints: readonly string[];
}

/** A short message shown under the toolbar (storage fallback, damaged link, upload errors). */
export interface Notice {
  readonly tone: 'info' | 'warning' | 'error';
  readonly text: string;
}

/** A flow pair picked in the table or graph, or a goal's flow; the port comes from `port`. */
export interface Selection {
  readonly from: EndpointId;
  readonly to: EndpointId;
  /** A goal's HTTP request, which the explanation is then about. */
  readonly http?: HttpRequest;
}

/** Everything a sandbox remembers. Derived results (verdicts, goals) are computed from it. */
export interface SandboxState {
  /** Scenario id, or `null` for a pasted cluster. */
  readonly scenarioId: string | null;
  readonly clusterText: string;
  readonly policies: string;
  /**
   * Who put the policies text there: the learner (an edit, Reset, Undo, Show solution) or the page (the
   * starter, saved work, a link). "Your last edit changed …" compares learner edits only.
   */
  readonly policiesFrom: 'learner' | 'page';
  /** What Reset goes back to: the challenge's starter or the sandbox's starting policies. */
  readonly initial: string;
  readonly challenge: ChallengeRef | null;
  /** Port shown in graph and table; `null` = the scenario's first port. */
  readonly port: PortProtocol | null;
  readonly selection: Selection | null;
  /** Pod whose ingress and egress the graph focuses on. */
  readonly focus: EndpointId | null;
  readonly hintsShown: number;
  /** The solution was shown: a solve now counts as "solved with help". */
  readonly usedHelp: boolean;
  readonly confirmingSolution: boolean;
  /** Policies text before the last reset, for undo. */
  readonly undo: string | null;
  readonly notice: Notice | null;
  /** The last edit made from the picture (allow, block, isolate, convert) and the text before it, for Undo. */
  readonly authored: Authored | null;
}

/** An edit the sandbox made to the policies text on the learner's request, said in words. */
export interface Authored {
  /** What changed, e.g. `1 connection newly allowed`. */
  readonly summary: string;
  /** Each change to the text, e.g. `Created NetworkPolicy x/allow-ingress-to-b with …`. */
  readonly steps: readonly string[];
  readonly previous: string;
}

/** Every way the state can change. */
export type SandboxAction =
  | { readonly type: 'edit'; readonly policies: string }
  | { readonly type: 'set-port'; readonly port: PortProtocol }
  | { readonly type: 'select'; readonly selection: Selection | null }
  | { readonly type: 'focus'; readonly endpoint: EndpointId | null }
  | { readonly type: 'show-hint' }
  | { readonly type: 'ask-solution' }
  | { readonly type: 'cancel-solution' }
  | { readonly type: 'show-solution' }
  | { readonly type: 'reset' }
  | { readonly type: 'undo-reset' }
  | {
      readonly type: 'author';
      readonly policies: string;
      readonly summary: string;
      readonly steps: readonly string[];
    }
  | { readonly type: 'undo-author' }
  | { readonly type: 'load-scenario'; readonly id: string | null; readonly clusterText: string }
  | { readonly type: 'restore'; readonly saved: SavedSandbox }
  | { readonly type: 'notice'; readonly notice: Notice | null }
  | { readonly type: 'replace'; readonly state: SandboxState };

/** What autosave and share links keep of a sandbox. */
export interface SavedSandbox {
  readonly policies: string;
  /** A pasted cluster (kept only when the sandbox has no scenario id). */
  readonly clusterText?: string;
  readonly port?: PortProtocol | null;
  readonly hintsShown?: number;
  readonly usedHelp?: boolean;
  /** The policies before the last Reset or Show solution, so Undo survives a reload. */
  readonly undo?: string;
}

/** Options for a fresh sandbox. */
export interface InitOptions {
  readonly scenarioId: string | null;
  readonly clusterText: string;
  readonly policies?: string;
  readonly challenge?: ChallengeRef | null;
  readonly port?: PortProtocol | null;
}

/** Returns the state of a fresh sandbox. */
export function initSandbox(options: InitOptions): SandboxState {
  return {
    scenarioId: options.scenarioId,
    clusterText: options.clusterText,
    policies: options.policies ?? options.challenge?.starter ?? '',
    policiesFrom: 'page',
    initial: options.policies ?? options.challenge?.starter ?? '',
    challenge: options.challenge ?? null,
    port: options.port ?? null,
    selection: null,
    focus: null,
    hintsShown: 0,
    usedHelp: false,
    confirmingSolution: false,
    undo: null,
    notice: null,
    authored: null,
  };
}

/** Returns the next state; pure, so it is tested without a DOM. */
export function sandboxReducer(state: SandboxState, action: SandboxAction): SandboxState {
  switch (action.type) {
    case 'edit':
      return action.policies === state.policies
        ? state
        : { ...state, policies: action.policies, policiesFrom: 'learner', undo: null, authored: null };
    case 'set-port':
      return { ...state, port: action.port };
    case 'select':
      return { ...state, selection: action.selection };
    case 'focus':
      return { ...state, focus: state.focus === action.endpoint ? null : action.endpoint };
    case 'show-hint': {
      const total = state.challenge?.hints.length ?? 0;
      return { ...state, hintsShown: Math.min(total, state.hintsShown + 1) };
    }
    case 'ask-solution':
      return state.challenge ? { ...state, confirmingSolution: true } : state;
    case 'cancel-solution':
      return { ...state, confirmingSolution: false };
    case 'show-solution':
      if (!state.challenge) return state;
      return {
        ...state,
        policies: state.challenge.solution,
        policiesFrom: 'learner',
        usedHelp: true,
        confirmingSolution: false,
        undo: state.policies,
      };
    case 'reset': {
      const starter = state.initial;
      if (state.policies === starter) return state;
      return {
        ...state,
        policies: starter,
        policiesFrom: 'learner',
        undo: state.policies,
        selection: null,
        confirmingSolution: false,
        authored: null,
      };
    }
    case 'undo-reset':
      return state.undo === null
        ? state
        : { ...state, policies: state.undo, policiesFrom: 'learner', undo: null };
    case 'author':
      return {
        ...state,
        policies: action.policies,
        policiesFrom: 'learner',
        undo: null,
        authored: { summary: action.summary, steps: action.steps, previous: state.policies },
      };
    case 'undo-author':
      return state.authored === null
        ? state
        : { ...state, policies: state.authored.previous, policiesFrom: 'learner', authored: null };
    case 'load-scenario':
      return {
        ...state,
        scenarioId: action.id,
        clusterText: action.clusterText,
        port: null,
        selection: null,
        focus: null,
        authored: null,
      };
    case 'restore': {
      const { saved } = action;
      const hints = state.challenge?.hints.length ?? 0;
      return {
        ...state,
        policies: saved.policies,
        policiesFrom: 'page',
        ...(saved.clusterText !== undefined && state.scenarioId === null
          ? { clusterText: saved.clusterText }
          : {}),
        port: saved.port ?? state.port,
        hintsShown: Math.max(0, Math.min(hints, saved.hintsShown ?? 0)),
        usedHelp: saved.usedHelp ?? false,
        authored: null,
        undo: saved.undo ?? null,
      };
    }
    case 'notice':
      return { ...state, notice: action.notice };
    case 'replace':
      return action.state;
    default:
      return assertNever(action);
  }
}

/** Returns the part of the state autosave keeps. */
export function toSaved(state: SandboxState): SavedSandbox {
  return {
    policies: state.policies,
    ...(state.scenarioId === null ? { clusterText: state.clusterText } : {}),
    port: state.port,
    hintsShown: state.hintsShown,
    usedHelp: state.usedHelp,
    ...(state.undo !== null ? { undo: state.undo } : {}),
  };
}

function assertNever(value: never): never {
  throw new Error(`Unhandled action ${JSON.stringify(value)}`);
}
