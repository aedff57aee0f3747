import type { LeftOutObject } from './policies-file.ts';

/** Facts the README of an export states. */
export interface ReadmeFacts {
  readonly name: string;
  readonly policies: number;
  readonly probed: number;
  readonly skipped: number;
  readonly leftOut: readonly LeftOutObject[];
}

/** The README.md shipped with an export: how to run it, what each file does, and what it cannot show. */
export function exportReadme(facts: ReadmeFacts): string {
  const lines = [
    `# NetPol Lab scenario "${facts.name}" on a real cluster`,
    '',
    'These files recreate the scenario on a cluster you can throw away (kind, minikube, k3d, a test',
    'namespace set) and check that the cluster allows and denies what the sandbox predicted.',
    '',
    '## Files',
    '',
    '- `cluster.yaml`: the namespaces with their labels, one pod per scenario pod (same labels, serving',
    '  its declared ports with agnhost, the test server of the Kubernetes network policy e2e tests) and',
    '  the services. System namespaces such as kube-system are not touched.',
    `- \`policies.yaml\`: the ${facts.policies} ${facts.policies === 1 ? 'policy' : 'policies'} the sandbox evaluated, rebuilt from their checked fields.`,
    `- \`probe.sh\`: tries ${facts.probed} ${facts.probed === 1 ? 'flow' : 'flows'} with \`kubectl exec\` and prints the cluster's answer next to the sandbox's.`,
    ...(facts.skipped > 0
      ? [`  ${facts.skipped} more cannot be tried from inside the cluster; the script prints why.`]
      : []),
    '',
    '## Run',
    '',
    '```sh',
    'kubectl apply -f cluster.yaml',
    'kubectl apply -f policies.yaml',
    'bash probe.sh',
    '```',
    '',
    'The script waits for the pods, then prints one line per flow and ends with how many match.',
    'Delete everything with `kubectl delete -f policies.yaml -f cluster.yaml`.',
    '',
    '## Before you trust the result',
    '',
    'Policies only take effect when the network plugin enforces them (Calico, Cilium, Antrea, ...).',
    'A plugin without policy support (flannel on its own, for example) accepts the policies and',
    'ignores them: every flow is then allowed, and each predicted denial shows as DIFFERS.',
    'Cilium policies need Cilium.',
  ];
  if (facts.leftOut.length > 0) {
    lines.push(
      '',
      '## Left out',
      '',
      'The policies text also held objects that are not written to `policies.yaml`:',
      '',
      ...facts.leftOut.map((item) => `- ${item.object}: ${item.reason}`),
    );
  }
  return lines.join('\n') + '\n';
}
