import type { Cluster, EndpointId, Goal, PortProtocol } from '../../engine/index.ts';
import { edgeId, type GraphEdge } from '../graph/edges.ts';
import type { Selection } from '../sandbox/state.ts';

/** A flow being picked on the graph: a source waiting for its destination, or a whole pair. */
export interface GraphPick {
  readonly source: EndpointId | null;
  readonly selection: Selection | null;
}

/** Returns the pick after a tap on an endpoint: first the source, then the destination; the source again cancels. */
export function pickEndpoint(pick: GraphPick, endpoint: EndpointId): GraphPick {
  if (pick.source === null) return { source: endpoint, selection: null };
  if (pick.source === endpoint) return { source: null, selection: null };
  return { source: null, selection: { from: pick.source, to: endpoint } };
}

/** Whether a goal is about the flow pair on this port. */
export function sameFlow(goal: Goal, from: EndpointId, to: EndpointId, port: PortProtocol): boolean {
  return goal.from === from && goal.to === to && goal.port === port.port && goal.protocol === port.protocol;
}

/**
 * Returns the builder's arrows on one port, with the reference solution's verdicts: flows into pods that
 * serve the port, the goals on it and the selected pair. The truth table lists every pair.
 */
export function builderEdges(
  cluster: Cluster | null,
  verdicts: ReadonlyMap<string, boolean>,
  port: PortProtocol,
  goals: readonly Goal[],
  selection: Selection | null,
): GraphEdge[] {
  if (!cluster) return [];
  const serving = new Set(
    cluster.pods
      .filter((p) => p.ports.some((cp) => cp.containerPort === port.port && cp.protocol === port.protocol))
      .map((p) => `${p.namespace}/${p.name}`),
  );
  const edges: GraphEdge[] = [];
  for (const [key, allowed] of verdicts) {
    const [from = '', to = ''] = key.split(' -> ');
    const goal = goals.find((g) => sameFlow(g, from, to, port));
    const selected = selection?.from === from && selection.to === to;
    if (serving.has(to) || goal || selected)
      edges.push({
        id: edgeId(from, to),
        from,
        to,
        allowed,
        changed: false,
        ...(goal ? { goal: goal.expect } : {}),
      });
  }
  return edges;
}
