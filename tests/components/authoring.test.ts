import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { runAuthorRequest } from '../../src/components/sandbox/author-view.ts';
import { convertView, textFormat } from '../../src/components/sandbox/format-view.ts';
import {
  initSandbox,
  sandboxReducer,
  type SandboxAction,
  type SandboxState,
} from '../../src/components/sandbox/state.ts';
import { modelClusterYaml } from '../conformance/model.ts';
import { analysisOf, cluster } from '../engine/helpers.ts';

const model = cluster(modelClusterYaml());
const denyAll = readFileSync(
  join(import.meta.dirname, '..', 'engine', 'author', 'deny-all-x-y.yaml'),
  'utf8',
);
const ports = [{ port: 80, protocol: 'TCP' } as const];
const run = (state: SandboxState, ...actions: SandboxAction[]): SandboxState =>
  actions.reduce(sandboxReducer, state);

describe('authoring from the picture', () => {
  test('allow: the new text, the proven change in one sentence and each step', () => {
    const out = runAuthorRequest(
      model,
      denyAll,
      { kind: 'allow', flow: { from: 'x/a', to: 'x/b', port: 80, protocol: 'TCP' } },
      ports,
    );
    expect(out.ok && out.summary).toBe('1 connection newly allowed.');
    expect(out.ok && out.steps).toHaveLength(2);
  });

  test('block in the Kubernetes format without an allowing rule is refused with the reason', () => {
    const out = runAuthorRequest(
      model,
      '',
      { kind: 'block', flow: { from: 'x/a', to: 'x/b', port: 80, protocol: 'TCP' } },
      ports,
    );
    expect(out.ok).toBe(false);
    expect(!out.ok && out.message).toMatch(
      /^Could not block this connection: A Kubernetes NetworkPolicy cannot deny/,
    );
  });

  test('the reducer applies an edit, Undo restores the text before it, typing drops the Undo', () => {
    const start = initSandbox({ scenarioId: 'model', clusterText: '', policies: 'before' });
    const edited = run(start, { type: 'author', policies: 'after', summary: 's.', steps: ['x'] });
    expect(edited).toMatchObject({
      policies: 'after',
      policiesFrom: 'learner',
      authored: { previous: 'before' },
    });
    expect(run(edited, { type: 'undo-author' })).toMatchObject({ policies: 'before', authored: null });
    expect(run(edited, { type: 'edit', policies: 'typed' }).authored).toBeNull();
    expect(run(start, { type: 'undo-author' })).toBe(start);
  });
});

describe('the format switch', () => {
  test('deny-all converts to Cilium with every verdict unchanged, and back', () => {
    const cilium = convertView(model, denyAll, 'cilium', ports);
    expect(cilium.ok && cilium.summary).toBe(
      'Converted 2 policies to CiliumNetworkPolicy: every verdict is unchanged (checked on 1 port).',
    );
    const loaded = cilium.ok ? analysisOf(modelClusterYaml(), cilium.text).policies : [];
    expect(textFormat(loaded)).toBe('cilium');
    const back = cilium.ok ? convertView(model, cilium.text, 'kubernetes', ports) : null;
    expect(back?.ok && back.changes).toEqual([]);
  });

  test('nothing to convert is said, not applied', () => {
    expect(convertView(model, '', 'cilium', ports)).toEqual({
      ok: false,
      message: 'There is no NetworkPolicy to convert.',
    });
  });
});
