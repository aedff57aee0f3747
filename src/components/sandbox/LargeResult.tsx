import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import GraphPane from '../graph/GraphPane.tsx';
import { edgeId } from '../graph/edges.ts';
import { groupedGraph, groupOf } from '../graph/grouped.ts';
import type { Selection } from './state.ts';
import UnitTable from './UnitTable.tsx';
import type { LargeModel } from './worker/useEngineWorker.ts';

interface Props {
  readonly model: LargeModel;
  readonly view: 'graph' | 'table';
  readonly selection: Selection | null;
  readonly focus: string | null;
  readonly portLabel: string;
  readonly title: string;
  readonly onSelect: (selection: Selection) => void;
  readonly onFocus: (id: string | null) => void;
}

/**
 * The result pane of a cluster analysed in the worker: namespaces as groups on the graph (open one to see
 * its workloads, focus one to see its peers) and a virtual truth table; only what is in view is asked for.
 */
export default function LargeResult({
  model,
  view,
  selection,
  focus,
  portLabel,
  title,
  onSelect,
  onFocus,
}: Props) {
  const [expanded, setExpanded] = useState<readonly string[]>([]);
  const win = useRef<{ rows: readonly number[]; cols: readonly number[] }>({ rows: [], cols: [] });
  const info = model.info;
  const index = useMemo(() => new Map((info?.units ?? []).map((u, i) => [u.id, i])), [info]);
  const focusIndex = focus === null ? null : (index.get(focus) ?? null);
  const { setView } = model;
  const ask = useCallback(() => {
    setView({
      rows: view === 'table' ? win.current.rows : [],
      cols: view === 'table' ? win.current.cols : [],
      focus: view === 'graph' ? focusIndex : null,
      expanded: view === 'graph' ? expanded : [],
    });
  }, [setView, view, focusIndex, expanded]);
  useEffect(ask, [ask]);
  const onWindow = useCallback(
    (rows: readonly number[], cols: readonly number[]) => {
      win.current = { rows, cols };
      ask();
    },
    [ask],
  );

  // Edit-to-screen latency: the answer for the view is on screen once this effect runs.
  useEffect(() => {
    if (!model.answer) return;
    if (performance.getEntriesByName('np-edit', 'mark').length === 0) return;
    performance.measure('np-edit-to-update', 'np-edit');
    performance.clearMarks('np-edit');
  }, [model.answer]);

  const graph = useMemo(
    () => (info ? groupedGraph(info, model.answer, model.overview, new Set(expanded), focusIndex) : null),
    [info, model.answer, model.overview, expanded, focusIndex],
  );

  if (!info)
    return (
      <p className="np-muted" role="status">
        Reading the cluster…
      </p>
    );
  const selectedEdge = selection ? edgeId(selection.from, selection.to) : null;
  return (
    <div className="np-large">
      {view === 'graph' && graph ? (
        <>
          <p className="np-muted np-large-note">
            {focusIndex !== null
              ? `Showing ${focus ?? ''} and the workloads it may connect with${graph.hidden > 0 ? ` (${graph.hidden} more not drawn; the table lists all)` : ''}.`
              : `Namespaces are drawn as one node each, with an arrow where some workload may connect. Click a namespace to open it${graph.hidden > 0 ? ` (${graph.hidden} workloads not drawn; the table lists all)` : ''}.`}
          </p>
          {(expanded.length > 0 || focusIndex !== null) && (
            <div className="np-actions">
              {focusIndex !== null && (
                <button type="button" className="np-button" onClick={() => onFocus(null)}>
                  Show all namespaces
                </button>
              )}
              {expanded.map((ns) => (
                <button
                  key={ns}
                  type="button"
                  className="np-button"
                  onClick={() => setExpanded((list) => list.filter((n) => n !== ns))}
                >
                  Close {ns}
                </button>
              ))}
            </div>
          )}
          <GraphPane
            layout={graph.layout}
            edges={graph.edges}
            focus={focusIndex === null ? null : focus}
            selectedEdge={selectedEdge}
            onFocus={(id) => {
              const ns = groupOf(id);
              if (ns !== null) setExpanded((list) => (list.includes(ns) ? list : [...list, ns]));
              else onFocus(id);
            }}
            onSelectEdge={(from, to) => {
              if (groupOf(from) === null && groupOf(to) === null) onSelect({ from, to });
            }}
            label={`Graph of ${title} on ${portLabel}, grouped by namespace: arrows show where connections are allowed. The Table button lists every pair.`}
          />
        </>
      ) : (
        <UnitTable
          units={info.units}
          answer={model.answer}
          selection={selection}
          portLabel={portLabel}
          onSelect={onSelect}
          onWindow={onWindow}
        />
      )}
    </div>
  );
}
