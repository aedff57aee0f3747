import {
  DiagnosticSink,
  findPolicyKind,
  loadClusterDocuments,
  loadPolicyDocuments,
  parseManifests,
  walkFields,
  type Cluster,
  type Diagnostic,
  type FieldSpec,
  type Flow,
  type HttpRequest,
  type Policy,
  type SourceDoc,
} from '../engine/index.ts';
import { list, UsageError, type ParsedArgs } from './args.ts';
import { gatherTexts, ReadSession, type InputText } from './read/gather.ts';
import { findBareBraces, findHelmAction, helmDiagnostic } from '../engine/index.ts';
import { inputDiagnostic } from './read/read-source.ts';
import type { ReadBudget } from './read/limits.ts';

/** Diagnostics collected while reading the inputs of one command, and what the reading shares. */
export class InputProblems {
  readonly diagnostics: Diagnostic[] = [];
  /** Budgets (size, documents) for all inputs together, and standard input (read once). */
  readonly session = new ReadSession();

  /** Whether any error was found (exit code 1). */
  get failed(): boolean {
    return this.diagnostics.some((d) => d.severity === 'error');
  }
}

/** Where a command's manifests come from: each list holds files, directories and `-`. */
export interface ManifestSources {
  readonly cluster: readonly string[];
  readonly policies: readonly string[];
  /** Cluster objects and policies mixed (a whole repository): split by kind. */
  readonly manifests: readonly string[];
}

/** A cluster (undefined when no cluster input was given or it is invalid) and the valid policies. */
export interface ReadManifests {
  readonly cluster: Cluster | undefined;
  readonly policies: readonly Policy[];
}

/**
 * Reads the cluster, the policies and the mixed manifests; each file is parsed on its own, so every
 * diagnostic and source range names its own file and line. Never throws.
 */
export function readManifests(sources: ManifestSources, problems: InputProblems): ReadManifests {
  const errors = (): number => problems.diagnostics.filter((d) => d.severity === 'error').length;
  const before = errors();
  const clusterDocs = parseAll(sources.cluster, 'cluster', problems);
  const afterCluster = errors();
  const policyDocs = parseAll(sources.policies, 'policies', problems);
  const afterPolicies = errors();
  for (const doc of parseAll(sources.manifests, 'manifests', problems))
    (isPolicyDocument(doc) ? policyDocs : clusterDocs).push(doc);
  // A cluster input that could not be read or parsed leaves a partial cluster: not one to lint against.
  const unread = afterCluster > before || errors() > afterPolicies;
  const budget = problems.session.manifests;
  const total = clusterDocs.length + policyDocs.length;
  if (total > budget.maxDocuments)
    problems.diagnostics.push(
      inputDiagnostic(
        'input/too-many-documents',
        [...sources.cluster, ...sources.policies, ...sources.manifests][0] ?? '',
        `the inputs hold ${total.toLocaleString('en')} documents, more than the limit of ${budget.maxDocuments.toLocaleString('en')}`,
      ),
    );
  const loaded = loadPolicyDocuments({ documents: policyDocs, diagnostics: [] });
  problems.diagnostics.push(...loaded.diagnostics);
  const wantsCluster = sources.cluster.length > 0 || sources.manifests.length > 0;
  if (!wantsCluster) return { cluster: undefined, policies: loaded.policies };
  const cluster = loadClusterDocuments({ documents: clusterDocs, diagnostics: [] });
  problems.diagnostics.push(...cluster.diagnostics);
  return { cluster: cluster.ok && !unread ? cluster.value : undefined, policies: loaded.policies };
}

/** Whether a document is of a policy kind the engine knows (the rest are cluster objects, or unknown). */
function isPolicyDocument(doc: SourceDoc): boolean {
  const value = doc.value as { apiVersion?: unknown; kind?: unknown } | null;
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof value.apiVersion === 'string' &&
    typeof value.kind === 'string' &&
    findPolicyKind(value.apiVersion, value.kind) !== undefined
  );
}

