import type { EndpointView, PodView } from '../model/endpoint.ts';
import type { Flow, Service } from '../model/types.ts';
import type { DirectionVerdict, FlowProblem, FlowVerdict } from '../model/verdict.ts';
import { compileSelector, selectorMatches } from '../match/label-selector.ts';
import { resolveNamedPort } from '../match/ports.ts';
import type { Analysis } from './analysis.ts';
import { evaluateResolved, withLookup } from './flow.ts';

/** Returns the pods a Service selects (none when its selector is empty: such Services have no automatic endpoints). */
export function serviceBackends(analysis: Analysis, service: Service): PodView[] {
  if (Object.keys(service.selector).length === 0) return [];
  const selector = compileSelector({ matchLabels: service.selector });
  return analysis.endpoints.filter(
    (e): e is PodView =>
      e.kind === 'pod' && e.pod.namespace === service.namespace && selectorMatches(selector, e.pod.labels),
  );
}

// Policies see the backing pod and its target port, never the Service's virtual IP.
// https://kubernetes.io/docs/concepts/services-networking/network-policies/ (policies act on pod traffic)
/**
 * Returns the verdict of a flow to a Service: allowed only when every backing pod is reachable on
 * its target port; the verdict shown is the first denied backend's, else the first whose requests HTTP
 * rules filter, else the first (see docs/decisions/0004-services-and-loopback.md).
 */
export function resolveServiceFlow(
  analysis: Analysis,
  flow: Flow,
  from: EndpointView,
  named: { readonly service: Service; readonly lookup?: string },
): FlowVerdict {
  const verdict = serviceVerdict(analysis, flow, from, named.service);
  // A Service named by DNS name is looked up first (its cluster IP needs none); one that leads nowhere stays a problem.
  return named.lookup !== undefined && verdict.problem === undefined
    ? withLookup(analysis, verdict, from, named.lookup)
    : verdict;
}

function serviceVerdict(analysis: Analysis, flow: Flow, from: EndpointView, service: Service): FlowVerdict {
  const id = `${service.namespace}/${service.name}`;
  const servicePort = service.ports.find((p) => p.port === flow.port && p.protocol === flow.protocol);
  const backends = serviceBackends(analysis, service);
  if (!servicePort) return unreachable(flow, id, { code: 'service-no-port', service: id });
  if (backends.length === 0) return unreachable(flow, id, { code: 'service-no-backends', service: id });
  let first: FlowVerdict | undefined;
  for (const backend of backends) {
    const targetPort =
      typeof servicePort.targetPort === 'number'
        ? servicePort.targetPort
        : resolveNamedPort(backend, servicePort.targetPort, flow.protocol);
    if (targetPort === undefined) continue;
    const verdict: FlowVerdict = {
      ...evaluateResolved(analysis, flow, from, backend, targetPort),
      via: { service: id, backend: backend.id, targetPort },
    };
    if (!verdict.allowed) return verdict;
    // A request may reach any backend: one that filters requests is what the learner must know about.
    if (!first || (first.outcome !== 'requests-filtered' && verdict.outcome === 'requests-filtered'))
      first = verdict;
  }
  return (
    first ??
    unreachable(flow, id, {
      code: 'service-no-named-port',
      service: id,
      name: String(servicePort.targetPort),
    })
  );
}

/** The verdict for a flow to a Service that leads to no pod: nothing can answer, so it times out. */
function unreachable(flow: Flow, id: string, problem: FlowProblem): FlowVerdict {
  const blocked = (direction: 'ingress' | 'egress'): DirectionVerdict => ({
    direction,
    allowed: false,
    decision: 'unknown-endpoint',
    effects: [],
    decidedBy: -1,
    unselected: [],
  });
  return {
    flow,
    allowed: false,
    egress: blocked('egress'),
    ingress: blocked('ingress'),
    outcome: 'connection-timed-out',
    addresses: {},
    via: { service: id },
    problem,
  };
}
