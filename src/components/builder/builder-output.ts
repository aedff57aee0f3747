import { stringify } from 'yaml';
import { encodeWorkshop, type Challenge } from '../../engine/index.ts';

/** The challenge as a `content/challenges/<lesson>/<id>.yaml` file. */
export function challengeFile(challenge: Challenge): string {
  return stringify(challenge, { lineWidth: 0, blockQuote: 'literal' });
}

/** A learner link that opens just this challenge (a one-exercise workshop), or why it can't be made. */
export async function learnerLink(
  origin: string,
  challenge: Challenge,
  scenarioText: string | undefined,
): Promise<{ link: string } | { error: string }> {
  const result = await encodeWorkshop({
    title: challenge.title,
    exercises: [{ id: 'challenge', challenge, ...(scenarioText === undefined ? {} : { scenarioText }) }],
  });
  return result.ok ? { link: `${origin}/workshop/#${result.payload}` } : { error: result.message };
}
