import { DiagnosticSink } from '../model/diagnostic.ts';
import type {
  Cluster,
  ClusterSummary,
  Diagnostic,
  ExternalEndpoint,
  Namespace,
  Pod,
  Result,
  Scenario,
  Service,
  Workload,
} from '../model/types.ts';
import { scenarioSpecSchema } from '../schema/scenario.ts';
import { formatIssue, issuePath } from '../schema/issues.ts';
import {
  externalEndpointSpec,
  namespaceSpec,
  podSpec,
  serviceSpec,
  workloadSpec,
} from '../validate/cluster-specs.ts';
import { isObject, walkFields, type FieldSpec } from '../validate/field-spec.ts';
import { parseManifests, type ParsedManifests, type ParseOptions } from './manifests.ts';
import type { SourceDoc } from '../model/source.ts';
import type { RawExternal, RawMeta, RawPod, RawService, RawWorkload } from './cluster-raw.ts';
import { classifyObject } from './object-kinds.ts';
import { containerPorts, foldWorkloads, serviceAccountOf, toWorkload, workloadKindOf } from './workloads.ts';

/** The label the API server adds to every namespace. https://kubernetes.io/docs/concepts/services-networking/network-policies/#targeting-a-namespace-by-its-name */
export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

interface Builder {
  namespaces: Map<string, Namespace>;
  pods: { pod: Pod; meta: RawMeta }[];
  workloads: Workload[];
  services: Service[];
  externals: ExternalEndpoint[];
  scenario?: Scenario;
  read: Record<string, number>;
  skipped: Record<string, number>;
}

/** Reads namespaces, pods, services, external endpoints and the Scenario document. Never throws. */
export function loadCluster(text: string, options: ParseOptions = {}): Result<Cluster> {
  return loadClusterDocuments(parseManifests(text, options));
}

/**
 * The cluster of documents already parsed, e.g. from several files (each document keeps its own file
 * and positions). Never throws.
 */
export function loadClusterDocuments(parsed: ParsedManifests): Result<Cluster> {
  const diagnostics: Diagnostic[] = [...parsed.diagnostics];
  const b: Builder = {
    namespaces: new Map(),
    pods: [],
    workloads: [],
    services: [],
    externals: [],
    read: {},
    skipped: {},
  };
  for (const doc of parsed.documents) {
    const sink = new DiagnosticSink(doc);
    addDocument(doc, sink, b);
    diagnostics.push(...sink.diagnostics);
  }
  if (diagnostics.some((d) => d.severity === 'error')) return { ok: false, diagnostics };
  const { pods, folded, templates } = foldWorkloads(b.pods, b.workloads);
  // https://kubernetes.io/docs/concepts/services-networking/network-policies/#targeting-a-namespace-by-its-name
  const implicitNamespaces: string[] = [];
  for (const { namespace } of [...pods, ...b.services]) {
    if (b.namespaces.has(namespace)) continue;
    implicitNamespaces.push(namespace);
    b.namespaces.set(namespace, { name: namespace, labels: { [NAMESPACE_NAME_LABEL]: namespace } });
  }
  checkDuplicates(pods, b.externals, diagnostics);
  const summary: ClusterSummary = { read: b.read, skipped: b.skipped, implicitNamespaces, templates, folded };
  // Worth a line when the reader did more than read pods and namespaces: a dump, a repository.
  const notable =
    b.workloads.length > 0 || Object.keys(b.skipped).length > 0 || implicitNamespaces.length > 0;
  if (notable)
    diagnostics.push({ code: 'cluster/summary', severity: 'info', message: summaryLine(summary), path: '' });
  const cluster: Cluster = {
    namespaces: [...b.namespaces.values()],
    pods,
    workloads: b.workloads,
    services: b.services,
    externals: b.externals,
    ...(b.scenario ? { scenario: b.scenario } : {}),
    summary,
  };
  return { ok: true, value: cluster, diagnostics };
}

