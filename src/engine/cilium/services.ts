import type { DirectionQuery, PeerTest } from '../model/target.ts';
import type { Service } from '../model/types.ts';
import type { PeerTrace } from '../match/address.ts';
import { compileSelector, selectorMatches as labelsMatch } from '../match/label-selector.ts';
import {
  endpointLabels,
  NAMESPACE_LABEL,
  requirementsOf,
  selectorMatches,
  type SelectorRequirement,
} from './endpoint-selector.ts';
import type { CiliumServiceRef } from './model.ts';

/** A compiled `toServices` entry. */
export type ServicePeer = Extract<PeerTest, { kind: 'cilium-service' }>;

/**
 * Returns whether a `toServices` entry names a Service: `k8sService` by `serviceName` (and `namespace`),
 * `k8sServiceSelector` by the Service's own labels (and `namespace`); an empty namespace matches Services
 * of every namespace, as Cilium compares it only when set.
 * https://docs.cilium.io/en/stable/security/policy/language/#services-based
 */
export function serviceRefMatches(ref: CiliumServiceRef, service: Service): boolean {
  if (ref.namespace !== undefined && ref.namespace !== service.namespace) return false;
  return ref.kind === 'name'
    ? ref.name === service.name
    : labelsMatch(compileSelector(ref.selector), service.labels ?? {});
}

/** Returns the entry in short words, e.g. "k8sService `shop/cart`". */
export function describeServiceRef(ref: CiliumServiceRef): string {
  const ns = ref.namespace ?? '*';
  if (ref.kind === 'name') return `k8sService \`${ns}/${ref.name}\``;
  const labels = Object.entries(ref.selector.matchLabels).map(([k, v]) => `${k}=${v}`);
  const exprs = ref.selector.matchExpressions.map((e) => `${e.key} ${e.operator} (${e.values.join(', ')})`);
  return `k8sServiceSelector \`${[...labels, ...exprs].join(', ') || '{}'}\` in namespace \`${ns}\``;
}

/**
 * Compiles a `toServices` entry against the cluster's Services. Cilium turns each Service it names that has a
 * selector into an endpoint selector: the Service's selector plus the Service's namespace, so the peer is
 * every pod that selector picks, on any port (`toServices` cannot be combined with `toPorts`). A Service
 * without a selector is allowed through the addresses of its Endpoints, which the model does not have: it is
 * listed in `withoutSelector` and selects nothing here.
 * (Cilium `pkg/policy/k8s/service.go`: generated ToEndpoints for Services with a selector, ToCIDRSet otherwise.)
 */
export function compileServicePeer(ref: CiliumServiceRef, services: readonly Service[]): ServicePeer {
  const named = services.filter((s) => serviceRefMatches(ref, s));
  const backends: { service: string; requirements: readonly SelectorRequirement[] }[] = [];
  const withoutSelector: string[] = [];
  for (const s of named) {
    const id = `${s.namespace}/${s.name}`;
    if (Object.keys(s.selector).length === 0) {
      withoutSelector.push(id);
      continue;
    }
    const matchLabels: Record<string, string> = {};
    for (const [k, v] of Object.entries(s.selector)) matchLabels[`k8s:${k}`] = v;
    matchLabels[`k8s:${NAMESPACE_LABEL}`] = s.namespace;
    backends.push({ service: id, requirements: requirementsOf({ matchLabels, matchExpressions: [] }) });
  }
  return {
    kind: 'cilium-service',
    path: ref.path,
    text: describeServiceRef(ref),
    backends,
    withoutSelector,
  };
}

/** Returns whether the query's other end is a pod behind one of the Services the entry names. */
export function matchServicePeer(test: ServicePeer, query: DirectionQuery, trace?: PeerTrace): boolean {
  const peer = query.peer;
  if (peer.kind === 'pod') {
    const labels = endpointLabels(peer);
    const hit = test.backends.find((b) => selectorMatches(b.requirements, labels));
    if (hit) {
      if (trace) trace.hit = { code: 'service', service: hit.service };
      return true;
    }
  }
  if (trace)
    trace.miss =
      test.backends.length === 0 && test.withoutSelector.length === 0
        ? { code: 'service-none' }
        : {
            code: 'service-backends',
            services: test.backends.map((b) => b.service),
            withoutSelector: test.withoutSelector,
          };
  return false;
}
