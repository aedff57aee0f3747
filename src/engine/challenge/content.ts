import { analyze } from '../evaluate/analyze.ts';
import { loadPolicies } from '../parse/policies.ts';
import { parse } from 'yaml';
import { challengeSchema, courseChallengeSchema, type Challenge } from '../schema/challenge.ts';
import { formatIssue } from '../schema/issues.ts';
import type { Cluster } from '../model/types.ts';
import { checkChallenge } from './check.ts';

/** A challenge file read and checked against the schema, or what is wrong with it. */
export type ChallengeRead =
  | { readonly ok: true; readonly challenge: Challenge }
  | {
      readonly ok: false;
      /** Each problem as `field: message` (the field is left out when the whole file is wrong). */
      readonly problems: readonly string[];
      /** The problems in one line, after the file name: `file: field: message; field: message`. */
      readonly message: string;
    };

/** Where a challenge text comes from, for the messages. */
export interface ReadChallengeOptions {
  /** The file name the messages start with, e.g. `content/challenges/03-ports/named-port.yaml`. */
  readonly file?: string;
  /** Read it as a course challenge (`content/challenges`), which must list its pitfalls. */
  readonly course?: boolean;
}

/**
 * Parses and validates a challenge file in the `content/challenges` format: the one reader for the
 * build, the tests and files a host uploads. Never throws.
 */
export function readChallenge(text: string, options: ReadChallengeOptions = {}): ChallengeRead {
  const failed = (problems: readonly string[]): ChallengeRead => ({
    ok: false,
    problems,
    message: [options.file, problems.join('; ')].filter((part) => part !== undefined).join(': '),
  });
  let raw: unknown;
  try {
    // Challenge files never need anchors; refusing aliases keeps "billion laughs" out.
    raw = parse(text, { maxAliasCount: 0 });
  } catch (error) {
    return failed([`not valid YAML: ${yamlProblem(error)}`]);
  }
  const parsed = (options.course === true ? courseChallengeSchema : challengeSchema).safeParse(raw);
  if (parsed.success) return { ok: true, challenge: parsed.data };
  return failed(parsed.error.issues.map((issue) => formatIssue(issue)));
}

// The `yaml` package appends a code frame after the first line; the first line already names the place.
function yamlProblem(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return (message.split('\n')[0] ?? message).replace(/:$/, '');
}

/**
 * Proves a challenge against its scenario cluster: goals name real endpoints and include allowed
 * and denied flows, the solution solves it (whether or not `ipBlock` matches pod IPs), and the
 * starter does not. Returns the problems found, empty when the challenge is sound.
 */
export function proveChallenge(challenge: Challenge, cluster: Cluster): string[] {
  const problems: string[] = [];
  // The engine's own resolution: pods, workloads, external endpoints, Services by id or DNS name.
  const names = analyze(cluster, []);
  challenge.goals.forEach((goal, i) => {
    const from = names.resolve(goal.from);
    const near = from?.kind === 'unit' ? from.unit.namespace : undefined;
    for (const [end, found] of [
      [goal.from, from],
      [goal.to, names.resolve(goal.to, near)],
    ] as const)
      if (!found)
        problems.push(`goals.${i}: unknown endpoint \`${end}\` in scenario \`${challenge.scenario}\``);
  });
  if (!challenge.goals.some((g) => g.expect === 'allow')) problems.push('goals: no goal expects `allow`');
  if (!challenge.goals.some((g) => g.expect === 'deny'))
    problems.push('goals: no goal expects `deny`, so an allow-all answer would pass');
  for (const ipBlockMatchesPods of [true, false]) {
    const check = checkChallenge(challenge, cluster, challenge.solution, { engine: { ipBlockMatchesPods } });
    const where = `solution (ipBlockMatchesPods: ${ipBlockMatchesPods})`;
    for (const d of check.diagnostics) if (d.severity === 'error') problems.push(`${where}: ${d.message}`);
    for (const g of check.goals)
      if (!g.passed)
        problems.push(
          `${where}: goals.${g.index} ${g.flow.from} → ${g.flow.to} ${g.flow.port}/${g.flow.protocol}${g.flow.http ? ` ${g.flow.http.method} ${g.flow.http.path}` : ''} is ${g.actual}, expected ${g.goal.expect}`,
        );
    for (const c of check.constraints)
      if (!c.passed) problems.push(`${where}: constraint "${c.label}": ${c.message}`);
  }
  const starter = checkChallenge(challenge, cluster, challenge.starter);
  if (starter.passedGoals === starter.goals.length) problems.push('starter: already passes every goal');
  (challenge.pitfalls ?? []).forEach((pitfall, i) =>
    problems.push(...provePitfall(challenge, cluster, pitfall, i)),
  );
  const expected = challenge.expectedLint ?? [];
  if (expected.length > 0) {
    const loaded = loadPolicies(challenge.solution);
    const raised = new Set([
      ...loaded.diagnostics.map((d) => d.code),
      ...analyze(cluster, loaded.policies)
        .lint()
        .map((d) => d.code),
    ]);
    expected.forEach((code, i) => {
      if (!raised.has(code))
        problems.push(
          `expectedLint.${i}: the solution does not raise \`${code}\`; drop it from expectedLint`,
        );
    });
  }
  return problems;
}

// A pitfall must be a policy text the cluster accepts (an error would reject it for the wrong reason)
// and must fail at least one goal: the learner sees the mistake in the goals, not only in a constraint.
function provePitfall(
  challenge: Challenge,
  cluster: Cluster,
  pitfall: NonNullable<Challenge['pitfalls']>[number],
  i: number,
): string[] {
  const check = checkChallenge(challenge, cluster, pitfall.policies);
  const errors = check.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0)
    return [`pitfalls.${i}: "${pitfall.mistake}" has errors (${errors.map((d) => d.message).join('; ')})`];
  if (check.passedGoals === check.goals.length)
    return [`pitfalls.${i}: "${pitfall.mistake}" passes every goal, so the goals do not catch that mistake`];
  return [];
}

/** Returns whether a challenge asks on purpose for what a lint code warns about (so the warning is expected there). */
export function isExpectedLint(challenge: Challenge | null | undefined, code: string): boolean {
  return challenge?.expectedLint?.includes(code) ?? false;
}
