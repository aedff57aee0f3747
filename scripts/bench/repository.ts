// (d) A repository of workloads through the command line: 1,000 Deployments, StatefulSets and CronJobs in
// 20 namespaces with 200 NetworkPolicies, as `netpol list` and `netpol matrix` read them (workload-level units).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { stringify } from 'yaml';
import { ms } from './common.ts';
import { generateWorkloadPolicies, generateWorkloads } from './generate.ts';

const netpolNodeArgs = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    scripts: { netpol: string };
  }
).scripts.netpol
  .split(/\s+/)
  .slice(1);

/** Prints wall and CPU time and peak memory of `list` and `matrix` over the generated repository. */
export function repositoryBench(): void {
  const dir = mkdtempSync(join(tmpdir(), 'netpol-repo-'));
  try {
    const yaml = (objs: readonly object[]): string =>
      objs.map((o) => stringify(o, { aliasDuplicateObjects: false })).join('---\n');
    writeFileSync(join(dir, 'workloads.yaml'), yaml(generateWorkloads(20, 50)));
    writeFileSync(join(dir, 'policies.yaml'), yaml(generateWorkloadPolicies(20, 10)));
    console.log(
      '(d) repository: 1,000 workloads (Deployment, StatefulSet, CronJob), 200 NetworkPolicies, 20 namespaces',
    );
    spawnSync(process.execPath, [...netpolNodeArgs, '--help'], { stdio: 'ignore' });
    for (const command of ['list', 'matrix']) {
      const args = [
        ...netpolNodeArgs,
        command,
        '--cluster',
        join(dir, 'workloads.yaml'),
        '--policies',
        join(dir, 'policies.yaml'),
      ];
      const start = performance.now();
      const run = spawnSync('/usr/bin/time', ['-f', '%M %U %S', process.execPath, ...args], {
        encoding: 'utf8',
        maxBuffer: 1 << 30,
      });
      const wall = performance.now() - start;
      const [peakKb = 0, user = 0, sys = 0] = (run.stderr.trim().split('\n').pop() ?? '')
        .split(' ')
        .map(Number);
      const lines = run.stdout.split('\n').filter(Boolean).length;
      console.log(
        `    netpol ${command}: ${ms(wall)} wall, ${ms((user + sys) * 1000)} CPU, exit ${run.status ?? '?'}, ${lines.toLocaleString('en')} lines, peak RSS ${(peakKb / 1024).toFixed(0)} MB`,
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
