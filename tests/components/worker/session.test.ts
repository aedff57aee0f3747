import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, test, vi } from 'vitest';
import {
  BUDGET,
  EngineSession,
  INNER_CAP,
  SELF,
  type ClusterInfo,
  type ViewQuery,
} from '../../../src/components/sandbox/worker/session.ts';
import { podsYaml } from '../../../scripts/playground/dump.ts';

const cluster = readFileSync(new URL('./fixtures/two-teams.yaml', import.meta.url), 'utf8');
const TCP_8080 = { port: 8080, protocol: 'TCP' } as const;

const DENY_SHOP = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny-all, namespace: shop}
spec: {podSelector: {}, policyTypes: [Ingress]}
`;
const WEB_TO_CART = `${DENY_SHOP}---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web-to-cart, namespace: shop}
spec:
  podSelector: {matchLabels: {app: cart}}
  ingress: [{from: [{podSelector: {matchLabels: {app: web}}}], ports: [{port: http}]}]
`;

const CODE = { '.': 0, X: 1, '~': 2, '-': SELF } as const;
const SYMBOL = Object.fromEntries(Object.entries(CODE).map(([k, v]) => [v, k]));

/** A loaded session and a unit's index by id. */
function loaded(): { session: EngineSession; info: ClusterInfo; at: (id: string) => number } {
  const session = new EngineSession();
  const info = session.load(cluster);
  const at = (id: string): number => {
    const i = info.units.findIndex((u) => u.id === id);
    if (i < 0) throw new Error(`no unit ${id}`);
    return i;
  };
  return { session, info, at };
}

const IDS = ['shop/web', 'shop/cart', 'data/db', 'data/debug'] as const;

/** The view's cells over IDS as a text grid (`.` allowed, `X` denied, `~` some members, `-` itself). */
function grid(session: EngineSession, at: (id: string) => number): string {
  const order = IDS.map(at);
  const answer = session.view({ rows: order, cols: order, focus: null, expanded: [] });
  return IDS.map((_, r) =>
    IDS.map((_, c) => SYMBOL[answer.cells[r * IDS.length + c] ?? -1] ?? '?').join(''),
  ).join('\n');
}

/** An overview's yield that never finds newer work. */
const keepGoing = (): Promise<boolean> => Promise.resolve(true);

afterEach(() => vi.restoreAllMocks());

describe('loading a cluster', () => {
  test('lists workloads once with their members, stray pods, namespaces, ports and what was skipped', () => {
    const { info } = loaded();
    expect(info.ok).toBe(true);
    expect(info.units.map((u) => u.id).sort()).toEqual(['data/db', 'data/debug', 'shop/cart', 'shop/web']);
    const cart = info.units.find((u) => u.id === 'shop/cart');
    expect(cart).toMatchObject({
      kind: 'workload',
      workloadKind: 'Deployment',
      members: 2,
      ports: ['8080/TCP'],
    });
    expect(info.units.find((u) => u.id === 'data/debug')).toMatchObject({ kind: 'pod', members: 1 });
    expect(info.namespaces).toEqual(['data', 'shop']);
    expect(info.ports).toEqual([
      { port: 5432, protocol: 'TCP' },
      { port: 8080, protocol: 'TCP' },
    ]);
    expect(info.skipped).toEqual({ ConfigMap: 1, Secret: 1 });
    expect(info.summary).toContain('skipped kinds the engine does not use: 1 ConfigMap, 1 Secret');
    expect(info.workloads).toBe(3);
    expect(info.overBudget).toBeUndefined();
  });

  test('a text over the size limit is refused with its size', () => {
    const info = new EngineSession().load(podsYaml(4000));
    expect(info.ok).toBe(false);
    expect(info.errors[0]).toMatch(/^line 1: input is [\d,]+ characters, more than the limit of 600,000$/);
  });

  test('a text that is not YAML gives errors with their line, and no units', () => {
    const session = new EngineSession();
    const info = session.load('apiVersion: v1\nkind: Pod\nmetadata: {name: a\n');
    expect(info.ok).toBe(false);
    expect(info.units).toEqual([]);
    expect(info.errors.length).toBeGreaterThan(0);
    expect(info.errors[0]).toMatch(/^line \d+: /);
    // Nothing to evaluate against: the view answers "itself" everywhere rather than failing.
    session.evaluate(DENY_SHOP, TCP_8080);
    expect(session.view({ rows: [0], cols: [0], focus: 0, expanded: [] }).focus).toBeNull();
  });

  test(`over ${BUDGET.endpoints.toLocaleString('en')} endpoints the cluster is refused with a sentence`, () => {
    const session = new EngineSession();
    const pods = Array.from(
      { length: BUDGET.endpoints + 1 },
      (_, i) => `- {apiVersion: v1, kind: Pod, metadata: {name: p${i}, namespace: a}}`,
    );
    const info = session.load(`apiVersion: v1\nkind: List\nitems:\n${pods.join('\n')}\n`);
    expect(info.ok).toBe(true);
    expect(info.units).toEqual([]);
    expect(info.pods).toBe(BUDGET.endpoints + 1);
    expect(info.overBudget).toBe(
      'This cluster has 6,001 endpoints; the playground analyses up to 6,000 in the browser.',
    );
    expect(session.evaluate(DENY_SHOP, TCP_8080).policyCount).toBe(1);
    expect(session.explain(0, 1)).toBeNull();
    // Reading 6,001 pods takes a second or two on a quiet machine.
  }, 60_000);
});

describe('evaluating policies', () => {
  test('verdicts per unit pair follow the policies; a workload of several pods is not its own self', () => {
    const { session, at } = loaded();
    session.evaluate('', TCP_8080);
    expect(grid(session, at)).toBe(['-...', '....', '..-.', '...-'].join('\n'));
    session.evaluate(DENY_SHOP, TCP_8080);
    expect(grid(session, at)).toBe(['-X..', 'XX..', 'XX-.', 'XX.-'].join('\n'));
    session.evaluate(WEB_TO_CART, TCP_8080);
    expect(grid(session, at)).toBe(['-...', 'XX..', 'XX-.', 'XX.-'].join('\n'));
  });

  test('the revision moves only when the policies or the port change', () => {
    const { session } = loaded();
    const first = session.evaluate(DENY_SHOP, TCP_8080);
    expect(session.evaluate(DENY_SHOP, TCP_8080).rev).toBe(first.rev);
    expect(session.evaluate(WEB_TO_CART, TCP_8080).rev).toBe(first.rev + 1);
    expect(session.evaluate(WEB_TO_CART, { port: 5432, protocol: 'TCP' }).rev).toBe(first.rev + 2);
  });

  test('counts the policies read and reports invalid ones as diagnostics', () => {
    const { session } = loaded();
    const bad = WEB_TO_CART.replace('port: http', 'port: 70000');
    const evaluation = session.evaluate(bad, TCP_8080);
    expect(evaluation.policyCount).toBe(1);
    expect(evaluation.diagnostics.some((d) => d.severity === 'error' && d.message.includes('70000'))).toBe(
      true,
    );
  });

  test('the cluster-aware lint comes on its own, for the current analysis', () => {
    const { session } = loaded();
    const nobody = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: nobody, namespace: shop}
spec: {podSelector: {matchLabels: {app: nobody}}, policyTypes: [Ingress]}
`;
    const evaluation = session.evaluate(nobody, TCP_8080);
    expect(evaluation.diagnostics).toEqual([]);
    expect(session.lint()).toEqual({
      rev: evaluation.rev,
      diagnostics: [expect.objectContaining({ code: 'lint/selects-no-pod', severity: 'warning' })],
    });
    expect(session.evaluate(DENY_SHOP, TCP_8080).diagnostics).toEqual([]);
    expect(session.lint().diagnostics).toEqual([]);
  });
});

