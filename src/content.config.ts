import { defineCollection } from 'astro:content';
import { glob, type Loader } from 'astro/loaders';
import { z } from 'astro/zod';
import { docsSchema } from '@astrojs/starlight/schema';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  courseChallengeSchema,
  loadCluster,
  proveChallenge,
  readChallenge,
  type Cluster,
} from './engine/index.ts';

// Scenario and challenge files are YAML under content/, read with the engine's own reader and schemas,
// so a broken or unsolvable file fails the build with its path and field (the browser and the tests
// use the same code). Pages read these collections; nothing else reads the files.
const CONTENT = join(process.cwd(), 'content');

const scenarioEntry = z.object({
  file: z.string().describe('The scenario file, from the repository root.'),
  title: z.string().describe('The Scenario document’s title (the id when it has none).'),
  description: z.string().describe('The Scenario document’s description.'),
  text: z.string().describe('The raw YAML the browser loads with the engine.'),
});

const challengeEntry = z.object({
  lesson: z.string().describe('The lesson folder under content/challenges.'),
  file: z.string().describe('The challenge file, from the repository root.'),
  challenge: courseChallengeSchema,
});

async function yamlFiles(dir: string): Promise<string[]> {
  return (await readdir(join(CONTENT, dir))).filter((f) => f.endsWith('.yaml')).sort();
}

async function readScenarios(): Promise<Map<string, { file: string; text: string; cluster: Cluster }>> {
  const scenarios = new Map<string, { file: string; text: string; cluster: Cluster }>();
  for (const name of await yamlFiles('scenarios')) {
    const file = `content/scenarios/${name}`;
    const text = await readFile(join(CONTENT, 'scenarios', name), 'utf8');
    const result = loadCluster(text, { file });
    const errors = result.diagnostics.filter((d) => d.severity === 'error');
    if (!result.ok || errors.length > 0)
      throw new Error(`${file}: ${errors.map((d) => d.message).join('; ') || 'invalid cluster'}`);
    if (!result.value.scenario)
      throw new Error(`${file}: the first document must be a netpol-lab/v1 Scenario`);
    scenarios.set(name.replace(/\.yaml$/, ''), { file, text, cluster: result.value });
  }
  return scenarios;
}

/** Scenario clusters by id: title, description and the raw YAML the browser loads with the engine. */
function scenarioLoader(): Loader {
  return {
    name: 'netpol-lab-scenarios',
    load: async (context) => {
      const { store } = context;
      store.clear();
      for (const [id, { file, text, cluster }] of await readScenarios()) {
        const title = cluster.scenario?.title ?? id;
        const description = cluster.scenario?.description ?? '';
        store.set({ id, data: await context.parseData({ id, data: { file, title, description, text } }) });
      }
    },
  };
}

/** Challenges as `<lesson>/<id>`, each proven: the solution solves it and the starter does not. */
function challengeLoader(): Loader {
  return {
    name: 'netpol-lab-challenges',
    load: async (context) => {
      const { store } = context;
      store.clear();
      const scenarios = await readScenarios();
      for (const lesson of (await readdir(join(CONTENT, 'challenges'))).sort()) {
        for (const name of await yamlFiles(`challenges/${lesson}`)) {
          const file = `content/challenges/${lesson}/${name}`;
          const read = readChallenge(await readFile(join(CONTENT, 'challenges', lesson, name), 'utf8'), {
            file,
            course: true,
          });
          if (!read.ok) throw new Error(read.message);
          const scenario = scenarios.get(read.challenge.scenario);
          if (!scenario)
            throw new Error(
              `${file}: scenario: no scenario "${read.challenge.scenario}" in content/scenarios`,
            );
          const problems = proveChallenge(read.challenge, scenario.cluster);
          if (problems.length > 0) throw new Error(`${file}: ${problems.join('; ')}`);
          const id = `${lesson}/${name.replace(/\.yaml$/, '')}`;
          store.set({
            id,
            data: await context.parseData({ id, data: { lesson, file, challenge: read.challenge } }),
          });
        }
      }
    },
  };
}

// Lessons live in content/lessons (content/lessons/01-why-network-policy.mdx -> /lessons/01-why-network-policy/).
export const collections = {
  docs: defineCollection({
    loader: glob({ base: './content', pattern: 'lessons/**/*.{md,mdx}' }),
    schema: docsSchema(),
  }),
  scenarios: defineCollection({ loader: scenarioLoader(), schema: scenarioEntry }),
  challenges: defineCollection({ loader: challengeLoader(), schema: challengeEntry }),
};
