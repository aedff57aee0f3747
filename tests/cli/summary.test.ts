import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { run } from './shop.ts';

const root = join(import.meta.dirname, '..', '..');
const model = join(root, 'content', 'scenarios', 'model.yaml');
const shopScenario = join(root, 'content', 'scenarios', 'shop.yaml');
const openRules = join(import.meta.dirname, 'fixtures', 'summary', 'open-rules.yaml');

interface SummaryJson {
  readonly errors: number;
  readonly summary: {
    readonly pods: number;
    readonly items: readonly {
      kind: string;
      text: string;
      pods?: string[];
      rules?: { text: string }[];
      allowed?: number;
    }[];
  };
}

describe('netpol lint --summary', { timeout: 120_000 }, () => {
  test('text: each item in one line, the pods and rules behind it indented, rules with file lines', () => {
    const result = run(['lint', '--cluster', model, '--summary', openRules]);
    expect(result.code).toBe(0);
    const lines = result.stdout.split('\n');
    const at = lines.indexOf('Exposure summary:');
    expect(at).toBeGreaterThan(0);
    expect(lines.slice(at + 1, at + 6)).toEqual([
      'No ingress isolation: 2 of 9 pods accept every connection: no policy isolates their ingress.',
      '  z/a',
      '  z/b',
      'No egress isolation: 3 of 9 pods may open any connection: no policy isolates their egress.',
      '  z/a',
    ]);
    expect(result.stdout).toContain(
      `  NetworkPolicy y/b-from-everywhere ingress[0].from[0] (${openRules}:47): every namespace`,
    );
    expect(result.stdout).toContain('Pod pairs allowed: 9 of 72 pod pairs (13%) may connect on 80/TCP.');
  });

  test('--port and --protocol choose the port pairs are counted on', () => {
    const result = run(['lint', '--cluster', model, '--summary', '--port', '81', openRules]);
    expect(result.stdout).toContain('Pod pairs allowed: 6 of 72 pod pairs (8%) may connect on 81/TCP.');
  });

  test('json: one object with the diagnostics and the summary items', () => {
    const result = run(['lint', '--cluster', shopScenario, '--summary', '--output', 'json', openRules]);
    const parsed = JSON.parse(result.stdout) as SummaryJson;
    expect(parsed.errors).toBe(0);
    const kinds = parsed.summary.items.map((i) => i.kind);
    expect(kinds).toEqual([
      'no-ingress-isolation',
      'no-egress-isolation',
      'admits-internet',
      'admits-all-namespaces',
      'reaches-kube-apiserver',
      'allowed-pairs',
    ]);
    const api = parsed.summary.items[4];
    // The shop has no namespaces x, y, z: every pod is open, so every pod reaches the API server.
    expect(api?.pods).toHaveLength(parsed.summary.pods);
    expect(api?.text).toContain('can connect to kube-apiserver');
  });

  test('--summary without a cluster, and --port without --summary, are usage errors', () => {
    const alone = run(['lint', '--summary', openRules]);
    expect(alone.code).toBe(2);
    expect(alone.stderr).toContain('--summary needs a cluster');
    const port = run(['lint', '--cluster', model, '--port', '80', openRules]);
    expect(port.code).toBe(2);
    expect(port.stderr).toContain('--port and --protocol go with --summary');
  });
});
