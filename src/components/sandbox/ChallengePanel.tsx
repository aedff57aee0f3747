import { useEffect, useId, useRef, useState } from 'react';
import type { HttpRequest, Protocol } from '../../engine/index.ts';
import { ExplanationBody, type ExplanationView } from './ExplanationPane.tsx';
import type { SandboxAction, SandboxState } from './state.ts';
import Words from './Words.tsx';
import { useHydrated } from '../ui/hydrated.ts';

/** One goal with its live result. */
export interface GoalView {
  readonly text: string;
  readonly flow: {
    readonly from: string;
    readonly to: string;
    readonly port: number;
    readonly protocol: Protocol;
    /** The HTTP request the goal is about, when it has one. */
    readonly http?: HttpRequest | undefined;
  };
  readonly expect: 'allow' | 'deny';
  readonly passed: boolean;
  readonly note?: string;
}

/** Live result of a challenge. */
export interface ChallengeView {
  readonly title: string;
  readonly task: string;
  readonly goals: readonly GoalView[];
  readonly constraints: readonly { readonly text: string; readonly passed: boolean }[];
  readonly solved: boolean;
  readonly next?: { readonly href: string; readonly title: string };
}

interface Props {
  readonly level: 2 | 3;
  readonly view: ChallengeView;
  readonly state: SandboxState;
  readonly dispatch: (action: SandboxAction) => void;
  /** The explanation of the selected flow: shown under the goal whose "why?" asked for it. */
  readonly explanation?: ExplanationView | null;
  readonly onHighlight?: (range: { from: number; to: number }) => void;
  /** The goals are met but the policies came from a link and nothing is recorded: not a solve yet. */
  readonly uncounted?: boolean;
}

function explains(explanation: ExplanationView | null | undefined, goal: GoalView): boolean {
  const a = explanation?.flow;
  const b = goal.flow;
  return (
    !!a &&
    a.from === b.from &&
    a.to === b.to &&
    a.port === b.port &&
    a.protocol === b.protocol &&
    JSON.stringify(a.http ?? null) === JSON.stringify(b.http ?? null)
  );
}

/** The explanation of one goal, directly under it; it takes focus when it opens. */
function GoalWhy({
  id,
  goal,
  explanation,
  onHighlight,
}: {
  readonly id: string;
  readonly goal: GoalView;
  readonly explanation: ExplanationView;
  readonly onHighlight: (range: { from: number; to: number }) => void;
}) {
  const region = useRef<HTMLDivElement>(null);
  useEffect(() => {
    region.current?.focus({ preventScroll: true });
    region.current?.scrollIntoView({ block: 'nearest' });
  }, []);
  return (
    <div
      id={id}
      ref={region}
      className="np-goal-why"
      role="region"
      aria-label={`Why: ${goal.text}`}
      tabIndex={-1}
    >
      <ExplanationBody explanation={explanation} onHighlight={onHighlight} />
    </div>
  );
}

function GoalList({
  goals,
  expect,
  title,
  level,
  onExplain,
  open,
  explanation,
  onHighlight,
}: {
  readonly goals: readonly GoalView[];
  readonly expect: 'allow' | 'deny';
  readonly title: string;
  readonly level: 2 | 3;
  readonly onExplain: (goal: GoalView) => void;
  readonly open: string | null;
  readonly explanation: ExplanationView | null | undefined;
  readonly onHighlight: (range: { from: number; to: number }) => void;
}) {
  const base = useId();
  const ready = useHydrated();
  const Heading = level === 2 ? 'h3' : 'h4';
  const list = goals.filter((g) => g.expect === expect);
  if (list.length === 0) return null;
  return (
    <div className="np-goal-group">
      <Heading className="np-goal-heading">{title}</Heading>
      <ul className="np-goals">
        {list.map((goal, index) => {
          const shown = open === goal.text && explains(explanation, goal);
          const whyId = `${base}-why-${index}`;
          return (
            <li key={goal.text} className={goal.passed ? 'np-goal np-goal-pass' : 'np-goal np-goal-fail'}>
              <span className="np-goal-mark" aria-hidden="true">
                {goal.passed ? '✓' : '✕'}
              </span>
              <span className="np-goal-flow">{goal.text}</span>
              <span className="np-goal-state">
                {goal.passed ? 'met' : 'not yet'}{' '}
                <button
                  type="button"
                  className="np-link-button"
                  aria-label={`why? ${goal.text}`}
                  aria-expanded={shown}
                  aria-controls={shown ? whyId : undefined}
                  disabled={!ready}
                  onClick={() => onExplain(goal)}
                >
                  why?
                </button>
              </span>
              {goal.note && (
                <span className="np-goal-note">
                  <Words text={goal.note} />
                </span>
              )}
              {shown && explanation && (
                <GoalWhy id={whyId} goal={goal} explanation={explanation} onHighlight={onHighlight} />
              )}
            </li>
          );
        })}
      </ul>
    </div>
  );
}