function counted(counts: Readonly<Record<string, number>>): string {
  return Object.entries(counts)
    .sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1))
    .map(([kind, n]) => `${n} ${kind}`)
    .join(', ');
}

/** Returns the one line saying what was read, skipped and added ('' when there is nothing to say). */
export function summaryLine(summary: ClusterSummary): string {
  const parts: string[] = [];
  const read = counted(summary.read);
  if (read) parts.push(`read ${read}`);
  if (summary.folded > 0) parts.push(`${summary.folded} pods folded into their workloads`);
  if (summary.templates > 0)
    parts.push(`${summary.templates} workloads with no pod listed stand in by their pod template`);
  const skipped = counted(summary.skipped);
  if (skipped) parts.push(`skipped kinds the engine does not use: ${skipped}`);
  if (summary.implicitNamespaces.length > 0)
    parts.push(
      `namespaces referenced but not declared, created with their name label: ${summary.implicitNamespaces.join(', ')}`,
    );
  return parts.join('; ');
}

/** A field value as text; objects as JSON, because `String()` throws on `{toString: []}`. */
function textOf(value: unknown): string {
  return typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value);
}

function addDocument(doc: SourceDoc, sink: DiagnosticSink, b: Builder): void {
  const value = doc.value;
  if (!isObject(value)) {
    sink.add('invalid-type', [], 'expected a Kubernetes object with apiVersion and kind');
    return;
  }
  const kind = textOf(value.kind);
  const apiVersion = textOf(value.apiVersion);
  const check = (spec: FieldSpec): boolean => walkFields(spec, value, [], sink) && !sink.hasErrors;
  const raw = value as unknown;
  const count = (): void => {
    b.read[kind] = (b.read[kind] ?? 0) + 1;
  };
  const workloadKind = workloadKindOf(apiVersion, kind);
  if (workloadKind) {
    if (check(workloadSpec(workloadKind === 'CronJob'))) {
      b.workloads.push(withRange(toWorkload(raw as RawWorkload, workloadKind), doc));
      count();
    }
    return;
  }
  switch (`${apiVersion} ${kind}`) {
    case 'v1 Namespace':
      if (check(namespaceSpec)) {
        const ns = toNamespace(raw as { metadata: RawMeta }, doc);
        if (b.namespaces.has(ns.name))
          sink.add(
            'duplicate-object',
            ['metadata', 'name'],
            `Namespace ${ns.name} is declared twice; the last one's labels are used`,
            {
              severity: 'warning',
              fix: 'Keep one Namespace object per name.',
            },
          );
        b.namespaces.set(ns.name, ns);
        count();
      }
      return;
    case 'v1 Pod':
      if (check(podSpec)) {
        b.pods.push({ pod: toPod(raw as RawPod, doc), meta: (raw as RawPod).metadata });
        count();
      }
      return;
    case 'v1 Service':
      if (check(serviceSpec)) {
        b.services.push(toService(raw as RawService, doc));
        count();
      }
      return;
    case 'netpol-lab/v1 ExternalEndpoint':
      if (check(externalEndpointSpec)) {
        b.externals.push(toExternal(raw as RawExternal, doc));
        count();
      }
      return;
    case 'netpol-lab/v1 Scenario':
      {
        const scenario = toScenario(value, doc, sink);
        if (scenario) b.scenario = scenario;
      }
      return;
  }
  const what = classifyObject(apiVersion, kind);
  switch (what.kind) {
    case 'policy':
      sink.add(
        'cluster/policy-ignored',
        ['kind'],
        `${kind} in the cluster file is not applied here; pass it with the policies`,
        {
          severity: 'info',
        },
      );
      return;
    case 'policy-like':
      // Here a warning: the cluster is still fine. Among the policies the same object is an error.
      sink.add('policy/unsupported-kind', ['kind'], `${what.message}; it was not applied`, {
        severity: 'warning',
        fix: what.fix,
      });
      return;
    case 'cluster':
    case 'other':
      b.skipped[kind || '(no kind)'] = (b.skipped[kind || '(no kind)'] ?? 0) + 1;
      return;
  }
}

