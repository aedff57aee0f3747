import { DiagnosticSink } from '../model/diagnostic.ts';
import type { NetworkPolicyPeerSpec, NetworkPolicySpec, Policy } from '../model/policy.ts';
import type { Cluster, Diagnostic, Pod } from '../model/types.ts';
import { lintLocalPodSelector, lintPeerSelectors } from './selector-lint.ts';
import { cidrContains, parseCidr, parseIp } from '../match/ip.ts';
import { compileSelector, selectorMatches } from '../match/label-selector.ts';
import type { LintContext } from '../model/handler.ts';

/** Lint that needs the cluster: selection, named ports, ipBlocks over pod IPs, cross-namespace podSelectors, DNS. */
export function lintNetworkPolicyInCluster(policy: Policy, context: LintContext): Diagnostic[] {
  const sink = new DiagnosticSink(policy.source);
  const spec = (policy.object.spec ?? {}) as NetworkPolicySpec;
  const { cluster } = context;
  const namespace = policy.namespace ?? 'default';
  const selector = compileSelector(spec.podSelector);
  const selected = cluster.pods.filter(
    (p) => p.namespace === namespace && selectorMatches(selector, p.labels),
  );
  if (cluster.pods.length > 0 && selected.length === 0) {
    sink.warn(
      'lint/selects-no-pod',
      ['spec', 'podSelector'],
      `policy ${namespace}/${policy.name} selects no pod: no pod in namespace \`${namespace}\` matches \`${selector.text}\``,
      'Check the labels and the namespace: a policy applies only to pods of its own namespace.',
    );
  }
  for (const direction of ['ingress', 'egress'] as const) {
    const peersKey = direction === 'ingress' ? 'from' : 'to';
    (spec[direction] ?? []).forEach((rule, r) => {
      (rule.ports ?? []).forEach((port, i) => {
        if (typeof port.port !== 'string') return;
        const protocol = port.protocol ?? 'TCP';
        const candidates = direction === 'ingress' ? selected : cluster.pods;
        if (
          !candidates.some((pod) => pod.ports.some((p) => p.name === port.port && p.protocol === protocol))
        ) {
          sink.warn(
            'lint/unknown-named-port',
            ['spec', direction, r, 'ports', i, 'port'],
            `no ${direction === 'ingress' ? 'selected' : ''} pod defines a container port named \`${port.port}\` (${protocol}), so this port matches nothing`.replace(
              '  ',
              ' ',
            ),
            "Use the name from the destination pod's `containerPort` list, or a port number.",
          );
        }
      });
      (rule[peersKey] ?? []).forEach((peer, p) => {
        const path = ['spec', direction, r, peersKey, p];
        if (peer.ipBlock) lintIpBlock(peer.ipBlock, cluster.pods, path, sink);
        else if (cluster.pods.length > 0) lintSelectorPeer(peer, path, namespace, cluster, sink);
      });
    });
  }
  lintDns(policy, spec, selected, context, sink);
  return sink.diagnostics;
}

function lintSelectorPeer(
  peer: NetworkPolicyPeerSpec,
  path: (string | number)[],
  namespace: string,
  cluster: Cluster,
  sink: DiagnosticSink,
): void {
  if (!peer.podSelector || peer.namespaceSelector) {
    lintPeerSelectors(peer, path, namespace, cluster, sink);
    return;
  }
  const podSel = compileSelector(peer.podSelector);
  if (cluster.pods.some((pod) => pod.namespace === namespace && selectorMatches(podSel, pod.labels))) return;
  const elsewhere = cluster.pods.find(
    (pod) => pod.namespace !== namespace && selectorMatches(podSel, pod.labels),
  );
  if (!elsewhere) {
    lintLocalPodSelector(podSel, path, namespace, cluster, sink);
    return;
  }
  sink.warn(
    'lint/pod-selector-other-namespace',
    [...path, 'podSelector'],
    `podSelector \`${podSel.text}\` matches no pod in \`${namespace}\` but matches \`${elsewhere.namespace}/${elsewhere.name}\`: a podSelector alone only looks in the policy's namespace`,
    `Add \`namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: ${elsewhere.namespace}}}\` in the same peer (no extra \`-\`).`,
  );
}

