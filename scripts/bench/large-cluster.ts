// (b) The large case in process: parse + validate, compile + endpoint classes, and the full matrix for
// two ports, against the 2 s floor.
import { performance } from 'node:perf_hooks';
import { cpuSince, ms } from './common.ts';
import { analyzeWorkload, printHeader, type Workload } from './workload.ts';

/** Prints the (b) figures for the workload. */
export function largeClusterBench(workload: Workload): void {
  const analyzed = analyzeWorkload(workload);
  printHeader(workload);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const matrix = analyzed.analysis.matrix([
    { port: 8080, protocol: 'TCP' },
    { port: 5432, protocol: 'TCP' },
  ]);
  // The matrix computes cells when first asked: ask every class pair on both ports so the figure is the whole table.
  const firsts = analyzed.analysis.classes.map((c) => c.members[0] ?? 0);
  let allowed = 0;
  for (let port = 0; port < 2; port++)
    for (const a of firsts) for (const b of firsts) if (matrix.allowed(a, b, port)) allowed++;
  const matrixMs = performance.now() - t0;
  const cpuMs = analyzed.cpuMs + cpuSince(cpu0);
  const pairs = matrix.endpoints.length ** 2 * 2;
  console.log(
    `    parse + validate ${ms(analyzed.parseMs)}, compile + classes ${ms(analyzed.compileMs)} (${analyzed.analysis.classes.length} classes), matrix for 2 ports ${ms(matrixMs)} (${(firsts.length ** 2 * 2).toLocaleString('en')} class pairs asked, ${allowed.toLocaleString('en')} allowed)`,
  );
  console.log(
    `    full matrix incl. parsing: ${ms(analyzed.parseMs + analyzed.compileMs + matrixMs)} wall, ${ms(cpuMs)} CPU, for ${pairs.toLocaleString('en')} endpoint pairs × ports (target <= 2 s)`,
  );
}
