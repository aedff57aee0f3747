/**
 * A deliberately naive, independent evaluator of the lab's policy model, for differential tests and the
 * bench. It reads the cluster and the validated policy objects and walks every policy for every flow,
 * caching nothing. It is written from the Kubernetes, Cilium and network-policy-api documentation and
 * the decision records (0003 ipBlock and pods, 0004 Services and loopback, 0006 the DNS lookup step,
 * 0010 Cilium and tiers, 0013 one address pair per flow), never from the engine's matchers.
 *
 * Tiers: admin (by priority; the first matching rule decides; Pass goes on to the next tier) →
 * namespaced (NetworkPolicy v1 and Cilium: any deny wins, else any allow, else — when only Cilium rules
 * with HTTP rules match — the connection opens with its requests filtered, or the flow's request is
 * refused with HTTP 403 (decision 0125), else denied when a policy isolates the subject) → baseline
 * (like admin) → allowed.
 */
import type { Cluster, Flow, HttpRequest, Policy, Protocol, Service } from '../../src/engine/index.ts';
import { ciliumEffect, isCilium } from './cilium.ts';
import { clusterAction, placementOf } from './cluster-policy.ts';
import {
  addressPair,
  findEndpoint,
  findResolver,
  isResolver,
  type DirectionQuery,
  type Endpoint,
  type PodEndpoint,
} from './endpoints.ts';
import { networkPolicyEffect, type NamespacedEffect } from './networkpolicy.ts';

/** Engine options the oracle follows (decision 0003). */
export interface OracleOptions {
  /** Whether NetworkPolicy ipBlock peers match pod addresses; default true. */
  readonly ipBlockMatchesPods?: boolean;
}

/** What the learner would see. */
export type Outcome =
  'connected' | 'requests-filtered' | 'request-denied' | 'resolving-timed-out' | 'connection-timed-out';

/** One direction's answer: `filtered`: open, HTTP rules judge each request; `refused`: open, this request gets 403. */
type Answer = 'allowed' | 'denied' | 'filtered' | 'refused';

/** The oracle's answer for one flow. */
export interface OracleVerdict {
  readonly allowed: boolean;
  readonly outcome: Outcome;
}

interface Context {
  readonly cluster: Cluster;
  readonly policies: readonly Policy[];
  readonly ipBlockMatchesPods: boolean;
}

/** Runs one cluster-wide tier: the first policy (by priority, then as loaded) whose rule matches decides. */
function tierAnswer(ctx: Context, tier: 'admin' | 'baseline', query: DirectionQuery): boolean | undefined {
  const placed = ctx.policies
    .map((policy, order) => ({ policy, order, placement: placementOf(policy) }))
    .filter((p) => p.placement?.tier === tier)
    .sort((a, b) => (a.placement?.priority ?? 0) - (b.placement?.priority ?? 0) || a.order - b.order);
  for (const { policy } of placed) {
    const action = clusterAction(policy, query);
    if (action === 'allow') return true;
    if (action === 'deny') return false;
    if (action === 'pass') return undefined;
  }
  return undefined;
}

function namespacedEffect(policy: Policy, query: DirectionQuery): NamespacedEffect | undefined {
  if (policy.kind === 'NetworkPolicy') return networkPolicyEffect(policy, query);
  if (isCilium(policy)) return ciliumEffect(policy, query);
  return undefined;
}

/** Runs the namespaced tier: undefined when it leaves the decision to the next tier. */
function namespacedAnswer(ctx: Context, query: DirectionQuery): Answer | undefined {
  const effects = ctx.policies.flatMap((policy) => namespacedEffect(policy, query) ?? []);
  if (effects.some((e) => e.denies)) return 'denied';
  if (effects.some((e) => e.allows)) return 'allowed';
  // The proxy answers requests on a connection only HTTP-aware rules let open, isolated or not.
  if (effects.some((e) => e.held)) return query.http ? 'refused' : 'filtered';
  if (effects.some((e) => e.isolates)) return 'denied';
  return undefined;
}

const word = (allowed: boolean | undefined): Answer | undefined =>
  allowed === undefined ? undefined : allowed ? 'allowed' : 'denied';

function directionAnswer(ctx: Context, query: DirectionQuery): Answer {
  return (
    word(tierAnswer(ctx, 'admin', query)) ??
    namespacedAnswer(ctx, query) ??
    word(tierAnswer(ctx, 'baseline', query)) ??
    'allowed'
  );
}

/**
 * What `source` sees opening a connection to `destination` (both directions; a pod to itself always may),
 * and sending `http` on it: dropped by either direction, refused by the HTTP rules of either, filtered.
 */
function connects(
  ctx: Context,
  source: Endpoint,
  destination: Endpoint,
  port: number,
  protocol: Protocol,
  http: HttpRequest | undefined,
): Outcome {
  if (source.kind === 'pod' && destination.kind === 'pod' && source.id === destination.id) return 'connected';
  const pair = addressPair(source, destination);
  const base = {
    cluster: ctx.cluster,
    policies: ctx.policies,
    destination,
    port,
    protocol,
    ipBlockMatchesPods: ctx.ipBlockMatchesPods,
    ...(http && protocol === 'TCP' ? { http } : {}),
  };
  const egress: Answer =
    source.kind !== 'pod'
      ? 'allowed'
      : directionAnswer(ctx, {
          ...base,
          direction: 'egress',
          subject: source,
          peer: destination,
          ...(pair.destination ? { peerAddress: pair.destination } : {}),
        });
  const ingress: Answer =
    destination.kind !== 'pod'
      ? 'allowed'
      : directionAnswer(ctx, {
          ...base,
          direction: 'ingress',
          subject: destination,
          peer: source,
          ...(pair.source ? { peerAddress: pair.source } : {}),
        });
  const answers = [egress, ingress];
  if (answers.includes('denied')) return 'connection-timed-out';
  if (answers.includes('refused')) return 'request-denied';
  return answers.includes('filtered') ? 'requests-filtered' : 'connected';
}

