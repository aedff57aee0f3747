/** Spaces a nested YAML block is indented by in the editor (Kubernetes manifests use two). */
export const YAML_INDENT = 2;

// Leading spaces, then any list dashes (`- - key:` is legal), then the rest of the line.
const LINE = /^( *)((?:- +)*)(.*)$/;
// A key with nothing after its colon but an optional block-scalar indicator (`|`, `>-`) or a comment.
const OPENS_BLOCK = /^(?:"[^"]*"|'[^']*'|[^\s#'"][^#]*?)\s*:(?:\s+[|>][-+]?\d?)?\s*(?:#.*)?$/;

/**
 * Returns the column the line after `line` starts at when the learner presses Enter at its end:
 * - after a key that opens a block (`ingress:`, `- from:`, `matchLabels:`, `text: |`): that key's column
 *   plus one indent step;
 * - after a list item (`- port: 80`, `- Ingress`): the item's content column, so the next key continues
 *   the same item (`protocol: TCP` lines up with `port`);
 * - otherwise (a complete `key: value`, a comment, a blank line): the line's own indentation.
 */
export function indentAfterLine(line: string): number {
  const match = LINE.exec(line);
  const spaces = match?.[1]?.length ?? 0;
  const dashes = match?.[2]?.length ?? 0;
  const rest = (match?.[3] ?? '').trimEnd();
  const content = spaces + dashes;
  if (rest.startsWith('#')) return content;
  if (OPENS_BLOCK.test(rest)) return content + YAML_INDENT;
  if (rest === '' && dashes === 0) {
    // A blank line keeps the spaces typed on it (a learner pausing inside a block).
    return line.length - line.trimStart().length;
  }
  return content;
}
