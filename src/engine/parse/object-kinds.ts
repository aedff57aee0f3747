import { WORKLOAD_KINDS } from '../model/types.ts';
import { registeredPolicyKinds } from './registry.ts';

/**
 * What a manifest's apiVersion and kind make it, for both loaders: a cluster object the engine reads, a
 * policy of a registered kind, something that looks like a policy but cannot be evaluated (an error: a
 * policy silently ignored would let every flow through), or any other object (skipped and counted).
 */
export type ObjectClass =
  | { readonly kind: 'cluster' }
  | { readonly kind: 'policy' }
  | { readonly kind: 'policy-like'; readonly message: string; readonly fix: string }
  | { readonly kind: 'other' };

const CLUSTER_KINDS = new Set([
  'v1 Namespace',
  'v1 Pod',
  'v1 Service',
  'netpol-lab/v1 ExternalEndpoint',
  'netpol-lab/v1 Scenario',
]);

// https://docs.tigera.io/calico/latest/reference/resources/ — Calico's policy resources.
const CALICO_KINDS = new Set([
  'NetworkPolicy',
  'GlobalNetworkPolicy',
  'StagedNetworkPolicy',
  'StagedGlobalNetworkPolicy',
  'StagedKubernetesNetworkPolicy',
  'Tier',
]);

/** Returns what the object is (see `ObjectClass`). */
export function classifyObject(apiVersion: string, kind: string): ObjectClass {
  if (CLUSTER_KINDS.has(`${apiVersion} ${kind}`)) return { kind: 'cluster' };
  if (
    Object.hasOwn(WORKLOAD_KINDS, kind) &&
    WORKLOAD_KINDS[kind as keyof typeof WORKLOAD_KINDS] === apiVersion
  )
    return { kind: 'cluster' };
  const registered = registeredPolicyKinds();
  if (registered.includes(`${apiVersion}/${kind}`)) return { kind: 'policy' };
  return policyLike(apiVersion, kind, registered) ?? { kind: 'other' };
}

function policyLike(
  apiVersion: string,
  kind: string,
  registered: readonly string[],
): ObjectClass | undefined {
  const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
  // https://kubernetes.io/docs/reference/using-api/deprecation-guide/#networkpolicy-v116
  if (apiVersion === 'extensions/v1beta1' && kind === 'NetworkPolicy')
    return {
      kind: 'policy-like',
      message: 'extensions/v1beta1 NetworkPolicy was removed in Kubernetes 1.16 and is not served any more',
      fix: 'Use `apiVersion: networking.k8s.io/v1`: the fields are the same.',
    };
  if ((group === 'projectcalico.org' || group === 'crd.projectcalico.org') && CALICO_KINDS.has(kind))
    return {
      kind: 'policy-like',
      message: `Calico ${kind} (${apiVersion}) is not supported yet: this engine evaluates Kubernetes NetworkPolicy, Cilium policies and the network-policy-api kinds`,
      fix: 'Check these flows with Calico itself (calicoctl), or write the policy as a Kubernetes NetworkPolicy.',
    };
  // A known kind with the wrong case (`Networkpolicy`), or in a version this engine does not read.
  const sameName = registered.find(
    (r) => r.slice(r.lastIndexOf('/') + 1).toLowerCase() === kind.toLowerCase(),
  );
  if (sameName !== undefined) {
    const [wantVersion, wantKind] = [
      sameName.slice(0, sameName.lastIndexOf('/')),
      sameName.slice(sameName.lastIndexOf('/') + 1),
    ];
    if (wantKind !== kind)
      return {
        kind: 'policy-like',
        message: `kind "${kind}" is not a kind: kinds are case-sensitive, did you mean "${wantKind}"?`,
        fix: `Write \`kind: ${wantKind}\`.`,
      };
    const versions = registered
      .filter((r) => r.endsWith(`/${kind}`))
      .map((r) => r.slice(0, r.lastIndexOf('/')));
    return {
      kind: 'policy-like',
      message: `${kind} in version "${apiVersion}" is not one this engine evaluates (it reads ${versions.join(', ')})`,
      fix: `Write \`apiVersion: ${wantVersion}\` if the fields match that version.`,
    };
  }
  // Kinds of the policy API groups this engine reads that are not registered: a typo would otherwise be skipped.
  if (
    group === 'policy.networking.k8s.io' ||
    ((group === 'networking.k8s.io' || group === 'cilium.io') && /NetworkPolicy/i.test(kind))
  ) {
    const known = registered
      .filter((r) => r.startsWith(`${group}/`))
      .map((r) => r.slice(r.lastIndexOf('/') + 1));
    return {
      kind: 'policy-like',
      message: `no policy kind "${kind}" in ${apiVersion} (this engine evaluates ${[...new Set(known)].join(', ')} of ${group})`,
      fix: 'Check the spelling of `kind` and `apiVersion`.',
    };
  }
  return undefined;
}
