import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { run, shop, shopWith, shopWithCanary } from './shop.ts';

const explain = (from: string, to: string, port: number, manifests = shop) =>
  run(['explain', '--manifests', manifests, '--from', from, '--to', to, '--port', String(port)]);

/** The shop repository with a StatefulSet that shares its name with the cart Deployment. */
function shopWithTwoCarts(): string {
  return shopWith({
    'apps/cart-cache.yaml':
      'apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: cart, namespace: shop}\nspec:\n  selector: {matchLabels: {app: cart-cache}}\n  template:\n    metadata: {labels: {app: cart-cache}}\n    spec: {containers: [{name: redis, image: redis:8}]}\n',
  });
}

describe('endpoints name workloads, pods and Services', { timeout: 120_000 }, () => {
  test('namespace/name names a workload; namespace/Kind/name any kind explicitly, the kind in any case', () => {
    for (const to of ['shop/cart', 'shop/Deployment/cart', 'shop/deployment/cart']) {
      const result = explain('shop/web', to, 7070);
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toContain(`shop/web → ${to} 7070/TCP: ALLOWED`);
    }
    const service = explain('shop/web', 'shop/Service/cart', 80);
    expect(service.stdout).toContain('service `shop/cart`: resolves to `shop/cart` on port 7070');
    const db = explain('shop/CronJob/report', 'data/StatefulSet/db', 5432);
    expect(db.stdout).toContain('ALLOWED');
    expect(explain('shop/DaemonSet/web', 'data/db', 5432).code).toBe(1);
  });

  test('evaluate takes workload names in flows; its JSON keeps the names given and says which pods were evaluated', () => {
    const dir = mkdtempSync(join(tmpdir(), 'netpol-endpoints-'));
    const flows = join(dir, 'flows.yaml');
    writeFileSync(flows, '- {from: monitoring/DaemonSet/node-exporter, to: data/db, port: 9187}\n');
    const result = run(['evaluate', '--manifests', shop, '--flows', flows, '--output', 'json']);
    expect(result.code, result.stderr).toBe(0);
    const [verdict] = (JSON.parse(result.stdout) as { results: Record<string, unknown>[] }).results;
    expect(verdict).toMatchObject({
      from: 'monitoring/DaemonSet/node-exporter',
      to: 'data/db',
      allowed: true,
      egress: { subject: 'monitoring/DaemonSet/node-exporter' },
      members: { source: 'monitoring/node-exporter', destination: 'data/db' },
    });
  });

  test('a Service named by its DNS name is looked up first; without DNS it could not resolve', () => {
    for (const to of ['cart', 'cart.shop', 'cart.shop.svc', 'cart.shop.svc.cluster.local']) {
      const result = explain('shop/web', to, 80);
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toContain(`shop/web → ${to} 80/TCP: ALLOWED`);
      expect(result.stdout).toContain(
        'DNS lookup of cart.shop.svc.cluster.local via `kube-system/coredns`: allowed',
      );
    }
    const noDns = shopWith({
      'policies/shop-default-deny.yaml':
        'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: default-deny, namespace: shop}\nspec:\n  podSelector: {}\n  policyTypes: [Ingress, Egress]\n',
    });
    const denied = explain('shop/web', 'cart.shop.svc', 80, noDns);
    expect(denied.stdout).toContain('shop/web → cart.shop.svc 80/TCP: DENIED (resolving timed out)');
    expect(denied.stdout).toContain(
      'DNS lookup of cart.shop.svc.cluster.local via `kube-system/coredns`: blocked: could not resolve the name',
    );
    // By its id the Service stands for its cluster IP: no lookup.
    expect(explain('shop/web', 'shop/Service/cart', 80, noDns).stdout).toContain('ALLOWED');
    const far = explain('data/db', 'cart', 80);
    expect(far.stderr).toContain('to: Not found: "cart"');
  });

  test('an unknown name lists the closest names, whatever form it was written in', () => {
    const typo = explain('shop/wbe', 'shop/cart', 7070);
    expect(typo.code).toBe(1);
    expect(typo.stderr).toContain(
      'from: Not found: "shop/wbe": no pod, workload or ExternalEndpoint with that name; did you mean "shop/web"?',
    );
    const kind = explain('shop/web', 'shop/Deploymnt/cart', 7070);
    // The Service is shown in its explicit form: `shop/cart` names the Deployment.
    expect(kind.stderr).toContain('did you mean one of "shop/Service/cart", "shop/cart"?');
    const wrongKind = explain('shop/web', 'shop/StatefulSet/cart', 7070);
    expect(wrongKind.stderr).toContain('did you mean one of "shop/Service/cart", "shop/cart"?');
  });

  test('a name two workloads share is an error listing both; the explicit forms still work', () => {
    const repo = shopWithTwoCarts();
    const shared = explain('shop/web', 'shop/cart', 7070, repo);
    expect(shared.code).toBe(1);
    expect(shared.stderr).toContain(
      'to: Invalid value: "shop/cart": 2 workloads have that name: "shop/Deployment/cart", "shop/StatefulSet/cart" (write namespace/Kind/name) [flow/ambiguous-endpoint]',
    );
    expect(explain('shop/web', 'shop/Deployment/cart', 7070, repo).stdout).toContain('ALLOWED');
    expect(explain('shop/web', 'shop/StatefulSet/cart', 7070, repo).stdout).toContain('DENIED');
  });

  test('a Service is only a destination', () => {
    const result = explain('shop/Service/web', 'data/db', 5432);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      'from: Invalid value: "shop/Service/web": a Service is only a destination; name a pod or workload it selects [flow/service-as-source]',
    );
  });

  test('--help gives the resolution order of the endpoint forms', () => {
    const help = run(['--help']).stdout;
    expect(help).toContain('a pod of that name, else a workload');
    expect(help).toContain('shop/Deployment/cart, shop/Service/cart');
  });
});

