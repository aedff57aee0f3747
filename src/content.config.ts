import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { docsSchema } from '@astrojs/starlight/schema';

// Lessons live in content/lessons (content/lessons/01-why-network-policy.mdx -> /lessons/01-why-network-policy/).
export const collections = {
  docs: defineCollection({
    loader: glob({ base: './content', pattern: 'lessons/**/*.{md,mdx}' }),
    schema: docsSchema(),
  }),
};
