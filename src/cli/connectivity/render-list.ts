import type { EndpointUnit } from '../../engine/index.ts';
import { connText, isEmpty } from './conn-set.ts';
import type { Outside, UnitPair } from './connlist.ts';

/** The formats `list` writes. */
export const LIST_FORMATS = ['text', 'json', 'csv', 'md', 'dot'] as const;

/** One of `LIST_FORMATS`. */
export type ListFormat = (typeof LIST_FORMATS)[number];

const byIds = (a: UnitPair, b: UnitPair): number =>
  compare(a.from.id, b.from.id) || compare(a.to.id, b.to.id);

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The connections of a pair in words: the allowed set, then what only some member pairs may open. */
export function pairText(pair: Pick<UnitPair, 'allowed' | 'mixed'>): string {
  if (isEmpty(pair.mixed)) return connText(pair.allowed);
  const some = `some pods only: ${connText(pair.mixed)}`;
  return isEmpty(pair.allowed) ? some : `${connText(pair.allowed)}; ${some}`;
}

/** Describes a unit for JSON: its id, what it is, and where. */
export function unitJson(unit: EndpointUnit): Record<string, string> {
  return {
    id: unit.id,
    kind: unit.workload?.kind ?? (unit.kind === 'pod' ? 'Pod' : 'External'),
    ...(unit.namespace !== undefined ? { namespace: unit.namespace } : {}),
    name: unit.name,
  };
}

/** Renders the connectivity list in one format (pairs sorted by source, then destination). */
export function renderList(pairs: readonly UnitPair[], format: ListFormat, outside: Outside): string {
  const sorted = [...pairs].sort(byIds);
  switch (format) {
    case 'text':
      return sorted.map((p) => `${p.from.id} => ${p.to.id} : ${pairText(p)}\n`).join('');
    case 'json':
      return `${JSON.stringify({ outside, connections: sorted.map(pairJson) }, null, 2)}\n`;
    case 'csv':
      return ['src,dst,conn,some_pods_only', ...sorted.map(csvRow)].map((l) => `${l}\n`).join('');
    case 'md':
      return markdown(sorted);
    case 'dot':
      return dot(sorted);
  }
}

function pairJson(p: UnitPair): Record<string, unknown> {
  return {
    src: p.from.id,
    dst: p.to.id,
    conn: connText(p.allowed),
    ...(isEmpty(p.mixed) ? {} : { someMembersOnly: connText(p.mixed) }),
    source: unitJson(p.from),
    destination: unitJson(p.to),
  };
}

/** A CSV field, quoted when it holds a comma, a quote or a line end (RFC 4180). */
function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

function csvRow(p: UnitPair): string {
  const mixed = isEmpty(p.mixed) ? '' : connText(p.mixed);
  return [p.from.id, p.to.id, connText(p.allowed), mixed].map(csvField).join(',');
}

const cell = (text: string): string => text.replaceAll('|', '\\|');

function markdown(pairs: readonly UnitPair[]): string {
  const rows = pairs.map((p) => `| ${cell(p.from.id)} | ${cell(p.to.id)} | ${cell(pairText(p))} |`);
  return [`| src | dst | conn |`, `|-----|-----|------|`, ...rows].map((l) => `${l}\n`).join('');
}

/** A DOT string literal. */
const quoted = (text: string): string => `"${text.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`;

function dot(pairs: readonly UnitPair[]): string {
  const units = new Map<string, EndpointUnit>();
  for (const p of pairs) units.set(p.from.id, p.from).set(p.to.id, p.to);
  const nodes = [...units.values()]
    .sort((a, b) => compare(a.id, b.id))
    .map((u) => `\t${quoted(u.id)} [shape=${u.kind === 'external' ? 'ellipse' : 'box'}]`);
  const edges = pairs.map(
    (p) =>
      `\t${quoted(p.from.id)} -> ${quoted(p.to.id)} [label=${quoted(pairText(p))}${isEmpty(p.mixed) ? '' : ' style=dashed'}]`,
  );
  return `digraph connectivity {\n${[...nodes, ...edges].join('\n')}\n}\n`;
}
