import type { Policy } from '../model/policy.ts';
import type { Cluster, Diagnostic, Flow } from '../model/types.ts';
import type { FlowVerdict, PortProtocol } from '../model/verdict.ts';
import { explainFlow, type ExplanationLine } from '../explain/explain.ts';
import { lintPolicies } from '../lint/cluster-lint.ts';
import { buildAnalysis, type Analysis } from './analysis.ts';
import { evaluateFlow } from './flow.ts';
import { evaluateMatrix, type Matrix } from './matrix.ts';
import { renderFlowsShared, shareFlowTexts, type FlowTemplate, type FlowText } from './shared-flows.ts';
import type { EngineOptions } from './target.ts';

/** An analysis with its questions as methods, for UI code that holds one object per edit. */
export interface AnalysisHandle extends Analysis {
  /** The verdict of one flow. */
  evaluateFlow(flow: Flow): FlowVerdict;
  /** The whole-cluster truth table over some ports (cached per port list). */
  matrix(ports: readonly PortProtocol[]): Matrix;
  /**
   * `render(verdict)` of every flow, in order, produced lazily; flows whose ends are in the same
   * classes on the same port share one evaluation (see `renderFlowsShared`).
   */
  renderFlows(flows: readonly Flow[], render: (verdict: FlowVerdict) => string): Iterable<string>;
  /**
   * The same as `renderFlows`, as shared templates and each flow's values; `prepare` turns each
   * template into what the caller keeps (e.g. its encoded bytes), once per template.
   */
  renderFlowTexts<P>(
    flows: readonly Flow[],
    render: (verdict: FlowVerdict) => string,
    prepare: (template: FlowTemplate) => P,
  ): Iterable<FlowText<P>>;
  /** The verdict of one flow in plain-words lines. */
  explain(flow: Flow): ExplanationLine[];
  /** Cluster-aware lint warnings (computed once, on first call). */
  lint(): readonly Diagnostic[];
}

/** Compiles the policies once against the cluster; every later question reuses the compiled targets. */
export function analyze(
  cluster: Cluster,
  policies: readonly Policy[],
  options: Partial<EngineOptions> = {},
): AnalysisHandle {
  const analysis = buildAnalysis(cluster, policies, options);
  const matrices = new Map<string, Matrix>();
  let lint: readonly Diagnostic[] | undefined;
  const handle: AnalysisHandle = {
    ...analysis,
    evaluateFlow: (flow) => evaluateFlow(handle, flow),
    matrix: (ports) => {
      const key = ports.map((p) => `${p.port}/${p.protocol}`).join(',');
      let matrix = matrices.get(key);
      if (!matrix) {
        matrix = evaluateMatrix(handle, ports);
        matrices.set(key, matrix);
      }
      return matrix;
    },
    renderFlows: (flows, render) => renderFlowsShared(handle, flows, render),
    renderFlowTexts: (flows, render, prepare) => shareFlowTexts(handle, flows, render, prepare),
    explain: (flow) => explainFlow(evaluateFlow(handle, flow)),
    lint: () => (lint ??= lintPolicies(handle)),
  };
  return handle;
}
