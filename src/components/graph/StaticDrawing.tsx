import { memo } from 'react';
import { observedLabel, type GraphEdge } from './edges.ts';
import type { GraphLayout } from './layout.ts';
import { ARROW_PER_WIDTH, POD_H, POD_W, type Point, type StaticScene } from './static-geometry.ts';

/** Whole pixels: the placeholder needs no more, and 17-digit coordinates cost every lesson page kilobytes. */
const px = (n: number) => Math.round(n);
const at = (p: Point) => `${px(p.x)} ${px(p.y)}`;

/** Edge widths, as in cy-style.ts: the selected arrow, then a changed one, then a goal, outweigh the rest. */
function edgeWidth(edge: GraphEdge, selected: boolean): number {
  if (selected) return 5;
  if (edge.changed) return 3.5;
  if (edge.goal !== undefined) return 4;
  if (edge.observed) return 3.5;
  return 2.5;
}

/**
 * The arrowhead markers sandbox.css points arrows at (`url(#np-arrow-allow)`). A marker inside a hidden
 * drawing draws nothing, so the graph pane also keeps a copy in an always-shown empty `<svg>`.
 */
export function ArrowMarkers() {
  return (
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
  );
}

interface Props {
  readonly scene: StaticScene;
  readonly layout: GraphLayout;
  readonly focus: string | null;
  readonly selectedEdge: string | null;
}

/**
 * The inside of the static graph's `<svg>`: arrowhead markers, namespace boxes, arrows and pods, as React
 * elements (names and labels come from pasted clusters, and React writes them as text, never as markup).
 * The shapes have no handlers of their own: the `<svg>` hit-tests taps.
 */
export const StaticDrawing = memo(function StaticDrawing({ scene, layout, focus, selectedEdge }: Props) {
  return (
    <>
      <ArrowMarkers />
      {scene.boxes.map((box) => (
        <rect
          key={box.name}
          x={px(box.x)}
          y={px(box.y)}
          width={px(box.width)}
          height={px(box.height)}
          rx="8"
          className="np-svg-ns"
        />
      ))}
      {scene.edges.map((shape) => (
        <Arrow key={shape.edge.id} shape={shape} focus={focus} selected={shape.edge.id === selectedEdge} />
      ))}
      {/* Namespace names above the arrows, on a halo of the box's fill, as the live graph draws them. */}
      {scene.boxes.map((box) => (
        <text key={box.name} x={px(box.x + box.width / 2)} y={px(box.y + 21)} className="np-graph-ns-label">
          {box.name}
        </text>
      ))}
      {layout.endpoints.map((e) => (
        <g key={e.id}>
          {e.tip !== undefined && <title>{e.tip}</title>}
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
    </>
  );
});

/** One arrow: an underlay when observed, changed or selected, the line, and a count, goal or HTTP badge at its middle. */
function Arrow({
  shape: { edge, start, control, end },
  focus,
  selected,
}: {
  readonly shape: StaticScene['edges'][number];
  readonly focus: string | null;
  readonly selected: boolean;
}) {
  const width = edgeWidth(edge, selected);
  // The line stops where the arrowhead starts; the arrowhead's point touches the target.
  const dx = end.x - control.x;
  const dy = end.y - control.y;
  const length = Math.hypot(dx, dy) || 1;
  const arrow = Math.min(ARROW_PER_WIDTH * width, length / 2);
  const base = { x: end.x - (dx / length) * arrow, y: end.y - (dy / length) * arrow };
  const d = `M${at(start)}Q${at(control)} ${at(base)}`;
  const faded = focus !== null && edge.from !== focus && edge.to !== focus;
  const classes = [
    `np-graph-edge-${edge.allowed ? 'allow' : 'deny'}`,
    ...(edge.filtered ? ['np-graph-edge-filtered'] : []),
    ...(faded ? ['np-graph-edge-faded'] : edge.unobserved ? ['np-graph-edge-unobserved'] : []),
    ...(edge.goal === undefined ? [] : ['np-graph-edge-goal']),
    ...(selected ? ['np-graph-edge-selected'] : []),
  ];
  const middle = {
    x: px(0.25 * start.x + 0.5 * control.x + 0.25 * end.x),
    y: px(0.25 * start.y + 0.5 * control.y + 0.25 * end.y + 4),
  };
  return (
    <g>
      {edge.observed && (
        <>
          <title>{edge.observed.tip}</title>
          <path
            d={d}
            strokeWidth={width + 10}
            strokeLinecap="round"
            className={`np-graph-underlay-observed${faded ? ' np-graph-edge-faded' : ''}`}
          />
        </>
      )}
      {(selected || edge.changed) && (
        <path
          d={d}
          strokeWidth={selected ? 8 : 9}
          strokeLinecap="round"
          className={selected ? 'np-graph-underlay np-graph-underlay-selected' : 'np-graph-underlay'}
        />
      )}
      {/* No fill and the arrowhead marker come from sandbox.css (kept out of every edge's markup). */}
      <path d={d} strokeWidth={width} className={classes.join(' ')} />
      {edge.observed ? (
        <text
          x={middle.x}
          y={middle.y}
          className={`np-graph-observed-label${edge.observed.denied ? ' np-graph-observed-denied' : ''}${faded ? ' np-graph-edge-faded' : ''}`}
        >
          {edge.goal === undefined ? '' : `must ${edge.goal} · `}
          {observedLabel(edge.observed)}
        </text>
      ) : edge.goal !== undefined ? (
        <text x={middle.x} y={middle.y} className="np-graph-goal-label">
          must {edge.goal}
        </text>
      ) : (
        edge.filtered && (
          <text x={middle.x} y={middle.y} className="np-graph-l7-label">
            HTTP
          </text>
        )
      )}
    </g>
  );
}
