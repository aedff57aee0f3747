import type { Challenge, Constraints, Goal } from '../schema/challenge.ts';
import type { Policy } from '../model/policy.ts';
import type { Cluster, Diagnostic, Flow, Protocol } from '../model/types.ts';
import type { FlowVerdict } from '../model/verdict.ts';
import type { EngineOptions } from '../model/endpoint.ts';
import { analyze, type AnalysisHandle } from '../evaluate/analyze.ts';
import { loadPolicies } from '../parse/policies.ts';

/** The outcome of one goal: what the engine said about its flow, and whether that is what the goal expects. */
export interface GoalResult {
  readonly index: number;
  readonly goal: Goal;
  readonly flow: Flow;
  /** `allow` when the engine allows the flow, else `deny`. */
  readonly actual: 'allow' | 'deny';
  readonly passed: boolean;
  readonly verdict: FlowVerdict;
}

/** The constraint kinds a challenge may set (the keys of `constraints`). */
export type ConstraintKind = 'maxPolicies' | 'forbidFields' | 'allowedKinds' | 'onlyAllowedInto';

/** The outcome of one constraint, with a plain sentence for the learner. */
export interface ConstraintResult {
  readonly kind: ConstraintKind;
  readonly passed: boolean;
  /** What the constraint asks, e.g. "At most 2 policies". */
  readonly label: string;
  /** Why it failed, empty when it passed. */
  readonly message: string;
}

/** Everything the challenge pane shows after an edit. */
export interface ChallengeCheck {
  readonly goals: readonly GoalResult[];
  readonly constraints: readonly ConstraintResult[];
  /** Diagnostics of the policies text (errors drop the object they are in). */
  readonly diagnostics: readonly Diagnostic[];
  readonly passedGoals: number;
  /** All goals and constraints pass and the text has no errors. */
  readonly solved: boolean;
}

/** Options of `checkChallenge`. */
export interface CheckOptions {
  readonly engine?: Partial<EngineOptions>;
}

/**
 * Checks a policies text against a challenge by outcome: any policies that make every goal flow
 * come out as expected (and meet the constraints) solve it. Never throws for bad policies text.
 */
export function checkChallenge(
  challenge: Challenge,
  cluster: Cluster,
  policiesText: string,
  options: CheckOptions = {},
): ChallengeCheck {
  const loaded = loadPolicies(policiesText);
  const analysis = analyze(cluster, loaded.policies, options.engine ?? {});
  const goals = challenge.goals.map((goal, index) => checkGoal(analysis, goal, index));
  const constraints = checkConstraints(challenge.constraints, analysis, loaded.policies);
  const passedGoals = goals.filter((g) => g.passed).length;
  const hasErrors = loaded.diagnostics.some((d) => d.severity === 'error');
  const solved = !hasErrors && passedGoals === goals.length && constraints.every((c) => c.passed);
  return { goals, constraints, diagnostics: loaded.diagnostics, passedGoals, solved };
}

function checkGoal(analysis: AnalysisHandle, goal: Goal, index: number): GoalResult {
  const flow: Flow = {
    from: goal.from,
    to: goal.to,
    port: goal.port,
    protocol: goal.protocol,
    ...(goal.http ? { http: goal.http } : {}),
  };
  const verdict = analysis.evaluateFlow(flow);
  const actual = verdict.allowed ? 'allow' : 'deny';
  return { index, goal, flow, actual, passed: actual === goal.expect, verdict };
}

function checkConstraints(
  constraints: Constraints | undefined,
  analysis: AnalysisHandle,
  policies: readonly Policy[],
): ConstraintResult[] {
  if (!constraints) return [];
  const results: ConstraintResult[] = [];
  if (constraints.maxPolicies !== undefined)
    results.push(checkMaxPolicies(constraints.maxPolicies, policies));
  if (constraints.forbidFields) results.push(checkForbidFields(constraints.forbidFields, policies));
  if (constraints.allowedKinds) results.push(checkAllowedKinds(constraints.allowedKinds, policies));
  for (const rule of constraints.onlyAllowedInto ?? []) results.push(checkOnlyAllowedInto(rule, analysis));
  return results;
}

