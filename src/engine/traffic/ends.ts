import { WORKLOAD_KINDS, type ExternalEntity, type Labels, type WorkloadKind } from '../model/types.ts';
import type { ObservedEnd } from './hubble.ts';

/**
 * What one end of an observed flow stands for, before it is matched to a cluster: a pod (with the
 * workload it folds into, when that can be told) or something outside the pod network.
 */
export type EndDescriptor =
  | {
      readonly kind: 'pod';
      readonly namespace: string;
      readonly podName: string | undefined;
      /** The workload the pod belongs to (from Hubble's `workloads`, or its name's shape). */
      readonly workload: { readonly kind: WorkloadKind; readonly name: string } | undefined;
      readonly labels: Labels;
    }
  | {
      readonly kind: 'external';
      readonly entity: ExternalEntity;
      readonly ip: string | undefined;
      /** DNS names Cilium learnt for the address (destinations only). */
      readonly names: readonly string[];
    };

/** Why an end is not used: a reserved identity with no counterpart in the model. */
export type EndProblem = { readonly unsupported: string };

const KINDS = new Map(Object.keys(WORKLOAD_KINDS).map((k) => [k.toLowerCase(), k as WorkloadKind]));

/**
 * The workload a pod name implies: `<deployment>-<pod-template-hash>-<suffix>` (hashes are 6 to 10
 * characters, the suffix 5), `<statefulset>-<ordinal>`. Anything else is a pod of its own.
 * https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#pod-template-hash-label
 */
export function workloadOfPodName(name: string): { kind: WorkloadKind; name: string } | undefined {
  const deployment = /^(.+)-[bcdfghjklmnpqrstvwxz2456789]{6,10}-[bcdfghjklmnpqrstvwxz2456789]{5}$/.exec(name);
  if (deployment?.[1]) return { kind: 'Deployment', name: deployment[1] };
  const ordinal = /^(.+)-(0|[1-9][0-9]*)$/.exec(name);
  if (ordinal?.[1]) return { kind: 'StatefulSet', name: ordinal[1] };
  return undefined;
}

/** The workload Hubble names (`workloads[0]`): a Job run by a CronJob is reported as the CronJob. */
function hubbleWorkload(end: ObservedEnd): { kind: WorkloadKind; name: string } | undefined {
  const kind = end.workload && KINDS.get(end.workload.kind.toLowerCase());
  return kind && end.workload ? { kind, name: end.workload.name } : undefined;
}

/** Returns what an end stands for; `names` are the flow's `destination_names` (for the destination). */
export function describeEnd(end: ObservedEnd, names: readonly string[]): EndDescriptor | EndProblem {
  if (end.namespace !== undefined && end.reserved === undefined) {
    const workload =
      hubbleWorkload(end) ?? (end.podName === undefined ? undefined : workloadOfPodName(end.podName));
    return { kind: 'pod', namespace: end.namespace, podName: end.podName, workload, labels: end.labels };
  }
  const reserved = end.reserved ?? 'world';
  switch (reserved) {
    case 'world':
    case 'host':
    case 'remote-node':
    case 'kube-apiserver':
      return { kind: 'external', entity: reserved, ip: end.ip, names: reserved === 'world' ? names : [] };
    case 'unmanaged':
    case 'health':
    case 'init':
    case 'ingress':
      return { unsupported: reserved };
  }
}

/** A key that is equal for ends that stand for the same thing (the cache key of matching). */
export function endKey(d: EndDescriptor): string {
  if (d.kind === 'pod')
    return d.workload
      ? `w|${d.namespace}|${d.workload.kind}|${d.workload.name}`
      : `p|${d.namespace}|${d.podName ?? ''}|${JSON.stringify(d.labels)}`;
  if (d.entity === 'world') return d.names[0] ? `n|${d.names[0]}` : `i|${d.ip ?? ''}`;
  return `e|${d.entity}`;
}

/** A DNS-1123 label for an external endpoint made from a name or an address (`api-example-com`). */
export function externalName(text: string): string {
  const name = text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63)
    .replace(/-+$/, '');
  return name === '' ? 'world' : /^[0-9]/.test(name) ? `ip-${name}`.slice(0, 63) : name;
}
