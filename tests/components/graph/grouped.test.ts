import { describe, expect, test } from 'vitest';
import { groupedGraph, groupId, groupOf, PEER_CAP } from '../../../src/components/graph/grouped.ts';
import {
  INNER_CAP,
  SELF,
  type ClusterInfo,
  type Overview,
  type UnitInfo,
  type ViewAnswer,
} from '../../../src/components/sandbox/worker/session.ts';

const unit = (namespace: string, name: string): UnitInfo => ({
  id: namespace === '' ? name : `${namespace}/${name}`,
  namespace,
  name,
  kind: namespace === '' ? 'external' : 'workload',
  members: 1,
  ports: [],
});

/** A cluster of units given as `namespace/name` (no slash: an external endpoint). */
function clusterOf(ids: readonly string[]): ClusterInfo {
  const units = ids.map((id) => {
    const [ns, name] = id.includes('/') ? id.split('/') : ['', id];
    return unit(ns ?? '', name ?? '');
  });
  return {
    ok: true,
    errors: [],
    summary: '',
    skipped: {},
    units,
    namespaces: [...new Set(units.filter((u) => u.namespace !== '').map((u) => u.namespace))].sort(),
    ports: [{ port: 80, protocol: 'TCP' }],
    completion: { labels: new Map(), namespaces: [], namedPorts: [] },
    pods: 0,
    workloads: units.length,
  };
}

const overview = (groups: Overview['groups']): Overview => ({
  rev: 1,
  groups,
  changes: [],
  changeCount: 0,
  port: { port: 80, protocol: 'TCP' },
});

const answer = (parts: Partial<ViewAnswer>): ViewAnswer => ({
  rev: 1,
  rows: [],
  cols: [],
  cells: new Uint8Array(0),
  focus: null,
  inner: [],
  ...parts,
});

const SHOP = clusterOf(['shop/web', 'shop/cart', 'shop/pay', 'data/db', 'ops/probe', 'internet']);
const ids = (graph: ReturnType<typeof groupedGraph>): string[] => graph.layout.endpoints.map((e) => e.id);
const arrows = (graph: ReturnType<typeof groupedGraph>): string[] => graph.edges.map((e) => e.id).sort();

describe('the grouped graph', () => {
  test('draws each closed namespace as one node with its size, and externals as themselves', () => {
    const graph = groupedGraph(SHOP, null, null, new Set(), null);
    expect(ids(graph).sort()).toEqual([groupId('data'), groupId('ops'), groupId('shop'), 'internet']);
    const labels = Object.fromEntries(graph.layout.endpoints.map((e) => [e.id, e.label]));
    expect(labels[groupId('shop')]).toBe('shop (3)');
    expect(labels[groupId('data')]).toBe('data (1)');
    expect(graph.edges).toEqual([]);
    expect(graph.hidden).toBe(0);
  });

  test('an arrow between two namespaces where some pair may connect; none for denied pairs or within one', () => {
    const graph = groupedGraph(
      SHOP,
      null,
      overview([
        ['shop', 'data', 0],
        ['ops', 'shop', 2],
        ['data', 'shop', 1],
        ['shop', 'shop', 0],
        ['', 'shop', 0],
      ]),
      new Set(),
      null,
    );
    expect(arrows(graph)).toEqual(['group:ops -> group:shop', 'group:shop -> group:data']);
  });

  test('an opened namespace shows its workloads and the arrows between them; its group arrows go', () => {
    const at = (id: string): number => SHOP.units.findIndex((u) => u.id === id);
    const graph = groupedGraph(
      SHOP,
      answer({
        inner: [
          [at('shop/web'), at('shop/cart'), 0],
          [at('shop/cart'), at('shop/pay'), 1],
          [at('shop/pay'), at('shop/web'), 2],
        ],
      }),
      overview([
        ['shop', 'data', 0],
        ['ops', 'data', 0],
      ]),
      new Set(['shop']),
      null,
    );
    expect(ids(graph)).toEqual(expect.arrayContaining(['shop/web', 'shop/cart', 'shop/pay']));
    expect(ids(graph)).not.toContain(groupId('shop'));
    expect(groupOf(groupId('data'))).toBe('data');
    expect(groupOf('shop/web')).toBeNull();
    expect(arrows(graph)).toEqual([
      'group:ops -> group:data',
      'shop/pay -> shop/web',
      'shop/web -> shop/cart',
    ]);
    const web = graph.layout.endpoints.find((e) => e.id === 'shop/web');
    expect(web?.namespace).toBe('shop');
  });

  test(`an opened namespace draws its first ${INNER_CAP} workloads and counts the rest as hidden`, () => {
    const many = clusterOf(Array.from({ length: INNER_CAP + 15 }, (_, i) => `big/w${i}`));
    const graph = groupedGraph(many, null, null, new Set(['big']), null);
    expect(graph.layout.endpoints).toHaveLength(INNER_CAP);
    expect(graph.hidden).toBe(15);
    // Laid out as a grid, not one tall column.
    expect(new Set(graph.layout.endpoints.map((e) => e.x)).size).toBeGreaterThan(1);
  });

  test('a focused workload is drawn with the peers it may connect with, in either direction', () => {
    const focus = SHOP.units.findIndex((u) => u.id === 'shop/cart');
    // Towards web allowed, from pay some members only, db denied both ways, probe allowed in.
    const code = (id: string, out: boolean): number => {
      const table: Record<string, [number, number]> = {
        'shop/web': [0, 1],
        'shop/cart': [SELF, SELF],
        'shop/pay': [1, 2],
        'data/db': [1, 1],
        'ops/probe': [1, 0],
        internet: [1, 1],
      };
      return table[id]?.[out ? 0 : 1] ?? 1;
    };
    const graph = groupedGraph(
      SHOP,
      answer({
        focus: {
          unit: focus,
          out: Uint8Array.from(SHOP.units, (u) => code(u.id, true)),
          in: Uint8Array.from(SHOP.units, (u) => code(u.id, false)),
        },
      }),
      null,
      new Set(),
      focus,
    );
    expect(ids(graph).sort()).toEqual(['ops/probe', 'shop/cart', 'shop/pay', 'shop/web']);
    expect(arrows(graph)).toEqual([
      'ops/probe -> shop/cart',
      'shop/cart -> shop/web',
      'shop/pay -> shop/cart',
    ]);
    expect(graph.hidden).toBe(0);
  });

  test(`a focused workload with more than ${PEER_CAP} peers draws ${PEER_CAP} and counts the rest`, () => {
    const many = clusterOf(['hub/centre', ...Array.from({ length: PEER_CAP + 7 }, (_, i) => `spoke/s${i}`)]);
    const all = new Uint8Array(many.units.length);
    all[0] = SELF;
    const graph = groupedGraph(many, answer({ focus: { unit: 0, out: all, in: all } }), null, new Set(), 0);
    expect(graph.layout.endpoints).toHaveLength(PEER_CAP + 1);
    expect(graph.edges).toHaveLength(2 * PEER_CAP);
    expect(graph.hidden).toBe(7);
  });

  test('until the focused answer arrives, the namespaces stay drawn', () => {
    const graph = groupedGraph(SHOP, answer({}), null, new Set(), 1);
    expect(ids(graph)).toContain(groupId('shop'));
  });
});
