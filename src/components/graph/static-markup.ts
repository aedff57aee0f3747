import { observedLabel, type GraphEdge } from './edges.ts';
import type { GraphLayout } from './layout.ts';
import { ARROW_PER_WIDTH, POD_H, POD_W, type Point, type StaticScene } from './static-geometry.ts';

/** Whole pixels: the placeholder needs no more, and 17-digit coordinates cost every lesson page kilobytes. */
const px = (n: number) => Math.round(n);
const at = (p: Point) => `${px(p.x)} ${px(p.y)}`;

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/**
 * Text content for SVG markup: names and labels come from pasted clusters, so `&`, `<` and `>` are escaped
 * exactly as a browser serialises text, which lets StaticGraph compare its markup with the DOM's.
 */
export function escapeMarkup(text: string): string {
  return text.replace(/[&<>]/g, (c) => ENTITIES[c] ?? c);
}

/** Edge widths, as in cy-style.ts: the selected arrow, then a changed one, then a goal, outweigh the rest. */
function edgeWidth(edge: GraphEdge, selected: boolean): number {
  if (selected) return 5;
  if (edge.changed) return 3.5;
  if (edge.goal !== undefined) return 4;
  if (edge.observed) return 3.5;
  return 2.5;
}

/**
 * The inside of the static graph's `<svg>` as markup: arrowhead markers, namespace boxes, arrows and pods.
 * One string rather than a React element per shape: the drawing has no handlers of its own (the `<svg>`
 * hit-tests taps), and hundreds of fewer elements for React to hydrate shorten a page's start-up.
 */
export function staticGraphMarkup(
  scene: StaticScene,
  layout: GraphLayout,
  focus: string | null,
  selectedEdge: string | null,
): string {
  const out: string[] = ['<defs>'];
  for (const verdict of ['allow', 'deny'] as const) {
    out.push(
      `<marker id="np-arrow-${verdict}" viewBox="0 0 10 10" refX="0" refY="5" markerWidth="${ARROW_PER_WIDTH}" markerHeight="${ARROW_PER_WIDTH}" orient="auto"><path d="M0,0 L10,5 L0,10 z" class="np-svg-${verdict}-fill"></path></marker>`,
    );
  }
  out.push('</defs>');
  for (const box of scene.boxes) {
    out.push(
      `<rect x="${px(box.x)}" y="${px(box.y)}" width="${px(box.width)}" height="${px(box.height)}" rx="8" class="np-svg-ns"></rect>`,
    );
  }
  for (const { edge, start, control, end } of scene.edges) {
    const selected = edge.id === selectedEdge;
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
    out.push('<g>');
    if (edge.observed) {
      out.push(
        `<title>${escapeMarkup(edge.observed.tip)}</title><path d="${d}" stroke-width="${width + 10}" stroke-linecap="round" class="np-graph-underlay-observed${faded ? ' np-graph-edge-faded' : ''}"></path>`,
      );
    }
    if (selected || edge.changed) {
      const underlay = selected ? 'np-graph-underlay np-graph-underlay-selected' : 'np-graph-underlay';
      out.push(
        `<path d="${d}" stroke-width="${selected ? 8 : 9}" stroke-linecap="round" class="${underlay}"></path>`,
      );
    }
    // No fill and the arrowhead marker come from sandbox.css (kept out of every edge's markup).
    out.push(`<path d="${d}" stroke-width="${width}" class="${classes.join(' ')}"></path>`);
    const middle = {
      x: 0.25 * start.x + 0.5 * control.x + 0.25 * end.x,
      y: 0.25 * start.y + 0.5 * control.y + 0.25 * end.y,
    };
    if (edge.observed) {
      const goal = edge.goal === undefined ? '' : `must ${edge.goal} · `;
      out.push(
        `<text x="${px(middle.x)}" y="${px(middle.y + 4)}" class="np-graph-observed-label${edge.observed.denied ? ' np-graph-observed-denied' : ''}${faded ? ' np-graph-edge-faded' : ''}">${goal}${observedLabel(edge.observed)}</text>`,
      );
    } else if (edge.goal !== undefined) {
      out.push(
        `<text x="${px(middle.x)}" y="${px(middle.y + 4)}" class="np-graph-goal-label">must ${edge.goal}</text>`,
      );
    } else if (edge.filtered) {
      out.push(`<text x="${px(middle.x)}" y="${px(middle.y + 4)}" class="np-graph-l7-label">HTTP</text>`);
    }
    out.push('</g>');
  }
  // Namespace names above the arrows, on a halo of the box's fill, as the live graph draws them.
  for (const box of scene.boxes) {
    out.push(
      `<text x="${px(box.x + box.width / 2)}" y="${px(box.y + 21)}" class="np-graph-ns-label">${escapeMarkup(box.name)}</text>`,
    );
  }
  for (const e of layout.endpoints) {
    const shape = e.kind === 'pod' ? 'np-svg-pod' : 'np-svg-ext';
    const label = e.label.length > 16 ? `${e.label.slice(0, 15)}…` : e.label;
    out.push(
      `<g>${e.tip === undefined ? '' : `<title>${escapeMarkup(e.tip)}</title>`}<rect x="${e.x - POD_W / 2}" y="${e.y - POD_H / 2}" width="${POD_W}" height="${POD_H}" rx="${e.kind === 'pod' ? 8 : POD_H / 2}" class="${shape}${e.id === focus ? ' np-graph-focused' : ''}"></rect>`,
      `<text x="${e.x}" y="${e.y + 5}" class="np-graph-pod-label">${escapeMarkup(label)}</text></g>`,
    );
  }
  return out.join('');
}
