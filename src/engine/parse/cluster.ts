import { DiagnosticSink } from '../model/diagnostic.ts';
import type { Cluster, ContainerPort, Diagnostic, ExternalEndpoint, Namespace, Pod, Protocol, Result, Scenario, Service } from '../model/types.ts';
import { scenarioSpecSchema } from '../schema/scenario.ts';
import { externalEndpointSpec, namespaceSpec, podSpec, serviceSpec } from '../validate/cluster-specs.ts';
import { isObject, walkFields, type FieldSpec } from '../validate/field-spec.ts';
import { parseManifests, type ParseOptions } from './manifests.ts';
import { findPolicyKind } from './registry.ts';
import type { SourceDoc } from './source.ts';

/** The label the API server adds to every namespace. https://kubernetes.io/docs/concepts/services-networking/network-policies/#targeting-a-namespace-by-its-name */
export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

type Raw = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- validated by the field specs before use

interface Builder {
  namespaces: Map<string, Namespace>;
  pods: Pod[];
  services: Service[];
  externals: ExternalEndpoint[];
  scenario?: Scenario;
}

/** Reads namespaces, pods, services, external endpoints and the Scenario document. Never throws. */
export function loadCluster(text: string, options: ParseOptions = {}): Result<Cluster> {
  const parsed = parseManifests(text, options);
  const diagnostics: Diagnostic[] = [...parsed.diagnostics];
  const b: Builder = { namespaces: new Map(), pods: [], services: [], externals: [] };
  for (const doc of parsed.documents) {
    const sink = new DiagnosticSink(doc);
    addDocument(doc, sink, b);
    diagnostics.push(...sink.diagnostics);
  }
  if (diagnostics.some((d) => d.severity === 'error')) return { ok: false, diagnostics };
  for (const pod of [...b.pods, ...b.services]) {
    if (!b.namespaces.has(pod.namespace)) b.namespaces.set(pod.namespace, { name: pod.namespace, labels: { [NAMESPACE_NAME_LABEL]: pod.namespace } });
  }
  checkDuplicates(b, diagnostics);
  const cluster: Cluster = { namespaces: [...b.namespaces.values()], pods: b.pods, services: b.services, externals: b.externals, ...(b.scenario ? { scenario: b.scenario } : {}) };
  return { ok: true, value: cluster, diagnostics };
}

function addDocument(doc: SourceDoc, sink: DiagnosticSink, b: Builder): void {
  const value = doc.value;
  if (!isObject(value)) {
    sink.add('invalid-type', [], 'expected a Kubernetes object with apiVersion and kind');
    return;
  }
  const kind = String(value.kind);
  const check = (spec: FieldSpec): boolean => walkFields(spec, value, [], sink) && !sink.hasErrors;
  const raw = value as Raw;
  switch (`${String(value.apiVersion)} ${kind}`) {
    case 'v1 Namespace':
      if (check(namespaceSpec)) b.namespaces.set(raw.metadata.name, toNamespace(raw, doc));
      return;
    case 'v1 Pod':
      if (check(podSpec)) b.pods.push(toPod(raw, doc));
      return;
    case 'v1 Service':
      if (check(serviceSpec)) b.services.push(toService(raw, doc));
      return;
    case 'netpol-lab/v1 ExternalEndpoint':
      if (check(externalEndpointSpec)) b.externals.push(toExternal(raw, doc));
      return;
    case 'netpol-lab/v1 Scenario':
      {
        const scenario = toScenario(raw, doc, sink);
        if (scenario) b.scenario = scenario;
      }
      return;
  }
  if (findPolicyKind(String(value.apiVersion), kind)) {
    sink.add('cluster/policy-ignored', ['kind'], `${kind} in the cluster file is not applied here; pass it with --policies`, { severity: 'info' });
  } else {
    sink.add('unknown-kind', ['kind'], `kind "${kind}" (apiVersion "${String(value.apiVersion)}") is not used by the engine and was ignored`, { severity: 'warning' });
  }
}

function rangeOf(doc: SourceDoc): { range?: NonNullable<SourceDoc['range']> } {
  return doc.range ? { range: doc.range } : {};
}

function toNamespace(raw: Raw, doc: SourceDoc): Namespace {
  const name = String(raw.metadata.name);
  return { name, labels: { [NAMESPACE_NAME_LABEL]: name, ...(raw.metadata.labels ?? {}) }, ...rangeOf(doc) };
}

function toPod(raw: Raw, doc: SourceDoc): Pod {
  const ports: ContainerPort[] = [];
  for (const container of raw.spec?.containers ?? []) {
    for (const p of container?.ports ?? []) {
      ports.push({ ...(p.name ? { name: String(p.name) } : {}), containerPort: Number(p.containerPort), protocol: (p.protocol ?? 'TCP') as Protocol });
    }
  }
  const podIPs: string[] = (raw.status?.podIPs ?? []).map((x: Raw) => String(x.ip));
  const ips = podIPs.length > 0 ? podIPs : raw.status?.podIP ? [String(raw.status.podIP)] : [];
  return { namespace: String(raw.metadata.namespace ?? 'default'), name: String(raw.metadata.name), labels: raw.metadata.labels ?? {}, ips, ports, ...rangeOf(doc) };
}

function toService(raw: Raw, doc: SourceDoc): Service {
  const ports = (raw.spec?.ports ?? []).map((p: Raw) => ({
    ...(p.name ? { name: String(p.name) } : {}),
    port: Number(p.port),
    targetPort: p.targetPort ?? p.port,
    protocol: (p.protocol ?? 'TCP') as Protocol,
  }));
  const clusterIPs: string[] = raw.spec?.clusterIPs ?? (raw.spec?.clusterIP ? [raw.spec.clusterIP] : []);
  return { namespace: String(raw.metadata.namespace ?? 'default'), name: String(raw.metadata.name), selector: raw.spec?.selector ?? {}, ports, clusterIPs, ...rangeOf(doc) };
}

function toExternal(raw: Raw, doc: SourceDoc): ExternalEndpoint {
  return { name: String(raw.metadata.name), ips: raw.spec.ips, dnsNames: raw.spec.dnsNames ?? [], entity: raw.spec.entity ?? 'world', ...rangeOf(doc) };
}

function toScenario(raw: Raw, doc: SourceDoc, sink: DiagnosticSink): Scenario | undefined {
  const parsed = scenarioSpecSchema.safeParse(raw.spec);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const path = ['spec', ...issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p))];
      sink.add('invalid-value', path, `${path.join('.')}: Invalid value: ${issue.message}`);
    }
    return undefined;
  }
  const spec = parsed.data;
  return { name: String(raw.metadata?.name ?? ''), title: spec.title, description: spec.description, layout: spec.layout, ports: spec.ports, ...rangeOf(doc) };
}

function checkDuplicates(b: Builder, diagnostics: Diagnostic[]): void {
  const seen = new Set<string>();
  for (const id of [...b.pods.map((p) => `${p.namespace}/${p.name}`), ...b.externals.map((e) => e.name)]) {
    if (seen.has(id)) diagnostics.push({ code: 'duplicate-object', severity: 'warning', message: `endpoint ${id} is defined twice; flows use the first one`, path: 'metadata.name' });
    seen.add(id);
  }
}
