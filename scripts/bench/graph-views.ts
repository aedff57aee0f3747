// What the sandbox's graph adds to an edit on the capstone: the All ports view and the arrows to external
// endpoints a rule grants, next to the one-port evaluation they build on.
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { parse } from 'yaml';
import { anyPortVerdicts, egressGrant } from '../../src/components/sandbox/graph-views.ts';
import { evaluatePolicies, loadClusterModel } from '../../src/components/sandbox/model.ts';
import { ms, percentile } from './common.ts';

const read = (path: string): string => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');

/** Prints the costs for the shop scenario under the whole-shop capstone solution, 60 edits. */
export function graphViewsBench(): void {
  const shop = loadClusterModel(read('content/scenarios/shop.yaml'), null);
  const cluster = shop.cluster;
  if (!cluster) throw new Error('content/scenarios/shop.yaml did not load');
  const solution = (parse(read('content/challenges/capstone/whole-shop.yaml')) as { solution: string })
    .solution;
  const port = { port: 443, protocol: 'TCP' as const };
  const one: number[] = [];
  const all: number[] = [];
  const grants: number[] = [];
  for (let run = 0; run < 60; run++) {
    const text = `${solution}\n# edit ${run}\n`;
    const t0 = performance.now();
    const policies = evaluatePolicies(shop, text, port);
    const t1 = performance.now();
    anyPortVerdicts(shop, policies);
    const t2 = performance.now();
    const granted = egressGrant(policies.matrix!);
    for (const pod of cluster.pods)
      for (const external of cluster.externals) granted(`${pod.namespace}/${pod.name}`, external.name, 0);
    const t3 = performance.now();
    one.push(t1 - t0);
    all.push(t2 - t1);
    grants.push(t3 - t2);
  }
  const line = (name: string, samples: number[]): string =>
    `${name} median ${ms(percentile(samples, 50))}, p95 ${ms(percentile(samples, 95))}`;
  console.log(
    `graph views: shop (${cluster.pods.length} pods, ${cluster.externals.length} external), 60 edits`,
  );
  console.log(
    `  ${line('one port', one)}; ${line('+ all ports', all)}; ${line('+ external arrows granted', grants)}`,
  );
}
