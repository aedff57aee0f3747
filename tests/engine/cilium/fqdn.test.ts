import { describe, expect, test } from 'vitest';
import {
  fqdnNameProblem,
  fqdnPatternProblem,
  matchesFqdnPattern,
  matchesFqdnSelector,
} from '../../../src/engine/cilium/fqdn.ts';

// https://docs.cilium.io/en/stable/security/policy/language/#dns-based (matchName / matchPattern)
describe('matchPattern', () => {
  test.each([
    ['*', 'example.com', true],
    ['*', 'a.b.c.example.com', true],
    ['*.', 'example.com', true],
    ['*.example.com', 'api.example.com', true],
    ['*.example.com', 'API.Example.COM.', true],
    ['*.example.com', 'a.b.example.com', false],
    ['*.example.com', 'example.com', false],
    ['*example.com', 'example.com', true],
    ['*example.com', 'myexample.com', true],
    ['*example.com', 'a.example.com', false],
    ['api-*.example.com', 'api-v2.example.com', true],
    ['api-*.example.com', 'api-.example.com', true],
    ['api-*.example.com', 'api.example.com', false],
    ['sub*.cilium.io', 'subdomain.cilium.io', true],
    ['sub*.cilium.io', 'www.cilium.io', false],
    ['**.example.com', 'a.example.com', true],
    ['**.example.com', 'a.b.c.example.com', true],
    ['**.example.com', 'example.com', false],
    ['***.example.com', 'a.b.example.com', true],
    ['example.com', 'example.com.', true],
    ['example.com', 'www.example.com', false],
    ['*.example.com', 'a_b.example.com', true],
  ])('%s vs %s → %s', (pattern, name, expected) => {
    expect(matchesFqdnPattern(pattern, name)).toBe(expected);
  });
});

describe('matchName', () => {
  test.each([
    ['api.github.com', 'api.github.com', true],
    ['API.github.com.', 'api.github.com', true],
    ['api.github.com', 'github.com', false],
    ['*.github.com', 'api.github.com', false],
  ])('%s vs %s → %s', (name, candidate, expected) => {
    expect(matchesFqdnSelector({ kind: 'name', name }, candidate)).toBe(expected);
  });
});

describe('syntax', () => {
  test('bad characters are rejected', () => {
    expect(fqdnPatternProblem('*.exa mple.com')).toMatch(/only/);
    expect(fqdnPatternProblem('[a-z].example.com')).toMatch(/only/);
    expect(fqdnNameProblem('*.example.com')).toMatch(/only/);
    expect(fqdnPatternProblem('**.example.com')).toBeUndefined();
    expect(fqdnNameProblem('api.example.com')).toBeUndefined();
    expect(fqdnNameProblem(`${'a'.repeat(256)}`)).toMatch(/255/);
  });
});
