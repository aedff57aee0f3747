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
import { policiesYaml, policyObjects } from './generate-policies.ts';
import { oracleVerdicts } from './oracle.ts';
import { pathInput } from './paths.ts';

const RUNS = Number(process.env.ORACLE_RUNS ?? '2000');
const SEED_TEXT = process.env.ORACLE_SEED ?? '20261206';
const SEED = SEED_TEXT === 'random' ? undefined : Number(SEED_TEXT);

const scenario = fc
  .record({
    cluster: clusterShape,
    policies: policyObjects,
    ipBlockMatchesPods: fc.oneof({ weight: 3, arbitrary: fc.constant(true) }, fc.constant(false)),
  })
  .map((s) => ({
    clusterText: clusterYaml(s.cluster),
    policiesText: policiesYaml(s.policies),
    count: s.policies.length,
    ports: s.cluster.ports,
    options: { ipBlockMatchesPods: s.ipBlockMatchesPods },
    // The error message carries the reproduction; keep fast-check's own counterexample line short.
    [fc.toStringMethod]: () => 'the cluster and policies shown in the error',
  }));

type Scenario = typeof scenario extends fc.Arbitrary<infer T> ? T : never;

function check(s: Scenario): void {
  const { cluster, policies } = loadInputs(s.clusterText, s.policiesText);
  // The generator must stay honest: every object it writes is valid and loads.
  expect(policies, 'every generated policy loads').toHaveLength(s.count);
  const flows = everyFlow(cluster, s.ports);
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
});
