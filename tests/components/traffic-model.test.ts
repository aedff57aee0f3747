import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { analyze, loadCluster, loadPolicies, type Cluster } from '../../src/engine/index.ts';
import {
  checkTraffic,
  generateFromTraffic,
  listConnections,
  readFlowLog,
} from '../../src/components/traffic/traffic-model.ts';
import { ROOT, loadChallenges } from '../content/load.ts';

const read = (path: string): string => readFileSync(join(ROOT, path), 'utf8');
const loaded = loadCluster(read('content/scenarios/bakery.yaml'));
if (!loaded.ok) throw new Error('content/scenarios/bakery.yaml does not load');
const bakery: Cluster = loaded.value;
const dayLog = read('content/traffic/bakery-day.jsonl');
const challenge = (id: string) => {
  const found = loadChallenges().find((c) => c.id === `traffic-to-policy/${id}`);
  if (!found) throw new Error(`no challenge ${id}`);
  return found.challenge;
};

describe('reading a flow log in the panel', () => {
  test("the lesson's log reads whole: fourteen connections, replies left out, nothing unmatched", () => {
    const view = readFlowLog('bakery-day.jsonl', dayLog, bakery);
    expect(view.bad).toBe(0);
    expect(view.warnings).toEqual([]);
    expect(view.summary).toBe(
      'Read 202 flows from bakery-day.jsonl: 14 observed connections; left out: 101 replies.',
    );
    const items = listConnections(view.traffic!);
    expect(items.find((c) => c.text === 'bakery/debug → bakery/db on 5432/TCP')?.count).toBe(1);
    expect(
      items.find((c) => c.text === 'ingress-nginx/ingress-nginx-controller → bakery/web on 8080/TCP')?.count,
    ).toBe(16);
  });

  test('bad lines are counted and listed as `line N: message`; the good lines still count', () => {
    const lines = dayLog.split('\n');
    const text = [lines[0], '{"flow": ', 'not json', lines[2], '[1, 2]'].join('\n');
    const view = readFlowLog('mixed.jsonl', text, bakery);
    expect(view.bad).toBe(3);
    expect(view.lineErrors).toHaveLength(3);
    expect(view.lineErrors.map((e) => e.slice(0, 8))).toEqual(['line 2: ', 'line 3: ', 'line 5: ']);
    expect(view.traffic?.connections.length).toBeGreaterThan(0);
  });

  test('text with no flow gives a message, never a crash', () => {
    expect(readFlowLog('empty', '', bakery).summary).toMatch(/has no flows/);
    const garbage = readFlowLog('garbage', 'a\nb\n', bakery);
    expect(garbage.traffic).toBeNull();
    expect(garbage.summary).toBe('No flow could be read from garbage: 2 bad lines.');
    expect(garbage.lineErrors).toHaveLength(2);
  });
});

describe('checking and generating', () => {
  const traffic = readFlowLog('bakery-day.jsonl', dayLog, bakery).traffic!;

  test('with no policies every observed connection is allowed', () => {
    const check = checkTraffic(traffic, bakery, analyze(bakery, []), '');
    expect(check.connections).toHaveLength(14);
    expect(check.denied).toEqual([]);
  });

  test("after the last challenge's solution, only the debug pod's two connections are denied, each explained", () => {
    const text = challenge('night-job').solution;
    const check = checkTraffic(traffic, bakery, null, text);
    expect(check.denied.map((c) => c.text).sort()).toEqual([
      'bakery/debug → bakery/db on 5432/TCP',
      'bakery/debug → kube-system/coredns on 53/UDP',
    ]);
    const why = check.denied.find((c) => c.text.includes('bakery/db'))!.explanation;
    expect(why.allowed).toBe(false);
    expect(why.steps.map((s) => s.title)).toContain('Leaving bakery/debug (egress)');
  });

  test("the sandbox's analysis is reused when the traffic names its cluster, else the text is analysed", () => {
    const text = challenge('debug-connection').solution;
    const handle = analyze(traffic.cluster, loadPolicies(text).policies);
    const reused = checkTraffic(traffic, traffic.cluster, handle, 'not read');
    const fresh = checkTraffic(traffic, bakery, analyze(bakery, []), text);
    expect(reused.denied.map((c) => c.key)).toEqual(['bakery/debug|bakery/db|5432|TCP']);
    expect(fresh.denied.map((c) => c.key)).toEqual(reused.denied.map((c) => c.key));
  });

  test('generated policies allow every observed connection, and fail the lesson challenges as they are', () => {
    const generated = generateFromTraffic(traffic, 'networkpolicy', 'bakery-day.jsonl');
    if (!generated.ok) throw new Error(generated.message);
    expect(generated.summary).toMatch(
      /^Generated 5 policies from bakery-day\.jsonl: all 14 observed connections allowed/,
    );
    expect(checkTraffic(traffic, bakery, null, generated.text).denied).toEqual([]);
  });

  test('Cilium format generates too', () => {
    const generated = generateFromTraffic(traffic, 'cilium', 'bakery-day.jsonl');
    expect(generated.ok && generated.text).toMatch(/kind: CiliumNetworkPolicy/);
  });
});
