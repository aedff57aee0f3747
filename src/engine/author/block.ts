import type { Direction, Flow, Result } from '../model/types.ts';
import type { FlowChange } from '../model/verdict.ts';
import { summarizeFlow } from '../explain/summary.ts';
import { refuse, type AuthorEdit, type AuthorInput, type AuthorStep } from './model.ts';
import { explainCollateral } from './allow.ts';
import { describeChanges, loadText, proofPorts, proveChanges, sameFlow, type Loaded } from './prove.ts';
import {
  formatOf,
  freshName,
  keyOf,
  newPolicy,
  policyOf,
  ruleFor,
  selectionOf,
  shortName,
} from './subject.ts';
import { appendDocument, readDocuments, removeListItem } from './text.ts';

interface Candidate {
  readonly text: string;
  readonly steps: readonly AuthorStep[];
}

/** Returns `spec.ingress[1].from[0]` as segments (`ingress[1]` is read under `spec`). */
function segmentsOf(path: string): (string | number)[] {
  const segments: (string | number)[] = [];
  for (const m of path.matchAll(/([A-Za-z]+)|\[(\d+)\]/g)) segments.push(m[1] ?? Number(m[2]));
  return segments[0] === 'spec' || segments[0] === 'specs' ? segments : ['spec', ...segments];
}

/** Removes, one at a time, what allows one direction of the flow (the peer, or the whole rule when it is its only peer). */
function removeAllowing(
  start: Loaded,
  input: AuthorInput,
  flow: Flow,
  direction: Direction,
): Candidate | string {
  let current = start;
  const steps: AuthorStep[] = [];
  for (let round = 0; round < 20; round++) {
    const side = current.analysis.evaluateFlow(flow)[direction];
    if (!side.allowed) return { text: current.text, steps };
    const effect = side.effects[side.decidedBy];
    if (side.decision !== 'allowed-by-rule' || effect?.kind !== 'match')
      return `no policy isolates its ${direction}`;
    const target = current.analysis.targets.find((t) => t.ref === effect.policy);
    const policy = target ? policyOf(current.analysis, target) : undefined;
    const removable =
      effect.tier === 'namespaced' &&
      (effect.policy.kind === 'NetworkPolicy' || effect.policy.kind === 'CiliumNetworkPolicy');
    if (!policy || !removable)
      return `${effect.policy.kind} ${effect.policy.name} allows it at ${effect.rule.path}`;
    const peers = effect.rule.peers ?? [];
    const peer = peers[effect.peer];
    const onePeer = peers.length > 1 && peer !== undefined && /\[\d+\]$/.test(peer.path);
    const segments = segmentsOf(onePeer && peer ? peer.path : effect.rule.path);
    const index = segments.pop();
    if (typeof index !== 'number') return `${effect.rule.path} cannot be narrowed`;
    const text = removeListItem(current.text, keyOf(policy), segments.map(String), index);
    if (text === undefined) return `${effect.rule.path} could not be edited`;
    const where = onePeer && peer ? peer.path : effect.rule.path;
    steps.push({
      kind: onePeer ? 'removed-peer' : 'removed-rule',
      policy: keyOf(policy),
      direction,
      path: where,
      message: `Removed ${onePeer ? 'the peer' : 'the rule'} ${where} of ${policy.kind} ${policy.namespace ?? ''}/${policy.name}`,
    });
    current = loadText(input.cluster, text, input.options);
  }
  return `too many rules allow its ${direction}`;
}

