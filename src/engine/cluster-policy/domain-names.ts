/**
 * `domainNames` peers: an exact name, or a `*.` prefix matching one or more whole labels in
 * front of the rest (`*.kubernetes.io` matches `blog.kubernetes.io` and `a.blog.kubernetes.io`,
 * not `kubernetes.io`). Compared case-insensitively, the trailing dot optional.
 */

function normalize(name: string): string {
  const lower = name.trim().toLowerCase();
  return lower.endsWith('.') ? lower.slice(0, -1) : lower;
}

/** Returns whether a `domainNames` entry selects `name`. */
// https://network-policy-api.sigs.k8s.io/reference/spec/#policy.networking.k8s.io/v1alpha2.DomainName
export function matchesDomainName(entry: string, name: string): boolean {
  const pattern = normalize(entry);
  const candidate = normalize(name);
  if (!pattern.startsWith('*.')) return pattern === candidate;
  const suffix = pattern.slice(1);
  return candidate.endsWith(suffix) && candidate.length > suffix.length;
}

const DOMAIN_NAME =
  /^(\*\.)?([a-zA-Z0-9]([-a-zA-Z0-9_]*[a-zA-Z0-9])?\.)+[a-zA-Z0-9]([-a-zA-Z0-9_]*[a-zA-Z0-9])?\.?$/;

/** Returns whether `entry` is a valid `domainNames` item (the CRD's pattern). */
export function isValidDomainName(entry: string): boolean {
  return DOMAIN_NAME.test(entry);
}