describe('views', () => {
  test('a focused unit gets its answers towards and from every unit', () => {
    const { session, info, at } = loaded();
    session.evaluate(WEB_TO_CART, TCP_8080);
    const cart = at('shop/cart');
    const answer = session.view({ rows: [], cols: [], focus: cart, expanded: [] });
    expect(answer.cells).toHaveLength(0);
    expect(answer.focus?.unit).toBe(cart);
    const out = Object.fromEntries(info.units.map((u, i) => [u.id, answer.focus?.out[i]]));
    const inn = Object.fromEntries(info.units.map((u, i) => [u.id, answer.focus?.in[i]]));
    expect(out).toEqual({ 'shop/web': 1, 'shop/cart': 1, 'data/db': 0, 'data/debug': 0 });
    expect(inn).toEqual({ 'shop/web': 0, 'shop/cart': 1, 'data/db': 1, 'data/debug': 1 });
  });

  test('an opened namespace lists its own unit pairs, never a unit with itself', () => {
    const { session, at } = loaded();
    session.evaluate(WEB_TO_CART, TCP_8080);
    const query: ViewQuery = { rows: [], cols: [], focus: null, expanded: ['shop'] };
    const inner = session.view(query).inner.map(([a, b, code]) => [a, b, code]);
    expect(inner).toHaveLength(2);
    expect(inner).toContainEqual([at('shop/web'), at('shop/cart'), 0]);
    expect(inner).toContainEqual([at('shop/cart'), at('shop/web'), 1]);
    expect(session.view({ ...query, expanded: ['nowhere'] }).inner).toEqual([]);
  });

  test(`an opened namespace lists pairs of its first ${INNER_CAP} units only`, () => {
    const session = new EngineSession();
    const info = session.load(podsYaml(2 * (INNER_CAP + 10), 1));
    expect(info.units).toHaveLength(2 * (INNER_CAP + 10));
    session.evaluate('', { port: 8080, protocol: 'TCP' });
    const inner = session.view({ rows: [], cols: [], focus: null, expanded: ['ns-0'] }).inner;
    expect(inner).toHaveLength(INNER_CAP * (INNER_CAP - 1));
  });
});

