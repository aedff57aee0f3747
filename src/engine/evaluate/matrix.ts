import type { EndpointView } from '../model/endpoint.ts';
import type { DirectionQuery } from '../model/target.ts';
import type { Direction, EndpointId, Flow, Protocol } from '../model/types.ts';
import { slotsOf } from '../match/address.ts';
import type { FlowChange, FlowVerdict, PortProtocol } from '../model/verdict.ts';
import type { Analysis } from './analysis.ts';
import { dnsVisibleNames } from './dns.ts';
import { allowsDirection, directionQuery, directionRows, evaluateFlow, isResolver } from './flow.ts';
import { ANSWER, type DirectionAnswer, type DirectionRows } from './outcomes.ts';

/** Reachability of every endpoint pair over some ports, computed once per pair of equivalence classes. */
export interface Matrix {
  /** Row and column order: pods (`namespace/pod`), then external endpoints. */
  readonly endpoints: readonly EndpointId[];
  readonly ports: readonly PortProtocol[];
  /** Number of equivalence classes evaluated (classes² × ports pair evaluations). */
  readonly classCount: number;
  /** Whether `from` may open a connection to `to` on `ports[portIndex]` (indexes into `endpoints`). */
  allowed(from: number, to: number, portIndex?: number): boolean;
  /**
   * Whether that connection opens with its requests filtered by L7 HTTP rules (Cilium), in either
   * direction: it is allowed, and each request on it is judged by those rules.
   */
  filtered(from: number, to: number, portIndex?: number): boolean;
  /** The full verdict with explanation (computed on demand). */
  verdict(from: number, to: number, portIndex?: number): FlowVerdict;
}

/**
 * The whole-cluster truth table for the given ports, once per pair of classes and computed when first asked: a pair is allowed
 * when the source's egress AND the destination's ingress allow it (the same combiner and rule matcher as
 * `evaluateFlow`, asked without effects), and, towards an external endpoint with DNS names, the source's
 * lookup is allowed.
 */
export function evaluateMatrix(analysis: Analysis, ports: readonly PortProtocol[]): Matrix {
  const classes = analysis.classes;
  const n = classes.length;
  const reps = classes.map((c) => c.representative);
  const slots = reps.map((r) => slotsOf(r));
  // Per class: 1 when its first address is IPv4, 2 when IPv6 (indexes `slotTowards`), 0 without one.
  const family = Uint8Array.from(slots, (s) => (s[0]?.ip.family === 4 ? 1 : s[0]?.ip.family === 6 ? 2 : 0));
  const named4 = Uint8Array.from(reps, (r) =>
    r.kind === 'external' && r.external.dnsNames.length > 0 ? 1 : 0,
  );
  const lookups = new Map<number, boolean>();
  const lookupOk = (a: number, from: EndpointView): boolean => {
    let ok = lookups.get(a);
    if (ok === undefined) {
      ok = lookupAllowed(analysis, from);
      lookups.set(a, ok);
    }
    return ok;
  };
  // Cells are computed when first asked (0 unknown, then `ANSWER` codes): views that show a window of a
  // large table, or follow one pod, pay only for what they show.
  const tables = ports.map(({ port, protocol }) => {
    // Rows per class and direction, built when first needed (null: the class is not a pod).
    const egressRows: (DirectionRows | null | undefined)[] = new Array<DirectionRows | null | undefined>(n);
    const ingressRows: (DirectionRows | null | undefined)[] = new Array<DirectionRows | null | undefined>(n);
    const rowOf = (
      rows: (DirectionRows | null | undefined)[],
      direction: Direction,
      c: number,
    ): DirectionRows | null => {
      let row = rows[c];
      if (row === undefined) {
        const r = reps[c];
        row = r?.kind === 'pod' ? directionRows(analysis, r, direction, port, protocol) : null;
        rows[c] = row;
      }
      return row;
    };
    const cells = new Uint8Array(n * n);
    const pair = new PairQueries(analysis, port, protocol);
    return (a: number, b: number): DirectionAnswer => {
      const known = cells[a * n + b] ?? 0;
      if (known !== 0) return known as DirectionAnswer;
      const from = reps[a] as EndpointView;
      const to = reps[b] as EndpointView;
      const named = named4[b] === 1 && from.kind === 'pod' && !isResolver(from);
      pair.set(
        from,
        to,
        named && to.kind === 'external' ? dnsVisibleNames(analysis, from, to.external.dnsNames) : [],
      );
      // Decision 0013: egress tests the destination's first address, ingress the source's of that family.
      const fam = family[b] ?? 0;
      const sourceSlot = fam === 1 && slots[a]?.[1] ? 1 : fam === 2 && slots[a]?.[2] ? 2 : 0;
      const egress = rowOf(egressRows, 'egress', a)?.answer(b, 0, pair.egress) ?? ANSWER.allowed;
      const ingress =
        egress === ANSWER.denied
          ? ANSWER.denied
          : (rowOf(ingressRows, 'ingress', b)?.answer(a, sourceSlot, pair.ingress) ?? ANSWER.allowed);
      const answer =
        ingress === ANSWER.denied || (named && !lookupOk(a, from))
          ? ANSWER.denied
          : egress === ANSWER.filtered || ingress === ANSWER.filtered
            ? ANSWER.filtered
            : ANSWER.allowed;
      cells[a * n + b] = answer;
      return answer;
    };
  });
  const classOf = analysis.classOf;
  const flowOf = (from: number, to: number, portIndex: number): Flow => {
    const p = ports[portIndex] ?? { port: 0, protocol: 'TCP' };
    return {
      from: analysis.endpoints[from]?.id ?? '',
      to: analysis.endpoints[to]?.id ?? '',
      port: p.port,
      protocol: p.protocol,
    };
  };
  // A pod talking to itself; a workload's template stands for two or more of its pods, so it never is.
  const loopback = (i: number): boolean => {
    const view = analysis.endpoints[i];
    return view?.kind === 'pod' && view.pod.template === undefined;
  };
  return {
    endpoints: analysis.endpoints.map((e) => e.id),
    ports,
    classCount: n,
    allowed: (from, to, portIndex = 0) => {
      if (from === to && loopback(from)) return true; // loopback
      const cell = tables[portIndex]?.(classOf[from] ?? 0, classOf[to] ?? 0);
      return cell !== undefined && cell !== ANSWER.denied;
    },
    filtered: (from, to, portIndex = 0) => {
      if (from === to && loopback(from)) return false; // loopback
      return tables[portIndex]?.(classOf[from] ?? 0, classOf[to] ?? 0) === ANSWER.filtered;
    },
    verdict: (from, to, portIndex = 0) => evaluateFlow(analysis, flowOf(from, to, portIndex)),
  };
}

