/**
 * The oracle's own building blocks, checked against facts from the documentation: address blocks
 * (IPv4 and IPv6), label selectors (Kubernetes and Cilium), DNS name patterns, the address pair of
 * decision 0013, and the YAML writer the generators use.
 */
import fc from 'fast-check';
import { parseAllDocuments } from 'yaml';
import { describe, expect, test } from 'vitest';
import { addressPair, type Endpoint } from './endpoints.ts';
import { clusterShape, clusterYaml } from './generate.ts';
import { policiesYaml, policyObjects } from './generate-policies.ts';
import { formatAddress, inRange, parseAddress, parseBlock } from './ip.ts';
import { domainNameMatches, fqdnMatches } from './names.ts';
import { ciliumSelects, selects } from './selector.ts';
import { yamlDocuments } from './yaml-text.ts';

function address(text: string) {
  const parsed = parseAddress(text);
  if (!parsed) throw new Error(`not an address: ${text}`);
  return parsed;
}

describe('address blocks', () => {
  test.each([
    ['10.0.0.0', '10.0.0.0/24', true],
    ['10.0.0.255', '10.0.0.0/24', true],
    ['10.0.1.0', '10.0.0.0/24', false],
    ['10.0.0.127', '10.0.0.0/25', true],
    ['10.0.0.128', '10.0.0.0/25', false],
    ['8.8.8.8', '0.0.0.0/0', true],
    ['192.0.2.20', '192.0.2.20', true],
    ['192.0.2.21', '192.0.2.20', false],
    ['fd00::1', 'fd00::/8', true],
    ['fd00:0:0:0:0:0:0:100', 'fd00::100/120', true],
    ['fd00::ff', 'fd00::100/120', false],
    ['2001:DB8::20', '2001:db8::20/128', true],
    ['::ffff:10.0.0.1', '::ffff:0:0/96', true],
    ['10.0.0.1', '::/0', false],
    ['fd00::1', '0.0.0.0/0', false],
  ])('%s in %s: %s', (a, cidr, want) => {
    expect(inRange(address(a), cidr)).toBe(want);
  });

  test('except punches holes, and a block with host bits set still means its network', () => {
    expect(inRange(address('198.51.100.20'), '198.51.100.0/24', ['198.51.100.20/32'])).toBe(false);
    expect(inRange(address('198.51.100.21'), '198.51.100.0/24', ['198.51.100.20/32'])).toBe(true);
    expect(inRange(address('10.0.0.9'), '10.0.0.5/24')).toBe(true);
  });

  test.each(['10.0.0', '10.0.0.256', '1::2::3', 'fd00::/129', '10.0.0.0/33', 'x', '1:2:3:4:5:6:7:8:9'])(
    'rejects %s',
    (text) => {
      expect(text.includes('/') ? parseBlock(text) : parseAddress(text)).toBeUndefined();
    },
  );

  test('prints what it parses', () => {
    expect(formatAddress(address('fd00::1'))).toBe('fd00:0:0:0:0:0:0:1');
    expect(formatAddress(address('10.1.2.3'))).toBe('10.1.2.3');
  });
});

describe('label selectors', () => {
  const labels = { app: 'web', tier: 'front' };
  test.each([
    [{}, true],
    [{ matchLabels: { app: 'web' } }, true],
    [{ matchLabels: { app: 'db' } }, false],
    [{ matchExpressions: [{ key: 'app', operator: 'In', values: ['db', 'web'] }] }, true],
    [{ matchExpressions: [{ key: 'app', operator: 'NotIn', values: ['web'] }] }, false],
    [{ matchExpressions: [{ key: 'env', operator: 'NotIn', values: ['prod'] }] }, true],
    [{ matchExpressions: [{ key: 'tier', operator: 'Exists' }] }, true],
    [{ matchExpressions: [{ key: 'tier', operator: 'DoesNotExist' }] }, false],
  ])('%j selects {app: web, tier: front}: %s', (selector, want) => {
    expect(selects(selector, labels)).toBe(want);
  });

  test('Cilium keys without a source match any source; with one, only that source', () => {
    const ciliumLabels = [
      { source: 'k8s', key: 'app', value: 'web' },
      { source: 'reserved', key: 'world', value: '' },
    ];
    expect(ciliumSelects({ matchLabels: { app: 'web' } }, ciliumLabels)).toBe(true);
    expect(ciliumSelects({ matchLabels: { 'k8s:app': 'web' } }, ciliumLabels)).toBe(true);
    expect(ciliumSelects({ matchLabels: { 'reserved:app': 'web' } }, ciliumLabels)).toBe(false);
    expect(ciliumSelects({ matchLabels: { 'reserved:world': '' } }, ciliumLabels)).toBe(true);
  });
});

