import type { LabelSelectorSpec } from '../model/policy.ts';
import type { Labels } from '../model/types.ts';

/** One compiled requirement of a label selector. */
export type Requirement =
  | { readonly op: 'In'; readonly key: string; readonly values: ReadonlySet<string> }
  | { readonly op: 'NotIn'; readonly key: string; readonly values: ReadonlySet<string> }
  | { readonly op: 'Exists'; readonly key: string }
  | { readonly op: 'DoesNotExist'; readonly key: string };

/** A compiled label selector: all requirements must hold; none means "everything". */
export interface Selector {
  readonly requirements: readonly Requirement[];
  /** Readable form, e.g. `app=web, tier in (a, b)`, or `{}` when empty. */
  readonly text: string;
}

/** Compiles `matchLabels` + `matchExpressions` into requirements. */
export function compileSelector(spec: LabelSelectorSpec | null | undefined): Selector {
  const requirements: Requirement[] = [];
  for (const [key, value] of Object.entries(spec?.matchLabels ?? {}))
    requirements.push({ op: 'In', key, values: new Set([value]) });
  for (const expr of spec?.matchExpressions ?? []) {
    const values = new Set(expr.values ?? []);
    switch (expr.operator) {
      case 'In':
      case 'NotIn':
        requirements.push({ op: expr.operator, key: expr.key, values });
        break;
      case 'Exists':
      case 'DoesNotExist':
        requirements.push({ op: expr.operator, key: expr.key });
        break;
    }
  }
  return {
    requirements,
    text: requirements.length === 0 ? '{}' : requirements.map(requirementText).join(', '),
  };
}

/** Readable form of one requirement. */
export function requirementText(req: Requirement): string {
  switch (req.op) {
    case 'In':
      return req.values.size === 1
        ? `${req.key}=${[...req.values][0] ?? ''}`
        : `${req.key} in (${[...req.values].join(', ')})`;
    case 'NotIn':
      return `${req.key} notin (${[...req.values].join(', ')})`;
    case 'Exists':
      return req.key;
    case 'DoesNotExist':
      return `!${req.key}`;
  }
}

// https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#set-based-requirement
// NotIn and DoesNotExist also match objects that do not have the key at all.
function holds(req: Requirement, labels: Labels): boolean {
  const has = Object.hasOwn(labels, req.key);
  switch (req.op) {
    case 'In':
      return has && req.values.has(labels[req.key] ?? '');
    case 'NotIn':
      return !has || !req.values.has(labels[req.key] ?? '');
    case 'Exists':
      return has;
    case 'DoesNotExist':
      return !has;
  }
}

/** Whether the labels satisfy every requirement. */
export function selectorMatches(selector: Selector, labels: Labels): boolean {
  for (const req of selector.requirements) if (!holds(req, labels)) return false;
  return true;
}

/** The first requirement the labels fail, in words (`has no label \`team=search\``), or undefined when they match. */
export function selectorMiss(selector: Selector, labels: Labels): string | undefined {
  for (const req of selector.requirements) {
    if (holds(req, labels)) continue;
    const actual = labels[req.key];
    switch (req.op) {
      case 'In':
        return actual === undefined
          ? `has no label \`${requirementText(req)}\``
          : `has \`${req.key}=${actual}\`, not \`${requirementText(req)}\``;
      case 'NotIn':
        return `has \`${req.key}=${actual ?? ''}\`, excluded by \`${requirementText(req)}\``;
      case 'Exists':
        return `has no label \`${req.key}\``;
      case 'DoesNotExist':
        return `has label \`${req.key}\`, which \`${requirementText(req)}\` excludes`;
    }
  }
  return undefined;
}