/** Builds the queries of the pair being filled in, only when a cached outcome is missing (no allocation per pair). */
class PairQueries {
  private from: EndpointView | undefined;
  private to: EndpointView | undefined;
  private observed: readonly string[] = [];
  private readonly analysis: Analysis;
  private readonly port: number;
  private readonly protocol: Protocol;
  readonly egress = (): DirectionQuery => this.query('egress');
  readonly ingress = (): DirectionQuery => this.query('ingress');

  constructor(analysis: Analysis, port: number, protocol: Protocol) {
    this.analysis = analysis;
    this.port = port;
    this.protocol = protocol;
  }

  set(from: EndpointView, to: EndpointView, observed: readonly string[]): void {
    this.from = from;
    this.to = to;
    this.observed = observed;
  }

  private query(direction: Direction): DirectionQuery {
    if (!this.from || !this.to) throw new Error('no pair set');
    return directionQuery(
      this.analysis,
      direction,
      this.from,
      this.to,
      this.port,
      this.protocol,
      this.observed,
    );
  }
}

function lookupAllowed(analysis: Analysis, from: EndpointView): boolean {
  const resolver = analysis.resolver;
  if (!resolver) return true;
  return (
    allowsDirection(analysis, 'egress', from, resolver, 53, 'UDP') &&
    allowsDirection(analysis, 'ingress', from, resolver, 53, 'UDP')
  );
}

/** Flows whose verdict differs between two matrices (matched by endpoint id and port; pairs in only one are skipped). */
export function diffMatrices(before: Matrix, after: Matrix): FlowChange[] {
  const changes: FlowChange[] = [];
  const indexAfter = new Map(after.endpoints.map((id, i) => [id, i]));
  const portAfter = new Map(after.ports.map((p, i) => [`${p.port}/${p.protocol}`, i]));
  before.ports.forEach((p, pb) => {
    const pa = portAfter.get(`${p.port}/${p.protocol}`);
    if (pa === undefined) return;
    before.endpoints.forEach((from, fb) => {
      const fa = indexAfter.get(from);
      if (fa === undefined) return;
      before.endpoints.forEach((to, tb) => {
        const ta = indexAfter.get(to);
        if (ta === undefined) return;
        const was = before.allowed(fb, tb, pb);
        const now = after.allowed(fa, ta, pa);
        if (was !== now)
          changes.push({ flow: { from, to, port: p.port, protocol: p.protocol }, before: was, after: now });
      });
    });
  });
  return changes;
}

/** Renders one port of a matrix as a text grid: rows are sources, `.` allowed, `X` denied. */
export function renderMatrix(matrix: Matrix, portIndex = 0): string {
  const ids = matrix.endpoints;
  const width = Math.max(4, ...ids.map((id) => id.length));
  const header = `${''.padEnd(width)} ${ids.map((id) => id.padEnd(width)).join(' ')}`.trimEnd();
  const rows = ids.map((from, i) =>
    `${from.padEnd(width)} ${ids.map((_, j) => (matrix.allowed(i, j, portIndex) ? '.' : 'X').padEnd(width)).join(' ')}`.trimEnd(),
  );
  return [header, ...rows].join('\n');
}
