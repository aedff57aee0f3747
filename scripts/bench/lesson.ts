// (a) The lesson-size cluster: the full re-evaluation after one edit in the editor (parse the YAML,
// validate, compile, matrix for two ports), p50/p95 wall and CPU time, and how garbage collection shows.
import { performance } from 'node:perf_hooks';
import { getHeapSpaceStatistics } from 'node:v8';
import { stringify } from 'yaml';
import { analyze } from '../../src/engine/index.ts';
import { ms, mustCluster, mustPolicies, percentile } from './common.ts';
import { generateCluster, generatePolicies, type Obj } from './generate.ts';

/** Prints the (a) figures: 1,000 edits of a lesson-size cluster after 300 warm-up edits. */
export function lessonBench(): void {
  const cluster = mustCluster(
    JSON.stringify({ apiVersion: 'v1', kind: 'List', items: generateCluster(3, 10) }),
  );
  const base = generatePolicies(2, 5);
  // The edited texts are written first, so the harness's own garbage is not collected inside a timed run.
  const texts = Array.from({ length: 1300 }, (_, i) => {
    const edited = structuredClone(base);
    (edited[i % edited.length] as { metadata: { labels?: Obj } }).metadata.labels = { edit: `v${i}` };
    return edited.map((p) => stringify(p)).join('---\n');
  });
  // A run overlapped a garbage collection when the young generation holds less after it than before (a
  // run allocates far less than the young generation's size). Observing `gc` performance entries misses
  // most scavenges in a synchronous loop, so the heap is read instead.
  const youngUsed = (): number =>
    getHeapSpaceStatistics().find((space) => space.space_name === 'new_space')?.space_used_size ?? 0;
  const runs: { wall: number; cpu: number; gc: boolean }[] = [];
  for (const text of texts) {
    const young0 = youngUsed();
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const analysis = analyze(cluster, mustPolicies(text));
    const matrix = analysis.matrix([
      { port: 8080, protocol: 'TCP' },
      { port: 5432, protocol: 'TCP' },
    ]);
    // Cells are computed when first asked: ask all of them, as the sandbox's table does.
    const n = matrix.endpoints.length;
    for (let port = 0; port < 2; port++)
      for (let a = 0; a < n; a++) for (let b = 0; b < n; b++) matrix.allowed(a, b, port);
    const cpu = process.cpuUsage(cpu0);
    const wall = performance.now() - t0;
    runs.push({ wall, cpu: (cpu.user + cpu.system) / 1000, gc: youngUsed() < young0 });
  }
  // The first 300 edits warm the JIT up (V8 is still optimising the engine's code during them).
  const warm = runs.slice(300);
  const wall = warm.map((r) => r.wall);
  const cpu = warm.map((r) => r.cpu);
  const slow = warm.filter((r) => r.wall > 2);
  const slowWithGc = slow.filter((r) => r.gc);
  const withoutGc = warm.filter((r) => !r.gc).map((r) => r.wall);
  console.log(
    `(a) lesson cluster: ${cluster.pods.length} pods, ${base.length} policies, 2 ports; parse YAML + validate + compile + matrix after one edit`,
  );
  console.log(
    `    p50 ${ms(percentile(wall, 50))}, p95 ${ms(percentile(wall, 95))} wall (target <= 2 ms); CPU p50 ${ms(percentile(cpu, 50))}, p95 ${ms(percentile(cpu, 95))} (${warm.length} runs after 300 warm-up)`,
  );
  console.log(
    `    ${slow.length} runs over 2 ms wall, ${slowWithGc.length} of them overlapping a garbage collection; ${warm.length - withoutGc.length} runs overlapped one; runs without: p50 ${ms(percentile(withoutGc, 50))}, p95 ${ms(percentile(withoutGc, 95))}`,
  );
}
