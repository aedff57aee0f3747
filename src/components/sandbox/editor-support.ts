import type { Completion, CompletionContext, CompletionResult } from '@codemirror/autocomplete';
import { StateEffect, StateField, type Extension } from '@codemirror/state';
import { Decoration, EditorView, hoverTooltip, type DecorationSet } from '@codemirror/view';
import { PROTOCOLS } from '../../engine/index.ts';
import { FIELD_HELP, POLICY_FIELDS } from './field-help.ts';
import { yamlContextAt } from './yaml-context.ts';

/** Names from the scenario cluster that completion offers. */
export interface CompletionData {
  /** Label key -> values seen on pods and namespaces. */
  readonly labels: ReadonlyMap<string, readonly string[]>;
  readonly namespaces: readonly string[];
  readonly namedPorts: readonly string[];
}

const FIXED_VALUES: Readonly<Record<string, readonly string[]>> = {
  apiVersion: ['networking.k8s.io/v1'],
  kind: ['NetworkPolicy'],
  protocol: PROTOCOLS,
  operator: ['In', 'NotIn', 'Exists', 'DoesNotExist'],
  policyTypes: ['Ingress', 'Egress'],
};

const LABEL_BLOCKS = new Set(['matchLabels', 'labels']);

function options(labels: readonly string[], type: string, detail?: string): Completion[] {
  return labels.map((label) => ({ label, type, ...(detail ? { detail } : {}) }));
}

/** Returns the completion source for policy YAML over the scenario's real names. */
export function policyCompletions(getData: () => CompletionData) {
  return (context: CompletionContext): CompletionResult | null => {
    const text = context.state.doc.toString();
    const where = yamlContextAt(text, context.pos);
    if (where.from === context.pos && !context.explicit) return null;
    const data = getData();
    const parent = where.parents[where.parents.length - 1] ?? '';
    let list: Completion[];
    if (where.position === 'key') {
      list = LABEL_BLOCKS.has(parent)
        ? options([...data.labels.keys()], 'property', 'label key')
        : POLICY_FIELDS.map((label) => ({ label, type: 'property', info: FIELD_HELP[label] ?? '' }));
    } else if (LABEL_BLOCKS.has(parent)) {
      list = options([...(data.labels.get(where.key) ?? [])], 'constant', 'label value');
    } else if (where.key === 'namespace') {
      list = options([...data.namespaces], 'constant', 'namespace');
    } else if (where.key === 'port') {
      list = options([...data.namedPorts], 'constant', 'named port');
    } else if (where.key === 'key') {
      list = options([...data.labels.keys()], 'property', 'label key');
    } else {
      list = options([...(FIXED_VALUES[where.key] ?? [])], 'keyword');
    }
    return list.length === 0 ? null : { from: where.from, options: list, validFor: /^[\w./-]*$/ };
  };
}

/** Hover text for policy field names. */
export const fieldHover = hoverTooltip((view, pos) => {
  const line = view.state.doc.lineAt(pos);
  const match = /^(\s*(?:-\s+)*)([\w]+)\s*:/.exec(line.text);
  if (!match?.[2]) return null;
  const start = line.from + (match[1]?.length ?? 0);
  const end = start + match[2].length;
  const help = FIELD_HELP[match[2]];
  if (pos < start || pos > end || !help) return null;
  return {
    pos: start,
    end,
    above: true,
    create: () => {
      const dom = document.createElement('div');
      dom.className = 'np-hover';
      dom.textContent = help;
      return { dom };
    },
  };
});

/** Sets (or clears, with `null`) the source range highlighted from an explanation link. */
export const setHighlight = StateEffect.define<{ from: number; to: number } | null>();

const highlightMark = Decoration.mark({ class: 'np-cm-highlight' });

/** Keeps the highlighted explanation range, mapped through edits. */
export const highlightField = StateField.define<DecorationSet>({
  create: () => Decoration.none,
  update(value, tr) {
    let next = value.map(tr.changes);
    for (const effect of tr.effects) {
      if (!effect.is(setHighlight)) continue;
      const range = effect.value;
      const length = tr.state.doc.length;
      next =
        range && range.from < range.to && range.to <= length
          ? Decoration.set([highlightMark.range(range.from, range.to)])
          : Decoration.none;
    }
    return next;
  },
  provide: (field) => EditorView.decorations.from(field),
});

/** The editor's look, drawn from Starlight's theme variables so light and dark both read well. */
export const editorTheme: Extension = EditorView.theme({
  '&': {
    height: '100%',
    fontSize: '0.875rem',
    backgroundColor: 'var(--np-code-bg)',
    color: 'var(--sl-color-white)',
  },
  '.cm-scroller': { fontFamily: 'var(--np-font-mono)', lineHeight: '1.55' },
  '.cm-content': { caretColor: 'var(--sl-color-white)' },
  '.cm-gutters': {
    backgroundColor: 'var(--np-code-gutter)',
    color: 'var(--sl-color-gray-3)',
    border: 'none',
  },
  '.cm-activeLine': { backgroundColor: 'var(--np-code-active)' },
  '.cm-activeLineGutter': { backgroundColor: 'var(--np-code-active)' },
  // The focus ring is drawn by the .np-editor frame (sandbox.css): inside the editor the gutter hid its left edge.
  '&.cm-focused': { outline: 'none' },
  '&.cm-focused .cm-selectionBackground, .cm-selectionBackground, ::selection': {
    backgroundColor: 'var(--np-code-selection)',
  },
  '.cm-cursor': { borderLeftColor: 'var(--sl-color-white)' },
  '.cm-tooltip': {
    backgroundColor: 'var(--sl-color-bg-nav)',
    color: 'var(--sl-color-white)',
    border: '1px solid var(--sl-color-gray-5)',
  },
  '.cm-tooltip-autocomplete ul li[aria-selected]': {
    backgroundColor: 'var(--sl-color-accent)',
    color: 'var(--sl-color-black)',
  },
});
