import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import { indentService, indentUnit } from '@codemirror/language';
import { lintGutter, lintKeymap, setDiagnostics, type Diagnostic as CmDiagnostic } from '@codemirror/lint';
import { Compartment, EditorSelection, EditorState } from '@codemirror/state';
import {
  EditorView,
  highlightActiveLine,
  highlightActiveLineGutter,
  keymap,
  lineNumbers,
} from '@codemirror/view';
import type { editorExtras as EditorExtras } from './editor-extras.ts';
import { plainEditor } from './editor-size.ts';
import { editorTheme, highlightField, setHighlight, type CompletionData } from './editor-support.ts';
import { indentAfterLine, YAML_INDENT } from './yaml-indent.ts';

/** A diagnostic placed in the editor text. */
export interface EditorDiagnostic {
  readonly from: number;
  readonly to: number;
  readonly severity: 'error' | 'warning' | 'info';
  readonly message: string;
}

/** What the plain text area hands over when the editor replaces it. */
export interface EditorHandoff {
  readonly anchor: number;
  readonly head: number;
  readonly scrollTop: number;
  readonly focused: boolean;
}

interface Props {
  readonly value: string;
  readonly onChange: (text: string) => void;
  readonly diagnostics: readonly EditorDiagnostic[];
  readonly completionData: CompletionData;
  /** Range to highlight (from an explanation link); `nonce` re-triggers the same range. */
  readonly highlight: { readonly from: number; readonly to: number; readonly nonce: number } | null;
  readonly label: string;
  /** Id of the element that says how Tab works here (Tab indents; Esc then Tab leaves). */
  readonly describedBy?: string;
  /** Selection, scroll and focus of the text area this editor replaces, if any. */
  readonly handoff?: EditorHandoff | null;
}

/**
 * Enter's indentation: after `key:` one step in, after a list item its content column, else the line's own.
 * Only a new line after text is answered; re-indenting existing lines is left to the YAML language.
 */
const yamlEnterIndent = indentService.of((context, pos) => {
  // A break is being simulated at `pos` when the text before it ends there and a line starts there.
  const before = context.lineAt(pos, -1);
  if (before.from === pos || context.lineAt(pos, 1).from !== pos) return undefined;
  return indentAfterLine(before.text);
});

/** CodeMirror 6 YAML editor with engine diagnostics, completion from the scenario and field hover. */
export default function PolicyEditor({
  value,
  onChange,
  diagnostics,
  completionData,
  highlight,
  label,
  describedBy,
  handoff = null,
}: Props) {
  const host = useRef<HTMLDivElement>(null);
  const [extras] = useState(() => new Compartment());
  const view = useRef<EditorView | null>(null);
  // Each dispatch re-syncs the editor's DOM selection, a layout of the whole editor on a long text: the
  // same diagnostics again (every evaluation sends a fresh list) are not dispatched.
  const shown = useRef<string | null>(null);
  // The text this editor last handed to `onChange`: when it comes back as `value`, nothing needs syncing.
  const emitted = useRef<string | null>(null);
  const [loadExtras, setLoadExtras] = useState<typeof EditorExtras | null>(null);
  const plain = plainEditor(value);
  const latest = useRef({ onChange, completionData });
  latest.current = { onChange, completionData };

  // A layout effect: the editor replaces the text area before the browser paints, and takes its focus in
  // the same task, so no frame shows both and no keystroke falls between them.
  useLayoutEffect(() => {
    if (!host.current) return;
    const clip = (offset: number) => Math.max(0, Math.min(offset, value.length));
    const editor = new EditorView({
      parent: host.current,
      state: EditorState.create({
        doc: value,
        ...(handoff ? { selection: EditorSelection.single(clip(handoff.anchor), clip(handoff.head)) } : {}),
        // What typing needs, and everything that takes room (the gutters), comes at once; YAML colours,
        // completion and hover follow from a chunk of their own, so start-up is two shorter tasks.
        extensions: [
          lineNumbers(),
          highlightActiveLineGutter(),
          highlightActiveLine(),
          history(),
          lintGutter(),
          highlightField,
          // Tab indents (CodeMirror's own escape hatch, Esc then Tab, moves focus on; the hint says so).
          keymap.of([...defaultKeymap, ...historyKeymap, ...lintKeymap, indentWithTab]),
          extras.of([]),
          EditorState.tabSize.of(YAML_INDENT),
          indentUnit.of(' '.repeat(YAML_INDENT)),
          yamlEnterIndent,
          // tabindex makes axe count the editable content as the scroller's keyboard access.
          EditorView.contentAttributes.of({
            'aria-label': label,
            tabindex: '0',
            ...(describedBy ? { 'aria-describedby': describedBy } : {}),
          }),
          // No line wrapping: a wrapped YAML line restarts at column 0 and reads as mis-indented, so long
          // lines scroll sideways instead.
          editorTheme,
          EditorView.updateListener.of((update) => {
            if (!update.docChanged) return;
            const text = update.state.doc.toString();
            emitted.current = text;
            latest.current.onChange(text);
          }),
        ],
      }),
    });
    view.current = editor;
    shown.current = null;
    if (handoff) {
      editor.scrollDOM.scrollTop = handoff.scrollTop;
      if (handoff.focused) editor.focus();
    }
    // Measured now rather than at the next frame: the gutters are sized from measured line heights, and
    // any frame drawn from CodeMirror's estimate (14 px a line) would move their markers once measured.
    editor.lineBlockAtHeight(0);
    let alive = true;
    void import('./editor-extras.ts').then(({ editorExtras }) => {
      if (alive) setLoadExtras(() => editorExtras);
    });
    return () => {
      alive = false;
      editor.destroy();
      view.current = null;
    };
    // The editor is created once; later value changes are applied below.
  }, []);

  // The extras, and again whenever the text crosses the plain-text length.
  useEffect(() => {
    if (!loadExtras) return;
    view.current?.dispatch({
      effects: extras.reconfigure(loadExtras(() => latest.current.completionData, plain)),
    });
  }, [loadExtras, plain, extras]);

  useEffect(() => {
    const editor = view.current;
    if (!editor || value === emitted.current) return;
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
    const key = JSON.stringify(placed);
    if (key === shown.current) return;
    shown.current = key;
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

  return <div ref={host} className="np-editor" data-testid="policy-editor"></div>;
}
