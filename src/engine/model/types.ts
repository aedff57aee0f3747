/**
 * Core domain types shared by every part of the engine, the CLI and the UI.
 * Vocabulary: subject = the endpoint a policy selects; peer = the other end of a flow;
 * flow = { from, to, port, protocol }; effect = what one policy rule did to a flow;
 * verdict = the combined answer for a flow.
 */

/** Transport protocols a flow can use. */
export type Protocol = 'TCP' | 'UDP' | 'SCTP';

/** Every protocol, in display order. */
export const PROTOCOLS: readonly Protocol[] = ['TCP', 'UDP', 'SCTP'];

/** Traffic direction, seen from the endpoint whose policies apply. */
export type Direction = 'ingress' | 'egress';

/** 1-based line/column range in a source text (end exclusive). */
export interface SourceRange {
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  /** 0-based character offsets into the source text. */
  readonly start: number;
  readonly end: number;
}

/** How serious a diagnostic is: errors make an object invalid, warnings are lint. */
export type Severity = 'error' | 'warning' | 'info';

/** One finding about user input, worded like the Kubernetes API server. */
export interface Diagnostic {
  /** Stable machine code, e.g. `unknown-field`, `invalid-value`, `lint/egress-without-dns`. */
  readonly code: string;
  readonly severity: Severity;
  /** Full message, e.g. `spec.ingress[0].ports[0].endPort: Invalid value: 79: must be greater than or equal to port`. */
  readonly message: string;
  /** Field path inside the object, e.g. `spec.ingress[0].ports[0].endPort` ('' for the whole document). */
  readonly path: string;
  readonly range?: SourceRange;
  /** File name when known (CLI), used for `file:line:col: message`. */
  readonly file?: string;
  /** For lint warnings: a one-sentence fix. */
  readonly fix?: string;
}

/** Result of a total function over user input: never throws for bad input. */
export type Result<T> =
  | { readonly ok: true; readonly value: T; readonly diagnostics: readonly Diagnostic[] }
  | { readonly ok: false; readonly diagnostics: readonly Diagnostic[] };

/** Label map of a Kubernetes object. */
export type Labels = Readonly<Record<string, string>>;

/** A namespace with its labels (the automatic `kubernetes.io/metadata.name` label included). */
export interface Namespace {
  readonly name: string;
  readonly labels: Labels;
  readonly range?: SourceRange;
}

/** A container port a pod serves. */
export interface ContainerPort {
  readonly name?: string;
  readonly containerPort: number;
  readonly protocol: Protocol;
}

/** A pod: the subject and peer of Kubernetes network policy. */
export interface Pod {
  readonly namespace: string;
  readonly name: string;
  readonly labels: Labels;
  readonly ips: readonly string[];
  readonly ports: readonly ContainerPort[];
  /** `spec.serviceAccountName` (Cilium selects it as `io.cilium.k8s.policy.serviceaccount`); absent means `default`. */
  readonly serviceAccount?: string;
  /** The listed workload this pod belongs to (through its owners, or its template-hash label). */
  readonly owner?: WorkloadRef;
  /** Set when this is not a real pod but a workload's pod template, standing in for pods not listed. */
  readonly template?: WorkloadRef;
  readonly range?: SourceRange;
}

/** Kinds whose objects run pods from a template. */
export type WorkloadKind =
  'Deployment' | 'ReplicaSet' | 'StatefulSet' | 'DaemonSet' | 'Job' | 'CronJob' | 'ReplicationController';

/** Every workload kind, with its apiVersion. */
export const WORKLOAD_KINDS: Readonly<Record<WorkloadKind, string>> = {
  Deployment: 'apps/v1',
  ReplicaSet: 'apps/v1',
  StatefulSet: 'apps/v1',
  DaemonSet: 'apps/v1',
  Job: 'batch/v1',
  CronJob: 'batch/v1',
  ReplicationController: 'v1',
};

/** Names a workload in its namespace. */
export interface WorkloadRef {
  readonly kind: WorkloadKind;
  readonly name: string;
}

/** A Deployment, StatefulSet, DaemonSet, CronJob, ...: one endpoint class made of its pods (or its template). */
export interface Workload {
  readonly kind: WorkloadKind;
  readonly namespace: string;
  readonly name: string;
  /** The pod template's labels (what policies and Services select). */
  readonly labels: Labels;
  /** The pod template's container ports. */
  readonly ports: readonly ContainerPort[];
  readonly serviceAccount?: string;
  /** The listed workload that owns this one (a Deployment's ReplicaSet, a CronJob's Job): folded into it. */
  readonly owner?: WorkloadRef;
  readonly range?: SourceRange;
}

