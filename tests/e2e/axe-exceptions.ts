/**
 * The one place where accessibility findings we accept are listed, each with its reason.
 * `target` is matched against the axe node selector.
 */
export const axeExceptions: readonly { rule: string; target: string; reason: string }[] = [];
