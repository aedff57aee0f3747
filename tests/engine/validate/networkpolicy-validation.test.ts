import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { loadPolicies } from '../../../src/engine/index.ts';
import { expectDiagnostic } from '../helpers.ts';

// Each fixture starts with `# expect: <code> <line> [message fragment]` and must be rejected.
const dir = join(import.meta.dirname, 'invalid');
const cases = readdirSync(dir)
  .filter((f) => f.endsWith('.yaml'))
  .sort()
  .map((file) => {
    const text = readFileSync(join(dir, file), 'utf8');
    const [, code = '', line = '0', message = ''] = /^# expect: (\S+) (\d+) ?(.*)$/m.exec(text) ?? [];
    return { file, text, code, line: Number(line), message };
  });

describe('API-server validation (bad input → code and line)', () => {
  test.each(cases)('$file', ({ text, code, line, message }) => {
    const found = expectDiagnostic(text, { code, line });
    if (message) expect(found.message).toContain(message);
    expect(found.severity).toBe('error');
    expect(loadPolicies(text).policies).toHaveLength(0);
  });
});

describe('diagnostic details', () => {
  test('every diagnostic carries a file, a field path and a 1-based range', () => {
    const { diagnostics } = loadPolicies(readFileSync(join(dir, 'endport-below-port.yaml'), 'utf8'), {
      file: 'web.yaml',
    });
    expect(diagnostics[0]).toMatchObject({
      file: 'web.yaml',
      path: 'spec.ingress[0].ports[0].endPort',
      range: { line: 10, column: 16 },
    });
  });

  test('an unknown field suggests the closest known name', () => {
    const found = expectDiagnostic(readFileSync(join(dir, 'unknown-field-ingres-typo.yaml'), 'utf8'), {
      code: 'unknown-field',
      line: 7,
    });
    expect(found.fix).toContain('`ingress`');
  });

  test('a label written directly under podSelector is told to go under matchLabels, not removed', () => {
    const found = expectDiagnostic(
      'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: a, namespace: x}\nspec:\n  podSelector:\n    app: web\n',
      { code: 'unknown-field', line: 6 },
    );
    expect(found.fix).toBe('`app: web` is a label: put it under `matchLabels` (`matchLabels: {app: web}`).');
  });

  test('a field that is not misplaced anywhere is still to be removed, with the known fields', () => {
    const found = expectDiagnostic(
      'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: a, namespace: x}\nspec:\n  podSelector: {}\n  whatever: 1\n',
      { code: 'unknown-field', line: 6 },
    );
    expect(found.fix).toMatch(/^Remove `whatever`: known fields here are /);
  });

  test('valid objects survive next to invalid ones', () => {
    const text = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: ok, namespace: shop}
spec: {podSelector: {}}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: bad, namespace: shop}
spec: {podSelector: {}, policyTypes: [Sideways]}`;
    const loaded = loadPolicies(text);
    expect(loaded.policies.map((p) => p.name)).toEqual(['ok']);
    expect(loaded.diagnostics.map((d) => [d.code, d.range?.line])).toEqual([['unsupported-value', 9]]);
  });

  test('namespace defaults to `default` and IPv6 CIDRs validate', () => {
    const loaded = loadPolicies(`apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: v6}
spec:
  podSelector: {}
  egress:
  - to: [{ipBlock: {cidr: "2001:db8::/64", except: ["2001:db8::/96"]}}]`);
    expect(loaded.diagnostics).toEqual([]);
    expect(loaded.policies[0]?.namespace).toBe('default');
  });

  test('objects that are not policies are counted in one line, never a crash', () => {
    const loaded = loadPolicies(
      'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: b}\n',
    );
    expect(loaded.policies).toEqual([]);
    expect(loaded.diagnostics).toMatchObject([{ code: 'policies/skipped-kinds', severity: 'info' }]);
    expect(loaded.diagnostics[0]?.message).toBe(
      'skipped 3 objects that are not policies: 2 ConfigMap, 1 Deployment',
    );
  });

  test('a later object with the same name replaces the earlier one, with a warning', () => {
    const doc = (port: number): string => `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: same, namespace: a}
spec: {podSelector: {}, ingress: [{ports: [{port: ${port}}]}]}`;
    const loaded = loadPolicies(`${doc(80)}\n---\n${doc(81)}`);
    expect(loaded.policies).toHaveLength(1);
    expect(JSON.stringify(loaded.policies[0]?.object)).toContain('81');
    expect(loaded.diagnostics.map((d) => d.code)).toEqual(['duplicate-object']);
  });
});
