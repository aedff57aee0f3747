import {
  useCallback,
  useEffect,
  useId,
  useRef,
  useState,
  type ComponentProps,
  type ComponentType,
  type KeyboardEvent,
} from 'react';
import { flushSync } from 'react-dom';
import type PolicyEditor from './PolicyEditor.tsx';
import type { EditorHandoff } from './PolicyEditor.tsx';
import { useTypedEarly } from '../ui/typed-early.ts';
import { PLAIN_EDITOR_CHARS, plainEditor } from './editor-size.ts';

type EditorProps = Omit<ComponentProps<typeof PolicyEditor>, 'handoff' | 'describedBy'>;

/** How long after Esc a Tab leaves the editor (CodeMirror's own window). */
const ESCAPE_WINDOW_MS = 2000;

/**
 * The policy editor in two stages. The page starts with a plain text area (fully editable, labelled like
 * the editor) and loads CodeMirror, a chunk of its own, when the learner first points at, touches or
 * focuses it, or when an explanation asks to highlight a line. The swap keeps the text, the selection, the
 * scroll position and the focus, so typing carries on. Loading the editor with the page kept the main
 * thread busy for about half a second on a phone, for a pane many visitors only read.
 */
export default function EditorPane(props: EditorProps) {
  const [Editor, setEditor] = useState<ComponentType<ComponentProps<typeof PolicyEditor>> | null>(null);
  const [wanted, setWanted] = useState(false);
  const area = useRef<HTMLTextAreaElement>(null);
  const handoff = useRef<EditorHandoff | null>(null);
  const want = useCallback(() => setWanted(true), []);
  // A text area lays out its whole text (a third of a second for 6,000 lines): a long text goes straight
  // to CodeMirror, which draws only the lines in view.
  const long = plainEditor(props.value);
  const needed = wanted || props.highlight !== null || long;
  const latest = useRef(props.onChange);
  latest.current = props.onChange;
  const id = useId();
  const hintId = `${id}-tab-hint`;
  const escaped = useRef(0);
  // Text typed into the server-rendered text area before hydration is kept; if it has the focus, the
  // editor loads at once (no focus event will come).
  const early = useTypedEarly(id, props.value, (value) => latest.current(value));
  useEffect(() => {
    if (early?.focused) setWanted(true);
  }, [early]);

  useEffect(() => {
    if (!needed) return;
    let alive = true;
    void import('./PolicyEditor.tsx').then((module) => {
      if (!alive) return;
      const text = area.current;
      handoff.current = text
        ? {
            anchor: text.selectionDirection === 'backward' ? text.selectionEnd : text.selectionStart,
            head: text.selectionDirection === 'backward' ? text.selectionStart : text.selectionEnd,
            scrollTop: text.scrollTop,
            focused: document.activeElement === text,
          }
        : null;
      // Rendered at once, in this task: no keystroke can land between reading the text area and the swap.
      flushSync(() => setEditor(() => module.default));
    });
    return () => {
      alive = false;
    };
  }, [needed]);

  // The text area behaves as the editor will: Tab indents, Esc then Tab moves on.
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Escape') escaped.current = Date.now();
    if (event.key !== 'Tab' || event.shiftKey || event.altKey || event.ctrlKey || event.metaKey) return;
    if (Date.now() - escaped.current <= ESCAPE_WINDOW_MS) return;
    event.preventDefault();
    const text = event.currentTarget;
    text.setRangeText('  ', text.selectionStart, text.selectionEnd, 'end');
    props.onChange(text.value);
  };

  const hint = (
    <>
      <p className="np-editor-hint" id={hintId}>
        <kbd>Tab</kbd> indents. To leave the editor, press <kbd>Esc</kbd> then <kbd>Tab</kbd>.
      </p>
      {long && (
        <p className="np-editor-hint">
          These policies are longer than {PLAIN_EDITOR_CHARS.toLocaleString('en')} characters, so the editor
          shows them without YAML colours or re-indenting, to keep typing fast.
        </p>
      )}
    </>
  );
  if (Editor)
    return (
      <>
        <Editor {...props} handoff={handoff.current} describedBy={hintId} />
        {hint}
      </>
    );
  if (long)
    return (
      <>
        <div className="np-editor">
          <p className="np-muted np-editor-wait" role="status">
            Opening the editor…
          </p>
        </div>
        {hint}
      </>
    );
  return (
    <>
      <div
        className="np-editor"
        onPointerEnter={want}
        onPointerMove={wanted ? undefined : want}
        onPointerDown={want}
        onTouchStart={want}
        onFocus={want}
      >
        <textarea
          ref={area}
          id={id}
          className="np-editor-fallback"
          aria-label={props.label}
          aria-describedby={hintId}
          value={props.value}
          onChange={(event) => props.onChange(event.target.value)}
          onKeyDown={onKeyDown}
          spellCheck={false}
          autoCapitalize="off"
          wrap="off"
        />
      </div>
      {hint}
    </>
  );
}
