import { decodeShareState, type Challenge } from '../../engine/index.ts';
import { initSandbox, type ChallengeRef, type SandboxState } from '../sandbox/state.ts';

/** A scenario the playground offers. */
export interface ScenarioEntry {
  readonly id: string;
  readonly title: string;
  readonly text: string;
}

/** A challenge the playground can open (from a share link or `?challenge=`). */
export interface ChallengeEntry {
  readonly id: string;
  readonly challenge: Challenge;
}

/** Returns the reducer's view of a challenge. */
export function challengeRef(entry: ChallengeEntry): ChallengeRef {
  return {
    id: entry.id,
    starter: entry.challenge.starter,
    solution: entry.challenge.solution,
    hints: entry.challenge.hints,
  };
}

const STARTER = '# Write NetworkPolicy YAML here; separate several policies with a line of ---.\n';

/** Returns the playground's default state: the first scenario with no policies. */
export function defaultState(scenarios: readonly ScenarioEntry[]): SandboxState {
  const first = scenarios[0];
  return initSandbox({ scenarioId: first?.id ?? null, clusterText: first?.text ?? '', policies: STARTER });
}

/** Returns the state for a challenge opened by id, or `null` when unknown. */
export function stateForChallenge(
  id: string,
  scenarios: readonly ScenarioEntry[],
  challenges: readonly ChallengeEntry[],
): SandboxState | null {
  const entry = challenges.find((c) => c.id === id);
  const scenario = entry && scenarios.find((s) => s.id === entry.challenge.scenario);
  if (!entry || !scenario) return null;
  return initSandbox({ scenarioId: scenario.id, clusterText: scenario.text, challenge: challengeRef(entry) });
}

/** Returns the state a share link carries, or a message saying why it cannot be opened. */
export async function stateFromLink(
  hash: string,
  scenarios: readonly ScenarioEntry[],
  challenges: readonly ChallengeEntry[],
): Promise<{ ok: true; state: SandboxState } | { ok: false; message: string }> {
  const decoded = await decodeShareState(hash);
  if (!decoded.ok) return { ok: false, message: decoded.message };
  const { scenario, policies, challenge, port } = decoded.state;
  let clusterText: string;
  let scenarioId: string | null = null;
  if (scenario.kind === 'id') {
    const found = scenarios.find((s) => s.id === scenario.id);
    if (!found)
      return {
        ok: false,
        message: `The share link names a scenario this site does not have (“${scenario.id}”).`,
      };
    clusterText = found.text;
    scenarioId = found.id;
  } else {
    clusterText = scenario.text;
  }
  const entry = challenge === undefined ? undefined : challenges.find((c) => c.id === challenge);
  if (challenge !== undefined && !entry)
    return {
      ok: false,
      message: `The share link names a challenge this site does not have (“${challenge}”).`,
    };
  return {
    ok: true,
    state: initSandbox({
      scenarioId,
      clusterText,
      policies,
      challenge: entry ? challengeRef(entry) : null,
      port: port ?? null,
    }),
  };
}
