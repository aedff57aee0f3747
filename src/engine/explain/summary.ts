import type { DirectionVerdict, Effect, FlowVerdict } from '../model/verdict.ts';
import { assertNever } from '../model/assert.ts';

/** One sentence for a direction's decision, e.g. "no policy selects `x/a` for ingress". */
export function decisionText(v: DirectionVerdict): string {
  const who = `\`${v.subject}\``;
  switch (v.decision) {
    case 'not-isolated':
      return `no policy selects ${who} for ${v.direction}, so it is not isolated: ${v.direction} allowed`;
    case 'not-enforced':
      return `${who} is outside the pod network and has no policies of its own`;
    case 'allowed-by-rule':
      return `allowed by ${matchName(v.effects, 'allow')}`;
    case 'denied-by-rule':
      return `denied by ${matchName(v.effects, 'deny')}`;
    case 'default-deny':
      return `${who} is isolated for ${v.direction} by ${selectingNames(v.effects)} and no ${v.direction} rule matches`;
    case 'loopback':
      return `${who} talking to itself is never blocked by network policy`;
    case 'unknown-endpoint':
      return v.chain;
    default:
      return assertNever(v.decision);
  }
}

function refText(effect: Effect): string {
  const ref = effect.policy;
  return `${ref.kind} \`${ref.namespace ? `${ref.namespace}/` : ''}${ref.name}\``;
}

function matchName(effects: readonly Effect[], action: 'allow' | 'deny'): string {
  const effect = effects.find((e) => e.kind === 'match' && e.action === action);
  return effect?.kind === 'match' ? `${refText(effect)} rule ${effect.rulePath}` : 'a rule';
}

function selectingNames(effects: readonly Effect[]): string {
  const names = effects.filter((e) => e.kind !== 'not-selected').map(refText);
  return names.length === 0 ? 'a policy' : names.join(', ');
}

/** The verdict's one-sentence summary. */
export function summarize(v: Omit<FlowVerdict, 'summary'>): string {
  const { from, to, port, protocol } = v.flow;
  const flow = `\`${from}\` → \`${to}\` ${port}/${protocol}`;
  if (v.dns && !v.dns.allowed) {
    const step = !v.dns.udp.egress.allowed ? v.dns.udp.egress : v.dns.udp.ingress;
    return `Denied (resolving timed out): the DNS lookup of ${v.dns.name} via \`${v.dns.resolver ?? 'kube-dns'}\` on 53/UDP is blocked: ${decisionText(step)}.`;
  }
  if (v.allowed)
    return `Allowed: ${flow}. Egress: ${decisionText(v.egress)}. Ingress: ${decisionText(v.ingress)}.`;
  const blocked = !v.egress.allowed ? v.egress : v.ingress;
  return `Denied: ${flow}. ${blocked.direction === 'egress' ? 'Egress' : 'Ingress'}: ${decisionText(blocked)}.`;
}
