import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { expect } from 'vitest';
import {
  analyze,
  loadCluster,
  loadPolicies,
  summarizeFlow,
  explainFlow,
  renderExplanation,
  type FlowVerdict,
  type AnalysisHandle,
  type Cluster,
  type Diagnostic,
  type EngineOptions,
  type Protocol,
} from '../../src/engine/index.ts';

/** Loads a cluster or fails the test with its diagnostics. */
export function cluster(yaml: string): Cluster {
  const result = loadCluster(yaml, { file: 'cluster.yaml' });
  if (!result.ok)
    throw new Error(result.diagnostics.map((d) => `${d.range?.line ?? 0}: ${d.message}`).join('\n'));
  return result.value;
}

/** Loads policies, failing the test on any error. */
export function policies(yaml: string): ReturnType<typeof loadPolicies>['policies'] {
  const loaded = loadPolicies(yaml, { file: 'policies.yaml' });
  const errors = loaded.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) throw new Error(errors.map((d) => `${d.range?.line ?? 0}: ${d.message}`).join('\n'));
  return loaded.policies;
}

/** Analyzes a cluster and policies given as YAML. */
export function analysisOf(
  clusterYaml: string,
  policiesYaml: string,
  options: Partial<EngineOptions> = {},
): AnalysisHandle {
  return analyze(cluster(clusterYaml), policies(policiesYaml), options);
}

/** Returns the tiers one direction of a verdict went through, as the CLI prints them. */
export function chainOf(verdict: FlowVerdict, direction: 'egress' | 'ingress'): string | undefined {
  return explainFlow(verdict).sections.find((s) => s.kind === direction)?.chain;
}

/** Returns every line of a verdict's explanation, as plain text. */
export function explanationText(verdict: FlowVerdict): string {
  return renderExplanation(explainFlow(verdict));
}

/** Asserts one flow's verdict. */
export function expectVerdict(analysis: AnalysisHandle, flow: string, verdict: 'allow' | 'deny'): void {
  const [from = '', to = '', portProto = ''] = flow.split(/\s+/);
  const [port = '0', protocol = 'TCP'] = portProto.split('/');
  const result = analysis.evaluateFlow({ from, to, port: Number(port), protocol: protocol as Protocol });
  expect(result.allowed ? 'allow' : 'deny', `${flow}: ${summarizeFlow(result)}`).toBe(verdict);
}

/** Asserts that loading `yaml` as policies reports `code` at `line`. */
export function expectDiagnostic(
  yaml: string,
  want: { code: string; line: number; message?: string | RegExp },
): Diagnostic {
  const { diagnostics } = loadPolicies(yaml, { file: 'p.yaml' });
  const found = diagnostics.find((d) => d.code === want.code && d.range?.line === want.line);
  expect(
    found,
    `expected ${want.code} at line ${want.line}, got:\n${diagnostics.map((d) => `${d.range?.line ?? '?'} ${d.code} ${d.message}`).join('\n')}`,
  ).toBeDefined();
  if (found && want.message !== undefined) expect(found.message).toMatch(want.message);
  return found as Diagnostic;
}

/** Reads every `*.yaml` fixture of a folder as `[name, parsed]` pairs for `test.each`. */
export function fixtures<T>(dir: string): [string, T][] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => [f.replace(/\.yaml$/, ''), parse(readFileSync(join(dir, f), 'utf8')) as T]);
}