describe('matrix rows are units', { timeout: 120_000 }, () => {
  test('one row per workload, named by its short id', () => {
    const result = run(['matrix', '--manifests', shop, '--port', '5432']);
    expect(result.code, result.stderr).toBe(0);
    const rows = result.stdout.trim().split('\n').slice(2);
    expect(rows.map((r) => r.split(/\s+/)[0])).toEqual([
      'shop/cart',
      'shop/report',
      'shop/web',
      'data/db',
      'kube-system/coredns',
      'monitoring/node-exporter',
    ]);
    // Columns follow the rows: cells [1..6], data/db is the fourth.
    expect(rows[0]?.split(/\s+/)[4]).toBe('.');
    expect(rows[2]?.split(/\s+/)[4]).toBe('X');
  });
});

describe('a workload whose pods are not all alike', { timeout: 120_000 }, () => {
  test('matrix shows ~ where some of its pods may connect and others not', () => {
    const result = run(['matrix', '--manifests', shopWithCanary(), '--port', '5432']);
    expect(result.code, result.stderr).toBe(0);
    const rows = result.stdout.trim().split('\n');
    const header = rows[1]?.trim().split(/\s+/) ?? [];
    const api = rows.find((r) => r.startsWith('shop/api '))?.split(/\s+/) ?? [];
    expect(api[header.indexOf('data/db') + 1]).toBe('~');
    expect(rows[0]).toContain('~ some pods of the workload only');
  });
});

describe('lint says what it read', { timeout: 120_000 }, () => {
  test('the summary of read and skipped kinds is one note: line on stderr; stdout keeps the diagnostics', () => {
    const result = run(['lint', '--manifests', shop]);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe(
      'note: read 4 Namespace, 3 Deployment, 3 Service, 1 CronJob, 1 DaemonSet, 1 StatefulSet; 6 workloads with no pod listed stand in by their pod template; skipped kinds the engine does not use: 1 ConfigMap\n',
    );
    expect(result.stdout).not.toContain('note:');
    expect(result.stdout).toMatch(/0 error\(s\), \d+ warning\(s\)\n$/);
  });
});
