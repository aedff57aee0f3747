import type { GraphEdge } from './edges.ts';
import type { GraphLayout } from './layout.ts';

interface Props {
  readonly layout: GraphLayout;
  readonly edges: readonly GraphEdge[];
  readonly label: string;
}

const POD_W = 112;
const POD_H = 38;

/** Whole pixels: the placeholder needs no more, and 17-digit coordinates cost every lesson page kilobytes. */
const px = (n: number) => Math.round(n);

/** The graph drawn as plain SVG: shown before the interactive graph loads, same size and positions. */
export default function StaticGraph({ layout, edges, label }: Props) {
  const at = new Map(layout.endpoints.map((e) => [e.id, e]));
  return (
    <svg
      className="np-static-graph"
      viewBox={`0 0 ${layout.width} ${layout.height}`}
      role="img"
      aria-label={label}
      preserveAspectRatio="xMidYMid meet"
    >
      <defs>
        <marker
          id="np-arrow-allow"
          viewBox="0 0 10 10"
          refX="9"
          refY="5"
          markerWidth="7"
          markerHeight="7"
          orient="auto-start-reverse"
        >
          <path d="M0,0 L10,5 L0,10 z" className="np-svg-allow-fill" />
        </marker>
        <marker
          id="np-arrow-deny"
          viewBox="0 0 10 10"
          refX="9"
          refY="5"
          markerWidth="7"
          markerHeight="7"
          orient="auto-start-reverse"
        >
          <path d="M0,0 L10,5 L0,10 z" className="np-svg-deny-fill" />
        </marker>
      </defs>
      {layout.boxes.map((box) => (
        <g key={box.name}>
          <rect x={box.x} y={box.y} width={box.width} height={box.height} rx={10} className="np-svg-ns" />
          <text x={box.x + 12} y={box.y + 22} className="np-graph-ns-label">
            {box.name}
          </text>
        </g>
      ))}
      {edges.map((edge) => {
        const a = at.get(edge.from);
        const b = at.get(edge.to);
        if (!a || !b) return null;
        const dx = b.x - a.x;
        const dy = b.y - a.y;
        const length = Math.hypot(dx, dy) || 1;
        const ux = dx / length;
        const uy = dy / length;
        // Distance from a node's centre to its border along the edge.
        const trim = Math.min(
          ux === 0 ? Infinity : POD_W / 2 / Math.abs(ux),
          uy === 0 ? Infinity : POD_H / 2 / Math.abs(uy),
        );
        return (
          <line
            key={edge.id}
            x1={px(a.x + ux * trim)}
            y1={px(a.y + uy * trim)}
            x2={px(b.x - ux * (trim + 2))}
            y2={px(b.y - uy * (trim + 2))}
            className={edge.allowed ? 'np-graph-edge-allow' : 'np-graph-edge-deny'}
            markerEnd={`url(#np-arrow-${edge.allowed ? 'allow' : 'deny'})`}
          />
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
            className={e.kind === 'pod' ? 'np-svg-pod' : 'np-svg-ext'}
          />
          <text x={e.x} y={e.y + 5} className="np-graph-pod-label">
            {e.label.length > 16 ? `${e.label.slice(0, 15)}…` : e.label}
          </text>
        </g>
      ))}
    </svg>
  );
}