describe('the overview', () => {
  test('says per namespace pair whether some, none or all may connect, and what an edit changed', async () => {
    const { session } = loaded();
    session.evaluate('', TCP_8080);
    const first = await session.overview(keepGoing);
    expect(first?.changes).toEqual([]);
    session.evaluate(DENY_SHOP, TCP_8080);
    const second = await session.overview(keepGoing);
    expect(second?.groups).toEqual([
      ['data', 'data', 0],
      ['data', 'shop', 1],
      ['shop', 'data', 0],
      ['shop', 'shop', 1],
    ]);
    // Every pair into shop was allowed and is now denied; shop/web to itself is the one pod itself.
    expect(second?.changeCount).toBe(7);
    expect(second?.changes).toContainEqual({
      from: 'data/debug',
      to: 'shop/cart',
      before: 'allowed',
      after: 'denied',
    });
    session.evaluate(DENY_SHOP, { port: 5432, protocol: 'TCP' });
    // Another port: nothing to compare with.
    expect((await session.overview(keepGoing))?.changeCount).toBe(0);
  });

  test('stops when newer work arrives while it yields', async () => {
    const { session } = loaded();
    session.evaluate(DENY_SHOP, TCP_8080);
    let clock = 0;
    vi.spyOn(performance, 'now').mockImplementation(() => (clock += 40));
    expect(await session.overview(() => Promise.resolve(false))).toBeNull();
    const edited = session.overview(() => {
      session.evaluate(WEB_TO_CART, TCP_8080);
      return Promise.resolve(true);
    });
    expect(await edited).toBeNull();
    expect(await session.overview(keepGoing)).not.toBeNull();
  });
});

describe('explanations', () => {
  test('explain one unit pair through a member of each, on the evaluated port', () => {
    const { session, at } = loaded();
    expect(session.explain(at('shop/web'), at('shop/cart'))).toBeNull();
    session.evaluate(WEB_TO_CART, TCP_8080);
    const allowed = session.explain(at('shop/web'), at('shop/cart'));
    expect(allowed?.allowed).toBe(true);
    expect(allowed?.flow).toMatchObject({ port: 8080, protocol: 'TCP' });
    expect(allowed?.flow.to).toMatch(/cart/);
    const denied = session.explain(at('data/debug'), at('shop/cart'));
    expect(denied?.allowed).toBe(false);
    // Within a workload of two pods: one pod to the other, not to itself.
    const within = session.explain(at('shop/cart'), at('shop/cart'));
    expect(within?.flow.from).not.toBe(within?.flow.to);
  });
});
