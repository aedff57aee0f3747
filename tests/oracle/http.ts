/**
 * Cilium's L7 HTTP rules for the oracle, from the layer 7 policy page and Cilium's HTTP rule API:
 * `method`, `path` and `host` are RE2 expressions that must match the whole request method, target
 * (path and query) and Host header; each `headers` entry is `Name` (present) or `Name: value` (split at
 * the first space, a trailing colon dropped; exact value); each `headerMatches` entry must be present with
 * its `value` (a Secret is never found here) unless it has a `mismatch` action, which lets the request
 * through. Header names compare case-insensitively.
 * https://docs.cilium.io/en/stable/security/policy/layer7/#http
 */
import { RE2JS } from 're2js';
import type { HttpRequest } from '../../src/engine/index.ts';

/** One `rules.http[]` entry as written. */
export interface HttpRuleSpec {
  readonly method?: string;
  readonly path?: string;
  readonly host?: string;
  readonly headers?: readonly string[];
  readonly headerMatches?: readonly {
    readonly name: string;
    readonly value?: string;
    readonly secret?: unknown;
    readonly mismatch?: string;
  }[];
}

// Anchored by wrapping, then searched: a different route to "the whole value" than a full-match call.
function wholly(pattern: string | undefined, value: string | undefined): boolean {
  if (pattern === undefined || pattern === '') return true;
  if (value === undefined) return false;
  return RE2JS.compile(`^(?:${pattern})$`).test(value);
}

function header(request: HttpRequest, name: string): string | undefined {
  const wanted = name.toLowerCase();
  if (wanted === 'host') return request.host;
  const found = Object.entries(request.headers ?? {}).find(([k]) => k.toLowerCase() === wanted);
  return found?.[1];
}

function headersHold(entries: readonly string[], request: HttpRequest): boolean {
  return entries.every((entry) => {
    const split = /^([^ ]*) ([\s\S]*)$/.exec(entry);
    if (!split) return header(request, entry) !== undefined;
    const name = (split[1] ?? '').replace(/:+$/, '');
    return header(request, name) === split[2];
  });
}

function headerMatchesHold(matches: HttpRuleSpec['headerMatches'], request: HttpRequest): boolean {
  return (matches ?? []).every((m) => {
    if (m.mismatch) return true;
    const actual = header(request, m.name);
    if (actual === undefined) return false;
    if (m.value !== undefined && m.value !== '') return actual === m.value;
    return m.secret === undefined;
  });
}

/** Whether one HTTP rule admits the request. */
export function httpRuleAdmits(rule: HttpRuleSpec, request: HttpRequest): boolean {
  return (
    wholly(rule.method, request.method) &&
    wholly(rule.path, request.path) &&
    wholly(rule.host, request.host) &&
    headersHold(rule.headers ?? [], request) &&
    headerMatchesHold(rule.headerMatches, request)
  );
}
