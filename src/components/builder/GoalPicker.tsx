import type { Goal, PortProtocol } from '../../engine/index.ts';
import TruthTable from '../sandbox/TruthTable.tsx';
import type { Selection } from '../sandbox/state.ts';

interface Props {
  readonly endpoints: readonly string[];
  readonly verdicts: ReadonlyMap<string, boolean>;
  readonly port: PortProtocol;
  readonly ports: readonly PortProtocol[];
  readonly onPort: (port: PortProtocol) => void;
  readonly selection: Selection | null;
  readonly onSelect: (selection: Selection) => void;
  readonly goals: readonly Goal[];
  readonly onGoals: (goals: Goal[]) => void;
}

const portKey = (p: PortProtocol): string => `${p.port}/${p.protocol}`;

/** Pick goals by selecting flows in the truth table (showing the reference solution's verdicts). */
export default function GoalPicker({
  endpoints,
  verdicts,
  port,
  ports,
  onPort,
  selection,
  onSelect,
  goals,
  onGoals,
}: Props) {
  const mark = (expect: 'allow' | 'deny'): void => {
    if (selection === null) return;
    const goal: Goal = {
      from: selection.from,
      to: selection.to,
      port: port.port,
      protocol: port.protocol,
      expect,
    };
    const same = (g: Goal): boolean =>
      g.from === goal.from && g.to === goal.to && g.port === goal.port && g.protocol === goal.protocol;
    onGoals([...goals.filter((g) => !same(g)), goal]);
  };
  const label = portKey(port);
  return (
    <div className="np-builder-goals">
      <label>
        Port{' '}
        <select
          value={label}
          onChange={(event) => onPort(ports.find((p) => portKey(p) === event.target.value) ?? port)}
        >
          {ports.map((p) => (
            <option key={portKey(p)} value={portKey(p)}>
              {portKey(p)}
            </option>
          ))}
        </select>
      </label>
      <TruthTable
        sources={endpoints}
        destinations={endpoints}
        verdicts={verdicts}
        changed={new Set()}
        selection={selection}
        portLabel={label}
        onSelect={onSelect}
      />
      <div className="np-workshop-row" aria-live="polite">
        {selection === null ? (
          <span>Select a cell of the table, then mark it as a goal.</span>
        ) : (
          <>
            <span>
              {selection.from} → {selection.to}:{label} (
              {verdicts.get(`${selection.from} -> ${selection.to}`) ? 'allowed' : 'denied'} by your solution)
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
        {goals.map((g, index) => (
          <li key={`${g.from}-${g.to}-${g.port}-${g.protocol}`}>
            <span>
              {g.expect === 'allow' ? 'Should work' : 'Should not work'}: {g.from} → {g.to}:{g.port}/
              {g.protocol}
            </span>
            <button
              type="button"
              className="np-button"
              aria-label={`Remove goal ${g.from} to ${g.to}`}
              onClick={() => onGoals(goals.filter((_, i) => i !== index))}
            >
              Remove
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
