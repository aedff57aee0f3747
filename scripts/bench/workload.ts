// The large case shared by several sections: 5,000 pods, 1,000 policies over 50 namespaces and 20,000
// flows, as files in a temp folder (for the CLI) and as one in-process analysis. Each is computed once;
// a section run on its own computes what it needs.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { stringify } from 'yaml';
import {
  analyze,
  type AnalysisHandle,
  type Cluster,
  type Flow,
  type Policy,
} from '../../src/engine/index.ts';
import { cpuSince, ms, mustCluster, mustPolicies } from './common.ts';
import {
  generateCluster,
  generateFlows,
  generateMixedPolicies,
  generatePolicies,
  type Obj,
} from './generate.ts';

/** The inputs of the large case, written to `dir` as cluster.json, policies.yaml and flows.json. */
export interface Workload {
  /** `v1`: NetworkPolicy only; `mixed`: 40% of the policies as CiliumNetworkPolicy. */
  readonly kind: 'v1' | 'mixed';
  readonly items: readonly Obj[];
  readonly policyObjs: readonly Obj[];
  readonly flows: readonly Flow[];
  readonly clusterText: string;
  readonly policiesText: string;
  readonly dir: string;
  analyzed?: Analyzed;
  verdicts?: Verdicts;
  headerPrinted?: boolean;
}

/** The workload parsed and compiled, with what that took. */
export interface Analyzed {
  readonly cluster: Cluster;
  readonly policies: readonly Policy[];
  readonly analysis: AnalysisHandle;
  readonly parseMs: number;
  readonly compileMs: number;
  readonly cpuMs: number;
}

/** Every flow's verdict in process, and how long the 20,000 evaluations took. */
export interface Verdicts {
  readonly allowed: readonly boolean[];
  readonly ms: number;
}

/** Returns the workload's inputs, generated and written to a new temp folder. */
export function createWorkload(kind: Workload['kind']): Workload {
  const items = generateCluster(50, 100);
  const policyObjs = kind === 'mixed' ? generateMixedPolicies(50, 20) : generatePolicies(50, 20);
  const flows = generateFlows(50, 100, 20_000);
  const clusterText = JSON.stringify({ apiVersion: 'v1', kind: 'List', items });
  const policiesText = policyObjs.map((p) => stringify(p)).join('---\n');
  const dir = mkdtempSync(join(tmpdir(), 'netpol-bench-'));
  writeFileSync(join(dir, 'cluster.json'), clusterText);
  writeFileSync(join(dir, 'policies.yaml'), policiesText);
  writeFileSync(join(dir, 'flows.json'), JSON.stringify(flows));
  return { kind, items, policyObjs, flows, clusterText, policiesText, dir };
}

/** Removes the workload's temp folder. */
export function removeWorkload(workload: Workload): void {
  rmSync(workload.dir, { recursive: true, force: true });
}

/** Returns the workload parsed, validated and compiled (timed on the first call). */
export function analyzeWorkload(workload: Workload): Analyzed {
  if (workload.analyzed) return workload.analyzed;
  const cpu0 = process.cpuUsage();
  let t0 = performance.now();
  const cluster = mustCluster(workload.clusterText);
  const policies = mustPolicies(workload.policiesText);
  const parseMs = performance.now() - t0;
  t0 = performance.now();
  const analysis = analyze(cluster, policies);
  const compileMs = performance.now() - t0;
  workload.analyzed = { cluster, policies, analysis, parseMs, compileMs, cpuMs: cpuSince(cpu0) };
  return workload.analyzed;
}

/** Returns every flow's in-process verdict (full verdicts with effects; timed on the first call). */
export function workloadVerdicts(workload: Workload): Verdicts {
  if (workload.verdicts) return workload.verdicts;
  const { analysis } = analyzeWorkload(workload);
  const t0 = performance.now();
  const allowed = workload.flows.map((f) => analysis.evaluateFlow(f).allowed);
  workload.verdicts = { allowed, ms: performance.now() - t0 };
  return workload.verdicts;
}

/** Prints the line naming the case (once per workload), e.g. `(b) 5001 pods, 1000 policies (…)`. */
export function printHeader(workload: Workload): void {
  if (workload.headerPrinted) return;
  workload.headerPrinted = true;
  const { cluster, policies } = analyzeWorkload(workload);
  const kinds = new Map<string, number>();
  for (const p of policies) kinds.set(p.kind, (kinds.get(p.kind) ?? 0) + 1);
  console.log(
    `(b${workload.kind === 'mixed' ? ', Cilium mixed in' : ''}) ${cluster.pods.length} pods, ${policies.length} policies (${[...kinds].map(([k, n]) => `${n} ${k}`).join(', ')}), ${cluster.namespaces.length} namespaces`,
  );
}

/** Prints the 20,000 in-process evaluations (the Cilium section's last line). */
export function printInProcessFlows(workload: Workload): void {
  const verdicts = workloadVerdicts(workload);
  const allowed = verdicts.allowed.filter(Boolean).length;
  console.log(`    20,000 flows in process (full verdicts): ${ms(verdicts.ms)}; ${allowed} allowed`);
}
