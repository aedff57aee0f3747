import { useEffect, useRef } from 'react';
import cytoscape, {
  type Core,
  type EdgeSingular,
  type ElementDefinition,
  type EventObject,
  type NodeSingular,
} from 'cytoscape';
import { graphStyle } from './cy-style.ts';
import { FRAME_PAD } from './frame.ts';
import { namespaceBoxes } from './static-geometry.ts';
import { observedLabel, type GraphEdge } from './edges.ts';
import type { GraphLayout } from './layout.ts';

/** Props of the interactive graph. */
export interface CytoGraphProps {
  readonly layout: GraphLayout;
  readonly edges: readonly GraphEdge[];
  readonly focus: string | null;
  readonly selectedEdge: string | null;
  readonly onFocus: (endpoint: string) => void;
  readonly onSelectEdge: (from: string, to: string) => void;
  readonly label: string;
  /** External endpoints take taps too (the builder picks flows between any two endpoints). */
  readonly tapExternals?: boolean;
}

function nodeElements(layout: GraphLayout): ElementDefinition[] {
  return [
    ...layout.boxes.map((box) => ({
      group: 'nodes' as const,
      data: { id: `ns:${box.name}` },
      classes: 'namespace',
    })),
    // A namespace's name is a node of its own, drawn above the arrows (a box's own label lies under them).
    ...namespaceBoxes(layout).map((box) => ({
      group: 'nodes' as const,
      data: { id: `ns-label:${box.name}`, label: box.name },
      position: { x: box.x + box.width / 2, y: box.y + 15 },
      classes: 'ns-label',
    })),
    ...layout.endpoints.map((e) => ({
      group: 'nodes' as const,
      data: {
        id: e.id,
        label: e.label,
        ...(e.tip === undefined ? {} : { tip: e.tip }),
        ...(e.namespace === undefined ? {} : { parent: `ns:${e.namespace}` }),
      },
      position: { x: e.x, y: e.y },
      classes: e.kind,
    })),
  ];
}

/** The Cytoscape graph: nodes placed once per cluster, edges updated in place on every edit. */
export default function CytoGraph({
  layout,
  edges,
  focus,
  selectedEdge,
  onFocus,
  onSelectEdge,
  label,
  tapExternals = false,
}: CytoGraphProps) {
  const host = useRef<HTMLDivElement>(null);
  const cyRef = useRef<Core | null>(null);
  const handlers = useRef({ onFocus, onSelectEdge, tapExternals });
  handlers.current = { onFocus, onSelectEdge, tapExternals };

  useEffect(() => {
    const container = host.current;
    if (!container) return;
    const cy = cytoscape({
      container,
      elements: nodeElements(layout),
      layout: { name: 'preset', fit: true, padding: FRAME_PAD },
      style: graphStyle(container),
      userZoomingEnabled: false,
      userPanningEnabled: false,
      boxSelectionEnabled: false,
      autoungrabify: true,
      autounselectify: true,
    });
    cy.on('tap', 'node.pod, node.external', (event: EventObject) => {
      const node = event.target as NodeSingular;
      if (node.hasClass('pod') || handlers.current.tapExternals) handlers.current.onFocus(node.id());
    });
    // The canvas has no elements of its own to carry a tooltip: the pointed-at endpoint's goes on the host.
    cy.on('mouseover', 'node.pod, node.external', (event: EventObject) => {
      const tip = (event.target as NodeSingular).data('tip') as string | undefined;
      if (tip) container.title = tip;
    });
    cy.on('mouseout', 'node.pod, node.external', () => container.removeAttribute('title'));
    // An observed arrow's tooltip names its ports and counts (the Traffic lists say the same as text).
    cy.on('mouseover', 'edge.observed', (event: EventObject) => {
      const tip = (event.target as EdgeSingular).data('tip') as string | undefined;
      if (tip) container.title = tip;
    });
    cy.on('mouseout', 'edge.observed', () => container.removeAttribute('title'));
    cy.on('tap', 'edge', (event: EventObject) => {
      const edge = event.target as EdgeSingular;
      handlers.current.onSelectEdge(edge.source().id(), edge.target().id());
    });
    cyRef.current = cy;
    // Browser tests find an edge's position on the canvas through this handle.
    Object.assign(container, { npGraph: cy });
    // Fitted to the boxes and endpoints only, as the frame is sized: an edit never rescales the drawing.
    const resize = new ResizeObserver(() => {
      cy.resize();
      cy.fit(cy.nodes(), FRAME_PAD);
    });
    resize.observe(container);
    const theme = new MutationObserver(() => cy.style(graphStyle(container)));
    theme.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
    return () => {
      resize.disconnect();
      theme.disconnect();
      cy.destroy();
      cyRef.current = null;
    };
  }, [layout]);

  useEffect(() => {
    const cy = cyRef.current;
    if (!cy) return;
    const wanted = new Map(edges.map((e) => [e.id, e]));
    cy.batch(() => {
      cy.edges().forEach((edge) => {
        if (!wanted.has(edge.id())) edge.remove();
      });
      for (const edge of edges) {
        const existing = cy.getElementById(edge.id);
        const classes = [
          edge.allowed ? 'allow' : 'deny',
          ...(edge.filtered ? ['filtered'] : []),
          ...(edge.changed ? ['changed'] : []),
          ...(edge.observed ? ['observed', ...(edge.observed.denied ? ['observed-denied'] : [])] : []),
          ...(edge.unobserved ? ['unobserved'] : []),
        ];
        const goal = edge.goal === undefined ? undefined : `must ${edge.goal}`;
        // An observed arrow's label says how often it ran (after the goal, when it is one).
        const seen = edge.observed ? `${goal ? `${goal} · ` : ''}${observedLabel(edge.observed)}` : undefined;
        const extra = { goal, seen, tip: edge.observed?.tip };
        if (existing.nonempty()) {
          existing.classes(classes);
          for (const [key, value] of Object.entries(extra))
            if (value === undefined) existing.removeData(key);
            else existing.data(key, value);
        } else if (cy.getElementById(edge.from).nonempty() && cy.getElementById(edge.to).nonempty()) {
          const defined = Object.fromEntries(Object.entries(extra).filter(([, v]) => v !== undefined));
          const data = { id: edge.id, source: edge.from, target: edge.to, ...defined };
          cy.add({ group: 'edges', data, classes });
        }
      }
      cy.edges().forEach((edge) => {
        const incident = focus === null || edge.data('source') === focus || edge.data('target') === focus;
        edge.toggleClass('faded', !incident);
        edge.toggleClass('selected', edge.id() === selectedEdge);
      });
      cy.nodes().forEach((node) => {
        node.toggleClass('focused', node.id() === focus);
      });
    });
  }, [edges, focus, selectedEdge, layout]);

  return <div ref={host} className="np-cy" role="img" aria-label={label} data-testid="graph-canvas" />;
}
