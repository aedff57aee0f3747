// Reading Hubble flow logs: 100,000 flows parsed, matched to endpoints and collapsed into connections.
import { performance } from 'node:perf_hooks';
import {
  generatePolicies,
  loadCluster,
  loadPolicies,
  observeTraffic,
  readHubble,
  verifyTraffic,
} from '../../src/engine/index.ts';
import { cpuSince, ms } from './common.ts';
import { generateHubbleLog } from './hubble-log.ts';

/** Prints how long 100,000 flows take to read, without and with a cluster, and to generate and verify policies from them. */
export function hubbleBench(): void {
  const { text, cluster } = generateHubbleLog(100_000);
  const loaded = loadCluster(JSON.stringify({ apiVersion: 'v1', kind: 'List', items: cluster }));
  if (!loaded.ok) throw new Error('bench cluster did not load');
  console.log(`hubble log: 100,000 flows, ${(text.length / 1024 / 1024).toFixed(1)} MiB`);
  for (let run = 0; run < 3; run++) {
    const cpu = process.cpuUsage();
    const t0 = performance.now();
    const log = readHubble(text, { file: 'flows.json' });
    const t1 = performance.now();
    const built = observeTraffic([{ log }]);
    const t2 = performance.now();
    const cpuRead = cpuSince(cpu);
    const matched = observeTraffic([{ log }], loaded.value);
    const t3 = performance.now();
    console.log(
      `  run ${run + 1}: parse ${ms(t1 - t0)}, connections from the flows' labels ${ms(t2 - t1)} ` +
        `(${built.connections.length} connections, ${built.dropped.length} dropped), ` +
        `matched to the cluster ${ms(t3 - t2)} (${matched.connections.length}); ` +
        `parse + connections ${ms(t2 - t0)} wall, ${ms(cpuRead)} CPU`,
    );
    for (const kind of ['networkpolicy', 'cilium'] as const) {
      const g0 = performance.now();
      const generated = generatePolicies(matched, matched.cluster, { kind });
      const g1 = performance.now();
      const verified = verifyTraffic(matched, matched.cluster, loadPolicies(generated.text).policies);
      const g2 = performance.now();
      console.log(
        `    generate ${kind}: ${ms(g1 - g0)} (${generated.policies.length} policies, proof included: ` +
          `${generated.proof.summary}), verify of them ${ms(g2 - g1)} (${verified.denied.length} denied)`,
      );
    }
  }
}
