import { DiagnosticSink } from '../model/diagnostic.ts';
import type { Policy } from '../model/policy.ts';
import type { Cluster, Diagnostic, Pod } from '../model/types.ts';
import type { PodView } from '../model/endpoint.ts';
import type { PolicyTarget } from '../model/target.ts';
import { cidrContains, parseCidr, parseIp, type Cidr } from '../match/ip.ts';
import type { LintContext } from '../model/handler.ts';
import { compileCiliumPolicy } from './compile.ts';
import { describeFqdnSelector, matchesFqdnPattern, type FqdnSelector } from './fqdn.ts';
import type { CiliumPolicy, CiliumRule } from './model.ts';
import { readCiliumPolicy } from './read.ts';
import { compileServicePeer } from './services.ts';
import { toFieldPath } from './field-path.ts';
import { podsText } from '../networkpolicy/lint.ts';

const FIX =
  'Add an egress rule to kube-dns (`k8s:io.kubernetes.pod.namespace: kube-system`, `k8s-app: kube-dns`) on port 53 with protocol ANY and `rules: {dns: [{matchPattern: "*"}]}`.';
const DNS_FIX =
  'Add an egress rule to kube-dns (`k8s:io.kubernetes.pod.namespace: kube-system`, `k8s-app: kube-dns`) on port 53 with protocol ANY.';
// https://docs.cilium.io/en/stable/security/policy/language/#default-deny — a policy with only deny
// rules still turns on default deny for its direction unless enableDefaultDeny says otherwise.
const DENY_ONLY_FIX =
  'This policy only denies: add `enableDefaultDeny: {egress: false}` to its spec so that what it does not deny stays allowed (no DNS rule needed).';
const DNS_PATTERN_FIX =
  'Let the DNS rule (`toPorts[].rules.dns`) cover these names: add a `matchName` for each, or a `matchPattern` such as `"*"`.';

/** Returns a pod as policies see it, with its namespace's labels. */
export function podView(cluster: Cluster, pod: Pod): PodView {
  const namespace = cluster.namespaces.find((n) => n.name === pod.namespace) ?? {
    name: pod.namespace,
    labels: { 'kubernetes.io/metadata.name': pod.namespace },
  };
  return { kind: 'pod', id: `${pod.namespace}/${pod.name}`, pod, namespace };
}

/** Returns the cluster's DNS resolver pods (`k8s-app=kube-dns` in kube-system). */
export function resolverPods(cluster: Cluster): PodView[] {
  return cluster.pods
    .filter((p) => p.namespace === 'kube-system' && p.labels['k8s-app'] === 'kube-dns')
    .map((p) => podView(cluster, p));
}

function isCilium(policy: Policy): boolean {
  return policy.kind === 'CiliumNetworkPolicy' || policy.kind === 'CiliumClusterwideNetworkPolicy';
}

/** Returns the DNS patterns every Cilium policy lets `subject` send to any resolver (undefined: none). */
function dnsPatternsFor(
  targets: readonly PolicyTarget[],
  subject: PodView,
  resolvers: readonly PodView[],
): string[] | undefined {
  let out: string[] | undefined;
  for (const t of targets) {
    for (const r of resolvers) {
      const p = t.dnsPatterns?.(subject, r, { ipBlockMatchesPods: true });
      if (p !== undefined) (out ??= []).push(...p);
    }
  }
  return out;
}

function covered(selector: FqdnSelector, patterns: readonly string[]): boolean {
  if (selector.kind === 'pattern') return patterns.length > 0;
  return patterns.some((p) => matchesFqdnPattern(p, selector.name));
}

function fqdnRules(model: CiliumPolicy): CiliumRule[] {
  return model.specs.flatMap((s) => s.egress.filter((r) => r.fqdns !== undefined));
}

/** Static form of the FQDN lint, run at validation: `toFQDNs` in a policy that has no DNS rule at all. */
export function lintFqdnWithoutDnsRule(object: unknown, sink: DiagnosticSink): void {
  const model = readCiliumPolicy(object);
  if (hasAnyDnsRule(model)) return;
  for (const rule of fqdnRules(model)) {
    sink.warn(
      'lint/cilium-fqdn-without-dns',
      toFieldPath(`${rule.path}.toFQDNs`),
      `${rule.path}.toFQDNs: this policy has no DNS rule (\`toPorts[].rules.dns\`), so unless another policy adds one for these pods the names never resolve to allowed addresses`,
      FIX,
    );
  }
}

function hasAnyDnsRule(model: CiliumPolicy): boolean {
  return model.specs.some((s) => s.egress.some((r) => (r.toPorts ?? []).some((p) => p.dns !== undefined)));
}

