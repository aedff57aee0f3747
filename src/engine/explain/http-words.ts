import type {
  HeaderAction,
  HeaderMatchTest,
  HttpFilter,
  HttpMiss,
  HttpRuleTest,
  L7Hold,
  L7Result,
} from '../model/l7.ts';
import type { HttpRequest, SourceRange } from '../model/types.ts';
import { assertNever } from '../model/assert.ts';

/**
 * Words for L7 HTTP rules and what they did to a request: each HTTP rule as written, why it missed,
 * the header actions a match applied, and the filter a connection opens with.
 */

const code = (text: string): string => `\`${text}\``;

/** Returns a request as a learner writes it: `POST /v1/dock` (with its Host and headers when it has them). */
export function requestText(request: HttpRequest): string {
  const host = request.host !== undefined ? ` (Host ${request.host})` : '';
  const headers = Object.entries(request.headers ?? {}).map(([k, v]) => `${k}: ${v}`);
  return `${request.method} ${request.path}${host}${headers.length > 0 ? ` [${headers.join(', ')}]` : ''}`;
}

function headerMatchText(h: HeaderMatchTest): string {
  const value =
    h.value !== undefined
      ? `${h.name}: ${h.value}`
      : h.secret !== undefined
        ? `${h.name}: (Secret ${h.secret})`
        : h.name;
  return `${code(value)}${h.mismatch ? ` (on mismatch ${h.mismatch})` : ''}`;
}

/** Returns an HTTP rule as written, e.g. "method `POST`, path `/v1/dock`", or "any request" for `{}`. */
export function httpRuleText(rule: HttpRuleTest): string {
  const parts = [
    rule.method ? `method ${code(rule.method.source)}` : '',
    rule.target ? `path ${code(rule.target.source)}` : '',
    rule.host ? `host ${code(rule.host.source)}` : '',
    rule.headers.length > 0 ? `headers ${rule.headers.map((h) => code(h.text)).join(', ')}` : '',
    rule.headerMatches.length > 0
      ? `headerMatches ${rule.headerMatches.map(headerMatchText).join(', ')}`
      : '',
  ].filter((p) => p !== '');
  return parts.length > 0 ? parts.join(', ') : 'any request (no field set)';
}

function actualText(actual: string | undefined, what: string): string {
  return actual === undefined ? `the request has no ${what}` : `${what} is ${code(actual)}`;
}

/** Returns why one HTTP rule missed a request, e.g. "method `PUT` does not match `POST`". */
export function httpMissText(miss: HttpMiss): string {
  switch (miss.field) {
    case 'method':
    case 'path':
    case 'host': {
      const what = miss.field === 'host' ? 'Host header' : miss.field;
      if (miss.actual === undefined)
        return `${actualText(undefined, what)}, so ${miss.field} ${code(miss.pattern)} cannot match`;
      const whole = miss.field === 'method' ? '' : ' (the whole value must match)';
      return `${miss.field} ${code(miss.actual)} does not match ${code(miss.pattern)}${whole}`;
    }
    case 'header': {
      const { header, actual } = miss;
      if (actual === undefined) return `header ${code(header.name)} is missing (${code(header.text)})`;
      return `header ${code(header.name)} is ${code(actual)}, not ${code(header.value ?? '')}`;
    }
    case 'headerMatch': {
      const { header, actual } = miss;
      const secret =
        header.secret !== undefined && header.value === undefined
          ? ` (its value is in Secret ${code(header.secret)}, which the scenario has no way to hold, so the match fails)`
          : '';
      const found = actual === undefined ? 'is missing' : `is ${code(actual)}`;
      return `headerMatches ${headerMatchText(header)}: header ${found}${secret}, and without a mismatch action the rule does not match`;
    }
    default:
      return assertNever(miss);
  }
}

const ACTIONS: Readonly<Record<HeaderAction['action'], string>> = {
  LOG: 'the mismatch is logged and the request goes on',
  ADD: 'the proxy adds the value and the request goes on',
  DELETE: 'the proxy removes the header and the request goes on',
  REPLACE: 'the proxy sets the header to the value and the request goes on',
};

/** Returns what a header action did, e.g. "headerMatches `X-Audit: yes` mismatched (LOG): the mismatch is logged ...". */
export function headerActionText(action: HeaderAction): string {
  const found = action.actual === undefined ? 'is missing' : `is ${code(action.actual)}`;
  return `headerMatches ${headerMatchText(action.header)}: header ${found}, so ${action.action}: ${ACTIONS[action.action]}`;
}

/** One line of L7 words, with where it comes from. */
export interface L7Line {
  readonly text: string;
  /** 0: under the rule's port line; 1: one deeper. */
  readonly depth: 0 | 1;
  readonly range?: SourceRange;
}

function ruleLines(filter: HttpFilter, misses: readonly HttpMiss[] | undefined): L7Line[] {
  return filter.rules.map((rule, i) => {
    const miss = misses?.[i];
    const text = `${rule.path} (${httpRuleText(rule)})${miss ? `: ${httpMissText(miss)}` : ''}`;
    return rule.range ? { text, depth: 1, range: rule.range } : { text, depth: 1 };
  });
}

function holdLines(holds: readonly L7Hold[], rejected: boolean): L7Line[] {
  return holds.flatMap((h) => ruleLines(h.filter, rejected ? h.misses : undefined));
}

/** Returns what L7 rules made of a match, as lines under the rule's port line. */
export function l7Lines(result: L7Result, request: HttpRequest | undefined): L7Line[] {
  switch (result.kind) {
    case 'admitted': {
      const rule = result.filter.rules[result.index];
      const head: L7Line = {
        text: `request ${code(request ? requestText(request) : '?')} matches HTTP rule ${rule?.path ?? result.filter.path} (${rule ? httpRuleText(rule) : '?'})`,
        depth: 0,
        ...(rule?.range ? { range: rule.range } : {}),
      };
      return [head, ...result.actions.map((a): L7Line => ({ text: headerActionText(a), depth: 1 }))];
    }
    case 'filtered': {
      const n = result.holds.reduce((sum, h) => sum + h.filter.rules.length, 0);
      return [
        {
          text: `the connection opens, but HTTP rules filter every request: a request must match ${n === 1 ? 'this rule' : `one of these ${n} rules`}, else the proxy answers 403 Forbidden`,
          depth: 0,
        },
        ...holdLines(result.holds, false),
      ];
    }
    case 'rejected':
      return [
        {
          text: `the connection opens, but no HTTP rule admits ${code(request ? requestText(request) : '?')}: the proxy answers 403 Forbidden`,
          depth: 0,
        },
        ...holdLines(result.holds, true),
      ];
    default:
      return assertNever(result);
  }
}

/** Returns one sentence naming the HTTP rules a rule's port carries, for a rule tried before the decider. */
export function httpRejectText(filter: HttpFilter, misses: readonly HttpMiss[]): string {
  const whys = filter.rules.map((r, i) => `${r.path}: ${misses[i] ? httpMissText(misses[i]) : 'no match'}`);
  return `no HTTP rule of ${filter.path} admits the request (${whys.join('; ')})`;
}
