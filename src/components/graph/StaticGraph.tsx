import { useMemo, useRef, type PointerEvent } from 'react';
import type { GraphEdge } from './edges.ts';
import type { GraphLayout } from './layout.ts';
import { StaticDrawing } from './StaticDrawing.tsx';
import { hitTest, staticScene } from './static-geometry.ts';

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

/** How far a press may move and still count as a tap (screen pixels), and how near an arrow it must land. */
const TAP_MOVE = 10;
const TAP_SLACK = 8;

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
      <StaticDrawing scene={scene} layout={layout} focus={focus} selectedEdge={selectedEdge} />
    </svg>
  );
}

function client(event: PointerEvent): { x: number; y: number } {
  return { x: event.clientX, y: event.clientY };
}
