import { describe, expect, test } from 'vitest';
import { compileCiliumPort } from '../../../src/engine/cilium/compile.ts';
import type { CiliumPort } from '../../../src/engine/cilium/ports.ts';
import { portTestMatches } from '../../../src/engine/match/ports.ts';
import type { EndpointView, Protocol } from '../../../src/engine/index.ts';
import { external, pod } from './helpers.ts';

const server = pod('default/server', {}, { ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }] });
const p = (
  port: CiliumPort['port'],
  protocol: CiliumPort['protocol'] = 'ANY',
  endPort?: number,
): CiliumPort => ({
  port,
  protocol,
  endPort,
});

function ciliumPortMatches(
  entry: CiliumPort,
  port: number,
  protocol: Protocol = 'TCP',
  destination: EndpointView = server,
): boolean {
  return portTestMatches(compileCiliumPort(entry, 'toPorts[0]'), port, protocol, destination);
}

// https://docs.cilium.io/en/stable/security/policy/language/#layer-4-examples
describe('Cilium port rules', () => {
  test.each([
    [p('80', 'TCP'), 80, 'TCP', true],
    [p('80', 'TCP'), 80, 'UDP', false],
    [p('53'), 53, 'UDP', true],
    [p('53'), 53, 'SCTP', true],
    [p('0', 'TCP'), 12345, 'TCP', true],
    [p(undefined, 'UDP'), 9, 'UDP', true],
    [p('8000', 'TCP', 8080), 8042, 'TCP', true],
    [p('8000', 'TCP', 8080), 8081, 'TCP', false],
    [p(443, 'TCP'), 443, 'TCP', true],
    [p('80', 'ICMP'), 80, 'TCP', false],
  ] as const)('%o admits %i/%s: %s', (entry, port, protocol, expected) => {
    expect(ciliumPortMatches(entry, port, protocol)).toBe(expected);
  });

  test('named ports resolve against the destination pod', () => {
    expect(ciliumPortMatches(p('http'), 8080)).toBe(true);
    expect(ciliumPortMatches(p('http', 'UDP'), 8080)).toBe(false);
    expect(ciliumPortMatches(p('http'), 8080, 'UDP')).toBe(false);
    expect(ciliumPortMatches(p('http'), 8080, 'TCP', external('x'))).toBe(false);
  });
});