/**
 * Adds the document's range to an object. JSON documents compute ranges lazily (a scan of the whole
 * text), so their objects get a getter; YAML ranges are cheap and stored as a plain property.
 */
function withRange<T extends object>(value: T, doc: SourceDoc): T {
  if (Object.getOwnPropertyDescriptor(doc, 'range')?.get) {
    Object.defineProperty(value, 'range', { get: () => doc.range, enumerable: true, configurable: true });
    return value;
  }
  return doc.range ? { ...value, range: doc.range } : value;
}

function toNamespace(raw: { metadata: RawMeta }, doc: SourceDoc): Namespace {
  const name = raw.metadata.name;
  return withRange({ name, labels: { [NAMESPACE_NAME_LABEL]: name, ...(raw.metadata.labels ?? {}) } }, doc);
}

function toPod(raw: RawPod, doc: SourceDoc): Pod {
  const ports = containerPorts(raw.spec);
  const serviceAccount = serviceAccountOf(raw.spec);
  const podIPs = (raw.status?.podIPs ?? []).map((x) => x.ip);
  const ips = podIPs.length > 0 ? podIPs : raw.status?.podIP ? [raw.status.podIP] : [];
  return withRange(
    {
      namespace: raw.metadata.namespace ?? 'default',
      name: raw.metadata.name,
      labels: raw.metadata.labels ?? {},
      ips,
      ports,
      ...(serviceAccount !== undefined ? { serviceAccount } : {}),
    },
    doc,
  );
}

function toService(raw: RawService, doc: SourceDoc): Service {
  const ports = (raw.spec?.ports ?? []).map((p) => ({
    ...(p.name ? { name: p.name } : {}),
    port: p.port,
    targetPort: p.targetPort ?? p.port,
    protocol: p.protocol ?? 'TCP',
  }));
  const clusterIPs = raw.spec?.clusterIPs ?? (raw.spec?.clusterIP ? [raw.spec.clusterIP] : []);
  return withRange(
    {
      namespace: raw.metadata.namespace ?? 'default',
      name: raw.metadata.name,
      labels: raw.metadata.labels ?? {},
      selector: raw.spec?.selector ?? {},
      ports,
      clusterIPs,
    },
    doc,
  );
}

function toExternal(raw: RawExternal, doc: SourceDoc): ExternalEndpoint {
  return withRange(
    {
      name: raw.metadata.name,
      ips: raw.spec.ips,
      dnsNames: raw.spec.dnsNames ?? [],
      entity: raw.spec.entity ?? 'world',
    },
    doc,
  );
}

function toScenario(
  raw: Record<string, unknown>,
  doc: SourceDoc,
  sink: DiagnosticSink,
): Scenario | undefined {
  const parsed = scenarioSpecSchema.safeParse(raw.spec);
  if (!parsed.success) {
    for (const issue of parsed.error.issues)
      sink.add('invalid-value', issuePath(issue, ['spec']), formatIssue(issue, ['spec']));
    return undefined;
  }
  const spec = parsed.data;
  const metadata = raw.metadata as { name?: unknown } | undefined;
  return {
    name: typeof metadata?.name === 'string' ? metadata.name : '',
    title: spec.title,
    description: spec.description,
    layout: spec.layout,
    ports: spec.ports,
    ...(doc.range ? { range: doc.range } : {}),
  };
}

function checkDuplicates(
  pods: readonly Pod[],
  externals: readonly ExternalEndpoint[],
  diagnostics: Diagnostic[],
): void {
  const seen = new Set<string>();
  for (const id of [...pods.map((p) => `${p.namespace}/${p.name}`), ...externals.map((e) => e.name)]) {
    if (seen.has(id))
      diagnostics.push({
        code: 'duplicate-object',
        severity: 'warning',
        message: `endpoint ${id} is defined twice; flows use the first one`,
        path: 'metadata.name',
      });
    seen.add(id);
  }
}
