import {
  PROTOCOLS,
  type Analysis,
  type PortProtocol,
  type PortTest,
  type Protocol,
} from '../../engine/index.ts';

/** Ports `start`..`end` of one protocol that every policy treats alike. */
export interface PortInterval {
  readonly protocol: Protocol;
  readonly start: number;
  readonly end: number;
}

const MAX_PORT = 65535;

/**
 * Splits every protocol's ports 1-65535 into intervals that every rule treats alike (decision 0080): a
 * port test admits whole intervals, because each range test starts an interval at its first port and
 * ends one at its last, and each named port adds the number every container port of that name has. So
 * one port per interval (its first) decides the whole interval (for several analyses: intervals none of them splits), and a pair allowed on every interval is
 * allowed on every port and protocol.
 */
export function portIntervals(...analyses: readonly Analysis[]): PortInterval[] {
  const cuts = new Map<Protocol, Set<number>>(PROTOCOLS.map((p) => [p, new Set([1])]));
  const cut = (protocol: string, start: number, end: number): void => {
    for (const p of PROTOCOLS)
      if (protocol === 'ANY' || protocol === p) {
        cuts.get(p)?.add(start);
        cuts.get(p)?.add(end + 1);
      }
  };
  for (const analysis of analyses)
    for (const test of portTests(analysis)) {
      if (test.kind === 'range') cut(test.protocol, test.start, test.end);
      else if (test.kind === 'named')
        for (const e of analysis.endpoints)
          if (e.kind === 'pod')
            for (const port of e.pod.ports)
              if (port.name === test.name) cut(test.protocol, port.containerPort, port.containerPort);
    }
  return PROTOCOLS.flatMap((protocol) => {
    const starts = [...(cuts.get(protocol) ?? [])]
      .filter((p) => p >= 1 && p <= MAX_PORT)
      .sort((a, b) => a - b);
    return starts.map((start, i) => ({ protocol, start, end: (starts[i + 1] ?? MAX_PORT + 1) - 1 }));
  });
}

/** The port tests of every rule that applies to some class, in either direction. */
function* portTests(analysis: Analysis): Generator<PortTest> {
  for (const cls of analysis.classes) {
    const subject = cls.representative;
    if (subject.kind !== 'pod') continue;
    for (const direction of ['ingress', 'egress'] as const)
      for (const target of cls.selecting[direction])
        for (const rule of target.rules(subject, direction)) yield* rule.ports ?? [];
  }
}

/** The port each interval is evaluated on (its first). */
export function samplePorts(intervals: readonly PortInterval[]): PortProtocol[] {
  return intervals.map((i) => ({ port: i.start, protocol: i.protocol }));
}
