import type { FieldPath } from '../model/source.ts';

/** Returns `spec.egress[0].toPorts` as a field path: `['spec', 'egress', 0, 'toPorts']`. */
export function toFieldPath(path: string): FieldPath {
  const out: (string | number)[] = [];
  for (const part of path.split('.')) {
    const m = /^([^[]*)((?:\[\d+\])*)$/.exec(part);
    if (!m) {
      out.push(part);
      continue;
    }
    if (m[1]) out.push(m[1]);
    for (const idx of (m[2] ?? '').matchAll(/\[(\d+)\]/g)) out.push(Number(idx[1]));
  }
  return out;
}
