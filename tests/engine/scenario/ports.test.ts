import { describe, expect, test } from 'vitest';
import { editPodPorts, loadCluster, type PortEdit } from '../../../src/engine/index.ts';

const base = `apiVersion: v1
kind: Pod
metadata: {name: a, namespace: x}
spec:
  containers:
    - name: one
      image: x
      ports:
        - { name: http, containerPort: 80, protocol: TCP }
    - name: two
      image: x
      ports:
        - { name: dns, containerPort: 53, protocol: UDP }
---
apiVersion: v1
kind: Pod
metadata: {name: bare, namespace: x}
`;

const pod = { namespace: 'x', name: 'a' };

function ports(text: string, name = 'a'): string[] {
  const loaded = loadCluster(text);
  if (!loaded.ok) throw new Error('does not load');
  return (loaded.value.pods.find((p) => p.name === name)?.ports ?? []).map(
    (p) => `${p.name ?? '-'}=${p.containerPort}/${p.protocol}`,
  );
}

function edited(edit: PortEdit, target = pod): string {
  const result = editPodPorts(base, target, edit);
  if (!result.ok) throw new Error(result.diagnostics.map((d) => d.message).join('\n'));
  return result.value;
}

function refused(edit: PortEdit): string[] {
  const result = editPodPorts(base, pod, edit);
  return result.ok ? [] : result.diagnostics.map((d) => d.message);
}

describe('editing container ports', () => {
  test('a port is added to the first container, in the style of its neighbours', () => {
    const text = edited({ op: 'add', port: { name: 'metrics', containerPort: 9090, protocol: 'TCP' } });
    expect(ports(text)).toEqual(['http=80/TCP', 'metrics=9090/TCP', 'dns=53/UDP']);
    expect(text).toContain('- { name: metrics, containerPort: 9090, protocol: TCP }');
  });

  test('a pod without containers gets one', () => {
    const text = edited(
      { op: 'add', port: { containerPort: 8080, protocol: 'SCTP' } },
      { namespace: 'x', name: 'bare' },
    );
    expect(ports(text, 'bare')).toEqual(['-=8080/SCTP']);
  });

  test('a port is changed where it is, in any container', () => {
    const text = edited({
      op: 'set',
      index: 1,
      port: { name: 'dns-tcp', containerPort: 53, protocol: 'TCP' },
    });
    expect(ports(text)).toEqual(['http=80/TCP', 'dns-tcp=53/TCP']);
    expect(text).toContain('name: two');
  });

  test('removing the last port of a container drops its empty list', () => {
    const text = edited({ op: 'remove', index: 1 });
    expect(ports(text)).toEqual(['http=80/TCP']);
    expect(text).not.toContain('ports: []');
  });

  test('bad names, numbers, protocols and duplicates are refused', () => {
    expect(refused({ op: 'add', port: { name: 'HTTP', containerPort: 8080, protocol: 'TCP' } })[0]).toBe(
      'spec.containers[0].ports[1].name: Invalid value: "HTTP": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
    );
    expect(
      refused({ op: 'add', port: { name: 'a-very-long-port-name', containerPort: 1, protocol: 'TCP' } })[0],
    ).toMatch(/must be no more than 15 characters/);
    expect(refused({ op: 'add', port: { name: '8080', containerPort: 8080, protocol: 'TCP' } })).toEqual([
      'spec.containers[0].ports[1].name: Invalid value: "8080": must contain at least one letter (a-z)',
    ]);
    expect(refused({ op: 'add', port: { containerPort: 70000, protocol: 'TCP' } })).toEqual([
      'spec.containers[0].ports[1].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive',
    ]);
    expect(refused({ op: 'add', port: { containerPort: 0.5, protocol: 'TCP' } })[0]).toMatch(
      /between 1 and 65535/,
    );
    expect(refused({ op: 'add', port: { containerPort: 1, protocol: 'ICMP' as 'TCP' } })[0]).toMatch(
      /Unsupported value: "ICMP"/,
    );
    expect(refused({ op: 'add', port: { name: 'dns', containerPort: 5353, protocol: 'UDP' } })).toEqual([
      'spec.containers[0].ports[1].name: Duplicate value: "dns"',
    ]);
    expect(refused({ op: 'add', port: { containerPort: 80, protocol: 'TCP' } })[0]).toMatch(
      /Duplicate value: 80\/TCP/,
    );
    expect(refused({ op: 'remove', index: 5 })).toEqual(['pod x/a has no port 6']);
  });

  test('changing a port to itself is not a duplicate; an unknown pod is reported', () => {
    expect(
      ports(edited({ op: 'set', index: 0, port: { name: 'http', containerPort: 8080, protocol: 'TCP' } })),
    ).toEqual(['http=8080/TCP', 'dns=53/UDP']);
    const missing = editPodPorts(base, { namespace: 'y', name: 'a' }, { op: 'remove', index: 0 });
    expect(missing.ok).toBe(false);
  });
});
