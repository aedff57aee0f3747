import { useEffect, useState, type ComponentType, type ReactNode } from 'react';
import type { CytoGraphProps } from './CytoGraph.tsx';
import StaticGraph from './StaticGraph.tsx';

/** Props of the graph pane: the graph's, and optionally a footer in place of the legend and focus picker. */
export interface GraphPaneProps extends CytoGraphProps {
  readonly footer?: ReactNode;
}

/** The graph: static SVG first (server render and while loading), then Cytoscape, loaded lazily. */
export default function GraphPane({ footer, ...props }: GraphPaneProps) {
  const [Live, setLive] = useState<ComponentType<CytoGraphProps> | null>(null);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    let alive = true;
    import('./CytoGraph.tsx')
      .then((module) => {
        if (alive) setLive(() => module.default);
      })
      .catch(() => {
        if (alive) setFailed(true);
      });
    return () => {
      alive = false;
    };
  }, []);

  return (
    <div className="np-graph">
      {Live && !failed ? (
        <Live {...props} />
      ) : (
        <StaticGraph layout={props.layout} edges={props.edges} label={props.label} />
      )}
      {footer ?? (
        <div className="np-graph-footer">
          <p className="np-graph-legend" aria-hidden="true">
            <span className="np-legend-allow">allowed</span>
            <span className="np-legend-deny">denied</span>
            <span>click a pod to focus it, an arrow to see why</span>
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
