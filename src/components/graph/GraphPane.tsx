import {
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type ComponentType,
  type CSSProperties,
  type ReactNode,
  type RefObject,
} from 'react';
import type { CytoGraphProps } from './CytoGraph.tsx';
import { frameStyle } from './frame.ts';
import { narrowLayout, type GraphLayout } from './layout.ts';
import { drawingBounds } from './static-geometry.ts';
import StaticGraph from './StaticGraph.tsx';
import { ArrowMarkers } from './StaticDrawing.tsx';

/** Props of the graph pane: the graph's, and optionally a footer in place of the legend and focus picker. */
export interface GraphPaneProps extends CytoGraphProps {
  readonly footer?: ReactNode;
}

/**
 * The graph: a static SVG (server render, and until the reader reaches for the graph), then Cytoscape.
 * Cytoscape costs the page a second of main-thread work at start-up on a phone, so it loads only when a
 * pointer enters or moves over the pane, a finger or button presses it, keyboard focus moves into it, or
 * the pane comes on screen and the page is idle (a phone has no hover). The static
 * graph looks the same and takes taps itself, so nothing is lost while the live one loads; it swaps in
 * once no press is under way, so a press never starts on one graph and ends on the other.
 */
export default function GraphPane({ footer, ...props }: GraphPaneProps) {
  const [wanted, setWanted] = useState(false);
  const [Live, setLive] = useState<ComponentType<CytoGraphProps> | null>(null);
  const loaded = useRef<ComponentType<CytoGraphProps> | null>(null);
  const pressing = useRef(false);
  const frame = useMemo(() => frameStyle(drawingBounds(props.layout)), [props.layout]);
  // A phone-width pane shows the columns stacked (sandbox.css picks the frame with a container query).
  const narrow = useMemo(() => narrowLayout(props.layout), [props.layout]);
  const narrowFrame = useMemo(() => (narrow ? frameStyle(drawingBounds(narrow)) : null), [narrow]);
  const narrowRef = useRef<HTMLDivElement>(null);
  const [narrowShown, setNarrowShown] = useState(false);
  useLayoutEffect(() => {
    const element = narrowRef.current;
    if (!element) return setNarrowShown(false);
    const check = () => setNarrowShown(getComputedStyle(element).display !== 'none');
    check();
    const scroll = element.parentElement;
    if (!scroll || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(check);
    observer.observe(scroll);
    return () => observer.disconnect();
  }, [narrow]);

  useEffect(() => {
    if (!wanted) return;
    let alive = true;
    import('./CytoGraph.tsx')
      .then((module) => {
        loaded.current = module.default;
        if (alive && !pressing.current) setLive(() => module.default);
      })
      // Without the chunk (offline, say) the static graph stays: it shows the same and takes taps.
      .catch(() => undefined);
    return () => {
      alive = false;
    };
  }, [wanted]);

  const root = useRef<HTMLDivElement>(null);
  // A phone has no hover: the live graph also loads once the pane is on screen and the page is idle.
  useEffect(() => {
    const pane = root.current;
    if (wanted || !pane || typeof IntersectionObserver === 'undefined') return;
    let idle: (() => void) | null = null;
    const observer = new IntersectionObserver((entries) => {
      if (!entries.some((entry) => entry.isIntersecting) || idle) return;
      observer.disconnect();
      idle = whenIdle(() => setWanted(true));
    });
    observer.observe(pane);
    return () => {
      observer.disconnect();
      idle?.();
    };
  }, [wanted]);

  const want = () => {
    if (!wanted) setWanted(true);
  };
  const press = () => {
    want();
    if (Live || pressing.current) return;
    pressing.current = true;
    // Window listeners run after the static graph's own pointerup has acted on the tap.
    const release = () => {
      window.removeEventListener('pointerup', release);
      window.removeEventListener('pointercancel', release);
      pressing.current = false;
      if (loaded.current) setLive(() => loaded.current);
    };
    window.addEventListener('pointerup', release);
    window.addEventListener('pointercancel', release);
  };

  // One frame per layout; the live graph goes into the one on show, the other keeps its static drawing.
  const frameOf = (
    layout: GraphLayout,
    style: CSSProperties,
    className: string,
    live: boolean,
    ref?: RefObject<HTMLDivElement | null>,
  ) => (
    <div className={className} style={style} ref={ref}>
      {live && Live ? (
        <Live {...props} layout={layout} />
      ) : (
        <StaticGraph
          layout={layout}
          edges={props.edges}
          label={props.label}
          focus={props.focus}
          selectedEdge={props.selectedEdge}
          onFocus={props.onFocus}
          onSelectEdge={props.onSelectEdge}
          {...(props.tapExternals === undefined ? {} : { tapExternals: props.tapExternals })}
        />
      )}
    </div>
  );

  return (
    <div
      ref={root}
      className="np-graph"
      onPointerEnter={want}
      onPointerMove={want}
      onPointerDown={press}
      onFocus={want}
    >
      <svg className="np-graph-defs" aria-hidden="true" focusable="false" width="0" height="0">
        <ArrowMarkers />
      </svg>
      {/* Drawn at a size its labels can be read at; a pane narrower than that scrolls sideways. */}
      <div className="np-graph-scroll" tabIndex={0} role="group" aria-label="Graph drawing">
        {frameOf(props.layout, frame, 'np-graph-frame', Boolean(Live) && !(narrow && narrowShown))}
        {narrow &&
          narrowFrame &&
          frameOf(
            narrow,
            narrowFrame,
            'np-graph-frame np-graph-frame-narrow',
            Boolean(Live) && narrowShown,
            narrowRef,
          )}
      </div>
      {footer ?? (
        <div className="np-graph-footer">
          <p className="np-graph-legend" aria-hidden="true">
            <span className="np-legend-allow">allowed</span>
            <span className="np-legend-deny">denied</span>
            {props.edges.some((e) => e.filtered) && (
              <span className="np-legend-l7">
                <span className="np-legend-badge">HTTP</span>allowed, HTTP rules filter each request
              </span>
            )}
            {props.edges.some((e) => e.observed) && (
              <span className="np-legend-observed">observed traffic (count)</span>
            )}
            {props.edges.some((e) => e.observed?.denied) && (
              <span className="np-legend-observed-denied">observed, denied</span>
            )}
            <span>click a pod for its details, an arrow to see why</span>
          </p>
          <label className="np-field np-focus-field">
            <span>Focus</span>
            <select
              value={props.focus ?? ''}
              onChange={(event) =>
                props.onFocus(event.target.value === '' ? (props.focus ?? '') : event.target.value)
              }
            >
              <option value="">All pods</option>
              {props.layout.endpoints.map((e) => (
                <option key={e.id} value={e.id}>
                  {e.id}
                </option>
              ))}
            </select>
          </label>
        </div>
      )}
    </div>
  );
}

/** Runs `task` when the main thread is next idle (within two seconds); returns a cancel function. */
function whenIdle(task: () => void): () => void {
  if (typeof requestIdleCallback === 'function') {
    const id = requestIdleCallback(task, { timeout: 2000 });
    return () => cancelIdleCallback(id);
  }
  const id = setTimeout(task, 200);
  return () => clearTimeout(id);
}
