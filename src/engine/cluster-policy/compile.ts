import { withRange } from '../model/located.ts';
import type { Cidr } from '../model/matchers.ts';
import type { PeerTest, PolicyTarget, PortTest, TargetRule } from '../model/target.ts';
import type { Direction, SourceRange } from '../model/types.ts';
import type { PolicyRef } from '../model/verdict.ts';
import type { ClusterPeer, ClusterPolicy, ClusterPort, ClusterRule } from './model.ts';
import { subjectMatches, subjectMisses } from './peers.ts';

/**
 * Compiles a cluster-wide policy into a target of the admin or baseline tier. Rules are tried in
 * order and the first whose peer and port match decides (Accept/Allow, Deny or Pass); the
 * combiner orders policies by priority and moves on to the next tier on Pass or no match.
 * https://network-policy-api.sigs.k8s.io/reference/spec/ — a rule matches when one peer AND one port (if any) match.
 */

const shown = (path: string): string => path.replace(/^spec\./, '');

function peerTest(peer: ClusterPeer): PeerTest {
  const path = shown(peer.path);
  switch (peer.kind) {
    case 'namespaces':
      return { kind: 'cluster-namespaces', path, namespaces: peer.namespaces };
    case 'pods':
      return { kind: 'cluster-pods', path, namespaces: peer.namespaces, pods: peer.pods };
    case 'networks':
      return { kind: 'cluster-networks', path, cidrs: peer.cidrs };
    case 'nodes':
      return { kind: 'cluster-nodes', path, nodes: peer.nodes };
    case 'domainNames':
      return { kind: 'cluster-domains', path, names: peer.names };
  }
}

function portTest(port: ClusterPort, path: string): PortTest {
  return port.kind === 'named'
    ? { kind: 'named', protocol: 'ANY', name: port.name, path }
    : { kind: 'range', protocol: port.protocol, start: port.start, end: port.end, path };
}

function compileRule(rule: ClusterRule, rangeOf: (path: string) => SourceRange | undefined): TargetRule {
  const locate = (): SourceRange | undefined => rangeOf(rule.path);
  const path = shown(rule.path);
  const portsField = rule.path.includes('.') ? `${path}.ports` : path;
  return withRange(
    {
      path,
      ...(rule.name !== undefined ? { name: rule.name } : {}),
      action: rule.action,
      actionText: rule.actionText,
      peerField: rule.path.includes('ingress') ? 'from' : 'to',
      peers: rule.peers.map((p) => withRange(peerTest(p), () => rangeOf(p.path))),
      ports: rule.ports?.map((p, i) => withRange(portTest(p, `${portsField}[${i}]`), locate)),
    },
    locate,
  );
}

/** Returns every CIDR of `networks` peers: pods are told apart by these (networks match pod addresses). */
function networkCidrs(policy: ClusterPolicy): Cidr[] {
  return [...policy.ingress, ...policy.egress].flatMap((r) =>
    r.peers.flatMap((p) => (p.kind === 'networks' ? p.cidrs : [])),
  );
}

/** Returns the compiled target; `rangeOf` maps field paths to source ranges for explanations. */
export function compileClusterPolicy(
  policy: ClusterPolicy,
  ref: PolicyRef,
  rangeOf: (path: string) => SourceRange | undefined,
): PolicyTarget {
  const rules: Readonly<Record<Direction, readonly TargetRule[]>> = {
    ingress: policy.ingress.map((r) => compileRule(r, rangeOf)),
    egress: policy.egress.map((r) => compileRule(r, rangeOf)),
  };
  return {
    ref,
    tier: policy.tier,
    priority: policy.priority,
    selects: (subject, direction) => rules[direction].length > 0 && subjectMatches(policy.subject, subject),
    whyNotSelected: (subject, direction) =>
      rules[direction].length === 0 ? [{ code: 'no-section' }] : subjectMisses(policy.subject, subject),
    isolates: () => false,
    rules: (_subject, direction) => rules[direction],
    cidrs: networkCidrs(policy),
  };
}
