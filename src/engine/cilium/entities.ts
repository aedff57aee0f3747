import type { EndpointView } from '../model/endpoint.ts';

/** Entity names a Cilium policy may use in `fromEntities` / `toEntities`. */
export const CILIUM_ENTITIES = [
  'all',
  'world',
  'world-ipv4',
  'world-ipv6',
  'cluster',
  'host',
  'remote-node',
  'kube-apiserver',
  'init',
  'ingress',
  'unmanaged',
  'health',
  'none',
] as const;

/** One Cilium entity. */
export type CiliumEntity = (typeof CILIUM_ENTITIES)[number];

/** Returns whether `name` is an entity Cilium accepts. */
export function isCiliumEntity(name: string): name is CiliumEntity {
  return (CILIUM_ENTITIES as readonly string[]).includes(name);
}

/**
 * Returns the entities an endpoint belongs to, for a connection that uses `family` for its address.
 * Pods are in `cluster`; an ExternalEndpoint is placed by its `entity` (default `world`); `host`,
 * `remote-node` and `kube-apiserver` are part of `cluster`. `world-ipv4` / `world-ipv6` follow the
 * address the connection uses (decision 0013), not every address the endpoint has. `init`, `ingress`,
 * `unmanaged`, `health` and `none` never hold anything in our clusters.
 */
// https://docs.cilium.io/en/stable/security/policy/language/#entities-based
export function entitiesOf(endpoint: EndpointView, family: 4 | 6 | undefined): readonly CiliumEntity[] {
  if (endpoint.kind === 'pod') return ['all', 'cluster'];
  const entity = endpoint.external.entity;
  switch (entity) {
    case 'world':
      return family === 4
        ? ['all', 'world', 'world-ipv4']
        : family === 6
          ? ['all', 'world', 'world-ipv6']
          : ['all', 'world'];
    case 'host':
    case 'remote-node':
    case 'kube-apiserver':
      return ['all', 'cluster', entity];
    default:
      return assertNeverEntity(entity);
  }
}

/** Returns whether the entity includes the endpoint, for a connection over an address of `family`. */
export function entityIncludes(
  entity: CiliumEntity,
  endpoint: EndpointView,
  family: 4 | 6 | undefined,
): boolean {
  return entitiesOf(endpoint, family).includes(entity);
}

function assertNeverEntity(value: never): never {
  throw new Error(`unexpected external entity ${String(value)}`);
}
