import type { EndpointView } from '../model/endpoint.ts';
import { serviceByDnsName } from './service-names.ts';
import {
  WORKLOAD_KINDS,
  type EndpointId,
  type Service,
  type WorkloadKind,
  type WorkloadRef,
} from '../model/types.ts';

/**
 * Units: what views list once. A workload (its pods, or its template when none is listed), a pod no listed
 * workload owns, or an external endpoint. A unit's id is `namespace/name` (pods and workloads), or the bare
 * name of an external endpoint; `namespace/Kind/name` when the short form is taken (a pod and a workload of
 * one name), and always accepted.
 */
export interface EndpointUnit {
  readonly id: EndpointId;
  readonly kind: 'workload' | 'pod' | 'external';
  /** For a workload: its kind and name (the namespace is `namespace`). */
  readonly workload?: WorkloadRef;
  readonly namespace?: string;
  readonly name: string;
  /** Indexes in `analysis.endpoints` of its members: a workload's pods, or its template. */
  readonly members: readonly number[];
}

/**
 * What an endpoint id names: members of a unit, or a Service. `lookup` is set when the Service was named by
 * a DNS name: the fully qualified name a client must look up before it connects.
 */
export type Resolved =
  | { readonly kind: 'unit'; readonly unit: EndpointUnit }
  | { readonly kind: 'service'; readonly service: Service; readonly lookup?: string };

/** Returns the units of the endpoints, in endpoint order of their first member, and each endpoint's unit index. */
export function buildUnits(endpoints: readonly EndpointView[]): {
  units: EndpointUnit[];
  unitOf: Int32Array;
} {
  const units: {
    id: string;
    kind: EndpointUnit['kind'];
    workload?: WorkloadRef;
    namespace?: string;
    name: string;
    members: number[];
  }[] = [];
  const byWorkload = new Map<string, number>();
  const unitOf = new Int32Array(endpoints.length);
  endpoints.forEach((e, i) => {
    if (e.kind === 'external') {
      unitOf[i] = units.push({ id: e.id, kind: 'external', name: e.id, members: [i] }) - 1;
      return;
    }
    const ref = e.pod.owner ?? e.pod.template;
    if (!ref) {
      unitOf[i] =
        units.push({ id: e.id, kind: 'pod', namespace: e.pod.namespace, name: e.pod.name, members: [i] }) - 1;
      return;
    }
    const key = `${e.pod.namespace}/${ref.kind}/${ref.name}`;
    let at = byWorkload.get(key);
    if (at === undefined) {
      at =
        units.push({
          id: key,
          kind: 'workload',
          workload: ref,
          namespace: e.pod.namespace,
          name: ref.name,
          members: [],
        }) - 1;
      byWorkload.set(key, at);
    }
    units[at]?.members.push(i);
    unitOf[i] = at;
  });
  // The short form when no real pod and no other workload of the namespace has that name.
  const podIds = new Set(endpoints.flatMap((e) => (e.kind === 'pod' && !e.pod.template ? [e.id] : [])));
  const shortCount = new Map<string, number>();
  const shortOf = (u: { namespace?: string; name: string }): string => `${u.namespace ?? ''}/${u.name}`;
  for (const u of units)
    if (u.kind === 'workload') shortCount.set(shortOf(u), (shortCount.get(shortOf(u)) ?? 0) + 1);
  for (const u of units)
    if (u.kind === 'workload' && !podIds.has(shortOf(u)) && shortCount.get(shortOf(u)) === 1)
      u.id = shortOf(u);
  return { units, unitOf };
}

const KIND_NAMES = new Map<string, WorkloadKind | 'Pod' | 'Service'>([
  ...Object.keys(WORKLOAD_KINDS).map((k) => [k.toLowerCase(), k as WorkloadKind] as const),
  ['pod', 'Pod'],
  ['service', 'Service'],
]);

/**
 * Returns what an endpoint id names. `namespace/Kind/name` names a pod, workload or Service explicitly (the
 * kind in any case); `namespace/name` a pod, else a workload, else a Service; a bare name an external
 * endpoint, else a Service by one of its DNS names as a pod of namespace `near` would write it
 * (`search/product-search` as `product-search.search.svc.cluster.local`, `product-search.search`, ...).
 */
