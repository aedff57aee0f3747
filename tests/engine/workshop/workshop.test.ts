import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { readFileSync, readdirSync } from 'node:fs';
import { parse } from 'yaml';
import {
  buildClassView,
  normalizeLearner,
  MAX_CLASS_CODES,
  challengeSchema,
  decodeProgress,
  decodeWorkshop,
  encodeProgress,
  encodeWorkshop,
  MAX_WORKSHOP_LINK_CHARS,
  type Workshop,
} from '../../../src/engine/index.ts';

const shopText = readFileSync('content/scenarios/shop.yaml', 'utf8');
const ingressDir = 'content/challenges/ingress';
const courseChallenge = challengeSchema.parse(
  parse(readFileSync(`${ingressDir}/${readdirSync(ingressDir)[0] ?? ''}`, 'utf8')),
);

function customExercise(id: string, inlineScenario: boolean) {
  return { id, challenge: courseChallenge, ...(inlineScenario ? { scenarioText: shopText } : {}) };
}

const twoExercises: Workshop = {
  title: 'Friday workshop',
  exercises: [{ ref: 'ingress/allow-frontend' }, customExercise('db-lockdown', false)],
};

describe('workshop links', () => {
  test('a workshop survives a round trip through its link', async () => {
    const encoded = await encodeWorkshop(twoExercises);
    if (!encoded.ok) throw new Error(encoded.message);
    expect(encoded.payload).toMatch(/^w1\.[A-Za-z0-9_-]+$/);
    const decoded = await decodeWorkshop(`#${encoded.payload}`);
    expect(decoded).toMatchObject({ ok: true, workshop: twoExercises, id: encoded.id });
  });

  test('a set of 20 custom exercises with their own pasted scenarios still fits in a link', async () => {
    const big: Workshop = {
      title: 'Long day',
      exercises: Array.from({ length: 20 }, (_, i) => customExercise(`ex-${i}`, true)),
    };
    const encoded = await encodeWorkshop(big);
    expect(encoded.ok).toBe(true);
    if (encoded.ok) expect(encoded.payload.length).toBeLessThan(MAX_WORKSHOP_LINK_CHARS);
  });

  test('a set too large for a link is refused with the size, never cut', async () => {
    const noise = Array.from({ length: 3000 }, (_, i) => `# line ${i} ${Math.sin(i).toString(36)}`).join(
      '\n',
    );
    const huge: Workshop = {
      title: 'Too much',
      exercises: Array.from({ length: 12 }, (_, i) => ({
        ...customExercise(`ex-${i}`, false),
        scenarioText: `${noise}\n${i}`,
      })),
    };
    const encoded = await encodeWorkshop(huge);
    expect(encoded.ok).toBe(false);
    if (!encoded.ok) expect(encoded.message).toMatch(/needs a link of [\d,]+ characters/);
  });

  test.each([
    ['', 'empty'],
    ['v1.abc', 'unknown-version'],
    ['w1.@@@', 'bad-encoding'],
    ['w1.AAAA', 'bad-compression'],
  ])('a damaged link %j is reported as %s', async (payload, reason) => {
    const decoded = await decodeWorkshop(payload);
    expect(decoded).toMatchObject({ ok: false, reason });
  });

  test('a truncated link is reported as damaged', async () => {
    const encoded = await encodeWorkshop(twoExercises);
    if (!encoded.ok) throw new Error(encoded.message);
    const decoded = await decodeWorkshop(encoded.payload.slice(0, encoded.payload.length - 7));
    expect(decoded.ok).toBe(false);
  });
});

