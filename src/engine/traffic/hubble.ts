import type { Diagnostic, Labels, Protocol } from '../model/types.ts';

/**
 * Hubble flow logs as `hubble observe -o json` and `-o jsonpb` print them: one `{"flow": {...}}` object
 * per line, or a JSON array of them. Field names follow Cilium's flow API (api/v1/flow/flow.proto); both
 * the proto names (`source_port`) and protojson's lowerCamelCase (`sourcePort`) are accepted, enums as
 * names or numbers. Which fields are read, and why, is in docs/decisions/0120.
 */

/** A flow's verdict (flow.proto `Verdict`). */
export type HubbleVerdict =
  'VERDICT_UNKNOWN' | 'FORWARDED' | 'DROPPED' | 'ERROR' | 'AUDIT' | 'REDIRECTED' | 'TRACED' | 'TRANSLATED';

const VERDICTS: readonly HubbleVerdict[] = [
  'VERDICT_UNKNOWN',
  'FORWARDED',
  'DROPPED',
  'ERROR',
  'AUDIT',
  'REDIRECTED',
  'TRACED',
  'TRANSLATED',
];

/** Reserved identities a flow end can carry (Cilium `reserved:` labels and numeric identities). */
export type ReservedIdentity =
  'host' | 'world' | 'unmanaged' | 'health' | 'init' | 'remote-node' | 'kube-apiserver' | 'ingress';

// https://docs.cilium.io/en/stable/gettingstarted/terminology/#reserved-labels (numeric ids 1-10).
const RESERVED_IDS: Readonly<Record<number, ReservedIdentity>> = {
  1: 'host',
  2: 'world',
  3: 'unmanaged',
  4: 'health',
  5: 'init',
  6: 'remote-node',
  7: 'kube-apiserver',
  8: 'ingress',
  9: 'world',
  10: 'world',
};

/** One end of an observed flow. */
export interface ObservedEnd {
  readonly ip: string | undefined;
  readonly namespace: string | undefined;
  readonly podName: string | undefined;
  /** `k8s:` labels without their source prefix, the namespace and Cilium's own labels left out. */
  readonly labels: Labels;
  /** Set when the end is a reserved identity (world, host, kube-apiserver, ...). */
  readonly reserved: ReservedIdentity | undefined;
  /** The first of `workloads`, when Hubble knew it. */
  readonly workload: { readonly kind: string; readonly name: string } | undefined;
}

/** One flow of the log, reduced to what connections are built from. */
export interface ObservedFlow {
  /** 1-based line of the log (for an array: the line where the element starts). */
  readonly line: number;
  readonly verdict: HubbleVerdict;
  readonly source: ObservedEnd;
  readonly destination: ObservedEnd;
  readonly protocol: Protocol | 'ICMP' | undefined;
  readonly sourcePort: number;
  readonly destinationPort: number;
  /** `is_reply` (or, when absent, a TCP SYN-ACK): the answer of an existing connection. */
  readonly isReply: boolean;
  /** The DNS query of an L7 DNS request, without its trailing dot. */
  readonly dnsQuery: string | undefined;
  /** Names Cilium's DNS proxy learnt for the destination address (`destination_names`). */
  readonly destinationNames: readonly string[];
}

/** What reading a log found: the flows, the lines that could not be read and how many lines there were. */
export interface HubbleLog {
  readonly flows: readonly ObservedFlow[];
  /** Errors for lines that are not flows (`file:line: message`), at most `MAX_LINE_DIAGNOSTICS` of them. */
  readonly diagnostics: readonly Diagnostic[];
  /** Lines (or array elements) that could not be read. */
  readonly bad: number;
  /** Lines (or array elements) with content. */
  readonly records: number;
}

/** The most line errors kept (the rest are only counted). */
export const MAX_LINE_DIAGNOSTICS = 20;

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** `obj[snake] ?? obj[camel]`: protojson prints lowerCamelCase unless told to keep proto names. */
function field(obj: Json, snake: string, camel?: string): unknown {
  const v = obj[snake];
  return v !== undefined || camel === undefined ? v : obj[camel];
}

function lineDiagnostic(file: string | undefined, line: number, message: string): Diagnostic {
  const range = { line, column: 1, endLine: line, endColumn: 1, start: 0, end: 0 };
  return { code: 'hubble/bad-flow', severity: 'error', message, path: '', range, ...(file ? { file } : {}) };
}

/**
 * Reads a Hubble flow log. Never throws: a line that is not JSON, or JSON that is not a flow, is
 * counted and reported as `line N: ...`; the other lines are read.
 */
