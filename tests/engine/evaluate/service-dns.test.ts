import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { summarizeFlow, type Flow } from '../../../src/engine/index.ts';
import { analysisOf, explanationText } from '../helpers.ts';

const fixture = (name: string): string => readFileSync(join(import.meta.dirname, 'fixtures', name), 'utf8');
const clusterYaml = fixture('service-dns-names.yaml');
const noDns = fixture('deny-egress-but-search.yaml');
const withDns = `${noDns}\n---\n${fixture('allow-dns.yaml')}`;

const flow = (to: string, port = 9200, from = 'shop/frontend'): Flow => ({ from, to, port, protocol: 'TCP' });

describe('a flow to a Service by its DNS name looks the name up first', () => {
  test.each([
    'product-search.search.svc.cluster.local',
    'product-search.search.svc.cluster.local.',
    'product-search.search.svc',
    'product-search.search',
    'Product-Search.Search',
  ])('%s resolves to search/product-search and needs a lookup', (name) => {
    const v = analysisOf(clusterYaml, noDns).evaluateFlow(flow(name));
    expect(v.via?.service).toBe('search/product-search');
    expect(v.egress.allowed).toBe(true);
    expect(v.allowed).toBe(false);
    expect(v.outcome).toBe('resolving-timed-out');
    expect(v.dns).toMatchObject({
      name: 'product-search.search.svc.cluster.local',
      resolver: 'kube-system/coredns',
      allowed: false,
    });
  });

  test('with DNS allowed, the same flow connects', () => {
    const v = analysisOf(clusterYaml, withDns).evaluateFlow(flow('product-search.search.svc'));
    expect(v.allowed).toBe(true);
    expect(v.outcome).toBe('connected');
    expect(v.dns?.allowed).toBe(true);
    expect(v.addresses.lookup?.destination?.text).toBe('10.0.0.10');
  });

  test('a bare name is a Service of the source’s own namespace', () => {
    const analysis = analysisOf(clusterYaml, noDns);
    const v = analysis.evaluateFlow(flow('cart', 80));
    expect(v.via).toMatchObject({ service: 'shop/cart', backend: 'shop/cart-7f9c', targetPort: 8080 });
    expect(v.outcome).toBe('resolving-timed-out');
    expect(analysisOf(clusterYaml, withDns).evaluateFlow(flow('cart', 80)).allowed).toBe(true);
    // From another namespace, `product-search` alone is not a name that resolves.
    expect(analysis.evaluateFlow(flow('product-search')).problem?.code).toBe('unknown-endpoint');
  });

  test('the Service’s id stands for its cluster IP: no lookup', () => {
    const analysis = analysisOf(clusterYaml, noDns);
    for (const id of ['search/product-search', 'search/Service/product-search']) {
      const v = analysis.evaluateFlow(flow(id));
      expect(v.dns, id).toBeUndefined();
      expect(v.allowed, id).toBe(true);
    }
  });

  test('the explanation says the name could not be resolved, as curl and wget do', () => {
    const v = analysisOf(clusterYaml, noDns).evaluateFlow(flow('product-search.search.svc'));
    expect(summarizeFlow(v)).toBe(
      'Via service `search/product-search` to `search/search-0` port 9200: Denied (resolving timed out): could not resolve product-search.search.svc.cluster.local: the DNS lookup via `kube-system/coredns` on 53/UDP is blocked: `shop/frontend` is isolated for egress by NetworkPolicy `shop/egress` and no egress rule matches.',
    );
    const text = explanationText(v);
    expect(text).toContain(
      'DNS lookup of product-search.search.svc.cluster.local via `kube-system/coredns`: blocked: could not resolve the name',
    );
    expect(text).toContain('wget "bad address"');
  });

  test('names that are not a Service’s stay unknown', () => {
    const analysis = analysisOf(clusterYaml, withDns);
    for (const name of [
      'product-search.search.svc.cluster',
      'nope.search.svc',
      'product-search.search.pod',
      'a..b',
    ])
      expect(analysis.evaluateFlow(flow(name)).problem?.code, name).toBe('unknown-endpoint');
  });

  test('a kube-dns pod resolves names itself', () => {
    const v = analysisOf(clusterYaml, noDns).evaluateFlow(
      flow('product-search.search', 9200, 'kube-system/coredns'),
    );
    expect(v.dns).toBeUndefined();
    expect(v.allowed).toBe(true);
  });
});
