import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadCluster, readChallenge, type Challenge, type Cluster } from '../../src/engine/index.ts';

/** Repository root, from this file's location. */
export const ROOT = join(import.meta.dirname, '..', '..');
const SCENARIOS = join(ROOT, 'content', 'scenarios');
const CHALLENGES = join(ROOT, 'content', 'challenges');
const LESSONS = join(ROOT, 'content', 'lessons');

/** Every scenario cluster by id. Throws if one fails to load (broken content). */
export function loadScenarios(): Map<string, Cluster> {
  const clusters = new Map<string, Cluster>();
  for (const file of readdirSync(SCENARIOS).filter((f) => f.endsWith('.yaml'))) {
    const result = loadCluster(readFileSync(join(SCENARIOS, file), 'utf8'), { file });
    if (!result.ok) throw new Error(`${file}: ${result.diagnostics.map((d) => d.message).join('; ')}`);
    clusters.set(file.replace(/\.yaml$/, ''), result.value);
  }
  return clusters;
}

/** One challenge file, parsed and validated. */
export interface ChallengeFile {
  readonly id: string;
  readonly file: string;
  readonly challenge: Challenge;
}

/** Every challenge file as `lesson/id`. Throws (naming the file) when one does not match the schema. */
export function loadChallenges(): ChallengeFile[] {
  const out: ChallengeFile[] = [];
  for (const lesson of readdirSync(CHALLENGES).sort()) {
    for (const file of readdirSync(join(CHALLENGES, lesson))
      .filter((f) => f.endsWith('.yaml'))
      .sort()) {
      const path = join('content', 'challenges', lesson, file);
      const read = readChallenge(readFileSync(join(ROOT, path), 'utf8'), { file: path, course: true });
      if (!read.ok) throw new Error(read.message);
      out.push({ id: `${lesson}/${file.replace(/\.yaml$/, '')}`, file: path, challenge: read.challenge });
    }
  }
  return out;
}

/** Lesson files (`content/lessons/NN-slug.mdx`) with their text. */
export function loadLessons(): { file: string; slug: string; text: string }[] {
  return readdirSync(LESSONS)
    .filter((f) => /\.mdx?$/.test(f))
    .sort()
    .map((f) => ({
      file: join('content', 'lessons', f),
      slug: f.replace(/\.mdx?$/, ''),
      text: readFileSync(join(LESSONS, f), 'utf8'),
    }));
}
