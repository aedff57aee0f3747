import type { GraphEdge } from './edges.ts';
import type { GraphLayout, PlacedEndpoint } from './layout.ts';

// The static graph draws what Cytoscape draws (cy-style.ts), in the same places: these mirror its sizes.
/** Width and height of a pod or external endpoint, plus half the 2 px border on each side. */
export const POD_W = 112;
export const POD_H = 38;
const BORDER = 1;
/** Cytoscape's padding of a namespace box around its pods. */
const NS_PADDING = 26;
/** Cytoscape's triangle arrow at `arrow-scale: 1.1` on a 2.5 px edge is 9.6 px long and wide: per unit of width. */
export const ARROW_PER_WIDTH = 3.84;

export interface Point {
  readonly x: number;
  readonly y: number;
}

/** A namespace box as Cytoscape draws a compound node: its pods' bounds plus padding. */
export interface StaticBox {
  readonly name: string;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** One arrow: a quadratic curve from the source's border to the target's, bent like the live graph's. */
export interface StaticEdge {
  readonly edge: GraphEdge;
  readonly start: Point;
  readonly control: Point;
  readonly end: Point;
}

export interface StaticScene {
  readonly boxes: readonly StaticBox[];
  readonly edges: readonly StaticEdge[];
  /** The bounds of the boxes and endpoints (not the arrows): the SVG's view box, and what Cytoscape fits. */
  readonly bounds: {
    readonly x: number;
    readonly y: number;
    readonly width: number;
    readonly height: number;
  };
}

/** Distance from a node's centre to its border along the unit vector (ux, uy). */
function toBorder(ux: number, uy: number): number {
  return Math.min(
    ux === 0 ? Infinity : (POD_W / 2 + BORDER) / Math.abs(ux),
    uy === 0 ? Infinity : (POD_H / 2 + BORDER) / Math.abs(uy),
  );
}

/** Where the line from a node's centre towards `toward` leaves the node. */
function exitPoint(centre: Point, toward: Point): Point {
  const dx = toward.x - centre.x;
  const dy = toward.y - centre.y;
  const length = Math.hypot(dx, dy) || 1;
  const t = toBorder(dx / length, dy / length);
  return { x: centre.x + (dx / length) * t, y: centre.y + (dy / length) * t };
}

/**
 * The curve Cytoscape draws for an `unbundled-bezier` edge with one control point at weight 0.5: the
 * control point sits beside the middle of the centre line, on the left of the direction of travel, at the
 * distance `bend` in cy-style.ts, so the two arrows between a pair bow apart.
 */
function edgeCurve(a: PlacedEndpoint, b: PlacedEndpoint): Omit<StaticEdge, 'edge'> {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const length = Math.hypot(dx, dy) || 1;
  const distance = Math.max(18, 0.14 * length);
  const control = {
    x: (a.x + b.x) / 2 - (dy / length) * distance,
    y: (a.y + b.y) / 2 + (dx / length) * distance,
  };
  return { start: exitPoint(a, control), control, end: exitPoint(b, control) };
}

/** The points of a quadratic curve at t = 0, 1/n, …, 1. */
export function curvePoints(edge: Omit<StaticEdge, 'edge'>, n = 16): Point[] {
  const points: Point[] = [];
  for (let i = 0; i <= n; i += 1) {
    const t = i / n;
    const u = 1 - t;
    points.push({
      x: u * u * edge.start.x + 2 * u * t * edge.control.x + t * t * edge.end.x,
      y: u * u * edge.start.y + 2 * u * t * edge.control.y + t * t * edge.end.y,
    });
  }
  return points;
}

/** The namespace boxes as Cytoscape draws them around their pods. */
export function namespaceBoxes(layout: GraphLayout): StaticBox[] {
  return layout.boxes.map((box) => {
    const pods = layout.endpoints.filter((e) => e.namespace === box.name);
    const pad = NS_PADDING + BORDER;
    const left = Math.min(...pods.map((p) => p.x)) - POD_W / 2 - pad;
    const top = Math.min(...pods.map((p) => p.y)) - POD_H / 2 - pad;
    const right = Math.max(...pods.map((p) => p.x)) + POD_W / 2 + pad;
    const bottom = Math.max(...pods.map((p) => p.y)) + POD_H / 2 + pad;
    return { name: box.name, x: left, y: top, width: right - left, height: bottom - top };
  });
}

/** The bounds of the boxes and endpoints: what both graphs fit to their frame. */
export function drawingBounds(layout: GraphLayout): StaticScene['bounds'] {
  return frameBounds(layout, namespaceBoxes(layout));
}

/** Lays out the static graph: namespace boxes, curved edges and the bounds of it all. */
export function staticScene(layout: GraphLayout, edges: readonly GraphEdge[]): StaticScene {
  const at = new Map(layout.endpoints.map((e) => [e.id, e]));
  const boxes = namespaceBoxes(layout);
  const placed: StaticEdge[] = [];
  for (const edge of edges) {
    const a = at.get(edge.from);
    const b = at.get(edge.to);
    if (a && b && a !== b) placed.push({ edge, ...edgeCurve(a, b) });
  }
  return { boxes, edges: placed, bounds: frameBounds(layout, boxes) };
}

/**
 * The bounds of the namespace boxes and endpoints, which both graphs fit to their frame. Arrows are left
 * out, so an edit never rescales the drawing (an arrow that bulges past them is drawn in the frame's margin).
 */
function frameBounds(layout: GraphLayout, boxes: readonly StaticBox[]): StaticScene['bounds'] {
  const xs: number[] = [];
  const ys: number[] = [];
  for (const box of boxes) {
    xs.push(box.x - BORDER, box.x + box.width + BORDER);
    ys.push(box.y - BORDER, box.y + box.height + BORDER);
  }
  for (const e of layout.endpoints) {
    xs.push(e.x - POD_W / 2 - BORDER, e.x + POD_W / 2 + BORDER);
    ys.push(e.y - POD_H / 2 - BORDER, e.y + POD_H / 2 + BORDER);
  }
  if (xs.length === 0) return { x: 0, y: 0, width: layout.width, height: layout.height };
  const x = Math.floor(Math.min(...xs));
  const y = Math.floor(Math.min(...ys));
  return { x, y, width: Math.ceil(Math.max(...xs)) - x, height: Math.ceil(Math.max(...ys)) - y };
}

/** Squared distance from p to the segment a–b. */
function segmentDistanceSq(p: Point, a: Point, b: Point): number {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const lengthSq = dx * dx + dy * dy;
  const t = lengthSq === 0 ? 0 : Math.max(0, Math.min(1, ((p.x - a.x) * dx + (p.y - a.y) * dy) / lengthSq));
  const x = a.x + t * dx - p.x;
  const y = a.y + t * dy - p.y;
  return x * x + y * y;
}

/** What a tap at `p` (graph coordinates) hits: an endpoint, else the nearest edge within `slack`. */
export function hitTest(
  scene: StaticScene,
  layout: GraphLayout,
  p: Point,
  slack: number,
): { kind: 'endpoint'; endpoint: PlacedEndpoint } | { kind: 'edge'; edge: GraphEdge } | null {
  const endpoint = layout.endpoints.find(
    (e) => Math.abs(p.x - e.x) <= POD_W / 2 + BORDER && Math.abs(p.y - e.y) <= POD_H / 2 + BORDER,
  );
  if (endpoint) return { kind: 'endpoint', endpoint };
  let best: { edge: GraphEdge; distanceSq: number } | null = null;
  for (const placed of scene.edges) {
    let previous: Point | null = null;
    for (const point of curvePoints(placed)) {
      const distanceSq = previous === null ? Infinity : segmentDistanceSq(p, previous, point);
      if (distanceSq <= slack * slack && (best === null || distanceSq < best.distanceSq))
        best = { edge: placed.edge, distanceSq };
      previous = point;
    }
  }
  return best === null ? null : { kind: 'edge', edge: best.edge };
}
