/**
 * Plain block YAML for generated manifests. The `yaml` package's `stringify` took a fifth of the
 * differential run; generated objects hold only strings, numbers, booleans, arrays and objects, so a
 * small writer does, quoting every string that is not a plain word (addresses, ports written as
 * strings, keys with a colon).
 */

type Value =
  string | number | boolean | null | undefined | readonly Value[] | { readonly [key: string]: Value };

const PLAIN = /^[A-Za-z_][A-Za-z0-9_./-]*$/;
const RESERVED = /^(true|false|null|yes|no|on|off|y|n|~)$/i;

function scalar(value: string | number | boolean | null | undefined): string {
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value === null || value === undefined) return 'null';
  return PLAIN.test(value) && !RESERVED.test(value) ? value : JSON.stringify(value);
}

function isEmpty(value: Value): boolean {
  return typeof value === 'object' && value !== null && Object.keys(value).length === 0;
}

function lines(value: Value, indent: string): string[] {
  if (Array.isArray(value)) {
    return (value as readonly Value[]).flatMap((item) => {
      if (typeof item !== 'object' || item === null || isEmpty(item)) return [`${indent}- ${inline(item)}`];
      const [first = '', ...rest] = lines(item, `${indent}  `);
      return [`${indent}- ${first.trimStart()}`, ...rest];
    });
  }
  return Object.entries(value as Record<string, Value>).flatMap(([key, item]) => {
    if (item === undefined) return [];
    const head = `${indent}${scalar(key)}:`;
    if (typeof item !== 'object' || item === null || isEmpty(item)) return [`${head} ${inline(item)}`];
    return [head, ...lines(item, `${indent}  `)];
  });
}

function inline(value: Value): string {
  if (Array.isArray(value)) return '[]';
  if (typeof value === 'object' && value !== null) return '{}';
  return scalar(value);
}

/** One manifest object (plain data) as block YAML text, ending with a newline. */
export function yamlText(value: object): string {
  return `${lines(value as Value, '').join('\n')}\n`;
}

/** Several manifest objects as one multi-document YAML text. */
export function yamlDocuments(values: readonly object[]): string {
  return values.map(yamlText).join('---\n');
}
