import type { EndpointView, PodView } from '../model/endpoint.ts';
import type { DirectionQuery } from '../model/target.ts';
import type { Direction, EndpointId, Flow, HttpRequest, Protocol } from '../model/types.ts';
import type {
  DirectionVerdict,
  DnsLookupVerdict,
  DnsStep,
  Effect,
  FlowOutcome,
  FlowVerdict,
} from '../model/verdict.ts';
import { requestKey } from '../match/http.ts';
import { flowAddresses, peerAddress, sourceSlot } from '../match/address.ts';
import type { Analysis, EndpointClass } from './analysis.ts';
import { combinedAllows, combinedBy, combinedDecision, combineTiers } from './combine.ts';
import { dnsVisibleNames } from './dns.ts';
import { DirectionRows } from './outcomes.ts';
import { outcomeOf, traceTarget } from './rule.ts';
import { resolveServiceFlow } from './service.ts';
import type { Resolved } from './units.ts';

/**
 * Flows, one at a time. A connection's verdict depends only on the classes of its ends and the port, so
 * it is computed once per class pair and port (with its effects) and shared by every flow between
 * members of those classes: reasons name the ends by role, and each flow carries its own ids and
 * addresses. The whole-cluster matrix asks the same combiner through `allowsDirection`.
 */

/** A connection's verdict without the parts that name its ends (shared per class pair and port). */
export type PairVerdict = Omit<FlowVerdict, 'flow' | 'addresses' | 'via' | 'problem'>;

/** Returns whether a pod is a DNS resolver (a `k8s-app=kube-dns` pod in `kube-system`). */
export function isResolver(view: PodView): boolean {
  return view.pod.namespace === 'kube-system' && view.pod.labels['k8s-app'] === 'kube-dns';
}

/** Returns the class of an endpoint view of the analysis. */
export function classOf(analysis: Analysis, view: EndpointView): EndpointClass {
  const cls = analysis.classes[analysis.classOf[analysis.indexOf(view.id)] ?? -1];
  if (!cls) throw new Error(`endpoint ${view.id} is not part of the analysis`);
  return cls;
}

/** Returns the query for one direction of `from → to`; the subject (source for egress) must be a pod. */
export function directionQuery(
  analysis: Analysis,
  direction: Direction,
  from: EndpointView,
  to: EndpointView,
  port: number,
  protocol: Protocol,
  observedNames: readonly string[] = [],
  http?: HttpRequest,
): DirectionQuery {
  const egress = direction === 'egress';
  const peer = egress ? to : from;
  return {
    direction,
    subject: (egress ? from : to) as PodView,
    peer,
    destination: to,
    // Decision 0013: egress tests the destination's first address, ingress the source's address of that family.
    peerAddress: peerAddress(peer, egress ? 0 : sourceSlot(from, to)),
    peerClass: classOf(analysis, peer).index,
    port,
    protocol,
    observedNames,
    ...(http ? { http } : {}),
    options: analysis.options,
  };
}

function fixed(direction: Direction, decision: 'not-enforced' | 'loopback'): DirectionVerdict {
  return { direction, allowed: true, decision, effects: [], decidedBy: -1, unselected: [] };
}

/** Returns why no policy selects the subject: the namespaced policies of its namespace that miss it. */
function unselected(analysis: Analysis, subject: PodView, direction: Direction): Effect[] {
  const out: Effect[] = [];
  for (const target of analysis.targetsFor(subject.namespace.name)) {
    if (target.subjectNamespace !== subject.namespace.name || out.length >= 3) continue;
    const why = target.whyNotSelected(subject, direction);
    if (why.length > 0 && why[0]?.code !== 'no-section')
      out.push({ kind: 'not-selected', tier: target.tier, policy: target.ref, why });
  }
  return out;
}

/**
 * One direction of `from → to`, with the effects of every policy the tiers consulted. `loopback` says the
 * two ends are one pod (the views may stand for two members of one class, so it cannot be told from them).
 */
