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
      description: 'Learn Kubernetes network policy by doing: lessons, live sandboxes and a policy engine that explains every verdict.',
      logo: { src: './src/assets/logo.svg', alt: '' },
      customCss: ['./src/styles/theme.css'],
      lastUpdated: false,
      pagination: true,
      sidebar: [
        { label: 'Course', items: [{ autogenerate: { directory: 'lessons' } }] },
        {
          label: 'Tools',
          items: [{ label: 'Playground', link: '/playground/' }],
        },
      ],
      components: {},
    }),
    react(),
    mdx(),
  ],
});
