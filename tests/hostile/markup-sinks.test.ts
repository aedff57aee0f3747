import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';

// Every way to turn a string into markup in the browser or the build. Free text (names, labels, titles,
// learner names) must reach the page through React or Astro's escaping, never through one of these.
const SINKS =
  /\binnerHTML\b|\bouterHTML\b|dangerouslySetInnerHTML|insertAdjacentHTML|document\.write|createContextualFragment|\bset:html\b|DOMParser/;

// The build writes two texts raw, both from course files, neither from a learner or a link, each escaped
// for where it goes: a JSON data block (`<` escaped) and the CSS that reserves room for the progress marks.
const ALLOWED: Record<string, string> = {
  'src/components/ui/Sidebar.astro':
    'set:html for the lesson → challenge JSON data block and its reserve CSS, built from course files',
};

function sources(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => /\.(ts|tsx|astro|mjs)$/.test(file))
    .map((file) => join(dir, file));
}

describe('hostile: no string becomes markup', () => {
  test('no source file but the allowed ones uses innerHTML, dangerouslySetInnerHTML, set:html or the like', () => {
    const offenders = sources('src')
      .filter((file) => !(file in ALLOWED))
      .flatMap((file) =>
        readFileSync(file, 'utf8')
          .split('\n')
          .flatMap((line, index) => (SINKS.test(line) ? [`${file}:${index + 1}: ${line.trim()}`] : [])),
      );
    expect(offenders).toEqual([]);
  });
});
