import type { Located, TargetRule } from './target.ts';

/**
 * Layer 7 rules as compiled pieces (Cilium `toPorts[].rules`), and what they did to a request. A port
 * test that matched carries its entry's L7 rules; the one rule matcher (`evaluate/rule.ts`) then asks
 * them about the flow's HTTP request, or reports the connection as open with its requests filtered.
 * https://docs.cilium.io/en/stable/security/policy/layer7/
 */

/** A regular expression matched against a whole value (RE2, as Envoy's `safe_regex` applies Cilium's rules). */
export interface WholePattern {
  /** The expression as written. */
  readonly source: string;
  /** Whether the expression matches all of `value` (an expression that does not compile matches nothing). */
  matches(value: string): boolean;
}

/** One `headers` entry: `Name` (present) or `Name: value` (present with exactly this value). */
export interface HeaderTest {
  /** The entry as written. */
  readonly text: string;
  readonly name: string;
  /** Undefined: presence is enough. */
  readonly value: string | undefined;
}

/** What a proxy does with a `headerMatches` entry that does not match (empty: the rule does not match). */
export type MismatchAction = 'LOG' | 'ADD' | 'DELETE' | 'REPLACE';

/** One `headerMatches` entry. */
export interface HeaderMatchTest {
  readonly name: string;
  /** The value to compare; undefined with no `secret`: presence is enough. */
  readonly value: string | undefined;
  /** A Kubernetes Secret holding the value (`namespace/name`): the lab has none, so it is never found. */
  readonly secret: string | undefined;
  readonly mismatch: MismatchAction | undefined;
}

/** One entry of `rules.http`: every field it sets must match (a rule with no field admits every request). */
export interface HttpRuleTest extends Located {
  /** Field path as users read it: `ingress[0].toPorts[0].rules.http[1]`. */
  readonly path: string;
  readonly index: number;
  readonly method: WholePattern | undefined;
  /** The `path` field (matched against the request target, query included). */
  readonly target: WholePattern | undefined;
  readonly host: WholePattern | undefined;
  readonly headers: readonly HeaderTest[];
  readonly headerMatches: readonly HeaderMatchTest[];
}

/** The L7 rules of one `toPorts` entry, as each of its port tests carries them. */
export type PortL7 =
  /** `rules.http` with at least one entry: every request on the connection must match one. */
  | { readonly kind: 'http'; readonly path: string; readonly rules: readonly HttpRuleTest[] }
  /** `rules.kafka`, `rules.l7proto`/`l7`: enforced per message by Cilium, not modelled here. */
  | { readonly kind: 'unmodelled'; readonly path: string; readonly field: string };

/** HTTP rules of one `toPorts` entry. */
export type HttpFilter = Extract<PortL7, { kind: 'http' }>;

/** Why one HTTP rule did not admit a request: the first field that failed. */
export type HttpMiss =
  | {
      readonly field: 'method' | 'path' | 'host';
      readonly pattern: string;
      /** The request's value; undefined when it has none (no Host header). */
      readonly actual: string | undefined;
    }
  | {
      readonly field: 'header';
      readonly header: HeaderTest;
      /** The request's value of that header; undefined when it has none. */
      readonly actual: string | undefined;
    }
  | {
      readonly field: 'headerMatch';
      readonly header: HeaderMatchTest;
      readonly actual: string | undefined;
    };

/** A `headerMatches` entry that did not match, whose mismatch action lets the request through anyway. */
export interface HeaderAction {
  readonly header: HeaderMatchTest;
  readonly action: MismatchAction;
  /** The request's value of that header; undefined when it has none. */
  readonly actual: string | undefined;
}

/** A rule whose peer and port matched, but whose HTTP rules judge each request on the connection. */
export interface L7Hold {
  readonly rule: TargetRule;
  /** The index of the port test that matched. */
  readonly port: number;
  readonly filter: HttpFilter;
  /** For a request no rule admitted: why each HTTP rule missed, in order. */
  readonly misses?: readonly HttpMiss[];
}

/**
 * What L7 rules made of a rule's match:
 * - `admitted`: the flow's request matched HTTP rule `index` (with any header actions applied);
 * - `filtered`: the flow carries no request; the connection opens and each request is judged by `holds`;
 * - `rejected`: the connection opens but no HTTP rule of `holds` admits the request (the proxy answers 403).
 */
export type L7Result =
  | {
      readonly kind: 'admitted';
      readonly filter: HttpFilter;
      readonly index: number;
      readonly actions: readonly HeaderAction[];
    }
  | { readonly kind: 'filtered'; readonly holds: readonly L7Hold[] }
  | { readonly kind: 'rejected'; readonly holds: readonly L7Hold[] };
