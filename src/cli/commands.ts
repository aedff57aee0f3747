import {
  analyze,
  explainFlow,
  explanationLines,
  formatDiagnostic,
  renderExplanation,
  renderMatrix,
  summarizeFlow,
  type AnalysisHandle,
  type Diagnostic,
  type Flow,
  type FlowVerdict,
} from '../engine/index.ts';
import {
  allowOnly,
  list,
  portOption,
  protocolOption,
  required,
  requiredList,
  single,
  UsageError,
  type ParsedArgs,
} from './args.ts';
import { SharedRenderer } from './shared-render.ts';
import { unknownEndpoint } from './endpoint-names.ts';
import {
  InputProblems,
  manifestSources,
  readFlows,
  readManifests,
  type FlowSource,
  type ManifestSources,
} from './input.ts';

/** What a command writes and its exit code. */
export interface CommandResult {
  readonly stdout: string;
  /** Large outputs: pieces printed after `stdout`, produced one at a time so they never sit in memory together. */
  readonly more?: Iterable<string>;
  readonly stderr: string;
  readonly code: 0 | 1 | 2;
}

const CHUNK_CHARS = 1 << 20;

/** Joins `head`, the pieces (separated) and `tail` into chunks of about 1 MB, produced lazily. */
function* chunked(
  head: string,
  pieces: Iterable<string>,
  separator: string,
  tail: string,
): Generator<string> {
  let chunk = head;
  let first = true;
  for (const piece of pieces) {
    chunk += first ? piece : separator + piece;
    first = false;
    if (chunk.length >= CHUNK_CHARS) {
      yield chunk;
      chunk = '';
    }
  }
  yield chunk + tail;
}

const COMMON = ['cluster', 'policies', 'manifests', 'ip-block-matches-pods'];

/** What `evaluate` was asked to do. */
interface EvaluateJob extends ManifestSources {
  readonly flows: readonly string[];
  readonly ipBlockMatchesPods: boolean | undefined;
  readonly output: 'json' | 'text';
}

function report(diagnostics: readonly Diagnostic[]): string {
  return diagnostics
    .filter((d) => d.severity !== 'info')
    .map((d) => formatDiagnostic(d))
    .join('\n');
}

function failed(problems: InputProblems): CommandResult {
  return { stdout: '', stderr: `${report(problems.diagnostics)}\n`, code: 1 };
}

function outputOption(args: ParsedArgs): 'json' | 'text' {
  const output = single(args, 'output') ?? 'text';
  if (output !== 'json' && output !== 'text')
    throw new UsageError(`--output must be json or text, got "${output}"`);
  return output;
}

/** The inputs of a command that reads a cluster and policies (usage errors thrown here). */
function analysisInputs(args: ParsedArgs): Omit<EvaluateJob, 'flows' | 'output'> {
  const sources = manifestSources(args);
  const ipOption = single(args, 'ip-block-matches-pods');
  if (ipOption !== undefined && ipOption !== 'true' && ipOption !== 'false')
    throw new UsageError('--ip-block-matches-pods must be true or false');
  return { ...sources, ipBlockMatchesPods: ipOption === undefined ? undefined : ipOption === 'true' };
}

function loadAnalysis(
  inputs: Omit<EvaluateJob, 'flows' | 'output'>,
  problems: InputProblems,
): AnalysisHandle | undefined {
  const { cluster, policies } = readManifests(inputs, problems);
  if (!cluster || problems.failed) return undefined;
  return analyze(
    cluster,
    policies,
    inputs.ipBlockMatchesPods === undefined ? {} : { ipBlockMatchesPods: inputs.ipBlockMatchesPods },
  );
}

function checkEndpoints(
  analysis: AnalysisHandle,
  flow: Flow,
  problems: InputProblems,
  at?: FlowSource,
): void {
  for (const end of ['from', 'to'] as const) {
    const unknown = unknownEndpoint(analysis, flow[end], end, at);
    if (unknown) problems.diagnostics.push(unknown);
  }
}

