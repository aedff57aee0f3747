import type { EndpointId, ExternalEndpoint, Namespace, Pod } from './types.ts';

/** Options that change semantics where network plugins differ. */
export interface EngineOptions {
  /**
   * Whether `ipBlock` peers match pod addresses. Plugin-dependent in Kubernetes; the default and its
   * reasons are recorded in docs/decisions/0003-ipblock-and-pod-ips.md.
   */
  readonly ipBlockMatchesPods: boolean;
}

/** A pod as policies see it: with its namespace's labels. */
export interface PodView {
  readonly kind: 'pod';
  readonly id: EndpointId;
  readonly pod: Pod;
  readonly namespace: Namespace;
}

/** An endpoint outside the pod network. */
export interface ExternalView {
  readonly kind: 'external';
  readonly id: EndpointId;
  readonly external: ExternalEndpoint;
}

/** Either end of a flow. */
export type EndpointView = PodView | ExternalView;

/** The ends of a flow, as roles: explanations name endpoints by role so a class pair's verdict fits every member. */
export type EndpointRole = 'source' | 'destination';

/** Returns an endpoint's addresses in their declared order. */
export function addressesOf(view: EndpointView): readonly string[] {
  return view.kind === 'pod' ? view.pod.ips : view.external.ips;
}
