import { parse } from 'yaml';
import { challengeSchema, type Challenge } from '../engine/index.ts';

/**
 * Scenarios and challenges read at build time, straight from `content/`. Lessons, the playground
 * and the progress page all see the same list; a broken file fails the build with its name.
 */

const scenarioFiles = import.meta.glob<string>('/content/scenarios/*.yaml', {
  query: '?raw',
  import: 'default',
  eager: true,
});
const challengeFiles = import.meta.glob<string>('/content/challenges/*/*.yaml', {
  query: '?raw',
  import: 'default',
  eager: true,
});

/** A scenario file: its id, title and raw text (the browser parses it with the engine). */
export interface ScenarioFile {
  readonly id: string;
  readonly title: string;
  readonly text: string;
}

/** A validated challenge with its id (`<lesson folder>/<file name>`). */
export interface ChallengeFile {
  readonly id: string;
  readonly lesson: string;
  readonly file: string;
  readonly challenge: Challenge;
}

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1).replace(/\.yaml$/, '');
}

function scenarioTitle(text: string, id: string): string {
  const match = /^kind:\s*Scenario[\s\S]*?^\s+title:\s*(.+)$/m.exec(text);
  return match?.[1]?.trim().replace(/^["']|["']$/g, '') ?? id;
}

/** Every scenario, sorted by id. */
export const scenarios: readonly ScenarioFile[] = Object.entries(scenarioFiles)
  .map(([path, text]) => ({ id: baseName(path), title: scenarioTitle(text, baseName(path)), text }))
  .sort((a, b) => a.id.localeCompare(b.id));

function readChallenge(path: string, text: string): ChallengeFile {
  const file = path.replace(/^\//, '');
  let raw: unknown;
  try {
    raw = parse(text, { maxAliasCount: 0 });
  } catch (error) {
    throw new Error(`${file}: not valid YAML: ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
    });
  }
  const parsed = challengeSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues
      .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
      .join('; ');
    throw new Error(`${file}: invalid challenge: ${issues}`);
  }
  const parts = file.split('/');
  const lesson = parts[parts.length - 2] ?? '';
  return { id: `${lesson}/${baseName(path)}`, lesson, file, challenge: parsed.data };
}

/** Every challenge, in lesson folder order, then `order`, then file name. */
export const challenges: readonly ChallengeFile[] = Object.entries(challengeFiles)
  .map(([path, text]) => readChallenge(path, text))
  .sort(
    (a, b) =>
      a.lesson.localeCompare(b.lesson) ||
      (a.challenge.order ?? 999) - (b.challenge.order ?? 999) ||
      a.id.localeCompare(b.id),
  );

/** Returns the scenario with this id, if any. */
export function findScenario(id: string): ScenarioFile | undefined {
  return scenarios.find((s) => s.id === id);
}

/** Returns the challenge with this id, if any. */
export function findChallenge(id: string): ChallengeFile | undefined {
  return challenges.find((c) => c.id === id);
}

/** Returns the challenges of one lesson folder, in order. */
export function lessonChallenges(lesson: string): ChallengeFile[] {
  return challenges.filter((c) => c.lesson === lesson);
}

/** Returns the id used as the page anchor of a challenge's sandbox. */
export function challengeAnchor(id: string): string {
  return `challenge-${id.replace(/[^a-z0-9]+/gi, '-')}`;
}
