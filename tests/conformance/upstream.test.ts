import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { renderMatrix, type Protocol } from '../../src/engine/index.ts';
import { analysisOf, fixtures } from '../engine/helpers.ts';
import { expectedGrid, modelClusterYaml, normalizeGrid, type Expectation } from './model.ts';

interface UpstreamCase {
  readonly port: number;
  readonly protocol: Protocol;
  readonly policies: string;
  readonly expect: readonly Expectation[];
  readonly grid: string;
}

const cases = fixtures<UpstreamCase>(join(import.meta.dirname, 'upstream'));
const clusterYaml = modelClusterYaml();

describe('upstream e2e truth tables (x, y, z × a, b, c)', () => {
  test.each(cases)('%s', (_name, fixture) => {
    // The stored grid is what the upstream-style expectations say…
    expect(normalizeGrid(expectedGrid(fixture.expect))).toBe(normalizeGrid(fixture.grid));
    // …and the engine's whole-cluster result must print the same grid.
    const analysis = analysisOf(clusterYaml, fixture.policies);
    const matrix = analysis.matrix([{ port: fixture.port, protocol: fixture.protocol }]);
    expect(normalizeGrid(renderMatrix(matrix))).toBe(normalizeGrid(fixture.grid));
  });

  test('with no policy everything is allowed on every port and protocol', () => {
    const analysis = analysisOf(clusterYaml, '');
    for (const protocol of ['TCP', 'UDP', 'SCTP'] as const) {
      expect(normalizeGrid(renderMatrix(analysis.matrix([{ port: 81, protocol }])))).toBe(
        normalizeGrid(expectedGrid([])),
      );
    }
  });
});