export function traceDirection(
  analysis: Analysis,
  direction: Direction,
  from: EndpointView,
  to: EndpointView,
  port: number,
  protocol: Protocol,
  observedNames: readonly string[] = [],
  loopback = false,
  http?: HttpRequest,
): DirectionVerdict {
  const subject = direction === 'egress' ? from : to;
  if (subject.kind !== 'pod') return fixed(direction, 'not-enforced');
  // https://kubernetes.io/docs/concepts/services-networking/network-policies/#what-you-can-t-do-with-network-policies-at-least-not-yet (loopback)
  if (loopback) return fixed(direction, 'loopback');
  const query = directionQuery(analysis, direction, from, to, port, protocol, observedNames, http);
  const cls = classOf(analysis, subject);
  const selecting = cls.selecting[direction];
  const effects: Effect[] = [];
  const byTarget: number[] = [];
  const code = combineTiers(selecting, cls.tiers[direction], (i) => {
    const effect = traceTarget(selecting[i] ?? (undefined as never), query);
    byTarget[i] = effects.length;
    effects.push(effect);
    return outcomeOf(effect);
  });
  const by = combinedBy(code);
  const decision = combinedDecision(code);
  // A later tier the decision made moot (a Baseline policy behind an isolating NetworkPolicy) is said, not hidden.
  const notConsulted = selecting
    .filter((_, i) => byTarget[i] === undefined)
    .map((t) => ({ tier: t.tier, policy: t.ref }));
  return {
    direction,
    allowed: combinedAllows(code),
    decision,
    effects,
    decidedBy: by < 0 ? -1 : (byTarget[by] ?? -1),
    unselected: decision === 'not-selected' ? unselected(analysis, subject, direction) : [],
    ...(notConsulted.length > 0 ? { notConsulted } : {}),
  };
}

/**
 * Returns whether one direction of `from → to` is allowed: the same combiner and target evaluation as
 * `traceDirection`, without effects, with outcomes cached per class (`OutcomeCache`). `from` and `to` may
 * be one view standing for two members of a class, so loopback is the caller's concern.
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
  const egress = direction === 'egress';
  const subject = egress ? from : to;
  if (subject.kind !== 'pod') return true;
  const rows = directionRows(analysis, subject, direction, port, protocol);
  const peer = egress ? to : from;
  return rows.allows(classOf(analysis, peer).index, egress ? 0 : sourceSlot(from, to), () =>
    directionQuery(analysis, direction, from, to, port, protocol, observedNames),
  );
}

/** Returns the answers of a pod's class in one direction on one port, towards any peer class. */
export function directionRows(
  analysis: Analysis,
  subject: PodView,
  direction: Direction,
  port: number,
  protocol: Protocol,
): DirectionRows {
  const cls = classOf(analysis, subject);
  return new DirectionRows(
    analysis.outcomes,
    analysis.memo,
    cls.representative as PodView,
    cls.index,
    cls.selecting[direction],
    cls.tiers[direction],
    direction,
    port,
    protocol,
  );
}

