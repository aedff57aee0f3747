import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { diffMatrices } from '../../../src/engine/index.ts';
import { analysisOf } from '../helpers.ts';

const clusterYaml = readFileSync(join(import.meta.dirname, 'cluster.yaml'), 'utf8');
const denyX = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny, namespace: x}
spec: {podSelector: {matchLabels: {pod: b}}}`;

describe('whole-cluster results', () => {
  test('rows and columns are pods then external endpoints; pods with the same labels share a class', () => {
    const analysis = analysisOf(clusterYaml, '');
    const matrix = analysis.matrix([{ port: 80, protocol: 'TCP' }]);
    expect(matrix.endpoints).toEqual(['x/a', 'x/b', 'y/a', 'y/b', 'kube-system/coredns', 'bank', 'payments']);
    expect(matrix.classCount).toBe(7);
    expect(matrix.verdict(0, 1).flow).toEqual({ from: 'x/a', to: 'x/b', port: 80, protocol: 'TCP' });
  });

  test('diffMatrices lists exactly the flows a policy change affected', () => {
    const before = analysisOf(clusterYaml, '').matrix([{ port: 80, protocol: 'TCP' }]);
    const after = analysisOf(clusterYaml, denyX).matrix([{ port: 80, protocol: 'TCP' }]);
    const changes = diffMatrices(before, after);
    expect(changes.map((c) => c.flow.from).sort()).toEqual([
      'bank',
      'kube-system/coredns',
      'payments',
      'x/a',
      'y/a',
      'y/b',
    ]);
    expect(changes.every((c) => c.flow.to === 'x/b' && c.before && !c.after)).toBe(true);
    expect(diffMatrices(after, after)).toEqual([]);
  });

  test('the analysis caches a matrix per port list', () => {
    const analysis = analysisOf(clusterYaml, denyX);
    expect(analysis.matrix([{ port: 80, protocol: 'TCP' }])).toBe(
      analysis.matrix([{ port: 80, protocol: 'TCP' }]),
    );
  });
});
