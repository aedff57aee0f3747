import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { layoutCluster } from '../../src/components/graph/layout.ts';
import { loadCluster } from '../../src/engine/index.ts';

const text = readFileSync(new URL('./fixtures/twelve-pods-one-namespace.yaml', import.meta.url), 'utf8');

describe('graph layout of a pasted cluster', () => {
  test('twelve pods of one namespace form a grid, not one column', () => {
    const loaded = loadCluster(text);
    if (!loaded.ok) throw new Error(loaded.diagnostics.map((d) => d.message).join('\n'));
    const layout = layoutCluster(loaded.value);
    const shop = layout.endpoints.filter((e) => e.namespace === 'shop');
    expect(shop).toHaveLength(12);
    const columns = new Set(shop.map((e) => e.x)).size;
    const rows = new Set(shop.map((e) => e.y)).size;
    expect(columns).toBeGreaterThanOrEqual(3);
    expect(rows).toBeLessThanOrEqual(4);
    // No two pods share a place, and the namespace box holds them all.
    expect(new Set(shop.map((e) => `${e.x},${e.y}`)).size).toBe(12);
    const box = layout.boxes.find((b) => b.name === 'shop');
    expect(box).toBeDefined();
    for (const e of shop) {
      expect(e.x).toBeGreaterThan(box?.x ?? Infinity);
      expect(e.x).toBeLessThan((box?.x ?? 0) + (box?.width ?? 0));
    }
    // The graph is wider than tall rather than one unreadable column.
    expect(layout.width).toBeGreaterThan(layout.height);
  });
});
