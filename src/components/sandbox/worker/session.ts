import {
  analyze,
  loadCluster,
  loadPolicies,
  MAX_SHARED_CLUSTER_CHARS,
  MAX_SHARED_POLICIES_CHARS,
  summaryLine,
} from '../../../engine/index.ts';
import type {
  AnalysisHandle,
  Cluster,
  Diagnostic,
  PortProtocol,
  Reach,
  UnitMatrix,
} from '../../../engine/index.ts';
import type { CompletionData } from '../editor-support.ts';
import { explainSelection } from '../explain-view.ts';
import type { ExplanationView } from '../ExplanationPane.tsx';
import { completionData, portsInPlay } from '../model.ts';

/**
 * The engine's side of a large pasted cluster, kept in a Web Worker: the parsed cluster, the analysis of the
 * latest policies and the unit table, answered a window at a time. Everything it returns is plain data
 * (structured-clone safe); nothing here knows about the DOM.
 */

/** Over these, a cluster is refused with a message instead of being analysed (memory budget). */
export const BUDGET = {
  /** Endpoints (pods, workload templates, external endpoints). */
  endpoints: 6_000,
  /** Units (workloads, stray pods, externals): the unit table holds units² bytes per port. */
  units: 4_000,
  /** Endpoint classes: the class table holds classes² bytes per port. */
  classes: 4_000,
} as const;

/** A unit as the views list it. */
export interface UnitInfo {
  readonly id: string;
  /** `''` for external endpoints. */
  readonly namespace: string;
  readonly name: string;
  readonly kind: 'workload' | 'pod' | 'external';
  /** The workload kind, for workloads. */
  readonly workloadKind?: string;
  readonly members: number;
  /** Whether some member serves a port (container ports), as `port/protocol` keys. */
  readonly ports: readonly string[];
}

/** What the views need of a cluster, once per cluster text. */
export interface ClusterInfo {
  readonly ok: boolean;
  readonly errors: readonly string[];
  /** What was read and skipped, in one line ('' when nothing to say). */
  readonly summary: string;
  readonly skipped: Readonly<Record<string, number>>;
  readonly units: readonly UnitInfo[];
  readonly namespaces: readonly string[];
  readonly ports: readonly PortProtocol[];
  readonly completion: CompletionData;
  readonly pods: number;
  readonly workloads: number;
  /** Set when the cluster is over the budget: why, in a sentence. */
  readonly overBudget?: string;
}

/** What the view shows: a window of the table, a focused unit's peers, the namespaces opened on the graph. */
export interface ViewQuery {
  readonly rows: readonly number[];
  readonly cols: readonly number[];
  readonly focus: number | null;
  readonly expanded: readonly string[];
}

/** One unit pair's answer, as a byte: 0 allowed, 1 denied, 2 some members only, 3 a pod to itself. */
export const REACH_CODE: Readonly<Record<Reach, number>> = { allowed: 0, denied: 1, mixed: 2 };
export const SELF = 3;

/** The answers for a view. */
export interface ViewAnswer {
  readonly rev: number;
  readonly rows: readonly number[];
  readonly cols: readonly number[];
  /** rows.length × cols.length codes, row-major. */
  readonly cells: Uint8Array;
  /** For the focused unit: its answer towards every unit, and from every unit. */
  readonly focus: { readonly unit: number; readonly out: Uint8Array; readonly in: Uint8Array } | null;
  /** Unit pairs inside each opened namespace (capped), as [from, to, code]. */
  readonly inner: readonly (readonly [number, number, number])[];
}

/** A changed unit pair. */
export interface UnitChange {
  readonly from: string;
  readonly to: string;
  readonly before: Reach;
  readonly after: Reach;
}

/** What the whole table says, computed after the window (namespace pairs and what changed). */
export interface Overview {
  readonly rev: number;
  /** Namespace pairs with their answer: [from, to, code] over `namespaces` indexes (externals: -1). */
  readonly groups: readonly (readonly [string, string, number])[];
  readonly changes: readonly UnitChange[];
  readonly changeCount: number;
  readonly port: PortProtocol;
}

/** The result of one policies text on one port. */
export interface Evaluation {
  readonly rev: number;
  readonly policyCount: number;
  /** What reading the policies found; the cluster-aware lint follows on its own (`lint`). */
  readonly diagnostics: readonly Diagnostic[];
  readonly port: PortProtocol;
}

/** The cluster-aware lint warnings of one evaluation (they take longer than the verdicts, so come after). */
export interface LintResult {
  readonly rev: number;
  readonly diagnostics: readonly Diagnostic[];
}

const REACHES: readonly Reach[] = ['allowed', 'denied', 'mixed'];
/** Most unit pairs shown inside one opened namespace. */
export const INNER_CAP = 60;
const CHANGES_SHOWN = 200;

