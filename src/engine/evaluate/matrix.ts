import type { EndpointView } from '../model/endpoint.ts';
import type { EndpointId, Flow } from '../model/types.ts';
import type { FlowChange, FlowVerdict, PortProtocol } from '../model/verdict.ts';
import type { Analysis } from './analysis.ts';
import { dnsVisibleNames } from './dns.ts';
import { allowsDirection, evaluateFlow } from './flow.ts';

/** Reachability of every endpoint pair over some ports, computed once per pair of equivalence classes. */
export interface Matrix {
  /** Row and column order: pods (`namespace/pod`), then external endpoints. */
  readonly endpoints: readonly EndpointId[];
  readonly ports: readonly PortProtocol[];
  /** Number of equivalence classes evaluated (classes² × ports pair evaluations). */
  readonly classCount: number;
  /** Whether `from` may open a connection to `to` on `ports[portIndex]` (indexes into `endpoints`). */
  allowed(from: number, to: number, portIndex?: number): boolean;
  /** The full verdict with explanation (computed on demand). */
  verdict(from: number, to: number, portIndex?: number): FlowVerdict;
}

/**
 * Computes the whole-cluster truth table for the given ports, once per pair of classes: a pair is allowed
 * when the source's egress AND the destination's ingress allow it (the same combiner and rule matcher as
 * `evaluateFlow`, asked without effects), and, towards an external endpoint with DNS names, the source's
 * lookup is allowed.
 */
export function evaluateMatrix(analysis: Analysis, ports: readonly PortProtocol[]): Matrix {
  const classes = analysis.classes;
  const n = classes.length;
  const reps = classes.map((c) => c.representative);
  const lookups = new Map<number, boolean>();
  const lookupOk = (a: number, from: EndpointView): boolean => {
    let ok = lookups.get(a);
    if (ok === undefined) {
      ok = lookupAllowed(analysis, from);
      lookups.set(a, ok);
    }
    return ok;
  };
  const tables = ports.map(({ port, protocol }) => {
    const table = new Uint8Array(n * n);
    for (let a = 0; a < n; a++) {
      const from = reps[a] as EndpointView;
      for (let b = 0; b < n; b++) {
        const to = reps[b] as EndpointView;
        const named = from.kind === 'pod' && to.kind === 'external' && to.external.dnsNames.length > 0;
        const observed = named ? dnsVisibleNames(analysis, from, to.external.dnsNames) : [];
        const ok =
          allowsDirection(analysis, 'egress', from, to, port, protocol, observed) &&
          allowsDirection(analysis, 'ingress', from, to, port, protocol, observed) &&
          (!named || lookupOk(a, from));
        table[a * n + b] = ok ? 1 : 0;
      }
    }
    return table;
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
  return {
    endpoints: analysis.endpoints.map((e) => e.id),
    ports,
    classCount: n,
    allowed: (from, to, portIndex = 0) => {
      if (from === to && analysis.endpoints[from]?.kind === 'pod') return true; // loopback
      return tables[portIndex]?.[(classOf[from] ?? 0) * n + (classOf[to] ?? 0)] === 1;
    },
    verdict: (from, to, portIndex = 0) => evaluateFlow(analysis, flowOf(from, to, portIndex)),
  };
}

function lookupAllowed(analysis: Analysis, from: EndpointView): boolean {
  const resolver = analysis.resolver;
  if (!resolver || from === resolver) return true;
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
