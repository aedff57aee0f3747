/**
 * A deliberately naive, independent evaluator of the lab's policy model, for differential tests and the
 * bench. It reads the cluster and the validated policy objects and walks every policy for every flow,
 * caching nothing. It is written from the Kubernetes, Cilium and network-policy-api documentation and
 * the decision records (0003 ipBlock and pods, 0004 Services and loopback, 0006 the DNS lookup step,
 * 0010 Cilium and tiers, 0013 one address pair per flow), never from the engine's matchers.
 *
 * Tiers: admin (by priority; the first matching rule decides; Pass goes on to the next tier) →
 * namespaced (NetworkPolicy v1 and Cilium: any deny wins, else any allow, else denied when a policy
 * isolates the subject) → baseline (like admin) → allowed.
 */
import type { Cluster, Flow, Policy, Protocol } from '../../src/engine/index.ts';
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
export type Outcome = 'connected' | 'resolving-timed-out' | 'connection-timed-out';

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
function namespacedAnswer(ctx: Context, query: DirectionQuery): boolean | undefined {
  const effects = ctx.policies.flatMap((policy) => namespacedEffect(policy, query) ?? []);
  if (effects.some((e) => e.denies)) return false;
  if (effects.some((e) => e.allows)) return true;
  if (effects.some((e) => e.isolates)) return false;
  return undefined;
}

function directionAllowed(ctx: Context, query: DirectionQuery): boolean {
  return (
    tierAnswer(ctx, 'admin', query) ??
    namespacedAnswer(ctx, query) ??
    tierAnswer(ctx, 'baseline', query) ??
    true
  );
}

/** Whether `source` may open a connection to `destination` (both directions; a pod to itself always may). */
function connects(
  ctx: Context,
  source: Endpoint,
  destination: Endpoint,
  port: number,
  protocol: Protocol,
): boolean {
  if (source.kind === 'pod' && destination.kind === 'pod' && source.id === destination.id) return true;
  const pair = addressPair(source, destination);
  const base = {
    cluster: ctx.cluster,
    policies: ctx.policies,
    destination,
    port,
    protocol,
    ipBlockMatchesPods: ctx.ipBlockMatchesPods,
  };
  const egressOk =
    source.kind !== 'pod' ||
    directionAllowed(ctx, {
      ...base,
      direction: 'egress',
      subject: source,
      peer: destination,
      ...(pair.destination ? { peerAddress: pair.destination } : {}),
    });
  const ingressOk =
    destination.kind !== 'pod' ||
    directionAllowed(ctx, {
      ...base,
      direction: 'ingress',
      subject: destination,
      peer: source,
      ...(pair.source ? { peerAddress: pair.source } : {}),
    });
  return egressOk && ingressOk;
}

const DENIED: OracleVerdict = { allowed: false, outcome: 'connection-timed-out' };
const CONNECTED: OracleVerdict = { allowed: true, outcome: 'connected' };

/** The backing pods of a Service port, each with its resolved target port (pods that lack a named target port are no backends). */
function backends(ctx: Context, id: string, flow: Flow): { pod: PodEndpoint; port: number }[] {
  const service = ctx.cluster.services.find((s) => `${s.namespace}/${s.name}` === id);
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
  if (!destination) {
    const pods = backends(ctx, flow.to, flow);
    if (pods.length === 0) return DENIED;
    const all = pods.every((b) => connects(ctx, source, b.pod, b.port, flow.protocol));
    return all ? CONNECTED : DENIED;
  }
  const resolver = findResolver(cluster);
  const needsLookup =
    source.kind === 'pod' &&
    !isResolver(source) &&
    destination.kind === 'external' &&
    destination.external.dnsNames.length > 0;
  if (needsLookup && resolver && !connects(ctx, source, resolver, 53, 'UDP'))
    return { allowed: false, outcome: 'resolving-timed-out' };
  return connects(ctx, source, destination, flow.port, flow.protocol) ? CONNECTED : DENIED;
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
