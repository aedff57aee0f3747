import type { ReactNode } from 'react';
import type { EndpointDetails as Details, Labels } from '../../engine/index.ts';

interface Props {
  readonly level: 2 | 3;
  readonly details: Details | null;
  readonly onClose: () => void;
  /** Edits offered for the selected pod (Isolate this pod). */
  readonly actions?: ReactNode;
}

function LabelList({ labels, name }: { readonly labels: Labels; readonly name: string }) {
  const entries = Object.entries(labels);
  if (entries.length === 0) return <span className="np-muted">no labels</span>;
  return (
    <ul className="np-label-list" aria-label={name}>
      {entries.map(([key, value]) => (
        <li key={key}>
          <code>
            {key}: {value}
          </code>
        </li>
      ))}
    </ul>
  );
}

/** The selected pod or external endpoint: namespace and its labels, labels, container ports, IPs and DNS names. */
export default function EndpointDetails({ level, details, onClose, actions }: Props) {
  if (!details) return null;
  const Heading = level === 2 ? 'h3' : 'h4';
  return (
    <section className="np-details np-panel" aria-label={`Details of ${details.id}`}>
      <div className="np-pane-head">
        <Heading className="np-panel-title">
          {details.kind === 'pod' ? 'Pod' : 'External endpoint'} <code>{details.name}</code>
        </Heading>
        <button type="button" className="np-button" onClick={onClose}>
          Clear selection
        </button>
      </div>
      {actions}
      <dl className="np-details-list">
        {details.namespace && (
          <>
            <dt>Namespace</dt>
            <dd>
              <code>{details.namespace.name}</code>
              <LabelList
                labels={details.namespace.labels}
                name={`Labels of namespace ${details.namespace.name}`}
              />
            </dd>
          </>
        )}
        {details.kind === 'pod' && (
          <>
            <dt>Labels</dt>
            <dd>
              <LabelList labels={details.labels} name={`Labels of ${details.id}`} />
            </dd>
          </>
        )}
        {details.owner && (
          <>
            <dt>Runs in</dt>
            <dd>{details.owner}</dd>
          </>
        )}
        {details.kind === 'pod' && (
          <>
            <dt>Container ports</dt>
            <dd>
              {details.ports.length === 0 ? (
                <span className="np-muted">none declared</span>
              ) : (
                <table className="np-details-ports">
                  <thead>
                    <tr>
                      <th scope="col">Name</th>
                      <th scope="col">Port</th>
                      <th scope="col">Protocol</th>
                    </tr>
                  </thead>
                  <tbody>
                    {details.ports.map((p) => (
                      <tr key={`${p.containerPort}/${p.protocol}`}>
                        <td>{p.name ? <code>{p.name}</code> : <span className="np-muted">—</span>}</td>
                        <td>{p.containerPort}</td>
                        <td>{p.protocol}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </dd>
          </>
        )}
        <dt>IPs</dt>
        <dd>{details.ips.length === 0 ? <span className="np-muted">none</span> : details.ips.join(', ')}</dd>
        <dt>DNS names</dt>
        <dd>
          {details.dnsNames.length === 0 ? (
            <span className="np-muted">none</span>
          ) : (
            details.dnsNames.map((name) => (
              <code key={name} className="np-details-dns">
                {name}
              </code>
            ))
          )}
        </dd>
      </dl>
    </section>
  );
}
