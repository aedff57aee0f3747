import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  analyze,
  generatePolicies,
  loadCluster,
  loadPolicies,
  observeTraffic,
  readHubble,
  verifyTraffic,
  type Cluster,
  type Traffic,
} from '../../../src/engine/index.ts';
import { run } from '../../cli/shop.ts';
import { clusterYaml, hubbleLog, scenario, type Scenario } from './traffic-arbitraries.ts';

const runs = { numRuns: 60 };
const KINDS = ['networkpolicy', 'cilium'] as const;

function clusterOf(scn: Scenario, resolver = true): Cluster {
  const loaded = loadCluster(clusterYaml(scn, { resolver }));
  if (!loaded.ok) throw new Error(loaded.diagnostics.map((d) => d.message).join('\n'));
  return loaded.value;
}

function observe(log: string, cluster: Cluster | undefined): Traffic {
  return observeTraffic([{ file: 'flows.jsonl', log: readHubble(log, { file: 'flows.jsonl' }) }], cluster);
}

const key = (c: { from: string; to: string; port: number; protocol: string }): string =>
  `${c.from}|${c.to}|${c.port}|${c.protocol}`;

describe('generate and verify over random apps and their Hubble logs', { timeout: 120_000 }, () => {
  test('generated policies allow every observed connection (both kinds, with and without a cluster)', () => {
    fc.assert(
      fc.property(
        scenario,
        fc.constantFrom('given', 'no resolver', 'none'),
        fc.constantFrom(...KINDS),
        (scn, given, kind) => {
          const cluster = given === 'none' ? undefined : clusterOf(scn, given === 'given');
          const traffic = observe(hubbleLog(scn), cluster);
          const generated = generatePolicies(traffic, traffic.cluster, { kind });
          expect(generated.proof.denied.map((d) => d.explanation.headline)).toEqual([]);
          expect(generated.proof.allObservedAllowed).toBe(true);
          // The text as printed, loaded again without errors, allows them too.
          const loaded = loadPolicies(generated.text);
          expect(loaded.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
          const verified = verifyTraffic(traffic, traffic.cluster, loaded.policies);
          expect(verified.denied).toEqual([]);
          expect(verified.connections).toHaveLength(traffic.connections.length);
        },
      ),
      runs,
    );
  });

  test('adding observations never removes an allowed connection', () => {
    fc.assert(
      fc.property(scenario, fc.integer({ min: 0, max: 13 }), fc.constantFrom(...KINDS), (scn, cut, kind) => {
        // The first events, then all of them (a later capture of the same app; drops left out of the
        // addition, since a drop of a connection already seen is meant to remove it, decision 0120).
        const cluster = clusterOf(scn);
        const firstEvents = scn.events.slice(0, cut);
        const added = scn.events.slice(cut).filter((e) => e.verdict !== 'DROPPED');
        const before = observe(hubbleLog(scn, firstEvents), cluster);
        const after = observe(
          `${hubbleLog(scn, firstEvents)}\n${hubbleLog(scn, added, firstEvents.length)}`,
          cluster,
        );
        // Every connection seen before is still seen, as often or more.
        const counts = new Map(after.connections.map((c) => [key(c), c.count]));
        for (const c of before.connections) expect(counts.get(key(c)) ?? 0).toBeGreaterThanOrEqual(c.count);
        // Whatever the policies generated before allowed between the workloads they isolate (on the
        // ports seen), the policies generated after allow too.
        const was = generatePolicies(before, before.cluster, { kind });
        const now = generatePolicies(after, after.cluster, { kind });
        const wasHandle = analyze(after.cluster, loadPolicies(was.text).policies);
        const nowHandle = analyze(after.cluster, loadPolicies(now.text).policies);
        const subjects = [...new Set(was.policies.map((p) => p.subject))];
        const ports = was.proof.ports;
        for (const from of subjects)
          for (const to of subjects)
            for (const { port, protocol } of ports) {
              const flow = { from, to, port, protocol };
              if (wasHandle.evaluateFlow(flow).allowed)
                expect(nowHandle.evaluateFlow(flow).allowed, `${from} → ${to} ${port}/${protocol}`).toBe(
                  true,
                );
            }
        for (const c of before.connections)
          expect(
            nowHandle.evaluateFlow(c, c.pods).allowed,
            `${c.from} → ${c.to} ${c.port}/${c.protocol}`,
          ).toBe(true);
      }),
      runs,
    );
  });

  test(
    'netpol verify of the generated policies against their own flows exits 0',
    { timeout: 120_000 },
    () => {
      const dir = mkdtempSync(join(tmpdir(), 'netpol-traffic-prop-'));
      fc.assert(
        fc.property(scenario, fc.boolean(), fc.constantFrom(...KINDS), (scn, withCluster, kind) => {
          const flows = join(dir, 'flows.jsonl');
          const cluster = join(dir, 'cluster.yaml');
          writeFileSync(flows, hubbleLog(scn));
          writeFileSync(cluster, clusterYaml(scn));
          const clusterArgs = withCluster ? ['--cluster', cluster] : [];
          const generated = run(['generate', '--hubble', flows, ...clusterArgs, '--kind', kind]);
          const noFlows = generated.code === 1 && generated.stderr.includes('holds no Hubble flows');
          if (noFlows) return;
          expect(generated.code, generated.stderr).toBe(0);
          const policies = join(dir, 'policies.yaml');
          writeFileSync(policies, generated.stdout);
          const verified = run(['verify', '--hubble', flows, ...clusterArgs, '--policies', policies]);
          expect(verified.code, verified.stdout).toBe(0);
        }),
        { numRuns: 25 },
      );
    },
  );
});
