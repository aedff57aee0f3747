import type { APIRoute } from 'astro';
import { courseChallenges } from '../../mdx/catalog.ts';

/**
 * The course challenges for the playground (`?challenge=` and share links that name one), written at
 * build time. A file of its own, fetched only when needed: in the page's HTML it tripled the page's size.
 */
export const GET: APIRoute = async () =>
  new Response(JSON.stringify((await courseChallenges()).map(({ id, challenge }) => ({ id, challenge }))), {
    headers: { 'content-type': 'application/json' },
  });
