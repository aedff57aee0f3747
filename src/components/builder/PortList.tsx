import { useState, type SubmitEvent } from 'react';
import {
  editPodPorts,
  PROTOCOLS,
  type ContainerPort,
  type PortEdit,
  type Protocol,
} from '../../engine/index.ts';
import { Hidden } from './Hidden.tsx';

interface Props {
  readonly text: string;
  readonly pod: { readonly namespace: string; readonly name: string };
  readonly ports: readonly ContainerPort[];
  readonly onChange: (text: string) => void;
  readonly onProblem: (problem: string) => void;
}

interface Draft {
  readonly name: string;
  readonly number: string;
  readonly protocol: Protocol;
}

const EMPTY: Draft = { name: '', number: '', protocol: 'TCP' };

/** A pod's container ports as editable rows (name, number, protocol), and a row to add one. */
export default function PortList({ text, pod, ports, onChange, onProblem }: Props) {
  const of = `pod ${pod.namespace}/${pod.name}`;
  const apply = (edit: PortEdit): boolean => {
    const result = editPodPorts(text, pod, edit);
    onProblem(result.ok ? '' : result.diagnostics.map((d) => d.message).join('\n'));
    if (result.ok) onChange(result.value);
    return result.ok;
  };
  return (
    <div className="np-builder-ports" role="group" aria-label={`Ports of ${of}`}>
      <div className="np-builder-port np-builder-port-head" aria-hidden="true">
        <span>Port name</span>
        <span>Number</span>
        <span>Protocol</span>
      </div>
      {ports.map((p, index) => (
        <PortRow
          key={`${index}:${p.name ?? ''}:${p.containerPort}/${p.protocol}`}
          what={`port ${index + 1} of ${of}`}
          initial={{ name: p.name ?? '', number: String(p.containerPort), protocol: p.protocol }}
          onSave={(port) => apply({ op: 'set', index, port })}
          onRemove={() => apply({ op: 'remove', index })}
        />
      ))}
      <PortRow
        key={`new:${ports.length}`}
        what={`new port of ${of}`}
        initial={EMPTY}
        onSave={(port) => apply({ op: 'add', port })}
      />
    </div>
  );
}

function PortRow({
  what,
  initial,
  onSave,
  onRemove,
}: {
  readonly what: string;
  readonly initial: Draft;
  readonly onSave: (port: { name?: string; containerPort: number; protocol: Protocol }) => boolean;
  readonly onRemove?: () => void;
}) {
  const [draft, setDraft] = useState(initial);
  const submit = (event: SubmitEvent): void => {
    event.preventDefault();
    const name = draft.name.trim();
    // An empty or non-numeric field reaches the engine as NaN and comes back as a range error.
    const saved = onSave({
      ...(name === '' ? {} : { name }),
      containerPort: draft.number.trim() === '' ? NaN : Number(draft.number),
      protocol: draft.protocol,
    });
    if (saved && !onRemove) setDraft(EMPTY);
  };
  return (
    <form className="np-builder-port" onSubmit={submit}>
      <input
        type="text"
        aria-label={`Name of ${what}`}
        placeholder="(none)"
        value={draft.name}
        onChange={(event) => setDraft({ ...draft, name: event.target.value })}
      />
      <input
        type="text"
        inputMode="numeric"
        aria-label={`Number of ${what}`}
        value={draft.number}
        onChange={(event) => setDraft({ ...draft, number: event.target.value })}
      />
      <select
        aria-label={`Protocol of ${what}`}
        value={draft.protocol}
        onChange={(event) => setDraft({ ...draft, protocol: event.target.value as Protocol })}
      >
        {PROTOCOLS.map((p) => (
          <option key={p}>{p}</option>
        ))}
      </select>
      <span className="np-builder-port-actions">
        <button type="submit" className="np-button">
          {onRemove ? 'Save' : 'Add'}
          <Hidden> {what}</Hidden>
        </button>
        {onRemove && (
          <button type="button" className="np-button" onClick={onRemove}>
            Remove
            <Hidden> {what}</Hidden>
          </button>
        )}
      </span>
    </form>
  );
}
