import type { EndpointView } from '../model/endpoint.ts';
import { parseIp } from '../match/ip.ts';

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
 * Returns the entities an endpoint belongs to. Pods are in `cluster`; an ExternalEndpoint is placed
 * by its `entity` (default `world`); `host`, `remote-node` and `kube-apiserver` are part of `cluster`.
 * `init`, `ingress`, `unmanaged`, `health` and `none` never hold anything in our clusters.
 */
// https://docs.cilium.io/en/stable/security/policy/language/#entities-based
export function entitiesOf(endpoint: EndpointView): readonly CiliumEntity[] {
  if (endpoint.kind === 'pod') return ['all', 'cluster'];
  const entity = endpoint.external.entity;
  switch (entity) {
    case 'world': {
      const families = new Set(endpoint.external.ips.map((ip) => parseIp(ip)?.family));
      const out: CiliumEntity[] = ['all', 'world'];
      if (families.has(4)) out.push('world-ipv4');
      if (families.has(6)) out.push('world-ipv6');
      return out;
    }
    case 'host':
    case 'remote-node':
    case 'kube-apiserver':
      return ['all', 'cluster', entity];
    default:
      return assertNeverEntity(entity);
  }
}

/** Returns whether the entity includes the endpoint. */
export function entityIncludes(entity: CiliumEntity, endpoint: EndpointView): boolean {
  return entitiesOf(endpoint).includes(entity);
}

function assertNeverEntity(value: never): never {
  throw new Error(`unexpected external entity ${String(value)}`);
}
