// Random NetworkPolicies over the conformance model (namespaces x, y, z; pods a, b, c), shared by the
// property tests of evaluation, authoring and conversion. Each test picks the pieces its property needs.
import fc from 'fast-check';
import { stringify } from 'yaml';

export const podName = fc.constantFrom('a', 'b', 'c');
export const namespaceName = fc.constantFrom('x', 'y', 'z');

type Obj = Record<string, unknown>;

/** `{}`, one pod by label, and (unless `notIn` is false) a `NotIn` expression. */
export function podSelector({ notIn = true } = {}): fc.Arbitrary<Obj> {
  const plain = [fc.constant({}), podName.map((pod) => ({ matchLabels: { pod } }))];
  if (!notIn) return fc.oneof(...plain);
  return fc.oneof(
    ...plain,
    fc
      .array(podName, { minLength: 1, maxLength: 2 })
      .map((values) => ({ matchExpressions: [{ key: 'pod', operator: 'NotIn', values }] })),
  );
}

/** `{}` and a namespace by name label; with `extraLabel`, also by the model's own `ns` label. */
export function namespaceSelector({ extraLabel = false } = {}): fc.Arbitrary<Obj> {
  const byName = namespaceName.map((n) => ({ matchLabels: { 'kubernetes.io/metadata.name': n } }));
  return extraLabel
    ? fc.oneof(
        fc.constant({}),
        byName,
        namespaceName.map((n) => ({ matchLabels: { ns: n } })),
      )
    : fc.oneof(fc.constant({}), byName);
}

/** A peer: pods, namespaces, both, or one of the given ipBlocks. */
export function peer(pods: fc.Arbitrary<Obj>, namespaces: fc.Arbitrary<Obj>, ipBlocks: readonly Obj[] = []) {
  return fc.oneof(
    pods.map((podSelector) => ({ podSelector })),
    namespaces.map((namespaceSelector) => ({ namespaceSelector })),
    fc.record({ podSelector: pods, namespaceSelector: namespaces }),
    ...(ipBlocks.length > 0 ? [fc.constantFrom(...ipBlocks.map((ipBlock) => ({ ipBlock })))] : []),
  );
}

/** An ingress (`from`) or egress (`to`) rule; may omit peers or ports unless `complete` (then 1–2 of each). */
export function rule(
  key: 'from' | 'to',
  peers: fc.Arbitrary<Obj>,
  ports: fc.Arbitrary<Obj>,
  { complete = false } = {},
): fc.Arbitrary<Obj> {
  return complete
    ? fc.record({
        [key]: fc.array(peers, { minLength: 1, maxLength: 2 }),
        ports: fc.array(ports, { minLength: 1, maxLength: 2 }),
      })
    : fc.record(
        { [key]: fc.array(peers, { maxLength: 2 }), ports: fc.array(ports, { maxLength: 2 }) },
        { requiredKeys: [] },
      );
}

/** A policy's shape: namespace, podSelector, optional rule lists and policyTypes. */
export interface PolicyShape {
  readonly namespace: string;
  readonly podSelector: Obj;
  readonly ingress?: readonly Obj[] | undefined;
  readonly egress?: readonly Obj[] | undefined;
  readonly policyTypes?: readonly string[] | undefined;
}

/**
 * A NetworkPolicy of rules over `peers` and `ports`. Rules may omit peers or ports (all of them) unless
 * `complete`; then every rule names 1–2 peers and 1–2 ports, and the policy always lists its policyTypes.
 */
export function networkPolicy(
  peers: fc.Arbitrary<Obj>,
  ports: fc.Arbitrary<Obj>,
  { complete = false, pods = podSelector() } = {},
): fc.Arbitrary<PolicyShape> {
  const rules = (key: 'from' | 'to') =>
    complete
      ? fc.array(rule(key, peers, ports, { complete }), { maxLength: 2 })
      : fc.option(fc.array(rule(key, peers, ports), { maxLength: 2 }), { nil: undefined });
  const types: fc.Arbitrary<readonly string[] | undefined> = complete
    ? fc.constantFrom<readonly string[]>(['Ingress'], ['Egress'], ['Ingress', 'Egress'])
    : fc.constantFrom<readonly string[] | undefined>(
        undefined,
        ['Ingress'],
        ['Egress'],
        ['Ingress', 'Egress'],
      );
  return fc
    .record({
      namespace: namespaceName,
      podSelector: pods,
      ingress: rules('from'),
      egress: rules('to'),
      policyTypes: types,
    })
    .map((s) =>
      // A complete policy carries only the rule lists its policyTypes name.
      complete
        ? {
            ...s,
            ingress: s.policyTypes?.includes('Ingress') ? s.ingress : undefined,
            egress: s.policyTypes?.includes('Egress') ? s.egress : undefined,
          }
        : s,
    );
}

/** The shapes as one YAML stream, policies named p0, p1, ... */
export function policiesYaml(shapes: readonly PolicyShape[]): string {
  return shapes
    .map((s, i) => {
      const spec: Obj = { podSelector: s.podSelector };
      if (s.policyTypes) spec.policyTypes = s.policyTypes;
      if (s.ingress) spec.ingress = s.ingress;
      if (s.egress) spec.egress = s.egress;
      return stringify(
        {
          apiVersion: 'networking.k8s.io/v1',
          kind: 'NetworkPolicy',
          metadata: { name: `p${i}`, namespace: s.namespace },
          spec,
        },
        { aliasDuplicateObjects: false },
      );
    })
    .join('---\n');
}
