import { describe, expect, test } from 'vitest';
import {
  addObject,
  loadCluster,
  parseLabelList,
  removeObject,
  setExternal,
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

describe('editing an external endpoint', () => {
  const withApi = addObject(base, {
    kind: 'ExternalEndpoint',
    name: 'api',
    ips: ['203.0.113.5'],
    dnsNames: ['api.example'],
    entity: 'world',
  });

  test('IPs, DNS names and entity are replaced', () => {
    const result = setExternal(withApi, 'api', {
      ips: ['198.51.100.7', '2001:db8::1'],
      dnsNames: [],
      entity: 'kube-apiserver',
    });
    const loaded = result.ok ? loadCluster(result.value) : null;
    expect(loaded?.ok && loaded.value.externals).toEqual([
      expect.objectContaining({
        ips: ['198.51.100.7', '2001:db8::1'],
        dnsNames: [],
        entity: 'kube-apiserver',
      }),
    ]);
    expect(result.ok && result.value).not.toContain('dnsNames');
  });

  test('bad input is refused with field paths', () => {
    const bad = setExternal(withApi, 'api', {
      ips: ['300.1.1.1'],
      dnsNames: ['Bad_Name'],
      entity: 'moon' as 'world',
    });
    expect(bad.ok ? [] : bad.diagnostics.map((d) => d.path)).toEqual([
      'spec.ips[0]',
      'spec.dnsNames[0]',
      'spec.entity',
    ]);
    const none = setExternal(withApi, 'api', { ips: [], dnsNames: [], entity: 'world' });
    expect(none.ok ? '' : none.diagnostics[0]?.message).toBe(
      'spec.ips: Required value: at least one IP address',
    );
    const missing = setExternal(withApi, 'gone', { ips: ['10.0.0.1'], dnsNames: [], entity: 'world' });
    expect(missing.ok ? '' : missing.diagnostics[0]?.message).toBe(
      'external endpoint gone is not in the scenario any more',
    );
  });
});
