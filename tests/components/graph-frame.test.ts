import { describe, expect, test } from 'vitest';
import { frameZoom, MIN_LABEL_PX, MIN_ZOOM, POD_LABEL_UNITS } from '../../src/components/graph/frame.ts';

describe('the graph frame', () => {
  const shop = { width: 1000, height: 650 };

  test('a wide pane draws the graph at its own size, never larger', () => {
    expect(frameZoom(shop, 2000)).toBe(1);
  });

  test('a pane a little narrower than the drawing scales it down to fit', () => {
    expect(frameZoom(shop, 932)).toBeCloseTo(0.9, 5);
  });

  test('a phone-width pane keeps labels legible and scrolls instead', () => {
    expect(frameZoom(shop, 340)).toBe(MIN_ZOOM);
    expect(POD_LABEL_UNITS * frameZoom(shop, 340)).toBeGreaterThanOrEqual(12);
    expect(MIN_LABEL_PX).toBeGreaterThanOrEqual(12);
  });
});
