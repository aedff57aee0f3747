import { useState } from 'react';
import {
  analyze,
  type LeftOutObject,
  exportRealCluster,
  loadCluster,
  loadPolicies,
  type Flow,
  type PortProtocol,
} from '../../engine/index.ts';
import { download } from './download.ts';

interface Props {
  readonly name: string;
  readonly clusterText: string;
  readonly policiesText: string;
  /** Flows to probe; when empty, every pod pair on `port` (pods that serve it) is probed. */
  readonly flows: readonly Flow[];
  readonly port: PortProtocol;
}

/** Most probes a generated script runs when no goals are given. */
const MAX_PAIRS = 400;

/** "Try it on a real cluster": manifests, policies and a probe script that compares the cluster with the sandbox. */
export default function RealClusterExport({ name, clusterText, policiesText, flows, port }: Props) {
  const [message, setMessage] = useState('');
  const [leftOut, setLeftOut] = useState<readonly LeftOutObject[]>([]);

  const run = (): void => {
    const loaded = loadCluster(clusterText);
    if (!loaded.ok) {
      setMessage('The cluster has errors; fix them before exporting it.');
      setLeftOut([]);
      return;
    }
    const cluster = loaded.value;
    const analysis = analyze(cluster, loadPolicies(policiesText).policies);
    const serving = cluster.pods.filter((p) =>
      p.ports.some((cp) => cp.containerPort === port.port && cp.protocol === port.protocol),
    );
    const pairs =
      flows.length > 0
        ? flows
        : cluster.pods
            .flatMap((from) =>
              serving
                .filter((to) => to !== from)
                .map((to) => ({
                  from: `${from.namespace}/${from.name}`,
                  to: `${to.namespace}/${to.name}`,
                  ...port,
                })),
            )
            .slice(0, MAX_PAIRS);
    const result = exportRealCluster({
      name,
      cluster,
      policiesText,
      flows: pairs.map((flow) => ({ flow, predicted: analysis.evaluateFlow(flow).allowed })),
    });
    for (const file of result.files)
      download(
        file.name,
        file.content,
        file.name.endsWith('.sh') ? 'text/x-shellscript' : 'application/yaml',
      );
    const policies = `${result.policies} ${result.policies === 1 ? 'policy' : 'policies'}`;
    const skipped =
      result.skipped.length > 0 ? `, ${result.skipped.length} skipped (outside the cluster)` : '';
    const left = result.leftOut.length > 0 ? ` ${result.leftOut.length} left out of policies.yaml:` : '';
    setMessage(
      `Downloaded README.md, cluster.yaml, policies.yaml (${policies}) and probe.sh: ${result.probed.length} flows to probe${skipped}. README.md explains how to run them.${left}`,
    );
    setLeftOut(result.leftOut);
  };

  return (
    <div className="np-actions">
      <button type="button" className="np-button" onClick={run}>
        Download for a real cluster
      </button>
      <div role="status">
        {message}
        {leftOut.length > 0 && (
          <ul aria-label="Left out of policies.yaml">
            {leftOut.map((item, index) => (
              <li key={index}>
                {item.object}: {item.reason}
              </li>
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}
