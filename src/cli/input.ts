import { readFileSync } from 'node:fs';
import {
  DiagnosticSink,
  loadCluster,
  loadPolicies,
  parseManifests,
  walkFields,
  type Cluster,
  type Diagnostic,
  type FieldSpec,
  type Flow,
  type Policy,
  type SourceDoc,
} from '../engine/index.ts';

/** Diagnostics collected while reading the inputs of one command. */
export class InputProblems {
  readonly diagnostics: Diagnostic[] = [];

  /** Whether any error was found (exit code 1). */
  get failed(): boolean {
    return this.diagnostics.some((d) => d.severity === 'error');
  }
}

/** Reads a file; a read failure becomes a diagnostic. */
export function readText(file: string, problems: InputProblems): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    const reason =
      error instanceof Error && 'code' in error && error.code === 'ENOENT'
        ? 'no such file'
        : error instanceof Error
          ? error.message
          : String(error);
    problems.diagnostics.push({
      code: 'input/unreadable',
      severity: 'error',
      message: `cannot read ${file}: ${reason}`,
      path: '',
      file,
    });
    return undefined;
  }
}

/** Reads the cluster file. */
export function readCluster(file: string, problems: InputProblems): Cluster | undefined {
  const text = readText(file, problems);
  if (text === undefined) return undefined;
  const result = loadCluster(text, { file });
  problems.diagnostics.push(...result.diagnostics);
  return result.ok ? result.value : undefined;
}

/** Reads every policies file; invalid objects are reported (and make the command fail). */
export function readPolicies(files: readonly string[], problems: InputProblems): Policy[] {
  const policies: Policy[] = [];
  for (const file of files) {
    const text = readText(file, problems);
    if (text === undefined) continue;
    const loaded = loadPolicies(text, { file });
    problems.diagnostics.push(...loaded.diagnostics);
    policies.push(...loaded.policies);
  }
  return policies;
}

const flowSpec: FieldSpec = {
  type: 'object',
  required: ['from', 'to', 'port'],
  fields: {
    from: { type: 'string' },
    to: { type: 'string' },
    port: { type: 'integer', min: 1, max: 65535 },
    protocol: { type: 'string', enum: ['SCTP', 'TCP', 'UDP'] },
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

/** Reads a flows file: a YAML/JSON list of `{from, to, port, protocol}` (or `{flows: [...]}`), in order. */
export function readFlows(
  file: string,
  problems: InputProblems,
): { flows: Flow[]; docs: { doc: SourceDoc; path: (string | number)[] }[] } {
  const text = readText(file, problems);
  const flows: Flow[] = [];
  const docs: { doc: SourceDoc; path: (string | number)[] }[] = [];
  if (text === undefined) return { flows, docs };
  const parsed = parseManifests(text, { file, maxDocuments: 1_000_000 });
  problems.diagnostics.push(...parsed.diagnostics);
  for (const doc of parsed.documents) {
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
      const flow = item as { from: string; to: string; port: number; protocol?: 'TCP' | 'UDP' | 'SCTP' };
      flows.push({ from: flow.from, to: flow.to, port: flow.port, protocol: flow.protocol ?? 'TCP' });
      docs.push({ doc, path });
    }
  }
  return { flows, docs };
}
