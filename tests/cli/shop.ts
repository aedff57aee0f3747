import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run as runCommand } from '../../src/cli/main.ts';

/** The shop repository: Deployments, a StatefulSet, a DaemonSet, a CronJob, Services, NetworkPolicies. */
export const shop = join(import.meta.dirname, 'fixtures', 'shop');

/** The shop's policies before a change (for `diff`). */
export const shopBefore = join(import.meta.dirname, 'fixtures', 'shop-policies-before');

/** Runs the CLI in this process, with large outputs (`more`) joined to stdout. */
export function run(args: readonly string[]): { code: number; stdout: string; stderr: string } {
  const result = runCommand(args);
  const more = [...(result.more ?? [])].join('');
  return { code: result.code, stdout: `${result.stdout}${more}`, stderr: result.stderr };
}

/** A copy of the shop repository with more files (path inside the copy → contents). */
export function shopWith(files: Readonly<Record<string, string>>): string {
  const dir = mkdtempSync(join(tmpdir(), 'netpol-shop-'));
  cpSync(shop, dir, { recursive: true });
  for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, file), text);
  return dir;
}

const pod = (name: string, track: string): string =>
  `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\n  namespace: shop\n  labels: {app: api, pod-template-hash: 5d8c7, track: ${track}}\n  ownerReferences: [{apiVersion: apps/v1, kind: ReplicaSet, name: api-5d8c7, controller: true, uid: u-${name}}]\nspec: {containers: [{name: api, image: api:1}]}\n`;

/** The shop with a Deployment whose two listed pods differ: only the canary may reach the database. */
export function shopWithCanary(): string {
  return shopWith({
    'apps/api.yaml': [
      'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api, namespace: shop}\nspec:\n  selector: {matchLabels: {app: api}}\n  template:\n    metadata: {labels: {app: api}}\n    spec: {containers: [{name: api, image: api:1}]}\n',
      pod('api-5d8c7-aaaaa', 'stable'),
      pod('api-5d8c7-bbbbb', 'canary'),
    ].join('---\n'),
    'policies/canary.yaml':
      'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: canary-to-db, namespace: data}\nspec:\n  podSelector: {matchLabels: {app: db}}\n  ingress:\n    - from:\n        - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: shop}}\n          podSelector: {matchLabels: {track: canary}}\n      ports: [{port: 5432}]\n---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: api, namespace: shop}\nspec:\n  podSelector: {matchLabels: {app: api}}\n  egress: [{ports: [{port: 5432}]}]\n',
  });
}