/** What reading a cluster found, skipped and added, for one summary line. */
export interface ClusterSummary {
  /** Objects read, by kind. */
  readonly read: Readonly<Record<string, number>>;
  /** Objects skipped because the engine does not use their kind, by kind. */
  readonly skipped: Readonly<Record<string, number>>;
  /** Namespaces referenced by objects but not declared, created with their name label. */
  readonly implicitNamespaces: readonly string[];
  /** Workloads with no pod listed, each standing in by its pod template. */
  readonly templates: number;
  /** Pods folded into a listed workload. */
  readonly folded: number;
}

/** One port of a Service; `targetPort` may name a container port. */
export interface ServicePort {
  readonly name?: string;
  readonly port: number;
  readonly targetPort: number | string;
  readonly protocol: Protocol;
}

/** A Service: a flow to it resolves to its backing pods and target port. */
export interface Service {
  readonly namespace: string;
  readonly name: string;
  /** The Service's own labels (`metadata.labels`), which Cilium's `k8sServiceSelector` selects on. */
  readonly labels?: Labels;
  readonly selector: Labels;
  readonly ports: readonly ServicePort[];
  readonly clusterIPs: readonly string[];
  readonly range?: SourceRange;
}

/** Where an external endpoint sits, in Cilium's entity terms. */
export type ExternalEntity = 'world' | 'host' | 'remote-node' | 'kube-apiserver';

/** Something outside the pod network (kind ExternalEndpoint, apiVersion netpol-lab/v1). */
export interface ExternalEndpoint {
  readonly name: string;
  readonly ips: readonly string[];
  /** Names whose DNS lookup returns `ips`. A flow to an endpoint with names starts with a lookup. */
  readonly dnsNames: readonly string[];
  readonly entity: ExternalEntity;
  readonly range?: SourceRange;
}

/** The `Scenario` document of a scenario file (kind Scenario, apiVersion netpol-lab/v1). */
export interface Scenario {
  readonly name: string;
  readonly title: string;
  readonly description: string;
  /** Endpoint id -> [x, y] graph position. */
  readonly layout: Readonly<Record<string, readonly [number, number]>>;
  readonly ports: readonly { readonly port: number; readonly protocol: Protocol }[];
  readonly range?: SourceRange;
}

/** A scenario cluster: everything policies can select or talk to. */
export interface Cluster {
  readonly namespaces: readonly Namespace[];
  /** Real pods, then one template per listed workload that has no pod listed. */
  readonly pods: readonly Pod[];
  readonly workloads: readonly Workload[];
  readonly services: readonly Service[];
  readonly externals: readonly ExternalEndpoint[];
  /** The Scenario document, when the cluster text has one. */
  readonly scenario?: Scenario;
  /** What was read and skipped (set by `loadCluster`). */
  readonly summary?: ClusterSummary;
}

/**
 * Endpoint ids used in flows, results and the UI:
 * a pod is `namespace/name`, an external endpoint is its bare `name`.
 */
export type EndpointId = string;

/**
 * One HTTP request sent over a flow's connection, for Cilium's L7 HTTP rules (which judge each request
 * on a connection they let open).
 */
export interface HttpRequest {
  /** The request method as sent, e.g. `GET` (matched as written: `get` is another method). */
  readonly method: string;
  /** The request target as sent, path and any query, e.g. `/v1/dock?ship=tie` (what `path` rules see). */
  readonly path: string;
  /** The `Host` header (HTTP/2 `:authority`); absent: the request has none. */
  readonly host?: string | undefined;
  /** Other request headers by name (names compare case-insensitively, values exactly). */
  readonly headers?: Readonly<Record<string, string>> | undefined;
}

/** A new connection attempt. Replies to an allowed connection are always allowed (stateful). */
export interface Flow {
  readonly from: EndpointId;
  readonly to: EndpointId;
  readonly port: number;
  readonly protocol: Protocol;
  /**
   * An HTTP request sent once the connection is open (TCP only): without it the verdict is about the
   * connection; with it, about this request too.
   */
  readonly http?: HttpRequest | undefined;
}
