/**
 * Policy texts longer than this are edited without YAML colours, re-indenting and the syntax tree behind
 * them: CodeMirror re-parses after each keystroke, over 100 ms per key on a 6,000-line text.
 */
export const PLAIN_EDITOR_CHARS = 100_000;

/** Returns whether the editor shows `text` plain (no YAML parse), because it is that long. */
export function plainEditor(text: string): boolean {
  return text.length > PLAIN_EDITOR_CHARS;
}
