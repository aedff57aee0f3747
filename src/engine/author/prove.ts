import type { EngineOptions } from '../model/endpoint.ts';
import type { Cluster, Diagnostic, Flow } from '../model/types.ts';
import type { FlowChange, PortProtocol } from '../model/verdict.ts';
import { analyze, type AnalysisHandle } from '../evaluate/analyze.ts';
import { diffMatrices } from '../evaluate/matrix.ts';
import { loadPolicies } from '../parse/policies.ts';

/** A policies text loaded and compiled against a cluster. */
export interface Loaded {
  readonly text: string;
  readonly analysis: AnalysisHandle;
  readonly errors: readonly Diagnostic[];
}

/** Returns the policies text analysed against the cluster, with its errors. */
export function loadText(cluster: Cluster, text: string, options: Partial<EngineOptions> = {}): Loaded {
  const { policies, diagnostics } = loadPolicies(text);
  return {
    text,
    analysis: analyze(cluster, policies, options),
    errors: diagnostics.filter((d) => d.severity === 'error'),
  };
}

/** Returns the ports a proof compares: the scenario's ports plus the given ones, each once. */
export function proofPorts(cluster: Cluster, extra: readonly PortProtocol[]): PortProtocol[] {
  const seen = new Map<string, PortProtocol>();
  for (const p of [...(cluster.scenario?.ports ?? []), ...extra])
    seen.set(`${p.port}/${p.protocol}`, { port: p.port, protocol: p.protocol });
  if (seen.size === 0) seen.set('80/TCP', { port: 80, protocol: 'TCP' });
  return [...seen.values()];
}

/** Returns every verdict that differs between two analyses over the ports (the engine's own matrices). */
export function proveChanges(
  before: AnalysisHandle,
  after: AnalysisHandle,
  ports: readonly PortProtocol[],
): FlowChange[] {
  return diffMatrices(before.matrix(ports), after.matrix(ports));
}

/** Whether two flows are the same connection. */
export function sameFlow(a: Flow, b: Flow): boolean {
  return a.from === b.from && a.to === b.to && a.port === b.port && a.protocol === b.protocol;
}

/** Returns `1 connection newly allowed, 2 connections newly denied`, or `no verdict changed`. */
export function describeChanges(changes: readonly FlowChange[]): string {
  const allowed = changes.filter((c) => c.after).length;
  const denied = changes.length - allowed;
  const part = (n: number, what: string): string => `${n} connection${n === 1 ? '' : 's'} newly ${what}`;
  const parts = [
    ...(allowed > 0 ? [part(allowed, 'allowed')] : []),
    ...(denied > 0 ? [part(denied, 'denied')] : []),
  ];
  return parts.length === 0 ? 'no verdict changed' : parts.join(', ');
}
