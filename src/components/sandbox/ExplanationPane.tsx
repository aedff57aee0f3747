import { useEffect, useRef, type ReactNode } from 'react';
import Words from './Words.tsx';
import type { HttpRequest } from '../../engine/index.ts';

/** One line of an explanation, already in plain words; `range` points into the policies text. */
export interface ExplanationLineView {
  readonly text: string;
  readonly range?: { readonly from: number; readonly to: number; readonly line: number };
  readonly depth: number;
}

/** A step of a flow: the DNS lookup, then the connection. */
export interface ExplanationStepView {
  readonly title: string;
  readonly allowed: boolean;
  readonly lines: readonly ExplanationLineView[];
}

/** The explanation of the selected flow. */
export interface ExplanationView {
  readonly heading: string;
  /** The flow explained, so a view can tell whether it is the one it asked about. */
  readonly flow: {
    readonly from: string;
    readonly to: string;
    readonly port: number;
    readonly protocol: string;
    readonly http?: HttpRequest;
  };
  readonly summary: string;
  readonly allowed: boolean;
  readonly steps: readonly ExplanationStepView[];
}

type Highlight = (range: { from: number; to: number }) => void;

/** The verdict once, then each step with links to the deciding policy lines. */
export function ExplanationBody({
  explanation,
  onHighlight,
}: {
  readonly explanation: ExplanationView;
  readonly onHighlight: Highlight;
}) {
  return (
    <>
      <p className={`np-verdict-line ${explanation.allowed ? 'np-ok' : 'np-bad'}`}>
        <Words text={explanation.summary} />
      </p>
      <ol className="np-steps">
        {explanation.steps.map((step, index) => (
          <li key={index} className="np-step">
            <p className="np-step-title">
              <span className={step.allowed ? 'np-badge np-badge-ok' : 'np-badge np-badge-bad'}>
                {step.allowed ? 'passes' : 'blocked'}
              </span>{' '}
              {step.title}
            </p>
            <ul className="np-lines">
              {step.lines.map((line, lineIndex) => (
                <li key={lineIndex} className={`np-depth-${Math.min(line.depth, 4)}`}>
                  <Words text={line.text} />
                  {line.range && (
                    <>
                      {' '}
                      <button
                        type="button"
                        className="np-link-button"
                        onClick={() => line.range && onHighlight(line.range)}
                      >
                        line {line.range.line}
                      </button>
                    </>
                  )}
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ol>
    </>
  );
}

interface Props {
  readonly level: 2 | 3;
  readonly explanation: ExplanationView | null;
  readonly onHighlight: Highlight;
  /** Changes when the pane should come into view and take focus (a cell or an arrow chosen on a small screen). */
  readonly reveal?: number;
  /** Edits offered for the explained connection (Allow / Block this connection). */
  readonly actions?: ReactNode;
}

/** Why a flow is allowed or denied, step by step, with links to the deciding policy lines. */
export default function ExplanationPane({ level, explanation, onHighlight, reveal = 0, actions }: Props) {
  const Heading = level === 2 ? 'h2' : 'h3';
  const pane = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (reveal === 0 || !pane.current) return;
    pane.current.scrollIntoView({ block: 'start', behavior: 'smooth' });
    pane.current.focus({ preventScroll: true });
  }, [reveal]);
  return (
    // A group, not a region: a page holds several sandboxes, and landmarks must have unique names.
    <div className="np-explain np-panel" ref={pane} tabIndex={-1} role="group" aria-label="Why?">
      {explanation ? (
        <>
          <Heading className="np-panel-title">{explanation.heading}</Heading>
          {actions}
          <ExplanationBody explanation={explanation} onHighlight={onHighlight} />
        </>
      ) : (
        <>
          <Heading className="np-panel-title">Why?</Heading>
          <p className="np-muted">
            Select a cell in the table or an arrow in the graph to see why that connection is allowed or
            denied.
          </p>
        </>
      )}
    </div>
  );
}
