import { useEffect, useMemo, useRef, useState } from 'react';
import type { Challenge, FlowChange, PortProtocol } from '../../engine/index.ts';
import { edgeId, type GraphEdge } from '../graph/edges.ts';
import { challengeView } from './challenge-view.ts';
import type { ChallengeView } from './ChallengePanel.tsx';
import { explainSelection } from './explain-view.ts';
import type { ExplanationView } from './ExplanationPane.tsx';
import { trackChanges } from './change-tracking.ts';
import { anyPortVerdicts, egressGrant, type AnyPortModel } from './graph-views.ts';
import {
  evaluatePolicies,
  loadClusterModel,
  type ClusterModel,
  type ParsedScenario,
  type PolicyModel,
} from './model.ts';
import type { EditorDiagnostic } from './PolicyEditor.tsx';
import type { SandboxState } from './state.ts';

/** Everything the panes show, derived from the state through the engine. */
export interface SandboxModel {
  readonly cluster: ClusterModel;
  readonly port: PortProtocol;
  readonly policies: PolicyModel;
  /** Verdicts on any served port, when the learner picked "All ports" (else null). */
  readonly anyPort: AnyPortModel | null;
  readonly editorDiagnostics: readonly EditorDiagnostic[];
  readonly changes: readonly FlowChange[];
  readonly edges: readonly GraphEdge[];
  readonly explanation: ExplanationView | null;
  readonly challenge: ChallengeView | null;
}

/** Returns `value` once it has stayed the same for `ms`. */
export function useDebounced<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return debounced;
}

/** What the graph draws from: verdicts per pair, and which destinations serve what is shown. */
interface EdgeSource {
  readonly verdicts: ReadonlyMap<string, boolean>;
  readonly filtered: ReadonlySet<string>;
  /** Pods that serve the port shown (every pod with a port, for all ports). */
  readonly serving: ReadonlySet<string>;
  /** Whether a policy rule grants the source's egress to the destination (not merely an open source). */
  readonly granted: (from: string, to: string) => boolean;
}

function graphEdges(
  cluster: ClusterModel,
  source: EdgeSource,
  fresh: ReadonlySet<string>,
  focus: string | null,
  goals: ReadonlySet<string>,
): GraphEdge[] {
  const c = cluster.cluster;
  if (!c) return [];
  // Arrows go to pods that serve the port, and to external endpoints where a policy rule grants the
  // connection; other arrows to external endpoints only for the focused pod, for challenge goals and for
  // flows that just changed (the table lists every pair).
  const externals = new Set(c.externals.map((e) => e.name));
  const edges: GraphEdge[] = [];
  for (const [key, allowed] of source.verdicts) {
    const [from = '', to = ''] = key.split(' -> ');
    if (externals.has(from) && externals.has(to)) continue;
    const wanted =
      source.serving.has(to) ||
      goals.has(key) ||
      fresh.has(key) ||
      (externals.has(to) && (from === focus || (allowed && source.granted(from, to))));
    if (!wanted) continue;
    const filtered = source.filtered.has(key);
    edges.push({
      id: edgeId(from, to),
      from,
      to,
      allowed,
      changed: fresh.has(key),
      ...(filtered ? { filtered } : {}),
    });
  }
  return edges;
}

/** The pods that serve `port`, or any port at all (`null`). */
function servingPods(cluster: ClusterModel, port: PortProtocol | null): Set<string> {
  return new Set(
    (cluster.cluster?.pods ?? [])
      .filter((p) =>
        port === null
          ? p.ports.length > 0
          : p.ports.some((cp) => cp.containerPort === port.port && cp.protocol === port.protocol),
      )
      .map((p) => `${p.namespace}/${p.name}`),
  );
}

/**
 * Returns the derived model; verdicts follow every keystroke, editor diagnostics are debounced.
 * `known` is a scenario the engine already read at build time (used when the state's text is its text).
 */
export function useSandboxModel(
  state: SandboxState,
  challenge: Challenge | null,
  next?: { href: string; title: string },
  known?: ParsedScenario | null,
  inWorker = false,
  allPorts = false,
): SandboxModel {
  // A cluster analysed in the engine worker is never parsed on the page: the model stays empty.
  const clusterText = inWorker ? '' : state.clusterText;
  const policiesText = inWorker ? '' : state.policies;
  const cluster = useMemo(
    () => loadClusterModel(clusterText, challenge, known),
    [clusterText, challenge, known],
  );
  const chosen =
    state.port && cluster.ports.some((p) => p.port === state.port?.port && p.protocol === state.port.protocol)
      ? state.port
      : null;
  const port = chosen ?? cluster.ports[0] ?? { port: 80, protocol: 'TCP' };
  const policies = useMemo(
    () => evaluatePolicies(cluster, policiesText, port),
    [cluster, policiesText, port.port, port.protocol],
  );

  const previous = useRef<PolicyModel | null>(null);
  const [changes, setChanges] = useState<readonly FlowChange[]>([]);
  const [fresh, setFresh] = useState<ReadonlySet<string>>(new Set());
  const policiesFrom = state.policiesFrom;
  useEffect(() => {
    const step = trackChanges(previous.current, policies, policiesFrom);
    previous.current = step.baseline;
    const found = step.changes;
    if (found === null) return;
    setChanges(found);
    if (found.length === 0) {
      setFresh(new Set());
      return;
    }
    setFresh(new Set(found.map((c) => `${c.flow.from} -> ${c.flow.to}`)));
    const timer = setTimeout(() => setFresh(new Set()), 2500);
    return () => clearTimeout(timer);
  }, [policies, policiesFrom]);

  const editorDiagnostics = useDebounced(policies.diagnostics, 300);
  const goals = useMemo(
    () =>
      new Set(
        (challenge?.goals ?? [])
          .filter((g) => g.port === port.port && g.protocol === port.protocol)
          .map((g) => `${g.from} -> ${g.to}`),
      ),
    [challenge, port],
  );
  const anyPort = useMemo(
    () => (allPorts ? anyPortVerdicts(cluster, policies) : null),
    [allPorts, cluster, policies],
  );
  const edges = useMemo(() => {
    if (anyPort) {
      const source = { ...anyPort, serving: servingPods(cluster, null) };
      return graphEdges(cluster, source, new Set(), state.focus, new Set());
    }
    const grant = policies.matrix ? egressGrant(policies.matrix) : null;
    const source = {
      ...policies,
      serving: servingPods(cluster, port),
      granted: (from: string, to: string) => grant?.(from, to, 0) ?? false,
    };
    return graphEdges(cluster, source, fresh, state.focus, goals);
  }, [anyPort, cluster, policies, port, fresh, state.focus, goals]);
  const selection = state.selection;
  const explanation = useMemo(() => {
    if (!selection || !policies.analysis) return null;
    // On all ports, a pair is explained on the port that decided it (the first allowed one).
    const on = anyPort?.ports.get(`${selection.from} -> ${selection.to}`) ?? port;
    return explainSelection(policies.analysis, { ...selection, port: on.port, protocol: on.protocol });
  }, [selection, policies, port, anyPort]);
  const challengeModel = useMemo(
    () => (challenge ? challengeView(challenge, cluster.cluster, state.policies, next) : null),
    [challenge, cluster, state.policies, next],
  );
  return {
    cluster,
    port,
    policies,
    anyPort,
    editorDiagnostics,
    changes,
    edges,
    explanation,
    challenge: challengeModel,
  };
}
