import { describe, expect, test } from 'vitest';
import { selectorMissText } from '../../../src/engine/explain/words.ts';
import { cidrContains, cidrWithin, parseCidr, parseIp } from '../../../src/engine/match/ip.ts';
import { compileSelector, selectorMatches, selectorMiss } from '../../../src/engine/match/label-selector.ts';

describe('label selectors', () => {
  const labels = { app: 'web', tier: 'front' };
  test.each([
    [{}, true],
    [{ matchLabels: { app: 'web' } }, true],
    [{ matchLabels: { app: 'db' } }, false],
    [{ matchExpressions: [{ key: 'tier', operator: 'In', values: ['front', 'back'] }] }, true],
    [{ matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['front'] }] }, false],
    [{ matchExpressions: [{ key: 'team', operator: 'NotIn', values: ['a'] }] }, true],
    [{ matchExpressions: [{ key: 'app', operator: 'Exists' }] }, true],
    [{ matchExpressions: [{ key: 'team', operator: 'Exists' }] }, false],
    [{ matchExpressions: [{ key: 'team', operator: 'DoesNotExist' }] }, true],
    [{ matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'DoesNotExist' }] }, false],
  ] as const)('%j → %s', (spec, expected) => {
    expect(selectorMatches(compileSelector(spec), labels)).toBe(expected);
  });

  test('misses name the failing requirement and the value the labels have, worded by explain', () => {
    const words = (spec: Parameters<typeof compileSelector>[0]): string | undefined => {
      const miss = selectorMiss(compileSelector(spec), labels);
      return miss && selectorMissText(miss);
    };
    expect(selectorMiss(compileSelector({ matchLabels: { app: 'db' } }), labels)).toEqual({
      key: 'app',
      operator: 'In',
      values: ['db'],
      actual: 'web',
    });
    expect(words({ matchLabels: { team: 'search' } })).toBe('has no label `team=search`');
    expect(words({ matchLabels: { app: 'db' } })).toBe('has `app=web`, not `app=db`');
    expect(words({ matchExpressions: [{ key: 'app', operator: 'DoesNotExist' }] })).toBe(
      'has label `app`, which `!app` excludes',
    );
    expect(words({ matchLabels: { app: 'web' } })).toBeUndefined();
  });
});

describe('IP addresses and CIDRs', () => {
  test('IPv4 and IPv6 parse; malformed input does not', () => {
    expect(parseIp('10.0.0.1')?.family).toBe(4);
    expect(parseIp('2001:db8::1')?.family).toBe(6);
    expect(parseIp('::ffff:10.0.0.1')?.family).toBe(6);
    for (const bad of ['10.0.0', '256.0.0.1', '01.0.0.1', '2001:db8:::1', 'x'])
      expect(parseIp(bad)).toBeUndefined();
    for (const bad of ['10.0.0.0', '10.0.0.0/33', '10.0.0.0/-1', '::/129'])
      expect(parseCidr(bad)).toBeUndefined();
  });

  test('containment and strict subsets', () => {
    const net = parseCidr('10.0.0.0/8');
    const ip = parseIp('10.200.3.4');
    const v6 = parseCidr('2001:db8::/32');
    if (!net || !ip || !v6) throw new Error('parse');
    expect(cidrContains(net, ip)).toBe(true);
    expect(cidrContains(v6, ip)).toBe(false);
    expect(cidrContains(v6, parseIp('2001:db8:ffff::1') ?? ip)).toBe(true);
    expect(cidrWithin(parseCidr('10.1.0.0/16') ?? net, net)).toBe(true);
    expect(cidrWithin(parseCidr('11.0.0.0/16') ?? net, net)).toBe(false);
    expect(cidrContains(parseCidr('0.0.0.0/0') ?? net, parseIp('255.255.255.255') ?? ip)).toBe(true);
  });
});
