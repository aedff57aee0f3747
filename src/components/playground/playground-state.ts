import { decodeShareState, type Challenge, type Cluster, type ShareState } from '../../engine/index.ts';
import { initSandbox, type ChallengeRef, type SandboxState } from '../sandbox/state.ts';

/** A scenario the playground offers, with the cluster the engine read from its text at build time. */
export interface ScenarioEntry {
  readonly id: string;
  readonly title: string;
  readonly text: string;
  /**
   * That cluster as JSON text: one string in the island's props is cheap to ship and revive, and only the
   * scenario in use is parsed (`JSON.parse` is far quicker than reading the YAML again).
   */
  readonly clusterJson?: string;
}

/** The build-time cluster of a scenario, or `null` (then the YAML is read as usual). */
export function knownScenario(entry: ScenarioEntry | undefined): { text: string; cluster: Cluster } | null {
  if (entry?.clusterJson === undefined) return null;
  try {
    return { text: entry.text, cluster: JSON.parse(entry.clusterJson) as Cluster };
  } catch {
    return null;
  }
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

/** Returns the state for a challenge opened by id (with the challenge), or `null` when unknown. */
export function stateForChallenge(
  id: string,
  scenarios: readonly ScenarioEntry[],
  challenges: readonly ChallengeEntry[],
): { state: SandboxState; challenge: Challenge } | null {
  const entry = challenges.find((c) => c.id === id);
  const scenario = entry && scenarios.find((s) => s.id === entry.challenge.scenario);
  if (!entry || !scenario) return null;
  return {
    state: initSandbox({
      scenarioId: scenario.id,
      clusterText: scenario.text,
      challenge: challengeRef(entry),
    }),
    challenge: entry.challenge,
  };
}

/** The course challenges, fetched only when a link or `?challenge=` names one; rejects with a sentence. */
export type ChallengeCatalog = () => Promise<readonly ChallengeEntry[]>;

/**
 * Returns a catalog that fetches the challenge list from `href` once (a JSON array of entries written at
 * build time): the playground page would otherwise carry every challenge in its HTML.
 */
export function fetchChallengeCatalog(href: string): ChallengeCatalog {
  let pending: Promise<readonly ChallengeEntry[]> | null = null;
  return () => {
    pending ??= fetch(href)
      .then(async (response) => {
        if (!response.ok) throw new Error(`the server answered ${response.status}`);
        const list: unknown = await response.json();
        if (!Array.isArray(list)) throw new Error('the list is damaged');
        return list as ChallengeEntry[];
      })
      .catch((error: unknown) => {
        pending = null;
        const why = error instanceof Error ? error.message : String(error);
        throw new Error(
          `The course challenges could not be loaded (${why}); check the connection and reload.`,
        );
      });
    return pending;
  };
}

/** A link or state file opened: the sandbox state, its challenge, and the flow log it carried. */
export interface Opened {
  readonly ok: true;
  readonly state: SandboxState;
  readonly challenge: Challenge | null;
  readonly traffic: NonNullable<ShareState['traffic']> | null;
}

/** Returns the state a share link carries, or a message saying why it cannot be opened. */
export async function stateFromLink(
  hash: string,
  scenarios: readonly ScenarioEntry[],
  catalog: ChallengeCatalog,
): Promise<Opened | { ok: false; message: string }> {
  const decoded = await decodeShareState(hash);
  if (!decoded.ok) return { ok: false, message: decoded.message };
  return stateFromShare(decoded.state, scenarios, catalog);
}

/**
 * Returns the sandbox state a decoded link or state file carries, or a message saying why it cannot be
 * opened (a scenario or challenge this site does not have).
 */
export async function stateFromShare(
  shared: ShareState,
  scenarios: readonly ScenarioEntry[],
  catalog: ChallengeCatalog,
  source = 'The share link',
): Promise<Opened | { ok: false; message: string }> {
  const { scenario, policies, challenge, port } = shared;
  let clusterText: string;
  let scenarioId: string | null = null;
  if (scenario.kind === 'id') {
    const found = scenarios.find((s) => s.id === scenario.id);
    if (!found)
      return {
        ok: false,
        message: `${source} names a scenario this site does not have (“${scenario.id}”).`,
      };
    clusterText = found.text;
    scenarioId = found.id;
  } else {
    clusterText = scenario.text;
  }
  let entry: ChallengeEntry | undefined;
  if (challenge !== undefined) {
    try {
      entry = (await catalog()).find((c) => c.id === challenge);
    } catch (error) {
      return { ok: false, message: error instanceof Error ? error.message : String(error) };
    }
  }
  if (challenge !== undefined && !entry)
    return {
      ok: false,
      message: `${source} names a challenge this site does not have (“${challenge}”).`,
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
    challenge: entry?.challenge ?? null,
    traffic: shared.traffic ?? null,
  };
}
