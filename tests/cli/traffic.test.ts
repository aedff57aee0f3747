import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, test } from 'vitest';
import { run } from './shop.ts';

// Paths relative to where the tests run (the repository), so goldens name the files as a user would.
const dir = relative(process.cwd(), join(import.meta.dirname, 'fixtures', 'traffic'));
const flows = join(dir, 'store-flows.jsonl');
const cluster = join(dir, 'cluster.yaml');
const policies = join(dir, 'policies.yaml');
const golden = (name: string): string => readFileSync(join(dir, name), 'utf8');

const verify = (...more: string[]) =>
  run(['verify', '--hubble', flows, '--cluster', cluster, '--policies', policies, ...more]);

function tempFile(name: string, text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'netpol-traffic-')), name);
  writeFileSync(file, text);
  return file;
}

describe('netpol verify', { timeout: 120_000 }, () => {
  test('prints the observed connections the policies would deny, with explanation and count; exit 3', () => {
    const result = verify();
    expect(result.code, result.stderr).toBe(3);
    expect(result.stdout).toBe(golden('verify-denied.txt'));
  });

  test('--output json and md (golden files)', () => {
    const json = verify('--output', 'json');
    expect(json.code).toBe(3);
    expect(json.stdout).toBe(golden('verify-denied.json'));
    const parsed = JSON.parse(json.stdout) as { observed: number; denied: { count: number }[] };
    expect(parsed.observed).toBe(20);
    expect(parsed.denied.map((d) => d.count)).toEqual([1, 2, 1, 2]);
    const md = verify('--output', 'md');
    expect(md.code).toBe(3);
    expect(md.stdout).toBe(golden('verify-denied.md.txt'));
  });

  test('what was read goes to stderr as note: lines (drops and replies not counted as connections)', () => {
    const { stderr } = verify();
    expect(stderr).toContain('note: read 4 Deployment, 3 Namespace, 1 StatefulSet');
    expect(stderr).toContain(`note: 73 flows read from ${flows}: 20 connections, 1 dropped, 29 replies`);
  });

  test('exit 0 when every observed connection is allowed', () => {
    const open = tempFile(
      'open.yaml',
      'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: web, namespace: store}\nspec:\n  podSelector: {matchLabels: {app: frontend}}\n  ingress: [{}]\n',
    );
    const result = run(['verify', '--hubble', flows, '--cluster', cluster, '--policies', open]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe('All 20 observed connections would be allowed.\n');
  });

  test('without --cluster the endpoints come from the flows, which name no ports: a note says so', () => {
    const result = run(['verify', '--hubble', flows, '--policies', policies, '--output', 'json']);
    expect(result.code, result.stderr).toBe(3);
    expect(result.stderr).toContain('note: no --cluster: the workloads are built from the flows');
    const parsed = JSON.parse(result.stdout) as { denied: { from: string; to: string }[] };
    const denied = parsed.denied.map((d) => `${d.from} → ${d.to}`);
    expect(denied).toEqual(
      expect.arrayContaining([
        'store/checkout → payments/payment',
        'payments/payment → kube-system/coredns',
        'payments/payment → api-stripe-example',
        // frontend admits `port: http`, a name the flows do not carry.
        'world-203-0-113-10 → store/frontend',
      ]),
    );
  });

  test('lines that are no flow are warnings file:line: message, counted; the rest is verified', () => {
    const log = readFileSync(flows, 'utf8').split('\n');
    log.splice(2, 0, 'level=info msg="Listening"');
    const file = tempFile('cut.jsonl', `${log.join('\n')}{"flow": {"verdict": "FORWA`);
    const result = run(['verify', '--hubble', file, '--cluster', cluster, '--policies', policies]);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain(`${file}:3:1: warning: not JSON: Unexpected token 'l'`);
    expect(result.stderr).toMatch(/cut\.jsonl:75:1: warning: not JSON: /);
    expect(result.stderr).toContain('2 lines not read');
    expect(result.stdout).toContain('4 of 20 observed connections would be denied.');
  });

  test('exit 1 for input that is no Hubble log, or a file that is missing', () => {
    const notFlows = tempFile('flows.yaml', '- {from: a, to: b, port: 80}\n');
    const bad = run(['verify', '--hubble', notFlows, '--policies', policies]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain(`${notFlows}:1:1: ${notFlows} holds no Hubble flows`);
    const missing = run(['verify', '--hubble', join(dir, 'nope.jsonl'), '--policies', policies]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('nope.jsonl');
    const badPolicies = tempFile(
      'p.yaml',
      'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: x}\nspec: {podSelector: 3}\n',
    );
    expect(run(['verify', '--hubble', flows, '--policies', badPolicies]).code).toBe(1);
  });

  test('a log over the input cap is refused whole, exit 1', () => {
    process.env.NETPOL_MAX_INPUT_BYTES = '10000';
    try {
      const result = run(['verify', '--hubble', flows, '--policies', policies]);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('[input/too-large]');
    } finally {
      delete process.env.NETPOL_MAX_INPUT_BYTES;
    }
  });

  test('exit 2 for usage errors', () => {
    expect(run(['verify', '--policies', policies]).stderr).toContain('missing required option --hubble');
    expect(run(['verify', '--hubble', flows]).stderr).toContain('missing required option --policies');
    expect(run(['verify', '--hubble', flows, '--policies', policies, '--output', 'csv']).code).toBe(2);
    expect(run(['verify', '--hubble', flows, '--policies', policies, '--port', '80']).code).toBe(2);
  });
});

describe('netpol generate', { timeout: 120_000 }, () => {
  for (const kind of ['networkpolicy', 'cilium'] as const)
    test(`--kind ${kind}: least-privilege YAML with its proof in the header (golden file)`, () => {
      const result = run(['generate', '--hubble', flows, '--cluster', cluster, '--kind', kind]);
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toBe(golden(`generated-${kind}.yaml`));
    });

  for (const kind of ['networkpolicy', 'cilium'] as const)
    test(`--kind ${kind}: verify of the generated policies against their own flows exits 0`, () => {
      const generated = run(['generate', '--hubble', flows, '--cluster', cluster, '--kind', kind]);
      const file = tempFile('generated.yaml', generated.stdout);
      const result = run(['verify', '--hubble', flows, '--cluster', cluster, '--policies', file]);
      expect(result.code, result.stdout).toBe(0);
      expect(result.stdout).toBe('All 20 observed connections would be allowed.\n');
    });

  test('without --cluster: the workloads are built from the flows, and the result still verifies', () => {
    const generated = run(['generate', '--hubble', flows]);
    expect(generated.code, generated.stderr).toBe(0);
    expect(generated.stdout).toContain('name: postgres-observed');
    expect(generated.stdout).toContain('# Proof: all 20 observed connections allowed');
    const file = tempFile('generated.yaml', generated.stdout);
    expect(run(['verify', '--hubble', flows, '--policies', file]).code).toBe(0);
  });

  test('exit 2 for a --kind it does not write; --policies is not an option of generate', () => {
    const bad = run(['generate', '--hubble', flows, '--kind', 'calico']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--kind must be networkpolicy or cilium, got "calico"');
    expect(run(['generate', '--hubble', flows, '--policies', policies]).code).toBe(2);
    expect(run(['generate']).stderr).toContain('missing required option --hubble');
  });

  test('--help lists verify and generate', () => {
    const help = run(['--help']).stdout;
    expect(help).toContain('netpol -- verify   --hubble FILE... --policies IN...');
    expect(help).toContain(
      'netpol -- generate --hubble FILE... [--cluster IN...] [--kind networkpolicy|cilium]',
    );
  });
});
