import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { verdictJson } from '../../src/cli/commands.ts';
import { SharedRenderer } from '../../src/cli/shared-render.ts';
import { summarizeFlow, type FlowVerdict } from '../../src/engine/index.ts';
import { analysisOf } from '../engine/helpers.ts';

// Replicas with the labels of x/b and y/b, so classes have several members (one inside and one outside the except block).
const cluster = `${readFileSync(join(import.meta.dirname, '../engine/evaluate/cluster.yaml'), 'utf8')}
---
apiVersion: v1
kind: Pod
metadata: {name: b2, namespace: x, labels: {pod: b}}
spec: {containers: [{name: c, ports: [{name: http, containerPort: 80}]}]}
status: {podIP: 10.1.0.3}
---
apiVersion: v1
kind: Pod
metadata: {name: b3, namespace: x, labels: {pod: b}}
spec: {containers: [{name: c, ports: [{name: http, containerPort: 80}]}]}
status: {podIP: 10.3.0.3}
---
apiVersion: v1
kind: Pod
metadata: {name: b2, namespace: y, labels: {pod: b}}
status: {podIP: 10.2.0.3}`;
const policies = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: allow-search, namespace: y}
spec:
  podSelector: {}
  ingress:
  - from: [{namespaceSelector: {matchLabels: {team: search}}}]
  - from: [{ipBlock: {cidr: 10.0.0.0/8, except: [10.1.0.0/16]}}]
    ports: [{port: 9000}]`;

describe('the CLI renders flows of one connection once', () => {
  test.each([
    ['json', (v: FlowVerdict) => JSON.stringify(verdictJson(v))],
    ['text', (v: FlowVerdict) => `${v.flow.from} -> ${v.flow.to}: ${summarizeFlow(v)}`],
  ] as const)('%s output is exactly what rendering each verdict gives', (_name, render) => {
    const analysis = analysisOf(cluster, policies);
    const ids = analysis.endpoints.map((e) => e.id);
    const flows = ids.flatMap((from) =>
      ids.flatMap((to) => [9000, 53].map((port) => ({ from, to, port, protocol: 'TCP' as const }))),
    );
    let renders = 0;
    const shared = new SharedRenderer((v) => {
      renders++;
      return render(v);
    });
    const verdicts = [...analysis.evaluateFlows(flows)];
    expect(verdicts.map((v) => shared.text(v))).toEqual(verdicts.map(render));
    expect(renders).toBeLessThan(flows.length);
  });
});
