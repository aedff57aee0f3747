import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { loadPolicies } from '../../../src/engine/index.ts';

const example = readFileSync(new URL('./docs-examples/top-level-description.yaml', import.meta.url), 'utf8');

// The cilium.io/v2 CRD schemas list apiVersion, kind, metadata, spec, specs and status at the top level.
describe('top-level fields of Cilium policies', () => {
  test('a top-level description, as in Cilium’s own examples, loads with a warning that it is dropped', () => {
    const { policies, diagnostics } = loadPolicies(example, { file: 'sw_l3_l4_policy.yaml' });
    expect(policies).toHaveLength(1);
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const [warning] = diagnostics;
    expect(warning).toMatchObject({ code: 'cilium/pruned-field', severity: 'warning' });
    expect(warning?.message).toBe(
      'unknown field "description": the CiliumNetworkPolicy schema has no top-level "description" (it takes apiVersion, kind, metadata, spec, specs, status), so the API server drops it and it has no effect',
    );
    expect(warning?.fix).toContain('spec.description');
    expect(warning?.range?.line).toBe(5);
  });

  test('every schema property loads without a word; a field below the top level stays an error', () => {
    const clean = loadPolicies(
      example
        .replace(/^description:.*\n/m, '')
        .replace('kind: CiliumNetworkPolicy', 'kind: CiliumNetworkPolicy\nstatus: {}'),
    );
    expect(clean.diagnostics).toEqual([]);
    const nested = loadPolicies(example.replace('  description: "Only', '  descriptoin: "Only'));
    expect(nested.diagnostics.find((d) => d.severity === 'error')?.message).toContain(
      'unknown field "spec.descriptoin"',
    );
  });

  test('the clusterwide kind takes the same top level', () => {
    const text = example
      .replace('kind: CiliumNetworkPolicy', 'kind: CiliumClusterwideNetworkPolicy')
      .replace(/^description:.*$/m, 'notes: x');
    const { policies, diagnostics } = loadPolicies(text);
    expect(policies).toHaveLength(1);
    expect(diagnostics.map((d) => d.message)).toEqual([
      'unknown field "notes": the CiliumClusterwideNetworkPolicy schema has no top-level "notes" (it takes apiVersion, kind, metadata, spec, specs, status), so the API server drops it and it has no effect',
    ]);
  });
});
