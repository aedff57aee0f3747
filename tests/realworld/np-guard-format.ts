/**
 * np-guard's output formats, read independently of the command line's own formatting: connectivity lists
 * (`src => dst : TCP 8080,9090`), diffs (`diff-type: changed, source: ..., ref1: ..., ref2: ...`), entity
 * names (`ns/name[Kind]`, `0.0.0.0-9.255.255.255[External]`, `{ingress-controller}`), connection sets.
 */

const PROTOCOLS = ['SCTP', 'TCP', 'UDP'] as const;

/** One of the protocols np-guard lists. */
export type Protocol = (typeof PROTOCOLS)[number];

/** A set of connections: merged, sorted port ranges per protocol. */
export type Conns = Readonly<Record<Protocol, readonly (readonly [number, number])[]>>;

/** Something at one end of a listed pair. */
export type Entity =
  | { readonly kind: 'workload'; readonly name: string }
  | { readonly kind: 'addresses'; readonly first: number; readonly last: number }
  | { readonly kind: 'ingress-controller' };

/** One line of a connectivity list. */
export interface Listed {
  readonly src: Entity;
  readonly dst: Entity;
  readonly conns: Conns;
}

/** One line of a diff: the pair and its connections in the old and the new version. */
export interface Diffed extends Listed {
  readonly type: string;
  readonly old: Conns;
}

function merge(ranges: [number, number][]): [number, number][] {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  const out: [number, number][] = [];
  for (const [s, e] of sorted) {
    const last = out[out.length - 1];
    if (last && s <= last[1] + 1) last[1] = Math.max(last[1], e);
    else out.push([s, e]);
  }
  return out;
}

/** Parses `All Connections`, `No Connections` or `SCTP 9003,TCP 1-79,81-65535,UDP 53`. */
export function parseConns(text: string): Conns {
  const trimmed = text.trim();
  const all: [number, number][] = [[1, 65535]];
  if (trimmed === 'All Connections') return { SCTP: all, TCP: all, UDP: all };
  const out: Record<Protocol, [number, number][]> = { SCTP: [], TCP: [], UDP: [] };
  if (trimmed === 'No Connections') return out;
  let protocol: Protocol | undefined;
  for (const token of trimmed.split(',')) {
    const [head = '', tail] = token.trim().split(' ');
    const named = PROTOCOLS.find((p) => p === head);
    if (named) protocol = named;
    const ports = named ? tail : head;
    if (!protocol || ports === undefined) throw new Error(`cannot read connections "${text}"`);
    const [s = '', e = s] = ports.split('-');
    out[protocol].push([Number(s), Number(e)]);
  }
  return { SCTP: merge(out.SCTP), TCP: merge(out.TCP), UDP: merge(out.UDP) };
}

/** A connection set as one canonical text (for comparing and for messages). */
export function connsText(conns: Conns): string {
  const parts = PROTOCOLS.filter((p) => conns[p].length > 0).map(
    (p) => `${p} ${conns[p].map(([s, e]) => (s === e ? `${s}` : `${s}-${e}`)).join(',')}`,
  );
  const full = PROTOCOLS.every(
    (p) => conns[p].length === 1 && conns[p][0]?.[0] === 1 && conns[p][0][1] === 65535,
  );
  return full ? 'All Connections' : parts.length === 0 ? 'No Connections' : parts.join(',');
}

/** Parses a dotted IPv4 address as a number. */
export function ipv4(text: string): number {
  const parts = text.split('.').map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255))
    throw new Error(`not an IPv4 address: "${text}"`);
  return parts.reduce((acc, p) => acc * 256 + p, 0);
}

/** Parses an entity name: `ns/name[Kind]`, `first-last[External]` (or without the tag), `{ingress-controller}`. */
export function parseEntity(text: string): Entity {
  const name = text.trim();
  if (name === '{ingress-controller}') return { kind: 'ingress-controller' };
  const range = /^(\d+\.\d+\.\d+\.\d+)(?:-(\d+\.\d+\.\d+\.\d+))?(?:\[External\])?$/.exec(name);
  if (range)
    return { kind: 'addresses', first: ipv4(range[1] ?? ''), last: ipv4(range[2] ?? range[1] ?? '') };
  if (!/^[^/\s]+\/[^/\s[]+\[[A-Za-z]+\]$/.test(name)) throw new Error(`cannot read entity "${text}"`);
  return { kind: 'workload', name };
}

/** Parses a connectivity list in np-guard's text format. */
export function parseConnlist(text: string): Listed[] {
  return text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((line) => {
      const match = /^(.+?) => (.+?) : (.+)$/.exec(line);
      if (!match) throw new Error(`cannot read connectivity line "${line}"`);
      return {
        src: parseEntity(match[1] ?? ''),
        dst: parseEntity(match[2] ?? ''),
        conns: parseConns(match[3] ?? ''),
      };
    });
}

/** Parses a diff in np-guard's text format (`ref1`/`ref2`, or `old`/`new` with named references). */
export function parseDiff(text: string): Diffed[] {
  return text
    .split('\n')
    .filter((l) => l.startsWith('diff-type:'))
    .map((line) => {
      const match =
        /^diff-type: (\w+), source: (.+?), destination: (.+?), (?:ref1|old): (.+), (?:ref2|new): (.+)$/.exec(
          line,
        );
      if (!match) throw new Error(`cannot read diff line "${line}"`);
      return {
        type: match[1] ?? '',
        src: parseEntity(match[2] ?? ''),
        dst: parseEntity(match[3] ?? ''),
        old: parseConns(match[4] ?? ''),
        conns: parseConns(match[5] ?? ''),
      };
    });
}
