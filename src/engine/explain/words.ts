import type { PeerTest, PortTest, TargetRule } from '../model/target.ts';
import type { Direction, HttpRequest, Protocol } from '../model/types.ts';
import type { AddressUse, PeerHit, PeerMiss, RuleMiss, SelectorMiss, SubjectMiss } from '../model/verdict.ts';
import { assertNever } from '../model/assert.ts';
import { describeSelector } from '../cilium/endpoint-selector.ts';
import { describeFqdnSelector } from '../cilium/fqdn.ts';
import { httpRejectText } from './http-words.ts';

/**
 * Words for the codes a verdict is made of. Reasons name the ends of a flow by role; the context
 * gives each role's id and address for the flow being explained.
 */

/** Who is who in one direction of the flow being explained. */
export interface WordsContext {
  readonly direction: Direction;
  /** The id of the endpoint whose policies apply (source for egress, destination for ingress). */
  readonly subject: string;
  /** The id of the other end. */
  readonly peer: string;
  /** The other end's address the connection uses, and why that one. */
  readonly peerAddress: AddressUse | undefined;
  readonly port: number;
  readonly protocol: Protocol;
  /** The HTTP request the flow carries, if any. */
  readonly http?: HttpRequest | undefined;
}

const code = (text: string): string => `\`${text}\``;

/** Returns a selector requirement as written: `team=search`, `env notin (dev)`, `app`, `!app`. */
export function requirementText(miss: Pick<SelectorMiss, 'key' | 'operator' | 'values'>): string {
  switch (miss.operator) {
    case 'In':
      return miss.values.length === 1
        ? `${miss.key}=${miss.values[0] ?? ''}`
        : `${miss.key} in (${miss.values.join(', ')})`;
    case 'NotIn':
      return `${miss.key} notin (${miss.values.join(', ')})`;
    case 'Exists':
      return miss.key;
    case 'DoesNotExist':
      return `!${miss.key}`;
    default:
      return assertNever(miss.operator);
  }
}

/** Returns why labels fail a Kubernetes selector requirement: "has `team=blue`, not `team=search`". */
export function selectorMissText(miss: SelectorMiss): string {
  const wanted = code(requirementText(miss));
  switch (miss.operator) {
    case 'In':
      return miss.actual === undefined
        ? `has no label ${wanted}`
        : `has ${code(`${miss.key}=${miss.actual}`)}, not ${wanted}`;
    case 'NotIn':
      return `has ${code(`${miss.key}=${miss.actual ?? ''}`)}, excluded by ${wanted}`;
    case 'Exists':
      return `has no label ${code(miss.key)}`;
    case 'DoesNotExist':
      return `has label ${code(miss.key)}, which ${wanted} excludes`;
    default:
      return assertNever(miss.operator);
  }
}

/** The label a Cilium key reads as: `namespace` for the derived namespace label, else `label \`app\``. */
function ciliumKey(key: string): string {
  const bare = key.includes(':') ? key.slice(key.indexOf(':') + 1) : key;
  return bare === 'io.kubernetes.pod.namespace' ? 'namespace' : `label ${code(bare)}`;
}

/** Returns why an endpoint's Cilium labels fail a requirement: "label `app` is `web`, not `api`". */
export function ciliumMissText(miss: SelectorMiss): string {
  const shown = ciliumKey(miss.key);
  switch (miss.operator) {
    case 'In':
      return miss.actual === undefined
        ? `has no ${shown}`
        : `${shown} is ${code(miss.actual)}, not ${miss.values.map(code).join(' or ')}`;
    case 'NotIn':
      return `${shown} is ${code(miss.actual ?? '')} (NotIn)`;
    case 'Exists':
      return `has no ${shown}`;
    case 'DoesNotExist':
      return `has ${shown} (DoesNotExist)`;
    default:
      return assertNever(miss.operator);
  }
}

