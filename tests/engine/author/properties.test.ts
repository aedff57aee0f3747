import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  allowFlow,
  analyze,
  loadPolicies,
  type Cluster,
  type Flow,
  type PortProtocol,
} from '../../../src/engine/index.ts';
import { modelClusterYaml } from '../../conformance/model.ts';
import { cluster } from '../helpers.ts';
import { namespaceName, networkPolicy, podSelector, policiesYaml } from '../policy-arbitraries.ts';

const model: Cluster = cluster(modelClusterYaml());
const PORTS: PortProtocol[] = [
  { port: 80, protocol: 'TCP' },
  { port: 81, protocol: 'UDP' },
];
// Rules always name peers and ports, pods by label (no NotIn): the edits target one pod pair.
const port = fc.constantFrom({ port: 80 }, { port: 81, protocol: 'UDP' }, { port: 'serve-80-tcp' });
const pods = podSelector({ notIn: false });
const byName = namespaceName.map((n) => ({ matchLabels: { 'kubernetes.io/metadata.name': n } }));
const peers = fc.oneof(
  pods.map((podSelector) => ({ podSelector })),
  fc.record({ podSelector: pods, namespaceSelector: byName }),
);
const policy = networkPolicy(peers, port, { complete: true, pods });

function grid(text: string): Map<string, boolean> {
  const analysis = analyze(model, loadPolicies(text).policies);
  const m = analysis.matrix(PORTS);
  const out = new Map<string, boolean>();
  PORTS.forEach((p, k) =>
    m.endpoints.forEach((from, i) =>
      m.endpoints.forEach((to, j) => out.set(`${from} ${to} ${p.port}/${p.protocol}`, m.allowed(i, j, k))),
    ),
  );
  return out;
}

describe('properties of authoring', () => {
  test('after allowFlow that connection is allowed and every other verdict is unchanged', () => {
    const pods = model.pods.map((p) => `${p.namespace}/${p.name}`);
    fc.assert(
      fc.property(
        fc.array(policy, { minLength: 1, maxLength: 4 }),
        fc.constantFrom(...pods),
        fc.constantFrom(...pods),
        fc.constantFrom(...PORTS),
        (shapes, from, to, p) => {
          const text = policiesYaml(shapes);
          const f: Flow = { from, to, port: p.port, protocol: p.protocol };
          const before = grid(text);
          const key = `${from} ${to} ${p.port}/${p.protocol}`;
          fc.pre(before.get(key) === false);
          const result = allowFlow({ cluster: model, policiesText: text, ports: PORTS }, f);
          expect(result.ok, result.diagnostics.map((d) => d.message).join()).toBe(true);
          if (!result.ok) return;
          // Every pod of the model has its own labels: no change is unavoidable.
          expect(result.value.collateral).toEqual([]);
          expect(result.value.summary).toBe('1 connection newly allowed');
          const after = grid(result.value.text);
          for (const [k, was] of before) expect(after.get(k), k).toBe(k === key ? true : was);
        },
      ),
      { numRuns: 60 },
    );
  }, 120_000);
});
