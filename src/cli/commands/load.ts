import { analyze, type AnalysisHandle, type Flow, type Policy } from '../../engine/index.ts';
import { single, UsageError, type ParsedArgs } from '../args.ts';
import { unknownEndpoint } from '../endpoint-names.ts';
import {
  manifestSources,
  readManifests,
  type FlowSource,
  type InputProblems,
  type ManifestSources,
} from '../input.ts';

/** Options every command that reads a cluster and policies takes. */
export const COMMON = ['cluster', 'policies', 'manifests', 'ip-block-matches-pods'];

/** Where a command's cluster and policies come from, and the engine option it was given. */
export interface AnalysisInputs extends ManifestSources {
  readonly ipBlockMatchesPods: boolean | undefined;
}

/** Returns the `--output` format, one of `formats` (the first is the default). */
export function outputOption<const F extends string>(args: ParsedArgs, formats: readonly [F, ...F[]]): F {
  const output = single(args, 'output') ?? formats[0];
  const format = formats.find((f) => f === output);
  if (format === undefined)
    throw new UsageError(
      `--output must be ${formats.join(', ').replace(/, ([^,]*)$/, ' or $1')}, got "${output}"`,
    );
  return format;
}

/** The inputs of a command that reads a cluster and policies (usage errors thrown here). */
export function analysisInputs(args: ParsedArgs): AnalysisInputs {
  const sources = manifestSources(args);
  const ipOption = single(args, 'ip-block-matches-pods');
  if (ipOption !== undefined && ipOption !== 'true' && ipOption !== 'false')
    throw new UsageError('--ip-block-matches-pods must be true or false');
  return { ...sources, ipBlockMatchesPods: ipOption === undefined ? undefined : ipOption === 'true' };
}

/** Returns the engine options the inputs ask for. */
export function engineOptions(inputs: AnalysisInputs): { ipBlockMatchesPods?: boolean } {
  return inputs.ipBlockMatchesPods === undefined ? {} : { ipBlockMatchesPods: inputs.ipBlockMatchesPods };
}

/** Reads the cluster and policies and analyzes them; undefined (with diagnostics) when the input is invalid. */
export function loadAnalysis(inputs: AnalysisInputs, problems: InputProblems): AnalysisHandle | undefined {
  const read = loadInputs(inputs, problems);
  return read && analyze(read.cluster, read.policies, engineOptions(inputs));
}

/** Reads the cluster and policies; undefined (with diagnostics) when the input is invalid. */
export function loadInputs(
  inputs: AnalysisInputs,
  problems: InputProblems,
):
  | { cluster: NonNullable<ReturnType<typeof readManifests>['cluster']>; policies: readonly Policy[] }
  | undefined {
  const { cluster, policies } = readManifests(inputs, problems);
  if (!cluster || problems.failed) return undefined;
  return { cluster, policies };
}

/** Adds a diagnostic for each end of the flow that names nothing, or names something that cannot be that end. */
export function checkEndpoints(
  analysis: AnalysisHandle,
  flow: Flow,
  problems: InputProblems,
  at?: FlowSource,
): void {
  const from = analysis.resolve(flow.from);
  const near = from?.kind === 'unit' ? from.unit.namespace : undefined;
  for (const end of ['from', 'to'] as const) {
    const unknown = unknownEndpoint(analysis, flow[end], end, at, near);
    if (unknown) problems.diagnostics.push(unknown);
  }
}
