import { afterEach, describe, expect, test, vi } from 'vitest';
import {
  fetchChallengeCatalog,
  stateFromLink,
  type ChallengeEntry,
  type ScenarioEntry,
} from '../../src/components/playground/playground-state.ts';
import { encodeShareState, type Challenge } from '../../src/engine/index.ts';

const scenarios: ScenarioEntry[] = [
  { id: 'tiny', title: 'Tiny', text: 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n' },
];
const challenge: Challenge = {
  title: 'Lock it',
  scenario: 'tiny',
  task: 'Deny everything.',
  starter: '',
  solution: 'kind: NetworkPolicy',
  goals: [
    { from: 'a/x', to: 'a/y', port: 80, protocol: 'TCP', expect: 'deny' },
    { from: 'a/y', to: 'a/x', port: 80, protocol: 'TCP', expect: 'deny' },
  ],
  hints: ['Select every pod.'],
};
const entries: ChallengeEntry[] = [{ id: 'lesson/lock-it', challenge }];

function link(withChallenge: string | undefined): Promise<string> {
  return encodeShareState({
    scenario: { kind: 'id', id: 'tiny' },
    policies: '# mine\n',
    ...(withChallenge === undefined ? {} : { challenge: withChallenge }),
  });
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('the playground loads course challenges only when a link names one', () => {
  test('a link without a challenge never asks for the list', async () => {
    const catalog = vi.fn(() => Promise.resolve(entries));
    const result = await stateFromLink(await link(undefined), scenarios, catalog);
    expect(catalog).not.toHaveBeenCalled();
    expect(result.ok && result.state.policies).toBe('# mine\n');
    expect(result.ok && result.challenge).toBeNull();
  });

  test('a link naming a challenge opens it with the challenge from the list', async () => {
    const result = await stateFromLink(await link('lesson/lock-it'), scenarios, () =>
      Promise.resolve(entries),
    );
    expect(result.ok && result.state.challenge?.id).toBe('lesson/lock-it');
    expect(result.ok && result.challenge?.title).toBe('Lock it');
  });

  test('an unknown challenge and a list that fails to load both give a sentence', async () => {
    const unknown = await stateFromLink(await link('lesson/gone'), scenarios, () => Promise.resolve(entries));
    expect(unknown).toEqual({
      ok: false,
      message: 'The share link names a challenge this site does not have (“lesson/gone”).',
    });
    const failing = await stateFromLink(await link('lesson/lock-it'), scenarios, () =>
      Promise.reject(
        new Error('The course challenges could not be loaded (offline); check the connection and reload.'),
      ),
    );
    expect(failing).toEqual({
      ok: false,
      message: 'The course challenges could not be loaded (offline); check the connection and reload.',
    });
  });

  test('the list is fetched once, and fetched again after a failure', async () => {
    const fetch = vi
      .fn()
      .mockResolvedValueOnce(new Response('busy', { status: 503 }))
      .mockResolvedValueOnce(new Response(JSON.stringify(entries)))
      .mockResolvedValueOnce(new Response('{"not": "a list"}'));
    vi.stubGlobal('fetch', fetch);
    const catalog = fetchChallengeCatalog('/playground/challenges.json');
    await expect(catalog()).rejects.toThrow(
      'The course challenges could not be loaded (the server answered 503); check the connection and reload.',
    );
    expect(await catalog()).toEqual(entries);
    expect(await catalog()).toEqual(entries);
    expect(fetch).toHaveBeenCalledTimes(2);
    expect(fetch).toHaveBeenCalledWith('/playground/challenges.json');
    await expect(fetchChallengeCatalog('/x.json')()).rejects.toThrow('(the list is damaged)');
  });
});
