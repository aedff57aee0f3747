import { useId } from 'react';
import type { ObservedOverlay } from './observed-edges.ts';

interface Props {
  readonly overlay: ObservedOverlay | null;
  readonly shown: boolean;
  readonly onShow: (shown: boolean) => void;
  readonly ready: boolean;
}

const plural = (n: number, word: string): string => `${n.toLocaleString('en')} ${word}${n === 1 ? '' : 's'}`;

/**
 * Above the graph or table once a flow log is loaded: "Show observed traffic", a line saying what the
 * graph draws of it, and the observed pairs as a list (the same as the arrows, as text).
 */
export default function ObservedTraffic({ overlay, shown, onShow, ready }: Props) {
  const id = useId();
  const pairs = overlay?.pairs ?? [];
  const deniedPairs = pairs.filter((p) => p.denied);
  const withinDenied = overlay?.within.filter((w) => w.denied) ?? [];
  const summary = overlay
    ? [
        `${plural(overlay.connections, 'observed connection')}, ${overlay.denied.toLocaleString('en')} denied by the current policies`,
        `${plural(pairs.length, 'pair')} drawn with a violet halo and the count`,
        ...(overlay.within.length > 0
          ? [
              `${plural(overlay.within.length, 'connection')} between pods of one workload drawn as one box${withinDenied.length > 0 ? ` (${withinDenied.length.toLocaleString('en')} denied)` : ''}`,
            ]
          : []),
        ...(overlay.offGraph > 0
          ? [`${plural(overlay.offGraph, 'connection')} to endpoints not on the graph`]
          : []),
      ].join('; ')
    : '';
  const flagged = [
    ...deniedPairs.map((p) => `${p.from} → ${p.to}`),
    ...withinDenied.map((w) => `${w.unit} (between two of its pods)`),
  ];
  return (
    <div className="np-observed" role="group" aria-label="Observed traffic">
      <label className="np-check" htmlFor={`${id}-show`}>
        <input
          id={`${id}-show`}
          type="checkbox"
          checked={shown}
          disabled={!ready}
          onChange={(event) => onShow(event.target.checked)}
        />
        Show observed traffic
      </label>
      {shown && overlay && (
        <>
          <p className="np-muted np-observed-summary" role="status">
            {summary}.
          </p>
          {flagged.length > 0 && (
            <p className="np-notice np-notice-error">Observed but denied: {flagged.join(', ')}.</p>
          )}
          <details>
            <summary>Observed traffic on the graph ({pairs.length.toLocaleString('en')})</summary>
            <ul className="np-traffic-list" aria-label="Observed traffic on the graph">
              {pairs.map((p) => (
                <li key={p.id} className="np-traffic-item">
                  <span className={p.denied ? 'np-badge np-badge-bad' : 'np-badge np-badge-ok'}>
                    {p.denied ? 'denied' : 'allowed'}
                  </span>{' '}
                  {p.from} → {p.to}: <span className="np-muted">{p.ports}</span>
                </li>
              ))}
              {overlay.within.map((w) => (
                <li key={w.key} className="np-traffic-item">
                  <span className={w.denied ? 'np-badge np-badge-bad' : 'np-badge np-badge-ok'}>
                    {w.denied ? 'denied' : 'allowed'}
                  </span>{' '}
                  {w.unit} between two of its pods: <span className="np-muted">{w.port}</span>
                </li>
              ))}
            </ul>
          </details>
        </>
      )}
    </div>
  );
}
