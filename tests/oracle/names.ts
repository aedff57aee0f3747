/**
 * DNS name patterns for the oracle: Cilium `matchName`/`matchPattern` (toFQDNs and `rules.dns`) and
 * network-policy-api `domainNames`. Names compare lowercased, without a trailing dot.
 * https://docs.cilium.io/en/stable/security/policy/language/#dns-based
 * https://network-policy-api.sigs.k8s.io/reference/spec/ (DomainName)
 */

/** A Cilium FQDN selector as written. */
export interface FqdnSelector {
  readonly matchName?: string | null;
  readonly matchPattern?: string | null;
}

function normal(name: string): string {
  const lower = name.toLowerCase();
  return lower.endsWith('.') ? lower.slice(0, -1) : lower;
}

const LABEL_CHARS = '[-a-z0-9_]';

function patternRegExp(pattern: string): RegExp {
  const manyLabels = pattern.startsWith('**.');
  const rest = manyLabels ? pattern.slice(3) : pattern;
  const body = rest
    .split('')
    .map((c) => (c === '*' ? `${LABEL_CHARS}*` : c === '.' ? '\\.' : c))
    .join('');
  return new RegExp(`^${manyLabels ? `(${LABEL_CHARS}+\\.)+` : ''}${body}$`);
}

/** Whether a Cilium FQDN selector matches `name`: `*` within one label, `**.` one or more leading labels, `*` alone every name. */
export function fqdnMatches(selector: FqdnSelector, name: string): boolean {
  const target = normal(name);
  if (typeof selector.matchName === 'string') return normal(selector.matchName) === target;
  if (typeof selector.matchPattern !== 'string') return false;
  const pattern = normal(selector.matchPattern);
  if (pattern === '*') return true;
  return patternRegExp(pattern).test(target);
}

/** Whether a `domainNames` entry matches `name`: exact, or `*.` standing for one or more leading labels. */
export function domainNameMatches(entry: string, name: string): boolean {
  const pattern = normal(entry);
  const target = normal(name);
  if (!pattern.startsWith('*.')) return pattern === target;
  const suffix = pattern.slice(1);
  return target.endsWith(suffix) && target.length > suffix.length;
}
