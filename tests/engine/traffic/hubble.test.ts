import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import {
  MAX_LINE_DIAGNOSTICS,
  observeTraffic,
  readHubble,
  type ObservedConnection,
  type Traffic,
} from '../../../src/engine/index.ts';

const fixture = (name: string): string => readFileSync(join(import.meta.dirname, 'fixtures', name), 'utf8');

/** The traffic of one fixture log, read without a cluster. */
function traffic(name: string): Traffic {
  return observeTraffic([{ file: name, log: readHubble(fixture(name), { file: name }) }]);
}

/** `from → to port/protocol ×count`, the shape tests compare. */
const short = (c: ObservedConnection): string => `${c.from} → ${c.to} ${c.port}/${c.protocol} ×${c.count}`;

describe('Hubble flow logs: which flows are connections', () => {
  const shop = traffic('shop-flows.jsonl');

  test('replies are not connections: an app that only answers opens none', () => {
    // 23 of the 67 lines are replies (is_reply: true); none of them appears as a connection of its own.
    expect(shop.counts.replies).toBe(23);
    expect(shop.connections.some((c) => c.from === 'shop/db')).toBe(false);
    expect(shop.connections.some((c) => c.to.startsWith('world'))).toBe(false);
  });

  test('a connection seen at its source (EGRESS) and its destination (INGRESS) counts once', () => {
    // web → api: 8 connections, each printed twice (egress on web's node, ingress on api's).
    expect(shop.connections.map(short)).toContain('shop/web → shop/api 8080/TCP ×8');
    expect(shop.connections.map(short)).toContain('shop/api → shop/db 5432/TCP ×4');
    // From the outside: seen only at the destination, once each.
    expect(shop.connections.map(short)).toContain('world-203-0-113-50 → shop/web 8080/TCP ×3');
  });

  test('a DROPPED connection is not allowed traffic: it is reported apart, not as a connection', () => {
    expect(shop.dropped.map(short)).toEqual(['shop/debug-shell → shop/db 5432/TCP ×1']);
    expect(shop.connections.some((c) => c.from === 'shop/debug-shell' && c.to === 'shop/db')).toBe(false);
  });

  test('forwarded at the source but dropped at the destination is a drop', () => {
    const edge = traffic('edge-flows.jsonl');
    expect(edge.dropped.map(short)).toEqual(['ops/dashboard → ops/operator 8081/TCP ×1']);
    expect(edge.connections.some((c) => c.from === 'ops/dashboard' && c.to === 'ops/operator')).toBe(false);
  });

  test('AUDIT (policy audit mode) would have been dropped, so it is needed traffic, marked as audited', () => {
    const report = shop.connections.find((c) => c.from === 'shop/nightly-report' && c.to === 'shop/db');
    expect(report).toMatchObject({ count: 1, audited: 1, port: 5432 });
  });

  test('a SYN-ACK without is_reply is a reply; ERROR verdicts and ICMP are counted and left out', () => {
    const edge = traffic('edge-flows.jsonl');
    // Three replies say is_reply: true, the fourth only has SYN and ACK set.
    expect(edge.counts.replies).toBe(4);
    expect(edge.connections.some((c) => c.from === 'ops/operator' && c.to === 'ops/dashboard')).toBe(false);
    expect(edge.counts.otherVerdict).toBe(1);
    expect(edge.counts.icmp).toBe(1);
  });

  test('DNS: L7 queries name the lookups; a flow to kube-dns on 53 without one is a lookup of no known name', () => {
    expect(shop.lookups.get('shop/api')).toEqual(['api.payments.example']);
    expect(shop.lookups.get('shop/nightly-report')).toEqual(['db.shop.svc.cluster.local']);
    expect(shop.lookups.has('shop/web')).toBe(false);
    expect(traffic('edge-flows.jsonl').lookups.get('ops/dashboard')).toEqual([]);
  });

  test('pod names fold into their workload: two api pods are one unit', () => {
    expect(shop.connections.filter((c) => c.to === 'shop/api').map(short)).toEqual([
      'shop/web → shop/api 8080/TCP ×8',
      'host → shop/api 8080/TCP ×2',
      'shop/debug-shell → shop/api 8080/TCP ×1',
    ]);
    expect(shop.cluster.workloads.map((w) => `${w.kind}/${w.name}`).sort()).toEqual([
      'CronJob/nightly-report',
      'Deployment/api',
      'Deployment/coredns',
      'Deployment/web',
      'StatefulSet/db',
    ]);
  });
});

