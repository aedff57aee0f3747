import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { autocompletion, closeBrackets, completionKeymap } from '@codemirror/autocomplete';
import { defaultKeymap, history, historyKeymap } from '@codemirror/commands';
import { yaml } from '@codemirror/lang-yaml';
import { HighlightStyle, indentOnInput, syntaxHighlighting } from '@codemirror/language';
import { lintGutter, lintKeymap, setDiagnostics, type Diagnostic as CmDiagnostic } from '@codemirror/lint';
import { EditorState } from '@codemirror/state';
import {
  EditorView,
  highlightActiveLine,
  highlightActiveLineGutter,
  keymap,
  lineNumbers,
} from '@codemirror/view';
import { tags } from '@lezer/highlight';
import {
  editorTheme,
  fieldHover,
  highlightField,
  policyCompletions,
  setHighlight,
  type CompletionData,
} from './editor-support.ts';

/** A diagnostic placed in the editor text. */
export interface EditorDiagnostic {
  readonly from: number;
  readonly to: number;
  readonly severity: 'error' | 'warning' | 'info';
  readonly message: string;
}

interface Props {
  readonly value: string;
  readonly onChange: (text: string) => void;
  readonly diagnostics: readonly EditorDiagnostic[];
  readonly completionData: CompletionData;
  /** Range to highlight (from an explanation link); `nonce` re-triggers the same range. */
  readonly highlight: { readonly from: number; readonly to: number; readonly nonce: number } | null;
  readonly label: string;
}

const highlightStyle = HighlightStyle.define([
  { tag: [tags.propertyName, tags.definition(tags.propertyName)], color: 'var(--np-code-key)' },
  { tag: [tags.string, tags.content], color: 'var(--np-code-string)' },
  { tag: [tags.number, tags.bool, tags.null, tags.keyword], color: 'var(--np-code-number)' },
  { tag: [tags.comment, tags.lineComment], color: 'var(--np-code-comment)', fontStyle: 'italic' },
  { tag: [tags.punctuation, tags.separator, tags.meta], color: 'var(--sl-color-gray-3)' },
]);

/** CodeMirror 6 YAML editor with engine diagnostics, completion from the scenario and field hover. */
export default function PolicyEditor({
  value,
  onChange,
  diagnostics,
  completionData,
  highlight,
  label,
}: Props) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const [mounted, setMounted] = useState(false);
  const latest = useRef({ onChange, completionData });
  latest.current = { onChange, completionData };

  // A layout effect: the editor replaces the static text before the browser paints, so no frame shows
  // both (the editor below the text, then jumping up, counted as a layout shift).
  useLayoutEffect(() => {
    if (!host.current) return;
    const editor = new EditorView({
      parent: host.current,
      state: EditorState.create({
        doc: value,
        extensions: [
          lineNumbers(),
          highlightActiveLineGutter(),
          highlightActiveLine(),
          history(),
          indentOnInput(),
          closeBrackets(),
          yaml(),
          syntaxHighlighting(highlightStyle),
          autocompletion({ override: [policyCompletions(() => latest.current.completionData)] }),
          lintGutter(),
          fieldHover,
          highlightField,
          keymap.of([...defaultKeymap, ...historyKeymap, ...completionKeymap, ...lintKeymap]),
          EditorState.tabSize.of(2),
          // tabindex makes axe count the editable content as the scroller's keyboard access.
          EditorView.contentAttributes.of({ 'aria-label': label, tabindex: '0' }),
          EditorView.lineWrapping,
          editorTheme,
          EditorView.updateListener.of((update) => {
            if (update.docChanged) latest.current.onChange(update.state.doc.toString());
          }),
        ],
      }),
    });
    view.current = editor;
    setMounted(true);
    return () => {
      editor.destroy();
      view.current = null;
    };
    // The editor is created once; later value changes are applied below.
  }, []);

  useEffect(() => {
    const editor = view.current;
    if (!editor) return;
    const current = editor.state.doc.toString();
    if (current !== value) editor.dispatch({ changes: { from: 0, to: current.length, insert: value } });
  }, [value]);

  useEffect(() => {
    const editor = view.current;
    if (!editor) return;
    const length = editor.state.doc.length;
    const placed: CmDiagnostic[] = diagnostics
      .filter((d) => d.from <= length)
      .map((d) => ({
        from: d.from,
        to: Math.min(Math.max(d.to, d.from), length),
        severity: d.severity,
        message: d.message,
      }));
    editor.dispatch(setDiagnostics(editor.state, placed));
  }, [diagnostics]);

  useEffect(() => {
    const editor = view.current;
    if (!editor) return;
    editor.dispatch({
      effects: [
        setHighlight.of(highlight),
        ...(highlight ? [EditorView.scrollIntoView(highlight.from, { y: 'center' })] : []),
      ],
    });
  }, [highlight]);

  return (
    <div ref={host} className="np-editor" data-testid="policy-editor">
      {!mounted && <pre className="np-editor-fallback">{value}</pre>}
    </div>
  );
}
