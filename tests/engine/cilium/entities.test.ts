import { describe, expect, test } from 'vitest';
import { entitiesOf, entityIncludes, isCiliumEntity } from '../../../src/engine/cilium/entities.ts';
import { external, pod } from './helpers.ts';

// https://docs.cilium.io/en/stable/security/policy/language/#entities-based
describe('entity membership', () => {
  const web = pod('default/web');
  test.each([
    ['all', web, true],
    ['cluster', web, true],
    ['world', web, false],
    ['host', web, false],
    ['world', external('payments'), true],
    ['world-ipv4', external('payments'), true],
    ['world-ipv6', external('payments'), false],
    ['world-ipv6', external('v6', { ips: ['2001:db8::1'] }), true],
    ['cluster', external('payments'), false],
    ['all', external('payments'), true],
    ['host', external('node', { entity: 'host' }), true],
    ['cluster', external('node', { entity: 'host' }), true],
    ['world', external('node', { entity: 'host' }), false],
    ['remote-node', external('n2', { entity: 'remote-node' }), true],
    ['host', external('n2', { entity: 'remote-node' }), false],
    ['kube-apiserver', external('api', { entity: 'kube-apiserver' }), true],
    ['cluster', external('api', { entity: 'kube-apiserver' }), true],
    ['world', external('api', { entity: 'kube-apiserver' }), false],
    ['none', web, false],
    ['health', web, false],
  ] as const)('%s includes %s: %s', (entity, endpoint, expected) => {
    const family = endpoint.kind === 'pod' ? 4 : endpoint.external.ips[0]?.includes(':') ? 6 : 4;
    expect(entityIncludes(entity, endpoint, family)).toBe(expected);
  });

  test('world-ipv4 and world-ipv6 follow the address the connection uses (decision 0013)', () => {
    const dual = external('dual', { ips: ['203.0.113.5', '2001:db8::5'] });
    expect(entityIncludes('world-ipv4', dual, 4)).toBe(true);
    expect(entityIncludes('world-ipv6', dual, 4)).toBe(false);
    expect(entityIncludes('world-ipv6', dual, 6)).toBe(true);
    expect(entityIncludes('world-ipv4', dual, 6)).toBe(false);
  });

  test('an external endpoint without an entity is world', () => {
    expect(entitiesOf(external('x'), 4)).toContain('world');
  });

  test('entity names', () => {
    expect(isCiliumEntity('kube-apiserver')).toBe(true);
    expect(isCiliumEntity('World')).toBe(false);
  });
});
