import {
  analyze,
  explainEach,
  explainFlow,
  formatDiagnostic,
  renderExplanation,
  renderMatrix,
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
  /**
   * Large outputs: pieces printed after `stdout`, produced one at a time so they never sit in memory
   * together; UTF-8 bytes (a `Buffer`'s `toString()` gives the text).
   */
  readonly more?: Iterable<string | Buffer>;
  readonly stderr: string;
  readonly code: 0 | 1 | 2;
}

const CHUNK_BYTES = 1 << 20;

/** A template encoded once: all parts in one buffer, `ends[i]` the byte offset where part `i` ends. */
interface EncodedTemplate {
  readonly bytes: Buffer;
  readonly ends: Uint32Array;
}

/**
 * Encodes a rendered template once (only the bytes are kept, so the text can be collected young); a
 * flow rendered on its own stays a string and is written straight into the output.
 */
function encodeTemplate({ parts }: { readonly parts: readonly string[] }): EncodedTemplate | string {
  if (parts.length === 1) return parts[0] ?? '';
  const ends = new Uint32Array(parts.length);
  let size = 0;
  parts.forEach((part, i) => {
    size += Buffer.byteLength(part);
    ends[i] = size;
  });
  const bytes = Buffer.allocUnsafeSlow(size);
  parts.forEach((part, i) => bytes.write(part, i === 0 ? 0 : (ends[i - 1] ?? 0)));
  return { bytes, ends };
}

/**
 * Encodes flow texts into chunks of about 1 MB, between `head` and `tail`. Each shared template is
 * encoded once and its bytes copied for every flow using it, so the output never exists as one
 * large string and most of it is never encoded twice.
 */
function* encodeFlowTexts(
  head: string,
  texts: Iterable<{ readonly template: EncodedTemplate | string; readonly values: readonly string[] }>,
  separator: string,
  tail: string,
): Generator<Buffer> {
  const full: Buffer[] = [];
  let chunk = Buffer.allocUnsafe(CHUNK_BYTES);
  let used = 0;
  const put = (bytes: Buffer, start = 0, end = bytes.length): void => {
    if (used + end - start > chunk.length) {
      if (used > 0) full.push(chunk.subarray(0, used));
      chunk = Buffer.allocUnsafe(Math.max(CHUNK_BYTES, end - start));
      used = 0;
    }
    // Most pieces are a few dozen bytes: a plain loop beats a native call per piece.
    if (end - start < 128) for (let k = start; k < end; k++) chunk[used++] = bytes[k] ?? 0;
    else used += bytes.copy(chunk, used, start, end);
  };
  /** Writes a string straight into the chunk (at most 3 bytes a UTF-16 unit). */
  const putString = (text: string): void => {
    if (used + text.length * 3 > chunk.length) {
      if (used > 0) full.push(chunk.subarray(0, used));
      chunk = Buffer.allocUnsafe(Math.max(CHUNK_BYTES, text.length * 3));
      used = 0;
    }
    used += chunk.write(text, used);
  };
  const sep = Buffer.from(separator);
  putString(head);
  let first = true;
  for (const { template: t, values } of texts) {
    if (!first) put(sep);
    first = false;
    if (typeof t === 'string') putString(t);
    else {
      put(t.bytes, 0, t.ends[0] ?? 0);
      // A flow's own ids and addresses are short: written straight into the chunk.
      for (let i = 0; i < values.length; i++) {
        putString(values[i] ?? '');
        put(t.bytes, t.ends[i] ?? 0, t.ends[i + 1] ?? 0);
      }
    }
    if (full.length > 0) yield* full.splice(0);
  }
  putString(tail);
  yield* full.splice(0);
  if (used > 0) yield chunk.subarray(0, used);
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
  return {
    from,
    to,
    port,
    protocol,
    allowed: verdict.allowed,
    outcome: verdict.outcome,
    summary: verdict.summary,
    egress: {
      subject: verdict.egress.subject,
      allowed: verdict.egress.allowed,
      decision: verdict.egress.decision,
      chain: verdict.egress.chain,
    },
    ingress: {
      subject: verdict.ingress.subject,
      allowed: verdict.ingress.allowed,
      decision: verdict.ingress.decision,
      chain: verdict.ingress.chain,
    },
    ...(verdict.dns
      ? {
          dns: {
            name: verdict.dns.name,
            resolver: verdict.dns.resolver ?? null,
            allowed: verdict.dns.allowed,
          },
        }
      : {}),
    explanation: explanationTexts(verdict),
  };
}

const INDENTS = ['', '  ', '    ', '      ', '        ', '          '];

/** Plain-words lines, indented by depth, each ending with the policies line it comes from. */
function explanationTexts(verdict: FlowVerdict): string[] {
  const texts: string[] = [];
  explainEach(verdict, (text, depth, range) => {
    const indent = INDENTS[depth] ?? '  '.repeat(depth);
    texts.push(range ? `${indent}${text} (line ${range.line})` : `${indent}${text}`);
  });
  return texts;
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
          `${v.allowed ? 'ALLOW' : 'DENY '} ${v.flow.from} -> ${v.flow.to} ${v.flow.port}/${v.flow.protocol}: ${v.summary}\n`,
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
  // Each verdict is encoded right away, so a large run keeps only bytes alive; flows between the same
  // classes on the same port share one evaluation and one encoded text (only ids and addresses differ).
  const texts = analysis.renderFlowTexts(flows, format.render, encodeTemplate);
  return {
    stdout: '',
    more: encodeFlowTexts(format.head, texts, format.separator, format.tail),
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
