import { spawnSync } from 'node:child_process';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const fx = (name: string): string => join('tests', 'cli', 'fixtures', name);

/** Runs the CLI as `npm run -s netpol -- ...` does: Node 24 on src/cli/netpol.mjs. */
function netpol(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  return netpolWith({}, ...args);
}

function netpolWith(
  env: Record<string, string>,
  ...args: string[]
): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, ['src/cli/netpol.mjs', ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, ...env },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const base = ['--cluster', fx('cluster.yaml'), '--policies', fx('policies.yaml')];

describe('netpol evaluate', { timeout: 180_000 }, () => {
  test('--output json prints exactly one JSON object with one result per flow, in order', () => {
    const run = netpol('evaluate', ...base, '--flows', fx('flows.yaml'), '--output', 'json');
    expect(run.code).toBe(0);
    const parsed = JSON.parse(run.stdout) as { results: Record<string, unknown>[] };
    expect(Object.keys(parsed)).toEqual(['results']);
    expect(parsed.results.map((r) => [r.from, r.to, r.port, r.protocol, r.allowed])).toEqual([
      ['storefront/frontend', 'data/db', 5432, 'TCP', true],
      ['storefront/frontend', 'data/db', 5433, 'TCP', false],
      ['data/search', 'data/db', 5432, 'TCP', false],
      ['storefront/frontend', 'data/search', 9200, 'TCP', true],
    ]);
    const first = parsed.results[0] as { explanation: string[]; summary: string };
    expect(first.summary).toContain('allowed by NetworkPolicy `data/db-from-storefront` rule ingress[0]');
    expect(first.explanation.some((line) => line.includes('(line 7)'))).toBe(true);
  });

  test('several --policies files (YAML and JSON) and a JSON flows file', () => {
    const run = netpol(
      'evaluate',
      ...base,
      '--policies',
      fx('more-policies.json'),
      '--flows',
      fx('flows.json'),
      '--output',
      'json',
    );
    expect(run.code).toBe(0);
    const { results } = JSON.parse(run.stdout) as { results: { allowed: boolean }[] };
    expect(results.map((r) => r.allowed)).toEqual([true, true]);
    const closed = netpol(
      'evaluate',
      ...base,
      '--policies',
      fx('more-policies.json'),
      '--flows',
      fx('flows.yaml'),
      '--output',
      'json',
    );
    expect((JSON.parse(closed.stdout) as { results: { allowed: boolean }[] }).results[3]?.allowed).toBe(
      false,
    );
  });

  test('text output, one line per flow', () => {
    const run = netpol('evaluate', ...base, '--flows', fx('flows.yaml'));
    expect(run.code).toBe(0);
    expect(run.stdout.trim().split('\n')).toHaveLength(4);
    expect(run.stdout).toMatch(/^ALLOW storefront\/frontend -> data\/db 5432\/TCP/);
  });

  test('invalid policies: exit 1 with file:line:col diagnostics on stderr', () => {
    const run = netpol(
      'evaluate',
      '--cluster',
      fx('cluster.yaml'),
      '--policies',
      fx('bad-policies.yaml'),
      '--flows',
      fx('flows.yaml'),
    );
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(
      `${fx('bad-policies.yaml')}:6:3: strict decoding error: unknown field "spec.ingres"`,
    );
  });

  test('invalid flows: unknown endpoints and bad ports are reported with their lines', () => {
    const run = netpol('evaluate', ...base, '--flows', fx('bad-flows.yaml'));
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`${fx('bad-flows.yaml')}:3:`);
    expect(run.stderr).toContain('must be between 1 and 65535');
    const unknown = netpol(
      'evaluate',
      ...base,
      '--flows',
      fx('bad-flows.yaml').replace('bad-flows', 'bad-flows'),
    );
    expect(unknown.code).toBe(1);
  });

  test('a missing file is invalid input (exit 1)', () => {
    const run = netpol('evaluate', ...base, '--flows', fx('nope.yaml'));
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('cannot read');
  });

  test('usage errors exit 2 with the usage text', () => {
    for (const args of [
      ['evaluate', ...base],
      ['evaluate', ...base, '--flows', fx('flows.yaml'), '--output', 'xml'],
      ['frobnicate'],
      [],
      ['evaluate', '--cluster'],
    ]) {
      const run = netpol(...args);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr).toContain('Usage:');
    }
    expect(netpol('evaluate', ...base, '--flows', fx('flows.yaml'), '--bogus', 'x').code).toBe(2);
  });

  test('--help prints the usage and exits 0', () => {
    const run = netpol('--help');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      'npm run -s netpol -- evaluate --cluster IN... --policies IN... --flows IN...',
    );
  });
});

