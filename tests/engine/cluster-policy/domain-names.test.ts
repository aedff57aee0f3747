import { describe, expect, test } from 'vitest';
import { isValidDomainName, matchesDomainName } from '../../../src/engine/cluster-policy/domain-names.ts';

// https://network-policy-api.sigs.k8s.io/reference/spec/#policy.networking.k8s.io/v1alpha2.DomainName
describe('domainNames', () => {
  test.each([
    ['kubernetes.io', 'kubernetes.io', true],
    ['kubernetes.io', 'www.kubernetes.io', false],
    ['kubernetes.io', 'my-kubernetes.io', false],
    ['blog.kubernetes.io', 'www.kubernetes.io', false],
    ['*.kubernetes.io', 'www.kubernetes.io', true],
    ['*.kubernetes.io', 'latest.blog.kubernetes.io', true],
    ['*.kubernetes.io', 'kubernetes.io', false],
    ['*.kubernetes.io', 'wikipedia.org', false],
    ['*.kubernetes.io', 'notkubernetes.io', false],
    ['Kubernetes.IO.', 'kubernetes.io', true],
  ])('%s selects %s: %s', (entry, name, expected) => {
    expect(matchesDomainName(entry, name)).toBe(expected);
  });

  test.each([
    ['kubernetes.io', true],
    ['*.kubernetes.io', true],
    ['*kubernetes.io', false],
    ['kubernetes.*', false],
    ['localhost', false],
    ['a_b.example.com', true],
  ])('%s is valid: %s', (entry, expected) => {
    expect(isValidDomainName(entry)).toBe(expected);
  });
});
