import type { AnalysisHandle, EndpointId, VerifiedConnection } from '../../engine/index.ts';
import { edgeId, type GraphEdge } from '../graph/edges.ts';
import { portLabel } from '../sandbox/model.ts';

/** One pair of endpoints on the graph that observed traffic ran between, with the policies' verdict on it. */
export interface ObservedPair {
  readonly id: string;
  readonly from: EndpointId;
  readonly to: EndpointId;
  /** Connections seen between the pair, over every port. */
  readonly count: number;
  /** Some connection of the pair is denied by the current policies. */
  readonly denied: boolean;
  /** `5432/TCP seen 12×, denied; 8080/TCP seen 3×` */
  readonly ports: string;
}

/** Connections between two pods of a workload the graph draws as one endpoint (no arrow of their own). */
export interface WithinWorkload {
  readonly key: string;
  readonly unit: EndpointId;
  /** `5432/TCP seen 2×, denied` */
  readonly port: string;
  readonly denied: boolean;
}

/** Observed traffic as the graph draws it, and what it cannot draw. */
export interface ObservedOverlay {
  readonly pairs: readonly ObservedPair[];
  /** Observed connections, and those the policies deny (each pair and port once). */
  readonly connections: number;
  readonly denied: number;
  /** Connections with an end the graph does not show (outside endpoints only the flows name). */
  readonly offGraph: number;
  /** Connections between two pods of one workload drawn as one endpoint, and how many are denied. */
  readonly within: readonly WithinWorkload[];
}

// A workload of many listed pods to another: its pods' arrows are capped (the lists name every connection).
const MEMBERS_DRAWN = 4;

/**
 * Returns where the verified connections run on the graph: each connection's units become their member
 * endpoints (a workload's pods, or its template) that the graph shows, and the pairs sum their counts.
 * The verdicts are `verifyTraffic`'s; `handle` only names the units' members.
 */
export function observedOverlay(
  verified: readonly VerifiedConnection[],
  handle: AnalysisHandle,
  shown: ReadonlySet<EndpointId>,
): ObservedOverlay {
  const members = new Map<EndpointId, EndpointId[]>();
  const membersOf = (unit: EndpointId): EndpointId[] => {
    let list = members.get(unit);
    if (!list) {
      const r = handle.resolve(unit);
      const ids = r?.kind === 'unit' ? r.unit.members.map((i) => handle.endpoints[i]?.id ?? '') : [];
      list = ids.filter((id) => shown.has(id)).slice(0, MEMBERS_DRAWN);
      members.set(unit, list);
    }
    return list;
  };
  const pairs = new Map<
    string,
    { from: string; to: string; count: number; denied: boolean; ports: string[] }
  >();
  let offGraph = 0;
  let denied = 0;
  const within: WithinWorkload[] = [];
  for (const v of verified) {
    if (!v.allowed) denied++;
    const from = membersOf(v.flow.from);
    const to = membersOf(v.flow.to);
    if (from.length === 0 || to.length === 0) {
      offGraph++;
      continue;
    }
    const port = `${portLabel(v.flow)} seen ${v.count.toLocaleString('en')}×${v.allowed ? '' : ', denied'}`;
    let drawn = false;
    for (const a of from)
      for (const b of to) {
        if (a === b) continue;
        const id = edgeId(a, b);
        const pair = pairs.get(id) ?? { from: a, to: b, count: 0, denied: false, ports: [] };
        pair.count += v.count;
        pair.denied ||= !v.allowed;
        pair.ports.push(port);
        pairs.set(id, pair);
        drawn = true;
      }
    // One endpoint stands for the whole workload: its pods talking to each other have no arrow of their own.
    if (!drawn && v.flow.pods !== 'same-pod')
      within.push({
        key: `${v.flow.from}|${portLabel(v.flow)}`,
        unit: v.flow.from,
        port,
        denied: !v.allowed,
      });
  }
  return {
    pairs: [...pairs].map(([id, p]) => ({
      id,
      from: p.from,
      to: p.to,
      count: p.count,
      denied: p.denied,
      ports: p.ports.join('; '),
    })),
    connections: verified.length,
    denied,
    offGraph,
    within,
  };
}

/**
 * Returns the graph's edges with the observed pairs drawn over them: a pair's arrow takes the observed
 * verdict (on the ports the traffic used) and is marked observed; pairs the port shown has no arrow for get one.
 */
export function withObserved(edges: readonly GraphEdge[], overlay: ObservedOverlay | null): GraphEdge[] {
  if (!overlay) return [...edges];
  const byId = new Map(overlay.pairs.map((p) => [p.id, p]));
  const mark = (p: ObservedPair): NonNullable<GraphEdge['observed']> => ({
    count: p.count,
    denied: p.denied,
    tip: `${p.from} → ${p.to}: observed, ${p.ports}`,
  });
  const out = edges.map((e): GraphEdge => {
    const p = byId.get(e.id);
    if (!p) return { ...e, unobserved: true };
    byId.delete(e.id);
    const { filtered: _filtered, ...rest } = e;
    return { ...(p.denied ? rest : e), allowed: !p.denied, observed: mark(p) };
  });
  for (const p of byId.values())
    out.push({ id: p.id, from: p.from, to: p.to, allowed: !p.denied, changed: false, observed: mark(p) });
  return out;
}
