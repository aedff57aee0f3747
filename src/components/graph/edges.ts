import type { EndpointId } from '../../engine/index.ts';

/** One edge of the graph: a flow on the selected port, with its verdict. */
export interface GraphEdge {
  readonly id: string;
  readonly from: EndpointId;
  readonly to: EndpointId;
  readonly allowed: boolean;
  /** Allowed, but HTTP rules (Cilium L7) judge each request on the connection: drawn dotted, badged `HTTP`. */
  readonly filtered?: boolean;
  /** The verdict changed with the last edit. */
  readonly changed: boolean;
  /** A challenge goal on this flow (the builder labels it). */
  readonly goal?: 'allow' | 'deny';
  /**
   * Observed traffic ran on this pair (a flow log is loaded and shown): how many connections, whether the
   * policies deny some of them (then `allowed` is false), and the tooltip naming ports and counts.
   */
  readonly observed?: { readonly count: number; readonly denied: boolean; readonly tip: string };
  /** Observed traffic is shown and none ran on this pair: drawn faint, so the traffic stands out. */
  readonly unobserved?: boolean;
}

/** The short label of an observed arrow: `12×`, or `denied 3×`. */
export function observedLabel(observed: NonNullable<GraphEdge['observed']>): string {
  return `${observed.denied ? 'denied ' : ''}${observed.count.toLocaleString('en')}×`;
}

/** Returns the stable edge id for a pair. */
export function edgeId(from: EndpointId, to: EndpointId): string {
  return `${from} -> ${to}`;
}
