import { useState } from 'react';
import { formatLabelList, type Cluster, type ObjectKey, type Renamed } from '../../engine/index.ts';
import ObjectEditor, { type ScenarioItem } from './ObjectEditor.tsx';

interface Props {
  readonly text: string;
  readonly cluster: Cluster;
  readonly onChange: (text: string) => void;
  readonly onRename: (renamed: Renamed, key: ObjectKey, to: string) => void;
}

/** Returns how the list names an object, e.g. `pod shop/web`. */
function titleOf(key: ObjectKey): string {
  switch (key.kind) {
    case 'Namespace':
      return `namespace ${key.name}`;
    case 'Pod':
      return `pod ${key.namespace ?? 'default'}/${key.name}`;
    case 'ExternalEndpoint':
      return `external ${key.name}`;
  }
}

function itemsOf(cluster: Cluster): ScenarioItem[] {
  return [
    ...cluster.namespaces.map((ns) => ({
      kind: 'Namespace' as const,
      key: { kind: 'Namespace' as const, name: ns.name },
      title: titleOf({ kind: 'Namespace', name: ns.name }),
      namespace: ns,
    })),
    ...cluster.pods.map((pod) => ({
      kind: 'Pod' as const,
      key: { kind: 'Pod' as const, name: pod.name, namespace: pod.namespace },
      title: titleOf({ kind: 'Pod', name: pod.name, namespace: pod.namespace }),
      pod,
    })),
    ...cluster.externals.map((external) => ({
      kind: 'ExternalEndpoint' as const,
      key: { kind: 'ExternalEndpoint' as const, name: external.name },
      title: titleOf({ kind: 'ExternalEndpoint', name: external.name }),
      external,
    })),
  ];
}

function summaryOf(item: ScenarioItem): string {
  switch (item.kind) {
    case 'Namespace':
      return formatLabelList(item.namespace.labels);
    case 'Pod':
      return [
        formatLabelList(item.pod.labels),
        item.pod.ports.map((p) => `${p.name ? `${p.name} ` : ''}${p.containerPort}/${p.protocol}`).join(', '),
      ]
        .filter(Boolean)
        .join(' · ');
    case 'ExternalEndpoint':
      return [...item.external.ips, ...item.external.dnsNames, item.external.entity].join(', ');
  }
}

/** The scenario's objects, one open at a time for editing; a rename keeps the renamed object open. */
export default function ObjectList({ text, cluster, onChange, onRename }: Props) {
  const [open, setOpen] = useState<string | null>(null);
  return (
    <>
      <p className="np-builder-hint" id="np-builder-objects-hint">
        Open a namespace, pod or external endpoint to rename it or edit its labels, ports and addresses.
      </p>
      <ul
        className="np-builder-list"
        aria-label="Scenario objects"
        aria-describedby="np-builder-objects-hint"
      >
        {itemsOf(cluster).map((item) => (
          <li key={item.title}>
            <button
              type="button"
              className="np-builder-toggle"
              aria-expanded={open === item.title}
              onClick={() => setOpen(open === item.title ? null : item.title)}
            >
              <span aria-hidden="true">{open === item.title ? '▾' : '▸'}</span> {item.title}
            </button>
            <span className="np-builder-summary">{summaryOf(item)}</span>
            {open === item.title && (
              <ObjectEditor
                text={text}
                item={item}
                onChange={onChange}
                onRename={(renamed, to) => {
                  setOpen(titleOf({ ...item.key, name: to }));
                  onRename(renamed, item.key, to);
                }}
              />
            )}
          </li>
        ))}
      </ul>
    </>
  );
}
