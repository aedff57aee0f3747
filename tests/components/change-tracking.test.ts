import { readFileSync } from 'node:fs';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, test } from 'vitest';
import { trackChanges } from '../../src/components/sandbox/change-tracking.ts';
import { evaluatePolicies, loadClusterModel } from '../../src/components/sandbox/model.ts';
import { initSandbox, sandboxReducer } from '../../src/components/sandbox/state.ts';
import { ChangeList } from '../../src/components/sandbox/StatusLists.tsx';
import type { FlowChange } from '../../src/engine/index.ts';

const cluster = loadClusterModel(readFileSync('content/scenarios/shop.yaml', 'utf8'), null);
const port = { port: 5432, protocol: 'TCP' } as const;
const evaluate = (text: string) => evaluatePolicies(cluster, text, port);
const lockDb = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: lock-db, namespace: data}
spec:
  podSelector: {}
  policyTypes: [Ingress]
`;

describe('"Your last edit changed …" compares learner edits only', () => {
  test('saved work restored over the starter is the baseline, not a change', () => {
    const starter = evaluate('');
    const restoredState = sandboxReducer(initSandbox({ scenarioId: 'shop', clusterText: '' }), {
      type: 'restore',
      saved: { policies: lockDb },
    });
    expect(restoredState.policiesFrom).toBe('page');
    const restored = trackChanges(starter, evaluate(lockDb), restoredState.policiesFrom);
    expect(restored.changes).toEqual([]);
    // Then the learner adds only a comment: nothing changed.
    const comment = trackChanges(restored.baseline, evaluate(`# mine\n${lockDb}`), 'learner');
    expect(comment.changes).toEqual([]);
  });

  test('a learner edit lists what it changed against the previous edit', () => {
    const first = trackChanges(null, evaluate(''), 'page');
    const edit = trackChanges(first.baseline, evaluate(lockDb), 'learner');
    expect(edit.changes?.length).toBeGreaterThan(0);
    expect(edit.changes?.every((c) => c.flow.to.startsWith('data/') && !c.after)).toBe(true);
  });

  test('the "now denied" list follows the selected port: a port switch leaves no flow of the old port', () => {
    const first = trackChanges(null, evaluate(''), 'page');
    const edit = trackChanges(first.baseline, evaluate(lockDb), 'learner');
    expect(edit.changes?.some((c) => c.flow.port === 5432)).toBe(true);
    const other = evaluatePolicies(cluster, lockDb, { port: 9200, protocol: 'TCP' });
    const switched = trackChanges(edit.baseline, other, 'learner');
    expect(switched.changes).toEqual([]);
    expect(switched.baseline).toBe(other);
  });

  test('half-typed text keeps the list and the baseline', () => {
    const base = evaluate(lockDb);
    const broken = evaluatePolicies(loadClusterModel('kind: [', null), lockDb, port);
    expect(trackChanges(base, broken, 'learner')).toEqual({ baseline: base, changes: null });
  });

  test('edits, reset and undo are the learner; restore is the page', () => {
    let state = initSandbox({ scenarioId: 'shop', clusterText: '', policies: 'a' });
    expect(state.policiesFrom).toBe('page');
    state = sandboxReducer(state, { type: 'edit', policies: 'b' });
    expect(state.policiesFrom).toBe('learner');
    state = sandboxReducer(state, { type: 'restore', saved: { policies: 'c' } });
    expect(state.policiesFrom).toBe('page');
    state = sandboxReducer(state, { type: 'reset' });
    expect(state.policiesFrom).toBe('learner');
  });
});

describe('a long change list', () => {
  const changes: FlowChange[] = Array.from({ length: 238 }, (_, i) => ({
    flow: { from: `a/p${i}`, to: 'b/q', port: 80, protocol: 'TCP' },
    before: true,
    after: false,
  }));

  test('shows six and summarises the rest behind a closed disclosure, items not built', () => {
    const html = renderToStaticMarkup(createElement(ChangeList, { changes }));
    expect(html.match(/<li/g)).toHaveLength(6);
    expect(html).toContain('<details');
    expect(html).toContain('<summary>232 more</summary>');
    expect(html).toContain('and 232 more');
  });
});