export function readHubble(text: string, options: { readonly file?: string } = {}): HubbleLog {
  const flows: ObservedFlow[] = [];
  const ends = new Map<string, ObservedEnd>();
  const diagnostics: Diagnostic[] = [];
  let bad = 0;
  let records = 0;
  const take = (value: unknown, line: number): void => {
    records++;
    const read = toFlow(value, line, ends);
    if (typeof read === 'string') {
      bad++;
      if (diagnostics.length < MAX_LINE_DIAGNOSTICS)
        diagnostics.push(lineDiagnostic(options.file, line, read));
    } else if (read) flows.push(read);
  };
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const first = body.trimStart()[0];
  if (first === '[') {
    readArray(body, take, (line, message) => {
      bad++;
      diagnostics.push(lineDiagnostic(options.file, line, message));
    });
    return { flows, diagnostics, bad, records };
  }
  let start = 0;
  let line = 0;
  while (start <= body.length) {
    let end = body.indexOf('\n', start);
    if (end < 0) end = body.length;
    line++;
    const raw = body.slice(start, end).trim();
    start = end + 1;
    if (raw === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (error) {
      records++;
      bad++;
      if (diagnostics.length < MAX_LINE_DIAGNOSTICS)
        diagnostics.push(lineDiagnostic(options.file, line, `not JSON: ${jsonMessage(error)}`));
      continue;
    }
    take(value, line);
  }
  return { flows, diagnostics, bad, records };
}

function jsonMessage(error: unknown): string {
  return error instanceof Error ? error.message.replace(/\s+/g, ' ') : String(error);
}

/** A JSON array of flows: parsed whole; each element's line found by counting lines up to it. */
function readArray(
  body: string,
  take: (value: unknown, line: number) => void,
  fail: (line: number, message: string) => void,
): void {
  let items: unknown;
  try {
    items = JSON.parse(body);
  } catch (error) {
    fail(1, `not a JSON array of flows: ${jsonMessage(error)}`);
    return;
  }
  if (!Array.isArray(items)) return fail(1, 'not a JSON array of flows');
  const lines = elementLines(body, items.length);
  items.forEach((item, i) => take(item, lines[i] ?? 1));
}

/** The line of each top-level element of a JSON array (a scan that skips strings and nesting). */
function elementLines(body: string, count: number): number[] {
  const lines: number[] = [];
  let line = 1;
  let depth = 0;
  let inString = false;
  let expecting = false;
  for (let i = 0; i < body.length && lines.length < count; i++) {
    const c = body[i];
    if (c === '\n') line++;
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (expecting && c !== ' ' && c !== '\n' && c !== '\r' && c !== '\t') {
      lines.push(line);
      expecting = false;
    }
    if (c === '"') inString = true;
    else if (c === '[' || c === '{') {
      if (depth === 0) expecting = true;
      depth++;
    } else if (c === ']' || c === '}') depth--;
    else if (c === ',' && depth === 1) expecting = true;
  }
  return lines;
}

/** A flow, undefined for records that are no flow (node status, lost events), or why it is not valid. */
function toFlow(
  value: unknown,
  line: number,
  ends: Map<string, ObservedEnd>,
): ObservedFlow | string | undefined {
  if (!isObject(value)) return 'expected a JSON object with a "flow" field';
  const flow = 'flow' in value ? value.flow : 'verdict' in value || 'IP' in value ? value : undefined;
  if (flow === undefined) {
    // `hubble observe` also prints node status and lost-events records; they are no traffic.
    if ('node_status' in value || 'nodeStatus' in value || 'lost_events' in value || 'lostEvents' in value)
      return undefined;
    return 'expected a "flow" field (the records of hubble observe -o json)';
  }
  if (!isObject(flow)) return '"flow" must be an object';
  const verdict = verdictOf(flow.verdict);
  if (verdict === undefined) return `flow.verdict: unknown verdict ${JSON.stringify(flow.verdict)}`;
  const l4 = isObject(flow.l4) ? flow.l4 : {};
  const transport = transportOf(l4);
  if (typeof transport === 'string') return transport;
  const ip = isObject(flow.IP) ? flow.IP : isObject(flow.ip) ? flow.ip : {};
  const source = cachedEnd(flow.source, ip.source, ends);
  const destination = cachedEnd(flow.destination, ip.destination, ends);
  if (typeof source === 'string') return `flow.source: ${source}`;
  if (typeof destination === 'string') return `flow.destination: ${destination}`;
  const reply = field(flow, 'is_reply', 'isReply') ?? flow.reply;
  const l7 = isObject(flow.l7) ? flow.l7 : undefined;
  const dns = l7 && isObject(l7.dns) ? l7.dns : undefined;
  const query = dns && typeof dns.query === 'string' ? dns.query.replace(/\.$/, '').toLowerCase() : '';
  const names = field(flow, 'destination_names', 'destinationNames');
  return {
    line,
    verdict,
    source,
    destination,
    protocol: transport?.protocol,
    sourcePort: transport?.sourcePort ?? 0,
    destinationPort: transport?.destinationPort ?? 0,
    isReply: typeof reply === 'boolean' ? reply : transport?.synAck === true,
    dnsQuery: query === '' ? undefined : query,
    destinationNames: Array.isArray(names)
      ? names.filter((n): n is string => typeof n === 'string').map((n) => n.replace(/\.$/, '').toLowerCase())
      : [],
  };
}

function verdictOf(v: unknown): HubbleVerdict | undefined {
  if (v === undefined) return 'VERDICT_UNKNOWN';
  if (typeof v === 'number') return VERDICTS[v];
  return VERDICTS.find((name) => name === v);
}

interface Transport {
  readonly protocol: Protocol | 'ICMP';
  readonly sourcePort: number;
  readonly destinationPort: number;
  readonly synAck: boolean;
}

function transportOf(l4: Json): Transport | string | undefined {
  for (const protocol of ['TCP', 'UDP', 'SCTP'] as const) {
    const p = l4[protocol];
    if (p === undefined) continue;
    if (!isObject(p)) return `flow.l4.${protocol} must be an object`;
    const sourcePort = field(p, 'source_port', 'sourcePort') ?? 0;
    const destinationPort = field(p, 'destination_port', 'destinationPort') ?? 0;
    if (!isPort(sourcePort)) return `flow.l4.${protocol}.source_port: must be a port number`;
    if (!isPort(destinationPort)) return `flow.l4.${protocol}.destination_port: must be a port number`;
    const flags = isObject(p.flags) ? p.flags : {};
    return { protocol, sourcePort, destinationPort, synAck: flags.SYN === true && flags.ACK === true };
  }
  if (l4.ICMPv4 !== undefined || l4.ICMPv6 !== undefined)
    return { protocol: 'ICMP', sourcePort: 0, destinationPort: 0, synAck: false };
  return undefined;
}

const isPort = (v: unknown): v is number =>
  typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 65535;

const NAMESPACE_LABEL = 'io.kubernetes.pod.namespace';

/**
 * Ends are shared between flows: a security identity stands for one label set, so identity, pod name
 * and address tell an end's fields apart (most logs have a few hundred distinct ends).
 */
function cachedEnd(value: unknown, ip: unknown, ends: Map<string, ObservedEnd>): ObservedEnd | string {
  if (!isObject(value) || typeof value.identity !== 'number' || !Array.isArray(value.labels))
    return endOf(value, ip);
  const key = `${value.identity}|${String(value.namespace)}|${String(field(value, 'pod_name', 'podName'))}|${String(ip)}|${value.labels.length}`;
  const known = ends.get(key);
  if (known) return known;
  const end = endOf(value, ip);
  if (typeof end !== 'string') ends.set(key, end);
  return end;
}

function endOf(value: unknown, ip: unknown): ObservedEnd | string {
  const address = typeof ip === 'string' && ip !== '' ? ip : undefined;
  if (value === undefined) return { ...EMPTY_END, ip: address };
  if (!isObject(value)) return 'must be an object';
  const rawLabels = value.labels ?? [];
  if (!Array.isArray(rawLabels)) return 'labels must be a list of "source:key=value" strings';
  const labels: Record<string, string> = {};
  let reserved: ReservedIdentity | undefined;
  for (const label of rawLabels) {
    if (typeof label !== 'string') return 'labels must be a list of "source:key=value" strings';
    const colon = label.indexOf(':');
    const source = colon < 0 ? 'k8s' : label.slice(0, colon);
    const rest = label.slice(colon + 1);
    const eq = rest.indexOf('=');
    const key = eq < 0 ? rest : rest.slice(0, eq);
    if (source === 'reserved') {
      const name = key === 'world-ipv4' || key === 'world-ipv6' ? 'world' : key;
      if (isReserved(name) && (reserved === undefined || reserved === 'world')) reserved = name;
      continue;
    }
    // Cilium's own labels (`io.cilium.k8s.*`, the namespace, policy labels) are not pod labels.
    if (source !== 'k8s' || key === NAMESPACE_LABEL || key.startsWith('io.cilium.')) continue;
    labels[key] = eq < 0 ? '' : rest.slice(eq + 1);
  }
  const identity = value.identity;
  if (reserved === undefined && typeof identity === 'number') reserved = RESERVED_IDS[identity];
  const namespace =
    typeof value.namespace === 'string' && value.namespace !== '' ? value.namespace : undefined;
  const pod = field(value, 'pod_name', 'podName');
  const workloads = value.workloads;
  const first = Array.isArray(workloads) && isObject(workloads[0]) ? workloads[0] : undefined;
  return {
    ip: address,
    namespace,
    podName: typeof pod === 'string' && pod !== '' ? pod : undefined,
    labels,
    reserved: namespace === undefined ? reserved : undefined,
    workload:
      first && typeof first.name === 'string' && typeof first.kind === 'string'
        ? { kind: first.kind, name: first.name }
        : undefined,
  };
}

const EMPTY_END: ObservedEnd = {
  ip: undefined,
  namespace: undefined,
  podName: undefined,
  labels: {},
  reserved: undefined,
  workload: undefined,
};

function isReserved(name: string): name is ReservedIdentity {
  return Object.values(RESERVED_IDS).includes(name as ReservedIdentity);
}
