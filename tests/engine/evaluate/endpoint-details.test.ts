import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { describeEndpoint, endpointSummary, loadCluster, type Cluster } from '../../../src/engine/index.ts';

function shop(): Cluster {
  const result = loadCluster(readFileSync('content/scenarios/shop.yaml', 'utf8'));
  if (!result.ok) throw new Error('shop scenario does not load');
  return result.value;
}

test('a pod shows its namespace with the namespace labels, its labels, named container ports and IPs', () => {
  const details = describeEndpoint(shop(), 'data/product-db');
  expect(details).toMatchObject({
    kind: 'pod',
    name: 'product-db',
    namespace: { name: 'data', labels: { 'kubernetes.io/metadata.name': 'data' } },
    labels: { 'app.kubernetes.io/name': 'product-db', tier: 'db' },
    ports: [
      { name: 'postgres', containerPort: 5432, protocol: 'TCP' },
      { name: 'metrics', containerPort: 9187, protocol: 'TCP' },
    ],
    ips: ['10.244.3.30'],
    dnsNames: [],
  });
});

test("a pod behind a Service answers to the Service's DNS name", () => {
  expect(describeEndpoint(shop(), 'kube-system/coredns')?.dnsNames).toEqual([
    'kube-dns.kube-system.svc.cluster.local',
  ]);
});

test('an external endpoint shows its addresses and DNS names; an unknown id has no details', () => {
  const details = describeEndpoint(shop(), 'payment-api');
  expect(details).toMatchObject({
    kind: 'external',
    ips: ['198.51.100.20', '198.51.100.21'],
    dnsNames: ['api.payments.example'],
  });
  expect(details && endpointSummary(details)).toBe(
    'payment-api\nIPs: 198.51.100.20, 198.51.100.21\nDNS: api.payments.example',
  );
  expect(describeEndpoint(shop(), 'nowhere/nothing')).toBeNull();
});

test('the summary names the named ports with their numbers', () => {
  const details = describeEndpoint(shop(), 'data/product-db');
  expect(details && endpointSummary(details)).toContain('ports: postgres 5432/TCP, metrics 9187/TCP');
});
