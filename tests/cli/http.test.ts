import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const fx = (name: string): string => join('tests', 'cli', 'fixtures', 'l7', name);

function netpol(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, ['src/cli/netpol.mjs', ...args], {
    cwd: root,
    encoding: 'utf8',
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

interface Result {
  readonly from: string;
  readonly http?: { method: string; path: string };
  readonly allowed: boolean;
  readonly outcome: string;
  readonly summary: string;
  readonly ingress: { decision: string; l7?: { result: string; rule?: string; rules?: string[] } };
}

describe('netpol and HTTP requests (Cilium L7 rules)', { timeout: 120_000 }, () => {
  test('evaluate --flows reads http, and each result keeps its fields and adds the request and the HTTP rule', () => {
    const run = netpol(
      'evaluate',
      '--manifests',
      fx('manifests.yaml'),
      '--flows',
      fx('flows.yaml'),
      '--output',
      'json',
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const { results } = JSON.parse(run.stdout) as { results: Result[] };
    expect(results.map((r) => [r.http?.method ?? '-', r.allowed, r.outcome, r.ingress.decision])).toEqual([
      ['-', true, 'requests-filtered', 'requests-filtered'],
      ['POST', true, 'connected', 'allowed-by-rule'],
      ['PUT', false, 'request-denied', 'request-denied'],
      ['GET', true, 'connected', 'allowed-by-rule'],
      ['POST', false, 'request-denied', 'request-denied'],
    ]);
    expect(results[0]?.ingress.l7).toEqual({
      result: 'filtered',
      rules: ['ingress[0].toPorts[0].rules.http[0]'],
    });
    expect(results[1]?.ingress.l7).toEqual({
      result: 'admitted',
      rule: 'ingress[0].toPorts[0].rules.http[0]',
    });
    expect(results[3]?.ingress.l7).toEqual({
      result: 'admitted',
      rule: 'ingress[1].toPorts[0].rules.http[0]',
    });
    expect(results[4]?.ingress.l7).toEqual({
      result: 'rejected',
      rules: ['ingress[1].toPorts[0].rules.http[0]'],
    });
    expect(Object.keys(results[1] ?? {}).slice(0, 7)).toEqual([
      'from',
      'to',
      'port',
      'protocol',
      'http',
      'allowed',
      'outcome',
    ]);
  });

  test('explain --method --path words the HTTP rule that refused the request', () => {
    const run = netpol(
      'explain',
      '--manifests',
      fx('manifests.yaml'),
      '--from',
      'port/shuttle',
      '--to',
      'port/dock',
      '--port',
      '8080',
      '--method',
      'PUT',
      '--path',
      '/v1/dock',
      '--header',
      'X-Pilot: han',
    );
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('port/shuttle → port/dock 8080/TCP PUT /v1/dock [X-Pilot: han]: DENIED');
    expect(run.stdout).toContain(
      'ingress[0].toPorts[0].rules.http[0] (method `POST`, path `/v1/dock`): method `PUT` does not match `POST`',
    );
  });

  test('a request without its path, on UDP, or with a non-string header is an error at its line', () => {
    const run = netpol('evaluate', '--manifests', fx('manifests.yaml'), '--flows', fx('bad-flows.yaml'));
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/bad-flows\.yaml:1:\d+: \[0\]\.http\.path: Required value/);
    expect(run.stderr).toMatch(
      /bad-flows\.yaml:2:\d+: \[1\]\.http: Invalid value: .*needs protocol TCP, not UDP/,
    );
    expect(run.stderr).toMatch(
      /bad-flows\.yaml:3:\d+: \[2\]\.http\.headers\.X-Count: Invalid type: expected string, got integer/,
    );
  });

  test('explain with --path but no --method is a usage error', () => {
    const run = netpol(
      'explain',
      '--manifests',
      fx('manifests.yaml'),
      '--from',
      'port/shuttle',
      '--to',
      'port/dock',
      '--port',
      '8080',
      '--path',
      '/',
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('an HTTP request needs both --method and --path');
  });
});
