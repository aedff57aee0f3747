/**
 * Runs every engine path over a list of flows, compares each answer with an expected one (the oracle's,
 * or a fixture's), and words the disagreements as a reproduction a person can paste into a fixture.
 */
import { stringify } from 'yaml';
import {
  formatDiagnostic,
  loadCluster,
  loadPolicies,
  type Cluster,
  type Flow,
  type HttpRequest,
  type Policy,
  type PortProtocol,
} from '../../src/engine/index.ts';
import { allEndpoints } from './endpoints.ts';
import type { OracleOptions } from './oracle.ts';
import { ENGINE_PATHS, type PathAnswer, type PathInput } from './paths.ts';

/** One flow on which some path disagreed with the expected answer. */
export interface Disagreement {
  readonly flow: Flow;
  readonly expected: PathAnswer;
  /** Every path's answer (undefined: the path does not cover this flow). */
  readonly answers: Readonly<Record<string, PathAnswer | undefined>>;
}

/**
 * Every flow between endpoints (pods, externals; Services as destinations) on the given ports, and on
 * each TCP port in `requestPorts` the same flow carrying each of `requests`.
 */
export function everyFlow(
  cluster: Cluster,
  ports: readonly PortProtocol[],
  requests: readonly HttpRequest[] = [],
  requestPorts: readonly number[] = [],
): Flow[] {
  const endpoints = allEndpoints(cluster).map((e) => e.id);
  const services = cluster.services
    .map((s) => `${s.namespace}/${s.name}`)
    .filter((id) => !endpoints.includes(id));
  return endpoints.flatMap((from) =>
    [...endpoints, ...services].flatMap((to) =>
      ports.flatMap(({ port, protocol }) => {
        const flow: Flow = { from, to, port, protocol };
        const carries = protocol === 'TCP' && requestPorts.includes(port) ? requests : [];
        return [flow, ...carries.map((http) => ({ ...flow, http }))];
      }),
    ),
  );
}

/** A flow as one line: `a -> b 80/TCP` with its request, if any. */
export function flowText(flow: Flow): string {
  const request = flow.http
    ? ` ${flow.http.method} ${flow.http.path}${flow.http.host ? ` Host ${flow.http.host}` : ''}${flow.http.headers ? ` ${JSON.stringify(flow.http.headers)}` : ''}`
    : '';
  return `${flow.from} -> ${flow.to} ${flow.port}/${flow.protocol}${request}`;
}

function agrees(answer: PathAnswer | undefined, expected: PathAnswer): boolean {
  if (!answer) return true;
  if (answer.allowed !== expected.allowed) return false;
  return (
    answer.outcome === undefined || expected.outcome === undefined || answer.outcome === expected.outcome
  );
}

/** The flows on which any path's answer differs from `expected` (same order as `flows`). */
export function disagreements(
  input: PathInput,
  flows: readonly Flow[],
  expected: readonly PathAnswer[],
): Disagreement[] {
  const byPath = ENGINE_PATHS.map((path) => ({ name: path.name, answers: path.answers(input, flows) }));
  return flows.flatMap((flow, i) => {
    const want = expected[i];
    if (!want) return [];
    const answers = Object.fromEntries(byPath.map((p) => [p.name, p.answers[i]]));
    return Object.values(answers).every((a) => agrees(a, want)) ? [] : [{ flow, expected: want, answers }];
  });
}

function answerText(answer: PathAnswer | undefined): string {
  if (!answer) return 'n/a';
  return `${answer.allowed ? 'allowed' : 'denied'}${answer.outcome ? ` (${answer.outcome})` : ''}`;
}

/** The flows that disagree, one line per flow and one per path (✗ marks the paths that differ). */
export function describeDisagreements(found: readonly Disagreement[], limit = 5): string {
  const lines = found
    .slice(0, limit)
    .flatMap((d) => [
      `flow ${flowText(d.flow)}: expected ${answerText(d.expected)}`,
      ...Object.entries(d.answers).map(
        ([name, a]) => `  ${agrees(a, d.expected) ? ' ' : '✗'} ${name}: ${answerText(a)}`,
      ),
    ]);
  return [`${found.length} flow(s) where an engine path disagrees:`, ...lines].join('\n');
}

/** A reproduction: the flows that disagree, each path's answer, and the inputs as a fixture file. */
export function reproduction(
  clusterText: string,
  policiesText: string,
  options: OracleOptions,
  found: readonly Disagreement[],
  limit = 5,
): string {
  const fixture = stringify(
    {
      description: 'TODO: the behaviour this flow shows',
      ...(options.ipBlockMatchesPods === false ? { options: { ipBlockMatchesPods: false } } : {}),
      cluster: clusterText,
      policies: policiesText,
      flows: found.slice(0, limit).map((d) => ({ ...d.flow, ...d.expected })),
    },
    { lineWidth: 0 },
  );
  return [
    describeDisagreements(found, limit),
    '',
    "--- as a fixture (tests/oracle/fixtures/<behaviour>.yaml; the expected answers are the oracle's) ---",
    fixture,
  ].join('\n');
}

/** Loads a cluster and policies text, throwing with the diagnostics when either has errors. */
export function loadInputs(
  clusterText: string,
  policiesText: string,
): { cluster: Cluster; policies: Policy[] } {
  const cluster = loadCluster(clusterText, { file: 'cluster.yaml' });
  if (!cluster.ok)
    throw new Error(
      `cluster does not load:\n${cluster.diagnostics.map((d) => formatDiagnostic(d)).join('\n')}`,
    );
  const loaded = loadPolicies(policiesText, { file: 'policies.yaml' });
  const errors = loaded.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0)
    throw new Error(
      `policies do not load:\n${errors.map((d) => formatDiagnostic(d)).join('\n')}\n${policiesText}`,
    );
  return { cluster: cluster.value, policies: [...loaded.policies] };
}
