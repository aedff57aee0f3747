import { useState, type SubmitEvent } from 'react';
import {
  EXTERNAL_ENTITIES,
  formatLabelList,
  parseLabelList,
  removeObject,
  renameObject,
  setExternal,
  setLabels,
  type Diagnostic,
  type ExternalEndpoint,
  type ExternalEntity,
  type Namespace,
  type ObjectKey,
  type Pod,
  type Renamed,
} from '../../engine/index.ts';
import { Hidden } from './Hidden.tsx';
import PortList from './PortList.tsx';

/** One object of the scenario as the list shows it. */
export type ScenarioItem = { readonly key: ObjectKey; readonly title: string } & (
  | { readonly kind: 'Namespace'; readonly namespace: Namespace }
  | { readonly kind: 'Pod'; readonly pod: Pod }
  | { readonly kind: 'ExternalEndpoint'; readonly external: ExternalEndpoint }
);

interface Props {
  readonly text: string;
  readonly item: ScenarioItem;
  readonly onChange: (text: string) => void;
  readonly onRename: (renamed: Renamed, to: string) => void;
}

const list = (input: string): string[] =>
  input
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

const messages = (diagnostics: readonly Diagnostic[]): string => diagnostics.map((d) => d.message).join('\n');

/** Forms to rename one object, edit its labels, ports or external spec, or remove it. */
export default function ObjectEditor({ text, item, onChange, onRename }: Props) {
  const [problem, setProblem] = useState('');
  const what = item.title;
  const rename = (value: string): void => {
    const to = value.trim();
    const result = renameObject(text, item.key, to);
    setProblem(result.ok ? '' : messages(result.diagnostics));
    if (result.ok && to !== item.key.name) onRename(result.value, to);
  };
  const labels =
    item.kind === 'ExternalEndpoint'
      ? ''
      : formatLabelList(item.kind === 'Pod' ? item.pod.labels : item.namespace.labels);
  return (
    <div className="np-builder-edit">
      <Field
        key={item.key.name}
        label="Name"
        what={what}
        initial={item.key.name}
        action="Rename"
        onSubmit={rename}
      />
      {item.kind !== 'ExternalEndpoint' && (
        <Field
          key={labels}
          label="Labels"
          what={what}
          initial={labels}
          action="Save labels"
          onSubmit={(value) => {
            const parsed = parseLabelList(value);
            if (parsed.invalid.length > 0)
              return setProblem(
                `Labels are written key=value; could not read: ${parsed.invalid.join(', ')}.`,
              );
            setProblem('');
            onChange(setLabels(text, item.key, parsed.labels));
          }}
        />
      )}
      {item.kind === 'Pod' && (
        <PortList
          text={text}
          pod={{ namespace: item.pod.namespace, name: item.pod.name }}
          ports={item.pod.ports}
          onChange={onChange}
          onProblem={setProblem}
        />
      )}
      {item.kind === 'ExternalEndpoint' && (
        <ExternalForm
          what={what}
          external={item.external}
          onSave={(spec) => {
            const result = setExternal(text, item.key.name, spec);
            setProblem(result.ok ? '' : messages(result.diagnostics));
            if (result.ok) onChange(result.value);
          }}
        />
      )}
      <button type="button" className="np-button" onClick={() => onChange(removeObject(text, item.key))}>
        Remove
        <Hidden> {what}</Hidden>
      </button>
      {problem !== '' && (
        <p role="alert" className="np-builder-problem">
          {problem}
        </p>
      )}
    </div>
  );
}

/** One text field with its own submit button (Enter submits too). */
function Field({
  label,
  what,
  initial,
  action,
  onSubmit,
}: {
  readonly label: string;
  readonly what: string;
  readonly initial: string;
  readonly action: string;
  readonly onSubmit: (value: string) => void;
}) {
  const [value, setValue] = useState(initial);
  const submit = (event: SubmitEvent): void => {
    event.preventDefault();
    onSubmit(value);
  };
  return (
    <form className="np-builder-field" onSubmit={submit}>
      <label>
        {label}
        <Hidden> of {what}</Hidden>
        <input type="text" value={value} onChange={(event) => setValue(event.target.value)} />
      </label>
      <button type="submit" className="np-button">
        {action}
        <Hidden> {what}</Hidden>
      </button>
    </form>
  );
}

function ExternalForm({
  what,
  external,
  onSave,
}: {
  readonly what: string;
  readonly external: ExternalEndpoint;
  readonly onSave: (spec: { ips: string[]; dnsNames: string[]; entity: ExternalEntity }) => void;
}) {
  const [draft, setDraft] = useState({
    ips: external.ips.join(', '),
    dns: external.dnsNames.join(', '),
    entity: external.entity,
  });
  const submit = (event: SubmitEvent): void => {
    event.preventDefault();
    onSave({ ips: list(draft.ips), dnsNames: list(draft.dns), entity: draft.entity });
  };
  return (
    <form className="np-builder-field np-builder-external" onSubmit={submit}>
      <label>
        IP addresses<Hidden> of {what}</Hidden>
        <input type="text" value={draft.ips} onChange={(e) => setDraft({ ...draft, ips: e.target.value })} />
      </label>
      <label>
        DNS names<Hidden> of {what}</Hidden>
        <input type="text" value={draft.dns} onChange={(e) => setDraft({ ...draft, dns: e.target.value })} />
      </label>
      <label>
        Entity<Hidden> of {what}</Hidden>
        <select
          value={draft.entity}
          onChange={(e) => setDraft({ ...draft, entity: e.target.value as ExternalEntity })}
        >
          {EXTERNAL_ENTITIES.map((entity) => (
            <option key={entity}>{entity}</option>
          ))}
        </select>
      </label>
      <button type="submit" className="np-button">
        Save<Hidden> {what}</Hidden>
      </button>
    </form>
  );
}
