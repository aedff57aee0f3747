import { describe, expect, test } from 'vitest';
import { decodeProgress, encodeProgress, loadCluster, loadPolicies } from '../../src/engine/index.ts';
import { networkPolicy, pod } from './helpers.ts';

// Names and labels are checked with the API server's rules, so markup never gets into a name the UI
// shows; free text (scenario titles, learner names) is kept as text, and React renders it escaped.

const SCRIPT = '<script>alert(1)</script>';
const IMG = '<img src=x onerror=alert(1)>';

describe('HTML and script in names and labels', () => {
  test.each([
    ['a policy name', networkPolicy(`{name: "${SCRIPT}"}`), 'metadata.name'],
    ['a namespace', networkPolicy('{name: p, namespace: "<b>x</b>"}'), 'metadata.namespace'],
    [
      'a label value',
      networkPolicy('{name: p}', `{podSelector: {matchLabels: {app: "${IMG}"}}}`),
      'spec.podSelector.matchLabels.app',
    ],
    [
      'a label key',
      networkPolicy('{name: p}', '{podSelector: {matchLabels: {"<b>": x}}}'),
      'spec.podSelector.matchLabels[<b>]',
    ],
    ['a policy label', networkPolicy(`{name: p, labels: {app: "${IMG}"}}`), 'metadata.labels.app'],
  ])('hostile: markup in %s is an invalid value', (_where, text, path) => {
    const loaded = loadPolicies(text);
    expect(loaded.policies).toEqual([]);
    expect(loaded.diagnostics).toEqual([
      expect.objectContaining({ code: 'invalid-value', path, severity: 'error' }),
    ]);
  });

  test('hostile: markup in pod, namespace and external endpoint names makes the cluster unreadable, with the field named', () => {
    for (const [text, path] of [
      [pod(`name: "${IMG}"`), 'metadata.name'],
      [`apiVersion: v1\nkind: Namespace\nmetadata: {name: "${SCRIPT}"}\n`, 'metadata.name'],
      [
        `apiVersion: netpol-lab/v1\nkind: ExternalEndpoint\nmetadata: {name: "${SCRIPT}"}\nspec: {ips: [192.0.2.1]}\n`,
        'metadata.name',
      ],
    ] as const) {
      expect(loadCluster(text)).toMatchObject({ ok: false, diagnostics: [{ code: 'invalid-value', path }] });
    }
  });

  test('hostile: free text keeps markup as text for React to escape', async () => {
    const cluster = loadCluster(
      `apiVersion: netpol-lab/v1\nkind: Scenario\nmetadata: {name: s}\nspec: {title: "${SCRIPT}", description: "${IMG}"}\n`,
    );
    expect(cluster.ok && cluster.value.scenario).toMatchObject({ title: SCRIPT, description: IMG });
    const code = await encodeProgress({ workshop: '0123abcd', learner: SCRIPT, statuses: ['solved'] });
    expect(await decodeProgress(code)).toMatchObject({ ok: true, report: { learner: SCRIPT } });
  });
});

describe("names over Kubernetes' limits", () => {
  const long = (n: number): string => 'a'.repeat(n);
  const subdomain253 = `${long(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(61)}`;

  test('hostile: a policy name of 253 characters loads; 254 is refused with the API server message', () => {
    expect(loadPolicies(networkPolicy(`{name: ${subdomain253}}`)).diagnostics).toEqual([]);
    const refused = loadPolicies(networkPolicy(`{name: ${long(254)}}`)).diagnostics;
    expect(refused).toEqual([expect.objectContaining({ code: 'invalid-value', path: 'metadata.name' })]);
    expect(refused[0]?.message).toMatch(/must be no more than 253 characters$/);
  });

  test.each([
    [
      'a namespace of 64 characters',
      networkPolicy(`{name: p, namespace: ${long(64)}}`),
      'metadata.namespace',
      'must be no more than 63 characters',
    ],
    [
      'a label value of 64 characters',
      networkPolicy('{name: p}', `{podSelector: {matchLabels: {app: ${long(64)}}}}`),
      'spec.podSelector.matchLabels.app',
      'must be no more than 63 characters',
    ],
    [
      'a label key name of 64 characters',
      networkPolicy('{name: p}', `{podSelector: {matchLabels: {${long(64)}: x}}}`),
      `spec.podSelector.matchLabels.${long(64)}`,
      'name part must be no more than 63 characters',
    ],
    [
      'a label key prefix of 254 characters',
      networkPolicy('{name: p}', `{podSelector: {matchLabels: {${long(254)}/k: x}}}`),
      `spec.podSelector.matchLabels[${long(254)}/k]`,
      'prefix part must be no more than 253 characters',
    ],
    [
      'a port name of 16 characters',
      networkPolicy('{name: p}', `{podSelector: {}, ingress: [{ports: [{port: ${long(16)}}]}]}`),
      'spec.ingress[0].ports[0].port',
      'must be no more than 15 characters',
    ],
  ])('hostile: %s is refused', (_what, text, path, rule) => {
    const loaded = loadPolicies(text);
    expect(loaded.policies).toEqual([]);
    expect(loaded.diagnostics).toEqual([expect.objectContaining({ code: 'invalid-value', path })]);
    expect(loaded.diagnostics[0]?.message).toContain(rule);
  });

  test('hostile: a Namespace object named with 64 characters is refused (a namespace name is a DNS label)', () => {
    const result = loadCluster(`apiVersion: v1\nkind: Namespace\nmetadata: {name: ${long(64)}}\n`);
    expect(result).toMatchObject({
      ok: false,
      diagnostics: [{ code: 'invalid-value', path: 'metadata.name', range: { line: 3, column: 18 } }],
    });
    if (!result.ok) expect(result.diagnostics[0]?.message).toContain('must be no more than 63 characters');
    expect(loadCluster(`apiVersion: v1\nkind: Namespace\nmetadata: {name: ${long(63)}}\n`).ok).toBe(true);
  });

  test('hostile: a pod name of 254 characters is refused', () => {
    const result = loadCluster(pod(`name: ${long(254)}`));
    expect(result).toMatchObject({
      ok: false,
      diagnostics: [{ code: 'invalid-value', path: 'metadata.name' }],
    });
  });
});
