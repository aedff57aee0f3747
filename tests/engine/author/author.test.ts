import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import {
  allowFlow,
  blockFlow,
  isolatePod,
  type AuthorEdit,
  type Cluster,
  type Flow,
  type Result,
} from '../../../src/engine/index.ts';
import { modelClusterYaml } from '../../conformance/model.ts';
import { analysisOf, cluster } from '../helpers.ts';

const model: Cluster = cluster(modelClusterYaml());
const fixture = (name: string): string => readFileSync(join(import.meta.dirname, name), 'utf8');
interface Doc {
  readonly metadata?: unknown;
  readonly spec?: { readonly ingress?: unknown };
}
const docsOf = (text: string): Doc[] => text.split('\n---\n').map((d) => parse(d) as Doc);
const flow = (from: string, to: string, port = 80, protocol: Flow['protocol'] = 'TCP'): Flow => ({
  from,
  to,
  port,
  protocol,
});

function edited(result: Result<AuthorEdit>): AuthorEdit {
  if (!result.ok) throw new Error(result.diagnostics.map((d) => d.message).join('\n'));
  return result.value;
}

function verdictAfter(edit: AuthorEdit, f: Flow): boolean {
  return analysisOf(modelClusterYaml(), edit.text).evaluateFlow(f).allowed;
}

describe('allowFlow', () => {
  test('same namespace under deny-all: the source egress and destination ingress, nothing else', () => {
    const f = flow('x/a', 'x/b');
    const edit = edited(allowFlow({ cluster: model, policiesText: fixture('deny-all-x-y.yaml') }, f));
    expect(edit.summary).toBe('1 connection newly allowed');
    expect(edit.changes).toEqual([{ flow: f, before: false, after: true }]);
    expect(edit.collateral).toEqual([]);
    expect(edit.steps.map((s) => s.message)).toEqual([
      'Created NetworkPolicy x/allow-egress-from-a with an egress rule for 80/TCP to x/b',
      'Created NetworkPolicy x/allow-ingress-to-b with an ingress rule for 80/TCP from x/a',
    ]);
    const docs = docsOf(edit.text);
    expect(docs[2]?.spec).toEqual({
      podSelector: { matchLabels: { pod: 'a' } },
      policyTypes: ['Egress'],
      egress: [
        { to: [{ podSelector: { matchLabels: { pod: 'b' } } }], ports: [{ protocol: 'TCP', port: 80 }] },
      ],
    });
    expect(verdictAfter(edit, f)).toBe(true);
  });

  test('cross-namespace peers are named by kubernetes.io/metadata.name', () => {
    const f = flow('x/a', 'y/b', 81, 'UDP');
    const edit = edited(allowFlow({ cluster: model, policiesText: fixture('deny-all-x-y.yaml') }, f));
    expect(edit.summary).toBe('1 connection newly allowed');
    const ingress = docsOf(edit.text)[3];
    expect(ingress?.metadata).toEqual({ name: 'allow-ingress-to-b', namespace: 'y' });
    expect(ingress?.spec?.ingress).toEqual([
      {
        from: [
          {
            namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'x' } },
            podSelector: { matchLabels: { pod: 'a' } },
          },
        ],
        ports: [{ protocol: 'UDP', port: 81 }],
      },
    ]);
  });

  test('only the missing side is added: z/a is not isolated, so only the ingress of y/b', () => {
    const edit = edited(
      allowFlow({ cluster: model, policiesText: fixture('deny-all-x-y.yaml') }, flow('z/a', 'y/b')),
    );
    expect(edit.steps).toHaveLength(1);
    expect(edit.steps[0]?.direction).toBe('ingress');
  });

  test('the existing policy for the pod is extended in place, keeping its comments and layout', () => {
    const before = fixture('existing-policy-with-comments.yaml');
    const edit = edited(allowFlow({ cluster: model, policiesText: before }, flow('x/a', 'y/b')));
    expect(edit.summary).toBe('1 connection newly allowed');
    expect(edit.steps.map((s) => s.kind)).toEqual(['added-rule']);
    expect(edit.text).toBe(
      before.replace(
        '# end of b-ingress',
        [
          '    - from:',
          '        - namespaceSelector:',
          '            matchLabels:',
          '              kubernetes.io/metadata.name: x',
          '          podSelector:',
          '            matchLabels:',
          '              pod: a',
          '      ports:',
          '        - protocol: TCP',
          '          port: 80',
          '# end of b-ingress',
        ].join('\n'),
      ),
    );
  });

  test('a named port flow is proven on the destination pod: 81/SCTP opens only that port', () => {
    const f = flow('x/c', 'x/a', 81, 'SCTP');
    const edit = edited(allowFlow({ cluster: model, policiesText: fixture('deny-all-x-y.yaml') }, f));
    expect(edit.changes).toEqual([{ flow: f, before: false, after: true }]);
  });

  test('a pod with the same labels cannot be told apart: the extra verdict is reported', () => {
    const twin = cluster(
      `${modelClusterYaml()}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: b2, namespace: x, labels: {pod: b}}\nspec: {containers: [{name: c, image: i, ports: [{containerPort: 80}]}]}\n`,
    );
    const edit = edited(
      allowFlow({ cluster: twin, policiesText: fixture('deny-all-x-y.yaml') }, flow('x/a', 'x/b')),
    );
    expect(edit.collateral.map((c) => c.flow.to)).toEqual(['x/b2']);
    expect(edit.because).toContain('x/b2');
  });

  test('a pod with more labels is excluded with DoesNotExist', () => {
    const extra = cluster(
      `${modelClusterYaml()}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: b-canary, namespace: x, labels: {pod: b, track: canary}}\nspec: {containers: [{name: c, image: i, ports: [{containerPort: 80}]}]}\n`,
    );
    const edit = edited(
      allowFlow({ cluster: extra, policiesText: fixture('deny-all-x-y.yaml') }, flow('x/a', 'x/b')),
    );
    expect(edit.collateral).toEqual([]);
    expect(edit.text).toContain('operator: DoesNotExist');
  });

  test('Cilium format writes CiliumNetworkPolicies', () => {
    const edit = edited(
      allowFlow(
        { cluster: model, policiesText: fixture('deny-all-x-y.yaml'), format: 'cilium' },
        flow('x/a', 'y/b'),
      ),
    );
    expect(edit.summary).toBe('1 connection newly allowed');
    expect(edit.text).toContain('k8s:io.kubernetes.pod.namespace: x');
  });

  test('an allowed connection and broken YAML are refused with a message', () => {
    const ok = allowFlow({ cluster: model, policiesText: '' }, flow('x/a', 'x/b'));
    expect(ok.ok).toBe(false);
    expect(ok.diagnostics[0]?.message).toMatch(/already allowed/);
    const bad = allowFlow({ cluster: model, policiesText: 'kind: [' }, flow('x/a', 'x/b'));
    expect(bad.diagnostics[0]?.message).toMatch(/YAML has errors/);
  });
});