/** The task, goals with live pass/fail, hints, solution and reset. */
export default function ChallengePanel({
  level,
  view,
  state,
  dispatch,
  explanation,
  onHighlight = () => undefined,
  uncounted = false,
}: Props) {
  const [open, setOpen] = useState<string | null>(null);
  const ready = useHydrated();
  const explain = (goal: GoalView): void => {
    if (open === goal.text && explains(explanation, goal)) {
      setOpen(null);
      return;
    }
    setOpen(goal.text);
    dispatch({ type: 'set-port', port: { port: goal.flow.port, protocol: goal.flow.protocol } });
    const { from, to, http } = goal.flow;
    dispatch({ type: 'select', selection: { from, to, ...(http ? { http } : {}) } });
  };
  const Heading = level === 2 ? 'h2' : 'h3';
  const challenge = state.challenge;
  if (!challenge) return null;
  const met = view.goals.filter((g) => g.passed).length + view.constraints.filter((c) => c.passed).length;
  const total = view.goals.length + view.constraints.length;
  return (
    <section
      className={`np-challenge np-panel${view.solved ? ' np-challenge-solved' : ''}`}
      aria-labelledby={`np-ch-${challenge.id.replace(/\W/g, '-')}`}
    >
      <div className="np-challenge-head">
        <Heading id={`np-ch-${challenge.id.replace(/\W/g, '-')}`} className="np-panel-title">
          Challenge: {view.title}
        </Heading>
        <p className="np-counter" aria-live="polite">
          {met} of {total} checks met
        </p>
      </div>
      <p className="np-task">
        <Words text={view.task} />
      </p>
      {view.solved && uncounted && (
        <p className="np-notice np-notice-info" role="status">
          Every goal is met by the policies this link opened. They count as your solve once you change them
          yourself.
        </p>
      )}
      {view.solved && !uncounted && (
        <div className="np-success" role="status">
          <p>
            <strong>{state.usedHelp ? 'Solved with help.' : 'Solved!'}</strong>{' '}
            {state.usedHelp ? 'Try the next one on your own.' : 'Every goal is met.'}
          </p>
          {view.next && (
            <a className="np-button np-button-primary" href={view.next.href}>
              {view.next.title}
            </a>
          )}
        </div>
      )}
      <div className="np-goal-columns">
        <GoalList
          goals={view.goals}
          expect="allow"
          title="Should work"
          level={level}
          onExplain={explain}
          open={open}
          explanation={explanation}
          onHighlight={onHighlight}
        />
        <GoalList
          goals={view.goals}
          expect="deny"
          title="Should not work"
          level={level}
          onExplain={explain}
          open={open}
          explanation={explanation}
          onHighlight={onHighlight}
        />
      </div>
      {view.constraints.length > 0 && (
        <ul className="np-goals np-constraints" aria-label="Conditions">
          {view.constraints.map((c) => (
            <li key={c.text} className={c.passed ? 'np-goal np-goal-pass' : 'np-goal np-goal-fail'}>
              <span className="np-goal-mark" aria-hidden="true">
                {c.passed ? '✓' : '✕'}
              </span>
              <span className="np-goal-flow">
                <Words text={c.text} />
              </span>
              <span className="np-goal-state">{c.passed ? 'met' : 'not yet'}</span>
            </li>
          ))}
        </ul>
      )}
      {state.hintsShown > 0 && (
        <ol className="np-hints" aria-label="Hints">
          {challenge.hints.slice(0, state.hintsShown).map((hint) => (
            <li key={hint}>
              <Words text={hint} />
            </li>
          ))}
        </ol>
      )}
      <div className="np-actions">
        {state.hintsShown < challenge.hints.length && (
          <button
            type="button"
            className="np-button"
            disabled={!ready}
            onClick={() => dispatch({ type: 'show-hint' })}
          >
            Show hint {state.hintsShown + 1} of {challenge.hints.length}
          </button>
        )}
        {!state.confirmingSolution && (
          <button
            type="button"
            className="np-button"
            disabled={!ready}
            onClick={() => dispatch({ type: 'ask-solution' })}
          >
            Show solution
          </button>
        )}
        <button
          type="button"
          className="np-button"
          disabled={!ready}
          onClick={() => dispatch({ type: 'reset' })}
        >
          Reset
        </button>
        {state.undo !== null && (
          <span className="np-undo" role="status">
            Policies replaced.{' '}
            <button
              type="button"
              className="np-button"
              disabled={!ready}
              onClick={() => dispatch({ type: 'undo-reset' })}
            >
              Undo
            </button>
          </span>
        )}
      </div>
      {state.confirmingSolution && (
        <div
          className="np-confirm"
          role="alertdialog"
          aria-labelledby={`np-confirm-${challenge.id.replace(/\W/g, '-')}`}
        >
          <p id={`np-confirm-${challenge.id.replace(/\W/g, '-')}`}>
            Show the solution? It replaces your policies (you can undo), and the challenge will count as
            solved with help.
          </p>
          <button
            type="button"
            className="np-button np-button-primary"
            onClick={() => dispatch({ type: 'show-solution' })}
          >
            Yes, show the solution
          </button>
          <button type="button" className="np-button" onClick={() => dispatch({ type: 'cancel-solution' })}>
            Cancel
          </button>
        </div>
      )}
    </section>
  );
}
