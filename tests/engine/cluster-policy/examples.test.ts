import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { evaluateFlow } from '../../../src/engine/index.ts';
import { explanationText } from '../helpers.ts';
import { loadScenario, outcomeOf, satisfies } from '../cilium/scenario.ts';

const hogwarts = readFileSync(new URL('./cluster/hogwarts.yaml', import.meta.url), 'utf8');
const fixtures = readdirSync(new URL('./fixtures/', import.meta.url)).filter((f) => f.endsWith('.yaml'));

// network-policy-api documentation and conformance cases over the conformance model's houses.
describe.each(fixtures)('%s', (name) => {
  const scenario = loadScenario('cluster-policy', name, hogwarts);
  test.each(
    scenario.expectations.map(
      (e) => [`${e.from} → ${e.to} ${e.port}/${e.protocol}: ${e.outcome}`, e] as const,
    ),
  )('%s', (_, e) => {
    const verdict = evaluateFlow(scenario.analysis, {
      from: e.from,
      to: e.to,
      port: e.port,
      protocol: e.protocol,
    });
    const actual = outcomeOf(verdict);
    expect(satisfies(actual, e.outcome), `${actual}: ${explanationText(verdict)}`).toBe(true);
  });
});
