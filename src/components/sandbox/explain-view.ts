import { explainFlow, requestText } from '../../engine/index.ts';
import type {
  AnalysisHandle,
  Explanation,
  ExplanationLine,
  ExplanationSection,
  Flow,
} from '../../engine/index.ts';
import type { ExplanationLineView, ExplanationStepView, ExplanationView } from './ExplanationPane.tsx';
import { portLabel } from './model.ts';

function lineView(line: ExplanationLine): ExplanationLineView {
  return {
    text: line.text,
    depth: line.depth,
    ...(line.range ? { range: { from: line.range.start, to: line.range.end, line: line.range.line } } : {}),
  };
}

function stepTitle(section: ExplanationSection, flow: Flow): string {
  switch (section.kind) {
    case 'dns':
      return section.title;
    case 'egress':
      return `Leaving ${flow.from} (egress)`;
    case 'ingress':
      return `Entering ${flow.to} (ingress)`;
    case 'service':
      return `Through ${section.title}`;
  }
}

/** Returns the explanation of a flow, one step per section the engine returns (service, DNS, egress, ingress). */
export function explainSelection(analysis: AnalysisHandle, flow: Flow): ExplanationView {
  return explanationView(explainFlow(analysis.evaluateFlow(flow)), flow);
}

/** Returns the view of an explanation the engine already made for `flow`. */
export function explanationView(explanation: Explanation, flow: Flow): ExplanationView {
  const steps: ExplanationStepView[] = explanation.sections
    .filter((s) => s.kind !== 'service')
    .map((s) => ({
      title: stepTitle(s, flow),
      allowed: s.allowed,
      lines: [{ text: s.decision, depth: 0 }, ...s.lines.map((l) => lineView({ ...l, depth: l.depth + 1 }))],
    }));
  return {
    heading: `${flow.from} → ${flow.to} on ${portLabel(flow)}${flow.http ? `: ${requestText(flow.http)}` : ''}`,
    flow: {
      from: flow.from,
      to: flow.to,
      port: flow.port,
      protocol: flow.protocol,
      ...(flow.http ? { http: flow.http } : {}),
    },
    summary: explanation.summary,
    allowed: explanation.allowed,
    steps,
  };
}
