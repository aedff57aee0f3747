import {
  analyze,
  type AnalysisHandle,
  type Cluster,
  type EndpointUnit,
  type EngineOptions,
  type Policy,
  type Reach,
} from '../../engine/index.ts';
import { connSetOf, isEmpty, type ConnSet } from './conn-set.ts';
import { outsideRanges, policyCidrs, withOutside } from './outside.ts';
import { portIntervals, samplePorts, type PortInterval } from './port-intervals.ts';

/** How the list stands for what is outside the cluster. */
export type Outside = 'declared' | 'ranges';

/** What one unit may open to another: on every member pair (`allowed`), or on some only (`mixed`). */
export interface UnitPair {
  readonly from: EndpointUnit;
  readonly to: EndpointUnit;
  /** The answer on each interval. */
  readonly reach: readonly Reach[];
  readonly allowed: ConnSet;
  readonly mixed: ConnSet;
}

/** Analyses of one cluster under several policy versions, with the same units and the same outside. */
export interface ListAnalyses {
  readonly analyses: readonly AnalysisHandle[];
  readonly outside: Outside;
  /** Port intervals none of the versions splits. */
  readonly intervals: readonly PortInterval[];
}

/**
 * Analyzes the cluster under each policy version. A cluster without ExternalEndpoints gets the outside
 * as the address ranges the versions' CIDRs tell apart (decision 0081), the same ranges for every version.
 */
export function listAnalyses(
  cluster: Cluster,
  versions: readonly (readonly Policy[])[],
  options: Partial<EngineOptions>,
): ListAnalyses {
  let analyses = versions.map((policies) => analyze(cluster, policies, options));
  const outside: Outside = cluster.externals.length > 0 ? 'declared' : 'ranges';
  if (outside === 'ranges') {
    const withRanges = withOutside(cluster, outsideRanges(analyses.flatMap(policyCidrs)));
    analyses = versions.map((policies) => analyze(withRanges, policies, options));
  }
  return { analyses, outside, intervals: portIntervals(...analyses) };
}

/**
 * Every ordered pair of distinct units, with what the source may open to the destination on each
 * interval. Pairs of two external endpoints are left out: no policy applies between them.
 */
export function* unitPairs(
  analysis: AnalysisHandle,
  intervals: readonly PortInterval[],
): Generator<UnitPair> {
  const matrix = analysis.unitMatrix(samplePorts(intervals));
  const units = matrix.units;
  for (let i = 0; i < units.length; i++)
    for (let j = 0; j < units.length; j++) {
      const from = units[i];
      const to = units[j];
      if (i === j || !from || !to || (from.kind === 'external' && to.kind === 'external')) continue;
      const reach = intervals.map((_, p) => matrix.reach(i, j, p));
      yield {
        from,
        to,
        reach,
        allowed: connSetOf(intervals, (p) => reach[p] === 'allowed'),
        mixed: connSetOf(intervals, (p) => reach[p] === 'mixed'),
      };
    }
}

/** The pairs with some connection, allowed or mixed: the connectivity list. */
export function connectivityList(analysis: AnalysisHandle, intervals: readonly PortInterval[]): UnitPair[] {
  return [...unitPairs(analysis, intervals)].filter((p) => !isEmpty(p.allowed) || !isEmpty(p.mixed));
}
