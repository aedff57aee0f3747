import type { DiagnosticSink } from '../model/diagnostic.ts';
import type { FieldPath } from '../model/source.ts';
import { parseCidr, parseIp } from '../match/ip.ts';

/** Writes an address back as text: dotted IPv4, or IPv6 with its longest run of zero groups as `::`. */
export function formatIp(family: 4 | 6, value: bigint): string {
  if (family === 4) return [24n, 16n, 8n, 0n].map((s) => String((value >> s) & 0xffn)).join('.');
  const groups = Array.from({ length: 8 }, (_, i) => (value >> BigInt(112 - 16 * i)) & 0xffffn);
  let [bestStart, bestLength] = [-1, 1];
  for (let i = 0; i < 8;) {
    let j = i;
    while (j < 8 && groups[j] === 0n) j++;
    if (j - i > bestLength) [bestStart, bestLength] = [i, j - i];
    i = j > i ? j : i + 1;
  }
  const hex = (gs: bigint[]): string => gs.map((g) => g.toString(16)).join(':');
  if (bestStart < 0) return hex(groups);
  return `${hex(groups.slice(0, bestStart))}::${hex(groups.slice(bestStart + bestLength))}`;
}

// https://kubernetes.io/docs/reference/kubernetes-api/policy-resources/network-policy-v1/#NetworkPolicySpec
// (ipBlock.cidr is "a string representing the IPBlock, e.g. 192.168.1.0/24"): the API server accepts
// `172.16.8.25/24` and treats it as the network 172.16.8.0/24, so the one host the learner named is
// not what the rule means. Cilium's CIDR fields read the text the same way.
/** Warns when a CIDR block has host bits set (`172.16.8.25/24`): suggests `/32` (or `/128`) or the network address. */
export function lintCidrHostBits(text: string, path: FieldPath, sink: DiagnosticSink): void {
  const block = parseCidr(text);
  const slash = text.indexOf('/');
  const ip = slash < 0 ? undefined : parseIp(text.slice(0, slash));
  if (!block || !ip || ip.value === block.base) return;
  const address = text.slice(0, slash);
  const network = `${formatIp(block.family, block.base)}/${block.prefix}`;
  const host = `${address}/${block.family === 4 ? 32 : 128}`;
  const size = block.family === 4 ? ` (${2 ** (32 - block.prefix)} addresses)` : '';
  sink.warn(
    'lint/cidr-host-bits',
    path,
    `${text} has host bits set: it means the whole network ${network}${size}, not the one address ${address}`,
    `For that one address write \`${host}\`; for the network write \`${network}\`.`,
  );
}
