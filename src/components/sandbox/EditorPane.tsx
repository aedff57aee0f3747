import { useEffect, useState, type ComponentProps, type ComponentType } from 'react';
import type PolicyEditor from './PolicyEditor.tsx';

type EditorProps = ComponentProps<typeof PolicyEditor>;

/** The editor, loaded after hydration (CodeMirror is a chunk of its own); plain text until then. */
export default function EditorPane(props: EditorProps) {
  const [Editor, setEditor] = useState<ComponentType<EditorProps> | null>(null);
  useEffect(() => {
    let alive = true;
    void import('./PolicyEditor.tsx').then((module) => {
      if (alive) setEditor(() => module.default);
    });
    return () => {
      alive = false;
    };
  }, []);
  if (Editor) return <Editor {...props} />;
  return (
    <div className="np-editor" aria-busy="true">
      <pre className="np-editor-fallback">{props.value}</pre>
    </div>
  );
}
