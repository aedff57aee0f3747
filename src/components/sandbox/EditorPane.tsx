import {
  useCallback,
  useEffect,
  useId,
  useRef,
  useState,
  type ComponentProps,
  type ComponentType,
} from 'react';
import { flushSync } from 'react-dom';
import type PolicyEditor from './PolicyEditor.tsx';
import type { EditorHandoff } from './PolicyEditor.tsx';
import { useTypedEarly } from '../ui/typed-early.ts';

type EditorProps = Omit<ComponentProps<typeof PolicyEditor>, 'handoff'>;

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
  const needed = wanted || props.highlight !== null;
  const latest = useRef(props.onChange);
  latest.current = props.onChange;
  const id = useId();
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

  if (Editor) return <Editor {...props} handoff={handoff.current} />;
  return (
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
        value={props.value}
        onChange={(event) => props.onChange(event.target.value)}
        spellCheck={false}
        autoCapitalize="off"
      />
    </div>
  );
}
