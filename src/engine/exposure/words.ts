import type { Exposure, ExposureItem, OpenRule } from './model.ts';

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

/** Returns the item's heading, e.g. `Pods with no ingress isolation`. */
export function exposureTitle(item: ExposureItem): string {
  switch (item.kind) {
    case 'no-ingress-isolation':
      return 'No ingress isolation';
    case 'no-egress-isolation':
      return 'No egress isolation';
    case 'admits-internet':
      return 'Rules admitting the internet';
    case 'admits-all-namespaces':
      return 'Rules admitting all namespaces';
    case 'reaches-kube-apiserver':
      return 'Connections to kube-apiserver';
    case 'allowed-pairs':
      return 'Pod pairs allowed';
  }
}

/** Returns the item in one sentence, e.g. `3 of 9 pods accept connections from anywhere (no policy isolates their ingress)`. */
export function describeExposure(item: ExposureItem, pods: number): string {
  switch (item.kind) {
    case 'no-ingress-isolation':
      return item.pods.length === 0
        ? 'Every pod is isolated for ingress.'
        : `${item.pods.length} of ${plural(pods, 'pod')} accept every connection: no policy isolates their ingress.`;
    case 'no-egress-isolation':
      return item.pods.length === 0
        ? 'Every pod is isolated for egress.'
        : `${item.pods.length} of ${plural(pods, 'pod')} may open any connection: no policy isolates their egress.`;
    case 'admits-internet':
      return item.rules.length === 0
        ? 'No rule admits the internet.'
        : `${plural(item.rules.length, 'rule')} admit${item.rules.length === 1 ? 's' : ''} the internet (every address).`;
    case 'admits-all-namespaces':
      return item.rules.length === 0
        ? 'No rule admits every namespace.'
        : `${plural(item.rules.length, 'rule')} admit${item.rules.length === 1 ? 's' : ''} every namespace.`;
    case 'reaches-kube-apiserver':
      if (item.endpoints.length === 0) return 'The cluster has no kube-apiserver endpoint.';
      return item.pods.length === 0
        ? 'No pod can connect to kube-apiserver (443 or 6443/TCP).'
        : `${item.pods.length} of ${plural(pods, 'pod')} can connect to kube-apiserver (443 or 6443/TCP).`;
    case 'allowed-pairs': {
      const share = item.total === 0 ? 0 : Math.round((item.allowed / item.total) * 100);
      return `${item.allowed} of ${plural(item.total, 'pod pair')} (${share}%) may connect on ${item.port.port}/${item.port.protocol}.`;
    }
  }
}

/** Returns `NetworkPolicy x/allow-all ingress[0].from[0] (line 9): every namespace` (`(file:9)` with a file). */
export function describeOpenRule(rule: OpenRule): string {
  const ns = rule.policy.namespace ? `${rule.policy.namespace}/` : '';
  const line = rule.range
    ? ` (${rule.file ? `${rule.file}:` : 'line '}${rule.range.line})`
    : rule.file
      ? ` (${rule.file})`
      : '';
  const why =
    rule.reason === 'any-peer'
      ? `no ${rule.direction === 'ingress' ? 'from' : 'to'}: every peer, inside and outside the cluster`
      : rule.reason === 'internet'
        ? 'every address, the internet included'
        : 'every namespace';
  return `${rule.policy.kind} ${ns}${rule.policy.name} ${rule.peer ?? rule.rule}${line}: ${why}`;
}

/** Returns the summary as text lines, items followed by what is behind them (indented). */
export function renderExposure(exposure: Exposure, limit = 20): string[] {
  const lines: string[] = [];
  for (const item of exposure.items) {
    lines.push(`${exposureTitle(item)}: ${describeExposure(item, exposure.pods)}`);
    const behind =
      item.kind === 'admits-internet' || item.kind === 'admits-all-namespaces'
        ? item.rules.map(describeOpenRule)
        : item.kind === 'reaches-kube-apiserver'
          ? item.connections.map((c) => `${c.from} -> ${c.to} ${c.port}/${c.protocol}`)
          : item.kind === 'allowed-pairs'
            ? []
            : item.pods;
    for (const text of behind.slice(0, limit)) lines.push(`  ${text}`);
    if (behind.length > limit) lines.push(`  … and ${behind.length - limit} more`);
  }
  return lines;
}
