import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { summarizeFlow } from '../../../src/engine/index.ts';
import { analysisOf, explanationText } from '../helpers.ts';

const clusterYaml = readFileSync(join(import.meta.dirname, 'cluster.yaml'), 'utf8');

const egressToPaymentsRange = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: out, namespace: x}
spec:
  podSelector: {matchLabels: {pod: a}}
  policyTypes: [Egress]
  egress:
  - to: [{ipBlock: {cidr: 203.0.113.0/24}}]`;

describe('flow verdicts', () => {
  test('a blocked lookup is "resolving timed out", not "connection timed out"', () => {
    const v = analysisOf(clusterYaml, egressToPaymentsRange).evaluateFlow({
      from: 'x/a',
      to: 'payments',
      port: 443,
      protocol: 'TCP',
    });
    expect(v.outcome).toBe('resolving-timed-out');
    expect(v.allowed).toBe(false);
    expect(v.egress.allowed).toBe(true);
    expect(v.dns).toMatchObject({
      name: 'api.payments.example',
      resolver: 'kube-system/coredns',
      allowed: false,
      fqdnVisible: false,
    });
    expect(v.dns?.udp.egress.decision).toBe('default-deny');
    expect(summarizeFlow(v)).toMatch(/resolving timed out/);
  });

  test('a connection denied after a good lookup is "connection timed out"', () => {
    const v = analysisOf(clusterYaml, egressToPaymentsRange).evaluateFlow({
      from: 'x/a',
      to: 'bank',
      port: 443,
      protocol: 'TCP',
    });
    expect(v.dns).toBeUndefined();
    expect(v.outcome).toBe('connection-timed-out');
    expect(v.egress.decision).toBe('default-deny');
  });

  test('a pod reaching itself is never blocked', () => {
    const v = analysisOf(clusterYaml, egressToPaymentsRange).evaluateFlow({
      from: 'x/a',
      to: 'x/a',
      port: 80,
      protocol: 'TCP',
    });
    expect(v.allowed).toBe(true);
    expect(v.egress.decision).toBe('loopback');
  });

  test('unknown endpoints give a denied verdict that says so, never an exception', () => {
    const v = analysisOf(clusterYaml, '').evaluateFlow({
      from: 'x/nope',
      to: 'x/a',
      port: 80,
      protocol: 'TCP',
    });
    expect(v.allowed).toBe(false);
    expect(v.egress.decision).toBe('unknown-endpoint');
    expect(v.problem).toEqual({ code: 'unknown-endpoint', id: 'x/nope' });
    expect(summarizeFlow(v)).toContain('x/nope');
  });

  test('a flow to a Service reports the backend and target port', () => {
    const v = analysisOf(clusterYaml, '').evaluateFlow({
      from: 'x/a',
      to: 'y/web',
      port: 80,
      protocol: 'TCP',
    });
    expect(v.via).toEqual({ service: 'y/web', backend: 'y/a', targetPort: 8080 });
    expect(explanationText(v)).toContain('ingress of `y/a`');
    const missing = analysisOf(clusterYaml, '').evaluateFlow({
      from: 'x/a',
      to: 'y/web',
      port: 81,
      protocol: 'TCP',
    });
    expect(missing.allowed).toBe(false);
    expect(missing.problem).toEqual({ code: 'service-no-port', service: 'y/web' });
    expect(summarizeFlow(missing)).toContain('has no port 81/TCP');
  });

  test('ipBlock matches pod IPs by default and not with ipBlockMatchesPods: false', () => {
    const policy = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: from-x-range, namespace: y}
spec:
  podSelector: {matchLabels: {pod: b}}
  ingress:
  - from: [{ipBlock: {cidr: 10.1.0.0/16}}]`;
    const flow = { from: 'x/a', to: 'y/b', port: 80, protocol: 'TCP' } as const;
    const on = analysisOf(clusterYaml, policy).evaluateFlow(flow);
    expect(on.allowed).toBe(true);
    const hit = on.ingress.effects[0];
    expect(hit?.kind === 'match' && hit.hit).toEqual({ code: 'pod-address', cidr: '10.1.0.0/16' });
    expect(explanationText(on)).toContain('depends on the network plugin');
    const off = analysisOf(clusterYaml, policy, { ipBlockMatchesPods: false }).evaluateFlow(flow);
    expect(off.allowed).toBe(false);
    const miss = off.ingress.effects[0];
    expect(miss?.kind === 'no-match' && miss.tried[0]?.miss).toEqual({
      code: 'peer',
      misses: [{ code: 'pod-address-not-matched' }],
    });
    expect(explanationText(off)).toContain('ipBlockMatchesPods');
  });

  test('external endpoints have no policies of their own', () => {
    const v = analysisOf(clusterYaml, '').evaluateFlow({
      from: 'bank',
      to: 'payments',
      port: 443,
      protocol: 'TCP',
    });
    expect(v.allowed).toBe(true);
    expect(v.egress.decision).toBe('not-enforced');
    expect(v.ingress.decision).toBe('not-enforced');
  });
});
