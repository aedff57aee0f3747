import type { SourceRange } from '../model/types.ts';
import type { DirectionVerdict, Effect, FlowVerdict } from '../model/verdict.ts';
import { assertNever } from '../model/assert.ts';
import { chainText, contexts, decisionText, refName, summarizeFlow } from './summary.ts';
import { l7Lines, requestText } from './http-words.ts';
import {
  peerHitText,
  portHitText,
  ruleLabel,
  ruleMissText,
  subjectMissText,
  type WordsContext,
} from './words.ts';

/** One line of an explanation; `depth` is the indentation inside its section. */
export interface ExplanationLine {
  readonly text: string;
  readonly depth: number;
  /** Where in the policies text this line's reason comes from. */
  readonly range?: SourceRange;
}

/** One step of a flow: the Service it went through, the DNS lookup, the source's egress, the destination's ingress. */
export interface ExplanationSection {
  readonly kind: 'service' | 'dns' | 'egress' | 'ingress';
  /** e.g. "egress of `x/a`", "DNS lookup of api.example.com via `kube-system/coredns`". */
  readonly title: string;
  readonly allowed: boolean;
  /** One sentence: how the step was decided. */
  readonly decision: string;
  readonly lines: readonly ExplanationLine[];
  /** The tiers the step went through, for the command line (`[Admin ...] Pass → [NetworkPolicy ...] Allow`). */
  readonly chain?: string;
}

/** A verdict in plain words: a headline, one summary sentence, and its steps. */
export interface Explanation {
  /** e.g. "x/a → y/a 8080/TCP: DENIED (connection timed out)". */
  readonly headline: string;
  readonly allowed: boolean;
  readonly outcome: FlowVerdict['outcome'];
  /**
   * The verdict once, for views that show the steps below it: "Allowed: `a` → `b` 80/TCP." or
   * "Denied at the ingress of `b`: `a` → `b` 80/TCP (connection timed out)."
   */
  readonly verdict: string;
  /** The verdict with each direction's reason in one paragraph (the command line's summary). */
  readonly summary: string;
  readonly sections: readonly ExplanationSection[];
}

type Emit = (text: string, depth: number, range?: SourceRange) => void;

function policyName(effect: Effect): string {
  return `${effect.policy.kind} ${refName(effect.policy)}`;
}

function effectLines(effect: Effect, ctx: WordsContext, depth: number, emit: Emit): void {
  const ref = effect.policy;
  switch (effect.kind) {
    case 'match': {
      const rule = effect.rule;
      emit(`${policyName(effect)}: ${effect.action} by ${ruleLabel(rule)}`, depth, rule.range ?? ref.range);
      const ordered = effect.tier !== 'namespaced';
      if (ordered)
        for (const t of effect.tried) emit(ruleMissText(t.rule, t.miss, ctx), depth + 1, t.rule.range);
      const peer = rule.peers?.[effect.peer];
      emit(peerHitText(peer, effect.hit, rule, ctx), depth + 1, peer?.range ?? rule.range);
      emit(portHitText(rule, effect.port, ctx), depth + 1, rule.ports?.[effect.port]?.range ?? rule.range);
      if (effect.l7)
        for (const line of l7Lines(effect.l7, ctx.http))
          emit(line.text, depth + 2 + line.depth, line.range ?? rule.range);
      if (ordered && rule.actionText !== undefined)
        emit(
          `action ${rule.actionText}${rule.action === 'pass' ? ': skip the rest of this tier' : ''}`,
          depth + 1,
          rule.range,
        );
      return;
    }
    case 'no-match':
      emit(`${policyName(effect)} selects it, but no rule matches:`, depth, ref.range);
      for (const t of effect.tried) emit(ruleMissText(t.rule, t.miss, ctx), depth + 1, t.rule.range);
      if (effect.tried.length === 0)
        emit(
          `it has no ${ctx.direction} rules, so it only isolates (denies all ${ctx.direction})`,
          depth + 1,
          ref.range,
        );
      return;
    case 'not-selected':
      emit(`${policyName(effect)} does not select it`, depth, ref.range);
      for (const why of effect.why) emit(subjectMissText(why, ctx), depth + 1, ref.range);
      return;
    default:
      assertNever(effect);
  }
}

