import { useRef, useState, type KeyboardEvent } from 'react';
import type { Selection } from './state.ts';

interface Props {
  readonly sources: readonly string[];
  readonly destinations: readonly string[];
  /** `from -> to` → allowed; missing pairs are not evaluated (a pod to itself). */
  readonly verdicts: ReadonlyMap<string, boolean>;
  /** Allowed pairs whose requests HTTP rules filter (Cilium L7). */
  readonly filtered?: ReadonlySet<string>;
  readonly changed: ReadonlySet<string>;
  readonly selection: Selection | null;
  readonly portLabel: string;
  readonly onSelect: (selection: Selection) => void;
}

function short(id: string): { ns: string; name: string } {
  const slash = id.indexOf('/');
  return slash === -1 ? { ns: 'external', name: id } : { ns: id.slice(0, slash), name: id.slice(slash + 1) };
}

/**
 * A header's endpoint: the namespace over the name on screen, and the id `namespace/pod` to a screen reader
 * (the two lines alone read as two words, "x a").
 */
function EndpointName({ id }: { readonly id: string }) {
  const { ns, name } = short(id);
  return (
    <>
      <span aria-hidden="true">
        <span className="np-table-ns">{ns}</span>
        {name}
      </span>
      <span className="np-visually-hidden">{id}</span>
    </>
  );
}

/** Sources × destinations for one port: `allowed` / `denied`, arrow keys move, Enter shows why. */
export default function TruthTable({
  sources,
  destinations,
  verdicts,
  filtered,
  changed,
  selection,
  portLabel,
  onSelect,
}: Props) {
  const [active, setActive] = useState<[number, number]>([0, 0]);
  const table = useRef<HTMLTableElement>(null);

  const has = (r: number, c: number): boolean => {
    const from = sources[r];
    const to = destinations[c];
    return from !== undefined && to !== undefined && verdicts.has(`${from} -> ${to}`);
  };
  // The roving tab stop: the last active cell, or the first cell that has a verdict.
  const stop = has(active[0], active[1]) ? active : firstCell(sources.length, destinations.length, has);

  const move = (row: number, col: number, dr: number, dc: number): void => {
    let r = row;
    let c = col;
    // Step over the "same endpoint" cells, which have nothing to select.
    while (r >= 0 && c >= 0 && r < sources.length && c < destinations.length && !has(r, c)) {
      r += dr;
      c += dc;
    }
    if (!has(r, c)) return;
    setActive([r, c]);
    table.current?.querySelector<HTMLButtonElement>(`[data-cell="${r}:${c}"]`)?.focus();
  };

  const onKey = (event: KeyboardEvent, row: number, col: number): void => {
    const steps: Record<string, [number, number, number, number]> = {
      ArrowUp: [row - 1, col, -1, 0],
      ArrowDown: [row + 1, col, 1, 0],
      ArrowLeft: [row, col - 1, 0, -1],
      ArrowRight: [row, col + 1, 0, 1],
      Home: [row, 0, 0, 1],
      End: [row, destinations.length - 1, 0, -1],
    };
    const step = steps[event.key];
    if (!step) return;
    event.preventDefault();
    move(...step);
  };

  return (
    <div className="np-table-wrap">
      <table ref={table} className="np-table">
        <caption className="np-visually-hidden">
          Who can open a connection to whom on {portLabel}. Rows are sources, columns are destinations.
        </caption>
        <thead>
          <tr>
            <th scope="col" className="np-table-corner">
              <span aria-hidden="true">from ↓ to →</span>
              <span className="np-visually-hidden">source</span>
            </th>
            {destinations.map((id) => (
              <th key={id} scope="col" title={id}>
                <EndpointName id={id} />
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {sources.map((from, row) => (
            <tr key={from}>
              <th scope="row" title={from}>
                <EndpointName id={from} />
              </th>
              {destinations.map((to, col) => {
                const key = `${from} -> ${to}`;
                const allowed = verdicts.get(key);
                if (allowed === undefined) {
                  // No verdict: the same endpoint, or (on all ports) a destination that serves no port.
                  return (
                    <td key={to} className="np-cell-self">
                      <span aria-label={from === to ? 'same endpoint' : `${to} serves no port`}>–</span>
                    </td>
                  );
                }
                const selected = selection?.from === from && selection.to === to;
                const word = allowed ? 'allowed' : 'denied';
                const l7 = allowed && (filtered?.has(key) ?? false);
                return (
                  <td key={to} className={changed.has(key) ? 'np-cell-changed' : undefined}>
                    <button
                      type="button"
                      data-cell={`${row}:${col}`}
                      className={`np-cell np-cell-${word}${l7 ? ' np-cell-filtered' : ''}`}
                      tabIndex={stop[0] === row && stop[1] === col ? 0 : -1}
                      aria-pressed={selected}
                      aria-label={`${from} to ${to}: ${word}${l7 ? ', HTTP rules filter each request' : ''}`}
                      onClick={() => {
                        setActive([row, col]);
                        onSelect({ from, to });
                      }}
                      onKeyDown={(event) => onKey(event, row, col)}
                    >
                      <span aria-hidden="true">{allowed ? '✓' : '✕'}</span> {word}
                      {l7 && (
                        <span className="np-cell-l7" aria-hidden="true">
                          HTTP
                        </span>
                      )}
                    </button>
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function firstCell(rows: number, cols: number, has: (r: number, c: number) => boolean): [number, number] {
  for (let r = 0; r < rows; r += 1) for (let c = 0; c < cols; c += 1) if (has(r, c)) return [r, c];
  return [0, 0];
}
