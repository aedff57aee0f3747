/**
 * Text with `backtick` spans shown as code: the engine's messages and the challenges' tasks, hints and
 * notes write names, fields and values that way. An unmatched backtick stays a plain character.
 */
export default function Words({ text }: { readonly text: string }) {
  const parts = text.split('`');
  if (parts.length % 2 === 0) return <>{text}</>;
  return <>{parts.map((part, index) => (index % 2 === 1 ? <code key={index}>{part}</code> : part))}</>;
}