const DENIED: OracleVerdict = { allowed: false, outcome: 'connection-timed-out' };

function verdictOf(outcome: Outcome): OracleVerdict {
  return { allowed: outcome === 'connected' || outcome === 'requests-filtered', outcome };
}

/**
 * The Service a flow's destination names: `namespace/name`, `namespace/Service/name` (its cluster IP, no
 * lookup), or a DNS name (`name.namespace[.svc[.cluster.local]]`, a trailing dot only on the full name; a
 * bare `name` in the source's namespace), which the client must look up first. Kubernetes DNS for Services:
 * https://kubernetes.io/docs/concepts/services-networking/dns-pod-service/
 */
function serviceNamed(
  cluster: Cluster,
  to: string,
  sourceNamespace: string | undefined,
): { service: Service; lookup?: string } | undefined {
  const find = (namespace: string | undefined, name: string | undefined) =>
    cluster.services.find((s) => s.namespace === namespace && s.name === name);
  const byId = /^([^/]+)\/(?:[Ss][Ee][Rr][Vv][Ii][Cc][Ee]\/)?([^/]+)$/.exec(to);
  if (byId) {
    const service = find(byId[1], byId[2]);
    return service ? { service } : undefined;
  }
  const dns = /^([a-z0-9-]+)(?:\.([a-z0-9-]+)(?:\.svc(?:\.cluster\.local\.?)?)?)?$/.exec(to.toLowerCase());
  if (!dns || (to.endsWith('.') && !to.toLowerCase().endsWith('.svc.cluster.local.'))) return undefined;
  const service = find(dns[2] ?? sourceNamespace, dns[1]);
  return service ? { service, lookup: `${service.name}.${service.namespace}.svc.cluster.local` } : undefined;
}

/** The backing pods of a Service port, each with its resolved target port (pods that lack a named target port are no backends). */
function backends(
  ctx: Context,
  service: Service | undefined,
  flow: Flow,
): { pod: PodEndpoint; port: number }[] {
  const servicePort = service?.ports.find((p) => p.port === flow.port && p.protocol === flow.protocol);
  if (!service || !servicePort || Object.keys(service.selector).length === 0) return [];
  return ctx.cluster.pods.flatMap((pod) => {
    if (pod.namespace !== service.namespace) return [];
    if (!Object.entries(service.selector).every(([k, v]) => pod.labels[k] === v)) return [];
    const target = servicePort.targetPort;
    const port =
      typeof target === 'number'
        ? target
        : pod.ports.find((p) => p.name === target && p.protocol === servicePort.protocol)?.containerPort;
    return port === undefined
      ? []
      : [{ pod: { kind: 'pod' as const, id: `${pod.namespace}/${pod.name}`, pod }, port }];
  });
}

/** The oracle's verdict for one flow. */
export function oracleVerdict(
  cluster: Cluster,
  policies: readonly Policy[],
  flow: Flow,
  options: OracleOptions = {},
): OracleVerdict {
  const ctx: Context = { cluster, policies, ipBlockMatchesPods: options.ipBlockMatchesPods ?? true };
  const source = findEndpoint(cluster, flow.from);
  if (!source) return DENIED;
  const destination = findEndpoint(cluster, flow.to);
  const resolver = findResolver(cluster);
  if (!destination) {
    const named = serviceNamed(cluster, flow.to, source.kind === 'pod' ? source.pod.namespace : undefined);
    const pods = backends(ctx, named?.service, flow);
    if (pods.length === 0) return DENIED;
    const looksUp = named?.lookup !== undefined && source.kind === 'pod' && !isResolver(source);
    if (looksUp && resolver && connects(ctx, source, resolver, 53, 'UDP', undefined) !== 'connected')
      return { allowed: false, outcome: 'resolving-timed-out' };
    // Every backend must answer; the first that does not is what the learner sees, else any filtering one.
    const outcomes = pods.map((b) =>
      verdictOf(connects(ctx, source, b.pod, b.port, flow.protocol, flow.http)),
    );
    return (
      outcomes.find((v) => !v.allowed) ??
      outcomes.find((v) => v.outcome === 'requests-filtered') ??
      verdictOf('connected')
    );
  }
  const needsLookup =
    source.kind === 'pod' &&
    !isResolver(source) &&
    destination.kind === 'external' &&
    destination.external.dnsNames.length > 0;
  if (needsLookup && resolver && connects(ctx, source, resolver, 53, 'UDP', undefined) !== 'connected')
    return { allowed: false, outcome: 'resolving-timed-out' };
  return verdictOf(connects(ctx, source, destination, flow.port, flow.protocol, flow.http));
}

/** The oracle's verdicts for many flows, in order (what the bench compares the engine with). */
export function oracleVerdicts(
  cluster: Cluster,
  policies: readonly Policy[],
  flows: readonly Flow[],
  options: OracleOptions = {},
): OracleVerdict[] {
  return flows.map((flow) => oracleVerdict(cluster, policies, flow, options));
}