// https://docs.cilium.io/en/stable/security/dns/ — toFQDNs only sees names the DNS proxy saw.
/**
 * Returns cluster-aware lint warnings: `toFQDNs` whose names the pod can never resolve through a DNS rule
 * (the top Cilium pitfall), a policy that selects no pod, and egress isolation that blocks DNS lookups.
 */
export function lintCiliumPolicy(policy: Policy, context: LintContext): readonly Diagnostic[] {
  const model = readCiliumPolicy(policy.object);
  const rules = fqdnRules(model);
  const sink = new DiagnosticSink(policy.source);
  const { cluster } = context;
  lintServiceRefs(model, cluster, sink);
  if (cluster.pods.length === 0) return sink.diagnostics;
  const own = compileCiliumPolicy(model, policy.ref, () => undefined);
  const views = cluster.pods.map((p) => podView(cluster, p));
  const selected = views.filter((v) => own.selects(v, 'ingress') || own.selects(v, 'egress'));
  if (selected.length === 0) {
    lintSelection(model, sink);
    return sink.diagnostics;
  }
  const subjects = selected.filter((v) => own.selects(v, 'egress'));
  const resolvers = resolverPods(cluster);
  // Without a DNS rule of its own the static lint (at validation) already warned; here: rules that do not cover.
  if (rules.length > 0 && hasAnyDnsRule(model)) {
    const targets = context.policies
      .filter(isCilium)
      .map((p) => compileCiliumPolicy(readCiliumPolicy(p.object), p.ref, () => undefined));
    lintFqdnRules(rules, subjects, targets, resolvers, sink);
  }
  if (sink.diagnostics.length === 0) lintEgressDns(model, own, subjects, resolvers, context, sink);
  lintCidrCoversPods(model, cluster, sink);
  return sink.diagnostics;
}

// https://docs.cilium.io/en/stable/security/policy/language/#services-based — a Service with a selector
// stands for its pods; one without is reached through its Endpoints' addresses, which the model lacks.
function lintServiceRefs(model: CiliumPolicy, cluster: Cluster, sink: DiagnosticSink): void {
  const rules = model.specs.flatMap((s) => [...s.egress, ...s.egressDeny]);
  for (const ref of rules.flatMap((r) => r.services ?? [])) {
    const peer = compileServicePeer(ref, cluster.services);
    if (peer.backends.length === 0 && peer.withoutSelector.length === 0)
      sink.warn(
        'lint/cilium-service-not-found',
        toFieldPath(ref.path),
        `${ref.path} (${peer.text}) names no Service of the cluster, so it allows nothing`,
        'Check the Service name, its namespace (empty means every namespace) or the labels the selector asks for.',
      );
    if (peer.withoutSelector.length > 0)
      sink.warn(
        'lint/not-modelled',
        toFieldPath(ref.path),
        `${ref.path} (${peer.text}): not modelled for ${peer.withoutSelector.map((id) => `\`${id}\``).join(', ')}: a Service without a selector is allowed through the addresses of its Endpoints, which the cluster does not list, so here it allows nothing`,
        'For a Service backed by pods, give it a selector; for outside addresses, use toCIDRSet or toFQDNs.',
      );
  }
}

// https://docs.cilium.io/en/stable/security/policy/language/#ip-cidr-based — CIDR rules do not apply to
// traffic between endpoints Cilium manages, so a block that covers pod addresses never selects those pods.
function lintCidrCoversPods(model: CiliumPolicy, cluster: Cluster, sink: DiagnosticSink): void {
  const rules = model.specs.flatMap((s) => [...s.ingress, ...s.ingressDeny, ...s.egress, ...s.egressDeny]);
  for (const peer of rules.flatMap((r) => r.cidrs ?? [])) {
    const block = parseCidr(peer.cidr);
    if (!block) continue;
    const inside = (ip: string, b: Cidr): boolean => {
      const parsed = parseIp(ip);
      return parsed !== undefined && cidrContains(b, parsed);
    };
    const pod = cluster.pods.find((p) =>
      p.ips.some(
        (ip) =>
          inside(ip, block) &&
          !peer.except.some((e) => {
            const ex = parseCidr(e);
            return ex !== undefined && inside(ip, ex);
          }),
      ),
    );
    if (!pod) continue;
    sink.warn(
      'lint/cilium-cidr-covers-pods',
      toFieldPath(peer.path),
      `${peer.cidr} covers pod addresses (e.g. ${pod.namespace}/${pod.name}), but Cilium CIDR rules never select pods: this block only matters for addresses outside the cluster`,
      'Select pods with toEndpoints/fromEndpoints (or the cluster entity) and keep CIDR rules for external addresses.',
    );
  }
}

function lintFqdnRules(
  rules: readonly CiliumRule[],
  subjects: readonly PodView[],
  targets: readonly PolicyTarget[],
  resolvers: readonly PodView[],
  sink: DiagnosticSink,
): void {
  for (const rule of rules) {
    const missing: string[] = [];
    for (const subject of subjects) {
      const patterns = dnsPatternsFor(targets, subject, resolvers) ?? [];
      if (!(rule.fqdns ?? []).every((sel) => covered(sel, patterns))) missing.push(subject.id);
    }
    if (missing.length === 0) continue;
    const shown =
      missing
        .slice(0, 3)
        .map((id) => `\`${id}\``)
        .join(', ') + (missing.length > 3 ? ` and ${missing.length - 3} more` : '');
    const names = (rule.fqdns ?? []).map(describeFqdnSelector).join('; ');
    const why =
      resolvers.length === 0
        ? 'the cluster has no kube-dns pod to look names up'
        : "no egress rule lets their DNS lookups of these names through Cilium's DNS proxy (`toPorts[].rules.dns`)";
    sink.warn(
      'lint/cilium-fqdn-without-dns',
      toFieldPath(`${rule.path}.toFQDNs`),
      `${rule.path}.toFQDNs [${names}] never matches for ${shown}: ${why}, so Cilium never learns the addresses`,
      resolvers.length === 0 ? FIX : DNS_PATTERN_FIX,
    );
  }
}

