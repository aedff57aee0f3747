import { useMemo, useState } from 'react';
import type { EndpointId, Goal, PortProtocol } from '../../engine/index.ts';
import GraphPane from '../graph/GraphPane.tsx';
import { edgeId } from '../graph/edges.ts';
import type { ClusterModel, PolicyModel } from '../sandbox/model.ts';
import TruthTable from '../sandbox/TruthTable.tsx';
import type { Selection } from '../sandbox/state.ts';
import { builderEdges, pickEndpoint, sameFlow } from './goal-graph.ts';

interface Props {
  readonly cluster: ClusterModel;
  /** The reference solution's verdicts on `port`. */
  readonly solved: PolicyModel;
  readonly port: PortProtocol;
  readonly onPort: (port: PortProtocol) => void;
  readonly selection: Selection | null;
  readonly onSelect: (selection: Selection | null) => void;
  readonly goals: readonly Goal[];
  readonly onGoals: (goals: Goal[]) => void;
}

const portKey = (p: PortProtocol): string => `${p.port}/${p.protocol}`;

/** Pick goals by clicking two endpoints or an arrow in the graph, or a cell of the table (the keyboard path). */
export default function GoalPicker({
  cluster,
  solved,
  port,
  onPort,
  selection,
  onSelect,
  goals,
  onGoals,
}: Props) {
  const [source, setSource] = useState<EndpointId | null>(null);
  const endpoints = solved.matrix?.endpoints ?? [];
  const known = new Set(endpoints);
  const label = portKey(port);
  const edges = useMemo(
    () => builderEdges(cluster.cluster, solved.verdicts, port, goals, selection),
    [cluster.cluster, solved.verdicts, port, goals, selection],
  );
  const select = (next: Selection | null): void => {
    setSource(null);
    onSelect(next);
  };
  const tap = (endpoint: EndpointId): void => {
    const next = pickEndpoint({ source, selection }, endpoint);
    setSource(next.source);
    onSelect(next.selection);
  };
  const mark = (expect: 'allow' | 'deny'): void => {
    if (selection === null) return;
    const goal: Goal = { ...selection, port: port.port, protocol: port.protocol, expect };
    onGoals([...goals.filter((g) => !sameFlow(g, goal.from, goal.to, port)), goal]);
  };

  return (
    <div className="np-builder-goals">
      <label className="np-field">
        <span>Port</span>
        <select
          value={label}
          onChange={(event) => onPort(cluster.ports.find((p) => portKey(p) === event.target.value) ?? port)}
        >
          {cluster.ports.map((p) => (
            <option key={portKey(p)} value={portKey(p)}>
              {portKey(p)}
            </option>
          ))}
        </select>
      </label>
      <div className="np-builder-pick">
        <GraphPane
          layout={cluster.layout}
          edges={edges}
          focus={source}
          selectedEdge={selection ? edgeId(selection.from, selection.to) : null}
          onFocus={tap}
          onSelectEdge={(from, to) => select({ from, to })}
          tapExternals
          label={`Graph of the scenario on ${label} with your reference solution: solid arrows are allowed, dashed arrows denied, goals labelled. The table lists the same flows and is the keyboard way to pick one.`}
          footer={
            <p className="np-graph-legend">
              <span className="np-legend-allow">allowed</span>
              <span className="np-legend-deny">denied</span>
              <span>click a source, then a destination (or click an arrow)</span>
            </p>
          }
        />
        <TruthTable
          sources={endpoints}
          destinations={endpoints}
          verdicts={solved.verdicts}
          changed={new Set()}
          selection={selection}
          portLabel={label}
          onSelect={select}
        />
      </div>
      <div className="np-workshop-row np-builder-mark" aria-live="polite">
        {selection === null ? (
          <span>
            {source === null
              ? 'Select a flow in the graph or the table, then mark it as a goal.'
              : `From ${source}: now click the destination.`}
          </span>
        ) : (
          <>
            <span>
              {selection.from} → {selection.to}:{label} (
              {solved.verdicts.get(`${selection.from} -> ${selection.to}`) ? 'allowed' : 'denied'} by your
              solution)
            </span>
            <button type="button" className="np-button" onClick={() => mark('allow')}>
              Must allow
            </button>
            <button type="button" className="np-button" onClick={() => mark('deny')}>
              Must deny
            </button>
          </>
        )}
      </div>
      <ul aria-label="Goals" className="np-builder-objects">
        {goals.map((g, index) => {
          const missing = [g.from, g.to].filter((id) => !known.has(id));
          return (
            <li key={`${g.from}-${g.to}-${g.port}-${g.protocol}`}>
              <span>
                {g.expect === 'allow' ? 'Should work' : 'Should not work'}: {g.from} → {g.to}:{g.port}/
                {g.protocol}
              </span>
              {missing.length > 0 && (
                <strong className="np-builder-problem">{missing.join(' and ')} not in the scenario</strong>
              )}
              <button
                type="button"
                className="np-button"
                aria-label={`Remove goal ${g.from} to ${g.to}`}
                onClick={() => onGoals(goals.filter((_, i) => i !== index))}
              >
                Remove
              </button>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
