import type { EdgeSingular, StylesheetJson } from 'cytoscape';
import { POD_LABEL_UNITS } from './frame.ts';

/** Reads a CSS custom property from the page, so the canvas follows the light or dark theme. */
function cssVar(element: Element, name: string, fallback: string): string {
  const value = getComputedStyle(element).getPropertyValue(name).trim();
  return value === '' ? fallback : value;
}

/** Bends an arrow by a share of its length, so long arrows along a row arc clear of the pods between. */
function bend(edge: EdgeSingular): number {
  const a = edge.source().position();
  const b = edge.target().position();
  return Math.max(18, 0.14 * Math.hypot(b.x - a.x, b.y - a.y));
}

/** Returns the Cytoscape stylesheet in the current theme's colours. */
export function graphStyle(element: Element): StylesheetJson {
  const text = cssVar(element, '--sl-color-white', '#17181c');
  const muted = cssVar(element, '--sl-color-gray-2', '#3f4553');
  const allow = cssVar(element, '--np-allow', '#15803d');
  const deny = cssVar(element, '--np-deny', '#b91c1c');
  const accent = cssVar(element, '--sl-color-accent', '#1d4ed8');
  const observed = cssVar(element, '--np-observed', '#7c3aed');
  const font = cssVar(element, '--sl-font-system', 'system-ui, sans-serif');
  /** A bold label on an arrow, boxed in `border` (the HTTP badge, an observed count). */
  const badge = (border: string) => ({
    color: text,
    'font-family': font,
    'font-size': POD_LABEL_UNITS,
    'font-weight': 700,
    'text-background-color': cssVar(element, '--sl-color-bg', '#ffffff'),
    'text-background-opacity': 0.95,
    'text-background-padding': '2px',
    'text-border-color': border,
    'text-border-width': 1.5,
    'text-border-opacity': 1,
    'text-background-shape': 'roundrectangle' as const,
  });
  return [
    {
      selector: 'node',
      style: {
        label: 'data(label)',
        color: text,
        'font-family': font,
        'font-size': 16,
        'text-valign': 'center',
        'text-halign': 'center',
      },
    },
    {
      selector: 'node.pod, node.external',
      style: {
        shape: 'round-rectangle',
        width: 112,
        height: 38,
        'background-color': cssVar(element, '--np-pod-fill', '#ffffff'),
        'border-width': 2,
        'border-color': cssVar(element, '--np-pod-stroke', '#334155'),
        'font-size': POD_LABEL_UNITS,
        'font-weight': 600,
        'text-max-width': '106px',
        'text-wrap': 'ellipsis',
      },
    },
    {
      selector: 'node.external',
      style: {
        'background-color': cssVar(element, '--np-ext-fill', '#f1f5f9'),
        'border-style': 'dashed',
        'border-color': muted,
        // A pill, as in the static graph: a tag's point narrowed the room for the name.
        'corner-radius': '19px',
      },
    },
    {
      selector: 'node.namespace',
      style: {
        shape: 'round-rectangle',
        'background-color': cssVar(element, '--np-ns-fill', '#eef2ff'),
        'border-width': 2,
        'border-color': cssVar(element, '--np-ns-stroke', '#6366f1'),
        padding: '26px',
      },
    },
    {
      // The namespace's name, on top of everything, on a patch of the box's fill so arrows pass beneath it.
      selector: 'node.ns-label',
      style: {
        width: 1,
        height: 1,
        'background-opacity': 0,
        'border-width': 0,
        events: 'no',
        'z-compound-depth': 'top',
        'font-size': 17,
        'font-weight': 600,
        color: muted,
        'text-background-color': cssVar(element, '--np-ns-fill', '#eef2ff'),
        'text-background-opacity': 1,
        'text-background-padding': '3px',
        'text-background-shape': 'roundrectangle',
      },
    },
    { selector: 'node.focused', style: { 'border-width': 4, 'border-color': accent } },
    {
      selector: 'edge',
      // A gentle, fixed bend: arrows along one row, or both ways between a pair, stay apart.
      style: {
        width: 2.5,
        'curve-style': 'unbundled-bezier',
        'control-point-distances': bend,
        'control-point-weights': [0.5],
        'target-arrow-shape': 'triangle',
        'arrow-scale': 1.1,
        opacity: 0.9,
      },
    },
    {
      selector: 'edge.allow',
      style: { 'line-color': allow, 'target-arrow-color': allow, 'line-style': 'solid' },
    },
    {
      selector: 'edge.deny',
      style: {
        'line-color': deny,
        'target-arrow-color': deny,
        'line-style': 'dashed',
        'line-dash-pattern': [8, 6],
      },
    },
    {
      // Allowed, with HTTP rules judging each request: dotted (denied arrows are dashed) and badged.
      selector: 'edge.filtered',
      style: {
        'line-style': 'dotted',
        'line-dash-pattern': [2, 5],
        label: 'HTTP',
        ...badge(allow),
      },
    },
    { selector: 'edge.faded', style: { opacity: 0.12 } },
    {
      selector: 'edge[goal]',
      style: {
        label: 'data(goal)',
        width: 4,
        opacity: 1,
        color: text,
        'font-family': font,
        'font-size': POD_LABEL_UNITS,
        'font-weight': 600,
        'text-background-color': cssVar(element, '--sl-color-bg', '#ffffff'),
        'text-background-opacity': 0.9,
        'text-background-padding': '2px',
      },
    },
    {
      // Observed traffic: a wide halo of its own colour and a count; denied observed arrows say so in red.
      selector: 'edge.observed',
      style: {
        width: 3.5,
        opacity: 1,
        'underlay-color': observed,
        'underlay-opacity': 0.45,
        'underlay-padding': 5,
        label: 'data(seen)',
        ...badge(observed),
      },
    },
    { selector: 'edge.observed-denied', style: { color: deny, 'text-border-color': deny } },
    { selector: 'edge.unobserved', style: { opacity: 0.3 } },
    { selector: 'edge.unobserved[goal]', style: { opacity: 1 } },
    { selector: 'edge.unobserved.faded, edge.observed.faded', style: { opacity: 0.12 } },
    {
      // A thin halo, not a thicker line: the changed arrows stand out without covering their neighbours.
      selector: 'edge.changed',
      style: { width: 3.5, 'underlay-color': accent, 'underlay-opacity': 0.3, 'underlay-padding': 3 },
    },
    {
      selector: 'edge.selected',
      style: {
        width: 5,
        'underlay-color': accent,
        'underlay-opacity': 0.5,
        'underlay-padding': 4,
        opacity: 1,
      },
    },
  ];
}
