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

const REACHES: readonly Reach[] = ['denied', 'allowed', 'mixed'];

/**
 * The unit matrix's answer for every unit pair on every interval, one byte each. Asked one port at a time:
 * the unit matrix remembers each answer it gives, so one matrix over all ports would hold units² × ports
 * answers at once.
 */
function reachTable(analysis: AnalysisHandle, intervals: readonly PortInterval[]): Uint8Array {
  const n = analysis.units.length;
  const table = new Uint8Array(n * n * intervals.length);
  samplePorts(intervals).forEach((port, p) => {
    const matrix = analysis.unitMatrix([port]);
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++)
        table[(i * n + j) * intervals.length + p] = REACHES.indexOf(matrix.reach(i, j));
  });
  return table;
}

/**
 * Every ordered pair of distinct units, with what the source may open to the destination on each
 * interval. Pairs of two external endpoints are left out: no policy applies between them.
 */
export function* unitPairs(
  analysis: AnalysisHandle,
  intervals: readonly PortInterval[],
): Generator<UnitPair> {
  const units = analysis.units;
  const n = units.length;
  const count = intervals.length;
  const table = reachTable(analysis, intervals);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      const from = units[i];
      const to = units[j];
      if (i === j || !from || !to || (from.kind === 'external' && to.kind === 'external')) continue;
      const at = (i * n + j) * count;
      const reach = intervals.map((_, p) => REACHES[table[at + p] ?? 0] ?? 'denied');
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
