import type {
  DirectionQuery,
  EndpointView,
  ExternalView,
  PodView,
} from '../../../src/engine/evaluate/target.ts';
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
  const ip = to.kind === 'pod' ? to.pod.ips[0] : to.external.ips[0];
  return {
    direction,
    subject,
    peer: direction === 'egress' ? to : from,
    destination: to,
    ...(ip !== undefined && { destinationIp: ip }),
    port,
    protocol,
    observedNames: extra.observedNames ?? [],
    options: { ipBlockMatchesPods: false },
  };
}
