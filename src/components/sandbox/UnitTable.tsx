import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { Selection } from './state.ts';
import type { UnitInfo, ViewAnswer } from './worker/session.ts';
import { SELF } from './worker/session.ts';

interface Props {
  readonly units: readonly UnitInfo[];
  readonly answer: ViewAnswer | null;
  readonly selection: Selection | null;
  readonly portLabel: string;
  readonly onSelect: (selection: Selection) => void;
  /** The unit indexes in view, rows and columns, as the reader scrolls. */
  readonly onWindow: (rows: readonly number[], cols: readonly number[]) => void;
}

const ROW_HEIGHT = 36;
const COL_WIDTH = 104;
const HEAD_HEIGHT = 60;
const ROW_HEAD = 230;
const WORDS = ['allowed', 'denied', 'some pods'] as const;

/**
 * The truth table of a large cluster: workloads × workloads, only the cells in view are in the page (and
 * asked of the engine). Filter by namespace and name; arrow keys move, Enter shows why.
 */
export default function UnitTable({ units, answer, selection, portLabel, onSelect, onWindow }: Props) {
  const id = useId();
  const [namespace, setNamespace] = useState('');
  const [name, setName] = useState('');
  const [active, setActive] = useState<[number, number]>([0, 0]);
  const scroller = useRef<HTMLDivElement>(null);
  const wantFocus = useRef(false);
  const namespaces = useMemo(
    () => [...new Set(units.map((u) => u.namespace).filter((n) => n !== ''))].sort(),
    [units],
  );
  const shown = useMemo(() => {
    const needle = name.trim().toLowerCase();
    const out: number[] = [];
    units.forEach((u, i) => {
      if (namespace !== '' && u.namespace !== namespace) return;
      if (needle !== '' && !u.id.toLowerCase().includes(needle)) return;
      out.push(i);
    });
    return out;
  }, [units, namespace, name]);

  const rows = useVirtualizer({
    count: shown.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 4,
    scrollPaddingStart: HEAD_HEIGHT,
  });
  const cols = useVirtualizer({
    horizontal: true,
    count: shown.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => COL_WIDTH,
    overscan: 2,
    scrollPaddingStart: ROW_HEAD,
  });
  const vRows = rows.getVirtualItems();
  const vCols = cols.getVirtualItems();
  const rowUnits = vRows.map((v) => shown[v.index] ?? 0);
  const colUnits = vCols.map((v) => shown[v.index] ?? 0);
  const windowKey = `${rowUnits.join(',')}|${colUnits.join(',')}`;
  const windowRef = useRef({ rows: rowUnits, cols: colUnits });
  windowRef.current = { rows: rowUnits, cols: colUnits };
  // The key stands for both lists: asked again only when the window moves.
  useEffect(() => {
    onWindow(windowRef.current.rows, windowRef.current.cols);
  }, [windowKey, onWindow]);

  const codes = useMemo(() => {
    const at = new Map<number, number>();
    if (!answer) return { at, rowAt: new Map<number, number>(), width: 0, cells: new Uint8Array() };
    answer.cols.forEach((c, j) => at.set(c, j));
    return {
      at,
      rowAt: new Map(answer.rows.map((r, i) => [r, i])),
      width: answer.cols.length,
      cells: answer.cells,
    };
  }, [answer]);
  const codeOf = (r: number, c: number): number | undefined => {
    const i = codes.rowAt.get(r);
    const j = codes.at.get(c);
    if (i === undefined || j === undefined) return undefined;
    return codes.cells[i * codes.width + j];
  };

  const [ar, ac] = [Math.min(active[0], shown.length - 1), Math.min(active[1], shown.length - 1)];
  useEffect(() => {
    if (!wantFocus.current) return;
    const cell = scroller.current?.querySelector<HTMLButtonElement>(`[data-cell="${ar}:${ac}"]`);
    if (cell) {
      cell.focus();
      wantFocus.current = false;
    }
  });
  const onKey = (event: KeyboardEvent, r: number, c: number): void => {
    const last = shown.length - 1;
    const to: Record<string, [number, number]> = {
      ArrowUp: [Math.max(0, r - 1), c],
      ArrowDown: [Math.min(last, r + 1), c],
      ArrowLeft: [r, Math.max(0, c - 1)],
      ArrowRight: [r, Math.min(last, c + 1)],
      Home: [r, 0],
      End: [r, last],
    };
    const next = to[event.key];
    if (!next) return;
    event.preventDefault();
    setActive(next);
    rows.scrollToIndex(next[0]);
    cols.scrollToIndex(next[1]);
    wantFocus.current = true;
  };

  const total = units.filter((u) => u.kind !== 'external').length;
  return (
    <div className="np-utable">
      <div className="np-utable-filters">
        <label className="np-field" htmlFor={`${id}-ns`}>
          <span>Namespace</span>
          <select id={`${id}-ns`} value={namespace} onChange={(event) => setNamespace(event.target.value)}>
            <option value="">All namespaces</option>
            {namespaces.map((ns) => (
              <option key={ns} value={ns}>
                {ns}
              </option>
            ))}
          </select>
        </label>
        <label className="np-field" htmlFor={`${id}-name`}>
          <span>Name contains</span>
          <input
            id={`${id}-name`}
            type="search"
            value={name}
            onChange={(event) => setName(event.target.value)}
            spellCheck={false}
          />
        </label>
        <p className="np-muted" role="status">
          {shown.length.toLocaleString('en')} of {units.length.toLocaleString('en')} endpoints (
          {total.toLocaleString('en')} workloads and pods)
        </p>
      </div>
      <div ref={scroller} className="np-utable-scroll" tabIndex={-1}>
        <div
          role="grid"
          aria-label={`Who can open a connection to whom on ${portLabel}. Rows are sources, columns are destinations.`}
          aria-rowcount={shown.length + 1}
          aria-colcount={shown.length + 1}
          className="np-utable-grid"
          style={{ width: ROW_HEAD + cols.getTotalSize(), height: HEAD_HEIGHT + rows.getTotalSize() }}
        >
          <div
            role="row"
            aria-rowindex={1}
            className="np-utable-head"
            style={{ width: ROW_HEAD + cols.getTotalSize() }}
          >
            <div
              role="columnheader"
              aria-colindex={1}
              className="np-utable-corner"
              style={{ width: ROW_HEAD }}
            >
              from ↓ to →
            </div>
            {vCols.map((v) => {
              const u = units[shown[v.index] ?? 0];
              return (
                <div
                  key={v.key}
                  role="columnheader"
                  aria-colindex={v.index + 2}
                  aria-label={u?.id}
                  title={u?.id}
                  className="np-utable-colhead"
                  style={{ left: ROW_HEAD + v.start, width: v.size }}
                >
                  <span className="np-table-ns">{u?.namespace || 'external'}</span>
                  {u?.name}
                </div>
              );
            })}
          </div>
          {vRows.map((vr) => {
            const r = shown[vr.index] ?? 0;
            const from = units[r];
            return (
              <div
                key={vr.key}
                role="row"
                aria-rowindex={vr.index + 2}
                className="np-utable-row"
                style={{
                  top: HEAD_HEIGHT + vr.start,
                  height: vr.size,
                  width: ROW_HEAD + cols.getTotalSize(),
                }}
              >
                <div
                  role="rowheader"
                  aria-colindex={1}
                  className="np-utable-rowhead"
                  title={from?.id}
                  style={{ width: ROW_HEAD }}
                >
                  <span className="np-table-ns">{from?.namespace || 'external'}</span>
                  {from?.name}
                </div>
                {vCols.map((vc) => {
                  const c = shown[vc.index] ?? 0;
                  const to = units[c];
                  const code = codeOf(r, c);
                  const style = { left: ROW_HEAD + vc.start, width: vc.size };
                  if (code === SELF)
                    return (
                      <div
                        key={vc.key}
                        role="gridcell"
                        aria-colindex={vc.index + 2}
                        className="np-utable-cell np-cell-self"
                        style={style}
                      >
                        <span aria-label="same endpoint">–</span>
                      </div>
                    );
                  if (code === undefined)
                    return (
                      <div
                        key={vc.key}
                        role="gridcell"
                        aria-colindex={vc.index + 2}
                        aria-busy="true"
                        className="np-utable-cell"
                        style={style}
                      >
                        <span aria-label="working">…</span>
                      </div>
                    );
                  const word = WORDS[code] ?? 'allowed';
                  const selected =
                    selection !== null && selection.from === from?.id && selection.to === to?.id;
                  const tone = code === 0 ? 'allowed' : code === 1 ? 'denied' : 'mixed';
                  return (
                    <div
                      key={vc.key}
                      role="gridcell"
                      aria-colindex={vc.index + 2}
                      className="np-utable-cell"
                      style={style}
                    >
                      <button
                        type="button"
                        data-cell={`${vr.index}:${vc.index}`}
                        className={`np-cell np-cell-${tone}`}
                        tabIndex={vr.index === ar && vc.index === ac ? 0 : -1}
                        aria-pressed={selected}
                        aria-label={`${from?.id ?? ''} to ${to?.id ?? ''}: ${word}`}
                        onClick={() => {
                          setActive([vr.index, vc.index]);
                          if (from && to) onSelect({ from: from.id, to: to.id });
                        }}
                        onKeyDown={(event) => onKey(event, vr.index, vc.index)}
                      >
                        <span aria-hidden="true">{code === 0 ? '✓' : code === 1 ? '✕' : '◐'}</span> {word}
                      </button>
                    </div>
                  );
                })}
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
