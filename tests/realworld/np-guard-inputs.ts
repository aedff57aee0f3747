import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseAllDocuments } from 'yaml';

const root = join(import.meta.dirname, '..', '..');

/**
 * Where np-guard's cases are: `../shared/realworld/np-guard` beside the clone (as CI has it), else beside the
 * main checkout of a git worktree, or `$NETPOL_REALWORLD/np-guard`. Returns the places looked at too.
 */
export function npGuardFolder(): { folder: string | undefined; looked: string[] } {
  const common = spawnSync('git', ['rev-parse', '--path-format=absolute', '--git-common-dir'], {
    cwd: root,
    encoding: 'utf8',
  });
  const bases = [
    ...(process.env.NETPOL_REALWORLD ? [process.env.NETPOL_REALWORLD] : []),
    join(root, '..', 'shared', 'realworld'),
    ...(common.status === 0 ? [join(dirname(common.stdout.trim()), '..', 'shared', 'realworld')] : []),
  ];
  const looked = [...new Set(bases.map((b) => join(b, 'np-guard')))];
  return { folder: looked.find((dir) => existsSync(join(dir, 'expected'))), looked };
}

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return yamlFiles(path).map((f) => join(name, f));
    return /\.ya?ml$/.test(name) ? [name] : [];
  });
}

/** A copy of a case folder with each YAML document passed through `edit` (undefined drops it). */
export function editedCopy(dir: string, edit: (object: Record<string, unknown>) => unknown): string {
  const copy = mkdtempSync(join(tmpdir(), 'np-guard-'));
  cpSync(dir, copy, { recursive: true });
  for (const file of yamlFiles(copy)) {
    const path = join(copy, file);
    const docs = parseAllDocuments(readFileSync(path, 'utf8'));
    if (!Array.isArray(docs)) continue;
    const kept = docs.flatMap((doc) => {
      const value = doc.toJS() as unknown;
      if (value === null || typeof value !== 'object') return [];
      const edited = edit(value as Record<string, unknown>);
      return edited === undefined ? [] : [JSON.stringify(edited)];
    });
    writeFileSync(path, kept.join('\n---\n'));
  }
  return copy;
}

type Peer = { pods?: { podSelector?: unknown } };

/** np-guard's reading of an AdminNetworkPolicy `pods` peer without `podSelector`: every pod of the namespaces. */
export function defaultPodSelector(object: Record<string, unknown>): unknown {
  if (object.kind !== 'AdminNetworkPolicy' && object.kind !== 'BaselineAdminNetworkPolicy') return object;
  const spec = (object.spec ?? {}) as { ingress?: { from?: Peer[] }[]; egress?: { to?: Peer[] }[] };
  for (const peer of [
    ...(spec.ingress ?? []).flatMap((r) => r.from ?? []),
    ...(spec.egress ?? []).flatMap((r) => r.to ?? []),
  ])
    if (peer.pods && peer.pods.podSelector === undefined) peer.pods.podSelector = {};
  return object;
}

/** Drops one object (by kind and name). */
export function without(kind: string, name: string): (object: Record<string, unknown>) => unknown {
  return (object) =>
    object.kind === kind && (object.metadata as { name?: string } | undefined)?.name === name
      ? undefined
      : object;
}
