import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { run, shop, shopBefore, shopWith } from './shop.ts';

const golden = (name: string): string => readFileSync(join(import.meta.dirname, 'fixtures', name), 'utf8');

const diff = (manifests: string, against: string, ...more: string[]) =>
  run(['diff', '--manifests', manifests, '--against', against, ...more]);

interface JsonDiff {
  changed: boolean;
  changes: {
    kind: string;
    src: string;
    dst: string;
    before: string;
    after: string;
    ports: {
      ports: string;
      before: string;
      after: string;
      causes: { step: string; side: string; how: string; policies: { name: string; status: string }[] }[];
    }[];
  }[];
}

describe('netpol diff', { timeout: 120_000 }, () => {
  test('two versions of the shop policies: every changed pair, its ports and why (golden file), exit 3', () => {
    const result = diff(shop, shopBefore);
    expect(result.code, result.stderr).toBe(3);
    expect(result.stdout).toBe(golden('shop-diff.txt'));
    expect(result.stderr).toContain('note: read 4 Namespace');
  });

  test('the same policies: nothing changed, exit 0', () => {
    const result = diff(shop, join(shop, 'policies'));
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe('no connectivity changed\n');
  });

  test('--output json names each cause: the step, the side that decides, the policy and how it changed', () => {
    const result = diff(shop, shopBefore, '--output', 'json');
    expect(result.code).toBe(3);
    const json = JSON.parse(result.stdout) as JsonDiff;
    expect(json.changed).toBe(true);
    const report = json.changes.find((c) => c.src === 'shop/report' && c.dst === 'data/db');
    expect(report).toMatchObject({ kind: 'added', before: 'No Connections', after: 'TCP 5432' });
    expect(report?.ports[0]?.causes.map((c) => [c.step, c.side, c.how, c.policies[0]?.name])).toEqual([
      ['egress', 'now', 'rule', 'report'],
      ['ingress', 'now', 'rule', 'db'],
    ]);
    const outside = json.changes.find((c) => c.dst === '10.0.0.0-10.255.255.255');
    expect(outside).toMatchObject({ kind: 'removed', before: 'TCP 443', after: 'No Connections' });
  });

  test('when nothing decides now, the cause is what decided before (a removed policy)', () => {
    const open = shopWith({});
    rmSync(join(open, 'policies'), { recursive: true });
    const result = diff(open, join(shop, 'policies'), '--output', 'json');
    expect(result.code).toBe(3);
    const json = JSON.parse(result.stdout) as JsonDiff;
    const cart = json.changes.find((c) => c.src === 'shop/web' && c.dst === 'shop/cart');
    expect(cart).toMatchObject({ kind: 'changed', before: 'TCP 7070', after: 'All Connections' });
    const cause = cart?.ports[0]?.causes[0];
    expect(cause).toMatchObject({ step: 'egress', side: 'before', how: 'default-deny' });
    expect(cause?.policies.every((p) => p.status === 'removed')).toBe(true);
    const text = diff(open, join(shop, 'policies')).stdout;
    expect(text).toContain(
      'egress of shop/web: was denied by default: NetworkPolicy shop/default-deny (removed), NetworkPolicy shop/dns (removed), NetworkPolicy shop/web (removed) isolate it, no rule allows it',
    );
  });

  test('--output md is a table with one row per changed port group', () => {
    const md = diff(shop, shopBefore, '--output', 'md').stdout.split('\n');
    expect(md[0]).toBe('| change | src | dst | ports | before | after | why |');
    expect(md).toContain(
      '| added | monitoring/node-exporter | data/db | TCP 9187 | closed | open | ingress of data/db: now allowed by NetworkPolicy data/db (changed) rule ingress[1] |',
    );
  });

  test('--against is required; diff takes the other commands’ inputs', () => {
    expect(run(['diff', '--manifests', shop]).stderr).toContain('missing required option --against');
    const bad = shopWith({
      'policies/broken.yaml':
        'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: x, namespace: shop}\nspec: {podSelector: 3}\n',
    });
    expect(diff(shop, bad).code).toBe(1);
  });
});