function lines(build: (emit: Emit) => void): ExplanationLine[] {
  const out: ExplanationLine[] = [];
  build((text, depth, range) => out.push(range ? { text, depth, range } : { text, depth }));
  return out;
}

/** Returns the lines of one direction: each consulted policy, then the policies that came close. */
function directionLines(v: DirectionVerdict, ctx: WordsContext, depth: number, emit: Emit): void {
  for (const effect of v.effects) effectLines(effect, ctx, depth, emit);
  for (const effect of v.unselected) effectLines(effect, ctx, depth, emit);
  const skipped = v.notConsulted ?? [];
  if (skipped.length > 0) {
    const decider = v.effects[v.decidedBy];
    const why =
      v.decision === 'default-deny'
        ? 'the pod is isolated, so the NetworkPolicy tier decided'
        : decider
          ? `${decider.policy.kind} ${refName(decider.policy)} decided first`
          : 'an earlier tier decided';
    const names = skipped.map(
      (s) =>
        `${s.tier === 'baseline' ? 'Baseline ' : s.tier === 'admin' ? 'Admin ' : ''}${s.policy.kind} ${refName(s.policy)}`,
    );
    emit(`not consulted: ${names.join(', ')} (${why})`, depth);
  }
}

function directionSection(
  kind: 'egress' | 'ingress',
  v: DirectionVerdict,
  ctx: WordsContext,
): ExplanationSection {
  return {
    kind,
    title: `${kind} of \`${ctx.subject}\``,
    allowed: v.allowed,
    decision: decisionText(v, ctx),
    lines: lines((emit) => directionLines(v, ctx, 0, emit)),
    chain: chainText(v, ctx),
  };
}

function dnsSection(verdict: FlowVerdict): ExplanationSection | undefined {
  const dns = verdict.dns;
  if (!dns) return undefined;
  const resolver = dns.resolver;
  const title = `DNS lookup of ${dns.name}${resolver ? ` via \`${resolver}\`` : ''}`;
  if (!resolver)
    return {
      kind: 'dns',
      title,
      allowed: true,
      decision: 'not modelled (the cluster has no `k8s-app=kube-dns` pod in `kube-system`)',
      lines: [],
    };
  const from = verdict.flow.from;
  const lookup = verdict.addresses.lookup;
  const base = { port: 53 };
  const body = lines((emit) => {
    for (const [protocol, step] of [['UDP', dns.udp]] as const) {
      const egress: WordsContext = {
        ...base,
        protocol,
        direction: 'egress',
        subject: from,
        peer: resolver,
        peerAddress: lookup?.destination,
      };
      const ingress: WordsContext = {
        ...base,
        protocol,
        direction: 'ingress',
        subject: resolver,
        peer: from,
        peerAddress: lookup?.source,
      };
      emit(
        `53/${protocol} egress of \`${from}\`: ${step.egress.allowed ? 'allowed' : 'denied'}: ${decisionText(step.egress, egress)}`,
        0,
      );
      directionLines(step.egress, egress, 1, emit);
      emit(
        `53/${protocol} ingress of \`${resolver}\`: ${step.ingress.allowed ? 'allowed' : 'denied'}: ${decisionText(step.ingress, ingress)}`,
        0,
      );
      directionLines(step.ingress, ingress, 1, emit);
    }
    if (!dns.allowed)
      emit(
        'in the pod, curl says "Resolving timed out" (or "Could not resolve host") and wget "bad address"',
        0,
      );
    if (dns.udp.allowed && !dns.tcp.allowed)
      emit('lookups over 53/TCP (large answers) are blocked: allow TCP 53 too', 0);
  });
  return {
    kind: 'dns',
    title,
    allowed: dns.allowed,
    decision: dns.allowed ? 'allowed' : 'blocked: could not resolve the name',
    lines: body,
  };
}

