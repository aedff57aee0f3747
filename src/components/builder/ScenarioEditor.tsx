import { useId, useState } from 'react';
import {
  addObject,
  EXTERNAL_ENTITIES,
  parseLabelList,
  type Cluster,
  type ExternalEntity,
  type ObjectKey,
  PROTOCOLS,
  type Protocol,
  type Renamed,
} from '../../engine/index.ts';
import EditorPane from '../sandbox/EditorPane.tsx';
import type { EditorDiagnostic } from '../sandbox/PolicyEditor.tsx';
import type { CompletionData } from '../sandbox/editor-support.ts';
import ObjectList from './ObjectList.tsx';

interface Props {
  readonly text: string;
  readonly onChange: (text: string) => void;
  /** A namespace, pod or external endpoint was renamed (goals and policies may follow). */
  readonly onRename: (renamed: Renamed, key: ObjectKey, to: string) => void;
  readonly cluster: Cluster | null;
  readonly diagnostics: readonly EditorDiagnostic[];
  readonly completion: CompletionData;
}

const PORT_ENTRY = new RegExp(`^(?:([a-z0-9-]+)=)?(\\d{1,5})(?:/(${PROTOCOLS.join('|')}))?$`, 'i');

/** Reads `80/TCP, 53/UDP, http=8080/TCP` as container ports. */
function parsePorts(input: string): { name?: string; containerPort: number; protocol: Protocol }[] {
  return input
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '')
    .flatMap((part) => {
      const match = PORT_ENTRY.exec(part);
      if (!match) return [];
      const port = Number(match[2]);
      if (port < 1 || port > 65535) return [];
      return [
        {
          ...(match[1] ? { name: match[1].toLowerCase() } : {}),
          containerPort: port,
          protocol: (match[3]?.toUpperCase() ?? 'TCP') as Protocol,
        },
      ];
    });
}

/** The scenario as YAML and as a list with quick edits; both change the same text. */
export default function ScenarioEditor({
  text,
  onChange,
  onRename,
  cluster,
  diagnostics,
  completion,
}: Props) {
  const [kind, setKind] = useState<'Namespace' | 'Pod' | 'ExternalEndpoint'>('Pod');
  const [form, setForm] = useState({
    name: '',
    namespace: 'default',
    labels: '',
    ports: '',
    ips: '',
    dns: '',
    entity: 'world' as ExternalEntity,
  });
  const [problem, setProblem] = useState('');
  const id = useId();
  const set = (key: keyof typeof form) => (event: { target: { value: string } }) =>
    setForm({ ...form, [key]: event.target.value });

  const add = (): void => {
    const name = form.name.trim();
    const { labels, invalid } = parseLabelList(form.labels);
    if (!/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(name))
      return setProblem(
        'The name must be lower-case letters, digits, "-" or ".", starting and ending with a letter or digit.',
      );
    if (invalid.length > 0)
      return setProblem(`Labels are written key=value; could not read: ${invalid.join(', ')}.`);
    setProblem('');
    if (kind === 'Namespace') onChange(addObject(text, { kind, name, labels }));
    else if (kind === 'Pod')
      onChange(
        addObject(text, {
          kind,
          name,
          namespace: form.namespace.trim() || 'default',
          labels,
          ports: parsePorts(form.ports),
        }),
      );
    else
      onChange(
        addObject(text, {
          kind,
          name,
          ips: form.ips
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean),
          dnsNames: form.dns
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean),
          entity: form.entity,
        }),
      );
    setForm({ ...form, name: '' });
  };

  return (
    <div className="np-builder-scenario">
      <EditorPane
        value={text}
        onChange={onChange}
        diagnostics={diagnostics}
        completionData={completion}
        highlight={null}
        label="Scenario YAML"
      />
      <div className="np-builder-side">
        <fieldset className="np-builder-add">
          <legend>Add to the scenario</legend>
          <label htmlFor={`${id}-kind`}>Kind</label>
          <select
            id={`${id}-kind`}
            value={kind}
            onChange={(event) => setKind(event.target.value as typeof kind)}
          >
            <option value="Pod">Pod</option>
            <option value="Namespace">Namespace</option>
            <option value="ExternalEndpoint">External endpoint</option>
          </select>
          <label htmlFor={`${id}-name`}>Name</label>
          <input id={`${id}-name`} type="text" value={form.name} onChange={set('name')} />
          {kind === 'Pod' && (
            <>
              <label htmlFor={`${id}-ns`}>Namespace</label>
              <input
                id={`${id}-ns`}
                type="text"
                value={form.namespace}
                onChange={set('namespace')}
                list={`${id}-namespaces`}
              />
              <datalist id={`${id}-namespaces`}>
                {cluster?.namespaces.map((ns) => (
                  <option key={ns.name} value={ns.name} />
                ))}
              </datalist>
              <label htmlFor={`${id}-ports`}>Ports (e.g. http=8080/TCP, 53/UDP)</label>
              <input id={`${id}-ports`} type="text" value={form.ports} onChange={set('ports')} />
            </>
          )}
          {kind !== 'ExternalEndpoint' ? (
            <>
              <label htmlFor={`${id}-labels`}>Labels (key=value, …)</label>
              <input id={`${id}-labels`} type="text" value={form.labels} onChange={set('labels')} />
            </>
          ) : (
            <>
              <label htmlFor={`${id}-ips`}>IP addresses (comma-separated)</label>
              <input id={`${id}-ips`} type="text" value={form.ips} onChange={set('ips')} />
              <label htmlFor={`${id}-dns`}>DNS names (optional)</label>
              <input id={`${id}-dns`} type="text" value={form.dns} onChange={set('dns')} />
              <label htmlFor={`${id}-entity`}>Entity</label>
              <select id={`${id}-entity`} value={form.entity} onChange={set('entity')}>
                {EXTERNAL_ENTITIES.map((e) => (
                  <option key={e} value={e}>
                    {e}
                  </option>
                ))}
              </select>
            </>
          )}
          <button type="button" className="np-button" onClick={add}>
            Add {kind === 'ExternalEndpoint' ? 'external endpoint' : kind.toLowerCase()}
          </button>
          {problem !== '' && <p role="alert">{problem}</p>}
        </fieldset>
        {cluster && <ObjectList text={text} cluster={cluster} onChange={onChange} onRename={onRename} />}
      </div>
    </div>
  );
}