describe('Hubble flow logs: reserved identities', () => {
  const edge = traffic('edge-flows.jsonl');
  const external = (name: string) => edge.cluster.externals.find((e) => e.name === name);

  test('kube-apiserver, host and remote-node become external endpoints of that entity, with the addresses seen', () => {
    expect(external('kube-apiserver')).toMatchObject({ entity: 'kube-apiserver', ips: ['172.18.0.2'] });
    expect(external('host')).toMatchObject({ entity: 'host', ips: ['172.18.0.3'] });
    expect(external('remote-node')).toMatchObject({ entity: 'remote-node', ips: ['172.18.0.4'] });
    expect(edge.connections.map(short)).toEqual(
      expect.arrayContaining([
        'ops/operator → kube-apiserver 6443/TCP ×1',
        'remote-node → ops/dashboard 3000/TCP ×1',
        'host → ops/operator 8081/TCP ×1',
      ]),
    );
  });

  test('world: reserved:world-ipv4 and a bare identity 2 are world; destination_names name it', () => {
    expect(external('example-com')).toMatchObject({
      entity: 'world',
      ips: ['93.184.216.34'],
      dnsNames: ['example.com'],
    });
    expect(external('world-1-1-1-1')).toMatchObject({ entity: 'world', ips: ['1.1.1.1'] });
    // Two connections (two source ports) to the same name and address.
    expect(edge.connections.map(short)).toContain('ops/dashboard → example-com 443/TCP ×2');
  });

  test('identities the model has no endpoint for (health) are left out with one warning, and counted', () => {
    expect(edge.counts.unsupported).toBe(1);
    expect(edge.diagnostics.map((d) => `${d.file}:${d.range?.line}: ${d.message}`)).toEqual([
      'edge-flows.jsonl:7: flows of the reserved identity health are left out: the model has no endpoint for it',
    ]);
  });
});

describe('Hubble flow logs: forms and bad lines', () => {
  test('lines that are no flow get file:line: message and are counted; the other lines are read', () => {
    const log = readHubble(fixture('bad-flows.jsonl'), { file: 'bad-flows.jsonl' });
    expect(log.records).toBe(10);
    expect(log.bad).toBe(7);
    expect(log.flows).toHaveLength(3);
    expect(log.diagnostics.map((d) => `${d.file}:${d.range?.line}: ${d.message}`)).toEqual([
      `bad-flows.jsonl:3: not JSON: Unexpected token 'l', "level=info"... is not valid JSON`,
      'bad-flows.jsonl:5: expected a JSON object with a "flow" field',
      'bad-flows.jsonl:6: expected a "flow" field (the records of hubble observe -o json)',
      'bad-flows.jsonl:7: flow.verdict: unknown verdict "MAYBE"',
      'bad-flows.jsonl:8: flow.l4.TCP.destination_port: must be a port number',
      'bad-flows.jsonl:10: "flow" must be an object',
      'bad-flows.jsonl:11: not JSON: Unterminated string in JSON at position 180 (line 1 column 181)',
    ]);
  });

  test('node status and lost-events records are no traffic and no error', () => {
    const log = readHubble(fixture('edge-flows.jsonl'));
    expect(log.bad).toBe(0);
    expect(log.records).toBe(18);
    expect(log.flows).toHaveLength(16);
  });

  test(`past ${MAX_LINE_DIAGNOSTICS} bad lines the rest are only counted`, () => {
    const good = fixture('shop-flows.jsonl').split('\n')[0] ?? '';
    const text = [good, ...Array.from({ length: 50 }, (_, i) => `{"flow": ${i}}`), good].join('\n');
    const log = readHubble(text, { file: 'many.jsonl' });
    expect(log.bad).toBe(50);
    expect(log.diagnostics).toHaveLength(MAX_LINE_DIAGNOSTICS);
    expect(log.diagnostics[0]?.range?.line).toBe(2);
    expect(log.flows.map((f) => f.line)).toEqual([1, 52]);
  });

  test('a JSON array of flows reads like the same flows one per line, with each element at its line', () => {
    const array = traffic('shop-flows.json');
    const lines = observeTraffic([
      { log: readHubble(fixture('shop-flows.jsonl').split('\n').slice(0, 12).join('\n')) },
    ]);
    expect(array.connections.map(short)).toEqual(lines.connections.map(short));
    expect(array.counts).toEqual(lines.counts);
    // The array is pretty-printed: its elements start on lines 2, 34, ...; the first web → api flow is the 7th.
    const text = fixture('shop-flows.json').split('\n');
    const webToApi = array.connections[1];
    expect(text[(webToApi?.line ?? 0) - 1]).toBe('  {');
    expect(text[webToApi?.line ?? 0]).toContain('"flow"');
  });

  test('a JSON array that is cut off is one error at line 1, not a crash', () => {
    const text = fixture('shop-flows.json').slice(0, 500);
    const log = readHubble(text, { file: 'cut.json' });
    expect(log.flows).toHaveLength(0);
    expect(log.bad).toBe(1);
    expect(log.diagnostics[0]?.message).toMatch(/^not a JSON array of flows: /);
  });

  test('-o jsonpb (lowerCamelCase fields, enums by name or number) reads as -o json does', () => {
    const json = traffic('shop-flows.jsonl');
    const jsonpb = traffic('shop-flows.jsonpb.jsonl');
    expect(jsonpb.connections.map(short)).toEqual(json.connections.map(short));
    expect(jsonpb.dropped.map(short)).toEqual(json.dropped.map(short));
    expect(jsonpb.counts).toEqual(json.counts);
    expect([...jsonpb.lookups]).toEqual([...json.lookups]);
    expect(jsonpb.cluster.externals.map((e) => [e.name, e.dnsNames])).toEqual(
      json.cluster.externals.map((e) => [e.name, e.dnsNames]),
    );
  });

  test('a byte-order mark and CRLF line ends are fine', () => {
    const text = `\ufeff${fixture('shop-flows.jsonl').replace(/\n/g, '\r\n')}`;
    const log = readHubble(text);
    expect(log.bad).toBe(0);
    expect(log.flows).toHaveLength(67);
  });
});
