import type { CSSProperties } from 'react';

/** Font size of a pod's name in the drawing's own units (cy-style.ts, sandbox.css). */
export const POD_LABEL_UNITS = 14;
/** The smallest size a label may be shown at, in CSS pixels. */
export const MIN_LABEL_PX = 12.5;
/** The graph is never drawn smaller than this: below it, the pane scrolls sideways instead. */
export const MIN_ZOOM = MIN_LABEL_PX / POD_LABEL_UNITS;
/** Nor larger than its own size, so a small cluster does not balloon. */
export const MAX_ZOOM = 1;
/** Room around the drawing, in pixels (Cytoscape's fit padding). */
export const FRAME_PAD = 16;

/** The size of what a graph draws, in its own units. */
export interface DrawingSize {
  readonly width: number;
  readonly height: number;
}

/**
 * Returns the zoom a drawing gets in a pane `available` pixels wide: as wide as the pane, but never under
 * MIN_ZOOM nor over MAX_ZOOM. The frame's CSS (sandbox.css, `.np-graph-frame`) computes the same from
 * the custom properties `frameStyle` sets, so the server render already has the final size.
 */
export function frameZoom(drawing: DrawingSize, available: number): number {
  if (drawing.width <= 0) return MAX_ZOOM;
  return Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, (available - 2 * FRAME_PAD) / drawing.width));
}

/** The custom properties the graph frame is sized from. */
export function frameStyle(drawing: DrawingSize): CSSProperties {
  return {
    '--np-graph-w': String(Math.max(1, Math.round(drawing.width))),
    '--np-graph-h': String(Math.max(1, Math.round(drawing.height))),
    '--np-graph-min': String(MIN_ZOOM),
    '--np-graph-max': String(MAX_ZOOM),
    '--np-graph-pad': `${FRAME_PAD}px`,
  } as CSSProperties;
}
