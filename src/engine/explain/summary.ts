import type { DirectionVerdict, Effect, FlowVerdict, PolicyRef, Tier } from '../model/verdict.ts';
import { assertNever } from '../model/assert.ts';
import type { WordsContext } from './words.ts';
import { httpRuleText, requestText } from './http-words.ts';

/** Returns `ns/name` or `name`. */
export function refName(ref: PolicyRef | undefined): string {
  if (!ref) return '?';
  return ref.namespace ? `${ref.namespace}/${ref.name}` : ref.name;
}

/** Returns a policy as named in sentences: NetworkPolicy `ns/name`. */
export function refText(ref: PolicyRef): string {
  return `${ref.kind} \`${refName(ref)}\``;
}

function decidingEffect(v: DirectionVerdict): Effect | undefined {
  return v.effects[v.decidedBy];
}

function matchName(v: DirectionVerdict, ctx: WordsContext): string {
  const effect = decidingEffect(v);
  if (effect?.kind !== 'match') return 'a rule';
  const l4 = effect.l7 ? ` on port ${ctx.port}/${ctx.protocol}` : '';
  const name = `${refText(effect.policy)} rule ${effect.rule.path}${l4}`;
  const l7 = effect.l7;
  if (l7?.kind !== 'admitted') return name;
  const rule = l7.filter.rules[l7.index];
  return `${name}, HTTP rule ${rule?.path ?? l7.filter.path}${rule ? ` (${httpRuleText(rule)})` : ''}`;
}

/** Returns the HTTP rules holding a direction's connection, e.g. "ingress[0].toPorts[0].rules.http (2 rules)". */
function heldRules(v: DirectionVerdict): string {
  const filters = v.effects.flatMap((e) =>
    e.kind === 'match' && e.l7 && e.l7.kind !== 'admitted' ? e.l7.holds.map((h) => h.filter) : [],
  );
  const unique = [...new Set(filters)];
  return unique.map((f) => `${f.path} (${f.rules.map((r) => httpRuleText(r)).join(' | ')})`).join('; ');
}

function isolatingNames(v: DirectionVerdict): string {
  const names = v.effects
    .filter((e) => e.kind !== 'not-selected' && e.isolates)
    .map((e) => refText(e.policy));
  return names.length === 0 ? 'a policy' : names.join(', ');
}

// An isolating NetworkPolicy decides before the Baseline tier: name the Baseline policies it made moot.
function baselineSkipped(v: DirectionVerdict): string {
  const names = (v.notConsulted ?? []).filter((n) => n.tier === 'baseline').map((n) => refText(n.policy));
  if (names.length === 0) return '';
  return `, so the Baseline (cluster-wide baseline tier) ${names.length === 1 ? 'policy' : 'policies'} ${names.join(', ')} ${names.length === 1 ? 'was' : 'were'} not consulted`;
}

function undecidedText(v: DirectionVerdict, who: string): string {
  const passed = v.effects.find((e) => e.kind === 'match' && e.action === 'pass');
  const consulted = v.effects.map((e) => refText(e.policy)).join(', ');
  const head = passed
    ? `${refText(passed.policy)} passed it on (Pass)`
    : `${consulted || 'policies'} select${v.effects.length === 1 ? 's' : ''} ${who} but no rule matched`;
  return `${head}, and no policy isolates ${who} for ${v.direction}: ${v.direction} allowed`;
}

