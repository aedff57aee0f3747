import type { EndpointView, PodView } from '../model/endpoint.ts';
import type { Direction, Flow, Result } from '../model/types.ts';
import type { DirectionVerdict, FlowChange, FlowVerdict } from '../model/verdict.ts';
import { summarizeFlow } from '../explain/summary.ts';
import type { AnalysisHandle } from '../evaluate/analyze.ts';
import { refuse, type AuthorEdit, type AuthorInput, type AuthorStep } from './model.ts';
import { describeChanges, loadText, proofPorts, proveChanges, sameFlow, type Loaded } from './prove.ts';
import type { PodSelection } from './selectors.ts';
import {
  FORMAT_KIND,
  formatOf,
  freshName,
  keyOf,
  newPolicy,
  policyForSubject,
  ruleFor,
  selectionOf,
  shortName,
} from './subject.ts';
import { appendDocument, appendToList, readDocuments } from './text.ts';

/** Returns why an allow rule cannot help a denied direction, or undefined when one can. */
function denyingRule(side: DirectionVerdict): string | undefined {
  const effect = side.effects[side.decidedBy];
  if (side.decision !== 'denied-by-rule' || effect?.kind !== 'match' || effect.tier === 'baseline')
    return undefined;
  const at = effect.rule.range ? ` (line ${effect.rule.range.line})` : '';
  return `${effect.policy.kind} ${effect.policy.namespace ? `${effect.policy.namespace}/` : ''}${effect.policy.name} denies it at ${effect.rule.path}${at}; an allow rule cannot override a deny: remove or narrow that rule first`;
}

interface Side {
  readonly direction: Direction;
  readonly subject: PodView;
  readonly peer: EndpointView;
  readonly address: string | undefined;
}

/** Returns the text with one rule admitting the side's peer, and the step that says so. */
function addSide(
  loaded: Loaded,
  input: AuthorInput,
  side: Side,
  flow: Flow,
): { text: string; step: AuthorStep } | undefined {
  const analysis = loaded.analysis;
  const format = formatOf(analysis, input.format);
  const subjectSel = selectionOf(analysis, side.subject);
  const peerSel: PodSelection | undefined =
    side.peer.kind === 'pod' ? selectionOf(analysis, side.peer) : undefined;
  const existing = policyForSubject(analysis, side.subject, subjectSel, side.direction, format);
  const kind = existing?.kind ?? FORMAT_KIND[format];
  const rule = ruleFor(
    kind,
    side.direction,
    side.subject,
    side.peer,
    peerSel,
    side.address,
    flow.port,
    flow.protocol,
  );
  const what = `${side.direction} rule for ${flow.port}/${flow.protocol} ${side.direction === 'egress' ? 'to' : 'from'} ${side.peer.id}`;
  if (existing) {
    const text = appendToList(loaded.text, keyOf(existing), ['spec', side.direction], rule);
    if (text === undefined) return undefined;
    const policy = keyOf(existing);
    return {
      text,
      step: {
        kind: 'added-rule',
        policy,
        direction: side.direction,
        message: `Added an ${what} to ${kind} ${existing.namespace}/${existing.name}`,
      },
    };
  }
  const base =
    side.direction === 'ingress'
      ? `allow-ingress-to-${shortName(side.subject)}`
      : `allow-egress-from-${shortName(side.subject)}`;
  const name = freshName(analysis, kind, side.subject.namespace.name, base);
  const object = newPolicy(kind, name, side.subject, subjectSel, { [side.direction]: [rule] });
  const policy = { kind, name, namespace: side.subject.namespace.name };
  return {
    text: appendDocument(loaded.text, object),
    step: {
      kind: 'created-policy',
      policy,
      direction: side.direction,
      message: `Created ${kind} ${policy.namespace}/${name} with an ${what}`,
    },
  };
}

