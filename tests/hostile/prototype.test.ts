import { afterEach, describe, expect, test } from 'vitest';
import {
  decodeProgress,
  decodeShareState,
  decodeWorkshop,
  loadCluster,
  loadPolicies,
} from '../../src/engine/index.ts';
import { deflateRaw, utf8Encode } from '../../src/engine/share/streams.ts';
import { encodeBase64Url } from '../../src/engine/share/base64url.ts';
import { readJson, createSafeStorage } from '../../src/components/sandbox/storage.ts';
import { expectPristinePrototype, networkPolicy, pod } from './helpers.ts';

// `__proto__`, `constructor` and `prototype` keys wherever a key can be written: parsed values keep
// them as plain data (rejected by the field checks, or kept as label text), and nothing ever reaches
// Object.prototype. Checked after every test.

const POISON = '{polluted: yes, toString: 1}';

/** Packs a JSON text the way links and codes are packed, with a version prefix. */
async function pack(prefix: string, json: string): Promise<string> {
  return `${prefix}.${encodeBase64Url(await deflateRaw(utf8Encode(json), 1_000_000))}`;
}

afterEach(() => expectPristinePrototype());

describe('prototype keys in manifests', () => {
  test.each([
    ['metadata', networkPolicy(`{name: p, __proto__: ${POISON}}`), 'metadata.__proto__', 'unknown-field'],
    [
      'metadata (constructor)',
      networkPolicy(`{name: p, constructor: {prototype: ${POISON}}}`),
      'metadata.constructor',
      'unknown-field',
    ],
    [
      'spec',
      networkPolicy('{name: p}', `{podSelector: {}, __proto__: ${POISON}}`),
      'spec.__proto__',
      'unknown-field',
    ],
    [
      'metadata.labels',
      networkPolicy(`{name: p, labels: {__proto__: ${POISON}}}`),
      'metadata.labels.__proto__',
      'invalid-type',
    ],
    [
      'matchLabels',
      networkPolicy('{name: p}', `{podSelector: {matchLabels: {__proto__: ${POISON}}}}`),
      'spec.podSelector.matchLabels.__proto__',
      'invalid-type',
    ],
    [
      'a peer',
      networkPolicy('{name: p}', `{podSelector: {}, ingress: [{from: [{__proto__: ${POISON}}]}]}`),
      'spec.ingress[0].from[0].__proto__',
      'unknown-field',
    ],
    [
      'matchExpressions key',
      networkPolicy(
        '{name: p}',
        '{podSelector: {matchExpressions: [{key: __proto__, operator: In, values: [constructor]}]}}',
      ),
      'spec.podSelector.matchExpressions[0].key',
      'invalid-value',
    ],
  ])('hostile: a __proto__ key in %s is plain data and is reported', (_where, text, path, code) => {
    const loaded = loadPolicies(text);
    expect(loaded.policies).toEqual([]);
    expect(loaded.diagnostics).toContainEqual(expect.objectContaining({ code, path }));
  });

  test('hostile: the same keys as JSON are reported, never merged', () => {
    const json = JSON.stringify({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'p' },
      spec: { podSelector: {} },
    }).replace('"spec"', '"__proto__":{"polluted":1},"spec"');
    const { diagnostics } = loadPolicies(json);
    expect(diagnostics).toEqual([expect.objectContaining({ code: 'unknown-field', path: '__proto__' })]);
    expect(diagnostics[0]?.range).toMatchObject({ line: 1 });
  });

  test('hostile: constructor and prototype are ordinary label keys, kept as text', () => {
    const loaded = loadPolicies(
      networkPolicy(
        '{name: p, labels: {constructor: a, prototype: b}}',
        '{podSelector: {matchLabels: {constructor: a, prototype: b, toString: c}}}',
      ),
    );
    expect(loaded.diagnostics).toEqual([]);
    const cluster = loadCluster(
      pod('name: a, labels: {constructor: x, prototype: y, toString: z, hasOwnProperty: w}'),
    );
    expect(cluster.ok && cluster.value.pods[0]?.labels).toEqual({
      constructor: 'x',
      prototype: 'y',
      toString: 'z',
      hasOwnProperty: 'w',
    });
  });

  test('hostile: a __proto__ label on a cluster object is an invalid type', () => {
    const cluster = loadCluster(pod(`name: a, labels: {__proto__: ${POISON}}`));
    expect(cluster).toMatchObject({
      ok: false,
      diagnostics: [{ code: 'invalid-type', path: 'metadata.labels.__proto__' }],
    });
  });
});

describe('prototype keys in links, codes and saved work', () => {
  test('hostile: a share link whose state JSON has __proto__ or constructor keys is bad content', async () => {
    for (const json of [
      '{"scenario":{"kind":"id","id":"shop"},"policies":"","__proto__":{"polluted":1}}',
      '{"scenario":{"kind":"id","id":"shop","__proto__":{"polluted":1}},"policies":""}',
      '{"scenario":{"kind":"id","id":"shop"},"policies":"","port":{"port":80,"protocol":"TCP","constructor":{"prototype":{"polluted":1}}}}',
    ]) {
      expect(await decodeShareState(await pack('v1', json))).toMatchObject({
        ok: false,
        reason: 'bad-content',
      });
    }
  });

  test('hostile: a progress code whose JSON has __proto__ or constructor keys is bad content', async () => {
    for (const json of [
      '{"w":"0123abcd","n":"x","s":"S","__proto__":{"polluted":1}}',
      '{"w":"0123abcd","n":"x","s":"S","constructor":{"prototype":{"polluted":1}}}',
    ]) {
      expect(await decodeProgress(await pack('p1', json))).toMatchObject({
        ok: false,
        reason: 'bad-content',
      });
    }
  });

  test('hostile: a workshop link whose JSON has __proto__ keys is bad content', async () => {
    const json =
      '{"title":"t","exercises":[{"ref":"a/b","__proto__":{"polluted":1}}],"__proto__":{"polluted":1}}';
    expect(await decodeWorkshop(await pack('w1', json))).toMatchObject({ ok: false, reason: 'bad-content' });
  });

  test('hostile: saved work with __proto__ keys reads back as plain data', () => {
    const map = new Map([['k', '{"__proto__":{"polluted":1},"policies":"x"}']]);
    const storage = createSafeStorage(() => ({ getItem: (key: string) => map.get(key) ?? null }) as Storage);
    const value = readJson(storage, 'k') as Record<string, unknown>;
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.hasOwn(value, '__proto__')).toBe(true);
  });
});
