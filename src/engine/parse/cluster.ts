import { DiagnosticSink } from '../model/diagnostic.ts';
import type {
  Cluster,
  ContainerPort,
  Diagnostic,
  ExternalEndpoint,
  Namespace,
  Pod,
  Result,
  Scenario,
  Service,
} from '../model/types.ts';
import { scenarioSpecSchema } from '../schema/scenario.ts';
import { formatIssue, issuePath } from '../schema/issues.ts';
import { externalEndpointSpec, namespaceSpec, podSpec, serviceSpec } from '../validate/cluster-specs.ts';
import { isObject, walkFields, type FieldSpec } from '../validate/field-spec.ts';
import { parseManifests, type ParsedManifests, type ParseOptions } from './manifests.ts';
import { findPolicyKind } from './registry.ts';
import type { SourceDoc } from '../model/source.ts';
import type { RawExternal, RawMeta, RawPod, RawService } from './cluster-raw.ts';

/** The label the API server adds to every namespace. https://kubernetes.io/docs/concepts/services-networking/network-policies/#targeting-a-namespace-by-its-name */
export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

interface Builder {
  namespaces: Map<string, Namespace>;
  pods: Pod[];
  services: Service[];
  externals: ExternalEndpoint[];
  scenario?: Scenario;
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
  const b: Builder = { namespaces: new Map(), pods: [], services: [], externals: [] };
  for (const doc of parsed.documents) {
    const sink = new DiagnosticSink(doc);
    addDocument(doc, sink, b);
    diagnostics.push(...sink.diagnostics);
  }
  if (diagnostics.some((d) => d.severity === 'error')) return { ok: false, diagnostics };
  for (const pod of [...b.pods, ...b.services]) {
    if (!b.namespaces.has(pod.namespace))
      b.namespaces.set(pod.namespace, {
        name: pod.namespace,
        labels: { [NAMESPACE_NAME_LABEL]: pod.namespace },
      });
  }
  checkDuplicates(b, diagnostics);
  const cluster: Cluster = {
    namespaces: [...b.namespaces.values()],
    pods: b.pods,
    services: b.services,
    externals: b.externals,
    ...(b.scenario ? { scenario: b.scenario } : {}),
  };
  return { ok: true, value: cluster, diagnostics };
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
  switch (`${apiVersion} ${kind}`) {
    case 'v1 Namespace':
      if (check(namespaceSpec)) {
        const ns = toNamespace(raw as { metadata: RawMeta }, doc);
        b.namespaces.set(ns.name, ns);
      }
      return;
    case 'v1 Pod':
      if (check(podSpec)) b.pods.push(toPod(raw as RawPod, doc));
      return;
    case 'v1 Service':
      if (check(serviceSpec)) b.services.push(toService(raw as RawService, doc));
      return;
    case 'netpol-lab/v1 ExternalEndpoint':
      if (check(externalEndpointSpec)) b.externals.push(toExternal(raw as RawExternal, doc));
      return;
    case 'netpol-lab/v1 Scenario':
      {
        const scenario = toScenario(value, doc, sink);
        if (scenario) b.scenario = scenario;
      }
      return;
  }
  if (findPolicyKind(apiVersion, kind)) {
    sink.add(
      'cluster/policy-ignored',
      ['kind'],
      `${kind} in the cluster file is not applied here; pass it with --policies`,
      { severity: 'info' },
    );
  } else {
    sink.add(
      'unknown-kind',
      ['kind'],
      `kind "${kind}" (apiVersion "${apiVersion}") is not used by the engine and was ignored`,
      { severity: 'warning' },
    );
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
  const ports: ContainerPort[] = [];
  for (const container of raw.spec?.containers ?? []) {
    for (const p of container.ports ?? [])
      ports.push({
        ...(p.name ? { name: p.name } : {}),
        containerPort: p.containerPort,
        protocol: p.protocol ?? 'TCP',
      });
  }
  const podIPs = (raw.status?.podIPs ?? []).map((x) => x.ip);
  const ips = podIPs.length > 0 ? podIPs : raw.status?.podIP ? [raw.status.podIP] : [];
  return withRange(
    {
      namespace: raw.metadata.namespace ?? 'default',
      name: raw.metadata.name,
      labels: raw.metadata.labels ?? {},
      ips,
      ports,
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

function checkDuplicates(b: Builder, diagnostics: Diagnostic[]): void {
  const seen = new Set<string>();
  for (const id of [...b.pods.map((p) => `${p.namespace}/${p.name}`), ...b.externals.map((e) => e.name)]) {
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
