// A Hubble flow log of the shape `hubble observe -o json` prints, for benchmarks: `workloads`
// Deployments in `namespaces` namespaces, each calling a few others, every connection seen at both
// ends with its reply, some DNS lookups, world traffic and drops.

/** Returns `count` flow lines (JSON, one per line) and the cluster they come from (as JSON objects). */
export function generateHubbleLog(
  count: number,
  { namespaces = 10, perNamespace = 10 } = {},
): { text: string; cluster: object[] } {
  const apps: { ns: string; app: string; ip: string; identity: number }[] = [];
  for (let n = 0; n < namespaces; n++)
    for (let a = 0; a < perNamespace; a++)
      apps.push({
        ns: `team-${n}`,
        app: `svc-${a}`,
        ip: `10.${n}.${a}.${10 + (a % 200)}`,
        identity: 20000 + apps.length,
      });
  const end = (x: (typeof apps)[number]) => ({
    ID: 1000 + x.identity,
    identity: x.identity,
    namespace: x.ns,
    labels: [
      `k8s:app=${x.app}`,
      `k8s:io.kubernetes.pod.namespace=${x.ns}`,
      'k8s:io.cilium.k8s.policy.cluster=default',
    ],
    pod_name: `${x.app}-7c9f8d6b4-x2x9q`,
    workloads: [{ name: x.app, kind: 'Deployment' }],
  });
  const lines: string[] = [];
  let i = 0;
  const push = (flow: object): void => {
    lines.push(JSON.stringify({ flow, node_name: 'node-1', time: '2026-12-06T10:00:00Z' }));
  };
  while (lines.length < count) {
    const from = apps[i % apps.length]!;
    const to = apps[(i * 7 + 3) % apps.length]!;
    const sport = 30000 + (i % 30000);
    const tcp = (s: number, d: number, reply: boolean) => ({
      TCP: { source_port: s, destination_port: d, flags: reply ? { SYN: true, ACK: true } : { SYN: true } },
    });
    const base = {
      time: '2026-12-06T10:00:00Z',
      Type: 'L3_L4',
      node_name: 'node-1',
      event_type: { type: 4 },
    };
    const verdict = i % 50 === 0 ? 'DROPPED' : 'FORWARDED';
    for (const direction of ['EGRESS', 'INGRESS'])
      push({
        ...base,
        verdict,
        IP: { source: from.ip, destination: to.ip, ipVersion: 'IPv4' },
        l4: tcp(sport, 8080 + (i % 3), false),
        source: end(from),
        destination: end(to),
        traffic_direction: direction,
        is_reply: false,
      });
    push({
      ...base,
      verdict: 'FORWARDED',
      IP: { source: to.ip, destination: from.ip, ipVersion: 'IPv4' },
      l4: tcp(8080 + (i % 3), sport, true),
      source: end(to),
      destination: end(from),
      traffic_direction: 'INGRESS',
      is_reply: true,
    });
    if (i % 10 === 0)
      push({
        ...base,
        verdict: 'FORWARDED',
        IP: { source: from.ip, destination: '198.51.100.20', ipVersion: 'IPv4' },
        l4: tcp(sport, 443, false),
        source: end(from),
        destination: { identity: 2, labels: ['reserved:world'] },
        destination_names: ['api.payments.example'],
        traffic_direction: 'EGRESS',
        is_reply: false,
      });
    i++;
  }
  lines.length = count;
  const cluster: object[] = [];
  for (let n = 0; n < namespaces; n++)
    cluster.push({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: `team-${n}` } });
  for (const x of apps)
    cluster.push({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: x.app, namespace: x.ns },
      spec: {
        selector: { matchLabels: { app: x.app } },
        template: {
          metadata: { labels: { app: x.app } },
          spec: {
            containers: [
              { name: 'main', image: 'app', ports: [8080, 8081, 8082].map((p) => ({ containerPort: p })) },
            ],
          },
        },
      },
    });
  return { text: `${lines.join('\n')}\n`, cluster };
}
