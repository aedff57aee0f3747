import { autocompletion, closeBrackets } from '@codemirror/autocomplete';
import { yaml } from '@codemirror/lang-yaml';
import { HighlightStyle, indentOnInput, syntaxHighlighting } from '@codemirror/language';
import type { Extension } from '@codemirror/state';
import { tags } from '@lezer/highlight';
import { fieldHover, policyCompletions, type CompletionData } from './editor-support.ts';

const highlightStyle = HighlightStyle.define([
  { tag: [tags.propertyName, tags.definition(tags.propertyName)], color: 'var(--np-code-key)' },
  { tag: [tags.string, tags.content], color: 'var(--np-code-string)' },
  { tag: [tags.number, tags.bool, tags.null, tags.keyword], color: 'var(--np-code-number)' },
  { tag: [tags.comment, tags.lineComment], color: 'var(--np-code-comment)', fontStyle: 'italic' },
  { tag: [tags.punctuation, tags.separator, tags.meta], color: 'var(--sl-color-gray-3)' },
]);

/**
 * What the policy editor adds once it is up (a chunk of its own, loaded right after): YAML parsing and
 * colours, completion from the scenario (with its own keymap), field hover, bracket closing and
 * re-indenting. Typing works before it arrives; it only enriches the editor. With `plain` (a very long
 * text) the YAML parse and its colours and re-indenting are left out: CodeMirror parses again after every
 * keystroke, and on a 6,000-line text that is over 100 ms of main-thread work per key.
 */
export function editorExtras(getData: () => CompletionData, plain = false): Extension[] {
  return [
    closeBrackets(),
    ...(plain ? [] : [indentOnInput(), yaml(), syntaxHighlighting(highlightStyle)]),
    // Nothing is picked when the list opens, so Enter after a complete value (`protocol: UDP`) is a new
    // line; Enter takes a suggestion only after the arrow keys moved into the list. The type icons are
    // left out: their glyphs come from a font the site does not load and showed as empty boxes.
    autocompletion({ override: [policyCompletions(getData)], selectOnOpen: false, icons: false }),
    fieldHover,
  ];
}
