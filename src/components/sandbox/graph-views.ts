import type { Matrix, PortProtocol } from '../../engine/index.ts';
import type { ClusterModel, PolicyModel } from './model.ts';

/** Verdicts over every port an endpoint serves: the graph's and table's "All ports" view. */
export interface AnyPortModel {
  /** `from -> to` → allowed on at least one of the destination's ports. */
  readonly verdicts: ReadonlyMap<string, boolean>;
  /** `from -> to` pairs allowed on some port only with each request filtered by HTTP rules. */
  readonly filtered: ReadonlySet<string>;
  /** `from -> to` → the port an explanation of the pair is about: the first allowed, else the first tried. */
  readonly ports: ReadonlyMap<string, PortProtocol>;
  /** Whether a policy rule grants the source's egress to the destination on that port. */
  readonly granted: (from: string, to: string) => boolean;
}

/**
 * Returns, for each pair, whether the source may connect to the destination on any port it serves (a pod:
 * its container ports; an external endpoint: the ports in play). Read from one engine matrix over all
 * those ports; a pod that serves no port gets no entry.
 */
export function anyPortVerdicts(model: ClusterModel, policies: PolicyModel): AnyPortModel {
  const verdicts = new Map<string, boolean>();
  const filtered = new Set<string>();
  const chosen = new Map<string, PortProtocol>();
  const cluster = model.cluster;
  if (!cluster || !policies.analysis) return { verdicts, filtered, ports: chosen, granted: () => false };
  const key = (p: PortProtocol): string => `${p.port}/${p.protocol}`;
  const served = new Map<string, PortProtocol[]>();
  for (const pod of cluster.pods) {
    const own = pod.ports.map((p) => ({ port: p.containerPort, protocol: p.protocol }));
    served.set(`${pod.namespace}/${pod.name}`, [...new Map(own.map((p) => [key(p), p])).values()]);
  }
  const all = [...new Map([...model.ports, ...[...served.values()].flat()].map((p) => [key(p), p])).values()];
  const index = new Map(all.map((p, i) => [key(p), i]));
  const matrix = policies.analysis.matrix(all);
  matrix.endpoints.forEach((from, i) => {
    matrix.endpoints.forEach((to, j) => {
      if (i === j) return;
      const candidates = served.get(to) ?? model.ports;
      if (candidates.length === 0) return;
      const pair = `${from} -> ${to}`;
      const open = candidates.find((p) => matrix.allowed(i, j, index.get(key(p))));
      verdicts.set(pair, open !== undefined);
      const about = open ?? candidates[0];
      if (about) chosen.set(pair, about);
      if (open && matrix.filtered(i, j, index.get(key(open)))) filtered.add(pair);
    });
  });
  const grant = egressGrant(matrix);
  const granted = (from: string, to: string): boolean => {
    const on = chosen.get(`${from} -> ${to}`);
    const k = on ? index.get(key(on)) : undefined;
    return k !== undefined && grant(from, to, k);
  };
  return { verdicts, filtered, ports: chosen, granted };
}

/**
 * Returns a check of whether a policy rule grants a source's egress towards a destination (rather than the
 * source being open because no policy isolates it): the graph draws allowed arrows to external endpoints
 * only then, or every pod of an open cluster would point at every outside address.
 */
export function egressGrant(matrix: Matrix): (from: string, to: string, portIndex: number) => boolean {
  const index = new Map(matrix.endpoints.map((id, i) => [id, i]));
  return (from, to, portIndex) => {
    const i = index.get(from);
    const j = index.get(to);
    if (i === undefined || j === undefined || !matrix.allowed(i, j, portIndex)) return false;
    const decision = matrix.verdict(i, j, portIndex).egress.decision;
    return decision === 'allowed-by-rule' || decision === 'requests-filtered';
  };
}