describe('blockFlow', () => {
  test('narrows a rule with two peers to the other peer', () => {
    const f = flow('x/a', 'x/b');
    const edit = edited(blockFlow({ cluster: model, policiesText: fixture('two-peers-allow.yaml') }, f));
    expect(edit.summary).toBe('1 connection newly denied');
    expect(edit.steps.map((s) => s.message)).toEqual([
      'Removed the peer ingress[0].from[0] of NetworkPolicy x/b-from-a-and-c',
    ]);
    expect(analysisOf(modelClusterYaml(), edit.text).evaluateFlow(flow('x/c', 'x/b')).allowed).toBe(true);
  });

  test('a Kubernetes NetworkPolicy cannot deny a connection nothing isolates', () => {
    const result = blockFlow({ cluster: model, policiesText: '' }, flow('x/a', 'x/b'));
    expect(result.ok).toBe(false);
    expect(result.diagnostics[0]?.message).toMatch(/A Kubernetes NetworkPolicy cannot deny/);
  });

  test('in the Cilium format a deny rule blocks exactly the connection', () => {
    const f = flow('x/a', 'y/b');
    const edit = edited(blockFlow({ cluster: model, policiesText: '', format: 'cilium' }, f));
    expect(edit.changes).toEqual([{ flow: f, before: true, after: false }]);
    expect(edit.text).toContain('ingressDeny');
  });

  test('removing the only rule of a Cilium policy would open the pod: a deny rule is used instead', () => {
    const f = flow('x/c', 'x/b');
    const edit = edited(blockFlow({ cluster: model, policiesText: fixture('cilium-deny-all.yaml') }, f));
    expect(edit.changes).toEqual([{ flow: f, before: true, after: false }]);
  });
});

describe('isolatePod', () => {
  test('ingress isolation denies every connection into the pod on the scenario ports', () => {
    const edit = edited(isolatePod({ cluster: model, policiesText: '' }, 'x/a', 'ingress'));
    // The 8 other pods on 80/TCP, the proof's port when the cluster names none (a pod talking to itself is never blocked).
    expect(edit.summary).toBe('8 connections newly denied');
    expect(edit.changes.every((c) => c.flow.to === 'x/a' && !c.after)).toBe(true);
    expect(edit.text).toContain('name: default-deny-ingress-a');
  });

  test('a pod already isolated is refused', () => {
    const result = isolatePod({ cluster: model, policiesText: fixture('deny-all-x-y.yaml') }, 'x/a', 'both');
    expect(result.diagnostics[0]?.message).toMatch(/already isolated/);
  });
});