function serviceSection(verdict: FlowVerdict): ExplanationSection | undefined {
  const via = verdict.via;
  if (!via) return undefined;
  const target = via.targetPort !== undefined ? ` on port ${via.targetPort}` : '';
  return {
    kind: 'service',
    title: `service \`${via.service}\``,
    allowed: via.backend !== undefined,
    decision: `resolves to \`${via.backend ?? '(none)'}\`${target}`,
    lines: [],
  };
}

const OUTCOME_WORDS: Readonly<Record<FlowVerdict['outcome'], string>> = {
  connected: 'connected',
  'requests-filtered': 'connected; each request filtered by HTTP rules',
  'request-denied': 'connected, request refused: HTTP 403 Forbidden',
  'resolving-timed-out': 'resolving timed out',
  'connection-timed-out': 'connection timed out',
};

function verdictText(verdict: FlowVerdict, outcome: string, request: string): string {
  const { from, to, port, protocol } = verdict.flow;
  const flow = `\`${from}\` → \`${to}\` ${port}/${protocol}${request}`;
  if (verdict.problem) return summarizeFlow(verdict);
  if (verdict.allowed)
    return verdict.outcome === 'connected' ? `Allowed: ${flow}.` : `Allowed: ${flow} (${outcome}).`;
  const where =
    verdict.dns && !verdict.dns.allowed
      ? ' at the DNS lookup'
      : !verdict.egress.allowed && verdict.egress.decision !== 'request-denied'
        ? ` at the egress of \`${from}\``
        : !verdict.ingress.allowed && verdict.ingress.decision !== 'request-denied'
          ? ` at the ingress of \`${verdict.via?.backend ?? to}\``
          : '';
  return `Denied${where}: ${flow} (${outcome}).`;
}

/** Returns a verdict as an explanation: the effects made readable, step by step. */
export function explainFlow(verdict: FlowVerdict): Explanation {
  const { from, to, port, protocol } = verdict.flow;
  const outcome = OUTCOME_WORDS[verdict.outcome];
  const request = verdict.flow.http && protocol === 'TCP' ? ` ${requestText(verdict.flow.http)}` : '';
  const ctx = contexts(verdict);
  const sections: ExplanationSection[] = [];
  const service = serviceSection(verdict);
  if (service) sections.push(service);
  const dns = dnsSection(verdict);
  if (dns) sections.push(dns);
  if (!verdict.problem)
    sections.push(
      directionSection('egress', verdict.egress, ctx.egress),
      directionSection('ingress', verdict.ingress, ctx.ingress),
    );
  return {
    headline: `${from} → ${to} ${port}/${protocol}${request}: ${verdict.allowed ? 'ALLOWED' : 'DENIED'} (${outcome})`,
    allowed: verdict.allowed,
    outcome: verdict.outcome,
    verdict: verdictText(verdict, outcome, request),
    summary: summarizeFlow(verdict),
    sections,
  };
}

/** Returns an explanation as flat lines: the headline at depth 0, each section's title at 1 and its lines below. */
export function explanationLines(explanation: Explanation): ExplanationLine[] {
  const out: ExplanationLine[] = [{ text: explanation.headline, depth: 0 }];
  if (explanation.sections.length === 0) out.push({ text: explanation.summary, depth: 1 });
  for (const s of explanation.sections) {
    const verdict =
      s.kind === 'egress' || s.kind === 'ingress' ? `${s.allowed ? 'allowed' : 'denied'}: ` : '';
    out.push({ text: `${s.title}: ${verdict}${s.decision}`, depth: 1 });
    for (const line of s.lines) out.push({ ...line, depth: line.depth + 2 });
    if (s.chain !== undefined && s.lines.length > 0) out.push({ text: `chain: ${s.chain}`, depth: 2 });
  }
  return out;
}

/** Returns an explanation as plain text, two spaces per depth level (what the CLI prints). */
export function renderExplanation(explanation: Explanation): string {
  return explanationLines(explanation)
    .map((l) => `${'  '.repeat(l.depth)}${l.text}`)
    .join('\n');
}