/** JSON form of one verdict: the contract fields first, then the explanation. */
export function verdictJson(verdict: FlowVerdict): Record<string, unknown> {
  const { from, to, port, protocol } = verdict.flow;
  const explanation = explainFlow(verdict);
  const section = (kind: 'egress' | 'ingress') => explanation.sections.find((s) => s.kind === kind);
  const direction = (kind: 'egress' | 'ingress', subject: string) => ({
    subject,
    allowed: verdict[kind].allowed,
    decision: verdict[kind].decision,
    chain: section(kind)?.chain ?? '',
  });
  return {
    from,
    to,
    port,
    protocol,
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

/** `evaluate`: verdicts for every flow of the flows file, in input order. */
export function evaluateCommand(args: ParsedArgs): CommandResult {
  allowOnly(args, [...COMMON, 'flows', 'output']);
  const job: EvaluateJob = {
    ...analysisInputs(args),
    flows: requiredList(args, 'flows'),
    output: outputOption(args),
  };
  const problems = new InputProblems();
  const loaded = loadEvaluation(job, problems);
  if (!loaded) return failed(problems);
  const { analysis, flows } = loaded;
  const stderr = report(problems.diagnostics);
  const format = evaluateFormat(job.output);
  // Flows between the same classes on the same port share one evaluation; each is rendered as it is written.
  const shared = new SharedRenderer(format.render);
  const texts = (function* () {
    for (const verdict of analysis.evaluateFlows(flows)) yield shared.text(verdict);
  })();
  return {
    stdout: '',
    more: chunked(format.head, texts, format.separator, format.tail),
    stderr: stderr ? `${stderr}\n` : '',
    code: 0,
  };
}

/** `matrix`: the truth table for one port as a text grid (rows are sources). */
export function matrixCommand(args: ParsedArgs): CommandResult {
  allowOnly(args, [...COMMON, 'port', 'protocol']);
  const port = portOption(single(args, 'port') ?? '80');
  const protocol = protocolOption(single(args, 'protocol'));
  const problems = new InputProblems();
  const analysis = loadAnalysis(analysisInputs(args), problems);
  if (!analysis) return failed(problems);
  const grid = renderMatrix(analysis.matrix([{ port, protocol }]));
  const stderr = report(problems.diagnostics);
  return {
    stdout: `${port}/${protocol} (rows: from, columns: to; . allowed, X denied)\n${grid}\n`,
    stderr: stderr ? `${stderr}\n` : '',
    code: 0,
  };
}

/** `explain`: one flow, both directions, in plain words. */
export function explainCommand(args: ParsedArgs): CommandResult {
  allowOnly(args, [...COMMON, 'from', 'to', 'port', 'protocol', 'output']);
  const output = outputOption(args);
  const flow: Flow = {
    from: required(args, 'from'),
    to: required(args, 'to'),
    port: portOption(required(args, 'port')),
    protocol: protocolOption(single(args, 'protocol')),
  };
  const problems = new InputProblems();
  const analysis = loadAnalysis(analysisInputs(args), problems);
  if (!analysis) return failed(problems);
  checkEndpoints(analysis, flow, problems);
  if (problems.failed) return failed(problems);
  const verdict = analysis.evaluateFlow(flow);
  const stderr = report(problems.diagnostics);
  const stdout =
    output === 'json' ? JSON.stringify(verdictJson(verdict)) : renderExplanation(explainFlow(verdict));
  return { stdout: `${stdout}\n`, stderr: stderr ? `${stderr}\n` : '', code: 0 };
}

/** `lint`: validation errors and lint warnings for policy files (cluster-aware with --cluster). */
export function lintCommand(args: ParsedArgs): CommandResult {
  allowOnly(args, ['cluster', 'manifests', 'ip-block-matches-pods'], { positional: true });
  const manifests = list(args, 'manifests');
  if (args.positional.length === 0 && manifests.length === 0)
    throw new UsageError('lint needs at least one policies FILE (or --manifests)');
  const problems = new InputProblems();
  const sources = { cluster: list(args, 'cluster'), policies: args.positional, manifests };
  const { cluster, policies } = readManifests(sources, problems);
  if (cluster) problems.diagnostics.push(...analyze(cluster, policies).lint());
  const text = report(problems.diagnostics);
  const errors = problems.diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = problems.diagnostics.filter((d) => d.severity === 'warning').length;
  return {
    stdout: `${text ? `${text}\n` : ''}${errors} error(s), ${warnings} warning(s)\n`,
    stderr: '',
    code: errors > 0 ? 1 : 0,
  };
}
