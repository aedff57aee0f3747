import {
  explainFlow,
  explanationLines,
  summarizeFlow,
  type AnalysisHandle,
  type Diagnostic,
  type Flow,
  type FlowVerdict,
} from '../../engine/index.ts';
import { allowOnly, requiredList, type ParsedArgs } from '../args.ts';
import { InputProblems, readFlows } from '../input.ts';
import {
  analysisInputs,
  checkEndpoints,
  COMMON,
  loadAnalysis,
  outputOption,
  type AnalysisInputs,
} from './load.ts';
import { SharedRenderer } from '../shared-render.ts';
import { chunked, failed, stderrOf, type CommandResult } from './result.ts';

/** What `evaluate` was asked to do. */
interface EvaluateJob extends AnalysisInputs {
  readonly flows: readonly string[];
  readonly output: 'json' | 'text';
}

/**
 * The HTTP rule that admitted the flow's request in one direction, or the HTTP rules its connection is
 * held by (`filtered`: no request given; `rejected`: none admits it); undefined without L7 rules.
 */
function l7Json(verdict: FlowVerdict, kind: 'egress' | 'ingress'): Record<string, unknown> | undefined {
  const v = verdict[kind];
  const effect = v.effects[v.decidedBy];
  if (effect?.kind !== 'match' || !effect.l7) return undefined;
  const l7 = effect.l7;
  if (l7.kind === 'admitted')
    return { result: 'admitted', rule: l7.filter.rules[l7.index]?.path ?? l7.filter.path };
  return { result: l7.kind, rules: l7.holds.flatMap((h) => h.filter.rules.map((r) => r.path)) };
}

/** JSON form of one verdict: the contract fields first, then the explanation (fields added over time are optional). */
export function verdictJson(verdict: FlowVerdict): Record<string, unknown> {
  const { from, to, port, protocol, http } = verdict.flow;
  const explanation = explainFlow(verdict);
  const section = (kind: 'egress' | 'ingress') => explanation.sections.find((s) => s.kind === kind);
  const direction = (kind: 'egress' | 'ingress', subject: string) => {
    const l7 = l7Json(verdict, kind);
    return {
      subject,
      allowed: verdict[kind].allowed,
      decision: verdict[kind].decision,
      chain: section(kind)?.chain ?? '',
      ...(l7 ? { l7 } : {}),
    };
  };
  return {
    from,
    to,
    port,
    protocol,
    ...(http ? { http } : {}),
    allowed: verdict.allowed,
    outcome: verdict.outcome,
    summary: explanation.summary,
    egress: direction('egress', from),
    ingress: direction('ingress', verdict.via?.backend ?? to),
    ...(verdict.dns
      ? {
          dns: {
            name: verdict.dns.name,
            resolver: verdict.dns.resolver ?? null,
            allowed: verdict.dns.allowed,
          },
        }
      : {}),
    ...(verdict.members ? { members: verdict.members } : {}),
    explanation: explanationLines(explanation).map(
      (l) => `${'  '.repeat(l.depth)}${l.text}${l.range ? ` (line ${l.range.line})` : ''}`,
    ),
  };
}

/** How `evaluate` writes one verdict, and what goes around and between them. */
function evaluateFormat(output: 'json' | 'text'): {
  render: (verdict: FlowVerdict) => string;
  head: string;
  separator: string;
  tail: string;
} {
  return output === 'json'
    ? { render: (v) => JSON.stringify(verdictJson(v)), head: '{"results":[', separator: ',', tail: ']}\n' }
    : {
        render: (v) =>
          `${v.allowed ? 'ALLOW' : 'DENY '} ${v.flow.from} -> ${v.flow.to} ${v.flow.port}/${v.flow.protocol}: ${summarizeFlow(v)}\n`,
        head: '',
        separator: '',
        tail: '',
      };
}

/** Reads and checks everything `evaluate` needs; undefined (with diagnostics) when the input is invalid. */
function loadEvaluation(
  job: EvaluateJob,
  problems: InputProblems,
): { analysis: AnalysisHandle; flows: Flow[] } | undefined {
  const analysis = loadAnalysis(job, problems);
  const { flows, docs } = readFlows(job.flows, problems);
  if (!analysis || problems.failed) return undefined;
  flows.forEach((flow, i) => checkEndpoints(analysis, flow, problems, docs[i]));
  return problems.failed ? undefined : { analysis, flows };
}

/** The lint warnings about parts of the policies the model does not evaluate (`lint/not-modelled`). */
function notModelled(analysis: AnalysisHandle): readonly Diagnostic[] {
  return analysis.lint().filter((d) => d.code === 'lint/not-modelled');
}

/** `evaluate`: verdicts for every flow of the flows file, in input order. */
export function evaluateCommand(args: ParsedArgs): CommandResult {
  allowOnly(args, [...COMMON, 'flows', 'output']);
  const job: EvaluateJob = {
    ...analysisInputs(args),
    flows: requiredList(args, 'flows'),
    output: outputOption(args, ['text', 'json']),
  };
  const problems = new InputProblems();
  const loaded = loadEvaluation(job, problems);
  if (!loaded) return failed(problems);
  const { analysis, flows } = loaded;
  const format = evaluateFormat(job.output);
  // Flows between the same classes on the same port share one evaluation; each is rendered as it is written.
  const shared = new SharedRenderer(format.render);
  const texts = (function* () {
    for (const verdict of analysis.evaluateFlows(flows)) yield shared.text(verdict);
  })();
  return {
    stdout: '',
    more: chunked(format.head, texts, format.separator, format.tail),
    // What the model cannot evaluate is said here too, not only by lint and explain.
    stderr: stderrOf([...problems.diagnostics, ...notModelled(analysis)]),
    code: 0,
  };
}
