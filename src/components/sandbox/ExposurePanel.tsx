import { useId } from 'react';
import {
  describeExposure,
  describeOpenRule,
  exposureTitle,
  type EndpointId,
  type Exposure,
  type ExposureItem,
} from '../../engine/index.ts';

interface Props {
  readonly level: 2 | 3;
  readonly exposure: Exposure;
  readonly onFocusPod: (pod: EndpointId) => void;
  readonly onHighlight: (range: { from: number; to: number }) => void;
}

const SHOWN = 12;

/** A short count for the item's summary line: `2 pods`, `1 rule`, `9 of 72`. */
function count(item: ExposureItem): string {
  const n = (k: number, what: string): string => `${k} ${what}${k === 1 ? '' : 's'}`;
  switch (item.kind) {
    case 'no-ingress-isolation':
    case 'no-egress-isolation':
    case 'reaches-kube-apiserver':
      return n(item.pods.length, 'pod');
    case 'admits-internet':
    case 'admits-all-namespaces':
      return n(item.rules.length, 'rule');
    case 'allowed-pairs':
      return `${item.allowed} of ${item.total}`;
  }
}

function Behind({
  item,
  onFocusPod,
  onHighlight,
}: Omit<Props, 'level' | 'exposure'> & { item: ExposureItem }) {
  if (item.kind === 'admits-internet' || item.kind === 'admits-all-namespaces')
    return (
      <ul className="np-exposure-behind">
        {item.rules.slice(0, SHOWN).map((rule) => {
          const range = rule.range;
          const text = describeOpenRule(rule);
          return (
            <li key={`${text}`}>
              {range ? (
                <button
                  type="button"
                  className="np-link-button"
                  onClick={() => onHighlight({ from: range.start, to: range.end })}
                >
                  {text}
                </button>
              ) : (
                text
              )}
            </li>
          );
        })}
      </ul>
    );
  if (item.kind === 'allowed-pairs') return null;
  return (
    <ul className="np-exposure-behind np-exposure-pods">
      {item.pods.slice(0, SHOWN).map((pod) => (
        <li key={pod}>
          <button
            type="button"
            className="np-link-button"
            aria-label={`Show pod ${pod}`}
            onClick={() => onFocusPod(pod)}
          >
            {pod}
          </button>
        </li>
      ))}
      {item.pods.length > SHOWN && <li>… and {item.pods.length - SHOWN} more</li>}
    </ul>
  );
}

/** The exposure summary of the whole policy set, each item opening onto the pods or rules behind it. */
export default function ExposurePanel({ level, exposure, onFocusPod, onHighlight }: Props) {
  const Heading = level === 2 ? 'h2' : 'h3';
  const id = useId();
  return (
    <section className="np-exposure" aria-labelledby={id}>
      <Heading className="np-panel-title" id={id}>
        Exposure summary
      </Heading>
      <ul className="np-exposure-items">
        {exposure.items.map((item) => {
          const empty = item.kind === 'allowed-pairs' || count(item).startsWith('0 ');
          const sentence = describeExposure(item, exposure.pods);
          return (
            <li key={item.kind}>
              {empty ? (
                <p className="np-exposure-line" title={sentence}>
                  <span>{exposureTitle(item)}</span> <strong>{count(item)}</strong>
                  <span className="np-visually-hidden">: {sentence}</span>
                </p>
              ) : (
                <details>
                  <summary className="np-exposure-line">
                    <span>{exposureTitle(item)}</span> <strong>{count(item)}</strong>
                  </summary>
                  <p>{sentence}</p>
                  <Behind item={item} onFocusPod={onFocusPod} onHighlight={onHighlight} />
                </details>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
