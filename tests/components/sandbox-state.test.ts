import { describe, expect, test } from 'vitest';
import {
  initSandbox,
  sandboxReducer,
  toSaved,
  type SandboxAction,
  type SandboxState,
} from '../../src/components/sandbox/state.ts';
import { parseSaved } from '../../src/components/sandbox/persistence.ts';

const challenge = {
  id: 'ingress/allow-frontend',
  starter: 'starter: 1\n',
  solution: 'solution: 1\n',
  hints: ['one', 'two'],
};
const fresh = (): SandboxState => initSandbox({ scenarioId: 'shop', clusterText: 'cluster', challenge });
const run = (state: SandboxState, ...actions: SandboxAction[]): SandboxState =>
  actions.reduce(sandboxReducer, state);

describe('sandbox reducer', () => {
  test('a challenge starts from its starter policies', () => {
    expect(fresh().policies).toBe('starter: 1\n');
    expect(initSandbox({ scenarioId: 'shop', clusterText: '', policies: 'x' }).policies).toBe('x');
  });

  test('edits replace the text and an identical edit keeps the same object', () => {
    const edited = run(fresh(), { type: 'edit', policies: 'mine' });
    expect(edited.policies).toBe('mine');
    expect(sandboxReducer(edited, { type: 'edit', policies: 'mine' })).toBe(edited);
  });

  test('hints are revealed one at a time and stop at the last', () => {
    const state = run(fresh(), { type: 'show-hint' }, { type: 'show-hint' }, { type: 'show-hint' });
    expect(state.hintsShown).toBe(2);
  });

  test('the solution needs a confirmation and marks the sandbox as helped', () => {
    const asked = run(fresh(), { type: 'edit', policies: 'mine' }, { type: 'ask-solution' });
    expect(asked.confirmingSolution).toBe(true);
    expect(asked.policies).toBe('mine');
    const cancelled = sandboxReducer(asked, { type: 'cancel-solution' });
    expect(cancelled).toMatchObject({ confirmingSolution: false, usedHelp: false, policies: 'mine' });
    const shown = sandboxReducer(asked, { type: 'show-solution' });
    expect(shown).toMatchObject({
      confirmingSolution: false,
      usedHelp: true,
      policies: 'solution: 1\n',
      undo: 'mine',
    });
  });

  test('reset goes back to the starter and undo brings the edit back', () => {
    const reset = run(fresh(), { type: 'edit', policies: 'mine' }, { type: 'reset' });
    expect(reset).toMatchObject({ policies: 'starter: 1\n', undo: 'mine' });
    expect(sandboxReducer(reset, { type: 'undo-reset' })).toMatchObject({ policies: 'mine', undo: null });
  });

  test('typing after a reset drops the undo', () => {
    const state = run(
      fresh(),
      { type: 'edit', policies: 'mine' },
      { type: 'reset' },
      { type: 'edit', policies: 'new' },
    );
    expect(state.undo).toBeNull();
    expect(sandboxReducer(state, { type: 'undo-reset' })).toBe(state);
  });

  test('focus toggles and port selection is kept', () => {
    const state = run(
      fresh(),
      { type: 'focus', endpoint: 'shop/db' },
      { type: 'set-port', port: { port: 5432, protocol: 'TCP' } },
    );
    expect(state).toMatchObject({ focus: 'shop/db', port: { port: 5432, protocol: 'TCP' } });
    expect(sandboxReducer(state, { type: 'focus', endpoint: 'shop/db' }).focus).toBeNull();
  });

  test('restore applies a save and clamps a bad hint count', () => {
    const state = sandboxReducer(fresh(), {
      type: 'restore',
      saved: { policies: 'saved', hintsShown: 99, usedHelp: true },
    });
    expect(state).toMatchObject({ policies: 'saved', hintsShown: 2, usedHelp: true });
    expect(toSaved(state)).toEqual({ policies: 'saved', port: null, hintsShown: 2, usedHelp: true });
  });

  test('Undo of a reset is saved and restored, so it survives a reload', () => {
    const reset = run(fresh(), { type: 'edit', policies: 'mine' }, { type: 'reset' });
    const saved = parseSaved(JSON.parse(JSON.stringify(toSaved(reset))));
    expect(saved).toMatchObject({ undo: 'mine' });
    const reloaded = sandboxReducer(fresh(), { type: 'restore', saved: saved ?? { policies: '' } });
    expect(sandboxReducer(reloaded, { type: 'undo-reset' }).policies).toBe('mine');
  });

  test('loading another scenario clears port, selection and focus', () => {
    const state = run(
      fresh(),
      { type: 'set-port', port: { port: 80, protocol: 'TCP' } },
      { type: 'select', selection: { from: 'a/b', to: 'c/d' } },
      { type: 'load-scenario', id: null, clusterText: 'pasted' },
    );
    expect(state).toMatchObject({
      scenarioId: null,
      clusterText: 'pasted',
      port: null,
      selection: null,
      focus: null,
    });
  });
});

describe('sandbox reducer: whole-state changes', () => {
  test('replace swaps in a state (a share link or another challenge)', () => {
    const other = initSandbox({ scenarioId: null, clusterText: 'pasted', policies: 'p' });
    expect(sandboxReducer(fresh(), { type: 'replace', state: other })).toBe(other);
  });

  test('notices are set and cleared', () => {
    const noticed = sandboxReducer(fresh(), {
      type: 'notice',
      notice: { tone: 'error', text: 'Damaged link' },
    });
    expect(noticed.notice).toEqual({ tone: 'error', text: 'Damaged link' });
    expect(sandboxReducer(noticed, { type: 'notice', notice: null }).notice).toBeNull();
  });

  test('show solution and reset do nothing without a challenge', () => {
    const free = initSandbox({ scenarioId: 'shop', clusterText: '', policies: 'mine' });
    expect(sandboxReducer(free, { type: 'ask-solution' })).toBe(free);
    expect(sandboxReducer(free, { type: 'show-solution' })).toBe(free);
    expect(
      sandboxReducer(sandboxReducer(free, { type: 'edit', policies: 'x' }), { type: 'reset' }).policies,
    ).toBe('mine');
  });
});

describe('a pasted cluster is autosaved with its policies', () => {
  test('toSaved keeps the cluster text only when there is no scenario id, and restore puts it back', () => {
    const custom = initSandbox({ scenarioId: null, clusterText: 'kind: Pod', policies: 'p' });
    expect(toSaved(custom)).toMatchObject({ clusterText: 'kind: Pod' });
    expect(toSaved(fresh())).not.toHaveProperty('clusterText');
    const reloaded = sandboxReducer(initSandbox({ scenarioId: null, clusterText: '' }), {
      type: 'restore',
      saved: parseSaved(JSON.parse(JSON.stringify(toSaved(custom)))) ?? { policies: '' },
    });
    expect(reloaded.clusterText).toBe('kind: Pod');
    expect(reloaded.policies).toBe('p');
  });

  test('a saved cluster never replaces a scenario the sandbox already has', () => {
    const restored = sandboxReducer(fresh(), {
      type: 'restore',
      saved: { policies: 'x', clusterText: 'evil' },
    });
    expect(restored.clusterText).toBe('cluster');
  });
});