// A policy whose endpointSelector matches no pod of the cluster does nothing (usually a label typo).
function lintSelection(model: CiliumPolicy, sink: DiagnosticSink): void {
  const spec = model.specs.find((s) => s.endpointSelector !== undefined);
  if (!spec) return;
  const where = model.namespace !== undefined ? ` in namespace \`${model.namespace}\`` : '';
  sink.warn(
    'lint/selects-no-pod',
    toFieldPath(`${spec.path}.endpointSelector`),
    `${model.name} selects no pod${where}`,
    'Check the labels (and, for a namespaced policy, its namespace): the endpointSelector matches no pod.',
  );
}

// An egress rule with no peer and no port (`{}`): Cilium reads it as allowing nothing.
function allowsNothing(rule: CiliumRule): boolean {
  return (
    rule.endpoints === undefined &&
    rule.entities === undefined &&
    rule.cidrs === undefined &&
    rule.fqdns === undefined &&
    rule.toPorts === undefined &&
    rule.unmodelled.length === 0 &&
    !rule.icmps
  );
}

// https://docs.cilium.io/en/stable/security/dns/ — an isolated pod needs its lookups to kube-dns allowed.
function lintEgressDns(
  model: CiliumPolicy,
  own: PolicyTarget,
  subjects: readonly PodView[],
  resolvers: readonly PodView[],
  context: LintContext,
  sink: DiagnosticSink,
): void {
  const resolver = resolvers[0];
  if (!resolver) return;
  const blocked = new Map<string, string[]>();
  for (const subject of subjects) {
    if (subject.id === resolver.id || !own.isolates(subject, 'egress')) continue;
    const missing = (['UDP', 'TCP'] as const).filter((p) => !context.allows(subject.id, resolver.id, 53, p));
    if (missing.length === 0) continue;
    const key = missing.map((p) => `53/${p}`).join(' and ');
    blocked.set(key, [...(blocked.get(key) ?? []), subject.id]);
  }
  const spec = model.specs.find((s) => s.egress.length > 0 || s.egressDeny.length > 0);
  // Deny-only: every egress allow rule is `{}` (which allows nothing), so the policy exists for its
  // egressDeny rules, and default deny came along unasked.
  const denyOnly =
    model.specs.every((s) => s.egress.every(allowsNothing)) &&
    model.specs.some((s) => s.egressDeny.length > 0 && s.enableDefaultDeny.egress === undefined);
  const emptyRules = model.specs.some((s) => s.egress.length > 0);
  const fix = denyOnly
    ? emptyRules
      ? `${DENY_ONLY_FIX} An empty rule \`egress: [{}]\` allows nothing: remove it.`
      : DENY_ONLY_FIX
    : fqdnRules(model).length > 0
      ? FIX
      : DNS_FIX;
  for (const [missing, ids] of blocked) {
    sink.warn(
      'lint/egress-without-dns',
      toFieldPath(`${spec?.path ?? 'spec'}.${denyOnly ? 'egressDeny' : 'egress'}`),
      `${model.name} isolates egress of ${podsText(ids)} and no policy allows ${ids.length === 1 ? 'its' : 'their'} DNS lookups to \`${resolver.id}\` on ${missing}${denyOnly ? ': a policy with only `egressDeny` rules still turns on default deny for egress' : ''}`,
      fix,
    );
  }
}
