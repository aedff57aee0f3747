import { useEffect, useMemo, useRef, useState } from 'react';
import type { Challenge, FlowChange, PortProtocol } from '../../engine/index.ts';
import { edgeId, type GraphEdge } from '../graph/edges.ts';
import { challengeView } from './challenge-view.ts';
import type { ChallengeView } from './ChallengePanel.tsx';
import { explainSelection } from './explain-view.ts';
import type { ExplanationView } from './ExplanationPane.tsx';
import { trackChanges } from './change-tracking.ts';
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
  readonly editorDiagnostics: readonly EditorDiagnostic[];
  readonly changes: readonly FlowChange[];
  readonly edges: readonly GraphEdge[];
  readonly explanation: ExplanationView | null;
  readonly challenge: ChallengeView | null;
}

function useDebounced<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return debounced;
}

function graphEdges(
  cluster: ClusterModel,
  policies: PolicyModel,
  port: PortProtocol,
  fresh: ReadonlySet<string>,
  focus: string | null,
  goals: ReadonlySet<string>,
): GraphEdge[] {
  const c = cluster.cluster;
  if (!c) return [];
  // Arrows go to pods that serve the port; arrows to external endpoints only for the focused pod,
  // for challenge goals and for flows that just changed. The table lists every pair.
  const serving = new Set(
    c.pods
      .filter((p) => p.ports.some((cp) => cp.containerPort === port.port && cp.protocol === port.protocol))
      .map((p) => `${p.namespace}/${p.name}`),
  );
  const externals = new Set(c.externals.map((e) => e.name));
  const edges: GraphEdge[] = [];
  for (const [key, allowed] of policies.verdicts) {
    const [from = '', to = ''] = key.split(' -> ');
    if (externals.has(from) && externals.has(to)) continue;
    const wanted =
      serving.has(to) || goals.has(key) || fresh.has(key) || (externals.has(to) && from === focus);
    if (wanted) edges.push({ id: edgeId(from, to), from, to, allowed, changed: fresh.has(key) });
  }
  return edges;
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
  const edges = useMemo(
    () => graphEdges(cluster, policies, port, fresh, state.focus, goals),
    [cluster, policies, port, fresh, state.focus, goals],
  );
  const selection = state.selection;
  const explanation = useMemo(
    () =>
      selection && policies.analysis
        ? explainSelection(policies.analysis, { ...selection, port: port.port, protocol: port.protocol })
        : null,
    [selection, policies, port],
  );
  const challengeModel = useMemo(
    () => (challenge ? challengeView(challenge, cluster.cluster, state.policies, next) : null),
    [challenge, cluster, state.policies, next],
  );
  return {
    cluster,
    port,
    policies,
    editorDiagnostics,
    changes,
    edges,
    explanation,
    challenge: challengeModel,
  };
}
