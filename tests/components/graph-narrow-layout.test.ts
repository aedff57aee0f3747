import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { FRAME_PAD, MIN_ZOOM } from '../../src/components/graph/frame.ts';
import { layoutCluster, narrowLayout, type GraphLayout } from '../../src/components/graph/layout.ts';
import { drawingBounds, namespaceBoxes } from '../../src/components/graph/static-geometry.ts';
import { loadClusterModel } from '../../src/components/sandbox/model.ts';
import { loadCluster } from '../../src/engine/index.ts';

/** The inner width of the graph pane on a 390 px phone (the pane's border and the frame's padding off). */
const PHONE_PANE = 338;

const scenario = (id: string): GraphLayout =>
  loadClusterModel(readFileSync(`content/scenarios/${id}.yaml`, 'utf8'), null).layout;

describe('the graph layout for a phone-width pane', () => {
  // The bakery is not here: one of its namespaces spans two columns, so it keeps the wide layout.
  for (const id of ['shop', 'teams', 'harbor', 'model']) {
    test(`${id}: fits a 390 px phone at readable labels, with every endpoint once and no boxes overlapping`, () => {
      const wide = scenario(id);
      const narrow = narrowLayout(wide) ?? wide;
      const bounds = drawingBounds(narrow);
      expect(bounds.width * MIN_ZOOM + 2 * FRAME_PAD).toBeLessThanOrEqual(PHONE_PANE);
      expect(narrow.endpoints.map((e) => e.id).sort()).toEqual(wide.endpoints.map((e) => e.id).sort());
      // Each pod keeps its namespace, and each namespace box holds exactly its own pods.
      for (const e of narrow.endpoints) {
        expect(e.namespace).toBe(wide.endpoints.find((w) => w.id === e.id)?.namespace);
      }
      const boxes = namespaceBoxes(narrow);
      for (const [i, a] of boxes.entries()) {
        for (const b of boxes.slice(i + 1)) {
          const apart =
            a.x + a.width <= b.x || b.x + b.width <= a.x || a.y + a.height <= b.y || b.y + b.height <= a.y;
          expect(apart, `${a.name} and ${b.name} overlap`).toBe(true);
        }
      }
      expect(new Set(narrow.endpoints.map((e) => `${e.x},${e.y}`)).size).toBe(narrow.endpoints.length);
    });
  }

  test('the shop (five columns wide) is stacked two columns across, taller than wide', () => {
    const wide = scenario('shop');
    const narrow = narrowLayout(wide);
    expect(narrow).not.toBeNull();
    expect(new Set(narrow?.endpoints.map((e) => e.x)).size).toBe(2);
    expect(narrow?.height ?? 0).toBeGreaterThan(narrow?.width ?? 0);
  });

  test('a namespace drawn as a grid of several columns keeps the wide layout (it cannot be split)', () => {
    const text = readFileSync(new URL('./fixtures/twelve-pods-one-namespace.yaml', import.meta.url), 'utf8');
    const loaded = loadCluster(text);
    if (!loaded.ok) throw new Error(loaded.diagnostics.map((d) => d.message).join('\n'));
    expect(narrowLayout(layoutCluster(loaded.value))).toBeNull();
  });
});
