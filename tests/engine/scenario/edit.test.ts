import { describe, expect, test } from 'vitest';
import {
  addObject,
  loadCluster,
  parseLabelList,
  removeObject,
  setLabels,
} from '../../../src/engine/index.ts';

const base = `# the cluster
apiVersion: v1
kind: Namespace
metadata: {name: shop, labels: {team: a}}
---
apiVersion: v1
kind: Pod
metadata: {name: web, namespace: shop, labels: {app: web}}
spec: {containers: [{name: web, image: x, ports: [{containerPort: 80}]}]}
`;

function pods(text: string): string[] {
  const loaded = loadCluster(text);
  if (!loaded.ok) throw new Error(loaded.diagnostics.map((d) => d.message).join('\n'));
  return loaded.value.pods.map(
    (p) =>
      `${p.namespace}/${p.name} ${JSON.stringify(p.labels)} ${p.ports.map((q) => `${q.containerPort}/${q.protocol}`).join(',')}`,
  );
}

describe('scenario text edits (the builder keeps one source of truth)', () => {
  test('adding a pod appends a valid document and keeps the others, comments included', () => {
    const text = addObject(base, {
      kind: 'Pod',
      namespace: 'shop',
      name: 'db',
      labels: { app: 'db' },
      ports: [{ name: 'pg', containerPort: 5432, protocol: 'TCP' }],
    });
    expect(text).toContain('# the cluster');
    expect(pods(text)).toEqual(['shop/web {"app":"web"} 80/TCP', 'shop/db {"app":"db"} 5432/TCP']);
  });

  test('an external endpoint is added with its entity and DNS names', () => {
    const text = addObject(base, {
      kind: 'ExternalEndpoint',
      name: 'api',
      ips: ['203.0.113.5'],
      dnsNames: ['api.example'],
      entity: 'world',
    });
    const loaded = loadCluster(text);
    expect(loaded.ok && loaded.value.externals).toEqual([
      expect.objectContaining({
        name: 'api',
        ips: ['203.0.113.5'],
        dnsNames: ['api.example'],
        entity: 'world',
      }),
    ]);
  });

  test('labels are replaced on the matching object only', () => {
    const text = setLabels(
      base,
      { kind: 'Pod', name: 'web', namespace: 'shop' },
      { app: 'web', tier: 'front' },
    );
    expect(pods(text)).toEqual(['shop/web {"app":"web","tier":"front"} 80/TCP']);
    const loaded = loadCluster(text);
    expect(loaded.ok && loaded.value.namespaces.find((n) => n.name === 'shop')?.labels['team']).toBe('a');
  });

  test('removing an object removes exactly its document', () => {
    expect(pods(removeObject(base, { kind: 'Pod', name: 'web', namespace: 'shop' }))).toEqual([]);
    expect(pods(removeObject(base, { kind: 'Pod', name: 'web', namespace: 'other' }))).toHaveLength(1);
  });

  test('text that does not parse is left alone rather than rewritten', () => {
    const broken = `${base}---\nkind: [unclosed\n`;
    expect(removeObject(broken, { kind: 'Namespace', name: 'shop' })).toBe(broken);
  });

  test('label fields are read as key=value pairs, and a __proto__ key is refused', () => {
    expect(parseLabelList('app=web, tier = front')).toEqual({
      labels: { app: 'web', tier: 'front' },
      invalid: [],
    });
    const hostile = parseLabelList('__proto__=x, novalue, =y');
    expect(hostile.invalid).toEqual(['__proto__=x', 'novalue', '=y']);
    expect(({} as Record<string, unknown>)['x']).toBeUndefined();
  });
});