export function resolveId(
  id: EndpointId,
  lookup: {
    readonly endpoint: (id: EndpointId) => number;
    readonly unitOfEndpoint: (index: number) => EndpointUnit | undefined;
    readonly workload: (
      namespace: string,
      kind: WorkloadKind | undefined,
      name: string,
    ) => EndpointUnit | undefined;
    readonly service: (id: EndpointId) => Service | undefined;
  },
  near?: string,
): Resolved | undefined {
  const parts = id.split('/');
  if (parts.length === 3) {
    const [namespace = '', kindText = '', name = ''] = parts;
    const kind = KIND_NAMES.get(kindText.toLowerCase());
    if (kind === 'Pod') return single(lookup, `${namespace}/${name}`);
    if (kind === 'Service') {
      const service = lookup.service(`${namespace}/${name}`);
      return service ? { kind: 'service', service } : undefined;
    }
    if (kind !== undefined) {
      const unit = lookup.workload(namespace, kind, name);
      return unit ? { kind: 'unit', unit } : undefined;
    }
    return undefined;
  }
  if (parts.length === 2) {
    const [namespace = '', name = ''] = parts;
    // A real pod first; a workload's template pod carries its workload's name, so it is not a pod here.
    const pod = single(lookup, id);
    if (pod && pod.kind === 'unit' && pod.unit.kind === 'pod') return pod;
    const unit = lookup.workload(namespace, undefined, name);
    if (unit) return { kind: 'unit', unit };
    const service = lookup.service(id);
    return service ? { kind: 'service', service } : undefined;
  }
  const named = single(lookup, id);
  if (named || parts.length !== 1) return named;
  const byName = serviceByDnsName(id, near, lookup.service);
  return byName ? { kind: 'service', service: byName.service, lookup: byName.fqdn } : undefined;
}

function single(lookup: Parameters<typeof resolveId>[1], id: EndpointId): Resolved | undefined {
  const index = lookup.endpoint(id);
  if (index < 0) return undefined;
  const unit = lookup.unitOfEndpoint(index);
  // A pod named on its own is a unit of one, even when it belongs to a workload.
  if (!unit || unit.members.length === 1) return unit ? { kind: 'unit', unit } : undefined;
  return { kind: 'unit', unit: { ...unit, id, kind: 'pod', members: [index] } };
}

/** Whether a unit pair may connect: every member pair, none, or some. */
export type Reach = 'allowed' | 'denied' | 'mixed';

const REACHES: readonly Reach[] = ['allowed', 'denied', 'mixed'];

/** The truth table over units: one answer per unit pair and port, from the class-level matrix. */
export interface UnitMatrix {
  readonly units: readonly EndpointUnit[];
  readonly ports: readonly { readonly port: number; readonly protocol: string }[];
  /** Whether members of `from` may connect to members of `to` on `ports[portIndex]` (indexes into `units`). */
  reach(from: number, to: number, portIndex?: number): Reach;
}

/**
 * Returns the unit-level table of a matrix: a pair's answer over one member of each class on each side
 * (members of one class are treated alike by every policy), pods of one workload talking to each other
 * included, a pod talking to itself not.
 */
export function unitMatrix(
  units: readonly EndpointUnit[],
  classOf: Int32Array,
  matrix: {
    readonly ports: readonly { readonly port: number; readonly protocol: string }[];
    allowed(from: number, to: number, portIndex?: number): boolean;
  },
): UnitMatrix {
  const reps = units.map((u) => {
    const byClass = new Map<number, number[]>();
    for (const m of u.members) {
      const c = classOf[m] ?? -1;
      const list = byClass.get(c);
      if (!list) byClass.set(c, [m]);
      else if (list.length < 2) list.push(m);
    }
    return [...byClass.values()];
  });
  // One byte per unit pair and port, filled on first use (0 unknown, then 1 + the index in REACHES).
  const cache = matrix.ports.map(() => new Uint8Array(units.length * units.length));
  return {
    units,
    ports: matrix.ports,
    reach: (from, to, portIndex = 0) => {
      const row = cache[portIndex];
      const at = from * units.length + to;
      const known = row?.[at] ?? 0;
      if (known > 0) return REACHES[known - 1] ?? 'allowed';
      const answer = pairReach(reps[from] ?? [], reps[to] ?? [], from === to, (a, b) =>
        matrix.allowed(a, b, portIndex),
      );
      if (row) row[at] = REACHES.indexOf(answer) + 1;
      return answer;
    },
  };
}

function pairReach(
  from: readonly (readonly number[])[],
  to: readonly (readonly number[])[],
  same: boolean,
  allowed: (a: number, b: number) => boolean,
): Reach {
  let yes = 0;
  let no = 0;
  for (const a of from)
    for (const b of to) {
      const source = a[0];
      // Within one unit, a class's member talks to another member of it; a class of one member (a pod
      // alone, or a workload's template) to itself, where the matrix tells loopback from two pods.
      const target = same && a === b ? (a[1] ?? a[0]) : b[0];
      if (source === undefined || target === undefined) continue;
      if (allowed(source, target)) yes++;
      else no++;
    }
  if (yes + no === 0) return 'allowed';
  return no === 0 ? 'allowed' : yes === 0 ? 'denied' : 'mixed';
}