/** Returns a port test as written: `80/TCP`, `8000-8080/UDP`, `http/TCP`, `any port/ANY`. */
export function portText(test: PortTest): string {
  switch (test.kind) {
    case 'any':
      return `any port/${test.protocol}`;
    case 'range':
      return `${test.start === test.end ? test.start : `${test.start}-${test.end}`}/${test.protocol}`;
    case 'named':
      return test.protocol === 'ANY' ? `named port ${test.name}` : `${test.name}/${test.protocol}`;
    default:
      return assertNever(test);
  }
}

/** Returns a peer test in short words, e.g. "pods `app=web` in namespace `shop`" or "ipBlock 10.0.0.0/8". */
export function peerText(test: PeerTest): string {
  switch (test.kind) {
    case 'v1-pods': {
      const pods = test.pods && test.pods.text !== '{}' ? `pods ${code(test.pods.text)}` : 'all pods';
      const ns = !test.namespaces
        ? `namespace ${code(test.ownNamespace)}`
        : test.namespaces.text === '{}'
          ? 'all namespaces'
          : `namespaces ${code(test.namespaces.text)}`;
      return `${pods} in ${ns}`;
    }
    case 'v1-ip':
      return `ipBlock ${test.cidr.text}${test.except.length ? ` except ${test.except.map((c) => c.text).join(', ')}` : ''}`;
    case 'cilium-endpoints':
      return code(describeSelector(test.selector));
    case 'cilium-entities':
      return `[${test.entities.join(', ')}]`;
    case 'cilium-cidr':
      return `${code(test.cidr.text)}${test.except.length ? ` except ${test.except.map((c) => c.text).join(', ')}` : ''}`;
    case 'cilium-fqdn':
      return `[${test.selectors.map(describeFqdnSelector).join('; ')}]`;
    case 'cilium-service':
      return test.text;
    case 'unmodelled':
      return code(test.field);
    case 'cluster-namespaces':
      return `namespaces ${code(test.namespaces.text)}`;
    case 'cluster-pods':
      return `pods ${code(test.pods.text)} in namespaces ${code(test.namespaces.text)}`;
    case 'cluster-networks':
      return `networks [${test.cidrs.map((c) => c.text).join(', ')}]`;
    case 'cluster-nodes':
      return `nodes ${code(test.nodes.text)}`;
    case 'cluster-domains':
      return `domainNames [${test.names.join(', ')}]`;
    default:
      return assertNever(test);
  }
}

const CHOICE: Readonly<Record<AddressUse['choice'], string>> = {
  only: 'its address',
  first: 'its first address',
  'first-ipv4': 'its first IPv4 address, the family of the other end',
  'first-ipv6': 'its first IPv6 address, the family of the other end',
};

/** Returns the peer's address as a connection uses it: "198.51.100.20 (the first address of `x`)". */
export function addressText(ctx: WordsContext): string {
  const a = ctx.peerAddress;
  return a ? `${a.text} (${CHOICE[a.choice]})` : 'no address';
}

function serviceListText(services: readonly string[], withoutSelector: readonly string[]): string {
  const names = (ids: readonly string[]) => ids.map(code).join(', ');
  const parts: string[] = [];
  if (services.length > 0) parts.push(`not a pod behind ${names(services)}`);
  if (withoutSelector.length > 0)
    parts.push(
      `not modelled for ${names(withoutSelector)}: a Service without a selector is reached through its Endpoints' addresses, which the cluster does not list`,
    );
  return parts.join('; ');
}

