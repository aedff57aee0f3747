// Small helpers every benchmark section uses: formatting and loading that stops on broken inputs.
import { readFileSync } from 'node:fs';
import { loadCluster, loadPolicies, type Cluster, type Policy } from '../../src/engine/index.ts';

/** Returns the `p`th percentile of the samples (nearest rank). */
export function percentile(samples: readonly number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

/** Returns milliseconds as printed in every figure: three decimals under 10 ms, one above. */
export function ms(n: number): string {
  return `${n.toFixed(n < 10 ? 3 : 1)} ms`;
}

/** Returns the CPU time (user + system) since `start`, in milliseconds. */
export function cpuSince(start: NodeJS.CpuUsage): number {
  const cpu = process.cpuUsage(start);
  return (cpu.user + cpu.system) / 1000;
}

/** Returns the cluster the text describes; throws when it does not load (a broken generator). */
export function mustCluster(text: string): Cluster {
  const result = loadCluster(text);
  if (!result.ok) throw new Error(result.diagnostics.map((d) => d.message).join('\n'));
  return result.value;
}

/** Returns the policies the text holds; throws on any error (a broken generator). */
export function mustPolicies(text: string): Policy[] {
  const loaded = loadPolicies(text);
  const errors = loaded.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) throw new Error(errors.map((d) => d.message).join('\n'));
  return [...loaded.policies];
}

/** What `npm run netpol` passes to Node (its flags and the entry file), so the CLI is timed as users run it. */
export const netpolNodeArgs = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    scripts: { netpol: string };
  }
).scripts.netpol
  .split(/\s+/)
  .slice(1);