/** Returns one sentence for a direction's decision, e.g. "no policy selects `x/a` for ingress". */
export function decisionText(v: DirectionVerdict, ctx: WordsContext): string {
  const who = `\`${ctx.subject}\``;
  switch (v.decision) {
    case 'not-selected':
      return `no policy selects ${who} for ${v.direction}, so it is not isolated: ${v.direction} allowed`;
    case 'no-tier-decided':
      return undecidedText(v, who);
    case 'not-enforced':
      return `${who} is outside the pod network and has no policies of its own`;
    case 'allowed-by-rule':
      return `allowed by ${matchName(v, ctx)}`;
    case 'requests-filtered':
      return `the connection is allowed by ${matchName(v, ctx)}, and each request on it must match one of its HTTP rules: ${heldRules(v)}`;
    case 'request-denied':
      return `the connection is allowed by ${matchName(v, ctx)}, but no HTTP rule admits ${ctx.http ? `\`${requestText(ctx.http)}\`` : 'the request'} (the proxy answers 403 Forbidden): ${heldRules(v)}`;
    case 'denied-by-rule':
      return `denied by ${matchName(v, ctx)}`;
    case 'default-deny':
      return `${who} is isolated for ${v.direction} by ${isolatingNames(v)} and no ${v.direction} rule matches${baselineSkipped(v)}`;
    case 'loopback':
      return `${who} talking to itself is never blocked by network policy`;
    case 'unknown-endpoint':
      return `the connection leads to no pod`;
    default:
      return assertNever(v.decision);
  }
}

function tierLabel(tier: Tier, ref: PolicyRef): string {
  switch (tier) {
    case 'admin':
      return `[Admin ${ref.kind} ${refName(ref)}]`;
    case 'baseline':
      return `[Baseline ${ref.kind} ${refName(ref)}]`;
    case 'namespaced':
      return `[${ref.kind} ${refName(ref)}]`;
    default:
      return assertNever(tier);
  }
}

const VERBS = { allow: 'Allow', deny: 'Deny', pass: 'Pass' } as const;

/** Returns the tiers a direction went through, e.g. `[Admin ClusterNetworkPolicy x] Pass → [NetworkPolicy y/z] Allow`. */
export function chainText(v: DirectionVerdict, ctx: WordsContext): string {
  const parts: string[] = [];
  v.effects.forEach((e, i) => {
    if (e.kind !== 'match') return;
    if (e.tier === 'namespaced' && i !== v.decidedBy) return;
    const l7 =
      e.l7?.kind === 'admitted'
        ? ` (HTTP rule ${e.l7.filter.rules[e.l7.index]?.path ?? e.l7.filter.path})`
        : e.l7?.kind === 'filtered'
          ? ' (requests filtered by HTTP rules)'
          : e.l7?.kind === 'rejected'
            ? ' connection, request refused (HTTP 403)'
            : '';
    parts.push(`${tierLabel(e.tier, e.policy)} ${VERBS[e.action]}${l7}`);
  });
  switch (v.decision) {
    case 'not-selected':
      parts.push(`no policy selects ${ctx.subject} for ${v.direction} → Allow`);
      break;
    case 'no-tier-decided':
      parts.push('[Default] Allow');
      break;
    case 'default-deny': {
      const isolating = v.effects.filter((e) => e.kind !== 'not-selected' && e.isolates);
      parts.push(
        `[${isolating.map((e) => `${e.policy.kind} ${refName(e.policy)}`).join(', ')}] Default deny (isolated, no rule allows)`,
      );
      break;
    }
    case 'not-enforced':
      parts.push(`${ctx.subject} is outside the pod network: no policy applies → Allow`);
      break;
    case 'loopback':
      parts.push('a pod talking to itself is never blocked → Allow');
      break;
    default:
      break;
  }
  return parts.join(' → ');
}

/** Returns the two directions' contexts of a verdict's connection. */
export function contexts(verdict: FlowVerdict): { egress: WordsContext; ingress: WordsContext } {
  const source = verdict.flow.from;
  const destination = verdict.via?.backend ?? verdict.flow.to;
  const port = verdict.via?.targetPort ?? verdict.flow.port;
  const http = verdict.flow.protocol === 'TCP' ? verdict.flow.http : undefined;
  const base = { port, protocol: verdict.flow.protocol, ...(http ? { http } : {}) };
  return {
    egress: {
      ...base,
      direction: 'egress',
      subject: source,
      peer: destination,
      peerAddress: verdict.addresses.destination,
    },
    ingress: {
      ...base,
      direction: 'ingress',
      subject: destination,
      peer: source,
      peerAddress: verdict.addresses.source,
    },
  };
}

function problemText(verdict: FlowVerdict): string | undefined {
  const p = verdict.problem;
  if (!p) return undefined;
  switch (p.code) {
    case 'unknown-endpoint':
      return `Unknown endpoint \`${p.id}\`: expected \`namespace/pod\`, \`namespace/service\`, a Service's DNS name or an ExternalEndpoint name.`;
    case 'service-no-port':
      return `Denied: service \`${p.service}\` has no port ${verdict.flow.port}/${verdict.flow.protocol}.`;
    case 'service-no-backends':
      return `Denied: service \`${p.service}\` has no backing pods.`;
    case 'service-no-named-port':
      return `Denied: no backing pod of \`${p.service}\` has a container port named \`${p.name}\`.`;
    default:
      return assertNever(p);
  }
}

/** Returns the verdict's one-sentence summary. */
export function summarizeFlow(verdict: FlowVerdict): string {
  const problem = problemText(verdict);
  if (problem) return problem;
  const { from, to, port, protocol } = verdict.flow;
  const ctx = contexts(verdict);
  const request = verdict.flow.http && protocol === 'TCP' ? ` ${requestText(verdict.flow.http)}` : '';
  const flow = `\`${from}\` → \`${to}\` ${port}/${protocol}${request}`;
  const via = verdict.via?.backend
    ? `Via service \`${verdict.via.service}\` to \`${verdict.via.backend}\` port ${verdict.via.targetPort ?? port}: `
    : '';
  const dns = verdict.dns;
  if (dns && !dns.allowed) {
    const step = !dns.udp.egress.allowed ? dns.udp.egress : dns.udp.ingress;
    const stepCtx: WordsContext = {
      ...ctx.egress,
      direction: step.direction,
      subject: step.direction === 'egress' ? from : (dns.resolver ?? 'kube-dns'),
      peer: step.direction === 'egress' ? (dns.resolver ?? 'kube-dns') : from,
      port: 53,
      protocol: 'UDP',
      peerAddress: undefined,
    };
    return `${via}Denied (resolving timed out): could not resolve ${dns.name}: the DNS lookup via \`${dns.resolver ?? 'kube-dns'}\` on 53/UDP is blocked: ${decisionText(step, stepCtx)}.`;
  }
  if (verdict.allowed) {
    const filtered =
      verdict.outcome === 'requests-filtered' ? ' (connection allowed, requests filtered)' : '';
    return `${via}Allowed${filtered}: ${flow}. Egress: ${decisionText(verdict.egress, ctx.egress)}. Ingress: ${decisionText(verdict.ingress, ctx.ingress)}.`;
  }
  // The direction that dropped the connection, else the one that refused the request.
  const drops = (v: typeof verdict.egress): boolean => !v.allowed && v.decision !== 'request-denied';
  const blocked = drops(verdict.egress)
    ? 'egress'
    : drops(verdict.ingress)
      ? 'ingress'
      : !verdict.egress.allowed
        ? 'egress'
        : 'ingress';
  const refused = verdict.outcome === 'request-denied' ? ' (HTTP 403)' : '';
  return `${via}Denied${refused}: ${flow}. ${blocked === 'egress' ? 'Egress' : 'Ingress'}: ${decisionText(verdict[blocked], ctx[blocked])}.`;
}
