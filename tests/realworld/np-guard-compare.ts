import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseManifests } from '../../src/engine/index.ts';
import { connsText, parseConns, parseEntity, type Entity, type Listed } from './np-guard-format.ts';

/** A unit as `netpol list --output json` describes it. */
export interface UnitJson {
  readonly id: string;
  readonly kind: string;
  readonly namespace?: string;
  readonly name: string;
}

/** A pair of `netpol list --output json`. */
export interface ListJson {
  readonly src: string;
  readonly dst: string;
  readonly conn: string;
  readonly someMembersOnly?: string;
  readonly source: UnitJson;
  readonly destination: UnitJson;
}

function* files(dir: string): Generator<string> {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* files(path);
    else if (/\.(ya?ml|json)$/.test(name)) yield path;
  }
}

function* objects(value: unknown): Generator<Record<string, unknown>> {
  if (value === null || typeof value !== 'object') return;
  const object = value as Record<string, unknown>;
  if (Array.isArray(object.items)) for (const item of object.items) yield* objects(item);
  else yield object;
}

/**
 * np-guard's name of each pod of a case folder (`ns/pod` → `ns/owner[OwnerKind]`): a pod with a controller
 * is named by it (np-guard groups pods into their owner even when the owner is not listed).
 */
export function podOwners(dir: string): Map<string, string> {
  const owners = new Map<string, string>();
  for (const file of files(dir))
    for (const doc of parseManifests(readFileSync(file, 'utf8'), { file }).documents)
      for (const object of objects(doc.value)) {
        const meta = (object.metadata ?? {}) as {
          name?: string;
          namespace?: string;
          ownerReferences?: { kind?: string; name?: string; controller?: boolean }[];
        };
        if (object.kind !== 'Pod' && !(object.kind === undefined && 'spec' in object)) continue;
        const refs = meta.ownerReferences ?? [];
        const owner = refs.find((r) => r.controller) ?? refs[0];
        const namespace = meta.namespace ?? 'default';
        if (owner?.kind && owner.name)
          owners.set(`${namespace}/${meta.name ?? ''}`, `${namespace}/${owner.name}[${owner.kind}]`);
      }
  return owners;
}

/** np-guard's name for one of our units. */
export function npGuardName(unit: UnitJson, owners: ReadonlyMap<string, string>): Entity {
  if (unit.kind === 'External') return parseEntity(unit.id);
  const id = `${unit.namespace ?? ''}/${unit.name}`;
  if (unit.kind === 'Pod') return { kind: 'workload', name: owners.get(id) ?? `${id}[Pod]` };
  return { kind: 'workload', name: `${id}[${unit.kind}]` };
}

/** A line of our list in np-guard's terms; `mixed` when only some pods of a workload may connect. */
export type OurLine = Listed & { readonly mixed?: boolean };

/** Our list in np-guard's terms; pairs inside one np-guard entity (pods of one owner) left out, as np-guard does. */
export function oursAsListed(pairs: readonly ListJson[], owners: ReadonlyMap<string, string>): OurLine[] {
  return pairs.flatMap((p) => {
    const src = npGuardName(p.source, owners);
    const dst = npGuardName(p.destination, owners);
    if (src.kind === 'workload' && dst.kind === 'workload' && src.name === dst.name) return [];
    if (p.someMembersOnly !== undefined) return [{ src, dst, conns: parseConns(p.conn), mixed: true }];
    return [{ src, dst, conns: parseConns(p.conn) }];
  });
}

/** Every address boundary of the entities (first addresses, and one past the last). */
function cuts(lines: readonly { src: Entity; dst: Entity }[]): number[] {
  const out = new Set<number>([0, 2 ** 32]);
  for (const l of lines)
    for (const e of [l.src, l.dst]) if (e.kind === 'addresses') out.add(e.first).add(e.last + 1);
  return [...out].sort((a, b) => a - b);
}

const dotted = (n: number): string => [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join('.');

/** The names of an entity over address ranges split at `at`. */
function expand(entity: Entity, at: readonly number[]): string[] {
  if (entity.kind === 'workload') return [entity.name];
  if (entity.kind === 'ingress-controller') return ['{ingress-controller}'];
  return at.slice(0, -1).flatMap((start, i) => {
    const end = (at[i + 1] ?? 0) - 1;
    return start >= entity.first && end <= entity.last ? [`${dotted(start)}-${dotted(end)}`] : [];
  });
}

/**
 * The pairs of both sides keyed `src => dst` (address ranges split where either side splits them), each with
 * a text to compare (`render`). A pair listed more than once on one side keeps every text, joined.
 */
export function keyed<T extends { src: Entity; dst: Entity }>(
  sides: readonly (readonly T[])[],
  render: (line: T) => string,
): Map<string, string>[] {
  const at = cuts(sides.flat());
  return sides.map((lines) => {
    const map = new Map<string, string[]>();
    for (const line of lines)
      for (const s of expand(line.src, at))
        for (const d of expand(line.dst, at)) {
          const key = `${s} => ${d}`;
          map.set(key, [...(map.get(key) ?? []), render(line)]);
        }
    return new Map([...map].map(([k, v]) => [k, [...new Set(v)].join(' | ')]));
  });
}

/** The pairs whose texts differ between np-guard (`expected`) and us (`actual`), as readable lines. */
export function mismatches(
  expected: ReadonlyMap<string, string>,
  actual: ReadonlyMap<string, string>,
): string[] {
  const keys = [...new Set([...expected.keys(), ...actual.keys()])].sort();
  return keys.flatMap((key) => {
    const want = expected.get(key) ?? 'No Connections';
    const got = actual.get(key) ?? 'No Connections';
    return want === got ? [] : [`${key}: np-guard ${want}, netpol ${got}`];
  });
}

/** A listed line's connections as text; `mixed` marks lines where only some of our pods agree. */
export function lineText(line: OurLine): string {
  return `${connsText(line.conns)}${line.mixed ? ' (some pods only)' : ''}`;
}
