import type { SourceRange } from '../model/types.ts';
import type { DirectionVerdict, Effect, FlowVerdict } from '../model/verdict.ts';
import { assertNever } from '../model/assert.ts';
import { decisionText } from './summary.ts';

/** One line of a rendered explanation; `depth` is the indentation level. */
export interface ExplanationLine {
  readonly text: string;
  readonly depth: number;
  /** Where in the policies text this line's reason comes from. */
  readonly range?: SourceRange;
}

/** Receives explanation lines one at a time, in order. */
export type ExplanationSink = (text: string, depth: number, range: SourceRange | undefined) => void;

/** Renders a verdict as plain-words lines for the UI and the CLI (the effects made readable). */
export function explainFlow(verdict: FlowVerdict): ExplanationLine[] {
  const lines: ExplanationLine[] = [];
  explainEach(verdict, (text, depth, range) => lines.push(range ? { text, depth, range } : { text, depth }));
  return lines;
}

/** The lines of `explainFlow`, handed to `emit` one by one (large outputs build no line objects). */
export function explainEach(verdict: FlowVerdict, emit: ExplanationSink): void {
  const { from, to, port, protocol } = verdict.flow;
  const outcome =
    verdict.outcome === 'connected'
      ? 'connected'
      : verdict.outcome === 'resolving-timed-out'
        ? 'resolving timed out'
        : 'connection timed out';
  emit(
    `${from} → ${to} ${port}/${protocol}: ${verdict.allowed ? 'ALLOWED' : 'DENIED'} (${outcome})`,
    0,
    undefined,
  );
  if (verdict.via) {
    emit(
      `service \`${verdict.via.service}\` resolves to \`${verdict.via.backend ?? '(none)'}\`${verdict.via.targetPort !== undefined ? ` on port ${verdict.via.targetPort}` : ''}`,
      1,
      undefined,
    );
  }
  const dns = verdict.dns;
  if (dns) {
    emit(
      `DNS lookup of ${dns.name}${dns.resolver ? ` via \`${dns.resolver}\`` : ''}: ${dns.resolver ? (dns.allowed ? 'allowed' : 'blocked') : 'not modelled (the cluster has no `k8s-app=kube-dns` pod in `kube-system`)'}`,
      1,
      undefined,
    );
    if (dns.resolver) {
      direction(dns.udp.egress, 2, '53/UDP egress', emit);
      direction(dns.udp.ingress, 2, '53/UDP ingress', emit);
      if (dns.udp.allowed && !dns.tcp.allowed)
        emit('lookups over 53/TCP (large answers) are blocked: allow TCP 53 too', 2, undefined);
    }
  }
  direction(verdict.egress, 1, 'egress', emit);
  direction(verdict.ingress, 1, 'ingress', emit);
}

function direction(v: DirectionVerdict, depth: number, title: string, emit: ExplanationSink): void {
  emit(
    `${title} of \`${v.subject}\`: ${v.allowed ? 'allowed' : 'denied'}: ${decisionText(v)}`,
    depth,
    undefined,
  );
  for (const effect of v.effects) effectLines(effect, depth + 1, emit);
  if (v.effects.length > 0) emit(`chain: ${v.chain}`, depth + 1, undefined);
}

function effectLines(effect: Effect, depth: number, emit: ExplanationSink): void {
  const ref = effect.policy;
  const name = `${ref.kind} ${ref.namespace ? `${ref.namespace}/` : ''}${ref.name}`;
  switch (effect.kind) {
    case 'match':
      emit(`${name}: ${effect.action} by ${effect.rulePath}`, depth, effect.range ?? ref.range);
      break;
    case 'no-match':
      emit(`${name} selects it, but no rule matches:`, depth, ref.range);
      break;
    case 'not-selected':
      emit(`${name} does not select it`, depth, ref.range);
      break;
    default:
      assertNever(effect);
  }
  for (const r of effect.reasons) emit(r.text, depth + 1, r.range);
}

/** Plain text of explanation lines, two spaces per depth level. */
export function renderExplanation(lines: readonly ExplanationLine[]): string {
  return lines.map((l) => `${'  '.repeat(l.depth)}${l.text}`).join('\n');
}
