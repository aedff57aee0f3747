// @ts-check
/**
 * Expressive Code (Starlight's code blocks) options. Long lines wrap, keeping their indentation, so a code
 * block never scrolls sideways on a phone: a scrolling block becomes an unnamed keyboard-focusable region
 * (axe `landmark-unique` with several on a page), and wrapped YAML is easier to read on a small screen.
 */
export default {
  defaultProps: { wrap: true, preserveIndent: true },
};