/** Returns the sides of a denied flow that need a rule (the source's egress, the destination's ingress). */
function missingSides(analysis: AnalysisHandle, verdict: FlowVerdict): Side[] | string {
  const from = analysis.endpoint(verdict.flow.from);
  const to = analysis.endpoint(verdict.flow.to);
  if (!from || !to)
    return `${verdict.flow.from} → ${verdict.flow.to} names an endpoint the cluster does not have`;
  const sides: Side[] = [];
  for (const [direction, subject, peer, address] of [
    ['egress', from, to, verdict.addresses?.destination?.text],
    ['ingress', to, from, verdict.addresses?.source?.text],
  ] as const) {
    const side = verdict[direction];
    if (side.allowed) continue;
    const denied = denyingRule(side);
    if (denied) return denied;
    if (subject.kind !== 'pod') return `${subject.id} is not a pod: policies cannot admit it`;
    sides.push({ direction, subject, peer, address });
  }
  return sides;
}

/** Returns why the changes other than `flow` cannot be avoided: pods a label selector cannot tell apart. */
export function explainCollateral(
  analysis: AnalysisHandle,
  flow: Flow,
  collateral: readonly FlowChange[],
): string | undefined {
  if (collateral.length === 0) return undefined;
  const twins = (id: string): string[] => {
    const view = analysis.endpoint(id);
    if (view?.kind !== 'pod') return [];
    return selectionOf(analysis, view).alsoSelects.map((p) => p.id);
  };
  const names = [...new Set([...twins(flow.from), ...twins(flow.to)])];
  return names.length > 0
    ? `${names.join(', ')} ${names.length === 1 ? 'has' : 'have'} the same labels as an end of this connection: no label selector tells them apart`
    : 'these verdicts share the rules this connection needed';
}

/**
 * Returns the least-privilege edit that allows `flow`: a rule for exactly the side(s) that deny it, peers named
 * by their labels (and namespace by `kubernetes.io/metadata.name`), in the subject's own policy when one
 * selects exactly it, otherwise in a new policy; with every verdict change, proven by the engine.
 */
export function allowFlow(input: AuthorInput, flow: Flow): Result<AuthorEdit> {
  if (readDocuments(input.policiesText) === undefined)
    return refuse('unreadable', 'The policies YAML has errors: fix them in the editor first.');
  const before = loadText(input.cluster, input.policiesText, input.options);
  const verdict = before.analysis.evaluateFlow(flow);
  if (verdict.problem) return refuse('unknown-endpoint', summarizeFlow(verdict));
  if (verdict.allowed)
    return refuse(
      'already-allowed',
      `${flow.from} → ${flow.to} on ${flow.port}/${flow.protocol} is already allowed`,
    );
  const sides = missingSides(before.analysis, verdict);
  if (typeof sides === 'string') return refuse('cannot-allow', sides);
  let current = before;
  const steps: AuthorStep[] = [];
  for (const side of sides) {
    const added = addSide(current, input, side, flow);
    if (!added) return refuse('cannot-edit', 'The policy to extend could not be edited in place.');
    steps.push(added.step);
    current = loadText(input.cluster, added.text, input.options);
  }
  if (current.errors.length > before.errors.length)
    return refuse('invalid-edit', current.errors[0]?.message ?? 'the edit made the policies invalid');
  const after = current.analysis.evaluateFlow(flow);
  if (!after.allowed) return refuse('still-denied', `After adding the rules: ${summarizeFlow(after)}`);
  const ports = proofPorts(input.cluster, [
    { port: flow.port, protocol: flow.protocol },
    ...(input.ports ?? []),
  ]);
  const changes = proveChanges(before.analysis, current.analysis, ports);
  const collateral = changes.filter((c) => !sameFlow(c.flow, flow));
  const because = explainCollateral(current.analysis, flow, collateral);
  return {
    ok: true,
    value: {
      text: current.text,
      steps,
      changes,
      collateral,
      ...(because ? { because } : {}),
      summary: describeChanges(changes),
      ports,
    },
    diagnostics: [],
  };
}
