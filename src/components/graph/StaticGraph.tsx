import { useMemo, useRef, type PointerEvent } from 'react';
import type { GraphEdge } from './edges.ts';
import type { GraphLayout } from './layout.ts';
import { ARROW_PER_WIDTH, POD_H, POD_W, hitTest, staticScene, type Point } from './static-geometry.ts';

interface Props {
  readonly layout: GraphLayout;
  readonly edges: readonly GraphEdge[];
  readonly label: string;
  readonly focus?: string | null;
  readonly selectedEdge?: string | null;
  /** Taps on the drawing, as the live graph takes them (absent in a server render). */
  readonly onFocus?: (endpoint: string) => void;
  readonly onSelectEdge?: (from: string, to: string) => void;
  readonly tapExternals?: boolean;
}

/** Whole pixels: the placeholder needs no more, and 17-digit coordinates cost every lesson page kilobytes. */
const px = (n: number) => Math.round(n);
const at = (p: Point) => `${px(p.x)} ${px(p.y)}`;

/** How far a press may move and still count as a tap (screen pixels), and how near an arrow it must land. */
const TAP_MOVE = 10;
const TAP_SLACK = 8;

/** Edge widths, as in cy-style.ts: the selected arrow, then a changed one, then a goal, outweigh the rest. */
function edgeWidth(edge: GraphEdge, selected: boolean): number {
  if (selected) return 5;
  if (edge.changed) return 6;
  if (edge.goal !== undefined) return 4;
  return 2.5;
}

/**
 * The graph drawn as plain SVG, in the live graph's sizes, positions, curves and colours: the server render,
 * and what the page shows until the reader reaches for the graph and Cytoscape loads. It takes taps on pods
 * and arrows itself, so the first one is not lost while the live graph loads.
 */
export default function StaticGraph({
  layout,
  edges,
  label,
  focus = null,
  selectedEdge = null,
  onFocus,
  onSelectEdge,
  tapExternals = false,
}: Props) {
  const scene = useMemo(() => staticScene(layout, edges), [layout, edges]);
  const pressed = useRef<{ id: number; x: number; y: number } | null>(null);
  const { bounds } = scene;

  const onPointerDown = (event: PointerEvent<SVGSVGElement>) => {
    pressed.current =
      event.isPrimary && event.button === 0 ? { id: event.pointerId, ...client(event) } : null;
  };
  // A tap acts on release, like Cytoscape's: a touch that scrolls the page is cancelled, not released.
  const onPointerUp = (event: PointerEvent<SVGSVGElement>) => {
    const down = pressed.current;
    pressed.current = null;
    if (down?.id !== event.pointerId) return;
    if (Math.hypot(event.clientX - down.x, event.clientY - down.y) > TAP_MOVE) return;
    const matrix = event.currentTarget.getScreenCTM();
    if (!matrix) return;
    const inverse = matrix.inverse();
    const p = new DOMPoint(event.clientX, event.clientY).matrixTransform(inverse);
    const hit = hitTest(scene, layout, p, TAP_SLACK * Math.hypot(inverse.a, inverse.b));
    if (hit?.kind === 'endpoint') {
      if (hit.endpoint.kind === 'pod' || tapExternals) onFocus?.(hit.endpoint.id);
    } else if (hit?.kind === 'edge') {
      onSelectEdge?.(hit.edge.from, hit.edge.to);
    }
  };

  return (
    <svg
      className="np-static-graph"
      viewBox={`${bounds.x} ${bounds.y} ${bounds.width} ${bounds.height}`}
      role="img"
      aria-label={label}
      preserveAspectRatio="xMidYMid meet"
      onPointerDown={onPointerDown}
      onPointerUp={onPointerUp}
      onPointerCancel={() => (pressed.current = null)}
    >
      <defs>
        {(['allow', 'deny'] as const).map((verdict) => (
          <marker
            key={verdict}
            id={`np-arrow-${verdict}`}
            viewBox="0 0 10 10"
            refX="0"
            refY="5"
            markerWidth={ARROW_PER_WIDTH}
            markerHeight={ARROW_PER_WIDTH}
            orient="auto"
          >
            <path d="M0,0 L10,5 L0,10 z" className={`np-svg-${verdict}-fill`} />
          </marker>
        ))}
      </defs>
      {scene.boxes.map((box) => (
        <g key={box.name}>
          <rect
            x={px(box.x)}
            y={px(box.y)}
            width={px(box.width)}
            height={px(box.height)}
            rx={8}
            className="np-svg-ns"
          />
          <text x={px(box.x + box.width / 2)} y={px(box.y + 21)} className="np-graph-ns-label">
            {box.name}
          </text>
        </g>
      ))}
      {scene.edges.map(({ edge, start, control, end }) => {
        const selected = edge.id === selectedEdge;
        const width = edgeWidth(edge, selected);
        // The line stops where the arrowhead starts; the arrowhead's point touches the target.
        const dx = end.x - control.x;
        const dy = end.y - control.y;
        const length = Math.hypot(dx, dy) || 1;
        const arrow = Math.min(ARROW_PER_WIDTH * width, length / 2);
        const base = { x: end.x - (dx / length) * arrow, y: end.y - (dy / length) * arrow };
        const d = `M${at(start)}Q${at(control)} ${at(base)}`;
        const verdict = edge.allowed ? 'allow' : 'deny';
        const faded = focus !== null && edge.from !== focus && edge.to !== focus;
        const classes = [
          `np-graph-edge-${verdict}`,
          ...(faded ? ['np-graph-edge-faded'] : []),
          ...(edge.goal === undefined ? [] : ['np-graph-edge-goal']),
          ...(selected ? ['np-graph-edge-selected'] : []),
        ];
        const middle = {
          x: 0.25 * start.x + 0.5 * control.x + 0.25 * end.x,
          y: 0.25 * start.y + 0.5 * control.y + 0.25 * end.y,
        };
        return (
          <g key={edge.id}>
            {(selected || edge.changed) && (
              <path
                d={d}
                strokeWidth={selected ? 8 : 10}
                strokeLinecap="round"
                className={selected ? 'np-graph-underlay np-graph-underlay-selected' : 'np-graph-underlay'}
              />
            )}
            {/* No fill and the arrowhead marker come from sandbox.css (kept out of every edge's markup). */}
            <path d={d} strokeWidth={width} className={classes.join(' ')} />
            {edge.goal !== undefined && (
              <text x={px(middle.x)} y={px(middle.y + 4)} className="np-graph-goal-label">
                must {edge.goal}
              </text>
            )}
          </g>
        );
      })}
      {layout.endpoints.map((e) => (
        <g key={e.id}>
          <rect
            x={e.x - POD_W / 2}
            y={e.y - POD_H / 2}
            width={POD_W}
            height={POD_H}
            rx={e.kind === 'pod' ? 8 : POD_H / 2}
            className={`${e.kind === 'pod' ? 'np-svg-pod' : 'np-svg-ext'}${e.id === focus ? ' np-graph-focused' : ''}`}
          />
          <text x={e.x} y={e.y + 5} className="np-graph-pod-label">
            {e.label.length > 16 ? `${e.label.slice(0, 15)}…` : e.label}
          </text>
        </g>
      ))}
    </svg>
  );
}

function client(event: PointerEvent): { x: number; y: number } {
  return { x: event.clientX, y: event.clientY };
}