/** Reads and parses every input of one option, within the manifests budget. */
function parseAll(paths: readonly string[], option: string, problems: InputProblems): SourceDoc[] {
  const budget = problems.session.manifests;
  const texts = gatherTexts(paths, option, budget, problems.session, problems.diagnostics);
  const documents: SourceDoc[] = [];
  const skipped: string[] = [];
  for (const input of texts) {
    const parsed = parseInput(input, budget, problems);
    // A repository holds YAML that is no manifest (Helm values, CI settings): skipped when found by walking.
    if (input.walked && !parsed.failed && !parsed.documents.some((doc) => isManifest(doc.value)))
      skipped.push(input.file);
    else documents.push(...parsed.documents);
  }
  if (skipped.length > 0) problems.diagnostics.push(skippedFiles(skipped));
  return documents;
}

/**
 * Parses one input (`failed` when it has syntax errors); an unrendered template gives one diagnostic
 * instead of its many YAML errors.
 */
function parseInput(
  input: InputText,
  budget: ReadBudget,
  problems: InputProblems,
): { documents: readonly SourceDoc[]; failed: boolean } {
  const helm = findHelmAction(input.text);
  if (helm) {
    problems.diagnostics.push(helmDiagnostic(input.file, helm));
    return { documents: [], failed: true };
  }
  if (input.encoding !== 'utf-8')
    problems.diagnostics.push({
      ...inputDiagnostic(
        'input/encoding',
        input.file,
        `${input.file} was read as ${input.encoding === 'utf-16le' ? 'UTF-16 LE' : 'UTF-16 BE'} (it starts with a byte-order mark)`,
      ),
      severity: 'info',
    });
  const parsed = parseManifests(input.text, {
    file: input.file,
    maxChars: budget.maxBytes,
    maxDocuments: budget.maxDocuments,
  });
  const failed = parsed.diagnostics.some((d) => d.severity === 'error');
  const braces = failed ? findBareBraces(input.text) : undefined;
  problems.diagnostics.push(...(braces ? [helmDiagnostic(input.file, braces)] : parsed.diagnostics));
  return { documents: braces ? [] : parsed.documents, failed };
}

/** Whether a value looks like a Kubernetes object at all. */
function isManifest(value: unknown): boolean {
  return typeof value === 'object' && value !== null && 'apiVersion' in value && 'kind' in value;
}

function skippedFiles(files: readonly string[]): Diagnostic {
  const shown = files.slice(0, 5).join(', ');
  const more = files.length > 5 ? ` and ${files.length - 5} more` : '';
  return {
    ...inputDiagnostic(
      'input/no-manifests',
      files[0] ?? '',
      `skipped ${files.length} file(s) found in directories that hold no Kubernetes objects (no apiVersion and kind): ${shown}${more}`,
    ),
    severity: 'warning',
  };
}

/** An HTTP request a flow carries (Cilium's L7 HTTP rules judge it). */
const httpSpec: FieldSpec = {
  type: 'object',
  required: ['method', 'path'],
  fields: {
    method: { type: 'string' },
    path: { type: 'string' },
    host: { type: 'string' },
    headers: { type: 'map', values: { type: 'string' } },
  },
};

const flowSpec: FieldSpec = {
  type: 'object',
  required: ['from', 'to', 'port'],
  fields: {
    from: { type: 'string' },
    to: { type: 'string' },
    port: { type: 'integer', min: 1, max: 65535 },
    protocol: { type: 'string', enum: ['SCTP', 'TCP', 'UDP'] },
    http: httpSpec,
  },
  check: (flow: { protocol?: string; http?: unknown }, path, sink) => {
    if (flow.http !== undefined && flow.http !== null && (flow.protocol ?? 'TCP') !== 'TCP')
      sink.invalid(
        [...path, 'http'],
        flow.http,
        `an HTTP request needs protocol TCP, not ${flow.protocol ?? ''}`,
      );
  },
};

