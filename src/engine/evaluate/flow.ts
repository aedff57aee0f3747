import type { Direction, EndpointId, Flow, Protocol } from '../model/types.ts';
import type { DirectionVerdict, DnsLookupVerdict, FlowVerdict } from '../model/verdict.ts';
import type { Analysis, EndpointClass } from './analysis.ts';
import { combineDirection, decideDirection } from './combine.ts';
import { dnsVisibleNames } from './dns.ts';
import { resolveServiceFlow } from './service.ts';
import type { DirectionQuery, EndpointView, PodView, PolicyTarget } from './target.ts';
import { summarize } from '../explain/summary.ts';
import { directionQueryFor } from './query.ts';

/** Views standing for any member of a class (shared flow evaluation), with that class. */
const classViews = new WeakMap<EndpointView, EndpointClass>();

/** Registers a view that stands for the members of `cls`, so lookups use the class's cached targets. */
export function registerClassView(view: EndpointView, cls: EndpointClass): void {
  classViews.set(view, cls);
}

/** Targets selecting a pod endpoint in a direction (cached per equivalence class). */
export function selectingTargets(
  analysis: Analysis,
  view: EndpointView,
  direction: Direction,
): readonly PolicyTarget[] {
  if (view.kind !== 'pod') return [];
  const index = analysis.indexOf(view.id);
  const cls =
    index >= 0 && analysis.endpoints[index] === view
      ? analysis.classes[analysis.classOf[index] ?? -1]
      : classViews.get(view);
  return cls ? cls.selecting[direction] : analysis.targets.filter((t) => t.selects(view, direction));
}

/** The query for one direction of `from → to`, or undefined when the subject is not a pod. */
export function directionQuery(
  analysis: Analysis,
  direction: Direction,
  from: EndpointView,
  to: EndpointView,
  port: number,
  protocol: Protocol,
  observedNames: readonly string[] = [],
): DirectionQuery | undefined {
  const subject = direction === 'egress' ? from : to;
  if (subject.kind !== 'pod') return undefined;
  return directionQueryFor(
    direction,
    subject,
    direction === 'egress' ? to : from,
    port,
    protocol,
    analysis.options,
    observedNames,
  );
}

/** One direction's verdict, with effects. External subjects have no policies (not enforced). */
export function evaluateDirection(
  analysis: Analysis,
  direction: Direction,
  from: EndpointView,
  to: EndpointView,
  port: number,
  protocol: Protocol,
  observedNames: readonly string[] = [],
): DirectionVerdict {
  const subject = direction === 'egress' ? from : to;
  const query = directionQuery(analysis, direction, from, to, port, protocol, observedNames);
  if (!query)
    return {
      direction,
      subject: subject.id,
      allowed: true,
      decision: 'not-enforced',
      effects: [],
      chain: `${subject.id} is outside the pod network: no policy applies → Allow`,
    };
  // https://kubernetes.io/docs/concepts/services-networking/network-policies/#what-you-can-t-do-with-network-policies-at-least-not-yet (loopback)
  if (from.id === to.id)
    return {
      direction,
      subject: subject.id,
      allowed: true,
      decision: 'loopback',
      effects: [],
      chain: 'a pod talking to itself is never blocked → Allow',
    };
  return combineDirection(direction, subject.id, selectingTargets(analysis, query.subject, direction), query);
}

/**
 * Fast boolean for one direction (no effects), used by whole-cluster results. `from` and `to` may be
 * the same view when it represents two members of one class, so loopback is the caller's concern.
 */
export function allowsDirection(
  analysis: Analysis,
  direction: Direction,
  from: EndpointView,
  to: EndpointView,
  port: number,
  protocol: Protocol,
  observedNames: readonly string[] = [],
): boolean {
  const query = directionQuery(analysis, direction, from, to, port, protocol, observedNames);
  if (!query) return true;
  return decideDirection(selectingTargets(analysis, query.subject, direction), query);
}

/** The DNS lookup step: the source asks the resolver on 53/UDP (and 53/TCP for large answers). */
export function evaluateDns(analysis: Analysis, from: PodView, name: string): DnsLookupVerdict {
  const resolver = analysis.resolver;
  if (!resolver) {
    const none: DirectionVerdict = {
      direction: 'egress',
      subject: from.id,
      allowed: true,
      decision: 'not-enforced',
      effects: [],
      chain: 'the cluster has no kube-dns pod: the lookup is not modelled',
    };
    const step = { egress: none, ingress: { ...none, direction: 'ingress' as const }, allowed: true };
    return { name, allowed: true, udp: step, tcp: step, fqdnVisible: false };
  }
  const step = (protocol: Protocol): DnsLookupVerdict['udp'] => {
    const egress = evaluateDirection(analysis, 'egress', from, resolver, 53, protocol);
    const ingress = evaluateDirection(analysis, 'ingress', from, resolver, 53, protocol);
    return { egress, ingress, allowed: egress.allowed && ingress.allowed };
  };
  const udp = step('UDP');
  return {
    name,
    resolver: resolver.id,
    allowed: udp.allowed,
    udp,
    tcp: step('TCP'),
    fqdnVisible: dnsVisibleNames(analysis, from, [name]).length > 0,
  };
}

/** Evaluates one flow: DNS step (for named external endpoints), the source's egress AND the destination's ingress. */
export function evaluateFlow(analysis: Analysis, flow: Flow): FlowVerdict {
  const from = analysis.endpoint(flow.from);
  const service = analysis.endpoint(flow.to) ? undefined : analysis.service(flow.to);
  if (from && service) return resolveServiceFlow(analysis, flow, from, service);
  const to = analysis.endpoint(flow.to);
  if (!from || !to) return unknownEndpoint(flow, !from ? flow.from : flow.to);
  return evaluateResolved(analysis, flow, from, to, flow.port);
}

/** Evaluates a flow whose endpoints are known; `port` is the port actually reached (a Service's target port). */
export function evaluateResolved(
  analysis: Analysis,
  flow: Flow,
  from: EndpointView,
  to: EndpointView,
  port: number,
): FlowVerdict {
  const names = to.kind === 'external' ? to.external.dnsNames : [];
  const dns =
    from.kind === 'pod' && names[0] !== undefined ? evaluateDns(analysis, from, names[0]) : undefined;
  const observed = from.kind === 'pod' && names.length > 0 ? dnsVisibleNames(analysis, from, names) : [];
  const egress = evaluateDirection(analysis, 'egress', from, to, port, flow.protocol, observed);
  const ingress = evaluateDirection(analysis, 'ingress', from, to, port, flow.protocol, observed);
  const resolved = dns?.allowed ?? true;
  const connected = egress.allowed && ingress.allowed;
  const outcome = !resolved ? 'resolving-timed-out' : connected ? 'connected' : 'connection-timed-out';
  const verdict = {
    flow,
    allowed: resolved && connected,
    ...(dns ? { dns } : {}),
    egress,
    ingress,
    outcome,
  } as const;
  return { ...verdict, summary: summarize(verdict) };
}

function unknownEndpoint(flow: Flow, id: EndpointId): FlowVerdict {
  const direction = (d: 'ingress' | 'egress'): DirectionVerdict => ({
    direction: d,
    subject: id,
    allowed: false,
    decision: 'unknown-endpoint',
    effects: [],
    chain: `unknown endpoint ${id}`,
  });
  return {
    flow,
    allowed: false,
    egress: direction('egress'),
    ingress: direction('ingress'),
    outcome: 'connection-timed-out',
    summary: `Unknown endpoint \`${id}\`: expected \`namespace/pod\`, \`namespace/service\` or an ExternalEndpoint name.`,
  };
}
