import type { EndpointView, ExternalView, PodView } from '../../../src/engine/model/endpoint.ts';
import type { DirectionQuery } from '../../../src/engine/model/target.ts';
import { peerAddress, sourceSlot } from '../../../src/engine/match/address.ts';
import type {
  ContainerPort,
  Direction,
  ExternalEntity,
  Labels,
  Protocol,
} from '../../../src/engine/model/types.ts';

/** A pod view in namespace `ns` with labels; the namespace carries its automatic name label. */
export function pod(
  id: string,
  labels: Labels = {},
  opts: { nsLabels?: Labels; ips?: string[]; ports?: ContainerPort[] } = {},
): PodView {
  const [namespace = 'default', name = id] = id.split('/');
  return {
    kind: 'pod',
    id,
    pod: { namespace, name, labels, ips: opts.ips ?? ['10.0.0.1'], ports: opts.ports ?? [] },
    namespace: { name: namespace, labels: { 'kubernetes.io/metadata.name': namespace, ...opts.nsLabels } },
  };
}

/** An external endpoint view. */
export function external(
  name: string,
  opts: { ips?: string[]; dnsNames?: string[]; entity?: ExternalEntity } = {},
): ExternalView {
  return {
    kind: 'external',
    id: name,
    external: {
      name,
      ips: opts.ips ?? ['203.0.113.10'],
      dnsNames: opts.dnsNames ?? [],
      entity: opts.entity ?? 'world',
    },
  };
}

/** A direction query from `from` to `to`, asked of the subject of `direction`. */
export function query(
  from: PodView | ExternalView,
  to: EndpointView,
  port: number,
  protocol: Protocol = 'TCP',
  extra: { observedNames?: string[]; direction?: Direction } = {},
): DirectionQuery {
  const direction = extra.direction ?? (from.kind === 'pod' ? 'egress' : 'ingress');
  const subject = direction === 'egress' ? from : to;
  if (subject.kind !== 'pod') throw new Error('the subject must be a pod');
  const peer = direction === 'egress' ? to : from;
  return {
    direction,
    subject,
    peer,
    destination: to,
    peerAddress: peerAddress(peer, direction === 'egress' ? 0 : sourceSlot(from, to)),
    peerClass: -1,
    port,
    protocol,
    observedNames: extra.observedNames ?? [],
    options: { ipBlockMatchesPods: false },
  };
}
