/**
 * The upstream e2e model (kubernetes test/e2e/network/netpol): namespaces x, y, z, each with
 * pods a, b, c serving ports 80 and 81 over TCP, UDP and SCTP. Namespaces carry only the
 * automatic `kubernetes.io/metadata.name` label; pods are labelled `pod: <name>`.
 */
export const NAMESPACES = ['x', 'y', 'z'] as const;
export const PODS = ['a', 'b', 'c'] as const;

/** Pod IPs: 10.0.<namespace index + 1>.<pod index + 1>, e.g. x/a = 10.0.1.1, y/b = 10.0.2.2. */
export function podIp(ns: string, pod: string): string {
  return `10.0.${NAMESPACES.indexOf(ns as 'x') + 1}.${PODS.indexOf(pod as 'a') + 1}`;
}

/** The model cluster as YAML manifests. */
export function modelClusterYaml(): string {
  const docs: string[] = [];
  for (const ns of NAMESPACES) docs.push(`apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${ns}`);
  for (const ns of NAMESPACES) {
    for (const pod of PODS) {
      const ports = [80, 81]
        .flatMap((port) =>
          ['TCP', 'UDP', 'SCTP'].map(
            (protocol) =>
              `      - {name: serve-${port}-${protocol.toLowerCase()}, containerPort: ${port}, protocol: ${protocol}}`,
          ),
        )
        .join('\n');
      docs.push(
        `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${pod}\n  namespace: ${ns}\n  labels:\n    pod: ${pod}\nspec:\n  containers:\n  - name: cont\n    ports:\n${ports}\nstatus:\n  podIP: ${podIp(ns, pod)}`,
      );
    }
  }
  return docs.join('\n---\n');
}

/** One expectation line in the style of upstream's reachability helpers: later lines override earlier ones. */
export interface Expectation {
  readonly from: string;
  readonly to: string;
  readonly allowed: boolean;
}

function matches(pattern: string, id: string): boolean {
  if (pattern === '*') return true;
  const [ns, pod] = pattern.split('/');
  const [idNs, idPod] = id.split('/');
  return ns === idNs && (pod === '*' || pod === idPod);
}

/** The grid the expectations describe (all allowed by default; a pod may always reach itself). */
export function expectedGrid(expectations: readonly Expectation[]): string {
  const ids = NAMESPACES.flatMap((ns) => PODS.map((pod) => `${ns}/${pod}`));
  const rows = ids.map((from) =>
    ids.map((to) => {
      if (from === to) return '.';
      let allowed = true;
      for (const e of expectations) if (matches(e.from, from) && matches(e.to, to)) allowed = e.allowed;
      return allowed ? '.' : 'X';
    }),
  );
  return [
    `    ${ids.join(' ')}`,
    ...ids.map((id, i) => `${id} ${(rows[i] ?? []).map((c) => c.padEnd(3)).join(' ')}`.trimEnd()),
  ].join('\n');
}

/** Normalizes a grid for comparison: rows of whitespace-separated cells. */
export function normalizeGrid(grid: string): string {
  return grid
    .trim()
    .split('\n')
    .map((row) => row.trim().split(/\s+/).join(' '))
    .join('\n');
}
