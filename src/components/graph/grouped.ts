import type { ClusterInfo, Overview, ViewAnswer } from '../sandbox/worker/session.ts';
import { INNER_CAP, SELF } from '../sandbox/worker/session.ts';
import { edgeId, type GraphEdge } from './edges.ts';
import { COLUMN, gridColumns, normalise, ROW, type GraphLayout, type PlacedEndpoint } from './layout.ts';

/** The id of a closed namespace's node on the grouped graph. */
export function groupId(namespace: string): string {
  return `group:${namespace}`;
}

/** The namespace a grouped-graph node id opens, or null for a unit. */
export function groupOf(id: string): string | null {
  return id.startsWith('group:') ? id.slice('group:'.length) : null;
}

/** Most peers drawn around a focused unit (the table lists them all). */
export const PEER_CAP = 80;

/** The grouped graph of a large cluster: what to draw, and how many units it leaves out. */
export interface GroupedGraph {
  readonly layout: GraphLayout;
  readonly edges: readonly GraphEdge[];
  /** Units of opened namespaces, or peers of the focused unit, not drawn (over the caps). */
  readonly hidden: number;
}

const GROUPS_ACROSS = 5;

/**
 * Namespaces as one node each, with an arrow where some workload of one may connect to some of the other;
 * opened namespaces as a grid of their workloads; with a focused unit, only it and its peers.
 */
export function groupedGraph(
  info: ClusterInfo,
  answer: ViewAnswer | null,
  overview: Overview | null,
  expanded: ReadonlySet<string>,
  focus: number | null,
): GroupedGraph {
  const units = info.units;
  const placed: PlacedEndpoint[] = [];
  const edges: GraphEdge[] = [];
  let hidden = 0;
  const unitNode = (i: number, x: number, y: number): PlacedEndpoint | null => {
    const u = units[i];
    if (!u) return null;
    return {
      id: u.id,
      label: u.name,
      kind: u.kind === 'external' ? 'external' : 'pod',
      ...(u.kind === 'external' ? {} : { namespace: u.namespace }),
      x,
      y,
    };
  };
  const grid = (members: readonly number[], x0: number, y0: number): number => {
    const across = gridColumns(members.length);
    members.forEach((m, k) => {
      const node = unitNode(m, x0 + (k % across) * COLUMN, y0 + Math.floor(k / across) * ROW);
      if (node) placed.push(node);
    });
    return Math.ceil(members.length / across) * ROW + ROW;
  };

  if (focus !== null && answer?.focus && answer.focus.unit === focus) {
    const { out, in: inn } = answer.focus;
    const peers: number[] = [];
    for (let u = 0; u < units.length; u++) {
      if (u === focus) continue;
      const a = out[u] ?? SELF;
      const b = inn[u] ?? SELF;
      if (a === 0 || a === 2 || b === 0 || b === 2) peers.push(u);
    }
    hidden = Math.max(0, peers.length - PEER_CAP);
    const shown = peers.slice(0, PEER_CAP);
    const byNs = new Map<string, number[]>();
    for (const p of shown) {
      const key = units[p]?.namespace ?? '';
      byNs.set(key, [...(byNs.get(key) ?? []), p]);
    }
    const centre = unitNode(focus, 0, 0);
    if (centre) placed.push(centre);
    let y = ROW * 2;
    for (const members of byNs.values()) y += grid(members, 0, y);
    const id = units[focus]?.id ?? '';
    for (const p of shown) {
      const peer = units[p]?.id ?? '';
      const a = out[p] ?? SELF;
      const b = inn[p] ?? SELF;
      if (a === 0 || a === 2)
        edges.push({ id: edgeId(id, peer), from: id, to: peer, allowed: true, changed: false });
      if (b === 0 || b === 2)
        edges.push({ id: edgeId(peer, id), from: peer, to: id, allowed: true, changed: false });
    }
    return { layout: normalise(placed), edges, hidden };
  }

  const byNs = new Map<string, number[]>();
  const externals: number[] = [];
  units.forEach((u, i) => {
    if (u.kind === 'external') externals.push(i);
    else byNs.set(u.namespace, [...(byNs.get(u.namespace) ?? []), i]);
  });
  const closed = [...byNs.keys()].filter((ns) => !expanded.has(ns)).sort();
  closed.forEach((ns, k) => {
    placed.push({
      id: groupId(ns),
      label: `${ns} (${byNs.get(ns)?.length ?? 0})`,
      kind: 'pod',
      x: (k % GROUPS_ACROSS) * COLUMN,
      y: Math.floor(k / GROUPS_ACROSS) * ROW * 1.4,
    });
  });
  let y = Math.ceil(closed.length / GROUPS_ACROSS) * ROW * 1.4 + ROW;
  for (const ns of [...expanded].sort()) {
    const members = byNs.get(ns) ?? [];
    hidden += Math.max(0, members.length - INNER_CAP);
    y += grid(members.slice(0, INNER_CAP), 0, y);
  }
  externals.forEach((e, k) => {
    const node = unitNode(e, (GROUPS_ACROSS + 1) * COLUMN, k * ROW);
    if (node) placed.push(node);
  });
  // Arrows between closed namespaces (and externals) where some pair may connect.
  const nodeOf = (ns: string): string | null => (ns === '' ? null : expanded.has(ns) ? null : groupId(ns));
  for (const [a, b, code] of overview?.groups ?? []) {
    if (code === 1 || a === b) continue;
    const from = nodeOf(a);
    const to = nodeOf(b);
    if (from && to) edges.push({ id: edgeId(from, to), from, to, allowed: true, changed: false });
  }
  for (const [a, b, code] of answer?.inner ?? []) {
    if (code !== 0 && code !== 2) continue;
    const from = units[a]?.id ?? '';
    const to = units[b]?.id ?? '';
    edges.push({ id: edgeId(from, to), from, to, allowed: true, changed: false });
  }
  return { layout: normalise(placed), edges, hidden };
}
