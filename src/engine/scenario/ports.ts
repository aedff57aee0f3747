import { isMap, isSeq, type Document } from 'yaml';
import { DiagnosticSink } from '../model/diagnostic.ts';
import { PROTOCOLS, type Protocol, type Result } from '../model/types.ts';
import { formatPath, type FieldPath } from '../model/source.ts';
import { checkPortName } from '../validate/k8s-names.ts';
import { closeScenario, failure, matchesKey, notFound, openScenario } from './documents.ts';

/** A container port as the builder edits it. */
export interface PortInput {
  readonly name?: string;
  readonly containerPort: number;
  readonly protocol: Protocol;
}

/** One change to a pod's container ports; `index` counts ports across containers, in file order. */
export type PortEdit =
  | { readonly op: 'add'; readonly port: PortInput }
  | { readonly op: 'set'; readonly index: number; readonly port: PortInput }
  | { readonly op: 'remove'; readonly index: number };

/** Where one port sits: container index, index in that container's list, and its values. */
interface Slot {
  readonly container: number;
  readonly port: number;
  readonly value: { readonly name?: string; readonly containerPort: number; readonly protocol?: Protocol };
}

const IMAGE = 'registry.k8s.io/e2e-test-images/agnhost:2.53';

function slotsOf(doc: Document): Slot[] {
  const pod = doc.toJS({ maxAliasCount: 0 }) as {
    spec?: { containers?: { ports?: Slot['value'][] }[] };
  };
  return (pod.spec?.containers ?? []).flatMap((c, container) =>
    (c.ports ?? []).map((value, port) => ({ container, port, value })),
  );
}

// Container ports: name an IANA service name unique in the pod, number 1-65535, protocol TCP/UDP/SCTP.
// https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/#ports
function checkPort(port: PortInput, at: FieldPath, others: readonly Slot[]): DiagnosticSink {
  const sink = new DiagnosticSink();
  const where = (field: string): FieldPath => [...at, field];
  if (port.name !== undefined) {
    for (const error of checkPortName(port.name)) sink.invalid(where('name'), port.name, error);
    if (others.some((o) => o.value.name === port.name))
      sink.add('duplicate-value', where('name'), `${formatPath(at)}.name: Duplicate value: "${port.name}"`);
  }
  if (!Number.isInteger(port.containerPort) || port.containerPort < 1 || port.containerPort > 65535)
    sink.invalid(where('containerPort'), port.containerPort, 'must be between 1 and 65535, inclusive');
  if (!PROTOCOLS.includes(port.protocol)) sink.unsupported(where('protocol'), port.protocol, PROTOCOLS);
  const same = others.find(
    (o) => o.value.containerPort === port.containerPort && (o.value.protocol ?? 'TCP') === port.protocol,
  );
  if (same && !sink.hasErrors)
    sink.add(
      'duplicate-value',
      where('containerPort'),
      `${formatPath(at)}.containerPort: Duplicate value: ${port.containerPort}/${port.protocol}: the pod already serves it`,
    );
  return sink;
}

/** Returns the port as written in a manifest (no `name` key for an unnamed port). */
function plain(port: PortInput): Slot['value'] {
  return {
    ...(port.name === undefined ? {} : { name: port.name }),
    containerPort: port.containerPort,
    protocol: port.protocol,
  };
}

/** Writes `port` as a YAML map, in flow style when its neighbours use it. */
function portNode(doc: Document, port: PortInput, flow: boolean): unknown {
  const node = doc.createNode(plain(port));
  node.flow = flow;
  return node;
}

function addPort(doc: Document, podName: string, port: PortInput): void {
  const ports = doc.getIn(['spec', 'containers', 0, 'ports'], true);
  if (isSeq(ports))
    ports.add(
      portNode(
        doc,
        port,
        ports.items.some((p) => isMap(p) && p.flow === true),
      ),
    );
  else if (isSeq(doc.getIn(['spec', 'containers'], true)) && doc.hasIn(['spec', 'containers', 0]))
    doc.setIn(['spec', 'containers', 0, 'ports'], doc.createNode([portNode(doc, port, false)]));
  else
    doc.setIn(
      ['spec', 'containers'],
      doc.createNode([{ name: podName, image: IMAGE, ports: [plain(port)] }]),
    );
}

/** Returns the scenario with one container port of a pod added, changed or removed, or why it cannot be. */
export function editPodPorts(
  text: string,
  pod: { readonly namespace: string; readonly name: string },
  edit: PortEdit,
): Result<string> {
  const opened = openScenario(text);
  if (!opened.ok) return opened;
  const key = { kind: 'Pod' as const, ...pod };
  const doc = opened.value.docs.find((d) => matchesKey(d, key));
  if (!doc) return notFound(key);
  const slots = slotsOf(doc);
  if (edit.op === 'add') {
    const first = slots.filter((s) => s.container === 0).length;
    const sink = checkPort(edit.port, ['spec', 'containers', 0, 'ports', first], slots);
    if (sink.hasErrors) return { ok: false, diagnostics: sink.diagnostics };
    addPort(doc, pod.name, edit.port);
    return closeScenario(opened.value.docs);
  }
  const slot = slots[edit.index];
  if (!slot)
    return failure(
      'scenario/not-found',
      'spec.containers',
      `pod ${pod.namespace}/${pod.name} has no port ${edit.index + 1}`,
    );
  const path = ['spec', 'containers', slot.container, 'ports', slot.port];
  if (edit.op === 'remove') {
    doc.deleteIn(path);
    if (slots.filter((s) => s.container === slot.container).length === 1)
      doc.deleteIn(['spec', 'containers', slot.container, 'ports']);
    return closeScenario(opened.value.docs);
  }
  const sink = checkPort(
    edit.port,
    path,
    slots.filter((s) => s !== slot),
  );
  if (sink.hasErrors) return { ok: false, diagnostics: sink.diagnostics };
  const old = doc.getIn(path, true);
  doc.setIn(path, portNode(doc, edit.port, isMap(old) && old.flow === true));
  return closeScenario(opened.value.docs);
}
