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

/** Verdicts over every port an endpoint serves: the graph's and table's "All ports" view. */
export interface AnyPortModel {
  /** `from -> to` → allowed on at least one of the destination's ports. */
  readonly verdicts: ReadonlyMap<string, boolean>;
  /** `from -> to` pairs allowed on some port only with each request filtered by HTTP rules. */
  readonly filtered: ReadonlySet<string>;
  /** `from -> to` → the port an explanation of the pair is about: the first allowed, else the first tried. */
  readonly ports: ReadonlyMap<string, PortProtocol>;
  /** Whether a policy rule grants the source's egress to the destination on that port. */
  readonly granted: (from: string, to: string) => boolean;
}

/**
 * Returns, for each pair, whether the source may connect to the destination on any port it serves (a pod:
 * its container ports; an external endpoint: the ports in play). Read from one engine matrix over all
 * those ports; a pod that serves no port gets no entry.
 */
export function anyPortVerdicts(model: ClusterModel, policies: PolicyModel): AnyPortModel {
  const verdicts = new Map<string, boolean>();
  const filtered = new Set<string>();
  const chosen = new Map<string, PortProtocol>();
  const cluster = model.cluster;
  if (!cluster || !policies.analysis) return { verdicts, filtered, ports: chosen, granted: () => false };
  const key = (p: PortProtocol): string => `${p.port}/${p.protocol}`;
  const served = new Map<string, PortProtocol[]>();
  for (const pod of cluster.pods) {
    const own = pod.ports.map((p) => ({ port: p.containerPort, protocol: p.protocol }));
    served.set(`${pod.namespace}/${pod.name}`, [...new Map(own.map((p) => [key(p), p])).values()]);
  }
  const all = [...new Map([...model.ports, ...[...served.values()].flat()].map((p) => [key(p), p])).values()];
  const index = new Map(all.map((p, i) => [key(p), i]));
  const matrix = policies.analysis.matrix(all);
  matrix.endpoints.forEach((from, i) => {
    matrix.endpoints.forEach((to, j) => {
      if (i === j) return;
      const candidates = served.get(to) ?? model.ports;
      if (candidates.length === 0) return;
      const pair = `${from} -> ${to}`;
      const open = candidates.find((p) => matrix.allowed(i, j, index.get(key(p))));
      verdicts.set(pair, open !== undefined);
      const about = open ?? candidates[0];
      if (about) chosen.set(pair, about);
      if (open && matrix.filtered(i, j, index.get(key(open)))) filtered.add(pair);
    });
  });
  const grant = egressGrant(matrix);
  const granted = (from: string, to: string): boolean => {
    const on = chosen.get(`${from} -> ${to}`);
    const k = on ? index.get(key(on)) : undefined;
    return k !== undefined && grant(from, to, k);
  };
  return { verdicts, filtered, ports: chosen, granted };
}

/**
 * Returns a check of whether a policy rule grants a source's egress towards a destination (rather than the
 * source being open because no policy isolates it): the graph draws allowed arrows to external endpoints
 * only then, or every pod of an open cluster would point at every outside address.
 */
export function egressGrant(matrix: Matrix): (from: string, to: string, portIndex: number) => boolean {
  const index = new Map(matrix.endpoints.map((id, i) => [id, i]));
  return (from, to, portIndex) => {
    const i = index.get(from);
    const j = index.get(to);
    if (i === undefined || j === undefined || !matrix.allowed(i, j, portIndex)) return false;
    const decision = matrix.verdict(i, j, portIndex).egress.decision;
    return decision === 'allowed-by-rule' || decision === 'requests-filtered';
  };
}
