import type { EngineOptions } from '../model/endpoint.ts';
import type { Policy } from '../model/policy.ts';
import type { Cluster, Diagnostic, Flow } from '../model/types.ts';
import type { FlowVerdict, PortProtocol } from '../model/verdict.ts';
import { explainFlow, type Explanation } from '../explain/explain.ts';
import { lintPolicies } from './lint.ts';
import { buildAnalysis, type Analysis } from './analysis.ts';
import { evaluateFlow, type PodPair } from './flow.ts';
import { evaluateMatrix, type Matrix } from './matrix.ts';
import { unitMatrix, type UnitMatrix } from './units.ts';

/** An analysis with its questions as methods, for UI code that holds one object per edit. */
export interface AnalysisHandle extends Analysis {
  /** The verdict of one flow; `pods` tells loopback from two pods of one workload (observed traffic). */
  evaluateFlow(flow: Flow, pods?: PodPair): FlowVerdict;
  /**
   * The verdicts of many flows, in order, produced lazily: flows whose ends are in the same classes on the
   * same port share one evaluation (the verdicts name ends by role, so only the ids and addresses differ).
   */
  evaluateFlows(flows: Iterable<Flow>): Iterable<FlowVerdict>;
  /** The whole-cluster truth table over some ports (cached per port list). */
  matrix(ports: readonly PortProtocol[]): Matrix;
  /** The same table over units (workloads, stray pods, external endpoints). */
  unitMatrix(ports: readonly PortProtocol[]): UnitMatrix;
  /** The verdict of one flow as an explanation in plain words. */
  explain(flow: Flow): Explanation;
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
    evaluateFlow: (flow, pods) => evaluateFlow(handle, flow, pods),
    evaluateFlows: function* (flows) {
      for (const flow of flows) yield evaluateFlow(handle, flow);
    },
    matrix: (ports) => {
      const key = ports.map((p) => `${p.port}/${p.protocol}`).join(',');
      let matrix = matrices.get(key);
      if (!matrix) {
        matrix = evaluateMatrix(handle, ports);
        matrices.set(key, matrix);
      }
      return matrix;
    },
    unitMatrix: (ports) => unitMatrix(handle.units, handle.classOf, handle.matrix(ports)),
    explain: (flow) => explainFlow(evaluateFlow(handle, flow)),
    lint: () => (lint ??= lintPolicies(handle)),
  };
  return handle;
}
