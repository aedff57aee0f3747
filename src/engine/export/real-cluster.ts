import { stringify } from 'yaml';
import type { Cluster, ContainerPort, Flow, Pod, Protocol, Service } from '../model/types.ts';
import { policiesFile, type LeftOutObject } from './policies-file.ts';
import { exportReadme } from './readme.ts';

/**
 * Exports a scenario to files that recreate it on a real cluster: namespaces with their labels, pods with
 * their labels serving their declared ports, services, the policies (only objects of a policy kind the
 * engine evaluates, rebuilt from their checked fields), a probe script that tries every flow with
 * `kubectl exec` and prints what happened next to the sandbox's prediction, and a README.
 */

/**
 * The test server: agnhost, the image Kubernetes' own network policy e2e tests run
 * (https://github.com/kubernetes/kubernetes/tree/master/test/images/agnhost).
 */
export const TEST_SERVER_IMAGE = 'registry.k8s.io/e2e-test-images/agnhost:2.53';

/** Namespaces every cluster already has and an export must not touch. */
const SYSTEM_NAMESPACES = new Set(['kube-system', 'kube-public', 'kube-node-lease']);

/** One generated file. */
export interface ExportFile {
  readonly name: string;
  readonly content: string;
}

/** A flow to probe, with the sandbox's prediction. */
export interface ProbeFlow {
  readonly flow: Flow;
  readonly predicted: boolean;
}

/** A flow the probe script cannot try, and why. */
export interface SkippedFlow {
  readonly flow: Flow;
  readonly reason: string;
}

/** What `exportRealCluster` produces. */
export interface RealClusterExport {
  readonly files: readonly ExportFile[];
  /** Flows with a probe line in `probe.sh`, in input order. */
  readonly probed: readonly ProbeFlow[];
  readonly skipped: readonly SkippedFlow[];
  /** Policies written to `policies.yaml`. */
  readonly policies: number;
  /** Objects of the policies text that are not written, with the reason. */
  readonly leftOut: readonly LeftOutObject[];
}

/** Input of `exportRealCluster`. */
export interface RealClusterInput {
  /** Scenario id, used in file headers. */
  readonly name: string;
  readonly cluster: Cluster;
  /** The policies as the learner wrote them; only the policies that load are written. */
  readonly policiesText: string;
  readonly flows: readonly ProbeFlow[];
}

/** Builds the manifests, the policies file and the probe script for a scenario. */
export function exportRealCluster(input: RealClusterInput): RealClusterExport {
  const { cluster } = input;
  const pods = cluster.pods.filter((pod) => !SYSTEM_NAMESPACES.has(pod.namespace));
  const podIds = new Set(pods.map((pod) => `${pod.namespace}/${pod.name}`));
  const services = new Map(cluster.services.map((s) => [`${s.namespace}/${s.name}`, s]));
  const probed: ProbeFlow[] = [];
  const skipped: SkippedFlow[] = [];
  for (const item of input.flows) {
    const reason = unprobeable(item.flow, podIds, services, cluster);
    if (reason === undefined) probed.push(item);
    else skipped.push({ flow: item.flow, reason });
  }
  const header = `# NetPol Lab scenario "${input.name}", exported for a real cluster.\n`;
  const policies = policiesFile(input.policiesText);
  const readme = exportReadme({
    name: input.name,
    policies: policies.policies,
    probed: probed.length,
    skipped: skipped.length,
    leftOut: policies.leftOut,
  });
  return {
    files: [
      { name: 'README.md', content: readme },
      { name: 'cluster.yaml', content: header + clusterManifests(cluster, pods) },
      { name: 'policies.yaml', content: header + policies.content },
      { name: 'probe.sh', content: probeScript(input.name, pods, probed, skipped, services) },
    ],
    probed,
    skipped,
    policies: policies.policies,
    leftOut: policies.leftOut,
  };
}

function unprobeable(
  flow: Flow,
  podIds: Set<string>,
  services: Map<string, Service>,
  cluster: Cluster,
): string | undefined {
  if (!podIds.has(flow.from)) {
    if (cluster.externals.some((e) => e.name === flow.from))
      return `${flow.from} is outside the cluster: send this one from that machine by hand`;
    return `${flow.from} is not a pod this export creates`;
  }
  if (podIds.has(flow.to) || services.has(flow.to)) return undefined;
  if (cluster.externals.some((e) => e.name === flow.to))
    return `${flow.to} is outside the cluster and is not recreated`;
  if (cluster.pods.some((p) => `${p.namespace}/${p.name}` === flow.to))
    return `${flow.to} is a system pod; the real cluster has its own`;
  return `${flow.to} is not in the scenario`;
}

function clusterManifests(cluster: Cluster, pods: readonly Pod[]): string {
  const docs: unknown[] = [];
  for (const ns of cluster.namespaces) {
    if (SYSTEM_NAMESPACES.has(ns.name)) continue;
    docs.push({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns.name, labels: { ...ns.labels } } });
  }
  for (const pod of pods) docs.push(podManifest(pod));
  for (const svc of cluster.services) {
    if (SYSTEM_NAMESPACES.has(svc.namespace)) continue;
    docs.push({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: svc.name, namespace: svc.namespace },
      spec: {
        selector: { ...svc.selector },
        ports: svc.ports.map((p) => ({
          ...(p.name ? { name: p.name } : {}),
          port: p.port,
          targetPort: p.targetPort,
          protocol: p.protocol,
        })),
      },
    });
  }
  return docs.map((doc) => stringify(doc, { version: '1.1', lineWidth: 0 })).join('---\n');
}

