import type { ContainerPort, Pod, Workload, WorkloadKind, WorkloadRef } from '../model/types.ts';
import { WORKLOAD_KINDS } from '../model/types.ts';
import type { RawMeta, RawPodSpec, RawTemplate, RawWorkload } from './cluster-raw.ts';

/**
 * Workloads as endpoints. A workload is one endpoint class: its pod template's labels, namespace, container
 * ports and service account. Pods it runs (found through `ownerReferences`, or the names and hash labels
 * controllers give them) fold into it in views; a workload with no pod listed (manifests from a repository)
 * stands in by its template, a pod without addresses. A Deployment's ReplicaSet and a CronJob's Job fold
 * into their owner, so each app is one workload however much of its machinery a dump lists.
 */

/** Returns whether `apiVersion` + `kind` is a workload the engine reads. */
export function workloadKindOf(apiVersion: string, kind: string): WorkloadKind | undefined {
  return Object.hasOwn(WORKLOAD_KINDS, kind) && WORKLOAD_KINDS[kind as WorkloadKind] === apiVersion
    ? (kind as WorkloadKind)
    : undefined;
}

/** Returns the container ports of a pod spec. */
export function containerPorts(spec: RawPodSpec | null | undefined): ContainerPort[] {
  const ports: ContainerPort[] = [];
  for (const container of spec?.containers ?? []) {
    for (const p of container.ports ?? [])
      ports.push({
        ...(p.name ? { name: p.name } : {}),
        containerPort: p.containerPort,
        protocol: p.protocol ?? 'TCP',
      });
  }
  return ports;
}

/** Returns a pod spec's service account (`serviceAccount` is its deprecated spelling), if named. */
export function serviceAccountOf(spec: RawPodSpec | null | undefined): string | undefined {
  const name = spec?.serviceAccountName ?? spec?.serviceAccount;
  return name === undefined || name === '' ? undefined : name;
}

function controllerOf(meta: RawMeta): { kind: string; name: string } | undefined {
  const refs = meta.ownerReferences ?? [];
  const ref = refs.find((r) => r.controller === true) ?? refs[0];
  return ref?.kind && ref.name ? { kind: ref.kind, name: ref.name } : undefined;
}

/** Returns the model of a workload object (already validated by its field spec). */
export function toWorkload(raw: RawWorkload, kind: WorkloadKind): Workload {
  const template: RawTemplate | null | undefined =
    kind === 'CronJob' ? raw.spec?.jobTemplate?.spec?.template : raw.spec?.template;
  const owner = controllerOf(raw.metadata);
  const serviceAccount = serviceAccountOf(template?.spec);
  return {
    kind,
    namespace: raw.metadata.namespace ?? 'default',
    name: raw.metadata.name,
    labels: template?.metadata?.labels ?? {},
    ports: containerPorts(template?.spec),
    ...(serviceAccount !== undefined ? { serviceAccount } : {}),
    ...(owner && Object.hasOwn(WORKLOAD_KINDS, owner.kind)
      ? { owner: { kind: owner.kind as WorkloadKind, name: owner.name } }
      : {}),
  };
}

/** Looks workloads up by namespace, kind and name. */
class WorkloadIndex {
  private readonly byKey = new Map<string, Workload>();

  constructor(workloads: readonly Workload[]) {
    for (const w of workloads) this.byKey.set(`${w.namespace}/${w.kind}/${w.name}`, w);
  }

  get(namespace: string, kind: string, name: string): Workload | undefined {
    return this.byKey.get(`${namespace}/${kind}/${name}`);
  }

  /** The top of a workload's owner chain among the listed workloads (a ReplicaSet's Deployment, a Job's CronJob). */
  top(w: Workload): Workload {
    let current = w;
    for (let hops = 0; hops < 4 && current.owner; hops++) {
      const up = this.get(current.namespace, current.owner.kind, current.owner.name);
      if (!up) break;
      current = up;
    }
    return current;
  }
}

