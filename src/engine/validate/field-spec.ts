import type { DiagnosticSink } from '../model/diagnostic.ts';
import { formatPath, type FieldPath } from '../model/source.ts';

/**
 * A declarative description of a manifest's fields. `walkFields` checks known fields,
 * JSON types, required fields, enums and ranges, then runs each spec's `check` for the
 * rules that need more than one field. Other policy kinds reuse it with their own specs.
 */
export type FieldSpec =
  | (Common & {
      readonly type: 'object';
      readonly fields: Readonly<Record<string, FieldSpec>>;
      readonly required?: readonly string[];
      readonly open?: boolean;
    })
  | (Common & { readonly type: 'map'; readonly values: FieldSpec })
  | (Common & {
      readonly type: 'array';
      readonly items: FieldSpec;
      readonly minItems?: number;
      readonly maxItems?: number;
    })
  | (Common & { readonly type: 'string'; readonly enum?: readonly string[] })
  | (Common & { readonly type: 'integer'; readonly min?: number; readonly max?: number })
  | (Common & { readonly type: 'int-or-string' })
  | (Common & { readonly type: 'boolean' })
  | (Common & { readonly type: 'number' })
  | (Common & { readonly type: 'any' });

interface Common {
  /** Extra rules, run only when the value has the right JSON type. */
  readonly check?: (value: never, path: FieldPath, sink: DiagnosticSink) => void;
  /** Whether `null` is accepted as "absent" (the API server treats `field: null` as unset). */
  readonly nullable?: boolean;
}

/** Names a JSON value's type in messages. */
export function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

/** Whether `value` is a plain object (not an array, not null). */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Checks `value` against `spec`, reporting to `sink`. Returns whether the value had the expected type. */
export function walkFields(
  spec: FieldSpec,
  value: unknown,
  path: FieldPath,
  sink: DiagnosticSink,
  nullIsUnset = true,
): boolean {
  // `field: null` means unset, as in the API server; a null list item or map value is a type error.
  if (value === null && spec.type !== 'any' && nullIsUnset) return true;
  if (!hasType(spec, value)) {
    const expected =
      spec.type === 'int-or-string' ? 'integer or string' : spec.type === 'map' ? 'object' : spec.type;
    sink.add(
      'invalid-type',
      path,
      `${formatPath(path)}: Invalid type: expected ${expected}, got ${jsonType(value)}`,
      {
        fix:
          expected === 'string'
            ? 'Quote the value so YAML reads it as a string.'
            : `Write this field as ${article(expected)} ${expected}.`,
      },
    );
    return false;
  }
  switch (spec.type) {
    case 'object':
      walkObject(spec, value as Record<string, unknown>, path, sink);
      break;
    case 'map':
      for (const [key, item] of Object.entries(value as Record<string, unknown>))
        walkFields(spec.values, item, [...path, key], sink, false);
      break;
    case 'array':
      walkArray(spec, value as unknown[], path, sink);
      break;
    case 'string':
      if (spec.enum && !spec.enum.includes(value as string)) sink.unsupported(path, value, spec.enum);
      break;
    case 'integer':
      if (
        (spec.min !== undefined && (value as number) < spec.min) ||
        (spec.max !== undefined && (value as number) > spec.max)
      ) {
        sink.invalid(path, value, rangeText(spec.min, spec.max));
      }
      break;
    case 'int-or-string':
    case 'boolean':
    case 'number':
    case 'any':
      break;
  }
  if (spec.check && !sink.hasErrorAt(path)) spec.check(value as never, path, sink);
  return true;
}

function walkObject(
  spec: Extract<FieldSpec, { type: 'object' }>,
  value: Record<string, unknown>,
  path: FieldPath,
  sink: DiagnosticSink,
): void {
  for (const key in value) {
    if (!Object.hasOwn(value, key)) continue;
    const item = value[key];
    const field = Object.hasOwn(spec.fields, key) ? spec.fields[key] : undefined;
    if (!field) {
      if (spec.open) continue;
      sink.add(
        'unknown-field',
        [...path, key],
        `strict decoding error: unknown field "${formatPath([...path, key])}"`,
        {
          part: 'key',
          fix: suggestion(key, item, spec, value),
        },
      );
      continue;
    }
    walkFields(field, item, [...path, key], sink);
  }
  for (const key of spec.required ?? []) {
    if (value[key] === undefined || value[key] === null) sink.required([...path, key]);
  }
}

