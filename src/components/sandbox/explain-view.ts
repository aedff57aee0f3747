import { explainFlow } from '../../engine/index.ts';
import type { AnalysisHandle, ExplanationLine, Flow } from '../../engine/index.ts';
import type { ExplanationLineView, ExplanationStepView, ExplanationView } from './ExplanationPane.tsx';
import { portLabel } from './model.ts';

function lineView(line: ExplanationLine, base: number): ExplanationLineView {
  return {
    text: line.text,
    depth: Math.max(0, line.depth - base),
    ...(line.range ? { range: { from: line.range.start, to: line.range.end, line: line.range.line } } : {}),
  };
}

/** Splits the engine's lines into blocks, one per depth-1 heading, in the engine's order. */
function blocks(lines: readonly ExplanationLine[]): ExplanationLine[][] {
  const out: ExplanationLine[][] = [];
  for (const line of lines.slice(1)) {
    if (line.depth <= 1 || out.length === 0) out.push([line]);
    else out[out.length - 1]?.push(line);
  }
  return out;
}

/** Returns the explanation of a flow, with the DNS lookup and the connection as separate steps. */
export function explainSelection(analysis: AnalysisHandle, flow: Flow): ExplanationView {
  const verdict = analysis.evaluateFlow(flow);
  const parts = blocks(explainFlow(verdict));
  // The engine writes: [service resolution], [DNS lookup], egress, ingress — the last two are always there.
  const ingress = parts.pop() ?? [];
  const egress = parts.pop() ?? [];
  const dns = verdict.dns ? (parts.pop() ?? []) : [];
  const notes = parts.flat();
  const step = (title: string, allowed: boolean, lines: readonly ExplanationLine[]): ExplanationStepView => ({
    title,
    allowed,
    lines: lines.map((l) => lineView(l, 1)),
  });
  const steps: ExplanationStepView[] = [];
  if (verdict.dns) steps.push(step(`DNS lookup of ${verdict.dns.name}`, verdict.dns.allowed, dns));
  steps.push(
    step(`Leaving ${flow.from} (egress)`, verdict.egress.allowed, egress),
    step(`Entering ${flow.to} (ingress)`, verdict.ingress.allowed, ingress),
  );
  return {
    heading: `${flow.from} → ${flow.to} on ${portLabel(flow)}`,
    summary: [verdict.summary, ...notes.map((n) => n.text)].join(' '),
    allowed: verdict.allowed,
    steps,
  };
}
