import type { DiagnosticSink } from '../model/diagnostic.ts';
import type { FieldPath } from '../model/source.ts';
import { regexProblem } from '../match/http.ts';
import { isObject, type FieldSpec } from '../validate/field-spec.ts';

/**
 * Validation of `toPorts[].rules` L7 fields, as Cilium's CRD schema and rule sanitizer check them:
 * `method` and `path` must be valid regular expressions (Go's `regexp`, RE2 syntax; `host` too, since
 * Envoy compiles it with RE2), `headerMatches` need a `name` and a known `mismatch` action, a Secret needs
 * a name; L7 rules other than DNS need TCP ports and never port 0; one `toPorts` entry carries one kind
 * of L7 rule. https://docs.cilium.io/en/stable/security/policy/layer7/ and Cilium's `PortRuleHTTP.Sanitize`.
 */

const STRING: FieldSpec = { type: 'string' };

function checkRegex(value: string, path: FieldPath, sink: DiagnosticSink): void {
  if (value === '') return;
  const why = regexProblem(value);
  if (why !== undefined) sink.invalid(path, value, why);
}

const REGEX: FieldSpec = { type: 'string', check: checkRegex };

// "Paths must begin with a /": a path expression starting with a letter or digit matches no request.
function checkPath(value: string, path: FieldPath, sink: DiagnosticSink): void {
  checkRegex(value, path, sink);
  if (!/^[A-Za-z0-9]/.test(value)) return;
  sink.warn(
    'lint/cilium-http-path-relative',
    path,
    `${value} can never match: request paths begin with \`/\` and the expression must match the whole path`,
    `Write \`/${value}\`.`,
  );
}

// A `headers` entry `Name:value` (no space) is read as the presence of a header named `Name:value`.
function lintHeader(value: string, path: FieldPath, sink: DiagnosticSink): void {
  const colon = value.indexOf(':');
  if (colon <= 0 || value.includes(' ') || colon === value.length - 1) return;
  sink.warn(
    'lint/cilium-http-header-no-space',
    path,
    `${value} has no space after the colon: Cilium splits a \`headers\` entry at its first space, so this asks for a header named \`${value}\`, which no request sends`,
    `Write \`${value.slice(0, colon)}: ${value.slice(colon + 1)}\` to require that value.`,
  );
}

const headerMatchSpec: FieldSpec = {
  type: 'object',
  required: ['name'],
  fields: {
    name: {
      type: 'string',
      check: (v: string, p, s) => {
        if (v === '') s.required(p, 'header name missing');
      },
    },
    value: STRING,
    mismatch: { type: 'string', enum: ['LOG', 'ADD', 'DELETE', 'REPLACE'] },
    secret: {
      type: 'object',
      required: ['name'],
      fields: {
        namespace: STRING,
        name: {
          type: 'string',
          check: (v: string, p, s) => {
            if (v === '') s.required(p, 'secret name missing');
          },
        },
      },
    },
  },
};

const httpRuleSpec: FieldSpec = {
  type: 'object',
  fields: {
    path: { type: 'string', check: checkPath },
    method: REGEX,
    host: REGEX,
    headers: { type: 'array', items: { type: 'string', check: lintHeader } },
    headerMatches: { type: 'array', items: headerMatchSpec },
  },
};

/** The field spec of `toPorts[].rules`. */
export const l7RulesSpec = (dns: FieldSpec): FieldSpec => ({
  type: 'object',
  fields: {
    http: { type: 'array', items: httpRuleSpec },
    kafka: { type: 'array', items: { type: 'any' } },
    dns: { type: 'array', items: dns },
    l7proto: STRING,
    l7: { type: 'array', items: { type: 'any' } },
  },
});

function present(value: unknown): boolean {
  return Array.isArray(value) ? value.length > 0 : typeof value === 'string' && value !== '';
}

/** The kinds of L7 rule a `rules` object carries (`l7` counts with `l7proto`). */
function l7Kinds(rules: Record<string, unknown>): string[] {
  return ['http', 'kafka', 'dns', 'l7proto'].filter((k) => present(rules[k]));
}

/** Checks one `toPorts[]` entry's L7 rules against its ports (Cilium's `PortRule.sanitize`). */
export function checkPortRuleL7(
  portRule: Record<string, unknown>,
  path: FieldPath,
  sink: DiagnosticSink,
): void {
  const rules = portRule.rules;
  if (!isObject(rules)) return;
  const kinds = l7Kinds(rules);
  const [first, second] = kinds;
  if (first !== undefined && second !== undefined)
    sink.invalid(
      [...path, 'rules', second],
      rules[second],
      `multiple L7 protocol rule types specified in single rule (${first} and ${second})`,
    );
  if (present(rules.l7) && !present(rules.l7proto))
    sink.invalid(
      [...path, 'rules', 'l7'],
      rules.l7,
      "'l7' may only be specified when a 'l7proto' is also specified",
    );
  if (kinds.length === 0) return;
  const dns = kinds.includes('dns');
  const ports = Array.isArray(portRule.ports) ? portRule.ports : [];
  ports.forEach((entry: unknown, i) => {
    if (!isObject(entry)) return;
    const at = [...path, 'ports', i];
    if (entry.port === '0' || entry.port === 0)
      sink.invalid([...at, 'port'], entry.port, 'L7 rules can not be used when a port is 0');
    const protocol = typeof entry.protocol === 'string' ? entry.protocol : 'ANY';
    if (!dns && protocol !== 'TCP')
      sink.invalid(
        [...at, 'protocol'],
        protocol,
        `L7 rules can only apply to TCP (not ${protocol}) except for DNS rules`,
      );
  });
}
