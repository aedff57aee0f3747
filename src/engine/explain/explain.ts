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

/** Renders a verdict as plain-words lines for the UI and the CLI (the effects made readable). */
export function explainFlow(verdict: FlowVerdict): ExplanationLine[] {
  const { from, to, port, protocol } = verdict.flow;
  const outcome =
    verdict.outcome === 'connected'
      ? 'connected'
      : verdict.outcome === 'resolving-timed-out'
        ? 'resolving timed out'
        : 'connection timed out';
  const lines: ExplanationLine[] = [
    {
      text: `${from} → ${to} ${port}/${protocol}: ${verdict.allowed ? 'ALLOWED' : 'DENIED'} (${outcome})`,
      depth: 0,
    },
  ];
  if (verdict.via) {
    lines.push({
      text: `service \`${verdict.via.service}\` resolves to \`${verdict.via.backend ?? '(none)'}\`${verdict.via.targetPort !== undefined ? ` on port ${verdict.via.targetPort}` : ''}`,
      depth: 1,
    });
  }
  const dns = verdict.dns;
  if (dns) {
    lines.push({
      text: `DNS lookup of ${dns.name}${dns.resolver ? ` via \`${dns.resolver}\`` : ''}: ${dns.resolver ? (dns.allowed ? 'allowed' : 'blocked') : 'not modelled (the cluster has no `k8s-app=kube-dns` pod in `kube-system`)'}`,
      depth: 1,
    });
    if (dns.resolver) {
      lines.push(
        ...direction(dns.udp.egress, 2, '53/UDP egress'),
        ...direction(dns.udp.ingress, 2, '53/UDP ingress'),
      );
      if (dns.udp.allowed && !dns.tcp.allowed)
        lines.push({ text: 'lookups over 53/TCP (large answers) are blocked: allow TCP 53 too', depth: 2 });
    }
  }
  lines.push(...direction(verdict.egress, 1, 'egress'), ...direction(verdict.ingress, 1, 'ingress'));
  return lines;
}

function direction(v: DirectionVerdict, depth: number, title: string): ExplanationLine[] {
  const lines: ExplanationLine[] = [
    { text: `${title} of \`${v.subject}\`: ${v.allowed ? 'allowed' : 'denied'}: ${decisionText(v)}`, depth },
  ];
  for (const effect of v.effects) lines.push(...effectLines(effect, depth + 1));
  if (v.effects.length > 0) lines.push({ text: `chain: ${v.chain}`, depth: depth + 1 });
  return lines;
}

function effectLines(effect: Effect, depth: number): ExplanationLine[] {
  const ref = effect.policy;
  const name = `${ref.kind} ${ref.namespace ? `${ref.namespace}/` : ''}${ref.name}`;
  const at = ref.range ? { range: ref.range } : {};
  const reasons = effect.reasons.map((r) => ({
    text: r.text,
    depth: depth + 1,
    ...(r.range ? { range: r.range } : {}),
  }));
  switch (effect.kind) {
    case 'match':
      return [
        {
          text: `${name}: ${effect.action} by ${effect.rulePath}`,
          depth,
          ...(effect.range ? { range: effect.range } : at),
        },
        ...reasons,
      ];
    case 'no-match':
      return [{ text: `${name} selects it, but no rule matches:`, depth, ...at }, ...reasons];
    case 'not-selected':
      return [{ text: `${name} does not select it`, depth, ...at }, ...reasons];
    default:
      return assertNever(effect);
  }
}

/** Plain text of explanation lines, two spaces per depth level. */
export function renderExplanation(lines: readonly ExplanationLine[]): string {
  return lines.map((l) => `${'  '.repeat(l.depth)}${l.text}`).join('\n');
}
