// The 20,000 flows through the command line as a user runs it (`npm run -s netpol -- evaluate ...`),
// with JSON and text output: wall and CPU time, peak memory, and agreement with the in-process verdicts.
import { spawnSync } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { ms, netpolNodeArgs } from './common.ts';
import { printHeader, workloadVerdicts, type Workload } from './workload.ts';

interface TimedRun {
  readonly wall: number;
  readonly cpu: number;
  readonly peakMb: number;
  readonly stdout: string;
  readonly code: number | null;
}

/** Runs `netpol evaluate` over the workload's files; /usr/bin/time reports the child's peak memory and CPU. */
function timedEvaluate(workload: Workload, output: 'json' | 'text'): TimedRun {
  const { dir } = workload;
  const args = [
    ...netpolNodeArgs,
    'evaluate',
    ...['--cluster', join(dir, 'cluster.json'), '--policies', join(dir, 'policies.yaml')],
    ...['--flows', join(dir, 'flows.json'), '--output', output],
  ];
  // stdout goes to a file, as `netpol ... > results.json` would: reading 60 MB through a pipe into
  // this process made the child wait on the pipe and added over a second of wall time.
  const outFile = join(dir, `out.${output}`);
  const fd = openSync(outFile, 'w');
  const start = performance.now();
  const run = spawnSync('/usr/bin/time', ['-f', '%M %U %S', process.execPath, ...args], {
    encoding: 'utf8',
    stdio: ['ignore', fd, 'pipe'],
  });
  const wall = performance.now() - start;
  closeSync(fd);
  const [peakKb = 0, user = 0, sys = 0] = (run.stderr.trim().split('\n').pop() ?? '').split(' ').map(Number);
  return {
    wall,
    cpu: (user + sys) * 1000,
    peakMb: peakKb / 1024,
    stdout: readFileSync(outFile, 'utf8'),
    code: run.status,
  };
}

/** Prints the CLI figures for the workload (wall time suffers on a busy machine; CPU time less so). */
export function cliBench(workload: Workload): void {
  printHeader(workload);
  const verdicts = workloadVerdicts(workload).allowed;
  // As on any later run: the command line's bundle and Node's compile cache exist (a first run builds them).
  spawnSync(process.execPath, [...netpolNodeArgs, '--help'], { stdio: 'ignore' });
  const json = timedEvaluate(workload, 'json');
  const parsed =
    json.code === 0 ? (JSON.parse(json.stdout) as { results: { allowed: boolean }[] }).results : [];
  const agree = parsed.filter((r, i) => r.allowed === verdicts[i]).length;
  console.log(
    `    20,000 flows through the CLI, --output json (spawn + parse + evaluate + explanations): ${ms(json.wall)} wall, ${ms(json.cpu)} CPU, exit ${json.code ?? '?'}, ${parsed.length} results, ${(json.stdout.length / 1e6).toFixed(0)} MB, peak RSS ${json.peakMb.toFixed(0)} MB`,
  );
  console.log(`    CLI and in-process verdicts agree on ${agree}/${workload.flows.length} flows`);
  const text = timedEvaluate(workload, 'text');
  console.log(
    `    the same with --output text (one summary line per flow): ${ms(text.wall)} wall, ${ms(text.cpu)} CPU, peak RSS ${text.peakMb.toFixed(0)} MB`,
  );
  console.log(`    this process: peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
}
