import {
  analyze,
  diffMatrices,
  loadCluster,
  loadPolicies,
  MAX_SHARED_CLUSTER_CHARS,
  MAX_SHARED_POLICIES_CHARS,
} from '../../engine/index.ts';
import type {
  AnalysisHandle,
  Challenge,
  Cluster,
  Diagnostic,
  FlowChange,
  Matrix,
  PortProtocol,
} from '../../engine/index.ts';
import { layoutCluster, type GraphLayout } from '../graph/layout.ts';
import type { CompletionData } from './editor-support.ts';
import type { EditorDiagnostic } from './PolicyEditor.tsx';

/** A loaded scenario cluster with what the UI derives from it once. */
export interface ClusterModel {
  readonly cluster: Cluster | null;
  /** Why the cluster text could not be read (pasted clusters). */
  readonly errors: readonly string[];
  readonly title: string;
  readonly description: string;
  readonly layout: GraphLayout;
  readonly completion: CompletionData;
  readonly ports: readonly PortProtocol[];
}

/** A scenario text with the cluster the engine read from it when the site was built. */
export interface ParsedScenario {
  readonly text: string;
  readonly cluster: Cluster;
}

/**
 * Returns the cluster model for a scenario or pasted cluster text. A course scenario comes with the
 * cluster the engine read from it at build time (`known`), so the page need not parse it again on load.
 */
export function loadClusterModel(
  text: string,
  challenge: Challenge | null,
  known?: ParsedScenario | null,
): ClusterModel {
  // Texts a share link could not carry are refused with a size message before any parsing.
  const result =
    known && known.text === text
      ? { ok: true as const, value: known.cluster }
      : loadCluster(text, { maxChars: MAX_SHARED_CLUSTER_CHARS });
  const cluster = result.ok ? result.value : null;
  const errors = result.ok
    ? []
    : result.diagnostics
        .filter((d) => d.severity === 'error')
        .map((d) => (d.range ? `line ${d.range.line}: ${d.message}` : d.message));
  const empty: Cluster = { namespaces: [], pods: [], workloads: [], services: [], externals: [] };
  return {
    cluster,
    errors,
    title: cluster?.scenario?.title ?? 'Custom cluster',
    description: cluster?.scenario?.description ?? '',
    layout: layoutCluster(cluster ?? empty),
    completion: completionData(cluster ?? empty),
    ports: portsInPlay(cluster ?? empty, challenge),
  };
}

export function completionData(cluster: Cluster): CompletionData {
  const labels = new Map<string, Set<string>>();
  for (const labelled of [...cluster.namespaces, ...cluster.pods]) {
    for (const [key, value] of Object.entries(labelled.labels)) {
      const values = labels.get(key) ?? new Set<string>();
      values.add(value);
      labels.set(key, values);
    }
  }
  const namedPorts = new Set(
    cluster.pods.flatMap((pod) => pod.ports.flatMap((p) => (p.name ? [p.name] : []))),
  );
  return {
    labels: new Map(
      // Plain code-point order: label keys are ASCII, and the first localeCompare call builds a collator
      // (tens of milliseconds on a phone, on the page's critical path).
      [...labels]
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([key, values]) => [key, [...values].sort()]),
    ),
    namespaces: cluster.namespaces.map((ns) => ns.name).sort(),
    namedPorts: [...namedPorts].sort(),
  };
}

export function portsInPlay(cluster: Cluster, challenge: Challenge | null): PortProtocol[] {
  const key = (p: PortProtocol): string => `${p.port}/${p.protocol}`;
  const unique = (list: readonly PortProtocol[]): PortProtocol[] => [
    ...new Map(list.map((p) => [key(p), { port: p.port, protocol: p.protocol }])).values(),
  ];
  if (challenge) {
    const fromChallenge = unique([...(challenge.ports ?? []), ...challenge.goals]);
    const rest = cluster.scenario?.ports ?? [];
    return unique([...fromChallenge, ...rest]);
  }
  if (cluster.scenario && cluster.scenario.ports.length > 0) return unique(cluster.scenario.ports);
  const served = unique(
    cluster.pods.flatMap((pod) => pod.ports.map((p) => ({ port: p.containerPort, protocol: p.protocol }))),
  );
  return served.length > 0 ? served.sort((a, b) => a.port - b.port) : [{ port: 80, protocol: 'TCP' }];
}

/** Verdicts and diagnostics for one version of the policies text. */
export interface PolicyModel {
  readonly analysis: AnalysisHandle | null;
  readonly matrix: Matrix | null;
  /** `from -> to` → allowed on the selected port. */
  readonly verdicts: ReadonlyMap<string, boolean>;
  /** `from -> to` pairs whose connection opens with each request filtered by HTTP rules (Cilium L7). */
  readonly filtered: ReadonlySet<string>;
  readonly diagnostics: readonly EditorDiagnostic[];
  readonly raw: readonly Diagnostic[];
  readonly policyCount: number;
}

/** Returns the analysis of the policies against the cluster on one port. */
export function evaluatePolicies(model: ClusterModel, text: string, port: PortProtocol): PolicyModel {
  const loaded = loadPolicies(text, { maxChars: MAX_SHARED_POLICIES_CHARS });
  const diagnostics: Diagnostic[] = [...loaded.diagnostics];
  if (!model.cluster)
    return {
      analysis: null,
      matrix: null,
      verdicts: new Map(),
      filtered: new Set(),
      diagnostics: toEditor(diagnostics),
      raw: diagnostics,
      policyCount: loaded.policies.length,
    };
  const analysis = analyze(model.cluster, loaded.policies);
  diagnostics.push(...analysis.lint());
  const matrix = analysis.matrix([port]);
  const verdicts = new Map<string, boolean>();
  const filtered = new Set<string>();
  matrix.endpoints.forEach((from, i) => {
    matrix.endpoints.forEach((to, j) => {
      if (i === j) return;
      const key = `${from} -> ${to}`;
      verdicts.set(key, matrix.allowed(i, j, 0));
      if (matrix.filtered(i, j, 0)) filtered.add(key);
    });
  });
  return {
    analysis,
    matrix,
    verdicts,
    filtered,
    diagnostics: toEditor(diagnostics),
    raw: diagnostics,
    policyCount: loaded.policies.length,
  };
}

/** The engine's diagnostics as editor marks. */
export function toEditor(diagnostics: readonly Diagnostic[]): EditorDiagnostic[] {
  return diagnostics.map((d) => ({
    from: d.range?.start ?? 0,
    to: d.range?.end ?? 0,
    severity: d.severity,
    message: d.fix ? `${d.message}\nFix: ${d.fix}` : d.message,
  }));
}

/** Returns the flows whose verdict changed between two results on the same port. */
export function changedFlows(before: PolicyModel | null, after: PolicyModel): FlowChange[] {
  if (!before?.matrix || !after.matrix) return [];
  const a = before.matrix.ports[0];
  const b = after.matrix.ports[0];
  if (!a || !b || a.port !== b.port || a.protocol !== b.protocol) return [];
  return diffMatrices(before.matrix, after.matrix).filter((c) => c.flow.from !== c.flow.to);
}

/** Returns the text of a port, e.g. `5432/TCP`. */
export function portLabel(port: PortProtocol): string {
  return `${port.port}/${port.protocol}`;
}
