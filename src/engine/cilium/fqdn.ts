import type { FqdnSelector } from '../model/matchers.ts';
import { LruCache } from '../cache/lru.ts';

/**
 * Cilium FQDN selectors (`toFQDNs`, `toPorts[].rules.dns`): `matchName` is an exact,
 * case-insensitive name; `matchPattern` adds wildcards.
 *
 * Pattern cases, as Cilium documents them:
 * 1. `*` alone (or only stars): every name.
 * 2. a `**.` prefix: one or more whole labels in front of the rest (`**.example.com` matches
 *    `a.example.com` and `a.b.example.com`, not `example.com`).
 * 3. `*` anywhere else: zero or more DNS characters inside one label (`*.example.com` matches
 *    `a.example.com`, not `a.b.example.com`; `api-*.example.com` matches `api-v2.example.com`).
 * Names and patterns are compared lowercased, with the trailing dot optional.
 */

export type { FqdnSelector };

/** Characters Cilium allows in `matchName`. */
const NAME_CHARS = /^[-a-zA-Z0-9_.]+$/;
/** Characters Cilium allows in `matchPattern` (the star is literal inside the class). */
const PATTERN_CHARS = /^[-a-zA-Z0-9_.*]+$/;
/** Longest name or pattern Cilium accepts. */
export const MAX_FQDN_LENGTH = 255;

const LABEL = '[-a-z0-9_]';

/** Returns the canonical form of a DNS name: trimmed, lowercased, without the trailing dot. */
export function normalizeDnsName(name: string): string {
  const lower = name.trim().toLowerCase();
  return lower.endsWith('.') ? lower.slice(0, -1) : lower;
}

function isOnlyStars(pattern: string): boolean {
  const body = pattern.endsWith('.') ? pattern.slice(0, -1) : pattern;
  return body.length > 0 && /^\*+$/.test(body);
}

// Patterns come from policy texts; every edit may bring new ones, so only the recent ones are kept.
const compiled = new LruCache<string, RegExp>(500);

/** Returns a regular expression (over normalized names) equivalent to a Cilium `matchPattern`. */
export function fqdnPatternToRegExp(pattern: string): RegExp {
  return compiled.get(pattern, compilePattern);
}

function compilePattern(pattern: string): RegExp {
  let source: string;
  const p = pattern.trim().toLowerCase();
  // https://docs.cilium.io/en/stable/security/policy/language/#dns-based — `*` alone matches all names
  if (isOnlyStars(p)) {
    source = `^(${LABEL}+\\.)*${LABEL}+$`;
  } else {
    let rest = normalizeDnsName(p);
    let prefix = '';
    const multi = /^\*{2,}\./.exec(rest);
    if (multi) {
      prefix = `(${LABEL}+\\.)+`;
      rest = rest.slice(multi[0].length);
    }
    const body = rest.replace(/\*+/g, '*').replace(/[.*]/g, (c) => (c === '.' ? '\\.' : `${LABEL}*`));
    source = `^${prefix}${body}$`;
  }
  return new RegExp(source);
}

/** Returns whether `name` is selected by a `matchPattern`. */
export function matchesFqdnPattern(pattern: string, name: string): boolean {
  return fqdnPatternToRegExp(pattern).test(normalizeDnsName(name));
}

/** Returns whether `name` is selected by an FQDN selector. */
export function matchesFqdnSelector(selector: FqdnSelector, name: string): boolean {
  switch (selector.kind) {
    case 'name':
      return normalizeDnsName(selector.name) === normalizeDnsName(name);
    case 'pattern':
      return matchesFqdnPattern(selector.pattern, name);
    default:
      return assertNeverSelector(selector);
  }
}

/** Returns the selector as a `matchPattern` that selects exactly the same names. */
export function fqdnSelectorAsPattern(selector: FqdnSelector): string {
  return selector.kind === 'name' ? normalizeDnsName(selector.name) : selector.pattern;
}

/** Returns the selector as the user wrote it, e.g. `matchPattern: *.example.com`. */
export function describeFqdnSelector(selector: FqdnSelector): string {
  return selector.kind === 'name' ? `matchName: ${selector.name}` : `matchPattern: ${selector.pattern}`;
}

/** Returns why a `matchName` is invalid, worded like Cilium, or undefined when it is fine. */
export function fqdnNameProblem(name: string): string | undefined {
  if (name.trim().length > MAX_FQDN_LENGTH) return `must be no more than ${MAX_FQDN_LENGTH} characters`;
  if (!NAME_CHARS.test(name)) return 'only 0-9, a-z, A-Z, "-", "_" and "." characters are allowed';
  return undefined;
}

/** Returns why a `matchPattern` is invalid, worded like Cilium, or undefined when it is fine. */
export function fqdnPatternProblem(pattern: string): string | undefined {
  if (pattern.trim().length > MAX_FQDN_LENGTH) return `must be no more than ${MAX_FQDN_LENGTH} characters`;
  if (!PATTERN_CHARS.test(pattern)) return 'only 0-9, a-z, A-Z, "-", "_", "." and "*" characters are allowed';
  return undefined;
}

function assertNeverSelector(value: never): never {
  throw new Error(`unexpected FQDN selector ${JSON.stringify(value)}`);
}
