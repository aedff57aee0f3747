import { describeEndpoint, endpointSummary } from '../../engine/index.ts';
import type { Cluster, EndpointId } from '../../engine/index.ts';

/** A pod or external endpoint placed on the graph. */
export interface PlacedEndpoint {
  readonly id: EndpointId;
  readonly label: string;
  readonly kind: 'pod' | 'external';
  readonly namespace?: string;
  readonly x: number;
  readonly y: number;
  /** Namespace, labels, ports, IPs and DNS names in a few lines: the graph's tooltip. */
  readonly tip?: string;
}

/** A namespace box around its pods. */
export interface NamespaceBox {
  readonly name: string;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** Fixed positions for the whole graph, shared by the static SVG and Cytoscape. */
export interface GraphLayout {
  readonly endpoints: readonly PlacedEndpoint[];
  readonly boxes: readonly NamespaceBox[];
  readonly width: number;
  readonly height: number;
}

export const COLUMN = 210;
export const ROW = 86;
const PAD_X = 70;
const PAD_TOP = 48;
const PAD_BOTTOM = 28;

/**
 * Returns positions from the scenario's layout, with a deterministic grid for anything it does
 * not place (pasted clusters): one column per namespace (a grid when it has many pods), externals in a
 * last column.
 */
export function layoutCluster(cluster: Cluster): GraphLayout {
  const given = cluster.scenario?.layout ?? {};
  const placed: PlacedEndpoint[] = [];
  const missing: {
    id: string;
    label: string;
    kind: 'pod' | 'external';
    namespace?: string;
    column: string;
  }[] = [];
  const add = (id: string, label: string, kind: 'pod' | 'external', namespace?: string): void => {
    const at = given[id];
    const ns = namespace === undefined ? {} : { namespace };
    if (at) placed.push({ id, label, kind, ...ns, x: at[0], y: at[1] });
    else missing.push({ id, label, kind, ...ns, column: namespace ?? '\u0000externals' });
  };
  for (const pod of cluster.pods) add(`${pod.namespace}/${pod.name}`, pod.name, 'pod', pod.namespace);
  for (const external of cluster.externals) add(external.name, external.name, 'external');

  const originX = placed.length === 0 ? 0 : Math.max(...placed.map((p) => p.x)) + COLUMN;
  const columns = [...new Set(missing.map((m) => m.column))].sort((a, b) =>
    a.startsWith('\u0000') ? 1 : b.startsWith('\u0000') ? -1 : a.localeCompare(b),
  );
  let x = originX;
  for (const column of columns) {
    const members = missing.filter((m) => m.column === column).sort((a, b) => a.label.localeCompare(b.label));
    // A namespace of many pods becomes a grid (one tall column would be unreadable).
    const across = gridColumns(members.length);
    for (const [i, m] of members.entries()) {
      const ns = m.namespace === undefined ? {} : { namespace: m.namespace };
      placed.push({
        id: m.id,
        label: m.label,
        kind: m.kind,
        ...ns,
        x: x + (i % across) * COLUMN,
        y: Math.floor(i / across) * ROW,
      });
    }
    x += across * COLUMN;
  }
  return normalise(
    placed.map((p) => {
      const details = describeEndpoint(cluster, p.id);
      return details ? { ...p, tip: endpointSummary(details) } : p;
    }),
  );
}

/** Columns of the grid for `count` pods of one namespace: one up to six, then about as wide as tall. */
export function gridColumns(count: number): number {
  return count <= 6 ? 1 : Math.ceil(Math.sqrt(count * 1.5));
}

/** Returns positions with padding removed and the namespace boxes around their pods. */
export function normalise(placed: readonly PlacedEndpoint[]): GraphLayout {
  if (placed.length === 0) return { endpoints: [], boxes: [], width: 320, height: 160 };
  const minX = Math.min(...placed.map((p) => p.x)) - PAD_X - 10;
  const minY = Math.min(...placed.map((p) => p.y)) - PAD_TOP - 10;
  const endpoints = placed.map((p) => ({ ...p, x: p.x - minX, y: p.y - minY }));
  const boxes: NamespaceBox[] = [];
  for (const name of [
    ...new Set(endpoints.flatMap((e) => (e.namespace === undefined ? [] : [e.namespace]))),
  ]) {
    const pods = endpoints.filter((e) => e.namespace === name);
    const left = Math.min(...pods.map((p) => p.x)) - PAD_X;
    const top = Math.min(...pods.map((p) => p.y)) - PAD_TOP;
    const right = Math.max(...pods.map((p) => p.x)) + PAD_X;
    const bottom = Math.max(...pods.map((p) => p.y)) + PAD_BOTTOM;
    boxes.push({ name, x: left, y: top, width: right - left, height: bottom - top });
  }
  const width = Math.max(...endpoints.map((e) => e.x + PAD_X + 10), ...boxes.map((b) => b.x + b.width + 10));
  const height = Math.max(
    ...endpoints.map((e) => e.y + PAD_BOTTOM + 10),
    ...boxes.map((b) => b.y + b.height + 10),
  );
  return { endpoints, boxes, width, height };
}

/**
 * Distance between the two columns of the narrow layout: a namespace box is 166 wide (static-geometry.ts),
 * so two boxes side by side leave a gap of 6, and the drawing (340 wide) fits a 390 px phone at 12.5 px
 * labels.
 */
export const NARROW_COLUMN = 172;

/**
 * Returns the layout for a phone-width pane: the wide layout's columns taken two at a time and stacked,
 * so the drawing fits the width at a readable size and grows in height instead. `null` when the wide
 * layout already has two columns or fewer, or a namespace spans several columns (a grid of many pods).
 */
export function narrowLayout(layout: GraphLayout): GraphLayout | null {
  const columns = [...new Set(layout.endpoints.map((e) => Math.round(e.x)))].sort((a, b) => a - b);
  if (columns.length <= 2) return null;
  const column = new Map(columns.map((x, i) => [x, i]));
  const at = (e: PlacedEndpoint): number => column.get(Math.round(e.x)) ?? 0;
  for (const box of layout.boxes) {
    const spans = new Set(layout.endpoints.filter((e) => e.namespace === box.name).map(at));
    if (spans.size > 1) return null;
  }
  const placed: PlacedEndpoint[] = [];
  let top = 0;
  for (let band = 0; band * 2 < columns.length; band++) {
    const members = layout.endpoints.filter((e) => Math.floor(at(e) / 2) === band);
    if (members.length === 0) continue;
    const first = Math.min(...members.map((e) => e.y));
    for (const e of members) placed.push({ ...e, x: (at(e) % 2) * NARROW_COLUMN, y: top + e.y - first });
    top += Math.max(...members.map((e) => e.y)) - first + ROW + PAD_TOP;
  }
  return normalise(placed);
}
