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
import { verdictJson } from '../../src/cli/commands.ts';
import { evaluateAlone } from '../../src/engine/evaluate/flow.ts';
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

/** Looks a flow up in a whole-cluster matrix: the row, column and port indices, or undefined (matrices hold connections, not requests). */
function matrixCell(
  endpoints: readonly string[],
  ports: readonly PortProtocol[],
  flow: Flow,
): [number, number, number] | undefined {
  if (flow.http) return undefined;
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

/**
 * `analysis.matrix(ports).allowed(i, j, p)`: the whole-cluster truth table; an allowed cell is
 * `requests-filtered` when `filtered(i, j, p)` says HTTP rules judge its requests, else `connected`.
 */
const matrixPath: EnginePath = {
  name: 'matrix.allowed',
  answers: ({ analysis, ports }, flows) => {
    const matrix = analysis.matrix(ports);
    return flows.map((flow) => {
      const cell = matrixCell(matrix.endpoints, matrix.ports, flow);
      if (!cell) return undefined;
      if (!matrix.allowed(...cell)) return { allowed: false };
      return { allowed: true, outcome: matrix.filtered(...cell) ? 'requests-filtered' : 'connected' };
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

/** `analysis.evaluateFlows(flows)`: the many-flow path the CLI uses, one evaluation per class pair and port. */
const evaluateFlowsPath: EnginePath = {
  name: 'evaluateFlows',
  answers: ({ analysis }, flows) =>
    [...analysis.evaluateFlows(flows)].map((v) => ({ allowed: v.allowed, outcome: v.outcome })),
};

/** Each flow evaluated with its own endpoints instead of its classes' representatives. */
const alonePath: EnginePath = {
  name: 'evaluateAlone',
  answers: ({ analysis }, flows) =>
    flows.map((flow) => {
      const verdict = evaluateAlone(analysis, flow);
      return verdict ? { allowed: verdict.allowed, outcome: verdict.outcome } : undefined;
    }),
};

/** The CLI's JSON for each verdict (what `netpol evaluate --output json` prints), read back. */
const cliJsonPath: EnginePath = {
  name: 'cli.verdictJson',
  answers: ({ analysis }, flows) =>
    [...analysis.evaluateFlows(flows)].map((v) => {
      const json = JSON.parse(JSON.stringify(verdictJson(v))) as { allowed: boolean; outcome: Outcome };
      return { allowed: json.allowed, outcome: json.outcome };
    }),
};

/**
 * The explanation read as a learner reads it: allowed when every step it shows passes, and its summary
 * sentence must say the same (a summary that contradicts its own steps answers `undefined`, a mismatch).
 */
const explainPath: EnginePath = {
  name: 'explain',
  answers: ({ analysis }, flows) =>
    flows.map((flow) => {
      const explanation = analysis.explain(flow);
      const steps = explanation.sections.every((s) => s.allowed);
      const said = /^(Via service [^:]*: )?Allowed/.test(explanation.summary);
      if (said !== steps || explanation.allowed !== steps) return { allowed: !steps, outcome: 'connected' };
      return { allowed: steps, outcome: explanation.outcome };
    }),
};

/** Every path the oracle checks. */
export const ENGINE_PATHS: readonly EnginePath[] = [
  evaluateFlowPath,
  matrixPath,
  matrixVerdictPath,
  evaluateFlowsPath,
  alonePath,
  cliJsonPath,
  explainPath,
];