export class EngineSession {
  private cluster: Cluster | null = null;
  private info: ClusterInfo | null = null;
  private analysis: AnalysisHandle | null = null;
  private table: UnitMatrix | null = null;
  private policiesText: string | null = null;
  private port: PortProtocol = { port: 80, protocol: 'TCP' };
  private rev = 0;
  /** The last full table (units² codes) and its port, to say what an edit changed. */
  private previous: { port: string; codes: Uint8Array } | null = null;
  private unitsByNs = new Map<string, number[]>();

  /** Reads a cluster text; the analysis starts again at the next `evaluate`. */
  load(text: string): ClusterInfo {
    this.analysis = null;
    this.table = null;
    this.policiesText = null;
    this.previous = null;
    const result = loadCluster(text, { maxChars: MAX_SHARED_CLUSTER_CHARS });
    const empty = emptyInfo();
    if (!result.ok) {
      this.cluster = null;
      this.info = {
        ...empty,
        errors: result.diagnostics
          .filter((d) => d.severity === 'error')
          .map((d) => (d.range ? `line ${d.range.line}: ${d.message}` : d.message)),
      };
      return this.info;
    }
    const cluster = result.value;
    const summary = cluster.summary ? summaryLine(cluster.summary) : '';
    const endpoints = cluster.pods.length + cluster.externals.length;
    if (endpoints > BUDGET.endpoints) {
      this.cluster = null;
      this.info = {
        ...empty,
        ok: true,
        summary,
        pods: cluster.pods.length,
        overBudget: `This cluster has ${endpoints.toLocaleString('en')} endpoints; the playground analyses up to ${BUDGET.endpoints.toLocaleString('en')} in the browser.`,
      };
      return this.info;
    }
    this.cluster = cluster;
    // The units come from an analysis without policies (the unit partition does not depend on them).
    const bare = analyze(cluster, []);
    if (bare.units.length > BUDGET.units) {
      this.cluster = null;
      this.info = {
        ...empty,
        ok: true,
        summary,
        pods: cluster.pods.length,
        overBudget: `This cluster has ${bare.units.length.toLocaleString('en')} workloads and pods; the playground analyses up to ${BUDGET.units.toLocaleString('en')} in the browser.`,
      };
      return this.info;
    }
    const units: UnitInfo[] = bare.units.map((u) => {
      const ports = new Set<string>();
      for (const m of u.members) {
        const e = bare.endpoints[m];
        if (e?.kind === 'pod') for (const p of e.pod.ports) ports.add(`${p.containerPort}/${p.protocol}`);
      }
      return {
        id: u.id,
        namespace: u.namespace ?? '',
        name: u.name,
        kind: u.kind,
        ...(u.workload ? { workloadKind: u.workload.kind } : {}),
        members: u.members.length,
        ports: [...ports],
      };
    });
    this.unitsByNs = new Map();
    units.forEach((u, i) => {
      const list = this.unitsByNs.get(u.namespace) ?? [];
      list.push(i);
      this.unitsByNs.set(u.namespace, list);
    });
    this.info = {
      ok: true,
      errors: [],
      summary,
      skipped: cluster.summary?.skipped ?? {},
      units,
      namespaces: cluster.namespaces.map((n) => n.name).sort(),
      ports: portsInPlay(cluster, null),
      completion: completionData(cluster),
      pods: cluster.pods.filter((p) => !p.template).length,
      workloads: cluster.workloads.length,
    };
    return this.info;
  }

  /** Analyses a policies text on a port (again only when either changed). */
  evaluate(policies: string, port: PortProtocol): Evaluation {
    const same =
      this.analysis &&
      policies === this.policiesText &&
      port.port === this.port.port &&
      port.protocol === this.port.protocol;
    const loaded = loadPolicies(policies, { maxChars: MAX_SHARED_POLICIES_CHARS });
    if (!same) {
      this.rev += 1;
      this.policiesText = policies;
      this.port = port;
      this.analysis = this.cluster ? analyze(this.cluster, loaded.policies) : null;
      if (this.analysis && this.analysis.classes.length > BUDGET.classes) this.analysis = null;
      this.table = this.analysis ? this.analysis.unitMatrix([port]) : null;
    }
    return { rev: this.rev, policyCount: loaded.policies.length, diagnostics: loaded.diagnostics, port };
  }

  /** The lint warnings of the current analysis (computed once per analysis). */
  lint(): LintResult {
    return { rev: this.rev, diagnostics: this.analysis ? this.analysis.lint() : [] };
  }

  private code(from: number, to: number): number {
    if (!this.table) return SELF;
    if (from === to && (this.info?.units[from]?.members ?? 0) <= 1) return SELF;
    return REACH_CODE[this.table.reach(from, to)];
  }

