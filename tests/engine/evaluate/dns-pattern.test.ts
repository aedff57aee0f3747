import { describe, expect, test } from 'vitest';
import { dnsPatternMatches } from '../../../src/engine/evaluate/dns.ts';
import { matchesFqdnPattern } from '../../../src/engine/cilium/fqdn.ts';

// The DNS step reads `toPorts[].rules.dns` patterns with the same matcher as `toFQDNs`.
// https://docs.cilium.io/en/stable/security/policy/language/#dns-based
describe('DNS rule patterns', () => {
  test.each([
    ['*', 'api.payments.example', true],
    ['*.', 'api.payments.example', true],
    ['**.payments.example', 'api.payments.example', true],
    ['**.payments.example', 'a.b.payments.example', true],
    ['**.payments.example', 'payments.example', false],
    ['***.payments.example', 'a.b.payments.example', true],
    ['*.payments.example', 'a.b.payments.example', false],
    ['api.payments.example.', 'API.payments.example', true],
    ['api-*.example.com', 'api-v2.example.com', true],
  ])('%s vs %s → %s', (pattern, name, expected) => {
    expect(dnsPatternMatches(pattern, name)).toBe(expected);
    expect(dnsPatternMatches(pattern, name)).toBe(matchesFqdnPattern(pattern, name));
  });
});