describe('DNS name patterns', () => {
  test.each([
    [{ matchName: 'api.example.com' }, 'API.example.com.', true],
    [{ matchName: 'api.example.com' }, 'www.api.example.com', false],
    [{ matchPattern: '*.example.com' }, 'api.example.com', true],
    [{ matchPattern: '*.example.com' }, 'deep.api.example.com', false],
    [{ matchPattern: '*.example.com' }, 'example.com', false],
    [{ matchPattern: '**.example.com' }, 'deep.api.example.com', true],
    [{ matchPattern: '**.example.com' }, 'example.com', false],
    [{ matchPattern: 'api.*.com' }, 'api.example.com', true],
    [{ matchPattern: '*' }, 'anything.test', true],
  ])('Cilium %j matches %s: %s', (selector, name, want) => {
    expect(fqdnMatches(selector, name)).toBe(want);
  });

  test.each([
    ['kubernetes.io', 'kubernetes.io', true],
    ['kubernetes.io', 'www.kubernetes.io', false],
    ['*.kubernetes.io', 'latest.blog.kubernetes.io', true],
    ['*.kubernetes.io', 'kubernetes.io', false],
    ['*.kubernetes.io', 'my-kubernetes.io', false],
  ])('domainNames %s matches %s: %s', (entry, name, want) => {
    expect(domainNameMatches(entry, name)).toBe(want);
  });
});

describe('the address pair of a connection (decision 0013)', () => {
  const external = (ips: string[]): Endpoint => ({
    kind: 'external',
    id: 'x',
    external: { name: 'x', ips, dnsNames: [], entity: 'world' },
  });
  const pair = (from: string[], to: string[]) => {
    const p = addressPair(external(from), external(to));
    return [p.source && formatAddress(p.source), p.destination && formatAddress(p.destination)];
  };

  test('the destination first address, and the source first address of that family', () => {
    expect(pair(['fd00::1', '10.0.0.1'], ['10.0.0.2', 'fd00::2'])).toEqual(['10.0.0.1', '10.0.0.2']);
    expect(pair(['10.0.0.1', 'fd00::1'], ['fd00::2'])).toEqual(['fd00:0:0:0:0:0:0:1', 'fd00:0:0:0:0:0:0:2']);
  });

  test('the source first address when it has none of that family or the destination has none', () => {
    expect(pair(['10.0.0.1'], ['fd00::2'])).toEqual(['10.0.0.1', 'fd00:0:0:0:0:0:0:2']);
    expect(pair(['fd00::1', '10.0.0.1'], [])).toEqual(['fd00:0:0:0:0:0:0:1', undefined]);
    expect(pair([], ['10.0.0.2'])).toEqual([undefined, '10.0.0.2']);
  });
});

describe('the generators’ YAML', () => {
  test('reads back as the objects written', () => {
    fc.assert(
      fc.property(clusterShape, policyObjects, (shape, policies) => {
        const back = parseAllDocuments(policiesYaml(policies)).map((d) => d.toJS() as unknown);
        expect(back).toEqual(JSON.parse(JSON.stringify(policies)));
        expect(parseAllDocuments(clusterYaml(shape)).every((d) => d.errors.length === 0)).toBe(true);
      }),
      { numRuns: 200 },
    );
  }, 60_000);

  test('quotes what would otherwise read as another type', () => {
    expect(yamlDocuments([{ a: '0', b: 'true', c: '10.0.0.1', 'k8s:app': 'web', d: [], e: {} }])).toBe(
      'a: "0"\nb: "true"\nc: "10.0.0.1"\n"k8s:app": web\nd: []\ne: {}\n',
    );
  });
});