function walkArray(
  spec: Extract<FieldSpec, { type: 'array' }>,
  value: unknown[],
  path: FieldPath,
  sink: DiagnosticSink,
): void {
  if (spec.maxItems !== undefined && value.length > spec.maxItems) {
    sink.add(
      'too-many',
      path,
      `${formatPath(path)}: Too many: ${value.length}: must have at most ${spec.maxItems} items`,
    );
  }
  if (spec.minItems !== undefined && value.length < spec.minItems)
    sink.required(path, `must have at least ${spec.minItems} item(s)`);
  value.forEach((item, i) => walkFields(spec.items, item, [...path, i], sink, false));
}

function hasType(spec: FieldSpec, value: unknown): boolean {
  switch (spec.type) {
    case 'object':
    case 'map':
      return isObject(value);
    case 'array':
      return Array.isArray(value);
    case 'string':
      return typeof value === 'string';
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'int-or-string':
      return typeof value === 'string' || (typeof value === 'number' && Number.isInteger(value));
    case 'boolean':
      return typeof value === 'boolean';
    case 'number':
      return typeof value === 'number';
    case 'any':
      return true;
  }
}

function rangeText(min: number | undefined, max: number | undefined): string {
  if (min !== undefined && max !== undefined) return `must be between ${min} and ${max}, inclusive`;
  return min !== undefined
    ? `must be greater than or equal to ${min}`
    : `must be less than or equal to ${String(max)}`;
}

function article(word: string): string {
  return /^[aeiou]/.test(word) ? 'an' : 'a';
}

/**
 * A fix for an unknown field: the closest known name (`ingres` → `ingress`); for a field that is only
 * misplaced, where it belongs (a label under `matchLabels`, Cilium `rules` under `toPorts[0]`); else
 * what the known fields are.
 */
function suggestion(
  key: string,
  item: unknown,
  spec: Extract<FieldSpec, { type: 'object' }>,
  value: Record<string, unknown>,
): string {
  const known = Object.keys(spec.fields);
  let best: string | undefined;
  let bestDistance = 3;
  for (const name of known) {
    const d = editDistance(key.toLowerCase(), name.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [name, d];
  }
  if (best)
    return `Did you mean \`${best}\`? Unknown fields are rejected by strict validation and ignored otherwise.`;
  // A label selector with `app: web` written directly under it: the learner meant a label.
  if (
    spec.fields.matchLabels?.type === 'map' &&
    (typeof item === 'string' || typeof item === 'number' || typeof item === 'boolean')
  ) {
    const label = `${key}: ${String(item)}`;
    return `\`${label}\` is a label: put it under \`matchLabels\` (\`matchLabels: {${label}}\`).`;
  }
  const home = childHolding(key, spec, value);
  if (home) return `\`${key}\` belongs one level down: move it under ${home}.`;
  return `Remove \`${key}\`: known fields here are ${known.map((k) => `\`${k}\``).join(', ')}.`;
}

// The child field (an object, or the items of a list) whose own fields include `key`, written as
// the place to move it to: `toPorts[0]` for a list, `spec` for an object.
function childHolding(
  key: string,
  spec: Extract<FieldSpec, { type: 'object' }>,
  value: Record<string, unknown>,
): string | undefined {
  for (const [name, child] of Object.entries(spec.fields)) {
    const inner = child.type === 'array' ? child.items : child;
    if (inner.type !== 'object' || !Object.hasOwn(inner.fields, key)) continue;
    if (child.type !== 'array') return `\`${name}\``;
    const items = value[name];
    return Array.isArray(items) && items.length > 1 ? `an item of \`${name}\`` : `\`${name}[0]\``;
  }
  return undefined;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row.push(
        Math.min(
          (prev[j] ?? 0) + 1,
          (row[j - 1] ?? 0) + 1,
          (prev[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1),
        ),
      );
    }
    prev = row;
  }
  return prev[b.length] ?? 0;
}
