// @ts-check
import { defineConfig } from 'astro/config';
import starlight from '@astrojs/starlight';
import react from '@astrojs/react';
import mdx from '@astrojs/mdx';

export default defineConfig({
  site: 'https://netpol-lab.example',
  output: 'static',
  trailingSlash: 'always',
  integrations: [
    starlight({
      title: 'NetPol Lab',
      description:
        'Learn Kubernetes network policy by doing: lessons, live sandboxes and a policy engine that explains every verdict.',
      logo: { src: './src/assets/logo.svg', alt: '' },
      customCss: ['./src/styles/theme.css'],
      lastUpdated: false,
      pagination: true,
      sidebar: [
        // Starlight resolves autogenerate directories against src/content/docs; our lessons sit in
        // content/lessons (see docs/decisions/0002-lessons-outside-src.md), so the path is given from the root.
        { label: 'Course', items: [{ autogenerate: { directory: 'content/lessons' } }] },
        {
          label: 'Tools',
          items: [
            { label: 'Playground', link: '/playground/' },
            { label: 'Your progress', link: '/progress/' },
            { label: 'Challenge builder', link: '/builder/' },
            { label: 'Create a workshop', link: '/workshop/new/' },
            { label: 'Class view', link: '/workshop/class/' },
          ],
        },
      ],
      disable404Route: true,
      components: {
        ThemeSelect: './src/components/ui/ThemeSelect.astro',
        Sidebar: './src/components/ui/Sidebar.astro',
      },
    }),
    react(),
    mdx(),
  ],
});