function lintIpBlock(
  block: { cidr: string; except?: readonly string[] | null },
  pods: readonly Pod[],
  path: (string | number)[],
  sink: DiagnosticSink,
): void {
  const cidr = parseCidr(block.cidr);
  const except = (block.except ?? []).flatMap((e) => parseCidr(e) ?? []);
  if (!cidr) return;
  const covered = pods.filter((pod) => {
    const ip = pod.ips[0] === undefined ? undefined : parseIp(pod.ips[0]);
    return ip && cidrContains(cidr, ip) && !except.some((e) => cidrContains(e, ip));
  });
  const first = covered[0];
  if (first) {
    sink.warn(
      'lint/ipblock-covers-pods',
      [...path, 'ipBlock'],
      `ipBlock ${block.cidr} covers ${covered.length} pod IP(s) (e.g. ${first.namespace}/${first.name} at ${first.ips[0] ?? ''}); whether ipBlock matches pod traffic depends on the network plugin`,
      'Select pods with podSelector/namespaceSelector and keep ipBlock for addresses outside the cluster (add `except` for the pod range).',
    );
  }
}

// Egress isolation blocks DNS unless a rule allows UDP and TCP 53 to kube-dns.
// https://kubernetes.io/docs/concepts/services-networking/network-policies/#default-deny-all-egress-traffic
function lintDns(
  policy: Policy,
  spec: NetworkPolicySpec,
  selected: readonly Pod[],
  context: LintContext,
  sink: DiagnosticSink,
): void {
  // Same defaulting as the compiler: Egress only when listed, or when `egress` has at least one rule.
  const isolatesEgress =
    spec.policyTypes && spec.policyTypes.length > 0
      ? spec.policyTypes.includes('Egress')
      : (spec.egress ?? []).length > 0;
  const resolver = context.cluster.pods.find(
    (p) => p.namespace === 'kube-system' && p.labels['k8s-app'] === 'kube-dns',
  );
  if (!isolatesEgress || !resolver) return;
  const to = `${resolver.namespace}/${resolver.name}`;
  const blocked = new Map<string, string[]>();
  for (const pod of selected) {
    const from = `${pod.namespace}/${pod.name}`;
    const missing = (['UDP', 'TCP'] as const).filter((p) => !context.allows(from, to, 53, p));
    if (missing.length === 0) continue;
    const key = missing.map((p) => `53/${p}`).join(' and ');
    blocked.set(key, [...(blocked.get(key) ?? []), from]);
  }
  for (const [missing, pods] of blocked) {
    sink.warn(
      'lint/egress-without-dns',
      ['spec', 'policyTypes'],
      `${policy.namespace ?? 'default'}/${policy.name} isolates egress of ${podsText(pods)} and no policy allows ${pods.length === 1 ? 'its' : 'their'} DNS lookups to \`${to}\` on ${missing}`,
      dnsFix(missing),
    );
  }
}

/** Names up to five pods, then counts the rest: `a`, `b` and 3 more (7 pods). */
export function podsText(ids: readonly string[]): string {
  if (ids.length === 1) return `\`${ids[0] ?? ''}\``;
  const shown = ids.slice(0, 5).map((id) => `\`${id}\``);
  const rest = ids.length - shown.length;
  const list =
    rest > 0
      ? `${shown.join(', ')} and ${rest} more`
      : `${shown.slice(0, -1).join(', ')} and ${shown.at(-1) ?? ''}`;
  return `${ids.length} pods (${list})`;
}

// The fix names only what is missing: TCP 53 alone is the "UDP works, large answers fail" case.
function dnsFix(missing: string): string {
  if (missing === '53/TCP')
    return 'Add `port: 53` with `protocol: TCP` next to UDP 53: DNS falls back to TCP for answers too large for UDP.';
  if (missing === '53/UDP')
    return 'Add `port: 53` with `protocol: UDP` next to TCP 53: most lookups use UDP.';
  return 'Add an egress rule to pods `k8s-app: kube-dns` in namespace `kube-system` on port 53 with protocol UDP and port 53 with protocol TCP.';
}
