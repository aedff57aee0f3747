import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { run, shop, shopWith, shopWithCanary } from './shop.ts';

const golden = (name: string): string => readFileSync(join(import.meta.dirname, 'fixtures', name), 'utf8');

const list = (manifests: string, ...more: string[]) => run(['list', '--manifests', manifests, ...more]);

/** The lines of a text list, as `src => dst : conn`. */
const lines = (stdout: string): string[] => stdout.trim().split('\n');

describe('netpol list', { timeout: 120_000 }, () => {
  test('the shop repository: one line per unit pair with its ports (golden file)', () => {
    const result = list(shop);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe(golden('shop-list.txt'));
  });

  test('what was read, and what stands for the outside, are note: lines on stderr', () => {
    const { stderr } = list(shop);
    expect(stderr).toContain('note: read 4 Namespace, 3 Deployment, 3 Service, 1 CronJob');
    expect(stderr).toContain('skipped kinds the engine does not use: 1 ConfigMap');
    expect(stderr).toContain(
      'note: no ExternalEndpoints declared: the outside of the cluster is listed as the address ranges the policies tell apart',
    );
  });

  test('All Connections only where every port of every protocol is open', () => {
    const out = lines(list(shop).stdout);
    // No policy selects either end.
    expect(out).toContain('monitoring/node-exporter => kube-system/coredns : All Connections');
    // A policy opening 1-65535 of TCP alone leaves UDP and SCTP closed: not All Connections.
    const tcpOnly = shopWith({
      'policies/coredns.yaml':
        'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: coredns, namespace: kube-system}\nspec:\n  podSelector: {}\n  ingress: [{ports: [{port: 1, endPort: 65535}]}]\n',
    });
    expect(lines(list(tcpOnly).stdout)).toContain(
      'monitoring/node-exporter => kube-system/coredns : TCP 1-65535',
    );
    // Every port of every protocol, written as ranges: the same as no restriction.
    const everyPort = shopWith({
      'policies/coredns.yaml':
        'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: coredns, namespace: kube-system}\nspec:\n  podSelector: {}\n  ingress: [{ports: [{port: 1, endPort: 9999}, {port: 10000, endPort: 65535}, {port: 1, endPort: 65535, protocol: UDP}, {port: 1, endPort: 65535, protocol: SCTP}]}]\n',
    });
    expect(lines(list(everyPort).stdout)).toContain(
      'monitoring/node-exporter => kube-system/coredns : All Connections',
    );
  });

  test('ports between and around the ones policies name are listed as ranges', () => {
    const gap = shopWith({
      'policies/coredns.yaml':
        'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: coredns, namespace: kube-system}\nspec:\n  podSelector: {}\n  ingress: [{ports: [{port: 1, endPort: 52}, {port: 54, endPort: 65535}, {port: dns, protocol: UDP}]}]\n',
    });
    expect(lines(list(gap).stdout)).toContain(
      'monitoring/node-exporter => kube-system/coredns : TCP 1-52,54-65535,UDP 53',
    );
  });

  test('ports only some pods of a workload may open are shown as such, not hidden', () => {
    const out = lines(list(shopWithCanary()).stdout);
    expect(out).toContain('shop/api => data/db : some pods only: TCP 5432');
  });

  test('declared ExternalEndpoints are the outside', () => {
    const declared = shopWith({
      'outside.yaml':
        'apiVersion: netpol-lab/v1\nkind: ExternalEndpoint\nmetadata: {name: payments}\nspec: {ips: [203.0.113.7]}\n---\napiVersion: netpol-lab/v1\nkind: ExternalEndpoint\nmetadata: {name: office}\nspec: {ips: [10.20.0.1]}\n',
    });
    const result = list(declared);
    expect(result.stderr).toContain('note: the outside of the cluster is its ExternalEndpoints');
    const out = lines(result.stdout);
    expect(out).toContain('shop/report => payments : TCP 443');
    expect(out.some((l) => l.startsWith('shop/report => office'))).toBe(false);
    expect(out.some((l) => l.includes('0.0.0.0'))).toBe(false);
  });

  test('--output json, csv, md and dot carry the same pairs', () => {
    const text = lines(list(shop).stdout);
    const json = JSON.parse(list(shop, '--output', 'json').stdout) as {
      outside: string;
      connections: { src: string; dst: string; conn: string; source: { kind: string } }[];
    };
    expect(json.outside).toBe('ranges');
    expect(json.connections.map((c) => `${c.src} => ${c.dst} : ${c.conn}`)).toEqual(text);
    expect(json.connections.find((c) => c.src === 'data/db')?.source.kind).toBe('StatefulSet');
    const csv = lines(list(shop, '--output', 'csv').stdout);
    expect(csv[0]).toBe('src,dst,conn,some_pods_only');
    expect(csv).toContain('shop/cart,kube-system/coredns,"TCP 53,UDP 53",');
    expect(csv).toHaveLength(text.length + 1);
    const md = lines(list(shop, '--output', 'md').stdout);
    expect(md.slice(0, 2)).toEqual(['| src | dst | conn |', '|-----|-----|------|']);
    expect(md).toContain('| shop/web | shop/cart | TCP 7070 |');
    const dot = list(shop, '--output', 'dot').stdout;
    expect(dot).toMatch(/^digraph connectivity \{\n/);
    expect(dot).toContain('"shop/web" -> "shop/cart" [label="TCP 7070"]');
    expect(dot.match(/ -> /g)).toHaveLength(text.length);
  });

  test('an unknown --output is a usage error', () => {
    const result = list(shop, '--output', 'yaml');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--output must be text, json, csv, md or dot, got "yaml"');
  });
});
