import { describe, expect, test } from 'vitest';
import { loadCluster, parseManifests } from '../../../src/engine/index.ts';

describe('reading manifests', () => {
  test('multi-document YAML keeps each document and its ranges', () => {
    const { documents, diagnostics } = parseManifests('a: 1\n---\nb:\n  c: 2\n', { file: 'f.yaml' });
    expect(diagnostics).toEqual([]);
    expect(documents.map((d) => d.value)).toEqual([{ a: 1 }, { b: { c: 2 } }]);
    expect(documents[1]?.locate(['b', 'c'])).toMatchObject({ line: 4, column: 6 });
    expect(documents[1]?.locate(['b', 'c'], 'key')).toMatchObject({ line: 4, column: 3 });
    expect(documents[1]?.file).toBe('f.yaml');
  });

  test('kind: List is expanded into its items, with positions inside the list', () => {
    const yaml =
      'apiVersion: v1\nkind: List\nitems:\n- kind: Namespace\n  metadata: {name: x}\n- kind: Namespace\n  metadata: {name: y}\n';
    const { documents } = parseManifests(yaml);
    expect(documents).toHaveLength(2);
    expect(documents[1]?.locate(['metadata', 'name'])).toMatchObject({ line: 7 });
  });

  test('JSON (object, array or List) goes through JSON.parse and still has line numbers', () => {
    const json =
      '{\n  "kind": "List",\n  "items": [\n    {"kind": "A"},\n    {"kind": "B",\n     "x": 1}\n  ]\n}';
    const { documents } = parseManifests(json);
    expect(documents.map((d) => d.value)).toEqual([{ kind: 'A' }, { kind: 'B', x: 1 }]);
    expect(documents[1]?.locate(['x'])).toMatchObject({ line: 6, column: 11 });
    expect(documents[1]?.locate(['x'], 'key')).toMatchObject({ line: 6, column: 6 });
    expect(parseManifests('[{"a": 1}, {"b": 2}]').documents).toHaveLength(2);
  });

  test('broken JSON is reported with a position (read as YAML)', () => {
    const { documents, diagnostics } = parseManifests('{\n  "a": 1,\n  "b": [\n}');
    expect(documents).toEqual([]);
    expect(diagnostics[0]).toMatchObject({ code: 'yaml/syntax', severity: 'error' });
    expect(diagnostics[0]?.range?.line).toBeGreaterThan(1);
  });

  test('aliases are refused: a billion-laughs document never expands', () => {
    const bomb =
      'a: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n';
    const { documents, diagnostics } = parseManifests(bomb);
    expect(documents).toEqual([]);
    expect(diagnostics.every((d) => d.code === 'yaml/alias')).toBe(true);
    expect(diagnostics[0]?.range?.line).toBe(2);
  });

  test('input size and document count are capped with a clear message', () => {
    expect(parseManifests('a: 1\n'.repeat(10), { maxChars: 20 }).diagnostics[0]?.message).toBe(
      'input is 50 characters, more than the limit of 20',
    );
    const many = parseManifests('a: 1\n---\n'.repeat(5), { maxDocuments: 3 });
    expect(many.documents).toEqual([]);
    expect(many.diagnostics[0]).toMatchObject({ code: 'input/too-many-documents' });
  });

  test('empty documents and comments are ignored', () => {
    expect(parseManifests('# nothing\n---\n---\n').documents).toEqual([]);
  });
});

describe('loading a cluster', () => {
  const scenario = `apiVersion: netpol-lab/v1
kind: Scenario
metadata: {name: shop}
spec:
  title: The shop
  layout: {x/a: [10, 20]}
  ports: [{port: 80, protocol: TCP}]
---
apiVersion: v1
kind: Namespace
metadata: {name: x, labels: {team: a}}
---
apiVersion: v1
kind: Pod
metadata: {name: a, namespace: x}
spec: {containers: [{name: c, ports: [{containerPort: 80}, {name: dns, containerPort: 53, protocol: UDP}]}]}
status: {podIPs: [{ip: 10.0.0.1}, {ip: "fd00::1"}]}
---
apiVersion: v1
kind: Pod
metadata: {name: lonely}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}`;

  test('namespaces get the automatic name label, pods default to `default`, protocols to TCP', () => {
    const result = loadCluster(scenario);
    if (!result.ok) throw new Error('expected ok');
    const { value } = result;
    expect(value.namespaces.find((n) => n.name === 'x')?.labels).toEqual({
      'kubernetes.io/metadata.name': 'x',
      team: 'a',
    });
    expect(value.namespaces.find((n) => n.name === 'default')?.labels).toEqual({
      'kubernetes.io/metadata.name': 'default',
    });
    expect(value.pods[0]).toMatchObject({
      ips: ['10.0.0.1', 'fd00::1'],
      ports: [
        { containerPort: 80, protocol: 'TCP' },
        { name: 'dns', containerPort: 53, protocol: 'UDP' },
      ],
    });
    expect(value.pods[1]?.namespace).toBe('default');
    expect(value.scenario).toMatchObject({
      name: 'shop',
      title: 'The shop',
      description: '',
      layout: { 'x/a': [10, 20] },
      ports: [{ port: 80, protocol: 'TCP' }],
    });
    // The Deployment lists no pod: it stands in by its (empty) pod template, and the summary says so.
    expect(value.workloads).toMatchObject([{ kind: 'Deployment', name: 'web', namespace: 'default' }]);
    expect(value.pods.find((p) => p.name === 'web')?.template).toEqual({ kind: 'Deployment', name: 'web' });
    expect(result.diagnostics).toMatchObject([{ code: 'cluster/summary', severity: 'info' }]);
    expect(result.diagnostics[0]?.message).toContain(
      '1 workloads with no pod listed stand in by their pod template',
    );
  });

  test('bad cluster objects fail with lines', () => {
    const result = loadCluster(
      'apiVersion: v1\nkind: Pod\nmetadata: {name: a}\nstatus: {podIP: 300.1.1.1}\n',
    );
    expect(result.ok).toBe(false);
    expect(result.diagnostics[0]).toMatchObject({
      code: 'invalid-value',
      path: 'status.podIP',
      range: { line: 4 },
    });
    const external = loadCluster(
      'apiVersion: netpol-lab/v1\nkind: ExternalEndpoint\nmetadata: {name: x}\nspec: {ips: [1.2.3.4], entitty: world}\n',
    );
    expect(external.diagnostics[0]).toMatchObject({ code: 'unknown-field', range: { line: 4 } });
  });

  test('a bad Scenario spec is reported', () => {
    const result = loadCluster(
      'apiVersion: netpol-lab/v1\nkind: Scenario\nmetadata: {name: s}\nspec: {title: ""}\n',
    );
    expect(result.ok).toBe(false);
    expect(result.diagnostics[0]?.path).toBe('spec.title');
  });
});