/** Returns why one peer test missed the other end. */
export function peerMissText(test: PeerTest, miss: PeerMiss, ctx: WordsContext): string {
  const who = code(ctx.peer);
  switch (miss.code) {
    case 'not-a-pod':
      return test.kind === 'v1-pods'
        ? `${who} is outside the pod network; only ipBlock peers match it`
        : `${who} is not a pod, so ${peerText(test)} cannot select it`;
    case 'not-in-own-namespace':
      return `${who} is not in namespace ${code(miss.namespace)} (a podSelector alone only selects pods of the policy's namespace)`;
    case 'namespace-labels':
      return `namespace ${code(miss.namespace)} ${selectorMissText(miss.miss)}`;
    case 'pod-labels':
      return `pod ${who} ${selectorMissText(miss.miss)}`;
    case 'endpoint-labels':
      return `${test.path}: ${who} ${ciliumMissText(miss.miss)}`;
    case 'endpoints-select-pods':
      return `${who} is outside the pod network; ${test.path} selects only pods (use ${ctx.direction === 'egress' ? 'toEntities, toCIDR or toFQDNs' : 'fromEntities or fromCIDR'})`;
    case 'pod-address-not-matched':
      return `${who} is a pod and ipBlock does not match pod IPs (option ipBlockMatchesPods is off)`;
    case 'no-address':
      return `${who} has no IP address`;
    case 'outside-cidr':
      return `${addressText(ctx)} of ${who} is outside ${miss.cidrs.join(', ')}`;
    case 'excepted':
      return `${addressText(ctx)} of ${who} is in ${miss.cidr} but in the excepted block ${miss.except}`;
    case 'cidr-never-pods':
      return `${test.path} never selects pods in Cilium (${who} is a pod)`;
    case 'cidr-never-nodes':
      return `${test.path} never selects node addresses (${who} is ${code(miss.entity)})`;
    case 'not-in-entities':
      return `${who} is in none of ${test.path} [${miss.entities.join(', ')}] (it is ${miss.has.join(', ')})`;
    case 'fqdn-not-external':
      return `toFQDNs selects only addresses outside the cluster, not pod ${who}`;
    case 'fqdn-no-names':
      return `${who} has no DNS name, so toFQDNs ${peerText(test)} cannot select it`;
    case 'fqdn-no-match':
      return `no DNS name of ${who} (${miss.names.join(', ')}) matches toFQDNs ${peerText(test)}`;
    case 'fqdn-not-observed':
      return `${code(miss.name)} matches toFQDNs ${peerText(test)}, but the pod's lookup did not pass a DNS rule (\`toPorts[].rules.dns\`) so Cilium never learned its address`;
    case 'unmodelled':
      return `${code(miss.field)} is not modelled by this engine, so it selects nothing`;
    case 'service-none':
      return `${test.path} (${peerText(test)}) names no Service of the cluster, so it selects nothing`;
    case 'service-backends':
      return `${test.path}: ${who} is ${serviceListText(miss.services, miss.withoutSelector)}`;
    case 'not-a-node':
      return `${who} is not a node`;
    case 'domain-no-names':
      return `${who} has no DNS name`;
    case 'domain-no-match':
      return `no DNS name of ${who} (${miss.names.join(', ')}) is in ${peerText(test)}`;
    default:
      return assertNever(miss);
  }
}

/** Returns why a rule missed: its peers' misses, or its ports, or that it can never match. */
export function ruleMissText(rule: TargetRule, miss: RuleMiss, ctx: WordsContext): string {
  switch (miss.code) {
    case 'never':
      return miss.never === 'empty-cilium-rule'
        ? `${rule.path} is an empty rule \`{}\`: in Cilium it selects no peer, so it allows nothing (in a NetworkPolicy \`{}\` would allow everything)`
        : `${rule.path} only admits ICMP (\`icmps\`), not ${ctx.port}/${ctx.protocol}`;
    case 'peer': {
      const peers = rule.peers ?? [];
      const whys = miss.misses.map((m, i) => peerMissText(peers[i] ?? (undefined as never), m, ctx));
      const body = whys.length === 1 ? (whys[0] ?? '') : whys.map((w, i) => `peer ${i}: ${w}`).join('; ');
      return `${ruleLabel(rule)}: ${body || 'no peer'}`;
    }
    case 'port': {
      const list = (rule.ports ?? []).map(portText).join(', ');
      const hint = miss.named
        ? ` (named ports resolve against ${code(ctx.direction === 'egress' ? ctx.peer : ctx.subject)}'s container ports)`
        : '';
      return `${ruleLabel(rule)}: port ${ctx.port}/${ctx.protocol} not in its ports [${list}]${hint}`;
    }
    case 'http':
      return `${ruleLabel(rule)}: port ${ctx.port}/${ctx.protocol} matches, but ${httpRejectText(miss.filter, miss.misses)}`;
    default:
      return assertNever(miss);
  }
}

