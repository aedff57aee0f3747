import { describe, expect, test } from 'vitest';
import { evaluateFlow } from '../../../src/engine/index.ts';
import { scenarioFromText } from './scenario.ts';

/**
 * The table of allow and deny policy combinations from Cilium's deny-policy page, retold in our own
 * words: a client and a server pod, allow policies at L7 (HTTP on 80), L4 (80/TCP, 81/TCP) and L3
 * (from the client), deny policies at L4 (80/TCP) and L3 (from the client), and which curls succeed.
 * Source: https://docs.cilium.io/en/latest/security/policy/deny/ (the ping row is ICMP, not modelled).
 */

const cluster = `apiVersion: v1
kind: Pod
metadata: {name: client, namespace: default, labels: {app: client}}
status: {podIP: 10.0.0.5}
---
apiVersion: v1
kind: Pod
metadata: {name: server, namespace: default, labels: {app: server}}
spec: {containers: [{name: c, ports: [{containerPort: 80}, {containerPort: 81}]}]}
status: {podIP: 10.0.0.6}`;

const policy = (name: string, section: 'ingress' | 'ingressDeny', rule: string) => `apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: ${name}, namespace: default}
spec:
  endpointSelector: {matchLabels: {app: server}}
  ${section}:
    - ${rule}`;

const blocks = {
  allowL7: policy(
    'allow-l7',
    'ingress',
    'toPorts: [{ports: [{port: "80", protocol: TCP}], rules: {http: [{method: GET}]}}]',
  ),
  allowL4x80: policy('allow-80', 'ingress', 'toPorts: [{ports: [{port: "80", protocol: TCP}]}]'),
  allowL4x81: policy('allow-81', 'ingress', 'toPorts: [{ports: [{port: "81", protocol: TCP}]}]'),
  allowL3: policy('allow-client', 'ingress', 'fromEndpoints: [{matchLabels: {app: client}}]'),
  denyL4x80: policy('deny-80', 'ingressDeny', 'toPorts: [{ports: [{port: "80", protocol: TCP}]}]'),
  denyL3: policy('deny-client', 'ingressDeny', 'fromEndpoints: [{matchLabels: {app: client}}]'),
};

const allows = [blocks.allowL7, blocks.allowL4x80, blocks.allowL4x81, blocks.allowL3];

// Columns of the table: the policies deployed, then curl to 81 and curl to 80.
const columns: [string, string[], 'Allowed' | 'Denied', 'Allowed' | 'Denied'][] = [
  ['allow policies only', allows, 'Allowed', 'Allowed'],
  ['allows + deny 80/TCP', [...allows, blocks.denyL4x80], 'Allowed', 'Denied'],
  ['allows + deny 80/TCP + deny client', [...allows, blocks.denyL4x80, blocks.denyL3], 'Denied', 'Denied'],
  ['allows + deny client', [...allows, blocks.denyL3], 'Denied', 'Denied'],
  ['deny 80/TCP alone (default deny)', [blocks.denyL4x80], 'Denied', 'Denied'],
];

describe('deny-policy table', () => {
  test.each(columns)('%s', (_, policies, curl81, curl80) => {
    const { analysis } = scenarioFromText([cluster, ...policies].join('\n---\n'));
    const allowed = (port: number) =>
      evaluateFlow(analysis, { from: 'default/client', to: 'default/server', port, protocol: 'TCP' }).allowed
        ? 'Allowed'
        : 'Denied';
    expect([allowed(81), allowed(80)]).toEqual([curl81, curl80]);
  });
});
