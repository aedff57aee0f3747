import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import {
  analyze,
  loadCluster,
  loadPolicies,
  type AnalysisHandle,
  type Diagnostic,
  type FlowVerdict,
  type HttpRequest,
  type Protocol,
} from '../../../src/engine/index.ts';

/**
 * Test fixtures are one YAML file per worked example: cluster documents, policy documents and a
 * test-only `Expectations` document listing flows as `[from, to, "port/PROTO", outcome, request?]`, where
 * the outcome is `allowed`, `denied`, `resolving-timed-out`, `connection-timed-out`, `requests-filtered`
 * (connection open, L7 rules judge each request) or `request-denied` (HTTP 403), and the optional request
 * is `"METHOD /path"` or `{method, path, host?, headers?}`.
 */

const CLUSTER_KINDS = new Set(['Namespace', 'Pod', 'Service', 'ExternalEndpoint', 'Scenario']);

/** One expected flow outcome. */
export interface Expectation {
  readonly from: string;
  readonly to: string;
  readonly port: number;
  readonly protocol: Protocol;
  readonly outcome:
    | 'allowed'
    | 'denied'
    | 'resolving-timed-out'
    | 'connection-timed-out'
    | 'requests-filtered'
    | 'request-denied';
  readonly http?: HttpRequest;
}

type Row = [string, string, string, Expectation['outcome'], (string | HttpRequest)?];

/** Reads a row's request: `"POST /v1/dock"` or an object. */
function requestOf(value: string | HttpRequest | undefined): HttpRequest | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') return value;
  const [method = '', path = ''] = value.split(' ');
  return { method, path };
}

/** A loaded fixture. */
export interface Scenario {
  readonly analysis: AnalysisHandle;
  readonly expectations: readonly Expectation[];
  readonly diagnostics: readonly Diagnostic[];
  readonly policiesText: string;
  readonly clusterText: string;
}

function kindOf(doc: string): string | undefined {
  return /^kind:\s*(\S+)/m.exec(doc)?.[1];
}

/** Splits a fixture text into cluster, policies and expectations. */
export function splitFixture(text: string): {
  cluster: string;
  policies: string;
  expectations: Expectation[];
} {
  const docs = text.split(/^---\s*$/m).filter((d) => d.trim() !== '');
  const cluster = docs.filter((d) => CLUSTER_KINDS.has(kindOf(d) ?? '')).join('---\n');
  const policies = docs
    .filter((d) => !CLUSTER_KINDS.has(kindOf(d) ?? '') && kindOf(d) !== 'Expectations')
    .join('---\n');
  const exp = docs.find((d) => kindOf(d) === 'Expectations');
  const rows = exp ? ((parse(exp) as { flows?: Row[] }).flows ?? []) : [];
  const expectations = rows.map(([from, to, pp, outcome, request]): Expectation => {
    const [port, protocol] = pp.split('/');
    const http = requestOf(request);
    return {
      from,
      to,
      port: Number(port),
      protocol: (protocol ?? 'TCP') as Protocol,
      outcome,
      ...(http ? { http } : {}),
    };
  });
  return { cluster, policies, expectations };
}

/** Loads a fixture from `tests/engine/<dir>/fixtures/<name>`, failing loudly on invalid input. */
export function loadScenario(dir: string, name: string, baseCluster = ''): Scenario {
  const text = readFileSync(new URL(`../${dir}/fixtures/${name}`, import.meta.url), 'utf8');
  return scenarioFromText(text, baseCluster);
}

/** Builds a scenario from fixture text; `baseCluster` is prepended to the fixture's own cluster documents. */
export function scenarioFromText(text: string, baseCluster = ''): Scenario {
  const split = splitFixture(text);
  const { policies, expectations } = split;
  const cluster = [baseCluster, split.cluster].filter((t) => t.trim() !== '').join('\n---\n');
  const c = loadCluster(cluster);
  if (!c.ok) throw new Error(`bad cluster: ${c.diagnostics.map((d) => d.message).join('\n')}`);
  const p = loadPolicies(policies);
  const errors = p.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0)
    throw new Error(`bad policies: ${errors.map((d) => `${d.range?.line ?? '?'}: ${d.message}`).join('\n')}`);
  return {
    analysis: analyze(c.value, p.policies),
    expectations,
    diagnostics: p.diagnostics,
    policiesText: policies,
    clusterText: cluster,
  };
}

/** Returns the outcome word for a verdict, in the Expectations vocabulary. */
export function outcomeOf(verdict: FlowVerdict): Expectation['outcome'] {
  if (verdict.outcome === 'requests-filtered' || verdict.outcome === 'request-denied') return verdict.outcome;
  if (verdict.allowed) return 'allowed';
  return verdict.outcome === 'resolving-timed-out'
    ? 'resolving-timed-out'
    : verdict.outcome === 'connection-timed-out'
      ? 'connection-timed-out'
      : 'denied';
}

/** Whether an actual outcome satisfies the expected one (`denied` accepts either timeout and HTTP 403). */
export function satisfies(actual: Expectation['outcome'], expected: Expectation['outcome']): boolean {
  if (expected === 'denied') return actual !== 'allowed' && actual !== 'requests-filtered';
  return actual === expected;
}
