/**
 * Regression fixtures for the disagreements the "one truth" issue reproduced: each file holds a
 * cluster, policies and flows with the verdict the decision records give. The oracle and every engine
 * path (tests/oracle/paths.ts) must give that verdict.
 * Format: `description`, optional `options` ({ipBlockMatchesPods}), `cluster` and `policies` (manifest
 * text), `flows` ({from, to, port, protocol, allowed, outcome}).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, test } from 'vitest';
import type { Flow, PortProtocol } from '../../src/engine/index.ts';
import { describeDisagreements, disagreements, loadInputs } from './compare.ts';
import { oracleVerdicts, type OracleOptions, type Outcome } from './oracle.ts';
import { pathInput } from './paths.ts';

interface Fixture {
  readonly description: string;
  readonly options?: OracleOptions;
  readonly cluster: string;
  readonly policies: string;
  readonly flows: readonly (Flow & { readonly allowed: boolean; readonly outcome: Outcome })[];
}

const dir = new URL('./fixtures/', import.meta.url);
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.yaml'))
  .sort();

function portsOf(flows: readonly Flow[]): PortProtocol[] {
  const seen = new Map<string, PortProtocol>();
  for (const { port, protocol } of flows) seen.set(`${port}/${protocol}`, { port, protocol: protocol });
  return [...seen.values()];
}

describe('regression fixtures: the oracle and every engine path give the recorded verdict', () => {
  test('there are fixtures', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  test.each(files)('%s', (file) => {
    const fixture = parse(readFileSync(new URL(file, dir), 'utf8')) as Fixture;
    const { cluster, policies } = loadInputs(fixture.cluster, fixture.policies);
    const options = fixture.options ?? {};
    const flows = fixture.flows.map(({ from, to, port, protocol, http }) => ({
      from,
      to,
      port,
      protocol,
      ...(http ? { http } : {}),
    }));
    const expected = fixture.flows.map(({ allowed, outcome }) => ({ allowed, outcome }));
    expect(
      oracleVerdicts(cluster, policies, flows, options),
      'the oracle gives the recorded verdicts',
    ).toEqual(expected);
    const found = disagreements(pathInput(cluster, policies, options, portsOf(flows)), flows, expected);
    expect(found.length === 0 ? '' : describeDisagreements(found, 20)).toBe('');
  });
});