  /** The answers a view needs, from the current analysis. */
  view(query: ViewQuery): ViewAnswer {
    const n = this.info?.units.length ?? 0;
    const cells = new Uint8Array(query.rows.length * query.cols.length);
    query.rows.forEach((r, i) => {
      query.cols.forEach((c, j) => {
        cells[i * query.cols.length + j] = this.code(r, c);
      });
    });
    let focus: ViewAnswer['focus'] = null;
    if (query.focus !== null && query.focus >= 0 && query.focus < n) {
      const out = new Uint8Array(n);
      const inn = new Uint8Array(n);
      for (let u = 0; u < n; u++) {
        out[u] = this.code(query.focus, u);
        inn[u] = this.code(u, query.focus);
      }
      focus = { unit: query.focus, out, in: inn };
    }
    const inner: [number, number, number][] = [];
    for (const ns of query.expanded) {
      const members = (this.unitsByNs.get(ns) ?? []).slice(0, INNER_CAP);
      for (const a of members)
        for (const b of members) {
          if (a === b) continue;
          inner.push([a, b, this.code(a, b)]);
        }
    }
    return { rev: this.rev, rows: query.rows, cols: query.cols, cells, focus, inner };
  }

  /**
   * The whole table, a few rows at a time: namespace pairs and the pairs the last edit changed. `yieldNow`
   * is awaited between chunks and returns false when newer work arrived (the overview is then dropped).
   */
  async overview(yieldNow: () => Promise<boolean>): Promise<Overview | null> {
    const info = this.info;
    if (!info || !this.table) return null;
    const rev = this.rev;
    const n = info.units.length;
    const codes = new Uint8Array(n * n);
    const nsIndex = new Map(info.namespaces.map((ns, i) => [ns, i]));
    const groupOf = Int32Array.from(info.units, (u) =>
      u.kind === 'external' ? -1 : (nsIndex.get(u.namespace) ?? -1),
    );
    const groups = info.namespaces.length + 1;
    // Per namespace pair: bit 1 some allowed, bit 2 some denied.
    const seen = new Uint8Array(groups * groups);
    let last = performance.now();
    for (let a = 0; a < n; a++) {
      for (let b = 0; b < n; b++) {
        const code = this.code(a, b);
        codes[a * n + b] = code;
        if (code === SELF) continue;
        const g = ((groupOf[a] ?? -1) + 1) * groups + ((groupOf[b] ?? -1) + 1);
        seen[g] = (seen[g] ?? 0) | (code === 0 ? 1 : code === 1 ? 2 : 3);
      }
      if (performance.now() - last > 30) {
        if (!(await yieldNow()) || rev !== this.rev) return null;
        last = performance.now();
      }
    }
    const names = ['', ...info.namespaces];
    const out: [string, string, number][] = [];
    for (let x = 0; x < groups; x++)
      for (let y = 0; y < groups; y++) {
        const s = seen[x * groups + y] ?? 0;
        if (s === 0) continue;
        out.push([names[x] ?? '', names[y] ?? '', s === 1 ? 0 : s === 2 ? 1 : 2]);
      }
    const key = `${this.port.port}/${this.port.protocol}`;
    const changes: UnitChange[] = [];
    let changeCount = 0;
    const before = this.previous?.port === key ? this.previous.codes : null;
    if (before && before.length === codes.length)
      for (let i = 0; i < codes.length; i++) {
        const was = before[i] ?? 0;
        const now = codes[i] ?? 0;
        if (was === now || was === SELF || now === SELF) continue;
        changeCount += 1;
        if (changes.length < CHANGES_SHOWN)
          changes.push({
            from: info.units[Math.floor(i / n)]?.id ?? '',
            to: info.units[i % n]?.id ?? '',
            before: REACHES[was] ?? 'allowed',
            after: REACHES[now] ?? 'allowed',
          });
      }
    this.previous = { port: key, codes };
    return { rev, groups: out, changes, changeCount, port: this.port };
  }

  /** Why one unit pair gets its answer (through one member of each). */
  explain(from: number, to: number): ExplanationView | null {
    const a = this.analysis;
    if (!a) return null;
    const source = a.units[from];
    const target = a.units[to];
    const s = source?.members[0];
    const t = from === to ? (target?.members[1] ?? target?.members[0]) : target?.members[0];
    if (s === undefined || t === undefined) return null;
    const fromId = a.endpoints[s]?.id;
    const toId = a.endpoints[t]?.id;
    if (!fromId || !toId) return null;
    return explainSelection(a, {
      from: fromId,
      to: toId,
      port: this.port.port,
      protocol: this.port.protocol,
    });
  }
}

function emptyInfo(): ClusterInfo {
  return {
    ok: false,
    errors: [],
    summary: '',
    skipped: {},
    units: [],
    namespaces: [],
    ports: [],
    completion: { labels: new Map(), namespaces: [], namedPorts: [] },
    pods: 0,
    workloads: 0,
  };
}
