import Words from './Words.tsx';

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
  readonly summary: string;
  readonly allowed: boolean;
  readonly steps: readonly ExplanationStepView[];
}

interface Props {
  readonly level: 2 | 3;
  readonly explanation: ExplanationView | null;
  readonly onHighlight: (range: { from: number; to: number }) => void;
}

/** Why a flow is allowed or denied, step by step, with links to the deciding policy lines. */
export default function ExplanationPane({ level, explanation, onHighlight }: Props) {
  const Heading = level === 2 ? 'h2' : 'h3';
  if (!explanation) {
    return (
      <div className="np-explain np-panel">
        <Heading className="np-panel-title">Why?</Heading>
        <p className="np-muted">
          Select a cell in the table or an arrow in the graph to see why that connection is allowed or denied.
        </p>
      </div>
    );
  }
  return (
    <div className="np-explain np-panel">
      <Heading className="np-panel-title">{explanation.heading}</Heading>
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
    </div>
  );
}
