/**
 * The differential oracle: random small clusters and policies of every kind, every flow between every
 * pair of endpoints on a few ports (53/UDP always), and every engine path (tests/oracle/paths.ts) must
 * give the oracle's verdict. On a failure fast-check shrinks the input and the error prints the flows,
 * each path's answer and the inputs as a fixture. `ORACLE_RUNS` sets the number of clusters (default
 * 2,000; `npm run oracle` runs more). The default seed is fixed, so `npm test` checks the same clusters
 * every time; `ORACLE_SEED=random` explores new ones (`npm run oracle` does), `ORACLE_SEED=N` replays a run.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { disagreements, everyFlow, loadInputs, reproduction } from './compare.ts';
import { clusterShape, clusterYaml } from './generate.ts';
import { ciliumPolicyObjects, policiesYaml, policyObjects } from './generate-policies.ts';
import { oracleVerdicts } from './oracle.ts';
import type { HttpRequest } from '../../src/engine/index.ts';
import { pathInput } from './paths.ts';

const RUNS = Number(process.env.ORACLE_RUNS ?? '2000');
const SEED_TEXT = process.env.ORACLE_SEED ?? '20261206';
const SEED = SEED_TEXT === 'random' ? undefined : Number(SEED_TEXT);

/** Requests flows on 80/TCP and 8080/TCP carry, around the HTTP rules the generator writes. */
const REQUESTS: readonly HttpRequest[] = [
  { method: 'GET', path: '/' },
  { method: 'POST', path: '/v1/dock' },
  { method: 'PUT', path: '/v1/dock', host: 'api.example.com', headers: { 'X-Token': 'abc' } },
  { method: 'GET', path: '/v1', host: 'apixexample.com', headers: { 'x-team': 'blue' } },
  { method: 'HEAD', path: '/health', headers: { 'X-Token': 'abd', 'x-token:abc': '' } },
];

const scenario = fc
  .record({
    cluster: clusterShape,
    policies: policyObjects,
    requests: fc.subarray([...REQUESTS], { minLength: 1, maxLength: 2 }),
    ipBlockMatchesPods: fc.oneof({ weight: 3, arbitrary: fc.constant(true) }, fc.constant(false)),
  })
  .map((s) => ({
    clusterText: clusterYaml(s.cluster),
    policiesText: policiesYaml(s.policies),
    count: s.policies.length,
    ports: s.cluster.ports,
    requests: s.requests,
    options: { ipBlockMatchesPods: s.ipBlockMatchesPods },
    // The error message carries the reproduction; keep fast-check's own counterexample line short.
    [fc.toStringMethod]: () => 'the cluster and policies shown in the error',
  }));

type Scenario = typeof scenario extends fc.Arbitrary<infer T> ? T : never;

/**
 * Scenarios for L7 rules: flows on 80/TCP and 8080/TCP (where the generator's HTTP rules sit), every
 * request on both, and mostly Cilium policies.
 */
const l7Scenario: fc.Arbitrary<Scenario> = fc
  .record({ cluster: clusterShape, policies: ciliumPolicyObjects })
  .map((s) => ({
    clusterText: clusterYaml(s.cluster),
    policiesText: policiesYaml(s.policies),
    count: s.policies.length,
    ports: [
      { port: 53, protocol: 'UDP' as const },
      { port: 80, protocol: 'TCP' as const },
      { port: 8080, protocol: 'TCP' as const },
    ],
    requests: [...REQUESTS],
    options: { ipBlockMatchesPods: true },
    [fc.toStringMethod]: () => 'the cluster and policies shown in the error',
  }));

function check(s: Scenario): void {
  const { cluster, policies } = loadInputs(s.clusterText, s.policiesText);
  // The generator must stay honest: every object it writes is valid and loads.
  expect(policies, 'every generated policy loads').toHaveLength(s.count);
  const flows = everyFlow(cluster, s.ports, s.requests, [80, 8080]);
  const expected = oracleVerdicts(cluster, policies, flows, s.options);
  const found = disagreements(pathInput(cluster, policies, s.options, s.ports), flows, expected);
  if (found.length > 0) throw new Error(reproduction(s.clusterText, s.policiesText, s.options, found));
}

describe('differential oracle: every engine path gives the naive oracle verdict', () => {
  test(
    `${RUNS} random clusters, every flow, every path`,
    () => {
      fc.assert(fc.property(scenario, check), {
        numRuns: RUNS,
        ...(SEED === undefined ? {} : { seed: SEED }),
      });
    },
    30 * 60_000,
  );

  test(
    `${Math.ceil(RUNS / 4)} random clusters with HTTP-aware Cilium rules, every flow and request, every path`,
    () => {
      fc.assert(fc.property(l7Scenario, check), {
        numRuns: Math.ceil(RUNS / 4),
        ...(SEED === undefined ? {} : { seed: SEED }),
      });
    },
    30 * 60_000,
  );
});