/** Returns a Cilium deny rule for the flow, on the destination's ingress (or the source's egress). */
function denyRule(start: Loaded, flow: Flow): Candidate | undefined {
  const analysis = start.analysis;
  const from = analysis.endpoint(flow.from);
  const to = analysis.endpoint(flow.to);
  if (!from || !to) return undefined;
  const direction: Direction = to.kind === 'pod' ? 'ingress' : 'egress';
  const subject = direction === 'ingress' ? to : from;
  const peer = direction === 'ingress' ? from : to;
  if (subject.kind !== 'pod') return undefined;
  const kind = 'CiliumNetworkPolicy';
  const peerSel = peer.kind === 'pod' ? selectionOf(analysis, peer) : undefined;
  const rule = ruleFor(kind, direction, subject, peer, peerSel, undefined, flow.port, flow.protocol);
  const name = freshName(
    analysis,
    kind,
    subject.namespace.name,
    `deny-${shortName(from)}-to-${shortName(to)}-${flow.port}`,
  );
  const object = newPolicy(kind, name, subject, selectionOf(analysis, subject), {});
  // https://docs.cilium.io/en/stable/security/policy/language/#deny-policies — deny rules win over allows;
  // enableDefaultDeny off, so this policy does not also isolate the pod.
  object.spec = {
    ...(object.spec as object),
    [`${direction}Deny`]: [rule],
    enableDefaultDeny: { [direction]: false },
  };
  const policy = { kind, name, namespace: subject.namespace.name };
  return {
    text: appendDocument(start.text, object),
    steps: [
      {
        kind: 'created-policy',
        policy,
        direction,
        message: `Created ${kind} ${policy.namespace}/${name} with an ${direction} deny rule for ${flow.port}/${flow.protocol}`,
      },
    ],
  };
}

/**
 * Returns the edit that blocks an allowed flow: removing (or narrowing to fewer peers) what allows one of
 * its sides, or, in the Cilium format, a deny rule; whichever changes fewest other verdicts. A Kubernetes
 * NetworkPolicy cannot deny, so a flow allowed because nothing isolates it is refused with the reason.
 */
export function blockFlow(input: AuthorInput, flow: Flow): Result<AuthorEdit> {
  if (readDocuments(input.policiesText) === undefined)
    return refuse('unreadable', 'The policies YAML has errors: fix them in the editor first.');
  const before = loadText(input.cluster, input.policiesText, input.options);
  const verdict = before.analysis.evaluateFlow(flow);
  if (verdict.problem) return refuse('unknown-endpoint', summarizeFlow(verdict));
  if (!verdict.allowed)
    return refuse(
      'already-denied',
      `${flow.from} → ${flow.to} on ${flow.port}/${flow.protocol} is already denied`,
    );
  const ports = proofPorts(input.cluster, [
    { port: flow.port, protocol: flow.protocol },
    ...(input.ports ?? []),
  ]);
  const reasons: string[] = [];
  const tried: { candidate: Candidate; loaded: Loaded; changes: FlowChange[] }[] = [];
  const attempt = (candidate: Candidate | string | undefined): void => {
    if (candidate === undefined) return;
    if (typeof candidate === 'string') return void reasons.push(candidate);
    const loaded = loadText(input.cluster, candidate.text, input.options);
    if (loaded.errors.length > before.errors.length || loaded.analysis.evaluateFlow(flow).allowed) return;
    const changes = proveChanges(before.analysis, loaded.analysis, ports);
    if (changes.some((c) => c.after))
      return void reasons.push('removing the rule would allow other connections');
    tried.push({ candidate, loaded, changes });
  };
  attempt(removeAllowing(before, input, flow, 'ingress'));
  attempt(removeAllowing(before, input, flow, 'egress'));
  if (formatOf(before.analysis, input.format) === 'cilium') attempt(denyRule(before, flow));
  tried.sort((a, b) => a.changes.length - b.changes.length);
  const best = tried[0];
  if (!best)
    return refuse(
      'cannot-deny',
      `A Kubernetes NetworkPolicy cannot deny: ${flow.from} → ${flow.to} is allowed (${[...new Set(reasons)].join('; ')}). Isolate the pod and allow only what it needs, or use the Cilium format for a deny rule.`,
    );
  const collateral = best.changes.filter((c) => !sameFlow(c.flow, flow));
  const because = explainCollateral(best.loaded.analysis, flow, collateral);
  return {
    ok: true,
    value: {
      text: best.candidate.text,
      steps: best.candidate.steps,
      changes: best.changes,
      collateral,
      ...(because && collateral.length > 0
        ? { because: `the rule removed also allowed them (${because})` }
        : {}),
      summary: describeChanges(best.changes),
      ports,
    },
    diagnostics: [],
  };
}
