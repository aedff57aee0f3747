import type { Flow, Service } from '../model/types.ts';
import type { DirectionVerdict, FlowVerdict } from '../model/verdict.ts';
import { selectorMatches, compileSelector } from '../match/label-selector.ts';
import type { Analysis } from './analysis.ts';
import { evaluateResolved } from './flow.ts';
import type { EndpointView, PodView } from './target.ts';

// Policies see the backing pod and its target port, never the Service's virtual IP.
// https://kubernetes.io/docs/concepts/services-networking/network-policies/ (policies act on pod traffic)
/**
 * Returns the verdict of a flow to a Service: allowed only when every backing pod is reachable on
 * its target port; the verdict shown is the first denied backend's (see docs/decisions/0004-services-and-loopback.md).
 */
export function resolveServiceFlow(
  analysis: Analysis,
  flow: Flow,
  from: EndpointView,
  service: Service,
): FlowVerdict {
  const id = `${service.namespace}/${service.name}`;
  const servicePort = service.ports.find((p) => p.port === flow.port && p.protocol === flow.protocol);
  const selector = compileSelector({ matchLabels: service.selector });
  const backends = analysis.endpoints.filter(
    (e): e is PodView =>
      e.kind === 'pod' &&
      e.pod.namespace === service.namespace &&
      Object.keys(service.selector).length > 0 &&
      selectorMatches(selector, e.pod.labels),
  );
  if (!servicePort || backends.length === 0) {
    const why = !servicePort
      ? `service \`${id}\` has no port ${flow.port}/${flow.protocol}`
      : `service \`${id}\` has no backing pods`;
    return unreachable(flow, from.id, id, why);
  }
  let first: FlowVerdict | undefined;
  for (const backend of backends) {
    const targetPort =
      typeof servicePort.targetPort === 'number'
        ? servicePort.targetPort
        : backend.pod.ports.find((p) => p.name === servicePort.targetPort && p.protocol === flow.protocol)
            ?.containerPort;
    if (targetPort === undefined) continue;
    const verdict = {
      ...evaluateResolved(analysis, flow, from, backend, targetPort),
      via: { service: id, backend: backend.id, targetPort },
    };
    const withSummary = {
      ...verdict,
      summary: `Via service \`${id}\` to \`${backend.id}\` port ${targetPort}: ${verdict.summary}`,
    };
    if (!verdict.allowed) return withSummary;
    first ??= withSummary;
  }
  if (first) return first;
  return unreachable(
    flow,
    from.id,
    id,
    `no backing pod of \`${id}\` has a container port named \`${String(servicePort.targetPort)}\``,
  );
}

/** The verdict for a flow to a Service that leads to no pod: nothing can answer, so it times out. */
function unreachable(flow: Flow, fromId: string, id: string, why: string): FlowVerdict {
  const blocked = (direction: 'ingress' | 'egress'): DirectionVerdict => ({
    direction,
    subject: direction === 'egress' ? fromId : id,
    allowed: false,
    decision: 'unknown-endpoint',
    effects: [],
    chain: why,
  });
  return {
    flow,
    allowed: false,
    egress: blocked('egress'),
    ingress: blocked('ingress'),
    outcome: 'connection-timed-out',
    summary: `Denied: ${why}.`,
    via: { service: id },
  };
}
