// @ts-check
import { defineConfig } from 'astro/config';
import starlight from '@astrojs/starlight';
import react from '@astrojs/react';
import mdx from '@astrojs/mdx';
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The CSP hash (Astro adds the quotes) that allows an inline script with exactly this text.
 * @param {string} text
 * @returns {`sha256-${string}`}
 */
const cspHash = (text) => `sha256-${createHash('sha256').update(text).digest('base64')}`;

/**
 * Hashes of every `<script is:inline>` in Starlight's components. Astro hashes the scripts it bundles but
 * not inline ones; Starlight renders them verbatim (theme, search shortcut, sidebar state), so hashing its
 * sources keeps the policy right across Starlight upgrades. `npm run build` then proves every inline script
 * in dist/ is covered (scripts/check-csp.ts, docs/decisions/0040-content-security-policy.md).
 */
function starlightInlineScriptHashes() {
  const root = fileURLToPath(new URL('./node_modules/@astrojs/starlight/dist/', import.meta.url));
  const files = readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.astro'));
  const hashes = files.flatMap((file) =>
    [...readFileSync(root + file, 'utf8').matchAll(/<script is:inline[^>]*>([\s\S]*?)<\/script>/g)].map(
      (match) => cspHash(match[1] ?? ''),
    ),
  );
  if (hashes.length === 0) throw new Error(`No inline scripts found in ${root}: has Starlight moved them?`);
  return [...new Set(hashes)];
}

/** Hashes of our own `<script is:inline>` blocks (scripts that must run before the first paint). */
function ownInlineScriptHashes() {
  const files = ['./src/mdx/Sandbox.astro'];
  return files.flatMap((file) =>
    [
      ...readFileSync(fileURLToPath(new URL(file, import.meta.url)), 'utf8').matchAll(
        /<script is:inline[^>]*>([\s\S]*?)<\/script>/g,
      ),
    ].map((match) => cspHash(match[1] ?? '')),
  );
}

export default defineConfig({
  site: 'https://netpol-lab.example',
  output: 'static',
  trailingSlash: 'always',
  // Code blocks are highlighted by Starlight's Expressive Code (which turns this off too); saying so here
  // keeps Astro from warning that Shiki's inline styles clash with the CSP.
  markdown: { syntaxHighlight: false },
  // A strict policy in a <meta> tag on every page; why each source is there: docs/decisions/0040-content-security-policy.md.
  security: {
    csp: {
      directives: [
        "default-src 'self'",
        "base-uri 'self'",
        "object-src 'none'",
        "form-action 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "worker-src 'self'",
      ],
      scriptDirective: {
        resources: ["'self'", "'wasm-unsafe-eval'"],
        hashes: [...starlightInlineScriptHashes(), ...ownInlineScriptHashes()],
      },
      // CodeMirror and Cytoscape inject <style> elements at run time and server-rendered markup carries
      // style attributes; with 'unsafe-inline' Astro emits no style hashes (a hash would disable it).
      styleDirective: { resources: ["'self'", "'unsafe-inline'"] },
    },
  },
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
        Search: './src/components/ui/Search.astro',
      },
    }),
    react(),
    mdx(),
  ],
});
