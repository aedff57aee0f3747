/**
 * CIDR blocks and label selectors the policy generators draw from: blocks whose edges fall on the
 * generated addresses, `except` lists that are strictly inside their block, and selectors over the
 * labels the cluster generator uses.
 */
import fc from 'fast-check';
import { inBlock, parseAddress, parseBlock } from './ip.ts';
import { APPS, NAMESPACES } from './generate.ts';

/** IPv4 blocks with edges on the generated addresses. */
export const V4_BLOCKS = [
  '0.0.0.0/0',
  '10.0.0.0/8',
  '10.0.0.0/24',
  '10.0.0.0/25',
  '10.0.0.128/25',
  '10.0.0.1/32',
  '10.0.0.255/32',
  '10.0.1.0/24',
  '172.16.0.0/12',
  '198.51.100.0/24',
  '198.51.100.20/32',
  '203.0.113.0/24',
] as const;

/** IPv6 blocks with edges on the generated addresses. */
export const V6_BLOCKS = [
  '::/0',
  'fd00::/8',
  'fd00::/64',
  'fd00::/120',
  'fd00::100/120',
  'fd00::1/128',
  '2001:db8::/32',
  '2001:db8::/64',
  '2001:db8::20/128',
] as const;

const ALL_BLOCKS = [...V4_BLOCKS, ...V6_BLOCKS];

/** The pool blocks strictly inside `cidr`. */
function holesOf(cidr: string): string[] {
  const outer = parseBlock(cidr);
  if (!outer) return [];
  return ALL_BLOCKS.filter((text) => {
    const inner = parseBlock(text);
    if (!inner || inner.family !== outer.family || inner.prefix <= outer.prefix) return false;
    const base = parseAddress(text.split('/')[0] ?? '');
    return base !== undefined && inBlock(base, outer);
  });
}

/** A block from the pool (IPv4 more often). */
export const block = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...V4_BLOCKS) },
  fc.constantFrom(...V6_BLOCKS),
);

function withHoles(cidrs: readonly string[]): fc.Arbitrary<{ cidr: string; except: string[] }> {
  return fc.oneof(
    ...cidrs.map((cidr) => {
      const holes = holesOf(cidr);
      return fc.record({
        cidr: fc.constant(cidr),
        except: fc.subarray(holes, { maxLength: Math.min(2, holes.length) }),
      });
    }),
  );
}

/** A block with an `except` list strictly inside it (empty when the pool has nothing inside). */
export const blockWithExcept = fc.oneof({ weight: 3, arbitrary: withHoles(V4_BLOCKS) }, withHoles(V6_BLOCKS));

/** A Kubernetes pod selector over the generated labels. */
export const podSelector = fc.oneof(
  fc.constant({}),
  fc.constantFrom(...APPS).map((app) => ({ matchLabels: { app } })),
  fc.constantFrom('front', 'back').map((tier) => ({ matchLabels: { tier } })),
  fc.constant({ matchLabels: { 'k8s-app': 'kube-dns' } }),
  fc
    .tuple(fc.constantFrom('In', 'NotIn'), fc.subarray([...APPS], { minLength: 1, maxLength: 2 }))
    .map(([operator, values]) => ({ matchExpressions: [{ key: 'app', operator, values }] })),
  fc
    .constantFrom('Exists', 'DoesNotExist')
    .map((operator) => ({ matchExpressions: [{ key: 'tier', operator }] })),
);

/** A Kubernetes namespace selector over the generated namespace labels. */
export const namespaceSelector = fc.oneof(
  fc.constant({}),
  fc.constantFrom('red', 'blue').map((team) => ({ matchLabels: { team } })),
  fc.constantFrom(...NAMESPACES).map((name) => ({ matchLabels: { 'kubernetes.io/metadata.name': name } })),
  fc.constant({ matchExpressions: [{ key: 'env', operator: 'NotIn', values: ['prod'] }] }),
);

/** A namespace for a namespaced policy. */
export const policyNamespace = fc.constantFrom(...NAMESPACES);