function result(kind: ConstraintKind, label: string, message: string): ConstraintResult {
  return { kind, label, passed: message === '', message };
}

function checkMaxPolicies(max: number, policies: readonly Policy[]): ConstraintResult {
  const label = `At most ${max} ${max === 1 ? 'policy' : 'policies'}`;
  return result('maxPolicies', label, policies.length > max ? `You have ${policies.length} policies.` : '');
}

function checkForbidFields(fields: readonly string[], policies: readonly Policy[]): ConstraintResult {
  const label = `Don't use ${fields.map((f) => `\`${f}\``).join(', ')}`;
  const found = new Set<string>();
  for (const policy of policies) collectKeys(policy.object, new Set(fields), found);
  const used = fields.filter((f) => found.has(f));
  return result(
    'forbidFields',
    label,
    used.length > 0 ? `The policies use ${used.map((f) => `\`${f}\``).join(', ')}.` : '',
  );
}

// Walks parsed YAML (plain data, no cycles: the parser refuses aliases) looking for forbidden keys.
function collectKeys(value: unknown, wanted: ReadonlySet<string>, found: Set<string>): void {
  if (Array.isArray(value)) {
    for (const item of value) collectKeys(item, wanted, found);
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      if (wanted.has(key)) found.add(key);
      collectKeys(item, wanted, found);
    }
  }
}

function checkAllowedKinds(kinds: readonly string[], policies: readonly Policy[]): ConstraintResult {
  const label = `Use only ${kinds.join(' or ')}`;
  const other = [...new Set(policies.map((p) => p.kind).filter((k) => !kinds.includes(k)))];
  return result('allowedKinds', label, other.length > 0 ? `The policies include ${other.join(', ')}.` : '');
}

type OnlyAllowedInto = NonNullable<Constraints['onlyAllowedInto']>[number];

function checkOnlyAllowedInto(rule: OnlyAllowedInto, analysis: AnalysisHandle): ConstraintResult {
  const ports = portsInPlay(rule, analysis);
  const portText = rule.port !== undefined ? ` on ${rule.port}/${rule.protocol ?? 'TCP'}` : '';
  const label = `Nothing else may reach ${rule.to}${portText}`;
  const allowedSources = new Set([...rule.from, rule.to]);
  const leaks: string[] = [];
  for (const source of analysis.endpoints) {
    if (allowedSources.has(source.id)) continue;
    for (const { port, protocol } of ports) {
      if (analysis.evaluateFlow({ from: source.id, to: rule.to, port, protocol }).allowed)
        leaks.push(`${source.id} → ${port}/${protocol}`);
    }
  }
  const shown = leaks.slice(0, 3).join(', ') + (leaks.length > 3 ? ` and ${leaks.length - 3} more` : '');
  return result('onlyAllowedInto', label, leaks.length > 0 ? `Also allowed: ${shown}.` : '');
}

// Without a port, every port the destination pod serves is in play.
function portsInPlay(
  rule: OnlyAllowedInto,
  analysis: AnalysisHandle,
): { port: number; protocol: Protocol }[] {
  if (rule.port !== undefined) return [{ port: rule.port, protocol: rule.protocol ?? 'TCP' }];
  const target = analysis.endpoint(rule.to);
  if (target?.kind !== 'pod') return [];
  const seen = new Map<string, { port: number; protocol: Protocol }>();
  for (const p of target.pod.ports) {
    if (rule.protocol === undefined || rule.protocol === p.protocol)
      seen.set(`${p.containerPort}/${p.protocol}`, { port: p.containerPort, protocol: p.protocol });
  }
  return [...seen.values()];
}
