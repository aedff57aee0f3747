import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { loadCluster } from '../../src/engine/index.ts';
import { ROOT } from './load.ts';

describe.each(['shop', 'teams', 'model', 'harbor', 'bakery'])('content/scenarios/%s.yaml', (id) => {
  const file = `content/scenarios/${id}.yaml`;
  const result = loadCluster(readFileSync(join(ROOT, file), 'utf8'), { file });

  test('loads without errors or warnings, headed by its Scenario document', () => {
    expect(
      result.diagnostics.filter((d) => d.severity !== 'info').map((d) => `${d.severity}: ${d.message}`),
    ).toEqual([]);
    expect(result.ok && result.value.scenario?.name).toBe(id);
  });

  test('every pod and external endpoint has a fixed graph position, and no two share one', () => {
    if (!result.ok) return;
    const layout = result.value.scenario?.layout ?? {};
    const ids = [
      ...result.value.pods.map((p) => `${p.namespace}/${p.name}`),
      ...result.value.externals.map((e) => e.name),
    ];
    expect(ids.filter((i) => !(i in layout))).toEqual([]);
    expect(Object.keys(layout).filter((k) => !ids.includes(k))).toEqual([]);
    const positions = Object.values(layout).map(([x, y]) => `${x},${y}`);
    expect(new Set(positions).size).toBe(positions.length);
  });

  test('namespace boxes (pod extents plus label and padding) do not overlap', () => {
    if (!result.ok) return;
    const layout = result.value.scenario?.layout ?? {};
    const boxes = new Map<string, { minX: number; maxX: number; minY: number; maxY: number }>();
    for (const pod of result.value.pods) {
      const [x, y] = layout[`${pod.namespace}/${pod.name}`] ?? [0, 0];
      const b = boxes.get(pod.namespace) ?? { minX: x, maxX: x, minY: y, maxY: y };
      boxes.set(pod.namespace, {
        minX: Math.min(b.minX, x),
        maxX: Math.max(b.maxX, x),
        minY: Math.min(b.minY, y),
        maxY: Math.max(b.maxY, y),
      });
    }
    // A namespace box is its pods' extent plus a margin for the label and padding.
    const margin = 75;
    const list = [...boxes.entries()];
    for (const [i, [a, ba]] of list.entries()) {
      for (const [b, bb] of list.slice(i + 1)) {
        const overlap =
          ba.minX - margin < bb.maxX + margin &&
          bb.minX - margin < ba.maxX + margin &&
          ba.minY - margin < bb.maxY + margin &&
          bb.minY - margin < ba.maxY + margin;
        expect(overlap, `${a} and ${b} overlap`).toBe(false);
      }
    }
  });
});
