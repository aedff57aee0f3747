import { readdirSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { evaluateFlow } from '../../../src/engine/index.ts';
import { explanationText } from '../helpers.ts';
import { loadScenario, outcomeOf, satisfies } from './scenario.ts';

const fixtures = readdirSync(new URL('./fixtures/', import.meta.url)).filter((f) => f.endsWith('.yaml'));

// Worked examples from the Cilium documentation, each citing its source in the fixture.
describe.each(fixtures)('%s', (name) => {
  const scenario = loadScenario('cilium', name);
  test.each(
    scenario.expectations.map(
      (e) =>
        [
          `${e.from} → ${e.to} ${e.port}/${e.protocol}${e.http ? ` ${e.http.method} ${e.http.path}` : ''}: ${e.outcome}`,
          e,
        ] as const,
    ),
  )('%s', (_, e) => {
    const verdict = evaluateFlow(scenario.analysis, {
      from: e.from,
      to: e.to,
      port: e.port,
      protocol: e.protocol,
      ...(e.http ? { http: e.http } : {}),
    });
    const actual = outcomeOf(verdict);
    expect(satisfies(actual, e.outcome), `${actual}: ${explanationText(verdict)}`).toBe(true);
  });
});