/** Returns the rule's path with its name, when it has one: "egress[2] (`deny-db`)". */
export function ruleLabel(rule: TargetRule): string {
  return rule.name !== undefined ? `${rule.path} (${code(rule.name)})` : rule.path;
}

/** Returns what a matching peer matched on. */
export function peerHitText(
  test: PeerTest | undefined,
  hit: PeerHit | undefined,
  rule: TargetRule,
  ctx: WordsContext,
): string {
  const side = ctx.direction === 'ingress' ? 'source' : 'destination';
  if (!test)
    return rule.peerField === ''
      ? `${rule.path} has no peer selector, so it applies to every peer`
      : `${rule.path} has no ${code(rule.peerField)}, so it matches every ${side}, inside or outside the cluster`;
  const base = `${side} ${code(ctx.peer)} matches ${test.path} (${peerText(test)})`;
  switch (hit?.code) {
    case undefined:
      return base;
    case 'selector': {
      // A NotIn / DoesNotExist that holds because the key is missing surprises people: say so.
      const absent = (hit.absent ?? []).map(
        (a) =>
          `${a.on === 'namespace' ? 'its namespace' : 'it'} has no label ${code(a.key)}, so \`${a.key} ${a.operator}\` holds`,
      );
      const held = (hit.notIn ?? []).map(
        (n) =>
          `${n.on === 'namespace' ? 'its namespace' : 'it'} has ${code(`${n.key}=${n.actual}`)}, and ${code(n.actual)} is not one of ${n.values.map(code).join(', ')}`,
      );
      const why = [...absent, ...held];
      return why.length > 0 ? `${base}: ${why.join('; ')}` : base;
    }
    case 'address':
      return `${base}: ${addressText(ctx)} is in ${hit.cidr}`;
    case 'pod-address':
      return `${base}: ${addressText(ctx)} is in ${hit.cidr}; ipBlock matching a pod IP depends on the network plugin (this engine matches them; option ipBlockMatchesPods)`;
    case 'entity':
      return `${base}: it is ${code(hit.entity)}`;
    case 'fqdn':
      return `${base}: ${code(hit.name)} was resolved through the DNS proxy`;
    case 'service':
      return `${base}: it is a pod behind Service ${code(hit.service)} (Cilium allows the pods its selector picks, on any port)`;
    case 'domain':
      return `${base}: ${code(hit.name)}`;
    default:
      return assertNever(hit);
  }
}

/** Returns what a matching port test matched, or that the rule admits every port. */
export function portHitText(rule: TargetRule, index: number, ctx: WordsContext): string {
  const test = rule.ports?.[index];
  if (!test) return `${rule.path} has no \`ports\`, so it matches every port and protocol`;
  const l7rules = rule.l7?.[index];
  const l7 =
    l7rules?.kind === 'unmodelled'
      ? ` (its ${code(l7rules.field)} rules then filter each message; not modelled here)`
      : l7rules?.kind === 'http' && ctx.protocol !== 'TCP'
        ? ' (its HTTP rules apply to TCP only)'
        : '';
  return `port ${ctx.port}/${ctx.protocol} matches ${test.path} (${portText(test)})${l7}`;
}

/** Returns why a policy does not select the subject. */
export function subjectMissText(miss: SubjectMiss, ctx: WordsContext): string {
  const who = code(ctx.subject);
  switch (miss.code) {
    case 'no-section':
      return `it has no ${ctx.direction} rules`;
    case 'other-namespace':
      return `it only selects pods of namespace ${code(miss.namespace)}`;
    case 'subject-labels':
      return `${miss.path}: ${who} ${miss.path.endsWith('endpointSelector') ? ciliumMissText(miss.miss) : selectorMissText(miss.miss)}`;
    case 'subject-namespace-labels':
      return `subject: namespace ${code(miss.namespace)} ${selectorMissText(miss.miss)}`;
    case 'host-policy':
      return `${miss.path} is a host policy (\`nodeSelector\`), which selects no pod`;
    default:
      return assertNever(miss);
  }
}
