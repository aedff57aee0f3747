import {
  analyze,
  generatePolicies,
  loadPolicies,
  observeTraffic,
  readHubble,
  verifyTraffic,
  type AnalysisHandle,
  type Cluster,
  type Diagnostic,
  type GenerateKind,
  type ObservedConnection,
  type Traffic,
  type VerifiedConnection,
} from '../../engine/index.ts';
import { explanationView } from '../sandbox/explain-view.ts';
import type { ExplanationView } from '../sandbox/ExplanationPane.tsx';
import { portLabel } from '../sandbox/model.ts';

/** What reading a flow log gave: the connections, or why there are none, and every line that was bad. */
export interface FlowLogView {
  readonly name: string;
  /** Observed traffic, matched to the sandbox's cluster (or built from the flows when it has none). */
  readonly traffic: Traffic | null;
  /** "Read 202 flows from bakery-day.jsonl: 14 connections ..." */
  readonly summary: string;
  /** `line N: message` for the first bad lines. */
  readonly lineErrors: readonly string[];
  /** How many lines could not be read (may be more than listed). */
  readonly bad: number;
  /** Ends or identities that were left out, in the engine's words. */
  readonly warnings: readonly string[];
}

/** One observed connection, for the list. */
export interface ObservedItem {
  readonly key: string;
  /** `bakery/debug → bakery/db on 5432/TCP` */
  readonly text: string;
  readonly count: number;
  readonly audited: number;
}

/** One observed connection with the current policies' verdict. */
export interface CheckedConnection extends ObservedItem {
  readonly allowed: boolean;
  readonly explanation: ExplanationView;
}

const itemOf = (c: ObservedConnection): ObservedItem => ({
  key: `${c.from}|${c.to}|${c.port}|${c.protocol}${c.pods ? `|${c.pods}` : ''}`,
  text:
    c.from === c.to && c.pods !== undefined
      ? `${c.from} ${c.pods === 'two-pods' ? 'between two of its pods' : 'to itself (loopback)'} on ${portLabel(c)}`
      : `${c.from} → ${c.to} on ${portLabel(c)}`,
  count: c.count,
  audited: c.audited,
});

/** Returns the observed connections as list items, in first-seen order. */
export function listConnections(traffic: Traffic): ObservedItem[] {
  return traffic.connections.map(itemOf);
}

/** The verdicts of the policies on every observed connection. */
export interface TrafficCheck {
  readonly connections: readonly CheckedConnection[];
  readonly denied: readonly CheckedConnection[];
  /** The engine's result, and the analysis it came from (whose units the connections name). */
  readonly verified: readonly VerifiedConnection[];
  readonly handle: AnalysisHandle;
}

const lineOf = (d: Diagnostic): string =>
  d.range && d.range.line > 0 ? `line ${d.range.line}: ${d.message}` : d.message;

const plural = (n: number, word: string): string => `${n.toLocaleString('en')} ${word}${n === 1 ? '' : 's'}`;

/** Reads a Hubble log (`hubble observe -o json` lines or a JSON array) against the cluster. Never throws. */
export function readFlowLog(name: string, text: string, cluster: Cluster | null): FlowLogView {
  const log = readHubble(text, { file: name });
  const lineErrors = log.diagnostics.map(lineOf);
  if (log.flows.length === 0) {
    const summary =
      log.records === 0
        ? `${name} has no flows: paste the output of hubble observe -o json (one flow per line) or a JSON array of flows.`
        : `No flow could be read from ${name}: ${plural(log.bad, 'bad line')}.`;
    return { name, traffic: null, summary, lineErrors, bad: log.bad, warnings: [] };
  }
  const traffic = observeTraffic([{ file: name, log }], cluster ?? undefined);
  const left = Object.entries(traffic.counts)
    .filter(([key, n]) => key !== 'flows' && n > 0)
    .map(([key, n]) => `${n.toLocaleString('en')} ${LEFT_OUT[key] ?? key}`);
  const summary =
    `Read ${plural(traffic.counts.flows, 'flow')} from ${name}: ${plural(traffic.connections.length, 'observed connection')}` +
    (traffic.dropped.length > 0
      ? `, ${plural(traffic.dropped.length, 'dropped connection')} (not needed)`
      : '') +
    (left.length > 0 ? `; left out: ${left.join(', ')}` : '') +
    '.';
  return {
    name,
    traffic,
    summary,
    lineErrors,
    bad: log.bad,
    warnings: traffic.diagnostics.map((d) => d.message),
  };
}

const LEFT_OUT: Readonly<Record<string, string>> = {
  replies: 'replies',
  icmp: 'ICMP',
  noPort: 'without a port',
  otherVerdict: 'errors or unknown verdicts',
  unmatched: 'with an end not in the cluster',
  unsupported: 'of identities the model lacks',
};

/**
 * Returns the policies' verdict on every observed connection, from the engine (`verifyTraffic`). The
 * sandbox's analysis is reused when the traffic names its cluster; otherwise (outside endpoints added
 * from the flows, or a cluster built from them) the same policies are analysed against that cluster.
 */
export function checkTraffic(
  traffic: Traffic,
  cluster: Cluster | null,
  analysis: AnalysisHandle | null,
  policiesText: string,
): TrafficCheck {
  const handle =
    analysis && traffic.cluster === cluster
      ? analysis
      : analyze(traffic.cluster, loadPolicies(policiesText).policies);
  const result = verifyTraffic(traffic, traffic.cluster, handle);
  const connections = result.connections.map((c): CheckedConnection => ({
    ...itemOf(c.flow),
    allowed: c.allowed,
    explanation: explanationView(c.explanation, {
      from: c.flow.from,
      to: c.flow.to,
      port: c.flow.port,
      protocol: c.flow.protocol,
    }),
  }));
  return {
    connections,
    denied: connections.filter((c) => !c.allowed),
    verified: result.connections,
    handle,
  };
}

/** Returns the generated policies (YAML with its header), or a message when nothing could be generated. */
export function generateFromTraffic(
  traffic: Traffic,
  kind: GenerateKind,
  source: string,
):
  | { readonly ok: true; readonly text: string; readonly summary: string }
  | { readonly ok: false; readonly message: string } {
  if (traffic.connections.length === 0)
    return {
      ok: false,
      message:
        'No connection ran in this log (all were replies, drops or left out): nothing to generate from.',
    };
  const generated = generatePolicies(traffic, traffic.cluster, { kind, source });
  if (generated.policies.length === 0)
    return {
      ok: false,
      message: `No policy was generated: ${generated.notes.join(' ') || generated.proof.summary}`,
    };
  return {
    ok: true,
    text: generated.text,
    summary: `Generated ${generated.policies.length} ${generated.policies.length === 1 ? 'policy' : 'policies'} from ${source}: ${generated.proof.summary}.`,
  };
}
