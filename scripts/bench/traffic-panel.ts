// The playground's Traffic panel on the lesson's log: read, the live check after one edit, generate.
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { loadCluster } from '../../src/engine/index.ts';
import {
  checkTraffic,
  generateFromTraffic,
  readFlowLog,
} from '../../src/components/traffic/traffic-model.ts';
import { ms, percentile } from './common.ts';

const read = (path: string): string => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');

/** Prints the panel's costs for content/traffic/bakery-day.jsonl against the bakery scenario. */
export function trafficPanelBench(): void {
  const loaded = loadCluster(read('content/scenarios/bakery.yaml'));
  if (!loaded.ok) throw new Error('content/scenarios/bakery.yaml did not load');
  const cluster = loaded.value;
  const text = read('content/traffic/bakery-day.jsonl');
  const reads: number[] = [];
  const checks: number[] = [];
  const generates: number[] = [];
  for (let run = 0; run < 30; run++) {
    const t0 = performance.now();
    const view = readFlowLog('bakery-day.jsonl', text, cluster);
    const t1 = performance.now();
    if (!view.traffic) throw new Error(view.summary);
    const generated = generateFromTraffic(view.traffic, 'networkpolicy', 'bakery-day.jsonl');
    const t2 = performance.now();
    if (!generated.ok) throw new Error(generated.message);
    // An edit: the panel re-analyses the text against the traffic's cluster and verifies every connection.
    const check = checkTraffic(view.traffic, cluster, null, `${generated.text}\n# edit ${run}\n`);
    const t3 = performance.now();
    if (check.denied.length > 0) throw new Error('generated policies deny observed traffic');
    reads.push(t1 - t0);
    generates.push(t2 - t1);
    checks.push(t3 - t2);
  }
  const line = (name: string, samples: number[]): string =>
    `${name} median ${ms(percentile(samples, 50))}, p95 ${ms(percentile(samples, 95))}`;
  console.log(
    `traffic panel: ${text.split('\n').length - 1} flows (${(text.length / 1024).toFixed(0)} KiB), 30 runs`,
  );
  console.log(
    `  ${line('read', reads)}; ${line('generate', generates)}; ${line('check after an edit', checks)}`,
  );
}
