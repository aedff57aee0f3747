// (c) The differential test oracle (tests/oracle/oracle.ts): a deliberately naive evaluator, every flow
// walking every policy with nothing compiled or cached, written apart from the engine. Timed against the
// engine on the same 20,000 flows, and checked to agree with it on every one, for either workload.
import { performance } from 'node:perf_hooks';
import { oracleVerdicts } from '../../tests/oracle/oracle.ts';
import { ms } from './common.ts';
import { analyzeWorkload, workloadVerdicts, type Workload } from './workload.ts';

/** Prints the (c) figures: the naive loop's time, the speed-up and the agreement. */
export function naiveBench(workload: Workload): void {
  const engine = workloadVerdicts(workload);
  const { cluster, policies } = analyzeWorkload(workload);
  const t0 = performance.now();
  const naive = oracleVerdicts(cluster, policies, workload.flows);
  const naiveMs = performance.now() - t0;
  const agree = naive.filter((v, i) => v.allowed === engine.allowed[i]).length;
  const allowed = engine.allowed.filter(Boolean).length;
  console.log(
    `(c) 20,000 flows in process: engine ${ms(engine.ms)} (full verdicts with effects), naive oracle ${ms(naiveMs)}; speed-up ${(naiveMs / engine.ms).toFixed(1)}×`,
  );
  console.log(`    oracle and engine agree on ${agree}/${workload.flows.length} flows (${allowed} allowed)`);
}