describe('progress codes and the class view', () => {
  test('a progress code round-trips and is bound to its workshop', async () => {
    const code = await encodeProgress({
      workshop: '0a1b2c3d',
      learner: '  Ada ',
      statuses: ['solved', 'help', 'open'],
    });
    expect(code.length).toBeLessThan(80);
    expect(await decodeProgress(code, '0a1b2c3d')).toEqual({
      ok: true,
      report: { workshop: '0a1b2c3d', learner: 'Ada', statuses: ['solved', 'help', 'open'] },
    });
    expect(await decodeProgress(code, 'ffffffff')).toMatchObject({ ok: false, reason: 'other-workshop' });
  });

  test('the class view shows two reports under one name as two marked rows, and lists bad lines', async () => {
    const w = '0a1b2c3d';
    const ada = await encodeProgress({ workshop: w, learner: 'Ada', statuses: ['solved', 'open'] });
    const codes = [
      ada,
      await encodeProgress({ workshop: w, learner: 'Grace', statuses: ['help', 'help'] }),
      'not-a-code',
      await encodeProgress({ workshop: w, learner: 'Ada', statuses: ['open', 'solved'] }),
      ada,
    ];
    const view = await buildClassView(codes.join('\n'), w, 2);
    expect(view.rows).toEqual([
      { learner: 'Ada', statuses: ['solved', 'open'], solved: 1, withHelp: 0, sameName: 2 },
      { learner: 'Ada', statuses: ['open', 'solved'], solved: 1, withHelp: 0, sameName: 2 },
      { learner: 'Grace', statuses: ['help', 'help'], solved: 0, withHelp: 2, sameName: 1 },
    ]);
    expect(view.problems.map((p) => p.line)).toEqual([3]);
    expect(view.problems[0]?.message).toMatch(/not a progress code/);
  });

  test('names that only look alike are one name: NFKC, zero-width characters removed', async () => {
    const w = '0a1b2c3d';
    const plain = await encodeProgress({ workshop: w, learner: 'Ada', statuses: ['solved'] });
    const disguised = await encodeProgress({ workshop: w, learner: 'A\u200Bd\uFF41', statuses: ['open'] });
    const view = await buildClassView(`${plain}\n${disguised}`, w, 1);
    expect(view.rows.map((r) => [r.learner, r.sameName])).toEqual([
      ['Ada', 2],
      ['Ada', 2],
    ]);
    expect(normalizeLearner(' \u200B ')).toBe('Anonymous');
  });

  test('a code with more exercises than the workshop is refused', async () => {
    const w = '0a1b2c3d';
    const long = await encodeProgress({
      workshop: w,
      learner: 'Ada',
      statuses: ['solved', 'solved', 'solved'],
    });
    const view = await buildClassView(long, w, 2);
    expect(view.rows).toEqual([]);
    expect(view.problems[0]?.message).toBe(
      'This progress code has 3 exercises; this workshop has 2. It was made for another version of the workshop.',
    );
  });

  test('junk is capped: at most 1,000 codes read and 20 problems listed, the rest counted', async () => {
    const view = await buildClassView(
      Array.from({ length: 5_000 }, (_, i) => `junk${i}`).join(' '),
      '0a1b2c3d',
      1,
    );
    expect(view.problems).toHaveLength(20);
    expect(view.moreProblems).toBe(MAX_CLASS_CODES - 20);
    expect(view.unread).toBe(5_000 - MAX_CLASS_CODES);
  });

  test('problems carry the line of their code, across blank lines, CRLF and several codes on a line', async () => {
    const view = await buildClassView('p1.a\r\n\r\n  p1.b p1.c\n\np9.d', '0a1b2c3d', 1);
    expect(view.problems.map((p) => p.line)).toEqual([1, 3, 3, 5]);
    expect(view.unread).toBe(0);
  });

  test('200,000 junk lines: the codes past the limit are counted, not read', async () => {
    const view = await buildClassView(
      Array.from({ length: 200_000 }, () => 'p1.junk').join('\n'),
      '0a1b2c3d',
      1,
    );
    expect(view.problems).toHaveLength(20);
    expect(view.problems.at(-1)?.line).toBe(20);
    expect(view.moreProblems).toBe(MAX_CLASS_CODES - 20);
    expect(view.unread).toBe(200_000 - MAX_CLASS_CODES);
  });

  test('a page can share the thread: the pause it passes is awaited every 25 codes', async () => {
    let pauses = 0;
    await buildClassView(Array.from({ length: 100 }, () => 'p1.junk').join('\n'), '0a1b2c3d', 1, {
      pause: () => {
        pauses += 1;
        return Promise.resolve();
      },
    });
    expect(pauses).toBe(4);
  });

  test('decoding arbitrary text never throws and never pollutes prototypes', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string(),
          fc.string().map((s) => `p1.${s}`),
          fc.base64String().map((s) => `p1.${s.replace(/=/g, '')}`),
        ),
        async (text) => {
          const decoded = await decodeProgress(text);
          expect(typeof decoded.ok).toBe('boolean');
          expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
        },
      ),
      { numRuns: 2000 },
    );
  });

  test('every report round-trips (its name normalised)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.stringMatching(/^[0-9a-f]{8}$/),
        fc.string({ maxLength: 80 }).filter((s) => s.trim() !== ''),
        fc.array(fc.constantFrom('solved' as const, 'help' as const, 'open' as const), {
          minLength: 1,
          maxLength: 60,
        }),
        async (workshop, learner, statuses) => {
          const decoded = await decodeProgress(await encodeProgress({ workshop, learner, statuses }));
          expect(decoded).toEqual({
            ok: true,
            report: { workshop, learner: normalizeLearner(learner).slice(0, 80), statuses },
          });
        },
      ),
      { numRuns: 500 },
    );
  });
});