/** The DNS lookup step: the source asks the resolver on 53/UDP (and 53/TCP for large answers). */
export function evaluateDns(analysis: Analysis, from: PodView, name: string): DnsLookupVerdict {
  const resolver = analysis.resolver;
  if (!resolver) {
    const step: DnsStep = {
      egress: fixed('egress', 'not-enforced'),
      ingress: fixed('ingress', 'not-enforced'),
      allowed: true,
    };
    return { name, allowed: true, udp: step, tcp: step, fqdnVisible: false };
  }
  const step = (protocol: Protocol): DnsStep => {
    const egress = traceDirection(analysis, 'egress', from, resolver, 53, protocol);
    const ingress = traceDirection(analysis, 'ingress', from, resolver, 53, protocol);
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

/** Computes the connection `from → to` on `port` (the port reached, a Service's target port), and its request. */
function computePair(
  analysis: Analysis,
  from: EndpointView,
  to: EndpointView,
  port: number,
  protocol: Protocol,
  loopback: boolean,
  http: HttpRequest | undefined,
): PairVerdict {
  // A DNS resolver (any kube-dns pod) resolves names itself: its flows have no lookup step (decision 0006).
  const names =
    to.kind === 'external' && from.kind === 'pod' && !isResolver(from) ? to.external.dnsNames : [];
  const dns =
    from.kind === 'pod' && names[0] !== undefined ? evaluateDns(analysis, from, names[0]) : undefined;
  const observed = from.kind === 'pod' && names.length > 0 ? dnsVisibleNames(analysis, from, names) : [];
  const egress = traceDirection(analysis, 'egress', from, to, port, protocol, observed, loopback, http);
  const ingress = traceDirection(analysis, 'ingress', from, to, port, protocol, observed, loopback, http);
  const connection: PairVerdict = {
    allowed: egress.allowed && ingress.allowed,
    egress,
    ingress,
    outcome: connectionOutcome(egress, ingress),
  };
  return dns ? afterLookup(connection, dns) : connection;
}

/**
 * Returns a connection's verdict behind its DNS lookup (decision 0006): a blocked lookup means the client
 * never learns an address, so the flow is denied and resolving timed out, whatever the connection says.
 */
export function afterLookup<V extends PairVerdict>(verdict: V, dns: DnsLookupVerdict): V {
  return {
    ...verdict,
    dns,
    allowed: dns.allowed && verdict.allowed,
    outcome: dns.allowed ? verdict.outcome : 'resolving-timed-out',
  };
}

/**
 * Returns the verdict of a flow that named its destination by a DNS name the resolver answers (a Service's):
 * the lookup of `name` first, then the connection. A resolver asks no one (decision 0006).
 */
export function withLookup(
  analysis: Analysis,
  verdict: FlowVerdict,
  from: EndpointView,
  name: string,
): FlowVerdict {
  if (from.kind !== 'pod' || isResolver(from)) return verdict;
  const resolver = analysis.resolver;
  const looked = afterLookup(verdict, evaluateDns(analysis, from, name));
  return resolver
    ? { ...looked, addresses: { ...verdict.addresses, lookup: flowAddresses(from, resolver) } }
    : looked;
}

/**
 * What the learner sees once the name resolved. Both directions allow: connected, or, when HTTP rules
 * filter a direction, connected with requests filtered. A direction that refuses the request while the
 * other lets the connection open: the connection opens and the proxy answers HTTP 403. Otherwise a
 * direction drops the connection: it times out.
 */
function connectionOutcome(egress: DirectionVerdict, ingress: DirectionVerdict): FlowOutcome {
  const opens = (v: DirectionVerdict): boolean => v.allowed || v.decision === 'request-denied';
  if (!opens(egress) || !opens(ingress)) return 'connection-timed-out';
  if (!egress.allowed || !ingress.allowed) return 'request-denied';
  const filtered = egress.decision === 'requests-filtered' || ingress.decision === 'requests-filtered';
  return filtered ? 'requests-filtered' : 'connected';
}

/** Evaluates a connection between known endpoints; `port` is the port actually reached (a Service's target port). */
export function evaluateResolved(
  analysis: Analysis,
  flow: Flow,
  from: EndpointView,
  to: EndpointView,
  port: number,
  pods?: PodPair,
): FlowVerdict {
  // Loopback is per endpoint, not per class: two members of one class are two pods. A workload's
  // template stands for all its pods, so it talking to itself is two of them talking, unless the flow is
  // known to stay in one pod (`same-pod`); a listed pod talking to itself is loopback unless `two-pods`.
  const http = httpOf(flow);
  const template = from.kind === 'pod' && from.pod.template !== undefined;
  const loopback = from.id === to.id && (pods === 'same-pod' || (pods === undefined && !template));
  const pair = loopback
    ? computePair(analysis, from, to, port, flow.protocol, true, http)
    : sharedPair(analysis, from, to, port, flow.protocol, http);
  return withEnds(analysis, pair, flow, from, to);
}

/** Gives a connection's verdict the flow's own ids and addresses. */
function withEnds(
  analysis: Analysis,
  pair: PairVerdict,
  flow: Flow,
  from: EndpointView,
  to: EndpointView,
): FlowVerdict {
  const resolver = analysis.resolver;
  const addresses = flowAddresses(from, to);
  return {
    ...pair,
    flow,
    addresses: pair.dns && resolver ? { ...addresses, lookup: flowAddresses(from, resolver) } : addresses,
  };
}

/**
 * Evaluates a flow between two endpoints with the endpoints themselves, not their classes' representatives:
 * what every shared verdict must equal (the tests compare the two on generated clusters).
 */
export function evaluateAlone(analysis: Analysis, flow: Flow): FlowVerdict | undefined {
  const from = analysis.endpoint(flow.from);
  const to = analysis.endpoint(flow.to);
  if (!from || !to) return undefined;
  return withEnds(
    analysis,
    computePair(analysis, from, to, flow.port, flow.protocol, from.id === to.id, httpOf(flow)),
    flow,
    from,
    to,
  );
}

/** The flow's HTTP request, when it can carry one: HTTP rides on TCP only. */
function httpOf(flow: Flow): HttpRequest | undefined {
  return flow.protocol === 'TCP' ? flow.http : undefined;
}

function sharedPair(
  analysis: Analysis,
  from: EndpointView,
  to: EndpointView,
  port: number,
  protocol: Protocol,
  http: HttpRequest | undefined,
): PairVerdict {
  const fromClass = classOf(analysis, from);
  const toClass = classOf(analysis, to);
  const key = `${fromClass.index}|${toClass.index}|${port}|${protocol}${http ? `|${requestKey(http)}` : ''}`;
  let pair = analysis.verdicts.get(key);
  if (!pair) {
    const [a, b] = [fromClass.representative, toClass.representative];
    pair = computePair(analysis, a, b, port, protocol, false, http);
    analysis.verdicts.set(key, pair);
  }
  return pair;
}

/**
 * Which pods a flow whose two ends name the same workload runs between, when that is known (observed
 * traffic): `same-pod` is a pod talking to itself (loopback, never policed); `two-pods` is two different
 * pods of it (policed like any pod-to-pod traffic, even when one template stands for all its pods).
 * Without it, such a flow runs between two members where the workload lists two, else is loopback.
 */
export type PodPair = 'same-pod' | 'two-pods';

/**
 * Evaluates one flow: DNS step (for named external endpoints and Services named by DNS name), the source's
 * egress AND the destination's ingress. Either end may name a workload (all its pods): the flow is then evaluated for one pod of each
 * class among them, and allowed only when every such connection is; the verdict shown is the first denied
 * one (else the first whose requests HTTP rules filter), and `members` says which pods it was evaluated for.
 * `pods` says, for a flow within one workload, whether it is loopback or between two of its pods.
 */
export function evaluateFlow(analysis: Analysis, flow: Flow, pods?: PodPair): FlowVerdict {
  const from = analysis.resolve(flow.from);
  // A bare Service name is looked up through the source's search list, in its own namespace first.
  const to = analysis.resolve(flow.to, from?.kind === 'unit' ? from.unit.namespace : undefined);
  if (!from || from.kind !== 'unit') return unknownEndpoint(flow, flow.from);
  if (!to) return unknownEndpoint(flow, flow.to);
  const sources = representatives(analysis, from.unit.members);
  let first: FlowVerdict | undefined;
  for (const source of sources) {
    const within = to.kind === 'unit' && to.unit === from.unit;
    const targets =
      to.kind === 'service'
        ? [undefined]
        : within && pods === 'same-pod'
          ? [source]
          : representatives(analysis, to.unit.members, within ? source : undefined);
    for (const target of targets) {
      const verdict = withMembers(
        target === undefined || to.kind === 'service'
          ? resolveServiceFlow(analysis, flow, source, to as Extract<Resolved, { kind: 'service' }>)
          : evaluateResolved(analysis, flow, source, target, flow.port, within ? pods : undefined),
        flow,
        source,
        target,
      );
      if (!verdict.allowed) return verdict;
      if (!first || (first.outcome !== 'requests-filtered' && verdict.outcome === 'requests-filtered'))
        first = verdict;
    }
  }
  return first ?? unknownEndpoint(flow, flow.to);
}

/** One member of each class among `members` (for a workload talking to itself: another pod than `self` where there is one). */
function representatives(
  analysis: Analysis,
  members: readonly number[],
  self?: EndpointView,
): EndpointView[] {
  const seen = new Map<number, EndpointView>();
  for (const i of members) {
    const view = analysis.endpoints[i];
    const cls = analysis.classOf[i];
    if (!view || cls === undefined) continue;
    const known = seen.get(cls);
    if (!known || (known === self && view !== self)) seen.set(cls, view);
  }
  return [...seen.values()];
}

function withMembers(
  verdict: FlowVerdict,
  flow: Flow,
  source: EndpointView,
  target: EndpointView | undefined,
): FlowVerdict {
  const named = source.id !== flow.from || (target !== undefined && target.id !== flow.to);
  if (!named) return verdict;
  return {
    ...verdict,
    members: { source: source.id, ...(target !== undefined ? { destination: target.id } : {}) },
  };
}

function unknownEndpoint(flow: Flow, id: EndpointId): FlowVerdict {
  const blocked = (direction: Direction): DirectionVerdict => ({
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
    problem: { code: 'unknown-endpoint', id },
  };
}
