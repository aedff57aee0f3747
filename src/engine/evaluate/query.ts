import type { Direction, Protocol } from '../model/types.ts';
import type { DirectionQuery, EndpointView, EngineOptions, PodView } from './target.ts';

/** Builds the query asking `subject`'s policies about `peer` in `direction`. */
export function directionQueryFor(
  direction: Direction,
  subject: PodView,
  peer: EndpointView,
  port: number,
  protocol: Protocol,
  options: EngineOptions,
  observedNames: readonly string[] = [],
): DirectionQuery {
  const destination = direction === 'egress' ? peer : subject;
  const destinationIp = destination.kind === 'pod' ? destination.pod.ips[0] : destination.external.ips[0];
  return {
    direction,
    subject,
    peer,
    destination,
    ...(destinationIp !== undefined ? { destinationIp } : {}),
    port,
    protocol,
    observedNames,
    options,
  };
}
