/**
 * The engine's ways of answering "may this flow connect?", each as one function from the analysed
 * inputs and a list of flows to one answer per flow (undefined where a path does not cover the flow,
 * e.g. the matrix has no Services). The differential test and the fixtures compare every path here
 * with the oracle; add or change a path in this one place.
 */
import {
  analyze,
  type AnalysisHandle,
  type Cluster,
  type Flow,
  type Policy,
  type PortProtocol,
} from '../../src/engine/index.ts';
import type { OracleOptions, Outcome } from './oracle.ts';

/** One path's answer for one flow (outcome only where the path reports it). */
export interface PathAnswer {
  readonly allowed: boolean;
  readonly outcome?: Outcome;
}

/** What every path is given. */
export interface PathInput {
  readonly cluster: Cluster;
  readonly policies: readonly Policy[];
  readonly options: OracleOptions;
  readonly analysis: AnalysisHandle;
  /** The ports whole-cluster paths are computed for (every flow's port is among them). */
  readonly ports: readonly PortProtocol[];
}

/** A named engine path. */
export interface EnginePath {
  readonly name: string;
  answers(input: PathInput, flows: readonly Flow[]): readonly (PathAnswer | undefined)[];
}

/** Analyses the inputs once for every path. */
export function pathInput(
  cluster: Cluster,
  policies: readonly Policy[],
  options: OracleOptions,
  ports: readonly PortProtocol[],
): PathInput {
  const analysis = analyze(cluster, policies, options);
  return { cluster, policies, options, analysis, ports };
}

/** Looks a flow up in a whole-cluster matrix: the row, column and port indices, or undefined. */
function matrixCell(
  endpoints: readonly string[],
  ports: readonly PortProtocol[],
  flow: Flow,
): [number, number, number] | undefined {
  const from = endpoints.indexOf(flow.from);
  const to = endpoints.indexOf(flow.to);
  const port = ports.findIndex((p) => p.port === flow.port && p.protocol === flow.protocol);
  return from < 0 || to < 0 || port < 0 ? undefined : [from, to, port];
}

/** `analysis.evaluateFlow(flow)`: the per-flow verdict, allowed and outcome. */
const evaluateFlowPath: EnginePath = {
  name: 'evaluateFlow',
  answers: ({ analysis }, flows) =>
    flows.map((flow) => {
      const verdict = analysis.evaluateFlow(flow);
      return { allowed: verdict.allowed, outcome: verdict.outcome };
    }),
};

/** `analysis.matrix(ports).allowed(i, j, p)`: the whole-cluster truth table. */
const matrixPath: EnginePath = {
  name: 'matrix.allowed',
  answers: ({ analysis, ports }, flows) => {
    const matrix = analysis.matrix(ports);
    return flows.map((flow) => {
      const cell = matrixCell(matrix.endpoints, matrix.ports, flow);
      return cell ? { allowed: matrix.allowed(...cell) } : undefined;
    });
  },
};

/** `analysis.matrix(ports).verdict(i, j, p)`: the verdict the sandbox shows next to a matrix cell. */
const matrixVerdictPath: EnginePath = {
  name: 'matrix.verdict',
  answers: ({ analysis, ports }, flows) => {
    const matrix = analysis.matrix(ports);
    return flows.map((flow) => {
      const cell = matrixCell(matrix.endpoints, matrix.ports, flow);
      if (!cell) return undefined;
      const verdict = matrix.verdict(...cell);
      return { allowed: verdict.allowed, outcome: verdict.outcome };
    });
  },
};

/** `analysis.renderFlows(flows, render)`: the CLI's many-flow path, one evaluation per class pair. */
const renderFlowsPath: EnginePath = {
  name: 'renderFlows',
  answers: ({ analysis }, flows) =>
    [...analysis.renderFlows(flows, (v) => JSON.stringify({ allowed: v.allowed, outcome: v.outcome }))].map(
      (text) => JSON.parse(text) as PathAnswer,
    ),
};

/** Every path the oracle checks. */
export const ENGINE_PATHS: readonly EnginePath[] = [
  evaluateFlowPath,
  matrixPath,
  matrixVerdictPath,
  renderFlowsPath,
];