describe('netpol matrix, explain, lint', { timeout: 180_000 }, () => {
  test('matrix prints a grid, rows are sources', () => {
    const run = netpol('matrix', ...base, '--port', '5432');
    expect(run.code).toBe(0);
    const rows = run.stdout.trim().split('\n').slice(2);
    expect(rows.map((r) => r.split(/\s+/))).toEqual([
      ['storefront/frontend', '.', '.', '.', '.'],
      ['data/db', '.', '.', '.', '.'],
      ['data/search', '.', 'X', '.', '.'],
      ['kube-system/coredns', '.', 'X', '.', '.'],
    ]);
  });

  test('explain prints both directions in plain words', () => {
    const run = netpol('explain', ...base, '--from', 'data/search', '--to', 'data/db', '--port', '5432');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('data/search → data/db 5432/TCP: DENIED (connection timed out)');
    expect(run.stdout).toContain('ingress[0]: namespace `data` has `team=data`, not `team=web`');
    expect(netpol('explain', ...base, '--from', 'data/x', '--to', 'data/db', '--port', '5432').code).toBe(1);
  });

  test('lint: errors exit 1, warnings alone exit 0', () => {
    const bad = netpol('lint', fx('bad-policies.yaml'));
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain('1 error(s)');
    const ok = netpol('lint', '--cluster', fx('cluster.yaml'), fx('policies.yaml'), fx('more-policies.json'));
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('0 error(s)');
  });
});

describe('the bundled command line', { timeout: 180_000 }, () => {
  const cache = join(root, 'node_modules', '.cache', 'netpol-lab');
  const commands: string[][] = [
    ['evaluate', ...base, '--flows', fx('flows.yaml'), '--output', 'json'],
    ['evaluate', ...base, '--policies', fx('more-policies.json'), '--flows', fx('flows.json')],
    [
      'evaluate',
      '--cluster',
      fx('cluster.yaml'),
      '--policies',
      fx('bad-policies.yaml'),
      '--flows',
      fx('flows.yaml'),
    ],
    ['matrix', ...base, '--port', '5432'],
    ['explain', ...base, '--from', 'data/search', '--to', 'data/db', '--port', '5432', '--output', 'json'],
    ['lint', '--cluster', fx('cluster.yaml'), fx('policies.yaml'), fx('bad-policies.yaml')],
    ['evaluate', '--bogus'],
  ];

  test('answers exactly as the TypeScript sources do (stdout, stderr and exit code)', () => {
    for (const command of commands) {
      const sources = netpolWith({ NETPOL_CLI_SOURCES: '1' }, ...command);
      expect(netpol(...command), command.join(' ')).toEqual(sources);
    }
    expect(statSync(join(cache, 'main.mjs')).size).toBeGreaterThan(100_000);
  });

  test('is rebuilt when a file it was built from changed, and a damaged bundle falls back to the sources', () => {
    netpol('--help');
    const inputsFile = join(cache, 'cli-inputs.json');
    const inputs = JSON.parse(readFileSync(inputsFile, 'utf8')) as Record<string, number>;
    expect(Object.keys(inputs)).toContain('src/engine/evaluate/flow.ts');
    // As if flow.ts had been edited since the bundle was built.
    writeFileSync(inputsFile, JSON.stringify({ ...inputs, 'src/engine/evaluate/flow.ts': 1 }));
    const before = statSync(join(cache, 'main.mjs')).mtimeMs;
    const expected = netpolWith({ NETPOL_CLI_SOURCES: '1' }, ...(commands[0] ?? []));
    expect(netpol(...(commands[0] ?? []))).toEqual(expected);
    expect(statSync(join(cache, 'main.mjs')).mtimeMs).toBeGreaterThan(before);
    expect(JSON.parse(readFileSync(inputsFile, 'utf8'))).toEqual(inputs);

    writeFileSync(join(cache, 'main.mjs'), 'this is not JavaScript (');
    expect(netpol(...(commands[0] ?? []))).toEqual(expected);
    // The damaged bundle is replaced on the next run.
    expect(netpol(...(commands[0] ?? []))).toEqual(expected);
    expect(readFileSync(join(cache, 'main.mjs'), 'utf8')).toContain('netpolRequire');
  });
});
