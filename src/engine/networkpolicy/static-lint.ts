import type { DiagnosticSink } from '../model/diagnostic.ts';
import type {
  LabelSelectorSpec,
  NetworkPolicyPeerSpec,
  NetworkPolicyRuleSpec,
  NetworkPolicySpec,
} from '../model/policy.ts';
import type { SourceDoc } from '../model/source.ts';
import { lintCidrHostBits } from '../validate/cidr-lint.ts';

/** Whether a selector is `{}` (selects everything). */
export function isEmptySelector(selector: LabelSelectorSpec | null | undefined): boolean {
  return (
    !!selector &&
    Object.keys(selector.matchLabels ?? {}).length === 0 &&
    (selector.matchExpressions ?? []).length === 0
  );
}

/**
 * Whether a peer is the standard DNS idiom: `namespaceSelector: {}` (or kube-system) with
 * `podSelector: {matchLabels: {k8s-app: kube-dns}}`, the label every kube-dns and CoreDNS install carries.
 */
export function isDnsIdiom(peer: NetworkPolicyPeerSpec): boolean {
  return peer.podSelector?.matchLabels?.['k8s-app'] === 'kube-dns';
}

/** Lint that needs only the policy itself: all-namespace grants, CIDRs with host bits set, and rules split by a stray `-`. */
export function lintNetworkPolicyShape(doc: SourceDoc, sink: DiagnosticSink): void {
  const spec = (doc.value as { spec?: NetworkPolicySpec | null }).spec ?? {};
  for (const direction of ['ingress', 'egress'] as const) {
    const rules = spec[direction] ?? [];
    const peersKey = direction === 'ingress' ? 'from' : 'to';
    rules.forEach((rule, r) => {
      (rule[peersKey] ?? []).forEach((peer, p) => {
        // Egress to kube-dns in any namespace is how nearly every policy set allows lookups: not an over-grant.
        if (isEmptySelector(peer.namespaceSelector) && !(direction === 'egress' && isDnsIdiom(peer))) {
          sink.warn(
            'lint/all-namespaces',
            ['spec', direction, r, peersKey, p, 'namespaceSelector'],
            `namespaceSelector: {} selects every namespace, so this peer ${peer.podSelector ? 'matches its pods in all namespaces' : 'matches every pod in the cluster'}`,
            'Select the namespaces you mean by label, e.g. `kubernetes.io/metadata.name: <namespace>`; keep `{}` only if every namespace, including ones created later, is meant.',
          );
        }
        const block = peer.ipBlock;
        const at = ['spec', direction, r, peersKey, p, 'ipBlock'] as const;
        if (typeof block?.cidr === 'string') lintCidrHostBits(block.cidr, [...at, 'cidr'], sink);
        (block?.except ?? []).forEach((e, i) => {
          if (typeof e === 'string') lintCidrHostBits(e, [...at, 'except', i], sink);
        });
      });
    });
    lintSplitRules(rules, direction, peersKey, sink);
  }
}

// A stray `-` before `ports:` turns one rule into two OR'ed rules: one with peers on every port,
// one with the ports for every peer. https://kubernetes.io/docs/concepts/services-networking/network-policies/#behavior-of-to-and-from-selectors
function lintSplitRules(
  rules: readonly NetworkPolicyRuleSpec[],
  direction: 'ingress' | 'egress',
  peersKey: 'from' | 'to',
  sink: DiagnosticSink,
): void {
  const peersOnly = rules.findIndex((r) => (r[peersKey] ?? []).length > 0 && r.ports === undefined);
  const portsOnly = rules.findIndex((r) => (r.ports ?? []).length > 0 && r[peersKey] === undefined);
  if (peersOnly < 0 || portsOnly < 0) return;
  sink.warn(
    'lint/split-rule',
    ['spec', direction, portsOnly],
    `${direction}[${portsOnly}] has ports but no \`${peersKey}\` and ${direction}[${peersOnly}] has \`${peersKey}\` but no ports: as two rules they allow ${direction === 'ingress' ? 'those sources' : 'those destinations'} on every port and these ports for everyone`,
    `If they belong together, remove the \`-\` before \`ports:\` so ${peersKey} and ports form one rule.`,
  );
}