// Names controllers give what they create: a ReplicaSet `<deployment>-<pod-template-hash>`, a Job
// `<cronjob>-<scheduled time in minutes>`. https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#pod-template-hash-label
function impliedOwner(
  index: WorkloadIndex,
  namespace: string,
  kind: string,
  name: string,
  hash?: string,
): Workload | undefined {
  if (kind === 'ReplicaSet' && hash && name.endsWith(`-${hash}`))
    return index.get(namespace, 'Deployment', name.slice(0, -hash.length - 1));
  if (kind === 'Job') {
    const cron = /^(.+)-\d+$/.exec(name)?.[1];
    return cron === undefined ? undefined : index.get(namespace, 'CronJob', cron);
  }
  return undefined;
}

/** Returns the listed workload a pod belongs to, if any. */
function podOwner(index: WorkloadIndex, pod: Pod, meta: RawMeta): Workload | undefined {
  const ref = controllerOf(meta);
  const hash = pod.labels['pod-template-hash'];
  if (ref) {
    const direct = index.get(pod.namespace, ref.kind, ref.name);
    if (direct) return index.top(direct);
    return impliedOwner(index, pod.namespace, ref.kind, ref.name, hash);
  }
  // No owner references (a hand-written dump): controllers' naming. A Deployment's pods are
  // `<deployment>-<hash>-<suffix>`, a StatefulSet's `<statefulset>-<ordinal>`, a DaemonSet's `<daemonset>-<suffix>`.
  if (hash) {
    const match = new RegExp(`^(.+)-${hash.replace(/[^a-z0-9]/gi, '')}-[a-z0-9]+$`).exec(pod.name);
    if (match?.[1]) return index.get(pod.namespace, 'Deployment', match[1]);
  }
  if (pod.labels['statefulset.kubernetes.io/pod-name'] === pod.name) {
    const sts = /^(.+)-\d+$/.exec(pod.name)?.[1];
    if (sts !== undefined) return index.get(pod.namespace, 'StatefulSet', sts);
  }
  if (pod.labels['controller-revision-hash'] !== undefined) {
    const ds = /^(.+)-[a-z0-9]{5}$/.exec(pod.name)?.[1];
    if (ds !== undefined) return index.get(pod.namespace, 'DaemonSet', ds);
  }
  return undefined;
}

/** Pods with their owners resolved, plus a template pod for each top-level workload that runs no listed pod. */
export function foldWorkloads(
  pods: readonly { readonly pod: Pod; readonly meta: RawMeta }[],
  workloads: readonly Workload[],
): { pods: Pod[]; folded: number; templates: number } {
  const index = new WorkloadIndex(workloads);
  const running = new Set<Workload>();
  let folded = 0;
  const out = pods.map(({ pod, meta }) => {
    const owner = podOwner(index, pod, meta);
    if (!owner) return pod;
    running.add(owner);
    folded++;
    return { ...pod, owner: refOf(owner) };
  });
  let templates = 0;
  const taken = new Set(out.map((p) => `${p.namespace}/${p.name}`));
  for (const w of workloads) {
    if (index.top(w) !== w || running.has(w)) continue;
    templates++;
    // The template is named like its workload, or `Kind/name` when a pod already has that name.
    const name = taken.has(`${w.namespace}/${w.name}`) ? `${w.kind}/${w.name}` : w.name;
    taken.add(`${w.namespace}/${name}`);
    out.push({
      namespace: w.namespace,
      name,
      labels: w.labels,
      ips: [],
      ports: w.ports,
      ...(w.serviceAccount !== undefined ? { serviceAccount: w.serviceAccount } : {}),
      template: refOf(w),
      ...(w.range ? { range: w.range } : {}),
    });
  }
  return { pods: out, folded, templates };
}

function refOf(w: Workload): WorkloadRef {
  return { kind: w.kind, name: w.name };
}
