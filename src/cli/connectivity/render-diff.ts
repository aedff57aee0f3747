import type { PolicyRef, Reach } from '../../engine/index.ts';
import { connText } from './conn-set.ts';
import type { Cause, CausePolicy, PairChange, PortChange } from './diff.ts';
import { pairText, unitJson } from './render-list.ts';

/** The formats `diff` writes. */
export const DIFF_FORMATS = ['text', 'json', 'md'] as const;

/** One of `DIFF_FORMATS`. */
export type DiffFormat = (typeof DIFF_FORMATS)[number];

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

const byPair = (a: PairChange, b: PairChange): number =>
  compare(a.after.from.id, b.after.from.id) || compare(a.after.to.id, b.after.to.id);

/** A policy as the explanations name it: `NetworkPolicy shop/web`. */
export function policyName(ref: PolicyRef): string {
  return `${ref.kind} ${ref.namespace !== undefined ? `${ref.namespace}/` : ''}${ref.name}`;
}

const MARK: Readonly<Record<CausePolicy['status'], string>> = {
  added: ' (new)',
  removed: ' (removed)',
  changed: ' (changed)',
  unchanged: '',
};

const STEP: Readonly<Record<Cause['step'], string>> = {
  egress: 'egress of',
  ingress: 'ingress of',
  'dns-egress': 'DNS lookup, egress of',
  'dns-ingress': 'DNS lookup, ingress of',
};

/** Names the isolating policies of a default deny: those that changed, the others counted. */
function isolatingText(policies: readonly CausePolicy[]): string {
  const moved = policies.filter((p) => p.status !== 'unchanged');
  const shown = moved.length > 0 ? moved : policies;
  const rest = policies.length - shown.length;
  const names = shown.map((p) => `${policyName(p.ref)}${MARK[p.status]}`).join(', ');
  return `${names}${rest > 0 ? ` and ${rest} unchanged ${rest === 1 ? 'policy' : 'policies'}` : ''}`;
}

/** One cause in words: `egress of shop/web: now denied by default: NetworkPolicy shop/web (changed) isolates it, no rule allows it`. */
export function causeText(cause: Cause): string {
  const verb = cause.allowed ? 'allowed' : 'denied';
  const when = cause.side === 'now' ? `now ${verb}` : `was ${verb}`;
  const policy = cause.policies[0];
  const what =
    cause.how === 'rule' && policy
      ? `${when} by ${policyName(policy.ref)}${MARK[policy.status]} rule ${cause.rule ?? ''}`
      : `${when} by default: ${isolatingText(cause.policies)} ${cause.policies.length === 1 ? 'isolates' : 'isolate'} it, no rule allows it`;
  return `${STEP[cause.step]} ${cause.subject}: ${what}`;
}

const TURN: Readonly<Record<Reach, string>> = {
  allowed: 'open',
  denied: 'closed',
  mixed: 'open for some pods only',
};

function changeText(change: PortChange): string {
  const causes = change.causes.map(causeText).join('; ');
  return `${connText(change.ports)}: ${TURN[change.before]} -> ${TURN[change.after]}${causes ? `: ${causes}` : ''}`;
}

/** The summary line: how many pairs changed, or that none did. */
export function diffSummary(changes: readonly PairChange[]): string {
  if (changes.length === 0) return 'no connectivity changed';
  const count = (kind: PairChange['kind']) => changes.filter((c) => c.kind === kind).length;
  return `${changes.length} unit pair(s) changed: ${count('added')} added, ${count('removed')} removed, ${count('changed')} changed`;
}

/** Renders the changes in one format (pairs sorted by source, then destination). */
export function renderDiff(changes: readonly PairChange[], format: DiffFormat): string {
  const sorted = [...changes].sort(byPair);
  switch (format) {
    case 'text':
      return [
        ...sorted.flatMap((c) => [
          `${c.kind}: ${c.after.from.id} => ${c.after.to.id} : was ${pairText(c.before)}, now ${pairText(c.after)}`,
          ...c.changes.map((p) => `  ${changeText(p)}`),
        ]),
        diffSummary(sorted),
      ]
        .map((l) => `${l}\n`)
        .join('');
    case 'json':
      return `${JSON.stringify({ changed: sorted.length > 0, changes: sorted.map(changeJson) }, null, 2)}\n`;
    case 'md':
      return markdown(sorted);
  }
}

function changeJson(c: PairChange): Record<string, unknown> {
  return {
    kind: c.kind,
    src: c.after.from.id,
    dst: c.after.to.id,
    before: pairText(c.before),
    after: pairText(c.after),
    source: unitJson(c.after.from),
    destination: unitJson(c.after.to),
    ports: c.changes.map((p) => ({
      ports: connText(p.ports),
      before: p.before,
      after: p.after,
      causes: p.causes.map((cause) => ({
        ...cause,
        policies: cause.policies.map((x) => ({
          kind: x.ref.kind,
          ...(x.ref.namespace !== undefined ? { namespace: x.ref.namespace } : {}),
          name: x.ref.name,
          status: x.status,
        })),
        text: causeText(cause),
      })),
    })),
  };
}

const cell = (text: string): string => text.replaceAll('|', '\\|');

function markdown(changes: readonly PairChange[]): string {
  const rows = changes.flatMap((c) =>
    c.changes.map(
      (p) =>
        `| ${c.kind} | ${cell(c.after.from.id)} | ${cell(c.after.to.id)} | ${cell(connText(p.ports))} | ${TURN[p.before]} | ${TURN[p.after]} | ${cell(p.causes.map(causeText).join('; '))} |`,
    ),
  );
  return [
    '| change | src | dst | ports | before | after | why |',
    '|--------|-----|-----|-------|--------|-------|-----|',
    ...rows,
    '',
    diffSummary(changes),
  ]
    .map((l) => `${l}\n`)
    .join('');
}
