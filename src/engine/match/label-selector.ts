import type { Requirement, Selector } from '../model/matchers.ts';
import type { LabelSelectorSpec } from '../model/policy.ts';
import type { Labels } from '../model/types.ts';
import type { SelectorMiss } from '../model/verdict.ts';

export type { Requirement, Selector };

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

/** The first requirement the labels fail, with the labels' value for its key; undefined when they match. */
export function selectorMiss(selector: Selector, labels: Labels): SelectorMiss | undefined {
  for (const req of selector.requirements) {
    if (holds(req, labels)) continue;
    return {
      key: req.key,
      operator: req.op,
      values: req.op === 'In' || req.op === 'NotIn' ? [...req.values] : [],
      actual: Object.hasOwn(labels, req.key) ? labels[req.key] : undefined,
    };
  }
  return undefined;
}

/** The NotIn requirements of a selector that the labels meet with a value not listed, e.g. `env=prod` for `env NotIn (dev)`. */
export function notInHeld(
  selector: Selector,
  labels: Labels,
): { key: string; values: readonly string[]; actual: string }[] {
  const out: { key: string; values: readonly string[]; actual: string }[] = [];
  for (const req of selector.requirements)
    if (req.op === 'NotIn' && Object.hasOwn(labels, req.key))
      out.push({ key: req.key, values: [...req.values], actual: labels[req.key] ?? '' });
  return out;
}

/** The NotIn and DoesNotExist requirements of a selector that the labels meet only by lacking the key. */
export function absentKeys(
  selector: Selector,
  labels: Labels,
): { key: string; operator: 'NotIn' | 'DoesNotExist' }[] {
  const out: { key: string; operator: 'NotIn' | 'DoesNotExist' }[] = [];
  for (const req of selector.requirements)
    if ((req.op === 'NotIn' || req.op === 'DoesNotExist') && !Object.hasOwn(labels, req.key))
      out.push({ key: req.key, operator: req.op });
  return out;
}
