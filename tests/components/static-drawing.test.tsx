import { describe, expect, test } from 'vitest';
import type { GraphEdge } from '../../src/components/graph/edges.ts';
import type { GraphLayout } from '../../src/components/graph/layout.ts';
import { staticScene, type StaticScene } from '../../src/components/graph/static-geometry.ts';
import { renderToStaticMarkup } from 'react-dom/server';
import { StaticDrawing } from '../../src/components/graph/StaticDrawing.tsx';

/** The drawing as the server writes it (React elements rendered to a string, as Astro does). */
const staticGraphMarkup = (
  scene: StaticScene,
  graph: GraphLayout,
  focus: string | null,
  selectedEdge: string | null,
): string =>
  renderToStaticMarkup(
    <StaticDrawing scene={scene} layout={graph} focus={focus} selectedEdge={selectedEdge} />,
  );

const layout: GraphLayout = {
  endpoints: [
    {
      id: 'web/<img src=x onerror=alert(1)>',
      label: '<img src=x onerror=alert(1)>',
      kind: 'pod',
      namespace: 'web</text><script>alert(1)</script>',
      x: 60,
      y: 40,
    },
    {
      id: 'db/"q" & \'ok\'',
      label: '"q" & \'ok\'',
      kind: 'pod',
      namespace: 'db',
      x: 260,
      y: 40,
    },
    { id: 'partner', label: 'partner', kind: 'external', x: 460, y: 40 },
  ],
  boxes: [
    { name: 'web</text><script>alert(1)</script>', x: 0, y: 0, width: 120, height: 80 },
    { name: 'db', x: 200, y: 0, width: 120, height: 80 },
  ],
  width: 520,
  height: 80,
};
const [a, b, c] = layout.endpoints.map((e) => e.id) as [string, string, string];
const edges: GraphEdge[] = [
  { id: `${a} -> ${b}`, from: a, to: b, allowed: true, changed: false },
  { id: `${b} -> ${c}`, from: b, to: c, allowed: false, changed: true, goal: 'deny' },
  { id: `${a} -> ${c}`, from: a, to: c, allowed: false, changed: false },
];

const TAGS = ['defs', 'marker', 'path', 'g', 'rect', 'text'];

/** Every tag in the markup (name, attributes, and the text that follows it up to the next tag). */
function tags(markup: string): { name: string; attrs: Record<string, string>; text: string }[] {
  return [...markup.matchAll(/<(\/?)([a-z]+)((?: [a-zA-Z-]+="[^"<>]*")*)\/?>([^<]*)/g)].map((m) => ({
    name: `${m[1]}${m[2]}`,
    attrs: Object.fromEntries(
      [...(m[3] ?? '').matchAll(/ ([a-zA-Z-]+)="([^"]*)"/g)].map((a): [string, string] => [
        a[1] ?? '',
        a[2] ?? '',
      ]),
    ),
    text: decode(m[4] ?? ''),
  }));
}

const decode = (text: string) =>
  text.replace(
    /&(amp|lt|gt|quot|#x27);/g,
    (_, name: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#x27': "'" })[name] ?? '',
  );
const withClass = (markup: string, name: string) =>
  tags(markup).filter((t) => (t.attrs['class'] ?? '').split(' ').includes(name));

describe('static graph markup', () => {
  test('names with markup stay text: no element but the drawing, and the labels read back exactly', () => {
    const markup = staticGraphMarkup(staticScene(layout, edges), layout, null, null);
    // Every "<" starts one of the drawing's own tags, and the tags account for the whole string.
    expect(markup.match(/</g)).toHaveLength(tags(markup).length);
    for (const t of tags(markup)) expect(TAGS).toContain(t.name.replace('/', ''));
    const texts = tags(markup)
      .filter((t) => t.name === 'text')
      .map((t) => t.text);
    expect(texts).toContain('web</text><script>alert(1)</script>');
    expect(texts).toContain('<img src=x oner…');
    expect(texts).toContain(`"q" & 'ok'`);
  });

  test('one arrow per flow, classed by verdict; changed and selected flows get an underlay; goals a label', () => {
    const markup = staticGraphMarkup(staticScene(layout, edges), layout, null, `${a} -> ${c}`);
    expect(withClass(markup, 'np-graph-edge-allow')).toHaveLength(1);
    expect(withClass(markup, 'np-graph-edge-deny')).toHaveLength(2);
    expect(withClass(markup, 'np-graph-underlay')).toHaveLength(2);
    expect(withClass(markup, 'np-graph-underlay-selected')).toHaveLength(1);
    expect(withClass(markup, 'np-graph-edge-selected')[0]?.attrs['stroke-width']).toBe('5');
    expect(withClass(markup, 'np-graph-goal-label').map((t) => t.text)).toEqual(['must deny']);
    expect(withClass(markup, 'np-graph-edge-faded')).toHaveLength(0);
  });

  test('focusing a pod fades the arrows that do not touch it and marks the pod', () => {
    const markup = staticGraphMarkup(staticScene(layout, edges), layout, c, null);
    expect(withClass(markup, 'np-graph-edge-faded')).toHaveLength(1);
    expect(withClass(markup, 'np-graph-focused').map((t) => t.attrs['class'])).toEqual([
      'np-svg-ext np-graph-focused',
    ]);
  });
});

test('an arrow whose requests HTTP rules filter is drawn dotted and badged HTTP (a goal label wins)', () => {
  const l7: GraphEdge[] = [
    { id: `${a} -> ${b}`, from: a, to: b, allowed: true, filtered: true, changed: false },
    { id: `${b} -> ${c}`, from: b, to: c, allowed: true, filtered: true, changed: false, goal: 'allow' },
  ];
  const markup = staticGraphMarkup(staticScene(layout, l7), layout, null, null);
  const paths = tags(markup).filter(
    (t) => t.name === 'path' && (t.attrs.class ?? '').includes('np-graph-edge-'),
  );
  expect(paths.map((p) => p.attrs.class?.includes('np-graph-edge-filtered'))).toEqual([true, true]);
  const texts = tags(markup)
    .filter((t) => t.name === 'text')
    .map((t) => t.text);
  expect(texts.filter((t) => t === 'HTTP')).toHaveLength(1);
  expect(texts).toContain('must allow');
});

describe('observed traffic in the static graph', () => {
  const observed: GraphEdge[] = [
    {
      id: `${a} -> ${b}`,
      from: a,
      to: b,
      allowed: false,
      changed: false,
      observed: { count: 3, denied: true, tip: 'web → db: observed, 5432/TCP seen 3×, denied' },
    },
    { id: `${a} -> ${c}`, from: a, to: c, allowed: true, changed: false, unobserved: true },
  ];
  const markup = (focus: string | null): string =>
    staticGraphMarkup(staticScene(layout, observed), layout, focus, null);

  test('an observed arrow has its halo, its tooltip and its count; a denied one says so; the others are faint', () => {
    const svg = markup(null);
    expect(svg).toContain('<title>web → db: observed, 5432/TCP seen 3×, denied</title>');
    expect(svg).toContain('class="np-graph-underlay-observed"');
    expect(svg).toMatch(/class="np-graph-observed-label np-graph-observed-denied">denied 3×<\/text>/);
    expect(svg).toContain('np-graph-edge-allow np-graph-edge-unobserved');
  });

  test('focused on another endpoint, the observed arrow fades with its halo and label', () => {
    const svg = markup(c);
    expect(svg).toContain('class="np-graph-underlay-observed np-graph-edge-faded"');
    expect(svg).toContain('np-graph-observed-denied np-graph-edge-faded');
  });
});
