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
    expect(entityIncludes(entity, endpoint)).toBe(expected);
  });

  test('an external endpoint without an entity is world', () => {
    expect(entitiesOf(external('x'))).toContain('world');
  });

  test('entity names', () => {
    expect(isCiliumEntity('kube-apiserver')).toBe(true);
    expect(isCiliumEntity('World')).toBe(false);
  });
});
