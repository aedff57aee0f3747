import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { loadPolicies } from '../../src/engine/index.ts';
import { ROOT, loadChallenges, loadLessons } from './load.ts';

const lessons = loadLessons();
const challengeIds = new Set(loadChallenges().map((c) => c.id));
const lessonSlugs = new Set(lessons.map((l) => l.slug));
const scenarioIds = new Set(['shop', 'teams', 'model', 'harbor', 'bakery']);

// Pages outside the lessons collection that lessons may link to.
const OTHER_PAGES = new Set(['/', '/playground/', '/lessons/']);

function yamlBlocks(text: string): { line: number; body: string }[] {
  const blocks: { line: number; body: string }[] = [];
  const re = /^```ya?ml[^\n]*\n([\s\S]*?)^```/gm;
  for (let m = re.exec(text); m; m = re.exec(text))
    blocks.push({ line: text.slice(0, m.index).split('\n').length, body: m[1] ?? '' });
  return blocks;
}

function internalLinks(text: string): string[] {
  const links = [...text.matchAll(/\]\((\/[^)\s]*)\)/g), ...text.matchAll(/href="(\/[^"]*)"/g)].map(
    (m) => m[1] ?? '',
  );
  return links.filter((l) => !l.startsWith('//'));
}

// HTTP-aware policies and From traffic to policy came after the course was numbered: they share 08 with DNS-aware
// egress and sort after it (same sidebar order, then file name), so every earlier lesson kept its URL.
test('there are thirteen lessons, numbered 01 to 11 with three 08s', () => {
  expect(lessons.map((l) => l.slug.slice(0, 2))).toEqual([
    '01',
    '02',
    '03',
    '04',
    '05',
    '06',
    '07',
    '08',
    '08',
    '08',
    '09',
    '10',
    '11',
  ]);
});

describe.each(lessons)('$file', ({ file, slug, text }) => {
  test('has Starlight frontmatter: title, description and a sidebar order matching the file number', () => {
    const front = /^---\n([\s\S]*?)\n---\n/.exec(text)?.[1] ?? '';
    expect(front).toMatch(/^title: .+$/m);
    expect(front).toMatch(/^description: .+$/m);
    expect(/^\s+order: (\d+)$/m.exec(front)?.[1]).toBe(String(Number(slug.slice(0, 2))));
  });

  test('every ```yaml snippet parses and validates with the engine', () => {
    for (const block of yamlBlocks(text)) {
      const loaded = loadPolicies(block.body, { file: `${file}:${block.line}` });
      const errors = loaded.diagnostics
        .filter((d) => d.severity === 'error')
        .map((d) => `line ${block.line}: ${d.message}`);
      expect(errors).toEqual([]);
      expect(loaded.policies.length, `${file}:${block.line} has no policy`).toBeGreaterThan(0);
    }
  });

  test('every internal link resolves to a lesson or a page', () => {
    for (const link of internalLinks(text)) {
      const [path = '', query = ''] = link.split('#')[0]?.split('?') ?? [];
      const lesson = /^\/lessons\/([^/]+)\/$/.exec(path);
      if (lesson) expect(lessonSlugs.has(lesson[1] ?? ''), `${file}: ${link}`).toBe(true);
      else expect(OTHER_PAGES.has(path), `${file}: ${link}`).toBe(true);
      const scenario = /(?:^|&)scenario=([^&]+)/.exec(query);
      if (scenario) expect(scenarioIds.has(scenario[1] ?? ''), `${file}: ${link}`).toBe(true);
    }
  });

  test('every <Sandbox challenge> names an existing challenge', () => {
    for (const m of text.matchAll(/<Sandbox[^>]*\bchallenge="([^"]+)"/g))
      expect(challengeIds.has(m[1] ?? ''), `${file}: ${m[1]}`).toBe(true);
  });

  test('imported diagrams exist', () => {
    for (const m of text.matchAll(/from '~\/assets\/diagrams\/([^']+)'/g))
      expect(existsSync(join(ROOT, 'src', 'assets', 'diagrams', m[1] ?? '')), `${file}: ${m[1]}`).toBe(true);
  });

  if (slug !== '01-why-network-policy') {
    test('has an estimated time, a diagram, a recap, common mistakes, a playground link and at least three challenges', () => {
      expect(text).toMatch(/class="np-lesson-meta">About \d+ minutes/);
      expect(text).toMatch(/from '~\/assets\/diagrams\/[^']+\.svg'/);
      expect(text).toMatch(/^## Recap$/m);
      expect(text).toMatch(/^## Common mistakes$/m);
      expect(text).toMatch(/\(\/playground\/\?scenario=(shop|teams|model|harbor|bakery)\)/);
      expect([...text.matchAll(/<Sandbox[^>]*\bchallenge="/g)].length).toBeGreaterThanOrEqual(3);
    });
  }
});

test('every challenge is embedded in a lesson', () => {
  const embedded = new Set(
    lessons.flatMap((l) => [...l.text.matchAll(/<Sandbox[^>]*\bchallenge="([^"]+)"/g)].map((m) => m[1])),
  );
  expect([...challengeIds].filter((id) => !embedded.has(id))).toEqual([]);
});
