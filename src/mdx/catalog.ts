import { getCollection } from 'astro:content';
import type { Challenge } from '../engine/index.ts';

/**
 * Scenarios and challenges as the content collections hold them (`src/content.config.ts` reads and
 * proves the files). Lessons, the playground, the workshop pages and the progress page all see the
 * same list, in the same order.
 */

/** A scenario: its id, title and raw text (the browser parses it with the engine). */
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

/** Returns every scenario, sorted by id. */
export async function courseScenarios(): Promise<readonly ScenarioFile[]> {
  return (await getCollection('scenarios'))
    .map(({ id, data }) => ({ id, title: data.title, text: data.text }))
    .sort((a, b) => a.id.localeCompare(b.id));
}

/** Returns every challenge, in lesson folder order, then `order`, then file name. */
export async function courseChallenges(): Promise<readonly ChallengeFile[]> {
  return (await getCollection('challenges'))
    .map(({ id, data }) => ({ id, lesson: data.lesson, file: data.file, challenge: data.challenge }))
    .sort(
      (a, b) =>
        a.lesson.localeCompare(b.lesson) ||
        (a.challenge.order ?? 999) - (b.challenge.order ?? 999) ||
        a.id.localeCompare(b.id),
    );
}

/** Returns the scenario with this id, if any. */
export async function findScenario(id: string): Promise<ScenarioFile | undefined> {
  return (await courseScenarios()).find((s) => s.id === id);
}

/** Returns the challenge with this id, if any. */
export async function findChallenge(id: string): Promise<ChallengeFile | undefined> {
  return (await courseChallenges()).find((c) => c.id === id);
}

/** Returns the challenges of one lesson folder, in order. */
export async function lessonChallenges(lesson: string): Promise<ChallengeFile[]> {
  return (await courseChallenges()).filter((c) => c.lesson === lesson);
}

/** Returns the id used as the page anchor of a challenge's sandbox. */
export function challengeAnchor(id: string): string {
  return `challenge-${id.replace(/[^a-z0-9]+/gi, '-')}`;
}

// Flow logs lessons load (`content/traffic/<id>.jsonl`), read as text at build time.
const FLOW_LOGS = import.meta.glob<string>('../../content/traffic/*.jsonl', {
  query: '?raw',
  import: 'default',
  eager: true,
});

/** Returns the ids of the flow logs in content/traffic/, sorted. */
export function flowLogIds(): string[] {
  return Object.keys(FLOW_LOGS)
    .map((path) => path.replace(/^.*\/([^/]+)\.jsonl$/, '$1'))
    .sort();
}

/** Returns the text of a flow log, if there is one with this id. */
export function flowLogText(id: string): string | undefined {
  return FLOW_LOGS[`../../content/traffic/${id}.jsonl`];
}
