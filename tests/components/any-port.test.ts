import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, test } from 'vitest';
import {
  anyPortVerdicts,
  egressGrant,
  evaluatePolicies,
  loadClusterModel,
} from '../../src/components/sandbox/model.ts';

const shop = loadClusterModel(readFileSync('content/scenarios/shop.yaml', 'utf8'), null);
const blastRadius = (
  parse(readFileSync('content/challenges/capstone/blast-radius-search.yaml', 'utf8')) as { solution: string }
).solution;
const frontendToPaymentApi = readFileSync(
  'tests/components/fixtures/frontend-egress-to-payment-api.yaml',
  'utf8',
);

/** The destinations `from` may reach on some port, by the all-ports view. */
function reachable(policies: string, from: string): string[] {
  const model = anyPortVerdicts(shop, evaluatePolicies(shop, policies, { port: 80, protocol: 'TCP' }));
  return [...model.verdicts]
    .filter(([key, allowed]) => allowed && key.startsWith(`${from} -> `))
    .map(([key]) => key.slice(`${from} -> `.length))
    .sort();
}

describe('all ports', () => {
  test('after the blast-radius solution, product-search reaches product-db and DNS, nothing else', () => {
    expect(reachable(blastRadius, 'search/product-search')).toEqual([
      'data/product-db',
      'kube-system/coredns',
    ]);
  });

  test('a pair is explained on the port that allowed it', () => {
    const model = anyPortVerdicts(shop, evaluatePolicies(shop, blastRadius, { port: 80, protocol: 'TCP' }));
    expect(model.ports.get('search/product-search -> data/product-db')).toEqual({
      port: 5432,
      protocol: 'TCP',
    });
    expect(model.verdicts.get('search/product-search -> storefront/cart')).toBe(false);
  });

  test('without policies every pod reaches every pod that serves a port', () => {
    expect(reachable('', 'storefront/frontend')).toContain('payments/payments');
  });
});

describe('arrows to external endpoints', () => {
  const policies = evaluatePolicies(shop, frontendToPaymentApi, { port: 443, protocol: 'TCP' });
  const granted = egressGrant(policies.matrix!);

  test('an egress rule that grants a connection outside is drawn', () => {
    expect(policies.verdicts.get('storefront/frontend -> payment-api')).toBe(true);
    expect(granted('storefront/frontend', 'payment-api', 0)).toBe(true);
  });

  test('a pod no egress policy isolates is open, not granted: no arrow to every outside address', () => {
    expect(policies.verdicts.get('storefront/cart -> payment-api')).toBe(true);
    expect(granted('storefront/cart', 'payment-api', 0)).toBe(false);
  });

  test('a denied connection is never granted', () => {
    expect(policies.verdicts.get('storefront/frontend -> package-mirror')).toBe(false);
    expect(granted('storefront/frontend', 'package-mirror', 0)).toBe(false);
  });
});
