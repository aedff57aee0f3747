import type { APIRoute, GetStaticPaths } from 'astro';
import { flowLogIds, flowLogText } from '../../mdx/catalog.ts';

/** Every flow log of content/traffic/ as a file of its own, fetched only when a learner loads it. */
export const getStaticPaths = (() => flowLogIds().map((id) => ({ params: { id } }))) satisfies GetStaticPaths;

export const GET: APIRoute = ({ params }) => {
  const text = flowLogText(params.id ?? '');
  if (text === undefined) return new Response('no such flow log', { status: 404 });
  return new Response(text, { headers: { 'content-type': 'application/x-ndjson' } });
};