/** Container name for a served port: a DNS-1123 label, unique within the pod. */
function containerName(port: ContainerPort): string {
  return `serve-${port.containerPort}-${port.protocol.toLowerCase()}`;
}

// The same commands as the upstream e2e model: agnhost serve-hostname for TCP and UDP, netexec for SCTP.
function serveCommand(port: number, protocol: Protocol): string[] {
  switch (protocol) {
    case 'TCP':
      return ['/agnhost', 'serve-hostname', '--tcp', '--http=false', '--port', String(port)];
    case 'UDP':
      return ['/agnhost', 'serve-hostname', '--udp', '--http=false', '--port', String(port)];
    case 'SCTP':
      return ['/agnhost', 'netexec', '--sctp-port', String(port)];
  }
}

function podManifest(pod: Pod): unknown {
  const containers =
    pod.ports.length === 0
      ? [{ name: 'client', image: TEST_SERVER_IMAGE, command: ['/agnhost', 'pause'] }]
      : pod.ports.map((port) => ({
          name: containerName(port),
          image: TEST_SERVER_IMAGE,
          command: serveCommand(port.containerPort, port.protocol),
          ports: [
            {
              ...(port.name ? { name: port.name } : {}),
              containerPort: port.containerPort,
              protocol: port.protocol,
            },
          ],
        }));
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: pod.name, namespace: pod.namespace, labels: { ...pod.labels } },
    spec: { terminationGracePeriodSeconds: 0, containers },
  };
}

/** The container probes run in: the pod's first container. */
function clientContainer(pod: Pod): string {
  const first = pod.ports[0];
  return first === undefined ? 'client' : containerName(first);
}

const quote = (value: string): string => `'${value.replace(/'/g, `'\\''`)}'`;

function probeLine(item: ProbeFlow, podsById: Map<string, Pod>, services: Map<string, Service>): string {
  const { flow } = item;
  const [fromNs = '', fromPod = ''] = flow.from.split('/');
  const source = podsById.get(flow.from);
  const container = source ? clientContainer(source) : 'client';
  const [toNs = '', toName = ''] = flow.to.split('/');
  const target =
    services.has(flow.to) && !podsById.has(flow.to)
      ? `service ${quote(toNs)} ${quote(toName)}`
      : `pod ${quote(toNs)} ${quote(toName)}`;
  return `probe ${quote(fromNs)} ${quote(fromPod)} ${quote(container)} ${target} ${flow.port} ${flow.protocol.toLowerCase()} ${item.predicted ? 'allowed' : 'denied'}`;
}

function probeScript(
  name: string,
  pods: readonly Pod[],
  probed: readonly ProbeFlow[],
  skipped: readonly SkippedFlow[],
  services: Map<string, Service>,
): string {
  const podsById = new Map(pods.map((pod) => [`${pod.namespace}/${pod.name}`, pod]));
  const namespaces = [...new Set(pods.map((pod) => pod.namespace))];
  const lines = [
    '#!/usr/bin/env bash',
    `# Probes the flows of NetPol Lab scenario "${name}" on a real cluster and compares them with the sandbox.`,
    '# Apply cluster.yaml, then policies.yaml, then run: bash probe.sh (README.md says more).',
    '# Policies only take effect when the network plugin enforces them (Calico, Cilium, Antrea, ...).',
    'set -u',
    'matches=0; differs=0',
    '',
    '# Each probe opens one new connection from a pod with agnhost, like the upstream e2e tests do.',
    'probe() {',
    '  local from_ns=$1 from_pod=$2 container=$3 kind=$4 to_ns=$5 to_name=$6 port=$7 proto=$8 predicted=$9 address out observed',
    '  if [ "$kind" = service ]; then',
    '    address="$to_name.$to_ns.svc.cluster.local"',
    '  else',
    '    address=$(kubectl get pod -n "$to_ns" "$to_name" -o jsonpath=\'{.status.podIP}\')',
    '  fi',
    '  out=$(kubectl exec -n "$from_ns" "$from_pod" -c "$container" -- /agnhost connect "$address:$port" --timeout=3s --protocol="$proto" 2>&1)',
    '  # A refused connection reached the destination: the network let it through.',
    '  if [ $? -eq 0 ] || printf %s "$out" | grep -q REFUSED; then observed=allowed; else observed=denied; fi',
    '  local mark="ok"',
    '  if [ "$observed" = "$predicted" ]; then matches=$((matches + 1)); else differs=$((differs + 1)); mark="DIFFERS"; fi',
    '  printf "%-34s %-34s %-10s %-10s %-10s %s\\n" "$from_ns/$from_pod" "$to_ns/$to_name" "$port/$proto" "$predicted" "$observed" "$mark"',
    '}',
    '',
    `echo "Waiting for the scenario's pods to be ready..."`,
    ...namespaces.map(
      (ns) =>
        `kubectl wait --for=condition=Ready pod --all -n ${quote(ns)} --timeout=180s >/dev/null || exit 1`,
    ),
    'printf "%-34s %-34s %-10s %-10s %-10s %s\\n" FROM TO PORT SANDBOX CLUSTER ""',
    ...probed.map((item) => probeLine(item, podsById, services)),
    ...skipped.map(
      (s) =>
        `echo ${quote(`skipped ${s.flow.from} -> ${s.flow.to}:${s.flow.port}/${s.flow.protocol}: ${s.reason}`)}`,
    ),
    'echo "$matches flows match the sandbox, $differs differ."',
    '[ "$differs" -eq 0 ]',
    '',
  ];
  return lines.join('\n');
}
