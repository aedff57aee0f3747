import { describe, expect, it } from 'vitest';
import { shareStateOf } from '../../src/components/sandbox/persistence.ts';
import { initSandbox } from '../../src/components/sandbox/state.ts';

const challenge = { id: 'workshop-abc/own-exercise', starter: '', solution: 'x', hints: ['h'] };

describe('what a share link holds', () => {
  it('keeps the sandbox’s own challenge and scenario by default', () => {
    const state = initSandbox({ scenarioId: 'shop', clusterText: 'kind: Namespace', challenge });
    expect(shareStateOf(state, null)).toMatchObject({
      scenario: { kind: 'id', id: 'shop' },
      challenge: challenge.id,
    });
  });
  it('inside a workshop: no challenge id the site lacks, and the exercise’s own cluster written out', () => {
    const state = initSandbox({ scenarioId: 'custom', clusterText: 'kind: Namespace', challenge });
    const shared = shareStateOf(state, null, { challenge: null, inlineScenario: true });
    expect(shared.scenario).toEqual({ kind: 'inline', text: 'kind: Namespace' });
    expect(shared).not.toHaveProperty('challenge');
  });
  it('inside a workshop, a course exercise keeps the course challenge', () => {
    const state = initSandbox({ scenarioId: 'model', clusterText: 'kind: Namespace', challenge });
    const shared = shareStateOf(state, null, {
      challenge: 'default-deny/deny-all-ingress',
      inlineScenario: false,
    });
    expect(shared).toMatchObject({
      scenario: { kind: 'id', id: 'model' },
      challenge: 'default-deny/deny-all-ingress',
    });
  });
});
