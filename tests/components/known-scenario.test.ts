import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { evaluatePolicies, loadClusterModel } from '../../src/components/sandbox/model.ts';
import { knownScenario } from '../../src/components/playground/playground-state.ts';
import { loadCluster } from '../../src/engine/index.ts';

// The playground page hands each course scenario's cluster, read by the engine at build time, to the
// browser as island props (serialised data), so the page does not parse the scenario again on load.
const POLICIES = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: lock, namespace: data}
spec:
  podSelector: {}
  ingress:
    - from:
        - namespaceSelector: {matchLabels: {team: storefront}}
      ports: [{port: 5432}]
`;

describe('a scenario read at build time', () => {
  for (const id of ['shop', 'teams', 'model', 'harbor', 'bakery']) {
    test(`${id}: survives serialisation and gives the same model and verdicts as parsing in the browser`, () => {
      const text = readFileSync(`content/scenarios/${id}.yaml`, 'utf8');
      const loaded = loadCluster(text);
      if (!loaded.ok) throw new Error(`${id} does not load`);
      const shipped = knownScenario({ id, title: id, text, clusterJson: JSON.stringify(loaded.value) });
      if (shipped === null) throw new Error(`${id}: the shipped cluster does not read back`);
      const known = loadClusterModel(text, null, shipped);
      const parsed = loadClusterModel(text, null);
      expect(known.cluster).toBe(shipped.cluster);
      expect(known.cluster).toEqual(parsed.cluster);
      expect(known.layout).toEqual(parsed.layout);
      expect(known.ports).toEqual(parsed.ports);
      for (const port of parsed.ports) {
        expect(evaluatePolicies(known, POLICIES, port).verdicts).toEqual(
          evaluatePolicies(parsed, POLICIES, port).verdicts,
        );
      }
    });
  }

  test('a different text is parsed, never matched to the shipped cluster', () => {
    const text = readFileSync('content/scenarios/model.yaml', 'utf8');
    const loaded = loadCluster(text);
    if (!loaded.ok) throw new Error('model does not load');
    const edited = text.replace('name: x\n', 'name: w\n');
    const model = loadClusterModel(edited, null, { text, cluster: loaded.value });
    expect(model.cluster).not.toBe(loaded.value);
    expect(model.cluster?.namespaces.map((ns) => ns.name)).toContain('w');
  });

  test('damaged or missing build-time JSON falls back to reading the YAML', () => {
    const text = readFileSync('content/scenarios/model.yaml', 'utf8');
    expect(knownScenario({ id: 'model', title: 'm', text, clusterJson: '{"namespaces": [' })).toBeNull();
    expect(knownScenario({ id: 'model', title: 'm', text })).toBeNull();
    expect(knownScenario(undefined)).toBeNull();
  });
});
