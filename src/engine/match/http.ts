import { RE2JS } from 're2js';
import type {
  HeaderAction,
  HeaderMatchTest,
  HeaderTest,
  HttpMiss,
  HttpRuleTest,
  MismatchAction,
  WholePattern,
} from '../model/l7.ts';
import type { HttpRequest } from '../model/types.ts';

/**
 * Cilium's L7 HTTP rules, one request at a time. Cilium hands `method`, `path` and `host` to Envoy as
 * `safe_regex` header matchers on `:method`, `:path` and `:authority` (Google RE2, which matches the
 * whole value); `headers` become exact or presence matchers; `headerMatches` are checked by Cilium's own
 * filter, where a mismatch action lets the request through. All of a rule's fields must match.
 * https://docs.cilium.io/en/stable/security/policy/layer7/#http
 */

const compiled = new Map<string, RE2JS | null>();

function compile(source: string): RE2JS | null {
  let re = compiled.get(source);
  if (re === undefined) {
    if (compiled.size > 5_000) compiled.clear();
    try {
      re = RE2JS.compile(source);
    } catch {
      re = null;
    }
    compiled.set(source, re);
  }
  return re;
}

/** Returns why `source` is not an RE2 expression (Go's wording, as Cilium's sanitizer reports it), or undefined. */
export function regexProblem(source: string): string | undefined {
  try {
    RE2JS.compile(source);
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/** Returns a pattern matched against whole values; undefined for an absent or empty field (it admits everything). */
export function wholePattern(source: string | undefined): WholePattern | undefined {
  if (source === undefined || source === '') return undefined;
  return { source, matches: (value) => compile(source)?.matches(value) ?? false };
}

/**
 * Returns a `headers` entry read as Cilium reads it: split at the first space, a trailing `:` dropped
 * from the name (`X-Token: abc` wants that value; `X-Token` wants the header present; `X-Token:abc`,
 * with no space, is the presence of a header of that odd name).
 */
export function headerTest(text: string): HeaderTest {
  const space = text.indexOf(' ');
  if (space < 0) return { text, name: text, value: undefined };
  return { text, name: text.slice(0, space).replace(/:+$/, ''), value: text.slice(space + 1) };
}

/** Returns a `headerMatches` mismatch action, if it is one. */
export function mismatchAction(value: unknown): MismatchAction | undefined {
  return value === 'LOG' || value === 'ADD' || value === 'DELETE' || value === 'REPLACE' ? value : undefined;
}

function headerOf(request: HttpRequest, name: string): string | undefined {
  const headers = request.headers;
  if (!headers) return undefined;
  const wanted = name.toLowerCase();
  for (const key in headers) if (key.toLowerCase() === wanted) return headers[key];
  return undefined;
}

/** Returns a request header by name, `Host` included (names compare case-insensitively). */
export function requestHeader(request: HttpRequest, name: string): string | undefined {
  return name.toLowerCase() === 'host' ? request.host : headerOf(request, name);
}

function headerMatchHolds(test: HeaderMatchTest, actual: string | undefined): boolean {
  if (actual === undefined) return false;
  // A secret is never found here; without a value to fall back on the match fails (Cilium's HeaderMatch).
  if (test.secret !== undefined && test.value === undefined) return false;
  return test.value === undefined || actual === test.value;
}

/** What one HTTP rule made of a request: the first field that failed, or the header actions it applied. */
export interface HttpRuleAnswer {
  readonly miss: HttpMiss | undefined;
  readonly actions: readonly HeaderAction[];
}

const NO_ACTIONS: readonly HeaderAction[] = [];

function patternMiss(
  field: 'method' | 'path' | 'host',
  pattern: WholePattern | undefined,
  actual: string | undefined,
): HttpMiss | undefined {
  if (!pattern) return undefined;
  return actual !== undefined && pattern.matches(actual)
    ? undefined
    : { field, pattern: pattern.source, actual };
}

/** Returns whether and how one HTTP rule admits a request. */
export function matchHttpRule(rule: HttpRuleTest, request: HttpRequest): HttpRuleAnswer {
  const miss =
    patternMiss('method', rule.method, request.method) ??
    patternMiss('path', rule.target, request.path) ??
    patternMiss('host', rule.host, request.host) ??
    headerMiss(rule.headers, request);
  if (miss) return { miss, actions: NO_ACTIONS };
  let actions = NO_ACTIONS;
  for (const header of rule.headerMatches) {
    const actual = requestHeader(request, header.name);
    if (headerMatchHolds(header, actual)) continue;
    if (!header.mismatch) return { miss: { field: 'headerMatch', header, actual }, actions: NO_ACTIONS };
    actions = [...actions, { header, action: header.mismatch, actual }];
  }
  return { miss: undefined, actions };
}

function headerMiss(headers: readonly HeaderTest[], request: HttpRequest): HttpMiss | undefined {
  for (const header of headers) {
    const actual = requestHeader(request, header.name);
    if (actual === undefined || (header.value !== undefined && actual !== header.value))
      return { field: 'header', header, actual };
  }
  return undefined;
}

/** Returns a request as one key (for caching verdicts per request): method, target, host and sorted headers. */
export function requestKey(request: HttpRequest | undefined): string {
  if (!request) return '';
  const headers = Object.entries(request.headers ?? {})
    .map(([k, v]) => `${k.toLowerCase()}=${v}`)
    .sort()
    .join('\u0000');
  return `${request.method}\u0001${request.path}\u0001${request.host ?? '\u0002'}\u0001${headers}`;
}
