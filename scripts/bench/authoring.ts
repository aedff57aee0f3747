// The playground's edits from the picture on the conformance model (every pod isolated both ways) and the
// shop: Allow this connection, Block it again, the Kubernetes → Cilium conversion with its proof, and the
// exposure summary the playground recomputes after every edit. p50/p95 wall time over repeated runs.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  allowFlow,
  analyze,
  blockFlow,
  convertPolicies,
  summarizeExposure,
  type Flow,
} from '../../src/engine/index.ts';
import { ms, mustCluster, mustPolicies, percentile } from './common.ts';

const root = join(import.meta.dirname, '..', '..');
const scenario = (name: string): string => readFileSync(join(root, 'content', 'scenarios', name), 'utf8');
const DENY_ALL = ['x', 'y', 'z']
  .map(
    (ns) =>
      `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny-all, namespace: ${ns}}\nspec: {podSelector: {}, policyTypes: [Ingress, Egress]}\n`,
  )
  .join('---\n');

function timed(label: string, runs: number, run: () => void): void {
  for (let i = 0; i < 5; i++) run();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    run();
    samples.push(performance.now() - t0);
  }
  console.log(`  ${label.padEnd(52)} p50 ${ms(percentile(samples, 50))}  p95 ${ms(percentile(samples, 95))}`);
}

/** Prints the authoring figures. */
export function authoringBench(): void {
  const model = mustCluster(scenario('model.yaml'));
  const flow: Flow = { from: 'x/a', to: 'y/b', port: 80, protocol: 'TCP' };
  const input = { cluster: model, policiesText: DENY_ALL };
  const allowed = allowFlow(input, flow);
  if (!allowed.ok) throw new Error('allowFlow refused');
  console.log('conformance model (9 pods, 6 ports), deny-all in x, y, z:');
  timed('Allow this connection (edit + proof on 6 ports)', 50, () => allowFlow(input, flow));
  timed('Block it again (edit + proof)', 50, () =>
    blockFlow({ cluster: model, policiesText: allowed.value.text }, flow),
  );
  timed('Kubernetes → Cilium, 5 policies, proven', 50, () =>
    convertPolicies(allowed.value.text, 'cilium', { cluster: model }),
  );
  const text = allowed.value.text;
  timed('exposure summary after an edit (analyze + summary)', 200, () =>
    summarizeExposure(analyze(model, mustPolicies(text)), { port: 80, protocol: 'TCP' }),
  );
  const shop = mustCluster(scenario('shop.yaml'));
  console.log('the shop scenario, no policies:');
  timed('exposure summary (analyze + summary)', 200, () =>
    summarizeExposure(analyze(shop, []), shop.scenario?.ports[0] ?? { port: 80, protocol: 'TCP' }),
  );
}
