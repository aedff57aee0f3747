import { describe, expect, test } from 'vitest';
import { followRenames, loadCluster, moveToNamespace, renameObject } from '../../../src/engine/index.ts';

const base = `# the shop
apiVersion: netpol-lab/v1
kind: Scenario
metadata: {name: shop}
spec:
  title: Shop
  layout:
    shop/web: [120, 80]
    shop/db: [120, 190]
    api: [320, 80]
---
apiVersion: v1
kind: Namespace
metadata: {name: shop, labels: {team: a, kubernetes.io/metadata.name: shop}}
---
apiVersion: v1
kind: Pod
metadata: {name: web, namespace: shop, labels: {app: web}}
spec: {containers: [{name: web, image: x, ports: [{containerPort: 80}]}]}
---
apiVersion: v1
kind: Pod
metadata: {name: db, namespace: shop, labels: {app: db}}
spec: {containers: [{name: db, image: x}]}
---
apiVersion: v1
kind: Pod
metadata: {name: tool, labels: {app: tool}}
---
apiVersion: netpol-lab/v1
kind: ExternalEndpoint
metadata: {name: api}
spec: {ips: [203.0.113.5]}
`;

function renamed(key: Parameters<typeof renameObject>[1], to: string) {
  const result = renameObject(base, key, to);
  if (!result.ok) throw new Error(result.diagnostics.map((d) => d.message).join('\n'));
  const loaded = loadCluster(result.value.text);
  if (!loaded.ok) throw new Error('renamed text does not load');
  return { ...result.value, cluster: loaded.value };
}

function messages(result: ReturnType<typeof renameObject>): string[] {
  return result.ok ? [] : result.diagnostics.map((d) => d.message);
}

describe('renaming scenario objects', () => {
  test('a namespace takes its pods, its name label and their graph positions along', () => {
    const { text, endpoints, cluster } = renamed({ kind: 'Namespace', name: 'shop' }, 'store');
    expect(cluster.namespaces.find((n) => n.name === 'store')?.labels).toEqual({
      team: 'a',
      'kubernetes.io/metadata.name': 'store',
    });
    expect(cluster.namespaces.map((n) => n.name)).not.toContain('shop');
    expect(cluster.pods.map((p) => `${p.namespace}/${p.name}`)).toEqual([
      'store/web',
      'store/db',
      'default/tool',
    ]);
    expect(cluster.scenario?.layout).toEqual({
      'store/web': [120, 80],
      'store/db': [120, 190],
      api: [320, 80],
    });
    expect([...endpoints]).toEqual([
      ['shop/web', 'store/web'],
      ['shop/db', 'store/db'],
    ]);
    expect(text).toContain('# the shop');
  });

  test('renaming the implicit default namespace writes the namespace out on its pods', () => {
    const { cluster } = renamed({ kind: 'Namespace', name: 'default' }, 'tools');
    expect(cluster.pods.map((p) => `${p.namespace}/${p.name}`)).toContain('tools/tool');
  });

  test('a pod keeps its namespace and its place on the graph', () => {
    const { cluster, endpoints } = renamed({ kind: 'Pod', namespace: 'shop', name: 'db' }, 'postgres');
    expect(cluster.pods.map((p) => `${p.namespace}/${p.name}`)).toEqual([
      'shop/web',
      'shop/postgres',
      'default/tool',
    ]);
    expect(cluster.scenario?.layout['shop/postgres']).toEqual([120, 190]);
    expect([...endpoints]).toEqual([['shop/db', 'shop/postgres']]);
  });

  test('an external endpoint can be renamed', () => {
    const { cluster } = renamed({ kind: 'ExternalEndpoint', name: 'api' }, 'payments-api');
    expect(cluster.externals.map((e) => e.name)).toEqual(['payments-api']);
    expect(cluster.scenario?.layout['payments-api']).toEqual([320, 80]);
  });

  test('bad and duplicate names are refused with the API server wording', () => {
    expect(messages(renameObject(base, { kind: 'Namespace', name: 'shop' }, 'Shop'))[0]).toMatch(
      /^metadata\.name: Invalid value: "Shop": a lowercase RFC 1123 label/,
    );
    expect(messages(renameObject(base, { kind: 'Namespace', name: 'shop' }, 'a.b'))[0]).toMatch(
      /RFC 1123 label/,
    );
    expect(messages(renameObject(base, { kind: 'Pod', namespace: 'shop', name: 'db' }, 'web'))).toEqual([
      'pods "web" already exists in namespace "shop"',
    ]);
    expect(messages(renameObject(base, { kind: 'Namespace', name: 'shop' }, 'default'))).toEqual([
      'namespaces "default" already exists',
    ]);
    expect(messages(renameObject(base, { kind: 'Pod', namespace: 'shop', name: 'gone' }, 'x'))).toEqual([
      'pod shop/gone is not in the scenario any more',
    ]);
    expect(
      messages(renameObject(`${base}---\nkind: [\n`, { kind: 'Namespace', name: 'shop' }, 'x'))[0],
    ).toMatch(/has errors/);
  });

  test('renaming to the same name changes nothing', () => {
    const result = renameObject(base, { kind: 'Pod', namespace: 'shop', name: 'web' }, 'web');
    expect(result.ok && result.value).toEqual({ text: base, endpoints: new Map() });
  });
});

describe('what follows a rename', () => {
  test('policies in the namespace move with it; other namespaces and broken text stay as they are', () => {
    const policies = `kind: NetworkPolicy
apiVersion: networking.k8s.io/v1
metadata: {name: a, namespace: shop}
spec: {podSelector: {}}
---
kind: NetworkPolicy
apiVersion: networking.k8s.io/v1
metadata: {name: b, namespace: other}
spec: {podSelector: {}}
`;
    const moved = moveToNamespace(policies, 'shop', 'store');
    expect(moved).toContain('namespace: store');
    expect(moved).toContain('namespace: other');
    expect(moveToNamespace(policies, 'nowhere', 'store')).toBe(policies);
    expect(moveToNamespace('kind: [', 'shop', 'store')).toBe('kind: [');
    expect(moveToNamespace('metadata: {name: a}\nkind: NetworkPolicy\n', 'default', 'tools')).toContain(
      'namespace: tools',
    );
  });

  test('goals follow renamed endpoints and keep everything else', () => {
    const goals = [
      { from: 'shop/web', to: 'shop/db', port: 5432, protocol: 'TCP', expect: 'allow' },
      { from: 'api', to: 'shop/web', port: 80, protocol: 'TCP', expect: 'deny' },
    ] as const;
    expect(followRenames(goals, new Map([['shop/db', 'store/db']]))).toEqual([
      { from: 'shop/web', to: 'store/db', port: 5432, protocol: 'TCP', expect: 'allow' },
      goals[1],
    ]);
  });
});