const FLOW_KEYS = new Set(['from', 'to', 'port', 'protocol']);

/** Whether `item` is a flow `flowSpec` accepts without any diagnostic (checked without allocating, for large files). */
function isPlainFlow(item: unknown): boolean {
  if (item === null || typeof item !== 'object' || Array.isArray(item)) return false;
  for (const key in item) if (!FLOW_KEYS.has(key)) return false;
  const { from, to, port, protocol } = item as Record<string, unknown>;
  return (
    typeof from === 'string' &&
    typeof to === 'string' &&
    Number.isInteger(port) &&
    (port as number) >= 1 &&
    (port as number) <= 65535 &&
    (protocol === undefined || protocol === 'TCP' || protocol === 'UDP' || protocol === 'SCTP')
  );
}

/** Where a flow was written: its document and the path of the flow in it. */
export interface FlowSource {
  readonly doc: SourceDoc;
  readonly path: (string | number)[];
}

/**
 * Reads flows files (files, directories, `-`): YAML/JSON lists of `{from, to, port, protocol}`
 * (or `{flows: [...]}`), in order.
 */
export function readFlows(
  paths: readonly string[],
  problems: InputProblems,
): { flows: Flow[]; docs: FlowSource[] } {
  const budget = problems.session.flows;
  const flows: Flow[] = [];
  const docs: FlowSource[] = [];
  for (const input of gatherTexts(paths, 'flows', budget, problems.session, problems.diagnostics))
    for (const doc of parseInput(input, budget, problems).documents)
      readFlowDocument(doc, flows, docs, problems);
  return { flows, docs };
}

function readFlowDocument(doc: SourceDoc, flows: Flow[], docs: FlowSource[], problems: InputProblems): void {
  const value = doc.value;
  const listed =
    value !== null && typeof value === 'object' && !Array.isArray(value) && 'flows' in value
      ? value.flows
      : value;
  const prefix = listed === value ? [] : ['flows'];
  const items = Array.isArray(listed)
    ? listed.map((item: unknown, i) => ({ item, path: [...prefix, i] }))
    : [{ item: listed, path: prefix }];
  for (const { item, path } of items) {
    if (!isPlainFlow(item)) {
      const sink = new DiagnosticSink(doc);
      walkFields(flowSpec, item, path, sink);
      problems.diagnostics.push(...sink.diagnostics);
      if (sink.hasErrors) continue;
    }
    const flow = item as {
      from: string;
      to: string;
      port: number;
      protocol?: 'TCP' | 'UDP' | 'SCTP';
      http?: HttpRequest | null;
    };
    const http = flow.http ? httpRequest(flow.http) : undefined;
    flows.push({
      from: flow.from,
      to: flow.to,
      port: flow.port,
      protocol: flow.protocol ?? 'TCP',
      ...(http ? { http } : {}),
    });
    docs.push({ doc, path });
  }
}

/** A validated request, with only the fields a request has (no `null`s). */
function httpRequest(value: HttpRequest): HttpRequest {
  const headers = value.headers ?? undefined;
  return {
    method: value.method,
    path: value.path,
    ...(typeof value.host === 'string' ? { host: value.host } : {}),
    ...(headers ? { headers: { ...headers } } : {}),
  };
}

/** The manifest options of a command that needs a cluster and policies (usage errors thrown here). */
export function manifestSources(args: ParsedArgs): ManifestSources {
  const sources = {
    cluster: list(args, 'cluster'),
    policies: list(args, 'policies'),
    manifests: list(args, 'manifests'),
  };
  const mixed = sources.manifests.length > 0;
  if (sources.cluster.length === 0 && !mixed)
    throw new UsageError('missing required option --cluster (or --manifests)');
  if (sources.policies.length === 0 && !mixed)
    throw new UsageError('missing required option --policies (or --manifests)');
  return sources;
}
